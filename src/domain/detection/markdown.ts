/**
 * Text that quotes a marker is not the marker: a PR that forbids the
 * "Generated with Claude Code" footer quotes it in code or a block quote, and
 * Dependabot quotes upstream release notes and commits in `<blockquote>`. Strip
 * fenced code, inline code spans, block quotes and their HTML forms (`<blockquote>`,
 * `<pre>`, `<code>`) before matching. Indented lines stay (in PR templates they are
 * nested checklist items far more often than code), and so do HTML comments: agents
 * hide their markers in them. Removed lines become blank lines, so the paragraphs
 * around them stay apart.
 */
export function withoutQuotedText(markdown: string): string {
  const out: string[] = [];
  let fence: string | null = null;
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const opener = /^\s{0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (opener && opener[1]!.startsWith(fence)) fence = null;
      out.push('');
      continue;
    }
    if (opener) {
      fence = opener[1]!;
      out.push('');
      continue;
    }
    if (/^\s{0,3}>/.test(line)) {
      out.push('');
      continue;
    }
    out.push(line.replace(/(`+)[^`]*?\1/g, ''));
  }
  return withoutHtmlQuotes(out.join('\n'));
}

const QUOTING_TAG = /<(\/?)(blockquote|pre|code)\b[^>]*>/gi;

/** Drop closed `<blockquote>`, `<pre>` and `<code>` elements (nested too), keeping their line breaks. */
function withoutHtmlQuotes(text: string): string {
  let out = '';
  let depth = 0;
  let last = 0; // end of the previous tag
  let open = { at: 0, kept: 0 }; // the outermost open element: where it began, how much output preceded it
  for (const match of text.matchAll(QUOTING_TAG)) {
    const between = text.slice(last, match.index);
    out += depth === 0 ? between : between.replace(/[^\n]/g, '');
    last = match.index + match[0].length;
    if (match[1] !== '/') {
      if (depth === 0) open = { at: match.index, kept: out.length };
      depth++;
    } else if (depth > 0) {
      depth--;
    } else {
      out += match[0]; // a stray closing tag is just text
    }
  }
  // An element never closed is not a quote after all: keep its text as written.
  return depth > 0 ? out.slice(0, open.kept) + text.slice(open.at) : out + text.slice(last);
}
