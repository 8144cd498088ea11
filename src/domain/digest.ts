import type { RiskTier } from './policy.js';
import type { ChangeHeading } from './change.js';
import { qualityTable, type QualityTable, type SignedChange, type TracedLink } from './accountability/quality.js';
import { formOpenSeconds, rubberStampFlag } from './accountability/review-time.js';

/**
 * What a team's daily digest says, computed from plain data at `now`. Pure: the app
 * layer selects the rows (with `digestWindowStart(now)` for "the last day") and the
 * team's local date; this decides order, waiting times and rubber-stamp flags.
 */
export interface DigestChange extends ChangeHeading {
  riskTier: RiskTier;
  additions: number;
  deletions: number;
  /** When the review request went out (ISO); null: never asked. */
  requestedAt: string | null;
  assignee: string | null;
  /** Standing approvals (ISO times), with when the sign-off form was opened (null or absent: unknown). */
  approvals: { reviewer: string; at: string; formOpenedAt?: string | null }[];
  status: string;
}

export interface DigestOverride {
  change: DigestChange;
  by: string;
  reason: string;
  at: string;
}

export interface DigestMerge {
  change: DigestChange;
  at: string;
}

/** A revert or an incident linked to one of the team's changes since the previous digest. */
export interface DigestTrace {
  change: DigestChange;
  kind: 'reverted' | 'incident';
  /** The revert (`owner/repo#N`) or the incident's reason. */
  reference: string;
  by: string;
  at: string;
  /** Who had signed off the head that shipped; empty when it was overridden or merged without. */
  signers: string[];
  overriddenBy: string | null;
  mergedWithoutSignoff: boolean;
}

/** The team's quality table over the last `days` days, from the changes signed and the links traced. */
export interface QualityInput {
  days: number;
  signed: readonly SignedChange[];
  links: readonly TracedLink[];
}

export interface DigestInput {
  team: string;
  now: Date;
  /** Open changes awaiting sign-off or with changes requested (the caller may pass only the first `DIGEST_LIST_ITEMS` in digest order). */
  pending: readonly DigestChange[];
  /** How many are waiting in all, when `pending` is only the first of them. */
  pendingTotal?: number;
  /** Signed off in the last day, with their approvals. */
  signedSince: readonly DigestChange[];
  changesRequested: readonly DigestChange[];
  /** How many have changes requested in all, when `changesRequested` is only the first of them. */
  changesRequestedTotal?: number;
  /** Break-glass overrides in the last day. */
  overrides: readonly DigestOverride[];
  /** Merged in the last day without the required sign-off. */
  mergedWithoutSignoff: readonly DigestMerge[];
  /** An approval this many seconds (or fewer) after the request is a rubber stamp… */
  rubberStampSeconds: number;
  /** …when the diff has at least this many changed lines. */
  rubberStampMinLines: number;
  /** senior → open assignments. */
  load: ReadonlyMap<string, number>;
  /** The team's IANA time zone, echoed for the times the digest shows (UTC when absent). */
  timeZone?: string;
  /** Reverts and incidents traced to the team's changes in the last day. */
  traced?: readonly DigestTrace[];
  /** Signed, reverted and linked to incidents per team, senior and tool: a quality signal, not a blame board. */
  quality?: QualityInput;
}

export interface RubberStamp {
  change: DigestChange;
  reviewer: string;
  /** The shortest time the reviewer can have looked: since opening the form, or since the request. */
  seconds: number;
  /** Seconds the form was open, null when unknown. */
  formSeconds: number | null;
}

export interface DigestView {
  team: string;
  /** The team's time zone: times in the digest are shown in it. */
  timeZone: string;
  /** The team's local date (`localDate` from the input, echoed). */
  date: string;
  /** High risk first, then the longest waiting; at most `DIGEST_LIST_ITEMS`. */
  pending: (DigestChange & { waitingMinutes: number })[];
  /** How many are waiting in all: the digest says "and N more" for the rest. */
  pendingTotal: number;
  /** Most recently signed first. */
  signed: DigestChange[];
  /** High risk first, then the longest waiting; at most `DIGEST_LIST_ITEMS`. */
  changesRequested: DigestChange[];
  changesRequestedTotal: number;
  /** Oldest first: they read as a timeline. */
  overrides: DigestOverride[];
  mergedWithoutSignoff: DigestMerge[];
  /** Fastest first. */
  rubberStamps: RubberStamp[];
  /** Oldest first. */
  traced: DigestTrace[];
  /** Null when nothing was signed, reverted or linked in its period. */
  quality: (QualityTable & { days: number }) | null;
  /** Most loaded first, then by name. */
  load: { senior: string; open: number }[];
  /** Nothing to report at all: every list empty and nobody holds an open assignment. */
  empty: boolean;
}

/** How far back "the last day" reaches. */
export const DIGEST_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The start of the digest's window (exclusive): the app uses it to select rows. */
export function digestWindowStart(now: Date): Date {
  return new Date(now.getTime() - DIGEST_WINDOW_MS);
}

/** The risk tiers in digest order (highest first): the store sorts by the same ranks. */
export const RISK_ORDER: Record<RiskTier, number> = { high: 0, medium: 1, low: 2 };

/** The queues a digest lists: an open AI-assisted change waits in one of them. */
export type DigestQueue = 'awaiting' | 'changes_requested';

/**
 * Where a change stands in its teams' queues, in digest order (inDigestOrder): which
 * queue, if any; a rank (risk rank × 2, plus 1 when never requested, so never-requested
 * sorts last within its tier); then its request time and id. Kept beside the change's
 * teams so a digest reads each queue's first few in order instead of sorting them all.
 */
export function queuePlace(change: { status: string; ai_assisted: boolean; risk_tier: string; requested_at: string | null }): { queue: DigestQueue | null; rank: number; requestedAt: string | null } {
  const open = change.ai_assisted && (change.status === 'awaiting' || change.status === 'changes_requested');
  const risk = RISK_ORDER[change.risk_tier as RiskTier] ?? Object.keys(RISK_ORDER).length;
  return { queue: open ? (change.status as DigestQueue) : null, rank: risk * 2 + (change.requested_at === null ? 1 : 0), requestedAt: change.requested_at };
}

/**
 * The open changes a digest lists by name; the rest are counted. A digest is read at a
 * glance, and carrying a team's whole queue made each outbox row megabytes (issue 12).
 */
export const DIGEST_LIST_ITEMS = 25;

export function buildDigest(input: DigestInput & { localDate: string }): DigestView {
  const now = input.now.getTime();
  if (Number.isNaN(now)) throw new RangeError('now is an invalid Date');

  const pending = inDigestOrder(input.pending)
    .slice(0, DIGEST_LIST_ITEMS)
    .map((c) => ({ ...c, waitingMinutes: waitingMinutes(c.requestedAt, now) }));
  const pendingTotal = Math.max(input.pendingTotal ?? 0, input.pending.length);
  const signed = [...input.signedSince].sort((a, b) => latestApproval(b) - latestApproval(a) || a.changeId - b.changeId);
  const changesRequested = inDigestOrder(input.changesRequested).slice(0, DIGEST_LIST_ITEMS);
  const changesRequestedTotal = Math.max(input.changesRequestedTotal ?? 0, input.changesRequested.length);
  const overrides = [...input.overrides].sort((a, b) => time(a.at) - time(b.at) || a.change.changeId - b.change.changeId);
  const mergedWithoutSignoff = [...input.mergedWithoutSignoff].sort((a, b) => time(a.at) - time(b.at) || a.change.changeId - b.change.changeId);
  const rubberStamps = findRubberStamps(input, now);
  const load = [...input.load]
    .filter(([, open]) => Number.isFinite(open))
    .map(([senior, open]) => ({ senior, open }))
    .sort((a, b) => b.open - a.open || compareText(a.senior, b.senior));

  const traced = [...(input.traced ?? [])].sort((a, b) => time(a.at) - time(b.at) || a.change.changeId - b.change.changeId);
  const table = input.quality ? qualityTable(input.quality.signed, input.quality.links) : null;
  const quality = input.quality && table && table.byTeam.length + table.bySenior.length + table.byTool.length > 0 ? { ...table, days: input.quality.days } : null;

  // The quality table alone does not make a day worth reporting: it covers more than the day.
  const empty = pendingTotal === 0 && signed.length === 0 && changesRequestedTotal === 0 && overrides.length === 0
    && mergedWithoutSignoff.length === 0 && rubberStamps.length === 0 && traced.length === 0 && load.every((l) => l.open <= 0);

  return { team: input.team, timeZone: input.timeZone ?? 'UTC', date: input.localDate, pending, pendingTotal, signed, changesRequested, changesRequestedTotal, overrides, mergedWithoutSignoff, rubberStamps, traced, quality, load, empty };
}

/**
 * Approvals given within `rubberStampSeconds` of opening the sign-off form, or of the
 * request, on a diff of at least `rubberStampMinLines` lines (review-time rule). Only
 * approvals inside the digest's window count, so a change that stays pending is not
 * flagged again every day. An approval before the request (a GitHub review before
 * Countersign asked) says nothing about reading time and is not flagged. A change
 * listed in several inputs is looked at once.
 */
function findRubberStamps(input: DigestInput, now: number): RubberStamp[] {
  const since = now - DIGEST_WINDOW_MS;
  const seen = new Set<string>();
  const out: RubberStamp[] = [];
  for (const change of [...input.signedSince, ...input.pending, ...input.changesRequested]) {
    const lines = change.additions + change.deletions;
    if (lines < input.rubberStampMinLines) continue;
    for (const approval of change.approvals) {
      const at = time(approval.at);
      if (Number.isNaN(at) || at <= since || at > now) continue;
      const key = `${change.changeId}\u0000${approval.reviewer.toLowerCase()}\u0000${at}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const formOpenedAt = approval.formOpenedAt ?? null;
      const flag = rubberStampFlag({ lines, requestedAt: change.requestedAt, formOpenedAt, submittedAt: approval.at }, { minLines: input.rubberStampMinLines, maxSeconds: input.rubberStampSeconds });
      if (flag) out.push({ change, reviewer: approval.reviewer, seconds: flag.seconds, formSeconds: formOpenSeconds(formOpenedAt, approval.at) });
    }
  }
  return out.sort((a, b) => a.seconds - b.seconds || a.change.changeId - b.change.changeId || compareText(a.reviewer, b.reviewer));
}

/**
 * High risk first; within a tier the oldest request first; never-requested last. Each
 * change's keys are worked out once, not once per comparison (a day's digests sort a
 * thousand lists).
 */
function inDigestOrder(changes: readonly DigestChange[]): DigestChange[] {
  const unknownRisk = Object.keys(RISK_ORDER).length; // after every known tier, as the store ranks it (queuePlace)
  return changes.map((change) => ({ change, risk: RISK_ORDER[change.riskTier] ?? unknownRisk, requested: requestedOrder(change) }))
    .sort((a, b) => a.risk - b.risk || a.requested - b.requested || a.change.changeId - b.change.changeId)
    .map(({ change }) => change);
}

function requestedOrder(c: DigestChange): number {
  const t = time(c.requestedAt);
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
}

/** Whole minutes since the request, 0 when unknown or in the future (clock skew). */
function waitingMinutes(requestedAt: string | null, now: number): number {
  const t = time(requestedAt);
  return Number.isNaN(t) ? 0 : Math.max(0, Math.floor((now - t) / 60_000));
}

function latestApproval(c: DigestChange): number {
  return c.approvals.reduce((max, a) => {
    const t = time(a.at);
    return Number.isNaN(t) ? max : Math.max(max, t);
  }, Number.NEGATIVE_INFINITY);
}

function time(iso: string | null): number {
  return iso === null ? Number.NaN : Date.parse(iso);
}

function compareText(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}
