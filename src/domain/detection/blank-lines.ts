/**
 * Line breaks as `\n`, and every run of blank (or whitespace-only) lines as exactly
 * one empty line: paragraphs, fences and trailer blocks stay as they were, a body of
 * 65,536 newlines is not 65,536 lines for every rule to visit, and a paragraph break
 * is always `\n\n`. Each match starts at a newline, so no line is scanned from more
 * than two starts.
 */
export function oneBlankLine(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\n(?:[^\S\n]*\n)+/g, '\n\n');
}
