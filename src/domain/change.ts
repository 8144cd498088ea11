import type { Signal } from './detection/rule.js';
import type { OwnershipSource } from './ownership.js';
import type { RiskTier } from './policy.js';
import type { ChangeStatus } from './signoff-state.js';

/** How every view names a change: enough to show it and link to it. */
export interface ChangeHeading {
  changeId: number;
  repo: string;
  number: number;
  title: string;
  url: string;
  author: string;
}

/** A pull request as GitHub's payload describes it at one moment. */
export interface PullSnapshot {
  repo: string;
  number: number;
  url: string;
  title: string;
  author: string;
  head_sha: string;
  head_ref: string;
  base_ref: string;
  draft: boolean;
  additions: number;
  deletions: number;
  changed_files: number;
  closed: boolean;
  merged: boolean;
  installation_id: number | null;
}

/** What Countersign concluded about that snapshot. */
export interface Assessment {
  ai_assisted: boolean;
  signals: Signal[];
  commits_read: boolean;
  owning_teams: string[];
  ownership: { source: OwnershipSource; lines: { path: string; line: number; owners: string[] }[]; unmapped: string[] };
  risk_tier: RiskTier;
  risk_reasons: string[];
  required_signoffs: number;
  committers: string[];
}

/** A tracked change: the latest snapshot, its assessment and where it stands. */
export interface Change extends PullSnapshot, Assessment {
  id: number;
  status: ChangeStatus;
  revision: number;
  /** When the review request first went out (null: not yet: draft or not AI-assisted). */
  requested_at: string | null;
  opened_at: string;
  updated_at: string;
}
