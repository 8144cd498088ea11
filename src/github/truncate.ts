/**
 * Cutting text to GitHub's field limits without splitting a character: a lone surrogate or a
 * partial UTF-8 sequence would turn into U+FFFD, or be refused outright.
 */

/** `text` in at most `maxBytes` UTF-8 bytes, `notice` included when it had to be cut. */
export function truncateBytes(text: string, maxBytes: number, notice: string): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = Math.max(0, maxBytes - Buffer.byteLength(notice, 'utf8'));
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--; // back off to the start of a code point
  return bytes.subarray(0, end).toString('utf8') + notice;
}

/**
 * `text` in at most `max` UTF-16 code units, `notice` included when it had to be cut. GitHub
 * counts characters (code points); code units are never fewer, so this stays within its limit.
 */
export function truncateChars(text: string, max: number, notice: string): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - notice.length);
  if (end > 0 && isHighSurrogate(text.charCodeAt(end - 1))) end--;
  return text.slice(0, end) + notice;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
