import type { Db } from './changes.js';

export interface ChatMessage {
  changeId: number;
  platform: string;
  team: string;
  /** The destination it was posted to, as the config names it. */
  channel: string;
  /** The adapter's serialised reference to the message (a ChatRef). */
  messageRef: string;
}

/** Where a change's review request lives for one team on one platform, if it was posted. */
export async function findChatMessage(db: Db, changeId: number, platform: string, team: string): Promise<ChatMessage | null> {
  const row = await db.selectFrom('chat_messages').select(['change_id', 'platform', 'team', 'channel', 'message_ref'])
    .where('change_id', '=', changeId).where('platform', '=', platform).where('team', '=', team).executeTakeFirst();
  return row ? { changeId: row.change_id, platform: row.platform, team: row.team, channel: row.channel, messageRef: row.message_ref } : null;
}

export async function saveChatMessage(db: Db, m: ChatMessage, now: string): Promise<void> {
  await db.insertInto('chat_messages')
    .values({ change_id: m.changeId, platform: m.platform, team: m.team, channel: m.channel, message_ref: m.messageRef, conversation: null, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['change_id', 'platform', 'team']).doNothing())
    .execute();
}
