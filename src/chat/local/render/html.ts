import { zonedTime } from '../../../app/wording.js';

/**
 * HTML built with a tagged template that escapes every interpolated value, so user
 * text (titles, branch names, notes) can only ever be text. Markup we build ourselves
 * is wrapped in `Html` and passes through; arrays are joined.
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = Html | string | number | boolean | null | undefined | readonly Part[];

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

function part(value: Part): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof Html) return value.value;
  if (Array.isArray(value)) return value.map(part).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0]!;
  values.forEach((v, i) => { out += part(v) + strings[i + 1]!; });
  return new Html(out);
}

/** An http(s) link, or the text alone: a `javascript:` URL in a payload never becomes a link. */
export function link(url: string, text: Part): Html {
  return /^https?:\/\//i.test(url) ? html`<a href="${url}" rel="noreferrer noopener" target="_blank">${text}</a>` : html`${text}`;
}

export const sha7 = (sha: string): Html => html`<code>${sha.slice(0, 7)}</code>`;

/** "2026-11-23 09:05 CET": an ISO time in `zone`; the raw text when it does not parse. */
export function timeIn(iso: string, zone: string): string {
  return zonedTime(iso, zone) ?? iso;
}
