import { findChangeById } from '../store/changes.js';
import { markDelivered, supersededBy } from '../store/outbox.js';
import type { OutboxRow } from '../store/schema.js';
import { decisionsFor } from '../store/signoffs.js';
import { splitRepo } from './assess.js';
import type { AppContext } from './context.js';
import { checkRunFor, commentBody, commentMarker } from './gate-text.js';
import type { GitHubGate } from './ports.js';
import { reviewRequestView } from './review-view.js';

const STATUS_CONTEXT = 'countersign/senior-sign-off';

/**
 * Deliver one GitHub outbox row: the sign-off check (and its commit-status mirror)
 * or the tracking comment. Both are upserts keyed by what GitHub stores, so a retry,
 * a restart or a lost answer never leaves a second run or comment.
 */
export async function deliverGitHubRow(ctx: AppContext, gate: GitHubGate, row: OutboxRow, now: Date): Promise<void> {
  const db = ctx.store.db;
  const at = now.toISOString();
  const p = JSON.parse(row.payload) as { change_id: number; head_sha?: string; state?: 'pending' | 'success' | 'failure' };
  const change = await findChangeById(db, p.change_id);
  if (!change) return markDelivered(db, row.id, at, { skipped: 'change no longer exists' });
  const ref = { ...splitRepo(change.repo), installationId: change.installation_id };
  const view = reviewRequestView(change, await decisionsFor(db, change.id), ctx.policy, now);

  switch (row.kind) {
    case 'check.set': {
      // A check for a head that a push has since replaced protects nothing: the new head has its own.
      if (p.head_sha !== change.head_sha) return markDelivered(db, row.id, at, { skipped: 'the head moved on' });
      const run = checkRunFor(view, p.state!, ctx.config.server.public_url);
      const result: Record<string, unknown> = {};
      if (ctx.config.gate.check_run) result.check_run_id = await gate.upsertCheckRun(ref, run);
      if (ctx.config.gate.commit_status) {
        await gate.setCommitStatus(ref, { sha: change.head_sha, state: p.state!, description: run.output.title.slice(0, 140), context: STATUS_CONTEXT, ...(run.detailsUrl ? { targetUrl: run.detailsUrl } : {}) });
      }
      return markDelivered(db, row.id, at, result);
    }
    case 'comment.upsert': {
      if (await supersededBy(db, row)) return markDelivered(db, row.id, at, { skipped: 'a newer comment update follows' });
      const id = await gate.upsertComment({ ...ref, number: change.number }, commentMarker(change.id), commentBody(view));
      return markDelivered(db, row.id, at, { comment_id: id });
    }
    default:
      throw new Error(`unknown GitHub outbox kind "${row.kind}"`);
  }
}
