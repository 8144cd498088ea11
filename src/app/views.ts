import type { AccountableAuthor } from '../domain/accountability/requester.js';
import type { Explanation } from '../domain/accountability/explanation.js';
import type { SplitPart } from '../domain/accountability/split.js';
import type { Change, ChangeHeading } from '../domain/change.js';
import type { ChangeAction } from './change-action.js';
import type { EvidenceGroup } from './evidence-view.js';
import type { QualityTable } from '../domain/accountability/quality.js';
import type { Notice } from '../domain/effects.js';
import type { RiskTier } from '../domain/policy.js';
import type { ChangeStatus } from '../domain/signoff-state.js';

/**
 * Platform-neutral view models. Every string in them is raw user or GitHub text:
 * each chat adapter escapes it for its own markup when it renders. Views carry the
 * change id and the head SHA they show, so a click can be matched to what was seen.
 */
export interface ReviewRequestView extends ChangeHeading {
  headSha: string;
  headRef: string;
  draft: boolean;
  status: ChangeStatus;
  /** The AI evidence, grouped by tool, one line per kind of signal. */
  evidence: EvidenceGroup[];
  /** The owning team's time zone: every time on the request is shown in it, with the zone. */
  timeZone: string;
  /** false: decided from the webhook payload alone (no GitHub App). */
  commitsRead: boolean;
  /** What detection did not read (over GitHub's limits), one phrase each: shown beside the evidence. */
  notRead: string[];
  additions: number;
  deletions: number;
  changedFiles: number;
  riskTier: RiskTier;
  riskReasons: string[];
  requiredSignoffs: number;
  /** Standing approvals at the head, oldest first. */
  approvals: { reviewer: string; at: string }[];
  /** Who asked for changes at the head, with their reason. */
  changesRequested: { reviewer: string; note: string | null }[];
  /** A lead's break-glass override at the head, with its reason. */
  override: { by: string; reason: string; at: string } | null;
  /** GitHub logins of the seniors who may sign (owning teams' seniors minus author and committers). */
  eligibleSeniors: string[];
  /** GitHub logins of the owning teams' leads (who may override). */
  leads: string[];
  /** The change's revision this view shows: a form opened from it is bound to it. */
  revision: number;
  owningTeams: string[];
  /** When the request went out (ISO), for "waiting 3h". */
  requestedAt: string | null;
  /** The time the view was rendered (ISO): ages are computed from it, not from a clock. */
  renderedAt: string;
  /** Who is accountable: the PR author, or whoever asked the agent (login null: unknown), with the evidence. */
  accountableAuthor?: AccountableAuthor;
  /** Must the author explain the change before a senior signs? */
  explanationRequired?: boolean;
  /** The author's explanation, when given: when, for which head, where. */
  explanation?: (Explanation & { at: string; headSha: string; source: 'body' | 'chat' }) | null;
  /** How an oversized change could be split (null: it need not be). */
  split?: SplitPart[] | null;
}

export type NoticeKind = Notice;

export interface ThreadNoticeView {
  changeId: number;
  kind: NoticeKind;
  /** Who did it (GitHub login), when a person did. */
  actor: string | null;
  headSha: string;
  /** The head a push replaced (superseded notices). */
  previousSha?: string | null;
  note: string | null;
  /** e.g. approvals so far and how many are needed. */
  approvals: number;
  requiredSignoffs: number;
}

/**
 * A direct message to one person about one change: leads on a merge without sign-off,
 * an assignee or seniors when a request escalates, a new assignment, a claim running out.
 */
export interface AlertView {
  kind: 'merged_without_signoff' | 'escalation' | 'assigned' | 'claim_reminder' | 'explanation_needed' | 'reverted' | 'incident';
  /** What happened, in the words of whoever did it (the revert, the incident's reason). */
  note?: string | null;
  /** How long the request has waited, in working minutes (escalations). */
  waitingMinutes?: number;
  changeId: number;
  repo: string;
  number: number;
  title: string;
  url: string;
  headSha: string;
  approvals: number;
  requiredSignoffs: number;
  owningTeams: string[];
  /** The change's revision when the alert was rendered (forms opened from it are bound to it). */
  revision?: number;
  /** What the recipient may do from the alert itself (a lead's direct message offers Override, not Sign off). */
  actions?: ChangeAction[];
}

/** A line of a list answer (pending, mine, home). */
export interface ChangeLine extends ChangeHeading {
  status: ChangeStatus;
  riskTier: RiskTier;
  additions: number;
  deletions: number;
  approvals: number;
  requiredSignoffs: number;
  requestedAt: string | null;
}

export function changeLine(change: Change, approvals: number): ChangeLine {
  return {
    changeId: change.id, repo: change.repo, number: change.number, title: change.title, url: change.url, author: change.author,
    status: change.status, riskTier: change.risk_tier, additions: change.additions, deletions: change.deletions,
    approvals, requiredSignoffs: change.required_signoffs, requestedAt: change.requested_at,
  };
}


/** Answers to `/signoff …` (and the Teams @mention grammar): one shape per question. */
export type QueryAnswer =
  /** `lines` is the first page, oldest first; `total` counts every match, so the answer can say how many were left out. */
  | { kind: 'list'; title: string; lines: ChangeLine[]; empty: string; total?: number }
  | { kind: 'show'; view: ReviewRequestView }
  | { kind: 'why'; view: ReviewRequestView; rule: string; missing: string }
  | { kind: 'audit'; subject: string; events: { seq: number; at: string; actor: string; action: string; summary: string }[] }
  | {
    kind: 'stats'; period: string; signoffs: number; medianSeconds: number | null; oldestPending: ChangeLine | null;
    /** `seconds`: the shortest the reviewer can have looked (form open, or since the request when the form time is unknown). */
    rubberStamps: { line: ChangeLine; reviewer: string; seconds: number; formSeconds?: number | null }[];
    /** Reverts and incidents beside the sign-offs: a quality signal for the rule, not a blame board. */
    quality?: QualityTable & { note: string };
  }
  | { kind: 'help'; text: string[] }
  | { kind: 'done'; message: string }
  | { kind: 'error'; message: string };

/** The viewer's queue, for Slack's App Home (and any platform's equivalent). */
export interface HomeView {
  viewer: string | null;
  /** The oldest few of each queue; the totals count them all (the rest are "…and N more"). */
  maySign: ChangeLine[];
  maySignTotal: number;
  waitingOnOthers: ChangeLine[];
  waitingOnOthersTotal: number;
  recentlySigned: ChangeLine[];
  renderedAt: string;
}

export type { ChangeAction };
