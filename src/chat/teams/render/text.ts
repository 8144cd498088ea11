import { zonedTime } from '../../../app/wording.js';

/**
 * Untrusted text in Teams. Adaptive Card TextBlocks and facts are Markdown (links,
 * emphasis, lists) and Teams' clients honour backslash escapes inconsistently
 * (microsoft/AdaptiveCards#5590, #4677), so user text (titles, branches, notes,
 * logins) goes only into TextRuns, which render no Markdown at all. `<at>` is broken
 * everywhere (every `<` is): a title holding `<at>Sam</at>` must never match a mention entity.
 */

const ZERO_WIDTH_SPACE = '\u200B';

/**
 * Every `<` gets a zero-width space after it: `<at>` can no longer match a mention, and
 * no tag survives into a surface that reads HTML (notification previews, older clients).
 * The text looks the same.
 */
export function defuseMentions(text: string): string {
  return text.replace(/</g, `<${ZERO_WIDTH_SPACE}`);
}

/** One line, cut to `max` characters with an ellipsis. Control characters become spaces. */
export function oneLine(text: string, max = 300): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Several lines (a note), each kept, cut to `max` characters overall. */
export function multiLine(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/\r\n?/g, '\n').replace(/[\u0000-\u0009\u000b-\u001f\u007f]+/g, ' ').trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

export interface TextRun {
  type: 'TextRun';
  text: string;
  weight?: 'Bolder';
  italic?: boolean;
  color?: 'Good' | 'Warning' | 'Attention' | 'Accent';
  isSubtle?: boolean;
  selectAction?: { type: 'Action.OpenUrl'; url: string };
}

/** User (or GitHub) text as a TextRun: shown exactly as written, never as Markdown. */
export function run(text: string, style: Omit<TextRun, 'type' | 'text'> = {}): TextRun {
  return { type: 'TextRun', text: defuseMentions(text), ...style };
}

/** Only http(s) URLs become links; anything else is shown, not followed. */
export function linkable(url: string): string | null {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

/** Plain-message text (textFormat plain): no Markdown, no mentions, just characters. */
export function plainMessage(text: string): string {
  return defuseMentions(text);
}

/** "2023-05-01 14:03 CEST" from an ISO time, in `zone`; the raw text, cut, when it does not parse. */
export function timeIn(iso: string, zone: string): string {
  return zonedTime(iso, zone) ?? oneLine(iso, 40);
}
