import { qualitySections } from '../../../app/accountability-wording.js';
import type { QualityTable } from '../../../domain/accountability/quality.js';
import { section, type KnownBlock } from './blocks.js';
import { escapeMrkdwn, oneLine } from './escape.js';
import { LIMITS, RAW, escapeCut, fitLines } from './limits.js';

/**
 * The quality table (stats and the digest) as one section: each part gets an equal share
 * of the block's room and counts what does not fit ("…and N more"), so a long table is
 * cut between rows, never inside an entity or a bold run.
 */
export function qualityBlock(heading: string, note: string, table: QualityTable): KnownBlock {
  const head = `*${heading}*\n_${escapeMrkdwn(note)}_`;
  const parts = qualitySections(table);
  const room = Math.floor((LIMITS.text - head.length) / Math.max(1, parts.length));
  const body = parts.map(({ title, lines }) => {
    const label = `*${title}:*`;
    const items = lines.map((l) => `• ${escapeCut(oneLine(l), RAW.reason)}`);
    return `${label}\n${fitLines(items, { maxItems: items.length, maxChars: room - label.length - 2 })}`;
  });
  return section([head, ...body].join('\n'));
}
