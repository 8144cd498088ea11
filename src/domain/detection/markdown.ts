/**
 * Text that quotes a marker is not the marker: a PR that forbids the
 * "Generated with Claude Code" footer quotes it in code or a block quote, and
 * Dependabot quotes upstream release notes and commits in `<blockquote>`. Strip
 * fenced code, inline code spans, block quotes and their HTML forms (`<blockquote>`,
 * `<pre>`, `<code>`) before matching. Indented lines stay (in PR templates they are
 * nested checklist items far more often than code), and so do HTML comments: agents
 * hide their markers in them. Removed lines become a blank line, so the paragraphs
 * around them stay apart.
 */
export function withoutQuotedText(markdown: string): string {
  const text = markdown.replace(/\r\n?/g, '\n');
  if (!/[`~>]/.test(text)) return withoutHtmlQuotes(text); // no fence, block quote or code span
  // Walk the lines by offset and copy kept runs of lines whole: a body of 65,536 short
  // lines then costs about what one long line does.
  let out = '';
  let copied = 0; // text before this offset is already in `out`
  let fence: string | null = null;
  let dropped = false; // the previous line was dropped
  for (let start = 0; start <= text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    const at = start + indentation(text, start, end);
    const lead = text.charAt(at);
    const opener = lead === '`' || lead === '~' ? fenceAt(text, at, end) : null;
    let drop = false;
    if (fence) {
      if (opener && opener.startsWith(fence)) fence = null;
      drop = true;
    } else if (opener) {
      fence = opener;
      drop = true;
    } else {
      drop = lead === '>';
    }
    if (drop) { // lose the line; a run of dropped lines leaves one blank line
      if (!dropped) out += text.slice(copied, start);
      copied = end;
    }
    dropped = drop;
    start = end + 1;
  }
  out += text.slice(copied);
  return withoutHtmlQuotes(out.replace(CODE_SPAN, ''));
}

/** A code span: a run of backticks, then the same run again on the same line. */
const CODE_SPAN = /(`+)[^`\n]*?\1/g;

/** How many spaces or tabs (at most three, Markdown's allowance) begin the line at `start`. */
function indentation(text: string, start: number, end: number): number {
  let n = 0;
  while (n < 3 && start + n < end && (text.charCodeAt(start + n) === 32 || text.charCodeAt(start + n) === 9)) n++;
  return n;
}

/** The run of three or more backticks or tildes at `at` that opens or closes a fence, or null. */
function fenceAt(text: string, at: number, end: number): string | null {
  const mark = text.charCodeAt(at);
  let runEnd = at;
  while (runEnd < end && text.charCodeAt(runEnd) === mark) runEnd++;
  return runEnd - at >= 3 ? text.slice(at, runEnd) : null;
}

/** `[^<>]*`, not `[^>]*`: an unclosed `<pre <pre <pre …` must not rescan the rest of the body from every tag. */
const QUOTING_TAG = /<(\/?)(blockquote|pre|code)\b[^<>]*>/gi;

/** Drop closed `<blockquote>`, `<pre>` and `<code>` elements (nested too), keeping their line breaks. */
function withoutHtmlQuotes(text: string): string {
  let out = '';
  let copied = 0; // text before this offset is already in `out` (or dropped)
  let depth = 0;
  let openAt = 0; // where the outermost open element began
  for (const match of text.matchAll(QUOTING_TAG)) {
    if (match[1] !== '/') {
      if (depth === 0) {
        out += text.slice(copied, match.index);
        openAt = match.index;
      }
      depth++;
    } else if (depth > 0 && --depth === 0) {
      copied = match.index + match[0].length;
      out += lineBreaksIn(text, openAt, copied);
    }
    // A stray closing tag is just text: it is copied with what follows.
  }
  // An element never closed is not a quote after all: keep its text as written.
  return out + text.slice(depth > 0 ? openAt : copied);
}

/** As many `\n` as text[from, to) holds: counted once per element, not once per tag inside it. */
function lineBreaksIn(text: string, from: number, to: number): string {
  let count = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) count++;
  return '\n'.repeat(count);
}
