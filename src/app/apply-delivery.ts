import { appendAudit } from '../store/audit.js';
import { checkFor } from '../domain/effects.js';
import { statusOf } from '../domain/signoff-state.js';
import { lockChange, lockChangeOf, updateChange } from '../store/changes.js';
import { enqueue } from '../store/outbox.js';
import { decisionsFor } from '../store/signoffs.js';
import { outboxMessagesFor } from './effects.js';
import { settleDelivery } from '../store/inbox.js';
import type { AppContext } from './context.js';
import type { Delivery } from './delivery.js';
import { handlePullRequest } from './handle-pull-request.js';
import { recordDecisionIn } from './record-decision.js';
import { handleIssueComment, handleWorkflowRun } from './requester-evidence.js';
import { resolveRoster } from './use-roster.js';

/** Route a stored delivery to its use case; events we do not act on are settled as ignored. */
export async function applyDelivery(ctx: AppContext, delivery: Delivery, now: Date): Promise<void> {
  // Who may sign may depend on GitHub teams: read them before the delivery's transaction.
  // When GitHub cannot say, RosterUnavailable (transient) makes the worker retry later.
  switch (delivery.event) {
    case 'pull_request':
      await resolveRoster(ctx, null, now);
      return handlePullRequest(ctx, delivery, now);
    case 'pull_request_review':
      await resolveRoster(ctx, null, now);
      return recordReview(ctx, delivery, now);
    case 'issue_comment':
      return handleIssueComment(ctx, delivery, now);
    case 'workflow_run':
      return handleWorkflowRun(ctx, delivery, now);
    case 'check_run':
      return delivery.action === 'rerequested' ? rerequestCheck(ctx, delivery, now) : settleDelivery(ctx.store.db, delivery.id, 'ignored', now.toISOString());
    case 'installation':
    case 'installation_repositories':
      ctx.log.info({ delivery: delivery.deliveryId, action: delivery.action }, `GitHub App ${delivery.event} ${delivery.action ?? ''}`.trim());
      return settleDelivery(ctx.store.db, delivery.id, 'done', now.toISOString());
    default:
      return settleDelivery(ctx.store.db, delivery.id, 'ignored', now.toISOString());
  }
}

interface ReviewPayload {
  review: { id: number; state: string; commit_id: string; body: string | null; user: { login: string; type?: string } | null; html_url?: string };
  pull_request: { number: number };
  repository: { full_name: string };
}

/**
 * A GitHub review on a tracked change is recorded in the audit trail. Where an owning
 * team accepts GitHub reviews, an approval by an eligible senior is a sign-off of the
 * commit it reviewed ("via GitHub review"), and dismissing it withdraws the sign-off;
 * the decision is checked like any other and stored in the delivery's transaction.
 */
async function recordReview(ctx: AppContext, delivery: Delivery, now: Date): Promise<void> {
  const at = now.toISOString();
  const p = delivery.payload as ReviewPayload;
  const action = delivery.action;
  await ctx.store.db.transaction().execute(async (trx) => {
    const change = await lockChangeOf(trx, ctx.store.flavor, p.repository.full_name, p.pull_request.number);
    if (!change || (action !== 'submitted' && action !== 'dismissed')) {
      await settleDelivery(trx, delivery.id, 'ignored', at);
      return;
    }
    const login = p.review.user?.login ?? delivery.sender ?? 'ghost';
    const state = p.review.state.toLowerCase();
    await appendAudit(trx, [{
      // A dismissal is the dismisser's act, not the reviewer's.
      at, actor: action === 'dismissed' ? (delivery.sender ?? login) : login, action: `github_review_${action}`, subject: `${change.repo}#${change.number}`, head_sha: p.review.commit_id,
      details: { review_id: p.review.id, state, delivery: delivery.deliveryId },
    }]);
    const accepts = ctx.config.teams.some((t) => change.owning_teams.includes(t.name) && t.accept_github_reviews);
    let decision: 'approve' | 'revoke' | null = action === 'submitted' && state === 'approved' ? 'approve' : action === 'dismissed' ? 'revoke' : null;
    if (decision === 'revoke') {
      // A dismissal withdraws only the sign-off that review gave: at the current head, from GitHub.
      const mine = (await decisionsFor(trx, change.id)).filter((d) => d.reviewer.toLowerCase() === login.toLowerCase() && d.head_sha === change.head_sha).at(-1);
      if (p.review.commit_id !== change.head_sha || mine?.decision !== 'approve' || mine.source !== 'github') decision = null;
    }
    if (accepts && decision) {
      const person = ctx.policy.people.find((x) => x.github.toLowerCase() === login.toLowerCase()) ?? { github: login };
      // GitHub vouches for who reviewed: the review's author is the login.
      const actor = { platform: 'github' as const, id: login, person, isBot: p.review.user?.type === 'Bot' };
      await recordDecisionIn(trx, ctx, {
        changeId: change.id, seenHeadSha: p.review.commit_id, actor, decision,
        attested: decision === 'approve' ? ['via GitHub review'] : [], note: p.review.body,
      }, now);
    }
    await settleDelivery(trx, delivery.id, 'done', at);
  });
}

/**
 * "Re-run" on the check: evaluate the change's sign-off state again from what is stored
 * and report the check afresh (a new outbox key, so it is sent even if nothing changed).
 */
async function rerequestCheck(ctx: AppContext, delivery: Delivery, now: Date): Promise<void> {
  const at = now.toISOString();
  const p = delivery.payload as { check_run: { external_id?: string | null; name?: string } };
  const changeId = /^countersign:(\d+):/.exec(p.check_run.external_id ?? '')?.[1];
  await ctx.store.db.transaction().execute(async (trx) => {
    const change = changeId ? await lockChange(trx, ctx.store.flavor, Number(changeId)) : null;
    if (!change) return settleDelivery(trx, delivery.id, 'ignored', at);
    const decisions = await decisionsFor(trx, change.id);
    const status = statusOf({ ...change, decisions });
    const next = { ...change, status, revision: change.revision + 1 };
    await updateChange(trx, change.id, next, at, change.revision);
    await appendAudit(trx, [{ at, actor: delivery.sender ?? 'github', action: 'check_rerequested', subject: `${change.repo}#${change.number}`, head_sha: change.head_sha, details: { status, delivery: delivery.deliveryId } }]);
    const state = checkFor(status);
    if (state) await enqueue(trx, outboxMessagesFor(next, [{ type: 'set_check', head_sha: change.head_sha, state }], ctx.config), at);
    await settleDelivery(trx, delivery.id, 'done', at);
  });
}
