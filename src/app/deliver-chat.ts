import { findChatMessage, saveChatMessage } from '../store/chat-messages.js';
import { findChangeById } from '../store/changes.js';
import { markDelivered, supersededBy } from '../store/outbox.js';
import type { OutboxRow } from '../store/schema.js';
import { decisionsFor } from '../store/signoffs.js';
import { approvalsAt } from '../domain/signoff-state.js';
import type { Notice } from '../domain/effects.js';
import type { AppContext } from './context.js';
import type { ChatPort, ChatRef } from './ports.js';
import type { AlertView } from './views.js';
import { storedDigest } from './stored-digest.js';
import type { DigestView } from '../domain/digest.js';
import { reviewRequestView } from './review-view.js';
import { actionsFor, SHARED_MESSAGE } from './actions-for.js';

interface ChatPayload {
  change_id: number;
  team: string;
  channel: string;
  user?: string;
  /** The GitHub login the direct message is for (rows queued before it was kept have none). */
  login?: string;
  alert?: AlertView['kind'];
  waiting_minutes?: number | null;
  notice?: Notice;
  actor?: string | null;
  note?: string | null;
  head_sha?: string;
  previous_sha?: string | null;
}

/**
 * Deliver one chat outbox row through its platform's port, rendering the change as it
 * stands now. Idempotent: a posted request is recorded with its message id in the
 * same transaction that marks the row done, and a row finds that record before
 * posting again, so a retry or a restart never posts twice.
 */
export async function deliverChatRow(ctx: AppContext, port: ChatPort, row: OutboxRow, now: Date): Promise<void> {
  const db = ctx.store.db;
  const at = now.toISOString();
  const p = JSON.parse(row.payload) as ChatPayload;
  if (row.kind === 'digest.post') {
    // A digest is a snapshot of its morning: it is sent as it was built, not re-rendered.
    await port.postDigest(p.channel, storedDigest((p as unknown as { digest: DigestView }).digest), { key: row.idempotency_key, retrying: row.attempts > 0 });
    return markDelivered(db, row.id, at);
  }
  const change = await findChangeById(db, p.change_id);
  const existing = await findChatMessage(db, p.change_id, port.platform, p.team);
  if (!change) return markDelivered(db, row.id, at, { skipped: 'change no longer exists' });

  switch (row.kind) {
    case 'review_request.post': {
      if (existing) return markDelivered(db, row.id, at, { skipped: 'already posted', ref: existing.messageRef });
      const view = reviewRequestView(change, await decisionsFor(db, change.id), ctx.policy, now);
      const ref = await port.postReviewRequest(p.channel, view, { key: row.idempotency_key, retrying: row.attempts > 0 });
      await db.transaction().execute(async (trx) => {
        await saveChatMessage(trx, { changeId: change.id, platform: port.platform, team: p.team, channel: p.channel, messageRef: ref }, at);
        await markDelivered(trx, row.id, at, { ref });
      });
      return;
    }
    case 'review_request.update': {
      if (!existing) return markDelivered(db, row.id, at, { skipped: 'no review request was posted' });
      if (await supersededBy(db, row, p.team)) return markDelivered(db, row.id, at, { skipped: 'a newer update follows' });
      const view = reviewRequestView(change, await decisionsFor(db, change.id), ctx.policy, now);
      await port.updateReviewRequest(existing.messageRef as ChatRef, view);
      return markDelivered(db, row.id, at);
    }
    case 'thread.notice': {
      if (!existing) return markDelivered(db, row.id, at, { skipped: 'no review request was posted' });
      const decisions = await decisionsFor(db, change.id);
      await port.replyInThread(existing.messageRef as ChatRef, {
        changeId: change.id, kind: p.notice!, actor: p.actor ?? null, note: p.note ?? null, headSha: p.head_sha ?? change.head_sha, previousSha: p.previous_sha ?? null,
        approvals: approvalsAt(decisions, change.head_sha).length, requiredSignoffs: change.required_signoffs,
      }, { key: row.idempotency_key, retrying: row.attempts > 0 });
      return markDelivered(db, row.id, at);
    }
    case 'dm.alert':
    case 'channel.alert': {
      const decisions = await decisionsFor(db, change.id);
      // What the recipient may do from the alert itself: a lead is offered Override, a senior Sign off.
      const viewer = row.kind === 'dm.alert' ? p.login ?? null : SHARED_MESSAGE;
      const alert: AlertView = {
        kind: p.alert ?? 'merged_without_signoff', changeId: change.id, repo: change.repo, number: change.number, title: change.title, url: change.url,
        headSha: change.head_sha, approvals: approvalsAt(decisions, change.head_sha).length, requiredSignoffs: change.required_signoffs, owningTeams: change.owning_teams,
        ...(p.waiting_minutes != null ? { waitingMinutes: p.waiting_minutes } : {}),
        revision: change.revision, actions: actionsFor(reviewRequestView(change, decisions, ctx.policy, now), viewer),
        ...(p.note ? { note: p.note } : {}),
      };
      const delivery = { key: row.idempotency_key, retrying: row.attempts > 0 };
      if (row.kind === 'dm.alert') await port.sendDirect(p.user!, alert, delivery);
      else await port.postAlert(p.channel, alert, delivery);
      return markDelivered(db, row.id, at);
    }
    default:
      throw new Error(`unknown chat outbox kind "${row.kind}"`);
  }
}
