import type { Config } from '../config/load.js';

type ConfiguredPerson = Config['people'][number];

/**
 * Built once per (frozen) list of teams or people: a sweep or a day's digests look
 * teams and people up thousands of times. Keyed by the list itself, so the config's
 * teams and the policy's (which may be another list) each get their own.
 */
const positionIndexes = new WeakMap<readonly object[], Map<string, number>>();
const peopleIndexes = new WeakMap<readonly object[], Map<string, ConfiguredPerson>>();

/** Team name → its position in the list. */
function positionsOf(teams: readonly { name: string }[]): Map<string, number> {
  let positions = positionIndexes.get(teams);
  if (!positions) positionIndexes.set(teams, (positions = new Map(teams.map((t, i) => [t.name, i]))));
  return positions;
}

/** The team of that name, in the config or in a policy built from it. */
export function teamNamed<T extends { name: string }>(config: { teams: readonly T[] }, name: string): T | undefined {
  const position = positionsOf(config.teams).get(name);
  return position === undefined ? undefined : config.teams[position];
}

/**
 * The teams of those names, in the config's order (as filtering the list would give
 * them), looked up rather than found by scanning a thousand teams per change.
 */
export function teamsNamed<T extends { name: string }>(config: { teams: readonly T[] }, names: readonly string[]): T[] {
  const positions = positionsOf(config.teams);
  const found = [...new Set(names)].map((n) => positions.get(n)).filter((i): i is number => i !== undefined);
  return found.sort((a, b) => a - b).map((i) => config.teams[i]!);
}

/** The configured person with that GitHub login (logins are case-insensitive). */
export function personNamed(config: Pick<Config, 'people'>, login: string): ConfiguredPerson | undefined {
  let index = peopleIndexes.get(config.people);
  if (!index) peopleIndexes.set(config.people, (index = new Map(config.people.map((p) => [p.github.toLowerCase(), p]))));
  return index.get(login.toLowerCase());
}

export type TeamRole = 'seniors' | 'leads' | 'members';
type Rostered = { name: string } & Record<TeamRole, readonly string[]>;

/** Lower-case login → the positions of the teams that list it, per role. */
const roleIndexes = new WeakMap<readonly object[], Record<TeamRole, Map<string, number[]>>>();

/**
 * Names of the teams that list `login` (case-insensitive) in any of `roles`, in the
 * config's order. Every command asks this; scanning a thousand teams' rosters each time
 * took half a millisecond of each `/signoff pending` (issue 12).
 */
export function teamsListing(config: { teams: readonly Rostered[] }, login: string, roles: readonly TeamRole[]): string[] {
  let index = roleIndexes.get(config.teams);
  if (!index) roleIndexes.set(config.teams, (index = rosterIndex(config.teams)));
  const me = login.toLowerCase();
  const positions = new Set(roles.flatMap((role) => index[role].get(me) ?? []));
  return [...positions].sort((a, b) => a - b).map((i) => config.teams[i]!.name);
}

function rosterIndex(teams: readonly Rostered[]): Record<TeamRole, Map<string, number[]>> {
  const index: Record<TeamRole, Map<string, number[]>> = { seniors: new Map(), leads: new Map(), members: new Map() };
  teams.forEach((team, position) => {
    for (const role of ['seniors', 'leads', 'members'] as const) {
      for (const login of new Set(team[role].map((l) => l.toLowerCase()))) {
        const listed = index[role].get(login);
        if (listed) listed.push(position);
        else index[role].set(login, [position]);
      }
    }
  });
  return index;
}
