import type { AccountableAuthor } from './accountability/requester.js';
import type { Explanation } from './accountability/explanation.js';
import type { RevertTargets } from './accountability/revert.js';
import type { SplitPart } from './accountability/split.js';
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
  /** The commit the merge made (merged pull requests only). */
  merge_commit_sha?: string | null;
}

/** What Countersign concluded about that snapshot. */
export interface Assessment {
  ai_assisted: boolean;
  signals: Signal[];
  commits_read: boolean;
  /** What detection did not read (over GitHub's limits), one phrase each; absent when it read everything. */
  detection_cut?: string[];
  owning_teams: string[];
  ownership: { source: OwnershipSource; lines: { path: string; line: number; owners: string[] }[]; unmapped: string[] };
  risk_tier: RiskTier;
  risk_reasons: string[];
  required_signoffs: number;
  committers: string[];
  /** Who asked the agent that opened it, or the PR author (issue 15). */
  requester: AccountableAuthor;
  /** How it could be split when it is over the reviewable size. */
  split: SplitPart[] | null;
  /** What it reverts (GitHub revert pull requests, `git revert` commits). */
  reverts: RevertTargets;
  /** A complete explanation in the pull request body, when there is one. */
  explanation_in_body?: Explanation | null;
}

/** The author's explanation as recorded: for which head, when, and where it was given. */
export interface GivenExplanation {
  answers: Explanation;
  head_sha: string;
  at: string;
  source: 'body' | 'chat';
  by: string;
}

/** A tracked change: the latest snapshot, its assessment and where it stands. */
export interface Change extends PullSnapshot, Assessment {
  id: number;
  status: ChangeStatus;
  revision: number;
  /** When the review request first went out (null: not yet: draft or not AI-assisted). */
  requested_at: string | null;
  explanation: GivenExplanation | null;
  /** The commit a merge made on the base branch (what `git revert` names). */
  merge_commit_sha: string | null;
  opened_at: string;
  updated_at: string;
}
