import type { Config } from '../config/load.js';

type ConfiguredPerson = Config['people'][number];

/**
 * Built once per (frozen) list of teams or people: a sweep or a day's digests look
 * teams and people up thousands of times. Keyed by the list itself, so the config's
 * teams and the policy's (which may be another list) each get their own.
 */
const teamIndexes = new WeakMap<readonly object[], Map<string, unknown>>();
const peopleIndexes = new WeakMap<readonly object[], Map<string, ConfiguredPerson>>();

/** The team of that name, in the config or in a policy built from it. */
export function teamNamed<T extends { name: string }>(config: { teams: readonly T[] }, name: string): T | undefined {
  let index = teamIndexes.get(config.teams);
  if (!index) teamIndexes.set(config.teams, (index = new Map(config.teams.map((t) => [t.name, t]))));
  return index.get(name) as T | undefined;
}

/** The configured person with that GitHub login (logins are case-insensitive). */
export function personNamed(config: Pick<Config, 'people'>, login: string): ConfiguredPerson | undefined {
  let index = peopleIndexes.get(config.people);
  if (!index) peopleIndexes.set(config.people, (index = new Map(config.people.map((p) => [p.github.toLowerCase(), p]))));
  return index.get(login.toLowerCase());
}
