/** The words a person reads on an Adaptive Card: every TextBlock, TextRun, fact and toggle title, in order. */
export function cardText(card: unknown): string {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    const n = node as Record<string, unknown>;
    if ((n.type === 'TextBlock' || n.type === 'TextRun') && typeof n.text === 'string') out.push(n.text);
    if (n.type === 'Input.Toggle' && typeof n.title === 'string') out.push(n.title);
    if (typeof n.title === 'string' && typeof n.value === 'string' && n.type === undefined) out.push(`${n.title}: ${n.value}`);
    for (const [k, v] of Object.entries(n)) if (k !== 'fallback' && typeof v === 'object') walk(v);
  };
  walk(card);
  return out.join(' ').replace(/\u200B/g, '');
}
