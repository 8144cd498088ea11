/**
 * Text that quotes a marker is not the marker: a PR that forbids the
 * "Generated with Claude Code" footer quotes it in code or a block quote. Strip
 * fenced code, inline code spans and block quotes before matching. Indented lines
 * stay (in PR templates they are nested checklist items far more often than code),
 * and so do HTML comments: agents hide their markers in them.
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
  return out.join('\n');
}
