/**
 * The organisation's policy as the domain sees it. Field names follow the config
 * file (snake_case) so operators and code share one vocabulary.
 */
export interface Person {
  github: string;
  slack?: string | undefined;
  teams?: string | undefined;
  email?: string | undefined;
  /** Away (leave) until this local date, inclusive: not assigned, not chased. */
  away_until?: string | undefined;
}

export interface TeamPolicy {
  name: string;
  /** `org/team` slugs as CODEOWNERS names them (without `@`). */
  github_teams: readonly string[];
  /** GitHub logins who may sign off this team's changes. */
  seniors: readonly string[];
  /** GitHub logins of the team's leads (escalation, overrides). */
  leads: readonly string[];
  /** Other members: a CODEOWNERS `@user` entry maps to every team listing the user. */
  members: readonly string[];
  /** IANA time zone the team reads times in (UTC when absent). */
  time_zone?: string;
  /** When the author must explain a change before a senior signs (absent: never). */
  explanation?: 'off' | 'high' | 'all';
}

export interface OwnershipPolicy {
  use_codeowners: boolean;
  /** `owner/repo` → team name, used when CODEOWNERS names no configured team. */
  repos: Readonly<Record<string, string>>;
  fallback_team: string | null;
}

export type RiskTier = 'low' | 'medium' | 'high';

export interface RiskPolicy {
  /** Globs (picomatch, dotfiles included) of paths whose change is always high risk. */
  critical_paths: readonly string[];
  /** Lines (additions + deletions) one reviewer can read with care in one sitting. */
  reviewable_lines: number;
  /** Files one reviewer can hold in mind in one sitting. */
  reviewable_files: number;
  signoffs_required: Readonly<Record<RiskTier, number>>;
}
