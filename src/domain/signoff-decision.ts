import { explanationNeededBy } from './accountability/explanation.js';
import type { Change } from './change.js';
import { mayOverride, maySignOff, type RefusalCode } from './eligibility.js';
import type { TeamPolicy } from './policy.js';
import { checkFor, type AuditEntry, type Effect, type Notice } from './effects.js';
import { approvalsAt, standingDecisions, statusOf, type ChangeStatus, type Decision, type SignoffDecision } from './signoff-state.js';

export interface DecisionAttempt {
  /** GitHub login of the person, or null when their chat identity maps to no one. */
  reviewer: string | null;
  reviewerIsBot: boolean;
  seenHeadSha: string;
  decision: Decision;
  /** The attestation statements the reviewer ticked (sign-off only). */
  attested: readonly string[];
  note: string | null;
}

export type SignoffOutcome =
  | { ok: false; code: RefusalCode | 'nothing_to_revoke'; reason: string; audit: AuditEntry }
  | { ok: true; status: ChangeStatus; approvals: string[]; audit: AuditEntry[]; effects: Effect[] };

/**
 * A senior's decision on a change: refused with a reason (and an audit entry, nothing
 * else), or recorded with the new status, its audit entries and what to tell people.
 * Pure: the caller stores the sign-off row, the change and the outbox in one transaction.
 */
export function decideSignoff(change: Change, decisions: readonly SignoffDecision[], attempt: DecisionAttempt, teams: readonly TeamPolicy[], nextOrder: number): SignoffOutcome {
  const refusal = refusalOf(change, decisions, attempt, teams);
  if (refusal) {
    return { ok: false, ...refusal, audit: { action: 'signoff_refused', details: { decision: attempt.decision, code: refusal.code, reason: refusal.reason, seen_head: attempt.seenHeadSha } } };
  }
  const reviewer = attempt.reviewer!;
  const after = [...decisions, { reviewer, head_sha: change.head_sha, decision: attempt.decision, order: nextOrder }];
  const status = statusOf({ ...change, decisions: after });
  const approvals = approvalsAt(after, change.head_sha);
  const details = { head_sha: change.head_sha, attested: attempt.attested, note: attempt.note, approvals: approvals.length, required_signoffs: change.required_signoffs };
  const audit: AuditEntry[] = [{ action: ACTIONS[attempt.decision], details }];
  if (status === 'signed_off' && change.status !== 'signed_off' && attempt.decision === 'approve') audit.push({ action: 'signed_off', details: { head_sha: change.head_sha, reviewers: approvals } });

  const notice = NOTICES[attempt.decision](status);
  const effects: Effect[] = [{ type: 'refresh_request' }, { type: 'thread_notice', notice, actor: reviewer, note: attempt.note }];
  const check = checkFor(status);
  if (check && check !== checkFor(change.status)) effects.push({ type: 'set_check', head_sha: change.head_sha, state: check });
  return { ok: true, status, approvals, audit, effects };
}

const ACTIONS: Record<Decision, string> = { approve: 'approved', request_changes: 'changes_requested', revoke: 'signoff_revoked', override: 'overridden' };

const NOTICES: Record<Decision, (status: ChangeStatus) => Notice> = {
  approve: (status) => (status === 'signed_off' ? 'signed_off' : 'approved'),
  request_changes: () => 'changes_requested',
  revoke: () => 'revoked',
  override: () => 'overridden',
};

function refusalOf(change: Change, decisions: readonly SignoffDecision[], attempt: DecisionAttempt, teams: readonly TeamPolicy[]): { code: RefusalCode | 'nothing_to_revoke'; reason: string } | null {
  if (attempt.decision === 'revoke') {
    if (attempt.reviewer === null) return { code: 'unmapped', reason: 'Your chat account is not linked to a GitHub login, so you have no sign-off here to revoke.' };
    if (change.closed) return { code: 'not_open', reason: `This pull request is ${change.merged ? 'merged' : 'closed'}; a sign-off can only be revoked while it is open.` };
    const standing = standingDecisions(decisions, change.head_sha).get(attempt.reviewer.toLowerCase());
    return standing === 'approve' ? null : { code: 'nothing_to_revoke', reason: `You have no sign-off on the current head (${change.head_sha.slice(0, 7)}) to revoke.` };
  }
  // Only a sign-off waits for the author's explanation: asking for changes (perhaps for it) never does.
  const explanation_missing = attempt.decision === 'approve' && change.explanation === null && explanationNeededBy(teams, change.owning_teams, change.risk_tier);
  const eligibility = attempt.decision === 'override' ? mayOverride({ ...attempt, reason: attempt.note }, change, teams) : maySignOff(attempt, { ...change, explanation_missing }, teams);
  return eligibility.ok ? null : { code: eligibility.code, reason: eligibility.reason };
}
