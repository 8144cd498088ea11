/**
 * Slack mrkdwn treats `<…>` as control sequences (`<!channel>`, `<@U…>`, `<#C…>`,
 * `<!subteam^…>`, `<https://evil|Looks safe>`), so raw text from GitHub or people
 * must never reach a mrkdwn field unescaped (TECH-NOTES §1.6). Slack asks for exactly
 * these three entities; `&` goes first so the others are not double-escaped.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Collapse line breaks and runs of whitespace: titles, branches and logins are one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * The URL as it may stand inside `<url|label>`, or null when it is not http(s).
 * A `|` would end the URL early and let the rest pose as the label, and whitespace or
 * angle brackets do not belong in a URL at all, so they are percent-encoded; `&` is
 * entity-escaped as Slack documents.
 */
export function linkableUrl(url: string): string | null {
  if (!/^https?:\/\/[^\s/]/i.test(url)) return null;
  const encoded = url.replace(/[|<>\s"]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return escapeMrkdwn(encoded);
}

/**
 * `<url|label>` with the label escaped here (pass it raw). A URL that cannot be linked
 * safely leaves only the escaped label.
 */
export function mrkdwnLink(url: string, rawLabel: string): string {
  const label = escapeMrkdwn(rawLabel);
  const href = linkableUrl(url);
  return href === null ? label : `<${href}|${label}>`;
}
