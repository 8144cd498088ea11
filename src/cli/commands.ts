import type { CommandSpec, OptionSpec } from './spec.js';

const config: Record<string, OptionSpec> = {
  config: { type: 'string', short: 'c', value: 'FILE', help: 'the config file (default: $COUNTERSIGN_CONFIG, then ./countersign.yml)' },
};

/**
 * Every command, in the order `--help` lists them. Each `load` is a dynamic import, so
 * a command pays only for the modules it uses. To add a command, add its spec here and
 * a module under src/cli/ that exports `run`.
 */
export const COMMANDS: readonly CommandSpec[] = [
  {
    name: 'init', summary: 'write a commented starter countersign.yml',
    options: {
      out: { type: 'string', short: 'o', value: 'FILE', help: 'where to write it (default: countersign.yml)' },
      force: { type: 'boolean', short: 'f', help: 'replace an existing file' },
    },
    load: () => import('./init.js'),
  },
  {
    name: 'start', summary: 'run the service (webhooks, chat, jobs); applies migrations first',
    options: config,
    load: async () => {
      (await import('./service-memory.js')).favourMemory();
      return import('./start.js');
    },
  },
  {
    name: 'reload', summary: 'make the running service read its config file again (SIGHUP); a bad file is refused and the running config kept',
    options: config,
    load: () => import('./reload.js'),
  },
  {
    name: 'demo', summary: 'the service on sample teams and pull requests, with the local playground as its chat',
    options: {
      fast: { type: 'boolean', help: 'run the clock faster, so escalations and the morning digest arrive within a minute' },
      speed: { type: 'string', value: 'N', help: 'with --fast, how many times faster the clock runs (default: 360)' },
      port: { type: 'string', value: 'N', help: 'listen on port N (default: $PORT, then 3000)' },
    },
    load: () => import('./demo.js'),
  },
  {
    name: 'github-app create', summary: 'register Countersign as a GitHub App through GitHub\'s manifest flow and write its id, key and webhook secret into the config',
    options: {
      ...config,
      org: { type: 'string', value: 'ORG', help: 'create it for this organisation (default: your personal account)' },
      name: { type: 'string', value: 'NAME', help: 'the app\'s name on GitHub (default: Countersign; names are unique across GitHub)' },
      port: { type: 'string', value: 'N', help: 'the local page\'s port (default: any free port)' },
      'github-url': { type: 'string', value: 'URL', help: 'GitHub\'s web address (default: https://github.com; yours for GitHub Enterprise Server)' },
      'api-url': { type: 'string', value: 'URL', help: 'GitHub\'s REST API (default: github.api_url, then https://api.github.com)' },
      force: { type: 'boolean', help: 'replace an existing countersign.private-key.pem' },
    },
    load: () => import('./github-app-create.js'),
  },
  {
    name: 'migrate', summary: 'apply database migrations',
    options: config,
    load: () => import('./migrate.js'),
  },
  {
    name: 'backup', summary: 'copy the SQLite database with SQLite\'s online backup, safe while the service runs',
    options: {
      ...config,
      out: { type: 'string', short: 'o', value: 'FILE', help: 'where to write the copy (must not exist yet)' },
    },
    load: () => import('./backup.js'),
  },
  {
    name: 'doctor', summary: 'check config, database, GitHub App, teams and waiting work; exit 1 on a problem',
    options: config,
    load: () => import('./doctor.js'),
  },
  {
    name: 'audit verify', summary: 'recompute the audit hash chain and name the first bad event (needs only the database settings)',
    options: {
      ...config,
      'expect-head': { type: 'string', value: 'SEQ:HASH', help: 'also check the trail still holds this head (as logged under "audit chain head"), so nothing was cut off the end' },
    },
    load: () => import('./audit-verify.js'),
  },
  {
    name: 'audit export', summary: 'write the audit trail with every hashed field (needs only the database settings)',
    options: {
      ...config,
      format: { type: 'string', value: 'jsonl|csv', help: 'output format (default: jsonl)' },
      since: { type: 'string', value: 'ISO-8601', help: 'only events at or after this time, e.g. 2026-01-31T00:00:00Z' },
      out: { type: 'string', short: 'o', value: 'FILE', help: 'write to FILE instead of standard output' },
    },
    load: () => import('./audit-export.js'),
  },
  {
    name: 'detect', summary: 'explain AI-assistance detection for changes described as JSON (one object, or JSON Lines)',
    options: {
      ...config,
      facts: { type: 'string', value: 'FILE|-', help: 'the JSON facts to read; - for standard input' },
    },
    load: () => import('./detect.js'),
  },
  {
    name: 'owners', summary: 'show the CODEOWNERS line that owns each path, and the configured teams it maps to',
    positionals: 'PATH...',
    options: {
      ...config,
      codeowners: { type: 'string', value: 'FILE', help: 'the CODEOWNERS file to read' },
      repo: { type: 'string', value: 'OWNER/NAME', help: 'the repository, so ownership.repos applies when no CODEOWNERS line maps to a team' },
    },
    load: () => import('./owners.js'),
  },
  {
    name: 'teams package', summary: 'write the Microsoft Teams app package (manifest and icons) an admin uploads',
    options: {
      'app-id': { type: 'string', value: 'GUID', help: 'the Azure Bot\'s Microsoft App ID (default: $MicrosoftAppId)' },
      host: { type: 'string', value: 'HOST', help: 'the public host name the service answers on, e.g. countersign.example.com' },
      out: { type: 'string', short: 'o', value: 'FILE', help: 'where to write the zip (default: countersign-teams.zip)' },
    },
    load: () => import('./teams-package.js'),
  },
];

/** The command `argv` names (two words first, so "audit verify" wins over "audit"), and its arguments. */
export function findCommand(argv: readonly string[]): { spec: CommandSpec; args: string[] } | undefined {
  const [first, second] = argv;
  const two = COMMANDS.find((c) => c.name === `${first} ${second}`);
  if (two) return { spec: two, args: argv.slice(2) };
  const one = COMMANDS.find((c) => c.name === first);
  return one ? { spec: one, args: argv.slice(1) } : undefined;
}

/** The group a partial name such as "audit" starts, to list its sub-commands. */
export function commandGroup(word: string | undefined): CommandSpec[] {
  return word === undefined ? [] : COMMANDS.filter((c) => c.name.startsWith(`${word} `));
}
