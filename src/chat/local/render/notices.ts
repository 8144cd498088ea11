import type { AlertView, NoticeKind, ThreadNoticeView } from '../../../app/views.js';
import { escalationAdvice, formatDuration } from '../../../app/wording.js';
import { html, link, sha7, type Html } from './html.js';
import { actionForms, type FormContext } from './review-request.js';
import { ACCOUNTABILITY_NOTICES, accountabilityAlert } from '../../../app/accountability-wording.js';

interface Parts {
  actor: string | null;
  at: Html;
  /** The head as plain text, for wording shared with other platforms. */
  sha: string;
  count: string;
  previous: Html | null;
}

/** One line per kind, as in every chat: people named by login. */
const LINES: Record<NoticeKind, (p: Parts) => Html> = {
  superseded: (p) => html`New commits pushed: sign-offs at ${p.previous ?? 'the previous head'} no longer count; the change needs sign-off again at ${p.at}.`,
  approved: (p) => html`${p.actor ?? 'A senior'} signed off at ${p.at} (${p.count}).`,
  signed_off: (p) => html`${p.actor ? html`${p.actor} signed off at ${p.at}: ` : ''}the change is signed off at ${p.at} (${p.count}).`,
  changes_requested: (p) => html`${p.actor ?? 'A senior'} requested changes at ${p.at}.`,
  revoked: (p) => html`${p.actor ?? 'A senior'} revoked their sign-off at ${p.at} (${p.count}).`,
  closed: (p) => html`Closed without merging${p.actor ? html` by ${p.actor}` : ''}.`,
  merged: (p) => html`Merged at ${p.at}${p.actor ? html` by ${p.actor}` : ''}.`,
  merged_without_signoff: (p) => html`<b>Merged at ${p.at} without the required sign-off</b> (${p.count})${p.actor ? html`, by ${p.actor}` : ''}. This is recorded in the audit trail.`,
  reopened: (p) => html`Reopened${p.actor ? html` by ${p.actor}` : ''}: sign-off at ${p.at} stands at ${p.count}.`,
  draft: (p) => html`Converted to draft${p.actor ? html` by ${p.actor}` : ''}: sign-off is paused until it is ready for review.`,
  overridden: (p) => html`<b>Overridden</b> at ${p.at}${p.actor ? html` by ${p.actor}` : ''}: the change may merge without the sign-offs. The reason is recorded in the audit trail.`,
  escalated: (p) => html`Still waiting for sign-off at ${p.at} (${p.count})${p.actor ? html`; reminded ${p.actor}` : ''}.`,
  assigned: (p) => html`Assigned to ${p.actor ?? 'a senior'} for review.`,
  claimed: (p) => html`${p.actor ?? 'A senior'} is reviewing this (claimed); reminders pause meanwhile.`,
  claim_released: (p) => html`${p.actor ?? 'The reviewer'}'s claim ran out without a decision; reminders resume.`,
  snoozed: (p) => html`Reminders snoozed by ${p.actor ?? 'a lead'}.`,
  ready: (p) => html`Ready for review${p.actor ? html` (${p.actor})` : ''}: the change needs sign-off at ${p.at} (${p.count}).`,
  author_named: (p) => html`${ACCOUNTABILITY_NOTICES.author_named(p.actor)}`,
  explained: (p) => html`${ACCOUNTABILITY_NOTICES.explained(p.actor, p.sha)}`,
  reverted: (p) => html`<b>${ACCOUNTABILITY_NOTICES.reverted(p.actor, p.sha)}</b>`,
  incident: (p) => html`${ACCOUNTABILITY_NOTICES.incident(p.actor, p.sha)}`,
};

export function threadNotice(view: ThreadNoticeView): Html {
  const line = LINES[view.kind]({
    actor: view.actor, at: sha7(view.headSha), sha: view.headSha.slice(0, 7), count: `${view.approvals} of ${view.requiredSignoffs}`,
    previous: view.previousSha ? sha7(view.previousSha) : null,
  });
  return html`<li class="notice notice-${view.kind}">${line}${view.note ? html`<blockquote>${view.note}</blockquote>` : ''}</li>`;
}

/** A direct or channel alert about one change: what happened and what to do, with what the recipient may do about it. */
export function alertCard(view: AlertView, form: FormContext | null = null): Html {
  const title = html`${link(view.url, view.title)} (${view.repo}#${view.number})`;
  const count = `${view.approvals} of ${view.requiredSignoffs} sign-offs`;
  const teams = view.owningTeams.join(', ') || 'the owning team';
  const waited = view.waitingMinutes !== undefined ? ` after ${formatDuration(view.waitingMinutes * 60_000)} of working time` : '';
  const [line, hint] = ((): [Html, string] => {
    switch (view.kind) {
      case 'merged_without_signoff':
        return [html`<b>Merged without the required senior sign-off:</b> ${title} at ${sha7(view.headSha)}, with ${count}.`, `You are a lead of ${teams}. The merge is recorded in the audit trail.`];
      case 'escalation':
        return [html`<b>Still waiting for sign-off${waited}:</b> ${title}, ${count}.`, `Owned by ${teams}. ${escalationAdvice(view.actions, `${view.repo}#${view.number}`)}`];
      case 'assigned':
        return [html`<b>You are asked to sign off</b> ${title}, ${count}.`, `Owned by ${teams}. Its review request is in the team's channel.`];
      case 'claim_reminder':
        return [html`<b>Your claim on</b> ${title} <b>ran out</b> without a decision; reminders resume.`, 'Sign it off, request changes, or claim it again if you are still on it.'];
      case 'explanation_needed':
      case 'reverted':
      case 'incident': {
        const words = accountabilityAlert(view.kind, view.note ?? null);
        return [html`<b>${words.before}</b>${title}${words.after}`, words.advice];
      }
    }
  })();
  const offered = form && view.actions && view.revision !== undefined ? actionForms({ ...view, revision: view.revision }, view.actions, form) : '';
  return html`<article class="card alert alert-${view.kind}"><p>${line}</p><p class="hint">${hint}</p>${offered}</article>`;
}
