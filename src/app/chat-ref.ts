import { PermanentChatError, type ChatRef } from './ports.js';

/**
 * An adapter's own description of where a message lives, made into a ChatRef (JSON
 * text) and read back. The adapter checks the shape it reads back, since the text has
 * been through the database.
 */
export function toChatRef(place: object): ChatRef {
  return JSON.stringify(place) as ChatRef;
}

/** The adapter's fields; a reference it does not understand cannot be retried into sense. */
export function fromChatRef<T>(ref: ChatRef, platform: string, fields: Readonly<Record<keyof T & string, 'string' | 'number'>>): T {
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(ref);
  } catch {
    // reported below
  }
  const place = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Record<string, unknown>;
  const fits = Object.entries(fields).every(([name, type]) => typeof place[name] === type);
  if (!fits) throw new PermanentChatError('bad_chat_ref', `not a ${platform} message reference: ${ref.slice(0, 80)}`);
  return place as T;
}
