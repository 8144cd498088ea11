import { fromChatRef, toChatRef } from '../../app/chat-ref.js';
import type { LocalConversations } from '../../app/local-conversations.js';
import type { ChatPort, ChatRef, Clock, DeliveryAttempt } from '../../app/ports.js';
import type { AlertView, ReviewRequestView, ThreadNoticeView } from '../../app/views.js';
import type { DigestView } from '../../domain/digest.js';

/** A person's direct messages in the playground are the conversation "@login". */
export const directConversation = (login: string): string => `@${login.toLowerCase()}`;

/** Where a playground message lives: its conversation and its id there. */
interface LocalPlace {
  conversation: string;
  id: number;
}

const localPlace = (ref: ChatRef): LocalPlace => fromChatRef<LocalPlace>(ref, 'playground', { conversation: 'string', id: 'number' });

/**
 * The chat port of the local playground. "Posting" writes the view model to the
 * database, keyed by the outbox row, and the page renders it; so the playground goes
 * through the same outbox, retries and idempotency as Slack, with the database as
 * its chat service. Nothing to pace: no platform limits a write.
 */
export class LocalChatPort implements ChatPort {
  readonly platform = 'local' as const;
  readonly pacing = { intervalMs: 0 };

  constructor(private readonly conversations: LocalConversations, private readonly clock: Clock) {}

  async postReviewRequest(channel: string, view: ReviewRequestView, delivery: DeliveryAttempt): Promise<ChatRef> {
    const id = await this.post(channel, null, 'review_request', view.changeId, view, delivery);
    return toChatRef({ conversation: channel, id } satisfies LocalPlace);
  }

  async updateReviewRequest(ref: ChatRef, view: ReviewRequestView): Promise<void> {
    await this.conversations.update(localPlace(ref).id, view, this.clock.now().toISOString());
  }

  async replyInThread(ref: ChatRef, notice: ThreadNoticeView, delivery: DeliveryAttempt): Promise<void> {
    const place = localPlace(ref);
    await this.post(place.conversation, place.id, 'thread_notice', notice.changeId, notice, delivery);
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
    return this.conversations.post({ deliveryKey: delivery.key, conversation, threadOf, kind, changeId, body }, this.clock.now().toISOString());
  }
}
