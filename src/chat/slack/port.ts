import type { WebClient } from '@slack/web-api';
import { fromChatRef, toChatRef } from '../../app/chat-ref.js';
import type { ChannelPacing, ChatPort, ChatRef, DeliveryAttempt } from '../../app/ports.js';
import type { AlertView, ReviewRequestView, ThreadNoticeView } from '../../app/views.js';
import { toPortError } from './client.js';
import { METADATA_EVENT_TYPE, renderAlert, renderDigest, renderReviewRequest, renderThreadNotice } from './render/index.js';
import type { DigestView } from '../../domain/digest.js';

/** How far back to look for a message whose answer was lost. */
const RECOVERY_WINDOW_S = 24 * 3600;
/** At most this many pages of 200 messages are searched. */
const RECOVERY_PAGES = 10;

/** Where a Slack message lives. */
interface SlackPlace {
  channel: string;
  ts: string;
}

const slackRef = (place: SlackPlace): ChatRef => toChatRef({ channel: place.channel, ts: place.ts });
const slackPlace = (ref: ChatRef): SlackPlace => fromChatRef<SlackPlace>(ref, 'Slack', { channel: 'string', ts: 'string' });

/**
 * The chat port over Slack's Web API. Every post carries its outbox key in the
 * message metadata; a retried post first looks for a message with that key (a
 * timeout may have lost the answer to a post Slack did make), so a retry never posts
 * twice. Needs the channels:history / groups:history scopes.
 */
export class SlackChatPort implements ChatPort {
  readonly platform = 'slack' as const;

  constructor(
    private readonly client: WebClient,
    /** chat.postMessage allows about one message per second per channel (short bursts aside). */
    readonly pacing: ChannelPacing = { intervalMs: 1000 },
    /** Told after a review request was posted or updated (to refresh the App Home of those it concerns). */
    private readonly onShown: (view: ReviewRequestView) => void = () => {},
    private readonly nowSeconds: () => number = () => Date.now() / 1000,
  ) {}

  async postReviewRequest(channel: string, view: ReviewRequestView, delivery: DeliveryAttempt): Promise<ChatRef> {
    const doing = `posting the review request for ${view.repo}#${view.number} to ${channel}`;
    try {
      if (delivery.retrying) {
        const found = await this.findPosted(channel, delivery.key);
        if (found) return slackRef(found);
      }
      const message = renderReviewRequest(view);
      const res = await this.client.chat.postMessage({ channel, ...message, metadata: keyed(message.metadata, delivery.key), unfurl_links: false, unfurl_media: false });
      this.onShown(view);
      return slackRef({ channel: res.channel ?? channel, ts: res.ts! });
    } catch (error) {
      throw toPortError(error, doing);
    }
  }

  async updateReviewRequest(ref: ChatRef, view: ReviewRequestView): Promise<void> {
    const message = renderReviewRequest(view);
    const place = slackPlace(ref);
    try {
      await this.client.chat.update({ channel: place.channel, ts: place.ts, text: message.text, blocks: message.blocks });
      this.onShown(view);
    } catch (error) {
      throw toPortError(error, `updating the review request for ${view.repo}#${view.number}`);
    }
  }

  async replyInThread(ref: ChatRef, notice: ThreadNoticeView, delivery: DeliveryAttempt): Promise<void> {
    const place = slackPlace(ref);
    try {
      if (delivery.retrying && (await this.findReply(place, delivery.key))) return;
      const metadata = { event_type: `${METADATA_EVENT_TYPE}_notice`, event_payload: { change_id: notice.changeId, outbox_key: delivery.key } };
      // A merge without sign-off is shown in the channel too, not only in the thread.
      const broadcast = notice.kind === 'merged_without_signoff';
      await this.client.chat.postMessage({ channel: place.channel, thread_ts: place.ts, reply_broadcast: broadcast, ...renderThreadNotice(notice), metadata, unfurl_links: false });
    } catch (error) {
      throw toPortError(error, `replying in the thread of change ${notice.changeId}`);
    }
  }

  async sendDirect(userId: string, alert: AlertView, delivery: DeliveryAttempt): Promise<void> {
    try {
      const opened = await this.client.conversations.open({ users: userId });
      await this.postOnce(opened.channel?.id ?? userId, alert, delivery);
    } catch (error) {
      throw toPortError(error, `alerting ${userId} about change ${alert.changeId}`);
    }
  }

  async postDigest(channel: string, digest: DigestView, delivery: DeliveryAttempt): Promise<void> {
    try {
      if (delivery.retrying && (await this.findPosted(channel, delivery.key))) return;
      const metadata = { event_type: `${METADATA_EVENT_TYPE}_digest`, event_payload: { team: digest.team, date: digest.date, outbox_key: delivery.key } };
      await this.client.chat.postMessage({ channel, ...renderDigest(digest), metadata, unfurl_links: false, unfurl_media: false });
    } catch (error) {
      throw toPortError(error, `posting the ${digest.team} digest to ${channel}`);
    }
  }

  async postAlert(channel: string, alert: AlertView, delivery: DeliveryAttempt): Promise<void> {
    try {
      await this.postOnce(channel, alert, delivery);
    } catch (error) {
      throw toPortError(error, `posting an alert about change ${alert.changeId} to ${channel}`);
    }
  }

  private async postOnce(channel: string, alert: AlertView, delivery: DeliveryAttempt): Promise<void> {
    const metadata = { event_type: `${METADATA_EVENT_TYPE}_alert`, event_payload: { change_id: alert.changeId, outbox_key: delivery.key } };
    if (delivery.retrying && (await this.findPosted(channel, delivery.key))) return;
    await this.client.chat.postMessage({ channel, ...renderAlert(alert), metadata, unfurl_links: false });
  }

  /** Look back through the recovery window, a page at a time (a busy channel has more than one page). */
  private async findPosted(channel: string, key: string): Promise<SlackPlace | null> {
    let cursor: string | undefined;
    for (let page = 0; page < RECOVERY_PAGES; page++) {
      const res = await this.client.conversations.history({ channel, oldest: String(Math.floor(this.nowSeconds() - RECOVERY_WINDOW_S)), include_all_metadata: true, limit: 200, ...(cursor ? { cursor } : {}) });
      const hit = (res.messages ?? []).find((m) => carriesKey(m, key));
      if (hit?.ts) return { channel, ts: hit.ts };
      cursor = res.response_metadata?.next_cursor || undefined;
      if (!res.has_more || !cursor) return null;
    }
    return null;
  }

  private async findReply(ref: SlackPlace, key: string): Promise<boolean> {
    const res = await this.client.conversations.replies({ channel: ref.channel, ts: ref.ts, include_all_metadata: true, limit: 200 });
    return (res.messages ?? []).some((m) => carriesKey(m, key));
  }
}

function keyed(metadata: { event_type: string; event_payload: Record<string, unknown> }, key: string) {
  return { event_type: metadata.event_type, event_payload: { ...metadata.event_payload, outbox_key: key } };
}

function carriesKey(message: { metadata?: { event_payload?: Record<string, unknown> } }, key: string): boolean {
  return message.metadata?.event_payload?.outbox_key === key;
}
