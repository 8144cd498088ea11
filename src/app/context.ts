import type { Config } from '../config/load.js';
import { compileRules, effectiveRules, type CompiledRules } from '../domain/detection/index.js';
import type { OwnershipPolicy, Person, RiskPolicy, TeamPolicy } from '../domain/policy.js';
import type { Store } from '../store/db.js';
import type { Logger, SourceHost } from './ports.js';
import type { Roster } from './roster.js';

/**
 * Everything a use case needs. `config` and `policy` are replaced together when the
 * config is reloaded: read them from here at each use, never keep a copy.
 */
export interface AppContext {
  store: Store;
  config: Config;
  policy: Policy;
  /** null: no GitHub App configured; decisions use what the payload carries. */
  sourceHost: SourceHost | null;
  /** The file's config as written, and the members of the GitHub teams it names. */
  roster: Roster;
  log: Logger;
}

export interface Policy {
  rules: CompiledRules;
  teams: readonly TeamPolicy[];
  people: readonly Person[];
  ownership: OwnershipPolicy;
  risk: RiskPolicy;
}

export function policyFrom(config: Config): Policy {
  return {
    rules: compileRules(effectiveRules({
      useDefaults: config.detection.use_defaults,
      disable: config.detection.disable,
      rules: config.detection.rules as Parameters<typeof effectiveRules>[0]['rules'],
    })),
    teams: config.teams,
    people: config.people,
    ownership: config.ownership,
    risk: config.risk,
  };
}
