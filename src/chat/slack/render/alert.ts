import type { AlertView } from '../../../app/views.js';
import { context, fallback, section, type KnownBlock } from './blocks.js';
import { mrkdwnLink, oneLine, escapeMrkdwn } from './escape.js';
import { formatDuration, shaCode } from './format.js';
import { RAW, escapeCut, truncate } from './limits.js';
import { actionButtons } from './action-buttons.js';
import { BLOCK_IDS } from './ids.js';
import { accountabilityAlert } from '../../../app/accountability-wording.js';
import { escalationAdvice } from '../../../app/wording.js';

const ICONS = { explanation_needed: ':memo:', reverted: ':rewind:', incident: ':fire:' } as const;

/** A direct or channel alert about one change: what happened and what to do. */
export function renderAlert(view: AlertView): { text: string; blocks: KnownBlock[] } {
  const title = mrkdwnLink(view.url, truncate(oneLine(view.title), RAW.title));
  const ref = `${escapeMrkdwn(oneLine(view.repo))}#${view.number}`;
  const count = `${view.approvals} of ${view.requiredSignoffs} sign-offs`;
  const waited = view.waitingMinutes !== undefined ? formatDuration(view.waitingMinutes * 60_000) : null;
  const teams = view.owningTeams.map((t) => escapeCut(oneLine(t), RAW.login)).join(', ') || 'the owning team';
  const [line, note, plain] = ((): [string, string, string] => {
    switch (view.kind) {
      case 'merged_without_signoff':
        return [`:rotating_light: *Merged without the required senior sign-off:* ${title} (${ref}) at ${shaCode(view.headSha)}, with ${count}.`,
          `You are a lead of ${teams}. The merge is recorded in the audit trail as merged_without_signoff; check the branch protection of ${ref.split('#')[0]}.`,
          `Merged without sign-off: ${ref}`];
      case 'escalation':
        return [`:alarm_clock: *Still waiting for sign-off${waited ? ` after ${waited} of working time` : ''}:* ${title} (${ref}), ${count}.`,
          `Owned by ${teams}. ${escapeMrkdwn(escalationAdvice(view.actions, `${oneLine(view.repo)}#${view.number}`))}`,
          `Waiting for sign-off: ${ref}`];
      case 'assigned':
        return [`:bust_in_silhouette: *You are asked to sign off* ${title} (${ref}), ${count}.`,
          `Owned by ${teams}. Its review request is in the team's channel.`,
          `Assigned to you: ${ref}`];
      case 'claim_reminder':
        return [`:hourglass: *Your claim on* ${title} (${ref}) *ran out* without a decision; reminders resume.`,
          'Sign it off, request changes, or claim it again if you are still on it.',
          `Claim ran out: ${ref}`];
      case 'explanation_needed':
      case 'reverted':
      case 'incident': {
        const words = accountabilityAlert(view.kind, view.note ? truncate(oneLine(view.note), RAW.reason) : null);
        return [`${ICONS[view.kind]} *${escapeMrkdwn(words.before.trim())}* ${title} (${ref})${escapeMrkdwn(words.after)}`, escapeMrkdwn(words.advice), `${escapeMrkdwn(words.before.trim())} ${ref}`];
      }
    }
  })();
  const buttons = actionButtons(view.actions ?? [], { changeId: view.changeId, headSha: view.headSha });
  const actions: KnownBlock[] = buttons.length > 0 ? [{ type: 'actions', block_id: BLOCK_IDS.actions, elements: buttons }] : [];
  return { text: fallback(`${plain} ${escapeCut(oneLine(view.title), RAW.title)}`), blocks: [section(line), context(note), ...actions] };
}
