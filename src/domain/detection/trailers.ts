/**
 * Commit-message trailers, found the way `git interpret-trailers` finds them: only
 * in the last paragraph, never in the subject, and only when that paragraph is made
 * of trailers (all of it, or at least a quarter of it when one of them is a key git
 * or our configuration knows). A `Drive-by:` line in the middle of a message, or a
 * sentence that mentions `Co-authored-by:`, is prose.
 * See https://git-scm.com/docs/git-interpret-trailers ("The trailers are ...").
 */
export interface Trailer {
  key: string;
  value: string;
}

const TRAILER_LINE = /^([A-Za-z0-9][A-Za-z0-9-]*)[ \t]*:[ \t]*(.*)$/;
/** Lines git itself writes into a trailer block. */
const GIT_GENERATED = /^\(cherry picked from commit [0-9a-f]+\)$/;

/**
 * @param knownKeys lower-case keys that count as "configured" for git's 25% rule
 *   (git counts `Signed-off-by` and its own configured trailers).
 * @param hasSubject false for a PR body, whose first paragraph may already be the block.
 */
export function parseTrailers(message: string, knownKeys: ReadonlySet<string>, hasSubject = true): Trailer[] {
  const lines = message.replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(/\s+$/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  let start = lines.length;
  while (start > 0 && lines[start - 1] !== '') start--;
  if (start === 0 && hasSubject) return []; // the whole message is its subject paragraph
  const block = lines.slice(start);

  const trailers: Trailer[] = [];
  let nonTrailerLines = 0;
  let knownSeen = false;
  for (const line of block) {
    const continuation = /^[ \t]/.test(line) && trailers.length > 0;
    const match = TRAILER_LINE.exec(line);
    if (continuation) {
      const last = trailers[trailers.length - 1]!;
      last.value = `${last.value} ${line.trim()}`;
    } else if (match) {
      const key = match[1]!;
      trailers.push({ key, value: match[2]!.trim() });
      if (knownKeys.has(key.toLowerCase())) knownSeen = true;
    } else if (GIT_GENERATED.test(line)) {
      knownSeen = true;
    } else {
      nonTrailerLines++;
    }
  }
  if (trailers.length === 0) return [];
  const allTrailers = nonTrailerLines === 0;
  const quarter = trailers.length * 3 >= nonTrailerLines && knownSeen;
  return allTrailers || quarter ? trailers : [];
}

/** The address inside `Name <address>`, lower-cased, or null. */
export function trailerAddress(value: string): string | null {
  const match = /<([^<>\s]+@[^<>\s]+)>\s*$/.exec(value);
  return match ? match[1]!.toLowerCase() : null;
}
