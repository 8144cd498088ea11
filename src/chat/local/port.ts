import type { ChatPort, DeliveryAttempt, MessageRef } from '../../app/ports.js';
import type { AlertView, ReviewRequestView, ThreadNoticeView } from '../../app/views.js';
import type { DigestView } from '../../domain/digest.js';
import type { Db } from '../../store/changes.js';
import { postLocalMessage, updateLocalMessage } from '../../store/local-messages.js';
import type { Clock } from '../../app/ports.js';

/** A person's direct messages in the playground are the conversation "@login". */
export const directConversation = (login: string): string => `@${login.toLowerCase()}`;

/**
 * The chat port of the local playground. "Posting" writes the view model to the
 * database, keyed by the outbox row, and the page renders it; so the playground goes
 * through the same outbox, retries and idempotency as Slack, with the database as
 * its chat service. A message ref is the conversation and the message id.
 */
export class LocalChatPort implements ChatPort {
  readonly platform = 'local' as const;

  constructor(private readonly db: Db, private readonly clock: Clock) {}

  async postReviewRequest(channel: string, view: ReviewRequestView, delivery: DeliveryAttempt): Promise<MessageRef> {
    const id = await this.post(channel, null, 'review_request', view.changeId, view, delivery);
    return { channel, ts: String(id) };
  }

  async updateReviewRequest(ref: MessageRef, view: ReviewRequestView): Promise<void> {
    await updateLocalMessage(this.db, Number(ref.ts), view, this.clock.now().toISOString());
  }

  async replyInThread(ref: MessageRef, notice: ThreadNoticeView, delivery: DeliveryAttempt): Promise<void> {
    await this.post(ref.channel, Number(ref.ts), 'thread_notice', notice.changeId, notice, delivery);
  }

  async sendDirect(userId: string, alert: AlertView, delivery: DeliveryAttempt): Promise<void> {
    await this.post(directConversation(userId), null, 'alert', alert.changeId, alert, delivery);
  }

  async postDigest(channel: string, digest: DigestView, delivery: DeliveryAttempt): Promise<void> {
    await this.post(channel, null, 'digest', null, digest, delivery);
  }

  async postAlert(channel: string, alert: AlertView, delivery: DeliveryAttempt): Promise<void> {
    await this.post(channel, null, 'alert', alert.changeId, alert, delivery);
  }

  private async post(conversation: string, threadOf: number | null, kind: 'review_request' | 'thread_notice' | 'alert' | 'digest', changeId: number | null, body: unknown, delivery: DeliveryAttempt): Promise<number> {
    return postLocalMessage(this.db, { deliveryKey: delivery.key, conversation, threadOf, kind, changeId, body }, this.clock.now().toISOString());
  }
}
