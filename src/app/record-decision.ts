import type { Decision } from '../domain/signoff-state.js';
import { decideSignoff } from '../domain/signoff-decision.js';
import { appendAudit } from '../store/audit.js';
import { findChangeById, updateChange, type Db } from '../store/changes.js';
import { enqueue } from '../store/outbox.js';
import { decisionsFor, insertSignoff } from '../store/signoffs.js';
import type { AppContext } from './context.js';
import { outboxMessagesFor } from './effects.js';
import type { Actor } from './identity.js';

export interface DecisionRequest {
  changeId: number;
  /** The head SHA shown in the message the person acted on. */
  seenHeadSha: string;
  actor: Actor;
  decision: Decision;
  attested: readonly string[];
  note: string | null;
}

export type DecisionResult =
  | { ok: true; status: string; approvals: number; required: number }
  | { ok: false; code: string; reason: string };

/**
 * Sign off, request changes or revoke: one transaction holds the decision, the
 * change's new status, the audit events and the outbox rows, or, for a refusal, only
 * the audit event that records it.
 */
export async function recordDecision(ctx: AppContext, request: DecisionRequest, now: Date): Promise<DecisionResult> {
  return ctx.store.db.transaction().execute((trx) => recordDecisionIn(trx, ctx, request, now));
}

/** The same, inside the caller's transaction (a webhook delivery settles with its decision). */
export async function recordDecisionIn(trx: Db, ctx: AppContext, request: DecisionRequest, now: Date): Promise<DecisionResult> {
  const at = now.toISOString();
  const note = request.note?.trim() ? request.note.trim() : null;
  {
    const change = await findChangeById(trx, request.changeId);
    if (!change) return { ok: false, code: 'not_found', reason: 'Countersign does not know this change any more.' };
    const decisions = await decisionsFor(trx, change.id);
    const nextOrder = (decisions.at(-1)?.order ?? 0) + 1;
    const outcome = decideSignoff(change, decisions, {
      reviewer: request.actor.person?.github ?? null,
      reviewerIsBot: request.actor.isBot,
      seenHeadSha: request.seenHeadSha,
      decision: request.decision,
      attested: request.attested,
      note,
    }, ctx.policy.teams, nextOrder);
    const subject = `${change.repo}#${change.number}`;
    const actor = request.actor.person?.github ?? `${request.actor.platform}:${request.actor.id}`;
    const via = { platform: request.actor.platform, platform_user: request.actor.id };
    if (!outcome.ok) {
      await appendAudit(trx, [{ at, actor, action: outcome.audit.action, subject, head_sha: change.head_sha, details: { ...outcome.audit.details, ...via } }]);
      return { ok: false, code: outcome.code, reason: outcome.reason };
    }
    await insertSignoff(trx, {
      change_id: change.id, head_sha: change.head_sha, reviewer: request.actor.person!.github, decision: request.decision,
      attestation: JSON.stringify(request.attested), note, at, source: request.actor.platform,
    });
    const next = { ...change, status: outcome.status, revision: change.revision + 1 };
    await updateChange(trx, change.id, next, at);
    await appendAudit(trx, outcome.audit.map((e) => ({ at, actor, action: e.action, subject, head_sha: change.head_sha, details: { ...e.details, ...via } })));
    await enqueue(trx, outboxMessagesFor(next, outcome.effects, ctx.config), at);
    return { ok: true, status: outcome.status, approvals: outcome.approvals.length, required: change.required_signoffs };
  }
}
