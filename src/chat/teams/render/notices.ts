import type { AlertView, ThreadNoticeView } from '../../../app/views.js';
import { escalationAdvice, formatDuration } from '../../../app/wording.js';
import { accountabilityAlert } from '../../../app/accountability-wording.js';
import { NOTICE_LINES, STRONG_NOTICES } from '../../../app/notice-wording.js';
import { actionSet, adaptiveCard, line, openUrl, titleRun, type AdaptiveCard, type Element } from './card.js';
import { decisionButtons } from './review-request.js';
import { multiLine, oneLine, run } from './text.js';

const NOTE_SHOWN = 3000;

/** A reply in the review request's thread. Every word of it is a TextRun: nothing is Markdown. */
export function renderThreadNotice(view: ThreadNoticeView): AdaptiveCard {
  const text = NOTICE_LINES[view.kind]({
    actor: view.actor ? oneLine(view.actor, 80) : null,
    at: view.headSha.slice(0, 7),
    count: `${view.approvals} of ${view.requiredSignoffs}`,
    previous: view.previousSha ? view.previousSha.slice(0, 7) : null,
  });
  const body: Element[] = [line(run(text, STRONG_NOTICES.has(view.kind) ? { weight: 'Bolder', color: 'Attention' } : {}))];
  if (view.note) body.push({ type: 'Container', style: 'emphasis', items: [line(run(multiLine(view.note, NOTE_SHOWN), { italic: true }))] });
  return adaptiveCard(body, { fallbackText: oneLine(text) });
}

/** Renderers show at most five buttons in a set. */
const MAX_ALERT_BUTTONS = 5;

/** A direct message (or an escalation-channel post) about one change: what happened and what to do. */
export function renderAlert(view: AlertView): AdaptiveCard {
  const ref = `${oneLine(view.repo)}#${view.number}`;
  const count = `${view.approvals} of ${view.requiredSignoffs} sign-offs`;
  const teams = view.owningTeams.map((t) => oneLine(t, 80)).join(', ') || 'the owning team';
  const waited = view.waitingMinutes !== undefined ? formatDuration(view.waitingMinutes * 60_000) : null;
  const [head, after, advice] = ((): [string, string, string] => {
    switch (view.kind) {
      case 'merged_without_signoff':
        return ['Merged without the required senior sign-off: ', ` (${ref}) at ${view.headSha.slice(0, 7)}, with ${count}.`,
          `You are a lead of ${teams}. The merge is recorded in the audit trail; check the branch protection of ${oneLine(view.repo)}.`];
      case 'escalation':
        return [`Still waiting for sign-off${waited ? ` after ${waited} of working time` : ''}: `, ` (${ref}), ${count}.`,
          `Owned by ${teams}. ${escalationAdvice(view.actions, ref)}`];
      case 'assigned':
        return ['You are asked to sign off ', ` (${ref}), ${count}.`, `Owned by ${teams}. Its review request is in the team's channel.`];
      case 'claim_reminder':
        return ['Your claim ran out without a decision on ', ` (${ref}); reminders resume.`, 'Sign it off, request changes, or claim it again if you are still on it.'];
      case 'explanation_needed':
      case 'reverted':
      case 'incident': {
        const words = accountabilityAlert(view.kind, view.note ? oneLine(view.note, 300) : null);
        return [words.before, ` (${ref})${words.after}`, words.advice];
      }
    }
  })();
  const body: Element[] = [
    line(run(head, { weight: 'Bolder', ...(view.kind === 'merged_without_signoff' ? { color: 'Attention' as const } : {}) }), titleRun(oneLine(view.title), view.url), run(after)),
    line(run(advice, { isSubtle: true })),
  ];
  // What the recipient may do from here, as the door offered it (the author's Explain, a lead's Override).
  const offered = decisionButtons(view, view.actions ?? []);
  const buttons = actionSet([...offered, ...(offered.length < MAX_ALERT_BUTTONS ? [openUrl('View on GitHub', view.url)] : [])]);
  if (buttons) body.push(buttons);
  return adaptiveCard(body, { fallbackText: `${head.replace(/: $/, '')}: ${ref}` });
}
