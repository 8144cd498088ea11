import { actionsFor, SHARED_MESSAGE } from '../../../app/actions-for.js';
import { askedBy, EXPLANATION_BLOCKS, explanationAnswers, explanationOrigin, NOT_EXPLAINED, SPLIT_HEADING, splitLine } from '../../../app/accountability-wording.js';
import { evidenceLineText } from '../../../app/evidence-view.js';
import type { ChangeAction, ReviewRequestView } from '../../../app/views.js';
import { awaitsDecision, diffstat, notReadText, statusLabel, waiting } from '../../../app/wording.js';
import { actionSet, adaptiveCard, execute, heading, labelled, line, note, openUrl, titleRun, type AdaptiveCard, type Element, type Target } from './card.js';
import { multiLine, oneLine, run, timeIn } from './text.js';
import { VERBS } from './verbs.js';

/** Buttons a card may offer; the one door (actionsFor) says which a given viewer may press. */
export type CardAction = ChangeAction;

/** Teams refreshes a card automatically for at most 60 listed users. */
const MAX_REFRESH_USERS = 60;
const MAX_EVIDENCE = 8;
const MAX_BUTTONS = 5;
const MAX_LIST = 10;

export interface ReviewCardOptions {
  /** The buttons shown; by default what anyone in the channel might press (the door refuses the rest). */
  actions?: readonly CardAction[];
  /** Teams user ids (29:…) whose clients fetch their own view of the card (refresh). */
  refreshFor?: readonly string[];
  /** Shown above the card in a per-user view ("You may sign this off"). */
  banner?: string;
}

/** The review request as an Adaptive Card: the same facts as Slack's message, user text inert. */
export function renderReviewRequest(view: ReviewRequestView, options: ReviewCardOptions = {}): AdaptiveCard {
  const target: Target = { changeId: view.changeId, headSha: view.headSha };
  const body: Element[] = [];
  if (options.banner) body.push(note(options.banner, { isSubtle: false, color: 'Accent', weight: 'Bolder' }));
  body.push(...reviewRequestBody(view));
  const decisions = decisionButtons(view, options.actions ?? actionsFor(view, SHARED_MESSAGE), target);
  // Renderers show at most five buttons in a set; the title links to the PR already.
  const buttons = actionSet(decisions.length < MAX_BUTTONS ? [...decisions, openUrl('View on GitHub', view.url)] : decisions);
  if (buttons) body.push(buttons);
  const refreshFor = (options.refreshFor ?? []).slice(0, MAX_REFRESH_USERS);
  return adaptiveCard(body, {
    fallbackText: `${statusLabel(view.status, view.draft, view.approvals.length >= view.requiredSignoffs)}: ${oneLine(view.repo)}#${view.number}`,
    ...(refreshFor.length > 0 ? { refresh: { action: { type: 'Action.Execute', verb: VERBS.refresh, data: target }, userIds: [...refreshFor] } } : {}),
  });
}

/** The buttons for the actions the door offers, in the order it gives them. */
export function decisionButtons(view: Pick<ReviewRequestView, 'changeId' | 'headSha'>, allowed: readonly CardAction[], target: Target = { changeId: view.changeId, headSha: view.headSha }): Element[] {
  const data = { ...target };
  const buttons: Record<CardAction, Element> = {
    sign_off: execute('Sign off', VERBS.openSignoff, data, { style: 'positive' }),
    claim: execute("I'm on it", VERBS.claim, data),
    request_changes: execute('Request changes', VERBS.openRequestChanges, data),
    override: execute('Override (leads)', VERBS.openOverride, data, { style: 'destructive' }),
    revoke: execute('Revoke my sign-off', VERBS.revoke, data),
    explain: execute('Explain this change', VERBS.openExplain, data, { style: 'positive' }),
  };
  const order: CardAction[] = ['explain', 'sign_off', 'claim', 'request_changes', 'override', 'revoke'];
  return order.filter((a) => allowed.includes(a)).map((a) => buttons[a]);
}

/** Everything but the buttons; `show` and `why` answers reuse it. */
export function reviewRequestBody(view: ReviewRequestView): Element[] {
  const signedEnough = view.approvals.length >= view.requiredSignoffs;
  const status = [statusLabel(view.status, view.draft, signedEnough), `${view.approvals.length} of ${view.requiredSignoffs} sign-offs`];
  const wait = awaitsDecision(view) ? waiting(view.requestedAt, view.renderedAt) : null;
  if (wait) status.push(wait);
  const body: Element[] = [
    heading('Senior sign-off requested'),
    line(titleRun(oneLine(view.title), view.url)),
    line(run(`${oneLine(view.repo)}#${view.number}`), run(' · by '), run(oneLine(view.author, 80), { weight: 'Bolder' }), run(' · '), run(oneLine(view.headRef, 120)), run(` @ ${view.headSha.slice(0, 7)}`)),
    line(run(status.join(' · '), { weight: 'Bolder', color: view.status === 'signed_off' ? 'Good' : view.status === 'changes_requested' ? 'Warning' : 'Accent' })),
    labelled('Size', diffstat(view.additions, view.deletions, view.changedFiles)),
    labelled('Risk', `${view.riskTier}${view.riskReasons.length > 0 ? ` (${view.riskReasons.slice(0, MAX_LIST).map((r) => oneLine(r, 200)).join('; ')})` : ''}`),
  ];
  if (view.owningTeams.length > 0) body.push(labelled('Owners', names(view.owningTeams)));
  body.push(labelled('Signed by', view.approvals.length > 0 ? names(view.approvals.map((a) => `${a.reviewer} at ${timeIn(a.at, view.timeZone)}`)) : 'nobody yet'));
  if (awaitsDecision(view)) {
    body.push(labelled('May sign', view.eligibleSeniors.length > 0 ? names(view.eligibleSeniors) : "no eligible senior found: check the owning team's seniors"));
  }
  for (const c of view.changesRequested.slice(0, MAX_LIST)) {
    body.push(line(run('Changes requested by ', { weight: 'Bolder' }), run(oneLine(c.reviewer, 80), { weight: 'Bolder' }), ...(c.note ? [run(': '), run(oneLine(c.note, 500))] : [])));
  }
  if (view.override) {
    body.push(line(run(`Overridden by ${oneLine(view.override.by, 80)}`, { weight: 'Bolder', color: 'Attention' }), run(' without the sign-offs: '), run(oneLine(view.override.reason, 500))));
  }
  body.push(heading('AI evidence', 'Default'));
  if (view.evidence.length === 0) body.push(line(run('no signal recorded', { italic: true })));
  // One bullet per tool, its kinds of signal beneath it.
  for (const g of view.evidence.slice(0, MAX_EVIDENCE)) {
    body.push(line(run('• '), run(oneLine(g.tool, 80), { weight: 'Bolder' })));
    for (const l of g.lines) body.push(line(run(`    ◦ ${oneLine(evidenceLineText(l), 300)}`)));
  }
  if (view.evidence.length > MAX_EVIDENCE) body.push(line(run(`…and ${view.evidence.length - MAX_EVIDENCE} more`, { italic: true })));
  if (!view.commitsRead) body.push(line(run('commits not read (no GitHub App)', { italic: true, isSubtle: true })));
  const notRead = notReadText(view.notRead);
  if (notRead) body.push(line(run(notRead, { italic: true, isSubtle: true })));
  body.push(...accountability(view));
  body.push(line(run(`Countersign · change ${view.changeId} · head ${view.headSha.slice(0, 7)}${view.requestedAt ? ` · requested ${timeIn(view.requestedAt, view.timeZone)}` : ''}`, { isSubtle: true })));
  return body;
}

/** Who asked the agent, the author's explanation (or that it is missing), and how an oversized change could be split. */
function accountability(view: ReviewRequestView): Element[] {
  const body: Element[] = [];
  const asked = askedBy(view.accountableAuthor, `${view.repo}#${view.number}`);
  if (asked) body.push(line(run('Author: ', { weight: 'Bolder' }), run(oneLine(asked, 500))));
  if (view.explanation) {
    body.push(line(run("Author's explanation ", { weight: 'Bolder' }), run(`(${explanationOrigin(view.explanation)})`, { isSubtle: true })));
    for (const a of explanationAnswers(view.explanation)) body.push(line(run(`${a.label}: `, { weight: 'Bolder' }), run(multiLine(a.text, 1000))));
  } else if (view.explanationRequired) {
    body.push(line(run(NOT_EXPLAINED, { italic: true }), run(` ${EXPLANATION_BLOCKS}`)));
  }
  if (view.split) {
    body.push(line(run(SPLIT_HEADING, { weight: 'Bolder' })));
    for (const p of view.split.slice(0, MAX_LIST)) body.push(line(run(`• ${oneLine(splitLine(p), 300)}`)));
  }
  return body;
}

function names(list: readonly string[]): string {
  const shown = list.slice(0, MAX_LIST).map((n) => oneLine(n, 80));
  return list.length > MAX_LIST ? `${shown.join(', ')} and ${list.length - MAX_LIST} more` : shown.join(', ');
}
