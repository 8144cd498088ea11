import type { ChangeLine } from '../../../app/views.js';
import { mrkdwnLink, oneLine } from './escape.js';
import { STATUS_SHORT, diffstat, waiting } from './format.js';
import { RAW, escapeCut, truncate } from './limits.js';

/**
 * One change as one list line:
 * `• <url|acme/api#7> Fix login · by alice · +12 −3 · high risk · 1/2 signed · waiting 3h`.
 * `now` is the answer's render time, for the age.
 */
export function changeLineText(line: ChangeLine, now: string | null): string {
  const ref = `*${mrkdwnLink(line.url, `${truncate(oneLine(line.repo), RAW.lineTitle)}#${line.number}`)}*`;
  const parts = [
    `${ref} ${escapeCut(oneLine(line.title), RAW.lineTitle)}`,
    `by ${escapeCut(oneLine(line.author), RAW.login)}`,
    diffstat(line.additions, line.deletions),
    `${line.riskTier} risk`,
    `${line.approvals}/${line.requiredSignoffs} signed`,
  ];
  if (line.status !== 'awaiting') parts.push(STATUS_SHORT[line.status]);
  const wait = now !== null && (line.status === 'awaiting' || line.status === 'changes_requested') ? waiting(line.requestedAt, now) : null;
  if (wait) parts.push(wait);
  return `• ${parts.join(' · ')}`;
}
