import { actionsFor } from '../../../app/actions-for.js';
import { evidenceLineText } from '../../../app/evidence-view.js';
import type { ChangeAction, ReviewRequestView } from '../../../app/views.js';
import { awaitsDecision, diffstat, notReadText, statusLabel, waiting } from '../../../app/wording.js';
import { html, link, sha7, timeIn, type Html } from './html.js';
import { EXPLANATION_LABELS, EXPLANATION_QUESTIONS } from '../../../domain/accountability/explanation.js';
import { askedBy, EXPLANATION_BLOCKS, explanationAnswers, explanationOrigin, NOT_EXPLAINED, SPLIT_HEADING, splitLine } from '../../../app/accountability-wording.js';

/** What every form on the page carries: who acts, where to come back to, and the page's anti-forgery token. */
export interface FormContext {
  csrf: string;
  actingAs: string | null;
  channel: string;
  attestations: readonly string[];
  /** A fresh token for each decision form drawn: a form is submitted once, a replay records nothing. */
  formToken(): string;
  /** When the page drew its forms (ISO, the server's clock): a sign-off form's opening is counted from here. */
  shownAt: string;
}

/** The hidden fields of a form acting on one change as the page showed it (head and revision), single-use. */
export function hiddenFields(form: FormContext, target?: { changeId: number; headSha: string; revision: number }): Html {
  return html`<input type="hidden" name="csrf" value="${form.csrf}"><input type="hidden" name="as" value="${form.actingAs ?? ''}"><input type="hidden" name="channel" value="${form.channel}">${
    target ? html`<input type="hidden" name="change" value="${target.changeId}"><input type="hidden" name="head" value="${target.headSha}"><input type="hidden" name="revision" value="${target.revision}"><input type="hidden" name="form" value="${form.formToken()}">` : ''}`;
}

/** A review request as a card, with its buttons when `form` is given (read-only otherwise). */
export function reviewRequestCard(view: ReviewRequestView, form: FormContext | null): Html {
  const signedEnough = view.approvals.length >= view.requiredSignoffs;
  const wait = awaitsDecision(view) ? waiting(view.requestedAt, view.renderedAt) : null;
  const signed = view.approvals.map((a) => `${a.reviewer} at ${timeIn(a.at, view.timeZone)}`);
  return html`<article class="card status-${view.status}" data-change="${view.changeId}">
  <h3>${link(view.url, view.title)}</h3>
  <p class="meta">${view.repo}#${view.number} · by <b>${view.author}</b> · <span class="branch">${view.headRef}</span> @ ${sha7(view.headSha)}</p>
  <p class="status"><b data-testid="status">${statusLabel(view.status, view.draft, signedEnough)}</b> · <span data-testid="count">${view.approvals.length} of ${view.requiredSignoffs} sign-offs</span>${wait ? html` · ${wait}` : ''}</p>
  <dl>
    <dt>Size</dt><dd>${diffstat(view.additions, view.deletions, view.changedFiles)}</dd>
    <dt>Risk</dt><dd>${view.riskTier}${view.riskReasons.length > 0 ? html` (${view.riskReasons.join('; ')})` : ''}</dd>
    ${view.owningTeams.length > 0 ? html`<dt>Owners</dt><dd>${view.owningTeams.join(', ')}</dd>` : ''}
    <dt>Signed by</dt><dd>${signed.length > 0 ? signed.join(', ') : 'nobody yet'}</dd>
    ${awaitsDecision(view) ? html`<dt>May sign</dt><dd>${view.eligibleSeniors.length > 0 ? view.eligibleSeniors.join(', ') : "no eligible senior found: check the owning team's seniors"}</dd>` : ''}
  </dl>
  ${view.changesRequested.length > 0 ? html`<div class="changes"><b>Changes requested:</b><ul>${view.changesRequested.map((c) => html`<li><b>${c.reviewer}</b>${c.note ? html`: ${c.note}` : ''}</li>`)}</ul></div>` : ''}
  ${view.override ? html`<p class="override"><b>Overridden by ${view.override.by}</b> without the sign-offs: ${view.override.reason}</p>` : ''}
  <div class="evidence"><b>AI evidence:</b><ul>${view.evidence.length > 0
    ? view.evidence.map((g) => html`<li><b>${g.tool}</b><ul>${g.lines.map((l) => html`<li>${evidenceLineText(l)}</li>`)}</ul></li>`)
    : html`<li><i>no signal recorded</i></li>`}</ul>${view.commitsRead ? '' : html`<p class="hint">commits not read (no GitHub App)</p>`}${notReadHint(view.notRead)}</div>
  ${accountability(view)}
  <p class="context">change ${view.changeId} · head ${sha7(view.headSha)}${view.requestedAt ? html` · requested ${timeIn(view.requestedAt, view.timeZone)}` : ''}</p>
  ${form ? actionForms(view, actionsFor(view, form.actingAs), form) : ''}
</article>`;
}

/** The change a form acts on, as the message showed it. */
export interface FormTarget {
  changeId: number;
  repo: string;
  number: number;
  headSha: string;
  revision: number;
}

/**
 * The buttons for the actions the door in app/ offers (actionsFor): Sign off (with the
 * attestation form), I'm on it, Request changes, Override for leads, Revoke for whoever
 * signed. Every form names the head and revision it was shown.
 */
export function actionForms(view: FormTarget, offered: readonly ChangeAction[], form: FormContext): Html {
  const target = { changeId: view.changeId, headSha: view.headSha, revision: view.revision };
  const parts: Html[] = [];
  for (const action of offered) {
    const hidden = hiddenFields(form, target);
    switch (action) {
      case 'sign_off':
        parts.push(html`<details class="act"><summary class="primary">Sign off</summary>
<form method="post" action="/playground/act" class="attest">${hidden}<input type="hidden" name="decision" value="approve">${openingFields(form)}
<p>Sign off ${view.repo}#${view.number} at ${sha7(view.headSha)}. Tick every statement; if one is not true, request changes instead.</p>
${form.attestations.map((statement, i) => html`<label><input type="checkbox" name="attest" value="${i}"> ${statement}</label>`)}
<label>Note (optional)<textarea name="note" rows="2" maxlength="3000"></textarea></label>
<button type="submit">Sign off at ${view.headSha.slice(0, 7)}</button></form></details>`);
        break;
      case 'claim':
        parts.push(html`<form method="post" action="/playground/act" class="inline">${hidden}<input type="hidden" name="decision" value="claim"><button type="submit">I'm on it</button></form>`);
        break;
      case 'request_changes':
        parts.push(reasonForm('Request changes', 'request_changes', 'What needs to change?', hidden));
        break;
      case 'override':
        parts.push(reasonForm('Override', 'override', 'Why can this not wait for a sign-off?', hidden));
        break;
      case 'revoke':
        parts.push(html`<form method="post" action="/playground/act" class="inline">${hidden}<input type="hidden" name="decision" value="revoke"><button type="submit">Revoke my sign-off</button></form>`);
        break;
      case 'explain':
        parts.push(html`<details class="act"><summary class="primary">Explain this change</summary>
<form method="post" action="/playground/act" class="explain">${hidden}<input type="hidden" name="decision" value="explain">
${EXPLANATION_QUESTIONS.map((q) => html`<label>${EXPLANATION_LABELS[q]}<textarea name="${q}" rows="2" maxlength="3000" required></textarea></label>`)}
<button type="submit">Save the explanation</button></form></details>`);
        break;
    }
  }
  return html`<div class="actions">${parts}</div>`;
}

/** Who asked the agent, the author's explanation, and how an oversized change could be split. */
function accountability(view: ReviewRequestView): Html {
  const asked = askedBy(view.accountableAuthor, `${view.repo}#${view.number}`);
  return html`${asked ? html`<p class="asked-by" data-testid="asked-by"><b>Author:</b> ${asked}</p>` : ''}${view.explanation
    ? html`<div class="explanation" data-testid="explanation"><b>Author's explanation</b> (${explanationOrigin(view.explanation)})<dl>${explanationAnswers(view.explanation).map((a) => html`<dt>${a.label}</dt><dd>${a.text}</dd>`)}</dl></div>`
    : view.explanationRequired ? html`<p class="explanation missing" data-testid="explanation"><i>${NOT_EXPLAINED}</i> ${EXPLANATION_BLOCKS}</p>` : ''}${view.split
    ? html`<div class="split"><b>${SPLIT_HEADING}</b><ul>${view.split.map((p) => html`<li>${splitLine(p)}</li>`)}</ul></div>` : ''}`;
}

/**
 * When the form was opened: the server's time the page was drawn, plus how long the page
 * had been up when the reviewer unfolded the form (the page's script fills that in; left
 * empty, the time is unknown).
 */
function openingFields(form: FormContext): Html {
  return html`<input type="hidden" name="shown" value="${form.shownAt}"><input type="hidden" name="opened_ms" value="">`;
}

function reasonForm(label: string, decision: string, prompt: string, hidden: Html): Html {
  return html`<details class="act"><summary>${label}</summary><form method="post" action="/playground/act">${hidden}<input type="hidden" name="decision" value="${decision}">
<label>${prompt}<textarea name="note" rows="3" maxlength="3000" required></textarea></label><button type="submit">${label}</button></form></details>`;
}

function notReadHint(notRead: readonly string[]) {
  const text = notReadText(notRead);
  return text ? html`<p class="hint">${text}</p>` : '';
}
