import type { Store } from '../store/db.js';
import { localConversation, localConversations, localMessagesVersion, postLocalMessage, updateLocalMessage } from '../store/local-messages.js';
import type { LocalMessageKind, LocalMessageRow } from '../store/schema.js';

export type { LocalMessageKind };

/** A message the playground shows: a view model in a conversation, maybe in a thread. */
export type LocalMessage = LocalMessageRow;

/**
 * The playground's chat service: where its adapter keeps the messages it "posts". The
 * messages live in their own table beside the adapter-state table (they are paged and
 * counted per conversation, which a key-value table does badly); the adapter reaches
 * them only through this.
 */
export interface LocalConversations {
  /** Write a message once per delivery key and return its id. */
  post(message: { deliveryKey: string; conversation: string; threadOf: number | null; kind: LocalMessageKind; changeId: number | null; body: unknown }, now: string): Promise<number>;
  /** Replace a message's view; false if there is no such message. */
  update(id: number, body: unknown, now: string): Promise<boolean>;
  /** A conversation's latest messages, oldest first. */
  messages(conversation: string): Promise<LocalMessage[]>;
  /** Every conversation with its message count. */
  list(): Promise<{ conversation: string; messages: number }[]>;
  /** Changes whenever a message is posted or updated. */
  version(): Promise<string>;
}

export function localConversationsIn(store: Pick<Store, 'db'>): LocalConversations {
  const { db } = store;
  return {
    post: (message, now) => postLocalMessage(db, message, now),
    update: (id, body, now) => updateLocalMessage(db, id, body, now),
    messages: (conversation) => localConversation(db, conversation),
    list: () => localConversations(db),
    version: () => localMessagesVersion(db),
  };
}
