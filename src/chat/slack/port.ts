import type { WebClient } from '@slack/web-api';
import type { ChatPort, MessageRef } from '../../app/ports.js';
import type { ReviewRequestView, ThreadNoticeView } from '../../app/views.js';
import { renderReviewRequest, renderThreadNotice } from './render/index.js';
import { toPortError } from './client.js';

/** The chat port over Slack's Web API. */
export class SlackChatPort implements ChatPort {
  readonly platform = 'slack' as const;

  constructor(private readonly client: WebClient) {}

  async postReviewRequest(channel: string, view: ReviewRequestView): Promise<MessageRef> {
    const message = renderReviewRequest(view);
    try {
      const res = await this.client.chat.postMessage({ channel, ...message, unfurl_links: false, unfurl_media: false });
      return { channel: res.channel ?? channel, ts: res.ts! };
    } catch (error) {
      throw toPortError(error, `posting the review request for ${view.repo}#${view.number} to ${channel}`);
    }
  }

  async updateReviewRequest(ref: MessageRef, view: ReviewRequestView): Promise<void> {
    const message = renderReviewRequest(view);
    try {
      await this.client.chat.update({ channel: ref.channel, ts: ref.ts, ...message });
    } catch (error) {
      throw toPortError(error, `updating the review request for ${view.repo}#${view.number}`);
    }
  }

  async replyInThread(ref: MessageRef, notice: ThreadNoticeView): Promise<void> {
    try {
      await this.client.chat.postMessage({ channel: ref.channel, thread_ts: ref.ts, ...renderThreadNotice(notice), unfurl_links: false });
    } catch (error) {
      throw toPortError(error, `replying in the thread of change ${notice.changeId}`);
    }
  }
}
