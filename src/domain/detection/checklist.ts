/**
 * Ticked checklist items (`- [x] …`, `* [X] …`, `1. [x] …`) of a Markdown text, as the
 * text after the box: how a PR template asks authors to declare AI use. Lines are
 * walked by offset and each is tested once from its start with a pattern that cannot
 * leave its line, so a body of 65,536 lines, or one 65,536-character line, is read once.
 */
const TICKED_BOX = /[ \t]*(?:[-*+]|\d{1,9}\.)[ \t]+\[[xX]\][ \t]+/y;

export function tickedItems(text: string): string[] {
  const items: string[] = [];
  for (let start = 0; start < text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    TICKED_BOX.lastIndex = start;
    if (TICKED_BOX.test(text) && TICKED_BOX.lastIndex <= end) items.push(text.slice(TICKED_BOX.lastIndex, end).trimEnd());
    start = end + 1;
  }
  return items;
}
