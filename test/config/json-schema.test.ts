/**
 * The config file's JSON Schema (editor completion and checks): the committed
 * manifests/config/countersign.schema.json must be what the code generates, and the
 * schema must agree with the loader on what a config file may contain, as far as JSON
 * Schema can say it. A tiny validator below covers exactly the keywords the schema uses
 * (it throws on any other), so no validator dependency is needed.
 */
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { configJsonSchema } from '../../src/config/json-schema.js';
import { parseConfig } from '../../src/config/load.js';
import { configSchema } from '../../src/config/schema.js';
import { STARTER_CONFIG, starterConfig } from '../../src/config/starter.js';

const COMMITTED = fileURLToPath(new URL('../../manifests/config/countersign.schema.json', import.meta.url));
const REGENERATE = 'regenerate it: npm run build && npm run config-schema';

type Schema = { [key: string]: unknown };
const schema = configJsonSchema() as Schema;

// ---------------------------------------------------------------- a tiny validator

const ANNOTATIONS = new Set(['$schema', '$id', 'title', 'description', 'default', 'format']);
const ASSERTIONS = new Set([
  'type', 'const', 'enum', 'pattern', 'minLength', 'maxLength', 'minimum', 'maximum', 'exclusiveMinimum',
  'minItems', 'items', 'properties', 'required', 'additionalProperties', 'propertyNames', 'anyOf', 'oneOf',
]);

const isObject = (v: unknown): v is Schema => v !== null && typeof v === 'object' && !Array.isArray(v);

function typeMatches(type: string, value: unknown): boolean {
  switch (type) {
    case 'object': return isObject(value);
    case 'array': return Array.isArray(value);
    case 'string': return typeof value === 'string';
    case 'integer': return Number.isInteger(value);
    case 'number': return typeof value === 'number' && Number.isFinite(value);
    case 'boolean': return typeof value === 'boolean';
    case 'null': return value === null;
    default: throw new Error(`tiny validator: unknown type "${type}"`);
  }
}

/** The errors of `value` against `node` ([] when valid), each at a `$.key[0]` path. */
function validate(node: Schema, value: unknown, at = '$'): string[] {
  for (const key of Object.keys(node)) {
    if (!ANNOTATIONS.has(key) && !ASSERTIONS.has(key)) throw new Error(`tiny validator: keyword "${key}" at ${at} is not supported; extend the validator`);
  }
  const errors: string[] = [];
  const fail = (message: string) => { errors.push(`${at}: ${message}`); };
  if (node.type !== undefined) {
    const types = Array.isArray(node.type) ? node.type as string[] : [node.type as string];
    if (!types.some((t) => typeMatches(t, value))) return [`${at}: expected ${types.join(' or ')}`];
  }
  if ('const' in node && value !== node.const) fail(`expected ${JSON.stringify(node.const)}`);
  if (Array.isArray(node.enum) && !node.enum.includes(value)) fail(`expected one of ${node.enum.join(', ')}`);
  if (typeof value === 'string') {
    if (typeof node.pattern === 'string' && !new RegExp(node.pattern, 'u').test(value)) fail(`does not match ${node.pattern}`);
    if (typeof node.minLength === 'number' && [...value].length < node.minLength) fail('too short');
    if (typeof node.maxLength === 'number' && [...value].length > node.maxLength) fail('too long');
  }
  if (typeof value === 'number') {
    if (typeof node.minimum === 'number' && value < node.minimum) fail(`below ${node.minimum}`);
    if (typeof node.maximum === 'number' && value > node.maximum) fail(`above ${node.maximum}`);
    if (typeof node.exclusiveMinimum === 'number' && value <= node.exclusiveMinimum) fail(`not above ${node.exclusiveMinimum}`);
  }
  if (Array.isArray(value)) {
    if (typeof node.minItems === 'number' && value.length < node.minItems) fail(`needs at least ${node.minItems} items`);
    if (isObject(node.items)) value.forEach((item, i) => errors.push(...validate(node.items as Schema, item, `${at}[${i}]`)));
  }
  if (isObject(value)) {
    const properties = (node.properties ?? {}) as Record<string, Schema>;
    for (const key of (node.required ?? []) as string[]) if (!(key in value)) fail(`missing required key "${key}"`);
    for (const [key, item] of Object.entries(value)) {
      if (isObject(node.propertyNames)) errors.push(...validate(node.propertyNames, key, `${at}{${key}}`));
      if (key in properties) errors.push(...validate(properties[key]!, item, `${at}.${key}`));
      else if (node.additionalProperties === false) fail(`unknown key "${key}"`);
      else if (isObject(node.additionalProperties)) errors.push(...validate(node.additionalProperties, item, `${at}.${key}`));
    }
  }
  if (Array.isArray(node.anyOf)) {
    const results = (node.anyOf as Schema[]).map((option) => validate(option, value, at));
    if (!results.some((r) => r.length === 0)) fail(`matches none of anyOf (${results.flat().join('; ')})`);
  }
  if (Array.isArray(node.oneOf)) {
    const results = (node.oneOf as Schema[]).map((option) => validate(option, value, at));
    const matched = results.filter((r) => r.length === 0).length;
    if (matched !== 1) fail(matched === 0 ? `matches none of oneOf (${results.flat().join('; ')})` : `matches ${matched} of oneOf`);
  }
  return errors;
}

const errorsOf = (config: unknown) => validate(schema, config);

/** The schema node at a path of keys. */
function node(...path: string[]): Schema {
  return path.reduce<Schema>((here, key) => {
    const next = here[key];
    if (!isObject(next) && !Array.isArray(next)) throw new Error(`no schema at ${path.join('.')}`);
    return next as Schema;
  }, schema);
}

const TEAM = { name: 'payments', seniors: ['alice'] };

// ---------------------------------------------------------------- the committed file

describe('manifests/config/countersign.schema.json', () => {
  it('is what configJsonSchema() generates (otherwise: npm run build && npm run config-schema)', () => {
    expect(fs.existsSync(COMMITTED), `${COMMITTED} is missing; ${REGENERATE}`).toBe(true);
    const text = fs.readFileSync(COMMITTED, 'utf8');
    expect(JSON.parse(text), `the committed schema is stale; ${REGENERATE}`).toEqual(schema);
    expect(text, `the committed schema is not formatted as generated; ${REGENERATE}`).toBe(`${JSON.stringify(schema, null, 2)}\n`);
  });

  it('identifies itself as a draft 2020-12 schema for the config file', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toEqual(expect.any(String));
    expect(schema.title).toBe('Countersign configuration');
    expect(schema.description).toEqual(expect.any(String));
  });
});

// ---------------------------------------------------------------- the schema's shape

describe('shape', () => {
  it('closes every object that lists its keys (strict objects), so editors flag unknown keys', () => {
    const open: string[] = [];
    const walk = (here: unknown, at: string): void => {
      if (Array.isArray(here)) { here.forEach((item, i) => walk(item, `${at}[${i}]`)); return; }
      if (!isObject(here)) return;
      if (here.type === 'object' && isObject(here.properties) && here.additionalProperties !== false) open.push(at);
      for (const [key, inner] of Object.entries(here)) if (key !== 'default') walk(inner, `${at}.${key}`);
    };
    walk(schema, '$');
    expect(open).toEqual([]);
    expect(schema.additionalProperties).toBe(false);
  });

  it('makes keys with defaults optional (the input side) and requires what has none', () => {
    expect(schema.required).toBeUndefined();
    expect(node('properties', 'teams', 'items', 'required')).toEqual(expect.arrayContaining(['name', 'seniors']));
    expect(node('properties', 'teams', 'items', 'required')).not.toContain('time_zone');
    expect(node('properties', 'people', 'items', 'required')).toEqual(['github']);
    expect(node('properties', 'server', 'properties', 'port').default).toBe(3000);
  });

  it('lists every detection rule kind as one alternative, told apart by kind', () => {
    const kinds = (node('properties', 'detection', 'properties', 'rules', 'items', 'oneOf') as unknown as Schema[])
      .map((rule) => (rule.properties as Record<string, Schema>).kind!.const);
    expect(kinds.sort()).toEqual(['author', 'body', 'branch', 'checkbox', 'commit_author', 'commit_subject', 'label', 'trailer']);
  });

  it('says which keys are only checked at start-up', () => {
    expect(node('properties', 'teams', 'items', 'properties', 'time_zone').description).toMatch(/IANA.*start-up/);
    expect(node('properties', 'risk', 'properties', 'critical_paths', 'items').description).toMatch(/glob/);
  });
});

// ---------------------------------------------------------------- agreement with the loader

/** Configs (as the YAML would hold them, no ${VAR}) on which schema and loader agree. */
const CASES: [string, unknown, boolean][] = [
  ['an empty file', {}, true],
  ['a minimal team', { teams: [TEAM] }, true],
  ['an unknown top-level key (a typo)', { team: [TEAM] }, false],
  ['an unknown key in a section', { server: { prot: 3000 } }, false],
  ['an unknown key in a team', { teams: [{ ...TEAM, senior: ['bob'] }] }, false],
  ['a team without seniors', { teams: [{ name: 'payments' }] }, false],
  ['a team with an empty seniors list', { teams: [{ name: 'payments', seniors: [] }] }, false],
  ['an upper-case team name', { teams: [{ ...TEAM, name: 'Payments' }] }, false],
  ['a senior who is not a GitHub login', { teams: [{ ...TEAM, seniors: ['alice smith'] }] }, false],
  ['an unknown escalation target', { teams: [{ ...TEAM, escalation: { steps: [{ after: '4h', target: 'email' }] } }] }, false],
  ['a malformed working time', { teams: [{ ...TEAM, working_hours: { start: '9am', end: '17:00' } }] }, false],
  ['a port out of range', { server: { port: 70000 } }, false],
  ['a port as a number', { server: { port: 8080 } }, true],
  ['a database URL of another kind', { database: { url: 'mysql://db/countersign' } }, false],
  ['a Postgres database URL', { database: { url: 'postgres://u:p@db/countersign' } }, true],
  ['a label rule', { detection: { rules: [{ id: 'x', kind: 'label', tool: 'T', names: ['ai'] }] } }, true],
  ['a rule of an unknown kind', { detection: { rules: [{ id: 'x', kind: 'colour', tool: 'T' }] } }, false],
  ['a label rule with an author rule\'s key', { detection: { rules: [{ id: 'x', kind: 'label', tool: 'T', names: ['ai'], logins: ['a'] }] } }, false],
  ['a branch rule with neither prefixes nor a pattern', { detection: { rules: [{ id: 'x', kind: 'branch', tool: 'T' }] } }, false],
  ['a branch rule with prefixes', { detection: { rules: [{ id: 'x', kind: 'branch', tool: 'T', prefixes: ['agent/'] }] } }, true],
  ['a repository key that is not owner/repo', { ownership: { repos: { billing: 'payments' } } }, false],
  ['a Slack token of the wrong kind', { slack: { bot_token: 'xoxp-123', signing_secret: 's' } }, false],
  ['an attestation too long', { signoff: { attestations: ['x'.repeat(301)] } }, false],
  ['no attestations at all', { signoff: { attestations: [] } }, false],
];

describe('agrees with the loader', () => {
  it.each(CASES)('%s', (_name, config, valid) => {
    expect(configSchema.safeParse(config).success, 'the loader\'s verdict').toBe(valid);
    const errors = errorsOf(config);
    expect(errors.length === 0, `the JSON Schema's verdict: ${errors.join('; ')}`).toBe(valid);
  });

  it('accepts ${VAR} references where the loader checks the value only after substitution', () => {
    const config = {
      server: { port: '${PORT:-3000}', public_url: '${PUBLIC_URL}' },
      database: { url: '${DATABASE_URL}' },
      github: { app_id: '${GITHUB_APP_ID}', webhook_secret: '${GITHUB_WEBHOOK_SECRET}' },
      slack: { bot_token: '${SLACK_BOT_TOKEN}', signing_secret: '${SLACK_SIGNING_SECRET}', app_token: '${SLACK_APP_TOKEN}' },
      people: [{ github: 'alice', email: '${ALICE_EMAIL}' }],
    };
    expect(errorsOf(config)).toEqual([]);
    const env = {
      PORT: '3000', PUBLIC_URL: 'https://countersign.example.com', DATABASE_URL: 'postgres://db/c', GITHUB_APP_ID: '1',
      GITHUB_PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----\nx\n-----END RSA PRIVATE KEY-----\n', GITHUB_WEBHOOK_SECRET: 'w',
      SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's', SLACK_APP_TOKEN: 'xapp-1', ALICE_EMAIL: 'alice@example.com',
    };
    expect(() => parseConfig(JSON.stringify(config), { env })).not.toThrow();
    // A plain string is still held to the pattern.
    expect(errorsOf({ slack: { bot_token: 'not-a-token' } })).not.toEqual([]);
    expect(errorsOf({ server: { port: 'three thousand' } })).not.toEqual([]);
  });

  it('leaves checks JSON Schema cannot express to start-up (time zones, cron, globs, regular expressions)', () => {
    const config = {
      teams: [{ ...TEAM, time_zone: 'Mars/Olympus_Mons', digest_cron: 'every morning' }],
      risk: { critical_paths: ['src/[unclosed'] },
      detection: { rules: [{ id: 'x', kind: 'body', tool: 'T', pattern: '(' }] },
    };
    expect(errorsOf(config)).toEqual([]);
    expect(configSchema.safeParse(config).success).toBe(false);
  });
});

// ---------------------------------------------------------------- the starter

describe('the starter config (countersign init)', () => {
  it.each([
    ['with a modeline', starterConfig({ modeline: './manifests/config/countersign.schema.json', installed: null })],
    ['without a modeline', starterConfig({ modeline: null, installed: '/opt/countersign/manifests/config/countersign.schema.json' })],
    ['the body alone', STARTER_CONFIG],
  ])('validates against the schema as written, environment references included (%s)', (_name, text) => {
    expect(errorsOf(parseYaml(text))).toEqual([]);
  });
});
