/**
 * Teams as plain JSON: what the adapter keeps and passes around instead of the SDK's
 * objects, so references survive an SDK change and are safe to store.
 */

/** A conversation the bot can write to: a channel thread, a channel, a personal chat. */
export interface TeamsConversation {
  tenantId: string;
  serviceUrl: string;
  conversationId: string;
}

/** One message the bot posted: the opaque reference Teams' chat port hands back. */
export interface TeamsPostRef extends TeamsConversation {
  activityId: string;
}

export interface OutgoingMessage {
  /** Plain text (textFormat plain when there is no card), or the card's summary for notifications. */
  text?: string;
  /** An Adaptive Card's JSON. */
  card?: object;
  entities?: object[];
}

export interface TeamsMember {
  id: string;
  aadObjectId: string | null;
  email: string | null;
  userPrincipalName: string | null;
  name: string | null;
  tenantId: string | null;
}

/** The fields of an inbound activity Countersign reads. */
export interface InboundActivity {
  type: string;
  name: string | null;
  id: string | null;
  text: string | null;
  value: unknown;
  replyToId: string | null;
  serviceUrl: string;
  from: { id: string; aadObjectId: string | null; name: string | null };
  recipientId: string;
  conversation: { id: string; type: string | null };
  tenantId: string | null;
  teamId: string | null;
  teamName: string | null;
  channelId: string | null;
  /** conversationUpdate's channelData.eventType (teamMemberAdded, channelCreated, …). */
  eventType: string | null;
  /** installationUpdate's action (add, remove, …). */
  action: string | null;
  mentions: { id: string; text: string }[];
  /** conversationUpdate: who joined or left (their ids; the bot's own is `recipientId`). */
  membersAdded: string[];
  membersRemoved: string[];
}

/** The answer to an invoke (Action.Execute), sent as the HTTP response body. */
export interface InvokeAnswer {
  status: number;
  body: unknown;
}

export function conversationOf(activity: InboundActivity): TeamsConversation | null {
  if (!activity.tenantId || !activity.serviceUrl || !activity.conversation.id) return null;
  return { tenantId: activity.tenantId, serviceUrl: activity.serviceUrl, conversationId: activity.conversation.id };
}
