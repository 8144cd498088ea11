import type { AlertView, ThreadNoticeView } from '../../../app/views.js';
import { escalationAdvice, formatDuration } from '../../../app/wording.js';
import { escapeHtml, html, Html, link, sha7 } from './html.js';
import { actionForms, type FormContext } from './review-request.js';
import { accountabilityAlert } from '../../../app/accountability-wording.js';
import { NOTICE_LINES, STRONG_NOTICES } from '../../../app/notice-wording.js';

export function threadNotice(view: ThreadNoticeView): Html {
  // The parts are escaped (or our own markup) before they go into the shared words, and
  // the fixed words hold no HTML special characters, so the line is safe HTML as a whole.
  const words = NOTICE_LINES[view.kind]({
    actor: view.actor ? escapeHtml(view.actor) : null, // as on Slack and Teams: an empty name is no name
    at: sha7(view.headSha).value, count: `${view.approvals} of ${view.requiredSignoffs}`,
    previous: view.previousSha ? sha7(view.previousSha).value : null,
  });
  const line = new Html(STRONG_NOTICES.has(view.kind) ? `<b>${words}</b>` : words);
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
