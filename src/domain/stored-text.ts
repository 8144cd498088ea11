/**
 * Text as the databases keep it. SQLite and PostgreSQL store UTF-8: a lone UTF-16
 * surrogate (valid in a JavaScript string, and in JSON as `\ud800`) is written as
 * U+FFFD, and PostgreSQL refuses U+0000 in text outright. A value that would change
 * on the way in must be changed first, before anything is derived from it (a hash,
 * a lookup key), or what was hashed is not what was stored.
 */
const UNSTORABLE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|\u0000/g;

/** True when `text` is stored exactly as it is (two native checks: this runs on every text an event or a bulk write carries). */
export function isStorableText(text: string): boolean {
  return text.isWellFormed() && !text.includes('\u0000');
}

/** `text` as it will be read back: lone surrogates and NUL become U+FFFD. */
export function storableText(text: string): string {
  return isStorableText(text) ? text : text.replace(UNSTORABLE, '\uFFFD');
}

/** A parsed JSON value with every string (keys too) made storable. */
export function storableJson(value: unknown): unknown {
  if (typeof value === 'string') return storableText(value);
  if (Array.isArray(value)) return value.map(storableJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storableText(k), storableJson(v)]));
  }
  return value;
}
