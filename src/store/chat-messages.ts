import type { Db } from './changes.js';

export interface ChatMessage {
  changeId: number;
  platform: string;
  team: string;
  channel: string;
  messageRef: string;
}

/** Where a change's review request lives for one team on one platform, if it was posted. */
export async function findChatMessage(db: Db, changeId: number, platform: string, team: string): Promise<ChatMessage | null> {
  const row = await db.selectFrom('chat_messages').select(['change_id', 'platform', 'team', 'channel', 'message_ref'])
    .where('change_id', '=', changeId).where('platform', '=', platform).where('team', '=', team).executeTakeFirst();
  return row ? { changeId: row.change_id, platform: row.platform, team: row.team, channel: row.channel, messageRef: row.message_ref } : null;
}

/** Find the change a platform message belongs to (a click carries channel + ts). */
export async function findChatMessageByRef(db: Db, platform: string, channel: string, messageRef: string): Promise<ChatMessage | null> {
  const row = await db.selectFrom('chat_messages').select(['change_id', 'platform', 'team', 'channel', 'message_ref'])
    .where('platform', '=', platform).where('channel', '=', channel).where('message_ref', '=', messageRef).executeTakeFirst();
  return row ? { changeId: row.change_id, platform: row.platform, team: row.team, channel: row.channel, messageRef: row.message_ref } : null;
}

export async function saveChatMessage(db: Db, m: ChatMessage & { conversation?: string | null }, now: string): Promise<void> {
  await db.insertInto('chat_messages')
    .values({ change_id: m.changeId, platform: m.platform, team: m.team, channel: m.channel, message_ref: m.messageRef, conversation: m.conversation ?? null, created_at: now, updated_at: now })
    .onConflict((oc) => oc.columns(['change_id', 'platform', 'team']).doNothing())
    .execute();
}
