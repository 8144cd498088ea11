/**
 * The configuration, end to end through parseConfig / loadConfig: embedded defaults,
 * interpolation, conventional environment variables, and every validation error,
 * each of which must name the key path an operator has to fix.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, it, expect } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { loadConfig, parseConfig, type Config } from '../../src/config/load.js';

// ---------------------------------------------------------------- helpers

const tempDirs: string[] = [];
afterAll(() => { for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true }); });

/** A fresh directory holding `files` (name → contents). */
function tempDir(files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'countersign-config-'));
  tempDirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Parse with only `env` as the environment and an empty temp dir as cwd. */
function parse(text: string | null, env: NodeJS.ProcessEnv = {}, cwd = tempDir()): Config {
  return parseConfig(text, { env, cwd });
}

/** The ConfigError a parse throws (fails the test if it does not throw one). */
function errorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError, but the configuration was accepted');
}

const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAtest\n-----END RSA PRIVATE KEY-----\n';
/** How PEM text arrives in many environments: one line with literal `\n` sequences. */
const PEM_ONE_LINE = PEM.replace(/\n/g, '\\n');

const team = (name: string, extra = '') => `  - name: ${name}\n    seniors: [octocat]\n${extra}`;

/** Every nested object and array of `value` is frozen. */
function expectDeeplyFrozen(value: unknown, at = 'config'): void {
  if (value === null || typeof value !== 'object') return;
  expect(Object.isFrozen(value), `${at} is frozen`).toBe(true);
  for (const [key, inner] of Object.entries(value)) expectDeeplyFrozen(inner, `${at}.${key}`);
}

// ---------------------------------------------------------------- defaults

describe('embedded defaults (no file)', () => {
  it('parseConfig(null) gives SQLite under ./data, port 3000 on 127.0.0.1, info logs', () => {
    const config = parse(null);
    expect(config.source).toBeNull();
    expect(config.database.url).toBe('sqlite:./data/countersign.db');
    expect(config.server).toEqual({ port: 3000, host: '127.0.0.1' });
    expect(config.log_level).toBe('info');
    expect(config.github).toEqual({ api_url: 'https://api.github.com' });
    expect(config.detection).toEqual({ use_defaults: true, disable: [], rules: [] });
    expect(config.teams).toEqual([]);
    expect(config.ownership).toEqual({ use_codeowners: true, repos: {}, fallback_team: null });
    expect(config.risk).toEqual({
      critical_paths: [], reviewable_lines: 400, reviewable_files: 40, signoffs_required: { low: 1, medium: 1, high: 2 },
    });
    expect(config.people).toEqual([]);
  });

  it('loadConfig in a directory without countersign.yml uses the embedded defaults', () => {
    const config = loadConfig({ env: {}, cwd: tempDir() });
    expect(config.source).toBeNull();
    expect(config.database.url).toBe('sqlite:./data/countersign.db');
    expect(config.server.port).toBe(3000);
  });

  it('an empty file is the defaults too', () => {
    expect(parse('').server.port).toBe(3000);
    expect(parse('# only a comment\n').database.url).toBe('sqlite:./data/countersign.db');
  });

  it('is frozen deeply: every object and array, and assignments throw in strict mode', () => {
    const config = parse(null);
    expectDeeplyFrozen(config);
    const writable = config as unknown as {
      server: { port: number }; risk: { critical_paths: string[]; signoffs_required: { high: number } };
      detection: { disable: string[] }; log_level: string;
    };
    expect(() => { writable.log_level = 'debug'; }).toThrow(TypeError);
    expect(() => { writable.server.port = 1; }).toThrow(TypeError);
    expect(() => { writable.risk.signoffs_required.high = 1; }).toThrow(TypeError);
    expect(() => { writable.risk.critical_paths.push('x'); }).toThrow(TypeError);
    expect(() => { writable.detection.disable.push('x'); }).toThrow(TypeError);
  });

  it('a parsed file is frozen deeply too (teams, people, rules)', () => {
    const config = parse([
      'teams:', team('core'),
      'people:', '  - { github: octocat, slack: U1 }',
      'risk:', '  critical_paths: ["src/auth/**"]',
      'detection:', '  rules:', '    - { id: my-label, kind: label, tool: Mine, names: [mine] }',
    ].join('\n'));
    expectDeeplyFrozen(config);
    expect(() => { (config.teams[0]!.seniors as string[]).push('x'); }).toThrow(TypeError);
    expect(() => { (config.people[0] as { slack: string }).slack = 'U2'; }).toThrow(TypeError);
  });

  it('one parse does not leak into the next (defaults are not shared mutable state)', () => {
    parse('risk:\n  critical_paths: ["a/**"]\n');
    expect(parse(null).risk.critical_paths).toEqual([]);
  });
});

// ---------------------------------------------------------------- interpolation

describe('${VAR} interpolation', () => {
  const cases: { name: string; yaml: string; env: NodeJS.ProcessEnv; pick: (c: Config) => unknown; want: unknown }[] = [
    { name: '${VAR} from the environment', yaml: 'server:\n  host: "${BIND}"\n', env: { BIND: '0.0.0.0' }, pick: (c) => c.server.host, want: '0.0.0.0' },
    { name: 'inside a longer string', yaml: 'database:\n  url: "postgres://app:${PW}@db:5432/cs"\n', env: { PW: 's3cret' }, pick: (c) => c.database.url, want: 'postgres://app:s3cret@db:5432/cs' },
    { name: '${VAR:-default} when unset', yaml: 'server:\n  host: "${BIND:-0.0.0.0}"\n', env: {}, pick: (c) => c.server.host, want: '0.0.0.0' },
    { name: '${VAR:-default} when set to empty', yaml: 'server:\n  host: "${BIND:-0.0.0.0}"\n', env: { BIND: '' }, pick: (c) => c.server.host, want: '0.0.0.0' },
    { name: '${VAR:-default} when set', yaml: 'server:\n  host: "${BIND:-0.0.0.0}"\n', env: { BIND: '::1' }, pick: (c) => c.server.host, want: '::1' },
    { name: 'a number from a variable is coerced where numbers are', yaml: 'server:\n  port: ${APP_PORT:-8080}\n', env: {}, pick: (c) => c.server.port, want: 8080 },
    { name: 'in an array item', yaml: 'risk:\n  critical_paths: ["${AUTH_DIR}/**"]\n', env: { AUTH_DIR: 'src/auth' }, pick: (c) => c.risk.critical_paths, want: ['src/auth/**'] },
    { name: '$${ is a literal ${', yaml: 'server:\n  public_url: "https://cs.example/$${HOME}"\n', env: { HOME: '/root' }, pick: (c) => c.server.public_url, want: 'https://cs.example/${HOME}' },
    { name: '$${ next to a real variable', yaml: 'server:\n  host: "$${X}-${Y}"\n', env: { Y: 'y' }, pick: (c) => c.server.host, want: '${X}-y' },
    { name: 'an environment value is not interpolated again', yaml: 'server:\n  host: "${BIND}"\n', env: { BIND: '${OTHER}' }, pick: (c) => c.server.host, want: '${OTHER}' },
    { name: 'a lone $ is kept', yaml: 'server:\n  host: "a$b"\n', env: {}, pick: (c) => c.server.host, want: 'a$b' },
  ];
  it.each(cases)('$name', ({ yaml, env, pick, want }) => {
    expect(pick(parse(yaml, env))).toEqual(want);
  });

  it.each([
    { name: 'a nested key', yaml: 'github:\n  webhook_secret: ${WEBHOOK_SECRET}\n', path: 'github.webhook_secret', variable: 'WEBHOOK_SECRET' },
    { name: 'an array item', yaml: 'risk:\n  critical_paths: ["${AUTH_DIR}/**"]\n', path: 'risk.critical_paths[0]', variable: 'AUTH_DIR' },
    { name: 'a field inside a team', yaml: `teams:\n${team('core', '    channels: { slack: "${CORE_CHANNEL}" }\n')}`, path: 'teams[0].channels.slack', variable: 'CORE_CHANNEL' },
    { name: 'a number field (empty would coerce to 0)', yaml: 'server:\n  port: ${APP_PORT}\n', path: 'server.port', variable: 'APP_PORT' },
    { name: 'a variable set to the empty string', yaml: 'server:\n  host: "${BIND}"\n', path: 'server.host', variable: 'BIND', env: { BIND: '' } },
  ])('an unset variable in $name is one error naming its key path', ({ yaml, path: keyPath, variable, env }) => {
    const error = errorOf(() => parse(yaml, env ?? {}));
    expect(error.problems).toHaveLength(1); // not also "must not be empty" at the same path
    expect(error.problems[0]!.path).toBe(keyPath);
    expect(error.problems[0]!.message).toContain(`\${${variable}}`);
    expect(error.message).toContain(`${keyPath}: uses \${${variable}}, but ${variable} is not set`);
  });

  // BUG (src/config/interpolate.ts:10): the doc comment says "`$${` is a literal `${`",
  // but the escape is only recognised when a valid variable name follows, so
  // "$${1}" and "$${not a name}" keep both dollar signs.
  it('$${ is a literal ${ whatever follows it', () => {
    expect(parse('server:\n  host: "cost $${1}"\n').server.host).toBe('cost ${1}');
  });
});

// ---------------------------------------------------------------- environment

describe('conventional environment variables win over the file', () => {
  const keyDir = () => tempDir({ 'keys/app.pem': PEM });
  const FILE = [
    'log_level: warn',
    'server:', '  port: 4000', '  host: 0.0.0.0',
    'database:', '  url: "sqlite:./file.db"',
    'github:', '  app_id: 1', '  private_key: |',
    ...PEM.trimEnd().split('\n').map((l) => `    ${l}`),
    '  webhook_secret: from-file', '  api_url: https://file.example/api',
  ].join('\n');

  it('the file alone is used as written', () => {
    const config = parse(FILE);
    expect(config.log_level).toBe('warn');
    expect(config.server.port).toBe(4000);
    expect(config.github.app_id).toBe(1);
  });

  const cases: { variable: string; value: string; pick: (c: Config) => unknown; want: unknown }[] = [
    { variable: 'PORT', value: '8080', pick: (c) => c.server.port, want: 8080 },
    { variable: 'DATABASE_URL', value: 'postgres://cs:pw@db.internal:5432/countersign', pick: (c) => c.database.url, want: 'postgres://cs:pw@db.internal:5432/countersign' },
    { variable: 'GITHUB_WEBHOOK_SECRET', value: 'from-env', pick: (c) => c.github.webhook_secret, want: 'from-env' },
    { variable: 'GITHUB_APP_ID', value: '424242', pick: (c) => c.github.app_id, want: 424242 },
    { variable: 'GITHUB_API_URL', value: 'https://ghe.example/api/v3', pick: (c) => c.github.api_url, want: 'https://ghe.example/api/v3' },
    { variable: 'LOG_LEVEL', value: 'debug', pick: (c) => c.log_level, want: 'debug' },
  ];
  it.each(cases)('$variable', ({ variable, value, pick, want }) => {
    expect(pick(parse(FILE, { [variable]: value }))).toEqual(want);
  });

  it('an empty variable does not override', () => {
    expect(parse(FILE, { PORT: '', LOG_LEVEL: '' }).server.port).toBe(4000);
  });

  it('they apply with no file at all', () => {
    const config = parse(null, { PORT: '9090', DATABASE_URL: 'sqlite:./elsewhere.db', LOG_LEVEL: 'error' });
    expect(config.server.port).toBe(9090);
    expect(config.database.url).toBe('sqlite:./elsewhere.db');
    expect(config.log_level).toBe('error');
  });

  it('GITHUB_PRIVATE_KEY with literal \\n sequences becomes a multi-line PEM', () => {
    const config = parse(null, { GITHUB_APP_ID: '7', GITHUB_WEBHOOK_SECRET: 's', GITHUB_PRIVATE_KEY: PEM_ONE_LINE });
    expect(config.github.private_key).toBe(PEM);
    expect(config.github.private_key).not.toContain('\\n');
  });

  it('GITHUB_PRIVATE_KEY replaces the file\'s private_key_path (which need not exist)', () => {
    const yaml = 'github:\n  app_id: 7\n  webhook_secret: s\n  private_key_path: ./missing.pem\n';
    const config = parse(yaml, { GITHUB_PRIVATE_KEY: PEM_ONE_LINE });
    expect(config.github.private_key).toBe(PEM);
    expect(config.github.private_key_path).toBeUndefined();
  });

  it('GITHUB_PRIVATE_KEY_PATH is read relative to cwd and replaces the file\'s private_key', () => {
    const config = parse(FILE, { GITHUB_PRIVATE_KEY_PATH: 'keys/app.pem' }, keyDir());
    expect(config.github.private_key_path).toBe('keys/app.pem');
    expect(config.github.private_key).toBe(PEM);
  });

  it('a wrong value from a variable is reported at the key it sets', () => {
    const error = errorOf(() => parse(FILE, { PORT: 'eighty' }));
    expect(error.problems.map((p) => p.path)).toEqual(['server.port']);
    const level = errorOf(() => parse(null, { LOG_LEVEL: 'loud' }));
    expect(level.problems.map((p) => p.path)).toEqual(['log_level']);
  });

  // BUG (src/config/load.ts:61, parseConfig): interpolation runs, and reports unset
  // variables, before the environment overrides are applied, so a file value that
  // GITHUB_WEBHOOK_SECRET replaces still fails start-up when its own ${VAR} is unset.
  it('a variable that overrides a key makes that key\'s unset ${VAR} irrelevant', () => {
    const config = parse('github:\n  webhook_secret: ${MY_SECRET}\n', { GITHUB_WEBHOOK_SECRET: 'from-env' });
    expect(config.github.webhook_secret).toBe('from-env');
  });
});

// ---------------------------------------------------------------- validation

interface ErrorCase {
  name: string;
  yaml: string | null;
  env?: NodeJS.ProcessEnv;
  files?: Record<string, string>;
  /** The key path the (first) problem is reported at; '' is the top level. */
  path: string;
  /** Text the problem's message must contain. */
  says: string | RegExp;
}

const ERROR_CASES: ErrorCase[] = [
  // unknown keys
  { name: 'unknown top-level key, with its near miss', yaml: 'log_levle: debug\n', path: '', says: 'unknown key "log_levle" (did you mean "log_level"?)' },
  { name: 'unknown key in a section', yaml: 'server:\n  prot: 8080\n', path: 'server', says: 'unknown key "prot" (did you mean "port"?)' },
  { name: 'unknown key in an array item', yaml: 'teams:\n  - name: core\n    senoirs: [octocat]\n    seniors: [octocat]\n', path: 'teams[0]', says: 'unknown key "senoirs" (did you mean "seniors"?)' },
  { name: 'unknown key in the second array item', yaml: `teams:\n${team('core')}${team('web', '    time_zon: UTC\n')}`, path: 'teams[1]', says: 'unknown key "time_zon" (did you mean "time_zone"?)' },
  { name: 'unknown key deep in an array item', yaml: `teams:\n${team('core', '    channels: { slak: C1 }\n')}`, path: 'teams[0].channels', says: 'unknown key "slak" (did you mean "slack"?)' },
  { name: 'unknown key in people', yaml: 'people:\n  - { github: octocat, emial: o@example.com }\n', path: 'people[0]', says: 'unknown key "emial" (did you mean "email"?)' },
  { name: 'unknown key without a near miss', yaml: 'frobnicate: true\n', path: '', says: /unknown key "frobnicate"; remove it/ },

  // wrong types
  { name: 'port that is not a number', yaml: 'server:\n  port: eighty\n', path: 'server.port', says: 'must be a number, not NaN; write port: 3000' },
  { name: 'port out of range', yaml: 'server:\n  port: 70000\n', path: 'server.port', says: '65535' },
  { name: 'reviewable_lines as a string', yaml: 'risk:\n  reviewable_lines: "400"\n', path: 'risk.reviewable_lines', says: 'must be a number, not string; write reviewable_lines: 10 (a number)' },
  { name: 'a boolean as a string', yaml: 'detection:\n  use_defaults: "yes"\n', path: 'detection.use_defaults', says: 'must be true or false, not string; write use_defaults: true (or false)' },
  { name: 'teams as a mapping', yaml: 'teams:\n  core: {}\n', path: 'teams', says: 'must be a list, not object; write teams: [{ name: payments, seniors: [octocat] }]' },
  { name: 'critical_paths as a string', yaml: 'risk:\n  critical_paths: "src/**"\n', path: 'risk.critical_paths', says: 'must be a list, not string; write critical_paths: [first, second] (a list)' },
  { name: 'signoffs_required below 1', yaml: 'risk:\n  signoffs_required: { high: 0 }\n', path: 'risk.signoffs_required.high', says: '1' },
  { name: 'unknown log level', yaml: 'log_level: loud\n', path: 'log_level', says: '"info"' },
  { name: 'a database URL of another kind', yaml: 'database:\n  url: mysql://db/cs\n', path: 'database.url', says: 'must start with "sqlite:"' },
  { name: 'a relative public URL', yaml: 'server:\n  public_url: countersign.example.com\n', path: 'server.public_url', says: 'must be an absolute URL' },
  { name: 'a senior that is not a GitHub login', yaml: 'teams:\n  - name: core\n    seniors: ["Jane Doe"]\n', path: 'teams[0].seniors[0]', says: 'must be a GitHub login' },
  { name: 'a team that does not list its seniors', yaml: 'teams:\n  - name: core\n', path: 'teams[0].seniors', says: 'is missing; write seniors: [octocat, hubot] (the GitHub logins of who may sign off)' },
  { name: 'a ladder step without its delay', yaml: `teams:\n${team('core', '    escalation: { steps: [{ target: thread }] }\n')}`, path: 'teams[0].escalation.steps[0].after', says: 'is missing; write after: 4h' },
  { name: 'a detection rule without a kind', yaml: 'detection:\n  rules:\n    - { id: x, tool: t, names: [a] }\n', path: 'detection.rules[0].kind', says: 'write kind: label (or author' },
  { name: 'a team without seniors', yaml: 'teams:\n  - name: core\n    seniors: []\n', path: 'teams[0].seniors', says: 'needs at least one senior' },
  { name: 'a team name with capitals', yaml: 'teams:\n  - name: Core\n    seniors: [octocat]\n', path: 'teams[0].name', says: 'must be lower-case' },
  { name: 'an e-mail that is not one', yaml: 'people:\n  - { github: octocat, email: octocat }\n', path: 'people[0].email', says: 'must be an e-mail address' },
  { name: 'a detection rule of an unknown kind', yaml: 'detection:\n  rules:\n    - { id: x, kind: lable, tool: t, names: [a] }\n', path: 'detection.rules[0].kind', says: 'label' },
  { name: 'a detection rule with a bad regex', yaml: 'detection:\n  rules:\n    - { id: x, kind: body, tool: t, pattern: "([a-" }\n', path: 'detection.rules[0].pattern', says: 'is not a valid regular expression' },

  // globs, cron, time zones
  { name: 'an unclosed bracket in a critical path glob', yaml: 'risk:\n  critical_paths: ["src/auth/**", "src/[abc"]\n', path: 'risk.critical_paths[1]', says: 'is not a valid glob' },
  { name: 'an unclosed paren in a critical path glob', yaml: 'risk:\n  critical_paths: ["src/(a|b"]\n', path: 'risk.critical_paths[0]', says: 'is not a valid glob' },
  { name: 'an empty critical path', yaml: 'risk:\n  critical_paths: ["  "]\n', path: 'risk.critical_paths[0]', says: 'must not be empty' },
  { name: 'a cron minute out of range', yaml: `teams:\n${team('core', '    digest_cron: "61 9 * * *"\n')}`, path: 'teams[0].digest_cron', says: 'is not a valid cron expression' },
  { name: 'a cron with too few fields', yaml: `teams:\n${team('core', '    digest_cron: "0 9 *"\n')}`, path: 'teams[0].digest_cron', says: 'is not a valid cron expression' },
  { name: 'a cron in the second team', yaml: `teams:\n${team('core')}${team('web', '    digest_cron: "every morning"\n')}`, path: 'teams[1].digest_cron', says: 'is not a valid cron expression' },
  { name: 'a made-up time zone', yaml: `teams:\n${team('core', '    time_zone: Mars/Olympus_Mons\n')}`, path: 'teams[0].time_zone', says: 'is not an IANA time zone' },
  { name: 'a UTC offset instead of a zone name', yaml: `teams:\n${team('core', '    time_zone: "GMT+25"\n')}`, path: 'teams[0].time_zone', says: 'is not an IANA time zone' },

  // teams and ownership
  { name: 'duplicate team names', yaml: `teams:\n${team('core')}${team('web')}${team('core')}`, path: 'teams[2].name', says: '"core" is used by another team' },
  { name: 'a repo mapped to a missing team, with its near miss', yaml: `teams:\n${team('core')}ownership:\n  repos:\n    acme/api: cor\n`, path: 'ownership.repos["acme/api"]', says: 'names team "cor", which is not in teams (did you mean "core"?)' },
  { name: 'a fallback team that does not exist', yaml: `teams:\n${team('core')}ownership:\n  fallback_team: platform\n`, path: 'ownership.fallback_team', says: 'names team "platform", which is not in teams' },
  { name: 'a fallback team with no teams at all', yaml: 'ownership:\n  fallback_team: core\n', path: 'ownership.fallback_team', says: 'names team "core"' },

  // detection rules
  { name: 'disabling an unknown rule id, with its near miss', yaml: 'detection:\n  disable: [author-copilto]\n', path: 'detection.disable[0]', says: 'no rule has the id "author-copilto" (did you mean "author-copilot"?)' },
  { name: 'disabling an unknown rule id at its index', yaml: 'detection:\n  disable: [branch-codex, trailer-clade]\n', path: 'detection.disable[1]', says: '(did you mean "trailer-claude"?)' },
  { name: 'a custom rule id that collides with a default', yaml: 'detection:\n  rules:\n    - { id: author-copilot, kind: author, tool: Mine, logins: [my-bot] }\n', path: 'detection.rules[0].id', says: '"author-copilot" is already a rule id' },
  { name: 'two custom rules with one id', yaml: 'detection:\n  rules:\n    - { id: mine, kind: label, tool: T, names: [a] }\n    - { id: mine, kind: label, tool: T, names: [b] }\n', path: 'detection.rules[1].id', says: '"mine" is already a rule id' },
  { name: 'a branch rule with neither prefixes nor pattern', yaml: 'detection:\n  rules:\n    - { id: my-branch, kind: branch, tool: Mine }\n', path: 'detection.rules[0]', says: 'a branch rule needs prefixes or a pattern' },

  // people
  { name: 'two people with one Slack id (case-insensitive)', yaml: 'people:\n  - { github: alice, slack: U0123 }\n  - { github: bob, slack: u0123 }\n', path: 'people[1].slack', says: 'is already linked to people[0]' },
  { name: 'two entries for one GitHub login', yaml: 'people:\n  - { github: alice, slack: U1 }\n  - { github: Alice, slack: U2 }\n', path: 'people[1].github', says: 'is already linked to people[0]' },
  { name: 'two people with one e-mail', yaml: 'people:\n  - { github: alice, email: a@example.com }\n  - { github: bob, email: a@example.com }\n', path: 'people[1].email', says: 'is already linked to people[0]' },

  // the GitHub App
  { name: 'app_id without a private key', yaml: 'github:\n  app_id: 123\n  webhook_secret: s\n', path: 'github.private_key', says: 'the GitHub App needs its private key' },
  { name: 'a private key without app_id', yaml: null, env: { GITHUB_PRIVATE_KEY: PEM_ONE_LINE, GITHUB_WEBHOOK_SECRET: 's' }, path: 'github.app_id', says: 'a private key is set but no app id' },
  { name: 'app_id without a webhook secret', yaml: null, env: { GITHUB_APP_ID: '123', GITHUB_PRIVATE_KEY: PEM_ONE_LINE }, path: 'github.webhook_secret', says: 'the GitHub App needs its webhook secret' },
  { name: 'both private_key and private_key_path', yaml: 'github:\n  app_id: 1\n  webhook_secret: s\n  private_key: x\n  private_key_path: ./app.pem\n', files: { 'app.pem': PEM }, path: 'github.private_key', says: 'set either private_key or private_key_path, not both' },
  { name: 'an unreadable private_key_path', yaml: 'github:\n  app_id: 1\n  webhook_secret: s\n  private_key_path: ./keys/missing.pem\n', path: 'github.private_key_path', says: 'cannot read ./keys/missing.pem: ENOENT' },
  { name: 'a private_key_path that is a directory', yaml: 'github:\n  app_id: 1\n  webhook_secret: s\n  private_key_path: ./keys\n', files: { 'keys/readme.txt': 'x' }, path: 'github.private_key_path', says: 'cannot read ./keys: EISDIR' },
  { name: 'a private key that is not PEM', yaml: null, env: { GITHUB_APP_ID: '1', GITHUB_WEBHOOK_SECRET: 's', GITHUB_PRIVATE_KEY: 'not-a-key' }, path: 'github.private_key', says: 'is not a PEM private key' },
  { name: 'a key file that is not PEM', yaml: 'github:\n  app_id: 1\n  webhook_secret: s\n  private_key_path: ./app.pem\n', files: { 'app.pem': 'ssh-rsa AAAA' }, path: 'github.private_key', says: 'is not a PEM private key' },
  { name: 'an app id that is not a number', yaml: null, env: { GITHUB_APP_ID: 'my-app' }, path: 'github.app_id', says: 'must be a number' },

  // the file itself
  { name: 'a YAML file that is a scalar', yaml: 'just some words\n', path: '', says: 'must be a YAML mapping of settings' },
  { name: 'a YAML file that is a list', yaml: '- a\n- b\n', path: '', says: 'must be a YAML mapping of settings' },
  { name: 'YAML bad indentation, with its line', yaml: 'server:\n  port: 3000\n   host: x\n', path: '', says: /YAML: .*line 2/ },
  { name: 'YAML unclosed flow sequence', yaml: 'risk:\n  critical_paths: [a, b\n', path: '', says: 'YAML:' },
  { name: 'YAML duplicate key, with its line', yaml: 'server:\n  port: 1\n  port: 2\n', path: '', says: /YAML: Map keys must be unique at line 3/ },
];

describe('invalid configurations name the key path', () => {
  it.each(ERROR_CASES)('$name → $path', ({ yaml, env, files, path: keyPath, says }) => {
    const error = errorOf(() => parse(yaml, env ?? {}, tempDir(files)));
    expect(error.code).toBe('countersign_config_invalid');
    const problem = error.problems.find((p) => p.path === keyPath);
    expect(problem, `a problem at "${keyPath}" among ${JSON.stringify(error.problems)}`).toBeDefined();
    if (typeof says === 'string') expect(problem!.message).toContain(says);
    else expect(problem!.message).toMatch(says);
    // The thrown message is what an operator reads: it carries the path too.
    expect(error.message).toContain(`  - ${keyPath || '(top level)'}: `);
  });

  it('every schema problem is reported at once, not just the first', () => {
    const error = errorOf(() => parse([
      'server:', '  port: eighty',
      'teams:', team('core', '    digest_cron: nope\n').trimEnd(),
    ].join('\n')));
    expect(error.problems.map((p) => p.path).sort()).toEqual(['server.port', 'teams[0].digest_cron']);
    expect(error.message).toMatch(/^the configuration has 2 problems:/);
  });

  it('the error names the file it came from', () => {
    const dir = tempDir({ 'countersign.yml': 'server:\n  prot: 1\n' });
    const error = errorOf(() => loadConfig({ env: {}, cwd: dir }));
    expect(error.source).toBe(path.join(dir, 'countersign.yml'));
    expect(error.message).toMatch(/countersign\.yml has a problem:\n {2}- server: unknown key "prot"/);
  });

  // BUG (src/config/load.ts:109, knownKeysAt): it walks `shape` and array `element`
  // only, so inside detection.rules (a discriminated union, which has neither) it
  // finds no known keys and a typo in a custom rule gets no "did you mean".
  it('an unknown key in a detection rule suggests its near miss', () => {
    const error = errorOf(() => parse('detection:\n  rules:\n    - { id: mine, kind: label, tool: T, names: [a], nmes: [b] }\n'));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]!.path).toBe('detection.rules[0]');
    expect(error.problems[0]!.message).toContain('unknown key "nmes" (did you mean "names"?)');
  });

  // BUG (src/config/load.ts:105, describeIssue): zod reports a bad record key as
  // `invalid_key` with the real reason nested in `issue.issues`; only the outer
  // "Invalid key in record" is kept, so the operator is not told to write "owner/repo".
  it('an ownership.repos key that is not owner/repo says what it must be', () => {
    const error = errorOf(() => parse(`teams:\n${team('core')}ownership:\n  repos:\n    just-a-repo: core\n`));
    expect(error.problems[0]!.message).toContain('must be "owner/repo"');
  });
});

describe('valid custom detection rules', () => {
  it.each([
    { name: 'a branch rule with a pattern only', rule: '{ id: my-branch, kind: branch, tool: Mine, pattern: "^ai/\\\\d+-" }' },
    { name: 'a branch rule with prefixes only', rule: '{ id: my-branch, kind: branch, tool: Mine, prefixes: ["ai/"] }' },
    { name: 'a branch rule with both', rule: '{ id: my-branch, kind: branch, tool: Mine, prefixes: ["ai/"], pattern: "^bot-" }' },
    { name: 'a trailer rule', rule: '{ id: my-trailer, kind: trailer, tool: Mine, keys: [Made-by], values: [robot] }' },
  ])('$name is accepted', ({ rule }) => {
    const config = parse(`detection:\n  rules:\n    - ${rule}\n`);
    expect(config.detection.rules).toHaveLength(1);
    expect(config.detection.rules[0]!.id).toMatch(/^my-/);
  });

  it('a default may be disabled and replaced under a new id', () => {
    const config = parse('detection:\n  disable: [branch-codex]\n  rules:\n    - { id: branch-codex-strict, kind: branch, tool: OpenAI Codex, pattern: "^codex/[a-z0-9-]+$" }\n');
    expect(config.detection.disable).toEqual(['branch-codex']);
  });

  it('a custom rule id may be disabled', () => {
    const config = parse('detection:\n  disable: [mine]\n  rules:\n    - { id: mine, kind: label, tool: T, names: [a] }\n');
    expect(config.detection.disable).toEqual(['mine']);
  });
});

describe('a complete, valid configuration', () => {
  it('parses with every section and keeps what was written', () => {
    const dir = tempDir({ 'keys/app.pem': PEM });
    const config = parse([
      'log_level: debug',
      'server: { port: 8443, host: 0.0.0.0, public_url: "https://countersign.example.com" }',
      'database: { url: "postgres://cs@db/countersign" }',
      'github: { app_id: 99, private_key_path: keys/app.pem, webhook_secret: "${SECRET}" }',
      'teams:',
      '  - name: payments',
      '    github_teams: ["@acme/payments"]',
      '    channels: { slack: C0PAY, teams: "19:abc@thread.tacv2" }',
      '    seniors: [alice, bob]',
      '    leads: [carol]',
      '    time_zone: Europe/Berlin',
      '    digest_cron: "30 8 * * 1-5"',
      'ownership: { repos: { "acme/payments-api": payments }, fallback_team: payments }',
      'risk: { critical_paths: ["src/billing/**", "**/*.sql"], reviewable_lines: 300 }',
      'people:',
      '  - { github: alice, slack: U0ALICE, email: alice@acme.example }',
      '  - { github: bob, teams: 00000000-0000-0000-0000-000000000001 }',
    ].join('\n'), { SECRET: 'hush' }, dir);
    expect(config.github).toMatchObject({ app_id: 99, webhook_secret: 'hush', private_key: PEM });
    expect(config.teams[0]).toMatchObject({ name: 'payments', github_teams: ['acme/payments'], members: [], time_zone: 'Europe/Berlin' });
    expect(config.ownership.repos).toEqual({ 'acme/payments-api': 'payments' });
    expect(config.risk.signoffs_required).toEqual({ low: 1, medium: 1, high: 2 });
    expect(config.teams[0]!.digest_cron).toBe('30 8 * * 1-5');
  });
});

// ---------------------------------------------------------------- locating the file

describe('loadConfig: which file', () => {
  it('reads ./countersign.yml from cwd when present', () => {
    const dir = tempDir({ 'countersign.yml': 'server:\n  port: 4321\n' });
    const config = loadConfig({ env: {}, cwd: dir });
    expect(config.server.port).toBe(4321);
    expect(config.source).toBe(path.join(dir, 'countersign.yml'));
  });

  it('--config names a file relative to cwd', () => {
    const dir = tempDir({ 'conf/prod.yml': 'server:\n  port: 5000\n', 'countersign.yml': 'server:\n  port: 1\n' });
    const config = loadConfig({ path: 'conf/prod.yml', env: {}, cwd: dir });
    expect(config.server.port).toBe(5000);
    expect(config.source).toBe(path.join(dir, 'conf/prod.yml'));
  });

  it('--config with an absolute path', () => {
    const dir = tempDir({ 'prod.yml': 'server:\n  port: 5001\n' });
    expect(loadConfig({ path: path.join(dir, 'prod.yml'), env: {}, cwd: tempDir() }).server.port).toBe(5001);
  });

  it('--config naming a missing file is an error naming that file (no fallback to defaults)', () => {
    const dir = tempDir({ 'countersign.yml': 'server:\n  port: 1\n' });
    const error = errorOf(() => loadConfig({ path: 'nope/countersign.yml', env: {}, cwd: dir }));
    expect(error.source).toBe('nope/countersign.yml');
    expect(error.problems).toEqual([{ path: '', message: expect.stringContaining('file not found') }]);
    expect(error.message).toMatch(/^nope\/countersign\.yml has a problem:\n {2}- \(top level\): file not found/);
  });

  it('COUNTERSIGN_CONFIG names the file when --config is absent', () => {
    const dir = tempDir({ 'env.yml': 'server:\n  port: 6000\n', 'countersign.yml': 'server:\n  port: 1\n' });
    const config = loadConfig({ env: { COUNTERSIGN_CONFIG: 'env.yml' }, cwd: dir });
    expect(config.server.port).toBe(6000);
    expect(config.source).toBe(path.join(dir, 'env.yml'));
  });

  it('--config wins over COUNTERSIGN_CONFIG', () => {
    const dir = tempDir({ 'env.yml': 'server:\n  port: 6000\n', 'flag.yml': 'server:\n  port: 7000\n' });
    expect(loadConfig({ path: 'flag.yml', env: { COUNTERSIGN_CONFIG: 'env.yml' }, cwd: dir }).server.port).toBe(7000);
  });

  it('COUNTERSIGN_CONFIG naming a missing file is an error', () => {
    const error = errorOf(() => loadConfig({ env: { COUNTERSIGN_CONFIG: 'missing.yml' }, cwd: tempDir() }));
    expect(error.source).toBe('missing.yml');
    expect(error.message).toContain('(top level): file not found');
  });

  it('an empty COUNTERSIGN_CONFIG is ignored', () => {
    const dir = tempDir({ 'countersign.yml': 'server:\n  port: 4444\n' });
    expect(loadConfig({ env: { COUNTERSIGN_CONFIG: '' }, cwd: dir }).server.port).toBe(4444);
  });

  it('environment overrides apply to a loaded file', () => {
    const dir = tempDir({ 'countersign.yml': 'server:\n  port: 4321\n' });
    expect(loadConfig({ env: { PORT: '80' }, cwd: dir }).server.port).toBe(80);
  });

  it('a YAML syntax error in the file names the file and the line', () => {
    const dir = tempDir({ 'countersign.yml': 'teams:\n  - name: core\n    seniors: [octocat\n' });
    const error = errorOf(() => loadConfig({ env: {}, cwd: dir }));
    expect(error.source).toBe(path.join(dir, 'countersign.yml'));
    expect(error.message).toContain('(top level): YAML:');
    expect(error.message).toMatch(/line \d+/);
  });
});

describe('an optional setting written as ${VAR:-}', () => {
  it('is left unset when the variable is not set', () => {
    const config = parseConfig('github:\n  webhook_secret: s\n  previous_webhook_secret: ${OLD_SECRET:-}\nslack:\n  app_token: ${SLACK_APP_TOKEN:-}\n', { env: {} });
    expect(config.github.previous_webhook_secret).toBeUndefined();
    expect(config.slack.app_token).toBeUndefined();
  });
});

// ---------------------------------------------------------------- Microsoft Teams
describe('Microsoft Teams credentials and endpoints', () => {
  const BOT = { MicrosoftAppId: '00000000-0000-4000-8000-0000000000a1', MicrosoftAppPassword: 'secret', MicrosoftAppTenantId: '11111111-2222-4333-8444-555555555555' };

  it('takes the Bot Framework variables, single-tenant and the public cloud by default', () => {
    const t = parse(null, BOT).microsoft_teams;
    expect(t).toMatchObject({ app_id: BOT.MicrosoftAppId, app_password: 'secret', tenant_id: BOT.MicrosoftAppTenantId, app_type: 'SingleTenant' });
    expect(t.auth).toEqual({
      openid_metadata_url: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
      token_issuer: 'https://api.botframework.com', login_url: 'https://login.microsoftonline.com', oauth_scope: 'https://api.botframework.com',
    });
  });

  it('the variables win over the file, and sovereign-cloud endpoints are settings', () => {
    const t = parse('microsoft_teams:\n  app_id: from-file\n  app_type: MultiTenant\n  auth:\n    login_url: https://login.microsoftonline.us\n    oauth_scope: https://api.botframework.us\n', { ...BOT, MicrosoftAppType: 'SingleTenant' }).microsoft_teams;
    expect(t.app_id).toBe(BOT.MicrosoftAppId);
    expect(t.app_type).toBe('SingleTenant');
    expect(t.auth.login_url).toBe('https://login.microsoftonline.us');
    expect(t.auth.oauth_scope).toBe('https://api.botframework.us');
  });

  it('a half-configured bot names what is missing', () => {
    expect(errorOf(() => parse(null, { MicrosoftAppId: BOT.MicrosoftAppId })).message).toMatch(/microsoft_teams\.app_password[\s\S]*MicrosoftAppPassword[\s\S]*microsoft_teams\.tenant_id[\s\S]*MicrosoftAppTenantId/);
    expect(errorOf(() => parse(null, { MicrosoftAppPassword: 'secret' })).message).toMatch(/microsoft_teams\.app_id: Microsoft Teams is half configured/);
    expect(parse(null, { MicrosoftAppId: 'x', MicrosoftAppPassword: 'y', MicrosoftAppType: 'MultiTenant' }).microsoft_teams.tenant_id).toBeUndefined();
  });

  it('refuses an unknown app type and a login host that is not https', () => {
    expect(errorOf(() => parse(null, { ...BOT, MicrosoftAppType: 'UserAssignedMsi' })).message).toMatch(/microsoft_teams\.app_type/);
    expect(errorOf(() => parse('microsoft_teams:\n  auth:\n    login_url: http://login.example\n', BOT)).message).toMatch(/microsoft_teams\.auth\.login_url: must be an https URL/);
  });
});
