import { z } from 'zod';
import { configSchema } from './schema.js';

/**
 * A JSON Schema (draft 2020-12) for the config file, for editors: completion, hover
 * and red squiggles for unknown keys and wrong types before Countersign ever starts.
 * `manifests/config/countersign.schema.json` is this, committed; regenerate it with
 * `npm run build && npm run config-schema` (a test fails while it is stale).
 *
 * It describes what may be *written*, so it is the schema's input side (`io: 'input'`):
 * a key with a default is optional. It is an editing aid, not the validator; parseConfig
 * stays the authority. Where the two differ:
 *
 * - Checks zod cannot express in JSON Schema (time zones, cron expressions, globs,
 *   regular expressions, working hours in order, cross-references between teams and
 *   rules) are left out; each such key says so in its `description`. Two refinements
 *   that JSON Schema can express are restated here: the database URL's scheme and a
 *   branch rule's "prefixes or a pattern".
 * - `${VAR}` references are resolved before validation, so a value the schema constrains
 *   beyond "a string" (a pattern such as `xoxb-…`, a URL, an e-mail, a coerced number
 *   such as the port) also accepts a string holding a `${VAR}` reference.
 * - Anything zod cannot represent at all becomes `{}` (accept anything) instead of
 *   failing the generation (`unrepresentable: 'any'`).
 *
 * Only draft-07-era keywords are emitted (no `$ref`, `$defs`, `prefixItems` or
 * `unevaluated*`), so older validators in editors read it too.
 */
export const CONFIG_SCHEMA_ID = 'urn:countersign:config';

/** `${VAR}` or `${VAR:-default}` anywhere in the string (see interpolate.ts). */
const ENV_REFERENCE = {
  type: 'string',
  pattern: '\\$\\{[A-Za-z_][A-Za-z0-9_]*(?::-[^}]*)?\\}',
  description: 'A value taken from the environment when Countersign starts: ${VAR} or ${VAR:-default}.',
} as const;

type Json = { [key: string]: unknown };

export function configJsonSchema(): object {
  const generated = z.toJSONSchema(configSchema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      // z.coerce.number(): the loader accepts "3000" as well as 3000, and so `${PORT}`.
      const def = zodSchema._zod.def as { type: string; coerce?: boolean };
      if (def.coerce === true && (def.type === 'number' || def.type === 'bigint')) {
        replace(jsonSchema as Json, orEnvReference(jsonSchema as Json));
      }
    },
  }) as Json;
  // Strip zod's non-enumerable helpers and put the identification first.
  const { $schema, ...body } = JSON.parse(JSON.stringify(generated)) as Json;
  const schema: Json = {
    $schema,
    $id: CONFIG_SCHEMA_ID,
    title: 'Countersign configuration',
    description: 'The countersign.yml file: senior sign-off for AI-assisted pull requests. ' +
      'Every key is optional unless listed as required; see "Configuration reference" in the README. ' +
      'Countersign validates the file again at start-up, including checks this schema cannot express.',
    ...body,
  };
  restateRefinements(schema);
  return allowEnvReferences(schema) as object;
}

/** The refinements (refine/superRefine) that z.toJSONSchema leaves out, by key path. */
function restateRefinements(schema: Json): void {
  const team = at(schema, 'properties', 'teams', 'items');
  describe(at(team, 'properties', 'time_zone'), 'An IANA time zone such as "Europe/Berlin" (checked at start-up).');
  describe(at(team, 'properties', 'digest_cron'), 'When the daily digest goes out: a cron expression with five or six fields, e.g. "0 9 * * 1-5" (checked at start-up).');
  describe(at(team, 'properties', 'working_hours'), 'Local working hours; end must be after start (checked at start-up).');
  describe(at(schema, 'properties', 'risk', 'properties', 'critical_paths', 'items'), 'A glob such as "db/migrations/**" (checked at start-up).');
  describe(at(schema, 'properties', 'ownership', 'properties', 'repos'), 'Repository ("owner/repo") to the name of a team in teams (checked at start-up).');
  describe(at(schema, 'properties', 'ownership', 'properties', 'fallback_team'), 'The team that owns what nothing else assigns: a name in teams, or null (checked at start-up).');

  const url = at(schema, 'properties', 'database', 'properties', 'url');
  url.pattern = '^(sqlite:|postgres(ql)?://)';
  describe(url, '"sqlite:" and a file path, or a postgres:// URL.');

  const rules = at(schema, 'properties', 'detection', 'properties', 'rules', 'items', 'oneOf') as unknown as Json[];
  const rule = (kind: string): Json => {
    const found = rules.find((r) => at(r, 'properties', 'kind').const === kind);
    if (!found) throw new Error(`config JSON Schema: no detection rule of kind "${kind}"; update restateRefinements`);
    return found;
  };
  for (const kind of ['body', 'checkbox', 'commit_subject', 'branch']) {
    describe(at(rule(kind), 'properties', 'pattern'), 'A regular expression (checked at start-up).');
  }
  rule('branch').anyOf = [{ required: ['prefixes'] }, { required: ['pattern'] }];
}

/**
 * Every string the schema constrains beyond its length (pattern, format) also accepts a
 * `${VAR}` reference. Map keys (`propertyNames`) are never interpolated and stay as they are.
 */
function allowEnvReferences(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(allowEnvReferences);
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    out[key] = key === 'propertyNames' || key === 'default' ? value : allowEnvReferences(value);
  }
  const isReference = out.pattern === ENV_REFERENCE.pattern;
  if (out.type === 'string' && (out.pattern !== undefined || out.format !== undefined) && !isReference) return orEnvReference(out);
  return out;
}

/** `{ default, description, anyOf: [node's own check, a ${VAR} reference] }`. */
function orEnvReference(node: Json): Json {
  const { default: fallback, description, ...check } = node;
  return {
    ...(fallback !== undefined ? { default: fallback } : {}),
    ...(description !== undefined ? { description } : {}),
    anyOf: [check, ENV_REFERENCE],
  };
}

function replace(target: Json, value: Json): void {
  for (const key of Object.keys(target)) delete target[key];
  Object.assign(target, value);
}

function describe(node: Json, description: string): void {
  node.description = description;
}

/** The sub-schema at `path`; throws when the schema changed shape, so this file gets updated. */
function at(node: Json, ...path: string[]): Json {
  let here: unknown = node;
  for (const key of path) {
    here = here !== null && typeof here === 'object' ? (here as Json)[key] : undefined;
    if (here === undefined) throw new Error(`config JSON Schema: nothing at ${path.join('.')}; update restateRefinements`);
  }
  return here as Json;
}
