import type { Config, ConfiguredTeam } from '../config/load.js';

type ConfiguredPerson = Config['people'][number];

interface Index {
  teams: Map<string, ConfiguredTeam>;
  people: Map<string, ConfiguredPerson>;
}

/** Built once per (frozen) config: a sweep looks teams and people up thousands of times. */
const indexes = new WeakMap<object, Index>();

function indexOf(config: Pick<Config, 'teams' | 'people'>): Index {
  let index = indexes.get(config);
  if (!index) {
    index = {
      teams: new Map(config.teams.map((t) => [t.name, t])),
      people: new Map(config.people.map((p) => [p.github.toLowerCase(), p])),
    };
    indexes.set(config, index);
  }
  return index;
}

/** The configured team of that name. */
export function teamNamed(config: Pick<Config, 'teams' | 'people'>, name: string): ConfiguredTeam | undefined {
  return indexOf(config).teams.get(name);
}

/** The configured person with that GitHub login (logins are case-insensitive). */
export function personNamed(config: Pick<Config, 'teams' | 'people'>, login: string): ConfiguredPerson | undefined {
  return indexOf(config).people.get(login.toLowerCase());
}
