import type { AlertView } from '../../../app/views.js';
import { context, fallback, section, type KnownBlock } from './blocks.js';
import { mrkdwnLink, oneLine, escapeMrkdwn } from './escape.js';
import { shaCode } from './format.js';
import { RAW, escapeCut, truncate } from './limits.js';

/** A direct alert to a lead: what happened, to which change, and that it is on record. */
export function renderAlert(view: AlertView): { text: string; blocks: KnownBlock[] } {
  const title = mrkdwnLink(view.url, truncate(oneLine(view.title), RAW.title));
  const ref = `${escapeMrkdwn(oneLine(view.repo))}#${view.number}`;
  const line = `:rotating_light: *Merged without the required senior sign-off:* ${title} (${ref}) at ${shaCode(view.headSha)}, with ${view.approvals} of ${view.requiredSignoffs} sign-offs.`;
  const teams = view.owningTeams.map((t) => escapeCut(oneLine(t), RAW.login)).join(', ');
  const blocks: KnownBlock[] = [
    section(line),
    context(`You are a lead of ${teams || 'the owning team'}. The merge is recorded in the audit trail as merged_without_signoff; check the branch protection of ${ref.split('#')[0]}.`),
  ];
  return { text: fallback(`Merged without sign-off: ${ref} ${escapeCut(oneLine(view.title), RAW.title)}`), blocks };
}
