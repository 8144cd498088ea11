import { appendAudit } from '../store/audit.js';
import { findChange } from '../store/changes.js';
import { settleDelivery } from '../store/inbox.js';
import type { AppContext } from './context.js';
import type { Delivery } from './delivery.js';
import { handlePullRequest } from './handle-pull-request.js';

/** Route a stored delivery to its use case; events we do not act on are settled as ignored. */
export async function applyDelivery(ctx: AppContext, delivery: Delivery, now: Date): Promise<void> {
  switch (delivery.event) {
    case 'pull_request':
      return handlePullRequest(ctx, delivery, now);
    case 'pull_request_review':
      return recordReview(ctx, delivery, now);
    case 'installation':
    case 'installation_repositories':
      ctx.log.info({ delivery: delivery.deliveryId, action: delivery.action }, `GitHub App ${delivery.event} ${delivery.action ?? ''}`.trim());
      return settleDelivery(ctx.store.db, delivery.id, 'done', now.toISOString());
    default:
      return settleDelivery(ctx.store.db, delivery.id, 'ignored', now.toISOString());
  }
}

interface ReviewPayload {
  review: { id: number; state: string; commit_id: string; user: { login: string } | null; html_url?: string };
  pull_request: { number: number };
  repository: { full_name: string };
}

/**
 * A GitHub review on a tracked change is recorded in the audit trail. Whether an
 * approval counts as a sign-off is the GitHub-gate's decision, made from this record.
 */
async function recordReview(ctx: AppContext, delivery: Delivery, now: Date): Promise<void> {
  const at = now.toISOString();
  const p = delivery.payload as ReviewPayload;
  const action = delivery.action;
  await ctx.store.db.transaction().execute(async (trx) => {
    const change = await findChange(trx, p.repository.full_name, p.pull_request.number);
    if (!change || (action !== 'submitted' && action !== 'dismissed')) {
      await settleDelivery(trx, delivery.id, 'ignored', at);
      return;
    }
    await appendAudit(trx, [{
      at, actor: p.review.user?.login ?? delivery.sender ?? 'github', action: `github_review_${action}`,
      subject: `${change.repo}#${change.number}`, head_sha: p.review.commit_id,
      details: { review_id: p.review.id, state: p.review.state.toLowerCase(), delivery: delivery.deliveryId },
    }]);
    await settleDelivery(trx, delivery.id, 'done', at);
  });
}
