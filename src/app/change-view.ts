import { findChangeById } from '../store/changes.js';
import { decisionsFor } from '../store/signoffs.js';
import type { AppContext } from './context.js';
import { reviewRequestView } from './review-view.js';
import type { ReviewRequestView } from './views.js';

/** A change's review request as it stands at `now`, for a chat adapter to show someone; null when unknown. */
export async function reviewRequestFor(ctx: AppContext, changeId: number, now: Date): Promise<ReviewRequestView | null> {
  const change = await findChangeById(ctx.store.db, changeId);
  return change ? reviewRequestView(change, await decisionsFor(ctx.store.db, change.id), ctx.policy, now) : null;
}
