import { fallback, section, type SlackMessage } from './blocks.js';
import { RAW, escapeCut } from './limits.js';

/** The private answer to a refused sign-off (send with `respond` / `chat.postEphemeral`). */
export function refusalMessage(reason: string): SlackMessage {
  const text = escapeCut(reason.trim() || 'Countersign could not record that.', RAW.message);
  return { text: fallback(text), blocks: [section(`:no_entry: ${text}`)] };
}
