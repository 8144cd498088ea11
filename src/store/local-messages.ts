import type { Db } from './changes.js';
import type { LocalMessageKind, LocalMessageRow } from './schema.js';

export interface NewLocalMessage {
  deliveryKey: string;
  conversation: string;
  threadOf: number | null;
  kind: LocalMessageKind;
  changeId: number | null;
  body: unknown;
}

/**
 * Write a playground message once per delivery key and return its id: a delivery
 * retried after a crash finds the message it already wrote.
 */
export async function postLocalMessage(db: Db, message: NewLocalMessage, now: string): Promise<number> {
  await db.insertInto('local_messages').values({
    delivery_key: message.deliveryKey, conversation: message.conversation, thread_of: message.threadOf, kind: message.kind,
    change_id: message.changeId, body: JSON.stringify(message.body), posted_at: now, updated_at: now,
  }).onConflict((oc) => oc.column('delivery_key').doNothing()).execute();
  const row = await db.selectFrom('local_messages').select('id').where('delivery_key', '=', message.deliveryKey).executeTakeFirstOrThrow();
  return row.id;
}

/** Replace a message's view (a review request after a decision); false if there is no such message. */
export async function updateLocalMessage(db: Db, id: number, body: unknown, now: string): Promise<boolean> {
  const result = await db.updateTable('local_messages').set((eb) => ({ body: JSON.stringify(body), updated_at: now, edits: eb('edits', '+', 1) })).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** A conversation's messages, oldest first, replies included (their `thread_of` names the parent). */
export async function localConversation(db: Db, conversation: string, limit = 200): Promise<LocalMessageRow[]> {
  const rows = await db.selectFrom('local_messages').selectAll().where('conversation', '=', conversation).orderBy('id', 'desc').limit(limit).execute();
  return rows.reverse();
}

/** Every conversation with its message count (channels and direct messages alike). */
export async function localConversations(db: Db): Promise<{ conversation: string; messages: number }[]> {
  const rows = await db.selectFrom('local_messages').select(['conversation', (eb) => eb.fn.countAll<number>().as('messages')])
    .groupBy('conversation').orderBy('conversation').execute();
  return rows.map((r) => ({ conversation: r.conversation, messages: Number(r.messages) }));
}

/** Changes whenever a message is posted or updated: the page polls it to know when to redraw. */
export async function localMessagesVersion(db: Db): Promise<string> {
  const row = await db.selectFrom('local_messages').select([(eb) => eb.fn.max('id').as('last_id'), (eb) => eb.fn.sum<number>('edits').as('edits')]).executeTakeFirst();
  return `${row?.last_id ?? 0}:${row?.edits ?? 0}`;
}
