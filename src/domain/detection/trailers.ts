import { oneBlankLine } from './blank-lines.js';

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
  const block = lastParagraph(oneBlankLine(message));
  if (block.start === 0 && hasSubject) return []; // the whole message is its subject paragraph

  const trailers: Trailer[] = [];
  let nonTrailerLines = 0;
  let knownSeen = false;
  for (const line of block.lines) {
    const continuation = (line.startsWith(' ') || line.startsWith('\t')) && trailers.length > 0;
    const match = continuation ? null : TRAILER_LINE.exec(line);
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

/**
 * No trailer block is a thousand lines long (a squash merge of a large pull request
 * carries a few dozen co-authors); a longer last paragraph is text, and not splitting
 * it keeps a message of ten thousand `Key: value` lines as cheap as any other.
 */
const MAX_BLOCK_LINES = 1_000;

/** The lines of the last paragraph, trailing spaces trimmed, and whether a paragraph precedes it. */
function lastParagraph(text: string): { lines: string[]; start: number } {
  const trimmed = text.trimEnd();
  const breakAt = trimmed.lastIndexOf('\n\n');
  const paragraph = breakAt < 0 ? trimmed : trimmed.slice(breakAt + 2);
  const lines = paragraph.split('\n', MAX_BLOCK_LINES + 1);
  const usable = trimmed !== '' && lines.length <= MAX_BLOCK_LINES;
  return { lines: usable ? lines.map((l) => l.trimEnd()) : [], start: breakAt < 0 ? 0 : breakAt + 2 };
}

/**
 * The address inside `Name <address>` at the end of the value, lower-cased, or null.
 * Found by position, not by a pattern: `<a@a@a@…` without a closing `>` made a
 * backtracking pattern take time quadratic in the line.
 */
export function trailerAddress(value: string): string | null {
  const trimmed = value.trimEnd();
  if (!trimmed.endsWith('>')) return null;
  const address = trimmed.slice(trimmed.lastIndexOf('<') + 1, -1);
  const at = address.indexOf('@');
  const wellFormed = trimmed.lastIndexOf('<') >= 0 && at > 0 && at < address.length - 1 && !/[\s<>]/.test(address);
  return wellFormed ? address.toLowerCase() : null;
}
