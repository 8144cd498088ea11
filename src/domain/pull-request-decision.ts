import { sameRequester, strongerRequester } from './accountability/requester.js';
import { EXPLANATION_QUESTIONS, type Explanation } from './accountability/explanation.js';
import type { Assessment, Change, GivenExplanation, PullSnapshot } from './change.js';
import { checkFor, type AuditEntry, type CheckState, type Effect } from './effects.js';
import { approvalsAt, standingDecisions, statusOf, type SignoffDecision } from './signoff-state.js';

/** Why a new head counts as the same code as the old one. */
export type SameCode = 'identical tree' | 'identical diff against the base';

export interface PullRequestDecision {
  /** The change as it should be stored (without id for a new one). */
  next: Omit<Change, 'id' | 'opened_at' | 'updated_at' | 'revision'> & { revision: number };
  audit: AuditEntry[];
  effects: Effect[];
  /** Reviewers whose sign-offs moved to the new head (the caller records them there). */
  carried: string[];
}

/**
 * Apply one pull-request snapshot to what we knew of the change. Pure: the caller
 * fetched the facts and will store the result, its audit entries and its effects in
 * one transaction. `now` stamps the request time.
 *
 * Once a change was found AI-assisted it stays so: removing a label or rewording the
 * body does not withdraw a requirement the evidence already triggered (the earlier
 * signals are kept and listed).
 */
export function decidePullRequest(
  prev: Change | null, snap: PullSnapshot, found: Assessment, recorded: readonly SignoffDecision[], now: string, sameCode: SameCode | null = null,
  rules: { explanationRequired: boolean } = { explanationRequired: false },
): PullRequestDecision {
  const kept = prev?.ai_assisted && !found.ai_assisted ? { ...found, ai_assisted: true, signals: prev.signals } : found;
  // The strongest evidence of who asked the agent stands (a lead's naming above all).
  const { explanation_in_body: inBody, ...assessment } = { ...kept, requester: strongerRequester(prev?.requester ?? null, found.requester) };
  // A push that changed no code (same tree, or the same diff against the base) keeps the sign-offs: they move to the new head.
  // Only approvals move, and only when no reviewer's standing decision at the old head is a
  // change request (that must not vanish with a rebase); an override is not carried either.
  const standingBefore = prev ? [...standingDecisions(recorded, prev.head_sha).values()] : [];
  const carriable = prev && sameCode && prev.head_sha !== snap.head_sha && !standingBefore.includes('request_changes');
  const carried = carriable ? approvalsAt(recorded, prev.head_sha) : [];
  const lastOrder = recorded.reduce((m, d) => Math.max(m, d.order), 0);
  const decisions = [...recorded, ...carried.map((reviewer, i) => ({ reviewer, head_sha: snap.head_sha, decision: 'approve' as const, order: lastOrder + i + 1 }))];
  const status = statusOf({ ...snap, ai_assisted: assessment.ai_assisted, required_signoffs: assessment.required_signoffs, decisions });
  const open = !snap.closed;
  const shouldRequest = assessment.ai_assisted && open && !snap.draft;
  const requested_at = prev?.requested_at ?? (shouldRequest ? now : null);
  const audit: AuditEntry[] = [];
  const effects: Effect[] = [];
  const checkState = checkFor;

  if (!prev) {
    audit.push({ action: 'change_tracked', details: trackedDetails(snap, assessment) });
  } else {
    if (prev.head_sha !== snap.head_sha) {
      const superseded = approvalsAt(decisions, prev.head_sha);
      if (carried.length > 0) {
        audit.push({ action: 'signoffs_carried', details: { previous_head: prev.head_sha, new_head: snap.head_sha, reviewers: carried, reason: sameCode } });
      } else if (superseded.length > 0) {
        audit.push({ action: 'signoffs_superseded', details: { previous_head: prev.head_sha, new_head: snap.head_sha, reviewers: superseded } });
        effects.push({ type: 'thread_notice', notice: 'superseded', previous_sha: prev.head_sha });
      } else {
        audit.push({ action: 'head_updated', details: { previous_head: prev.head_sha, new_head: snap.head_sha } });
      }
    }
    if (!prev.ai_assisted && assessment.ai_assisted) audit.push({ action: 'detected_ai_assistance', details: { signals: assessment.signals } });
    if (prev.draft !== snap.draft && open) {
      audit.push({ action: snap.draft ? 'marked_draft' : 'ready_for_review', details: {} });
      if (prev.requested_at) effects.push({ type: 'thread_notice', notice: snap.draft ? 'draft' : 'ready' });
    }
    if (!prev.closed && snap.closed) {
      audit.push({ action: snap.merged ? 'merged' : 'closed', details: { status_before: prev.status } });
      if (prev.requested_at) effects.push({ type: 'thread_notice', notice: snap.merged ? 'merged' : 'closed' });
    }
    if (prev.closed && !snap.closed) {
      audit.push({ action: 'reopened', details: {} });
      if (prev.requested_at) effects.push({ type: 'thread_notice', notice: 'reopened' });
    }
    if (sameTeams(prev.owning_teams, assessment.owning_teams) === false) {
      audit.push({ action: 'owners_changed', details: { from: prev.owning_teams, to: assessment.owning_teams, source: assessment.ownership.source } });
    }
    if (prev.risk_tier !== assessment.risk_tier) {
      audit.push({ action: 'risk_changed', details: { from: prev.risk_tier, to: assessment.risk_tier, reasons: assessment.risk_reasons, required_signoffs: assessment.required_signoffs } });
    }
  }
  // Recorded once someone is found: "unknown" is what the request shows until then.
  if (assessment.requester.login !== null && assessment.requester.source !== 'pr_author' && (!prev || !sameRequester(prev.requester, assessment.requester))) {
    const { login, source, evidence } = assessment.requester;
    audit.push({ action: 'accountable_author', details: { login, source, evidence } });
  }
  // An explanation is kept across pushes (the request shows when it was written); a new one in the body replaces it.
  let explanation: GivenExplanation | null = prev?.explanation ?? null;
  if (inBody && !sameAnswers(explanation?.answers ?? null, inBody)) {
    explanation = { answers: inBody, head_sha: snap.head_sha, at: now, source: 'body', by: assessment.requester.login ?? snap.author };
    audit.push({ action: 'explanation_given', details: { ...inBody, head_sha: snap.head_sha, source: 'body', by: explanation.by } });
  }
  // Judge the merge by the sign-offs standing at the merged head, not by the stored
  // status: a push we had not yet applied may have moved the head past the sign-off.
  const signedOffAtMerge = statusOf({ ...snap, closed: false, merged: false, ai_assisted: assessment.ai_assisted, required_signoffs: assessment.required_signoffs, decisions }) === 'signed_off';
  if (snap.merged && !prev?.merged && assessment.ai_assisted && !signedOffAtMerge) {
    audit.push({ action: 'merged_without_signoff', details: { status_before: prev?.status ?? 'unknown', head_sha: snap.head_sha } });
    if (prev?.requested_at) effects.push({ type: 'thread_notice', notice: 'merged_without_signoff' });
    effects.push({ type: 'alert_leads', alert: 'merged_without_signoff' });
  }
  // Ask every owning team whenever the request may not have reached it: first time, new
  // owners, or back from draft or closed (owners may have changed meanwhile). The outbox
  // key per change and team makes asking a team twice a no-op.
  if (shouldRequest && (!prev?.requested_at || !sameTeams(prev.owning_teams, assessment.owning_teams) || prev.draft || prev.closed)) {
    if (!prev?.requested_at) audit.push({ action: 'signoff_requested', details: { teams: assessment.owning_teams, required_signoffs: assessment.required_signoffs, risk_tier: assessment.risk_tier } });
    const author = assessment.requester.login;
    if (!prev?.requested_at && rules.explanationRequired && !explanation && author) {
      effects.push({ type: 'direct', to: [author], alert: 'explanation_needed', key: `explanation_needed:${snap.repo}#${snap.number}` });
    }
    effects.push({ type: 'request_review', teams: assessment.owning_teams });
  }

  const merge_commit_sha = snap.merge_commit_sha ?? prev?.merge_commit_sha ?? null;
  const next = { ...snap, ...assessment, status, requested_at, explanation, merge_commit_sha, revision: prev?.revision ?? 1 };
  const changed = !prev || visiblyChanged(prev, next);
  if (prev && changed) next.revision = prev.revision + 1;
  if (prev?.requested_at && changed) effects.push({ type: 'refresh_request' });
  const state = open ? checkState(status) : null;
  if (state && (!prev || prev.head_sha !== snap.head_sha || checkState(prev.status) !== state)) {
    effects.push({ type: 'set_check', head_sha: snap.head_sha, state });
  }
  return { next, audit, effects, carried };
}

function trackedDetails(snap: PullSnapshot, a: Assessment): Record<string, unknown> {
  return {
    title: snap.title, author: snap.author, ai_assisted: a.ai_assisted, signals: a.signals, commits_read: a.commits_read,
    owning_teams: a.owning_teams, ownership_source: a.ownership.source, risk_tier: a.risk_tier, risk_reasons: a.risk_reasons,
    required_signoffs: a.required_signoffs, draft: snap.draft,
  };
}

function sameTeams(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((t) => b.includes(t));
}

const VISIBLE: readonly (keyof Change)[] = [
  'title', 'head_sha', 'draft', 'status', 'ai_assisted', 'risk_tier', 'required_signoffs', 'additions', 'deletions', 'changed_files', 'closed', 'merged',
];

function visiblyChanged(prev: Change, next: PullRequestDecision['next']): boolean {
  return VISIBLE.some((k) => prev[k] !== (next as Record<string, unknown>)[k]) || !sameTeams(prev.owning_teams, next.owning_teams) ||
    JSON.stringify(prev.signals) !== JSON.stringify(next.signals) || !sameRequester(prev.requester, next.requester) ||
    prev.explanation?.at !== next.explanation?.at;
}

function sameAnswers(a: Explanation | null, b: Explanation): boolean {
  return a !== null && EXPLANATION_QUESTIONS.every((q) => a[q] === b[q]);
}
