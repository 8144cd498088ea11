import type { AdapterState } from '../../app/adapter-state.js';
import { fromChatRef, toChatRef } from '../../app/chat-ref.js';
import { PermanentChatError, TransientError, type ChannelPacing, type ChatPort, type ChatRef, type DeliveryAttempt } from '../../app/ports.js';
import type { AlertView, ReviewRequestView, ThreadNoticeView } from '../../app/views.js';
import type { DigestView } from '../../domain/digest.js';
import type { BotFramework } from './bot-framework.js';
import { answerLost, toPortError } from './errors.js';
import { KEYS, type KnownChannel, type KnownUser } from './installs.js';
import { renderAlert, renderDigest, renderReviewRequest, renderThreadNotice, type AdaptiveCard } from './render/index.js';
import type { OutgoingMessage, TeamsConversation, TeamsPostRef } from './wire.js';

/** Where a Teams message lives: its conversation (a channel thread) and activity id. */
const teamsRef = (ref: TeamsPostRef): ChatRef => toChatRef({ tenantId: ref.tenantId, serviceUrl: ref.serviceUrl, conversationId: ref.conversationId, activityId: ref.activityId });
const teamsPlace = (ref: ChatRef): TeamsPostRef => fromChatRef<TeamsPostRef>(ref, 'Teams', { tenantId: 'string', serviceUrl: 'string', conversationId: 'string', activityId: 'string' });

/** The Teams user ids (29:…) whose clients should fetch their own view of a card. */
export type RefreshAudience = (view: ReviewRequestView) => Promise<string[]>;

/**
 * The chat port over the Bot Framework connector. Teams offers no search for a bot's
 * own posts, so each post's activity id is written to the adapter's state, under its
 * outbox key, the moment Teams answers: a retry finds it there and does not post again.
 * A channel of a team that has not installed the app is not postable yet: its
 * deliveries wait (and doctor names the team) until the install arrives.
 */
export class TeamsChatPort implements ChatPort {
  readonly platform = 'teams' as const;

  constructor(
    private readonly bot: BotFramework,
    private readonly state: AdapterState,
    private readonly refreshAudience: RefreshAudience,
    /** Teams allows a bot about 7 messages a second and 60 in 30 seconds in one conversation. */
    readonly pacing: ChannelPacing = { intervalMs: 1000 },
  ) {}

  async postReviewRequest(channel: string, view: ReviewRequestView, delivery: DeliveryAttempt): Promise<ChatRef> {
    const card = renderReviewRequest(view, { refreshFor: await this.refreshAudience(view) });
    return teamsRef(await this.once(delivery.key, `posting the review request for ${view.repo}#${view.number} to ${channel}`, () => this.toChannel(channel, { card, text: card.fallbackText })));
  }

  async updateReviewRequest(ref: ChatRef, view: ReviewRequestView): Promise<void> {
    const card = renderReviewRequest(view, { refreshFor: await this.refreshAudience(view) });
    try {
      await this.bot.update(teamsPlace(ref), { card, text: card.fallbackText });
    } catch (error) {
      throw toPortError(error, `updating the review request for ${view.repo}#${view.number}`);
    }
  }

  async replyInThread(ref: ChatRef, notice: ThreadNoticeView, delivery: DeliveryAttempt): Promise<void> {
    const card = renderThreadNotice(notice);
    await this.once(delivery.key, `replying in the thread of change ${notice.changeId}`, () => this.bot.send(teamsPlace(ref), message(card)));
  }

  async sendDirect(aadObjectId: string, alert: AlertView, delivery: DeliveryAttempt): Promise<void> {
    await this.once(delivery.key, `sending a direct message about ${alert.repo}#${alert.number}`, async () => this.bot.send(await this.personalChat(aadObjectId), message(renderAlert(alert))));
  }

  async postDigest(channel: string, digest: DigestView, delivery: DeliveryAttempt): Promise<void> {
    // One key per part: a retry after part 2 of 3 failed sends part 3 only.
    const parts = renderDigest(digest);
    for (const [i, card] of parts.entries()) {
      await this.once(parts.length > 1 ? `${delivery.key}#${i + 1}` : delivery.key, `posting the digest of ${digest.team} to ${channel}`, () => this.toChannel(channel, message(card)));
    }
  }

  async postAlert(channel: string, alert: AlertView, delivery: DeliveryAttempt): Promise<void> {
    await this.once(delivery.key, `posting an alert about ${alert.repo}#${alert.number} to ${channel}`, () => this.toChannel(channel, message(renderAlert(alert))));
  }

  /** Post at most once per key: the sent activity is recorded before anything can retry. */
  private async once(key: string, doing: string, post: () => Promise<TeamsPostRef>): Promise<TeamsPostRef> {
    const sent = (await this.state.get(KEYS.sent(key))) as TeamsPostRef | { answerLost: string } | null;
    if (sent && 'answerLost' in sent) throw lost(doing, sent.answerLost);
    if (sent) return sent;
    let ref: TeamsPostRef;
    try {
      ref = await post();
    } catch (error) {
      if (!answerLost(error)) throw toPortError(error, doing);
      // Teams may hold the message; with no way to look, posting again risks a second copy.
      await this.state.put(KEYS.sent(key), { answerLost: (error as Error).message });
      throw lost(doing, (error as Error).message);
    }
    await this.state.put(KEYS.sent(key), ref);
    return ref;
  }

  private async toChannel(channelId: string, msg: OutgoingMessage): Promise<TeamsPostRef> {
    const known = (await this.state.get(KEYS.channel(channelId))) as KnownChannel | null;
    if (!known) {
      // Not an error to park: the team installs the app, and this goes out at the next retry
      // (backoff, at most ten minutes apart). No Retry-After: that would pause the channel here.
      throw new TransientError(`channel ${channelId} is not in a team that has installed Countersign yet; it waits until the app is added to the team`);
    }
    return this.bot.postToChannel({ tenantId: known.tenantId, serviceUrl: known.serviceUrl, channelId }, msg);
  }

  private async personalChat(aadObjectId: string): Promise<TeamsConversation> {
    const chat = (await this.state.get(KEYS.chat(aadObjectId))) as TeamsConversation | null;
    if (chat) return chat;
    const user = (await this.state.get(KEYS.user(aadObjectId))) as KnownUser | null;
    if (!user) {
      throw new PermanentChatError('unknown_user', `Teams has not introduced Countersign to user ${aadObjectId}: install the app for them (an app setup policy does this for seniors and leads) or add it to a team they are in`);
    }
    const opened = await this.bot.openPersonalChat(user);
    await this.state.put(KEYS.chat(aadObjectId), opened);
    return opened;
  }
}

function lost(doing: string, why: string): PermanentChatError {
  return new PermanentChatError('answer_lost', `${doing}: Teams did not answer (${why}); it may have posted the message, so it is not posted again. Check the conversation`);
}

function message(card: AdaptiveCard): OutgoingMessage {
  return { card, ...(card.fallbackText ? { text: card.fallbackText } : {}) };
}
