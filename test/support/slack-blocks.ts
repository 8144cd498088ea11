/** A Block Kit text object, as the renderers produce them. */
export interface TextObject { type: string; text: string; verbatim?: boolean }

/** Every text object in a block tree (mrkdwn or plain_text with a string `text`). */
export function textObjects(tree: unknown): TextObject[] {
  const out: TextObject[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) { node.forEach(walk); return; }
    if (node === null || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if ((o['type'] === 'mrkdwn' || o['type'] === 'plain_text') && typeof o['text'] === 'string') out.push(o as unknown as TextObject);
    Object.values(o).forEach(walk);
  };
  walk(tree);
  return out;
}
