import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { DEFAULT_RULES } from '../domain/detection/index.js';
import { ConfigError, formatPath, type ConfigProblem } from './errors.js';
import { interpolate } from './interpolate.js';
import { locateConfig, type LocateOptions } from './locate.js';
import { exampleFor } from './examples.js';
import { configSchema, type ParsedConfig } from './schema.js';
import { suggest } from './suggest.js';

export type Config = DeepReadonly<ParsedConfig & { source: string | null }>;
type DeepReadonly<T> = T extends (infer U)[] ? readonly DeepReadonly<U>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

export type ConfiguredTeam = Config['teams'][number];

export { DEFAULT_CONFIG_FILE } from './locate.js';

/** Conventional environment variables; they win over the file. */
const ENV_OVERRIDES: readonly [string, readonly string[]][] = [
  ['PORT', ['server', 'port']],
  ['HOST', ['server', 'host']],
  ['PUBLIC_URL', ['server', 'public_url']],
  ['DATABASE_URL', ['database', 'url']],
  ['GITHUB_APP_ID', ['github', 'app_id']],
  ['GITHUB_PRIVATE_KEY', ['github', 'private_key']],
  ['GITHUB_PRIVATE_KEY_PATH', ['github', 'private_key_path']],
  ['GITHUB_WEBHOOK_SECRET', ['github', 'webhook_secret']],
  ['GITHUB_WEBHOOK_SECRET_PREVIOUS', ['github', 'previous_webhook_secret']],
  ['GITHUB_API_URL', ['github', 'api_url']],
  ['LOG_LEVEL', ['log_level']],
  ['SLACK_BOT_TOKEN', ['slack', 'bot_token']],
  ['SLACK_SIGNING_SECRET', ['slack', 'signing_secret']],
  ['SLACK_APP_TOKEN', ['slack', 'app_token']],
  ['SLACK_API_URL', ['slack', 'api_url']],
  ['COUNTERSIGN_PLAYGROUND_TOKEN', ['playground', 'access_token']],
  // The Bot Framework's own names, as Azure's templates and App Service settings use them.
  ['MicrosoftAppId', ['microsoft_teams', 'app_id']],
  ['MicrosoftAppPassword', ['microsoft_teams', 'app_password']],
  ['MicrosoftAppTenantId', ['microsoft_teams', 'tenant_id']],
  ['MicrosoftAppType', ['microsoft_teams', 'app_type']],
];

export type LoadOptions = LocateOptions;

/** Read, interpolate, validate and freeze the configuration. Throws ConfigError. */
export function loadConfig(options: LoadOptions = {}): Config {
  const { env = process.env, cwd = process.cwd() } = options;
  const file = readConfigFile(options);
  return parseConfig(file?.text ?? null, { source: file?.path ?? null, env, cwd });
}

/** The config file's text, or null for embedded defaults; a named file that is missing is a ConfigError. */
function readConfigFile(options: LoadOptions): { path: string; text: string } | null {
  const { explicit, file } = locateConfig(options);
  if (file === null) return null;
  if (explicit && !existsSync(file)) {
    throw new ConfigError(explicit, [{ path: '', message: `file not found; create it with "countersign init" or point --config at an existing file` }]);
  }
  return { path: file, text: readFileSync(file, 'utf8') };
}

/** Parse config text (null: no file, embedded defaults) as loadConfig would. */
export function parseConfig(text: string | null, { source = null, env = process.env, cwd = process.cwd() }: { source?: string | null; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Config {
  const name = source ?? (text === null ? 'the embedded default configuration' : 'the configuration');
  const problems: ConfigProblem[] = [];
  const raw = parseYaml(text, name);
  const interpolated = interpolate(raw, env, problems) as Record<string, unknown>;
  const withEnv = applyEnvOverrides(interpolated, env);
  // A key the environment replaces no longer needs the variable its file value named.
  const overridden = new Set(ENV_OVERRIDES.filter(([v]) => env[v]).map(([, path]) => path.join('.')));
  for (let i = problems.length - 1; i >= 0; i--) if (overridden.has(problems[i]!.path)) problems.splice(i, 1);
  const parsed = configSchema.safeParse(withEnv);
  if (!parsed.success) {
    // A variable that was not set is already reported at its path; don't report its emptiness too.
    const reported = new Set(problems.map((p) => p.path));
    for (const issue of parsed.error.issues) {
      const problem = describeIssue(issue);
      if (!reported.has(problem.path)) problems.push(problem);
    }
    throw new ConfigError(name, problems);
  }
  const config = { ...parsed.data, source };
  problems.push(...crossCheck(config), ...resolvePrivateKey(config, cwd));
  if (problems.length > 0) throw new ConfigError(name, problems);
  return deepFreeze(config) as Config;
}

export type DatabaseSettings = Config['database'];

/**
 * Only the database settings (the file's `database` section, then DATABASE_URL): what
 * commands that only read the audit trail need. The rest of the file is not checked,
 * so an auditor needs no Slack or GitHub secrets. Throws ConfigError.
 */
export function loadDatabaseSettings(options: LoadOptions = {}): DatabaseSettings {
  const { env = process.env } = options;
  const file = readConfigFile(options);
  const name = file?.path ?? 'the embedded default configuration';
  const raw = parseYaml(file?.text ?? null, name);
  const problems: ConfigProblem[] = [];
  const section = interpolate({ database: raw.database }, env, problems) as Record<string, unknown>;
  const withEnv = applyEnvOverrides(section, env);
  if (env.DATABASE_URL) problems.length = 0;
  const parsed = configSchema.shape.database.safeParse(withEnv.database);
  if (!parsed.success) problems.push(...parsed.error.issues.map((issue) => describeIssue({ ...issue, path: ['database', ...issue.path] })));
  if (problems.length > 0 || !parsed.success) throw new ConfigError(name, problems);
  return Object.freeze(parsed.data);
}

function parseYaml(text: string | null, name: string): Record<string, unknown> {
  if (text === null) return {};
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) throw new ConfigError(name, doc.errors.map((e) => ({ path: '', message: `YAML: ${e.message}` })));
  const raw: unknown = doc.toJS() ?? {};
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new ConfigError(name, [{ path: '', message: 'must be a YAML mapping of settings' }]);
  return raw as Record<string, unknown>;
}

function applyEnvOverrides(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): Record<string, unknown> {
  const out = structuredClone(raw);
  for (const [variable, [section, key]] of ENV_OVERRIDES) {
    const value = env[variable];
    if (value === undefined || value === '') continue;
    if (key === undefined) { out[section!] = value; continue; }
    const target = (out[section!] ??= {}) as Record<string, unknown>;
    if (typeof target !== 'object' || target === null) continue;
    target[key] = value;
    // An env key replaces the file's other form of the same secret.
    if (key === 'private_key') delete target.private_key_path;
    if (key === 'private_key_path') delete target.private_key;
  }
  return out;
}

type ZodIssue = { code: string; path: PropertyKey[]; message: string; keys?: string[]; issues?: { message: string }[]; expected?: string; options?: unknown[] };

function describeIssue(issue: ZodIssue): ConfigProblem {
  const path = formatPath(issue.path);
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    return {
      path,
      message: issue.keys.map((k) => `unknown key "${k}"${suggest(k, knownKeysAt(issue.path))}`).join('; ') +
        '; remove it or check the spelling (see the configuration reference in the README)',
    };
  }
  if (issue.code === 'invalid_key' && issue.issues?.[0]) {
    const key = String(issue.path.at(-1));
    return { path: formatPath(issue.path.slice(0, -1)), message: `key "${key}" ${issue.issues[0].message}` };
  }
  const key = issue.path.length > 0 ? String(issue.path.at(-1)) : undefined;
  if (issue.code === 'invalid_type') {
    const missing = / received undefined$/.test(issue.message);
    const example = exampleFor(key, issue.expected);
    const what = missing ? 'is missing' : `must be ${TYPE_NAMES[issue.expected ?? ''] ?? issue.expected}, not ${issue.message.replace(/^.* received /, '')}`;
    return { path, message: example ? `${what}; write ${example}` : what };
  }
  if (issue.code === 'invalid_union' && issue.message.includes('discriminator')) {
    return { path, message: `is missing or unknown; write ${exampleFor(key, undefined) ?? issue.message}` };
  }
  return { path, message: issue.message.replace(/^Invalid input: /, '') };
}

const TYPE_NAMES: Record<string, string> = { array: 'a list', string: 'text', number: 'a number', boolean: 'true or false', object: 'a mapping of settings' };

/** The keys the schema allows at `path`, to suggest the one a typo meant. */
function knownKeysAt(path: PropertyKey[]): string[] {
  let schema = unwrap(configSchema);
  for (const key of path) schema = unwrap(typeof key === 'number' ? schema?.def.element : shapeOf(schema)[String(key)]);
  return Object.keys(shapeOf(schema));
}

type SchemaNode = { def: { type: string; innerType?: SchemaNode; element?: SchemaNode; options?: SchemaNode[] }; shape?: Record<string, SchemaNode> } | undefined;

/** An object's keys; for a union (detection rules), the keys of every option. */
function shapeOf(node: SchemaNode): Record<string, SchemaNode> {
  if (node?.def.type === 'union') return Object.assign({}, ...(node.def.options ?? []).map((o) => shapeOf(unwrap(o))));
  return node?.shape ?? {};
}

function unwrap(node: unknown): SchemaNode {
  let s = node as SchemaNode;
  while (s?.def.innerType) s = s.def.innerType;
  return s;
}

/** Whether a listen address accepts connections from this machine only. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || h === '::ffff:127.0.0.1';
}

function crossCheck(config: ParsedConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const teamNames = new Set<string>();
  config.teams.forEach((team, i) => {
    if (teamNames.has(team.name)) problems.push({ path: `teams[${i}].name`, message: `"${team.name}" is used by another team; team names must be unique` });
    teamNames.add(team.name);
  });
  const teamRef = (path: string, name: string | null) => {
    if (name !== null && !teamNames.has(name)) {
      problems.push({ path, message: `names team "${name}", which is not in teams${suggest(name, [...teamNames])}` });
    }
  };
  for (const [repo, team] of Object.entries(config.ownership.repos)) teamRef(`ownership.repos["${repo}"]`, team);
  teamRef('ownership.fallback_team', config.ownership.fallback_team);

  const ruleIds = new Set(DEFAULT_RULES.map((r) => r.id));
  config.detection.rules.forEach((rule, i) => {
    if (ruleIds.has(rule.id)) problems.push({ path: `detection.rules[${i}].id`, message: `"${rule.id}" is already a rule id; choose another (to replace a default, disable it and add yours)` });
    ruleIds.add(rule.id);
  });
  config.detection.disable.forEach((id, i) => {
    if (!ruleIds.has(id)) problems.push({ path: `detection.disable[${i}]`, message: `no rule has the id "${id}"${suggest(id, [...ruleIds])}` });
  });

  for (const field of ['github', 'slack', 'teams', 'email'] as const) {
    const seen = new Map<string, number>();
    config.people.forEach((p, i) => {
      const value = p[field]?.toLowerCase();
      if (value === undefined) return;
      if (seen.has(value)) problems.push({ path: `people[${i}].${field}`, message: `"${p[field]}" is already linked to people[${seen.get(value)}]; one identity maps to one person` });
      seen.set(value, i);
    });
  }

  const slack = config.slack;
  if (slack.bot_token && !slack.signing_secret && !slack.app_token) problems.push({ path: 'slack.signing_secret', message: 'Slack needs its signing secret to verify requests: set SLACK_SIGNING_SECRET ("Basic Information" page of the Slack app), or SLACK_APP_TOKEN for Socket Mode' });
  if (!slack.bot_token && (slack.signing_secret || slack.app_token)) problems.push({ path: 'slack.bot_token', message: 'Slack is half configured: set SLACK_BOT_TOKEN (xoxb-…, "OAuth & Permissions" page) too' });

  problems.push(...teamsCrossCheck(config.microsoft_teams));

  const pg = config.playground;
  if (pg.enabled !== false && pg.allow_remote && !pg.access_token) problems.push({ path: 'playground.access_token', message: 'a playground reachable from other hosts needs an access token: set COUNTERSIGN_PLAYGROUND_TOKEN (e.g. "openssl rand -hex 24")' });
  if (pg.enabled === true && !isLoopbackHost(config.server.host) && !pg.allow_remote) {
    problems.push({ path: 'playground.allow_remote', message: `server.host "${config.server.host}" accepts connections from other hosts, where anyone could act as any person in the playground; set allow_remote: true and an access_token, or listen on 127.0.0.1` });
  }

  const gh = config.github;
  const hasKey = gh.private_key !== undefined || gh.private_key_path !== undefined;
  if (gh.private_key !== undefined && gh.private_key_path !== undefined) problems.push({ path: 'github.private_key', message: 'set either private_key or private_key_path, not both' });
  if (gh.app_id !== undefined && !hasKey) problems.push({ path: 'github.private_key', message: 'the GitHub App needs its private key: set GITHUB_PRIVATE_KEY_PATH (or github.private_key_path) to the .pem file GitHub gave you' });
  if (gh.app_id === undefined && hasKey) problems.push({ path: 'github.app_id', message: 'a private key is set but no app id: set GITHUB_APP_ID (shown on the GitHub App settings page)' });
  if (gh.app_id === undefined) {
    config.teams.forEach((team, i) => {
      for (const role of ['seniors', 'leads', 'members'] as const) {
        const j = team[role].findIndex((entry) => entry.startsWith('@'));
        if (j >= 0) problems.push({ path: `teams[${i}].${role}[${j}]`, message: `names the GitHub team "${team[role][j]}", whose members are read through the GitHub App: set GITHUB_APP_ID and its private key, or list logins` });
      }
    });
  }
  if (gh.app_id !== undefined && gh.webhook_secret === undefined) problems.push({ path: 'github.webhook_secret', message: 'the GitHub App needs its webhook secret: set GITHUB_WEBHOOK_SECRET to the secret entered on the GitHub App settings page' });
  return problems;
}

function teamsCrossCheck(teams: ParsedConfig['microsoft_teams']): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const half = teams.app_password !== undefined || teams.tenant_id !== undefined;
  if (teams.app_id === undefined) {
    if (half) problems.push({ path: 'microsoft_teams.app_id', message: 'Microsoft Teams is half configured: set MicrosoftAppId to the Azure Bot\'s Microsoft App ID too' });
    return problems;
  }
  if (teams.app_password === undefined) problems.push({ path: 'microsoft_teams.app_password', message: 'the bot needs its client secret: set MicrosoftAppPassword (Entra app registration, "Certificates & secrets")' });
  if (teams.app_type === 'SingleTenant' && teams.tenant_id === undefined) problems.push({ path: 'microsoft_teams.tenant_id', message: 'a single-tenant bot needs its tenant: set MicrosoftAppTenantId (the Entra "Directory (tenant) ID")' });
  return problems;
}

function resolvePrivateKey(config: ParsedConfig, cwd: string): ConfigProblem[] {
  const gh = config.github;
  if (gh.private_key_path !== undefined) {
    try {
      gh.private_key = readFileSync(resolve(cwd, gh.private_key_path), 'utf8');
    } catch (error) {
      return [{ path: 'github.private_key_path', message: `cannot read ${gh.private_key_path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` }];
    }
  }
  if (gh.private_key !== undefined) {
    // Environments often carry PEM text with literal "\n" sequences.
    gh.private_key = gh.private_key.replace(/\\n/g, '\n');
    if (!/-----BEGIN (RSA )?PRIVATE KEY-----/.test(gh.private_key)) {
      return [{ path: 'github.private_key', message: 'is not a PEM private key (it should start with "-----BEGIN RSA PRIVATE KEY-----")' }];
    }
  }
  return [];
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
