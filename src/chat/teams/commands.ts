import type { InboundActivity } from './wire.js';

/**
 * The text of a command addressed to the bot: its own @mention removed (Teams puts
 * `<at>Countersign</at>` in the text of channel messages), HTML entities Teams adds
 * decoded, and an optional leading `/signoff` or `signoff` dropped, so the grammar is
 * Slack's.
 */
export function commandText(activity: InboundActivity): string {
  let text = activity.text ?? '';
  for (const m of activity.mentions) {
    if (m.id === activity.recipientId && m.text) text = text.split(m.text).join(' ');
  }
  text = text.replace(/<[^<>]{0,200}>/g, ' ').replace(/&nbsp;/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  return text.trim().replace(/^\/?signoff\b\s*/i, '');
}

