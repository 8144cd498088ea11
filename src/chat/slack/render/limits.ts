import { escapeMrkdwn } from './escape.js';

/**
 * Slack's Block Kit limits, enforced here and nowhere else. Slack rejects a payload
 * that breaks one (`invalid_blocks`), so a long PR title or a busy queue must be cut,
 * not sent. https://docs.slack.dev/reference/block-kit/blocks
 */
export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  /** section text, context element text, and our fallback `text` */
  text: 3000,
  sectionField: 2000,
  contextElements: 10,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  actionsElements: 25,
  optionText: 75,
  optionDescription: 75,
  checkboxOptions: 10,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  inputLabel: 2000,
} as const;

/** How many items a list shows before "…and N more": a readable message, not a dump. */
export const LIST_ITEMS = {
  evidence: 10,
  riskReasons: 8,
  logins: 15,
  changesRequested: 10,
  listAnswer: 25,
  auditEvents: 30,
  rubberStamps: 10,
  homeSection: 20,
  help: 40,
} as const;

/** Raw user text is cut to these lengths before escaping, so escapes stay whole. */
export const RAW = {
  title: 200,
  lineTitle: 100,
  branch: 100,
  login: 60,
  detail: 200,
  /** risk reasons, and change-request notes in the request (the thread has them in full) */
  reason: 240,
  note: 1000,
  message: 1500,
} as const;

const ELLIPSIS = '…';

export function moreLine(omitted: number): string {
  return `${ELLIPSIS}and ${omitted} more`;
}

/** Cut raw (unescaped) text to `max` UTF-16 units, ending in "…", never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - ELLIPSIS.length);
  if (cut > 0 && isHighSurrogate(text.charCodeAt(cut - 1))) cut -= 1;
  return text.slice(0, cut) + ELLIPSIS;
}

/** Raw text cut to `max`, then escaped: the usual way user text enters mrkdwn. */
export function escapeCut(text: string, max: number): string {
  return escapeMrkdwn(truncate(text, max));
}

/**
 * Cut finished mrkdwn to `max`, backing off to a boundary that does not split an
 * entity (`&amp;`), one of our links (`<url|label>`) or a surrogate pair. A safety
 * net: renderers cut raw text first, so this rarely bites.
 */
export function clampMrkdwn(text: string, max: number = LIMITS.text): string {
  if (text.length <= max) return text;
  let cut = Math.max(0, max - ELLIPSIS.length);
  if (cut > 0 && isHighSurrogate(text.charCodeAt(cut - 1))) cut -= 1;
  const amp = text.lastIndexOf('&', cut - 1);
  if (amp >= 0) {
    const semi = text.indexOf(';', amp);
    if (semi === -1 || semi >= cut) cut = amp;
  }
  const open = text.lastIndexOf('<', cut - 1);
  if (open >= 0 && text.lastIndexOf('>', cut - 1) < open) cut = open;
  return text.slice(0, cut) + ELLIPSIS;
}

/**
 * Mrkdwn lines joined by newlines within `maxItems` and `maxChars`; whatever does not
 * fit is counted in a last "…and N more" line.
 */
export function fitLines(lines: readonly string[], opts: { maxItems: number; maxChars?: number }): string {
  const maxChars = opts.maxChars ?? LIMITS.text;
  if (lines.length <= opts.maxItems && joinedLength(lines) <= maxChars) return lines.join('\n');
  const reserve = moreLine(lines.length).length + 1;
  const budget = maxChars - reserve;
  const shown: string[] = [];
  let used = 0;
  for (const line of lines.slice(0, opts.maxItems)) {
    const clamped = clampMrkdwn(line, budget);
    const cost = clamped.length + (shown.length > 0 ? 1 : 0);
    if (used + cost > budget) break;
    shown.push(clamped);
    used += cost;
  }
  const omitted = lines.length - shown.length;
  return [...shown, moreLine(omitted)].join('\n');
}

/**
 * Mrkdwn lines packed into chunks of at most `maxChars` (one section block each), at
 * most `maxItems` lines and `maxChunks` chunks; `omitted` counts the lines left out.
 */
export function packLines(lines: readonly string[], opts: { maxItems: number; maxChunks: number; maxChars?: number }): { chunks: string[]; omitted: number } {
  const maxChars = opts.maxChars ?? LIMITS.text;
  const chunks: string[] = [];
  let current: string[] = [];
  let used = 0;
  let shown = 0;
  for (const line of lines.slice(0, opts.maxItems)) {
    const clamped = clampMrkdwn(line, maxChars);
    if (current.length > 0 && used + 1 + clamped.length > maxChars) {
      if (chunks.length + 1 >= opts.maxChunks) break;
      chunks.push(current.join('\n'));
      current = [];
      used = 0;
    }
    used += clamped.length + (current.length > 0 ? 1 : 0);
    current.push(clamped);
    shown += 1;
  }
  if (current.length > 0) chunks.push(current.join('\n'));
  return { chunks, omitted: lines.length - shown };
}

/** Escaped items joined with `sep` (", ") within `maxItems` and `maxChars`, then "…and N more". */
export function joinInline(items: readonly string[], opts: { maxItems: number; maxChars: number; sep?: string }): string {
  const sep = opts.sep ?? ', ';
  const shown: string[] = [];
  let used = 0;
  const reserve = moreLine(items.length).length + 1;
  for (const [i, item] of items.slice(0, opts.maxItems).entries()) {
    const cost = item.length + (shown.length > 0 ? sep.length : 0);
    const room = i === items.length - 1 ? opts.maxChars : opts.maxChars - reserve;
    if (used + cost > room) break;
    shown.push(item);
    used += cost;
  }
  const omitted = items.length - shown.length;
  if (omitted === 0) return shown.join(sep);
  return shown.length === 0 ? moreLine(omitted) : `${shown.join(sep)} ${moreLine(omitted)}`;
}

/**
 * At most `max` blocks. Trailing `actions` blocks survive (the buttons are the point
 * of the message); blocks before them are cut and counted in a context line.
 */
export function fitBlocks<B extends { type: string }>(blocks: readonly B[], max: number, more: (omitted: number) => B): B[] {
  if (blocks.length <= max) return [...blocks];
  let tailStart = blocks.length;
  while (tailStart > 0 && blocks[tailStart - 1]!.type === 'actions') tailStart -= 1;
  const tail = blocks.slice(tailStart);
  const head = blocks.slice(0, Math.max(0, max - 1 - tail.length));
  const omitted = blocks.length - head.length - tail.length;
  return [...head, more(omitted), ...tail];
}

/** For values that cannot be cut without breaking them (button values, private_metadata). */
export function assertWithin(value: string, max: number, what: string): string {
  if (value.length > max) throw new RangeError(`${what} is ${value.length} characters; Slack allows ${max}`);
  return value;
}

function joinedLength(lines: readonly string[]): number {
  return lines.reduce((n, l) => n + l.length, 0) + Math.max(0, lines.length - 1);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
