import type { Assessment } from '../domain/change.js';
import { decidePullRequest } from '../domain/pull-request-decision.js';
import { appendAudit } from '../store/audit.js';
import { findChange, insertChange, lockChangeOf, updateChange } from '../store/changes.js';
import { settleDelivery } from '../store/inbox.js';
import { enqueue } from '../store/outbox.js';
import { decisionsFor, insertSignoff } from '../store/signoffs.js';
import { splitRepo } from './assess.js';
import { TransientError } from './ports.js';
import type { SameCode } from '../domain/pull-request-decision.js';
import { assess } from './assess.js';
import { explanationNeeded, requesterFactsOf } from './accountability.js';
import { isRevert } from '../domain/accountability/revert.js';
import { traceRevert } from './trace-back.js';
import type { AppContext } from './context.js';
import type { Delivery } from './delivery.js';
import { outboxMessagesFor } from './effects.js';
import { planRequest, rescheduleEscalation } from './escalate.js';
import { payloadFacts, snapshotOf, type PullRequestPayload } from './pull-request-facts.js';

/** The pull_request actions that can change what we decide. Others are recorded and ignored. */
export const PULL_REQUEST_ACTIONS = new Set([
  'opened', 'reopened', 'ready_for_review', 'converted_to_draft', 'synchronize', 'edited', 'labeled', 'unlabeled', 'closed', 'assigned',
]);

/**
 * Apply one pull_request delivery: fetch the facts (slow, outside any transaction),
 * then decide and store the change, its audit events, its outbox rows and the
 * delivery's completion in one transaction.
 */
export async function handlePullRequest(ctx: AppContext, delivery: Delivery, now: Date): Promise<void> {
  const payload = delivery.payload as PullRequestPayload;
  const at = now.toISOString();
  if (!PULL_REQUEST_ACTIONS.has(delivery.action ?? '')) {
    await settleDelivery(ctx.store.db, delivery.id, 'ignored', at);
    return;
  }
  const snap = snapshotOf(payload);
  // Closing changes no code: keep the assessment we have rather than re-reading GitHub.
  const known = delivery.action === 'closed' ? await findChange(ctx.store.db, snap.repo, snap.number) : null;
  const assessment: Assessment = known ? assessmentOf(known) : await assess(ctx, snap, payloadFacts(payload), requesterFactsOf(payload, delivery));
  const sameCode = delivery.action === 'synchronize' ? await pushKeptTheCode(ctx, payload, snap) : null;

  await ctx.store.db.transaction().execute(async (trx) => {
    const prev = await lockChangeOf(trx, ctx.store.flavor, snap.repo, snap.number);
    const decisions = prev ? await decisionsFor(trx, prev.id) : [];
    const rules = { explanationRequired: explanationNeeded(ctx.policy, assessment.owning_teams, assessment.risk_tier) };
    const decision = decidePullRequest(prev, snap, assessment, decisions, at, prev?.head_sha === payload.before ? sameCode : null, rules);
    const id = prev ? prev.id : await insertChange(trx, decision.next, at);
    if (prev) await updateChange(trx, id, decision.next, at, prev.revision);
    for (const reviewer of decision.carried) {
      const original = [...decisions].reverse().find((d) => d.reviewer.toLowerCase() === reviewer && d.head_sha === prev!.head_sha && d.decision === 'approve')!;
      await insertSignoff(trx, {
        change_id: id, head_sha: snap.head_sha, reviewer: original.reviewer, decision: 'approve', attestation: original.attestation,
        note: `carried from ${prev!.head_sha.slice(0, 7)}: ${sameCode}`, at, source: original.source, revision: decision.next.revision,
      });
    }
    // The first time a request goes out, it is assigned and its escalation ladder starts.
    const current = { ...decision.next, id, opened_at: prev?.opened_at ?? at, updated_at: at };
    const plan = decision.next.requested_at && !prev?.requested_at
      ? await planRequest(trx, ctx, current, now)
      : { audit: [], effects: [] };
    // Waiting again after a draft, a close or a new push: the ladder's next step is recomputed.
    if (prev?.requested_at && decision.next.status === 'awaiting' && !decision.next.draft && (prev.draft || prev.closed || prev.status !== 'awaiting')) {
      await rescheduleEscalation(trx, current, now);
    }
    const subject = `${snap.repo}#${snap.number}`;
    await appendAudit(trx, [...decision.audit, ...plan.audit].map((entry) => ({
      at, actor: delivery.sender ?? 'github', action: entry.action, subject, head_sha: snap.head_sha, details: { ...entry.details, delivery: delivery.deliveryId },
    })));
    await enqueue(trx, outboxMessagesFor({ ...decision.next, id }, [...decision.effects, ...plan.effects], ctx.config), at);
    // A merged revert traces what it reverts back to the sign-offs that let it ship.
    if (snap.merged && !prev?.merged && isRevert(decision.next.reverts)) {
      await traceRevert(trx, ctx, { id, repo: snap.repo, number: snap.number }, decision.next.reverts, delivery.sender ?? snap.author, now);
    }
    await settleDelivery(trx, delivery.id, 'done', at);
  });
}

/** Ask GitHub whether a push changed code at all (a rebase or an amended message does not). */
async function pushKeptTheCode(ctx: AppContext, payload: PullRequestPayload, snap: ReturnType<typeof snapshotOf>): Promise<SameCode | null> {
  const host = ctx.sourceHost;
  if (!host?.sameCode || !payload.before || snap.installation_id === null) return null;
  try {
    return await host.sameCode({ ...splitRepo(snap.repo), number: snap.number, installationId: snap.installation_id }, snap.base_ref, payload.before, snap.head_sha);
  } catch (error) {
    if (error instanceof TransientError) throw error; // GitHub is having a moment: try the delivery again later
    // The old head may be gone (force-pushed away and collected): then the code counts as changed.
    ctx.log.info({ err: error, change: `${snap.repo}#${snap.number}` }, 'could not compare the pushed code with the previous head; treating it as changed');
    return null;
  }
}

/** The assessment part of a stored change (not its snapshot: the payload's head, title and size win). */
function assessmentOf(c: Assessment): Assessment {
  const { ai_assisted, signals, commits_read, detection_cut, owning_teams, ownership, risk_tier, risk_reasons, required_signoffs, committers, requester, split, reverts } = c;
  return { ai_assisted, signals, commits_read, detection_cut, owning_teams, ownership, risk_tier, risk_reasons, required_signoffs, committers, requester, split, reverts };
}
