import { randomUUID } from 'node:crypto';
import { reviewRequestFor } from '../../app/change-view.js';
import { actionsFor, claimChange, openDecisionForm, openExplanationForm, submitDecision, submitExplanation, type FormBinding } from '../../app/door.js';
import { EXPLANATION_QUESTIONS } from '../../domain/accountability/explanation.js';
import type { Actor } from '../../app/identity.js';
import type { ReviewRequestView } from '../../app/views.js';
import type { Decision } from '../../domain/signoff-state.js';
import type { TeamsTurnDeps } from './deps.js';
import { KEYS } from './installs.js';
import { explanationForm, INPUTS, overrideForm, renderReviewRequest, requestChangesForm, signoffForm, VERBS, type AdaptiveCard } from './render/index.js';

/** What an invoke answers, to the clicker alone: a card that replaces theirs, or a message. */
export type InvokeReply = { card: AdaptiveCard } | { message: string };

export interface CardClick {
  verb: string;
  data: Record<string, unknown>;
  /** "automatic": Teams refreshing a card on its own; never a reason to change anything. */
  trigger: 'manual' | 'automatic';
  /** Teams' id for this press (unique per press): binds a one-click decision. */
  clickId: string;
}

const FORMS: Partial<Record<string, Exclude<Decision, 'revoke'>>> = {
  [VERBS.openSignoff]: 'approve', [VERBS.openRequestChanges]: 'request_changes', [VERBS.openOverride]: 'override',
};
const SUBMITS: Partial<Record<string, Decision>> = {
  [VERBS.signoff]: 'approve', [VERBS.requestChanges]: 'request_changes', [VERBS.override]: 'override', [VERBS.revoke]: 'revoke',
};

/**
 * A press on a card button, translated into one call through the door. Decisions are
 * recorded in one transaction and answered at once; the card everyone sees and the
 * thread reply follow through the outbox. The shared message is never edited from
 * here: an edit on an automatic refresh makes Teams refresh again, forever
 * (microsoft/Agents-for-js#1202).
 */
export async function onCardClick(deps: TeamsTurnDeps, click: CardClick, actor: Actor): Promise<InvokeReply> {
  const changeId = Number(click.data.changeId);
  const seenHeadSha = typeof click.data.headSha === 'string' ? click.data.headSha : '';
  if (!Number.isSafeInteger(changeId) || changeId <= 0 || !/^[0-9a-f]{7,64}$/i.test(seenHeadSha)) return { message: 'This card does not name a change Countersign knows.' };
  const now = deps.clock.now();
  const view = await reviewRequestFor(deps.ctx, changeId, now);
  if (!view) return { message: 'Countersign no longer knows this change.' };
  if (click.trigger === 'automatic' || click.verb === VERBS.refresh) return { card: personalCard(view, actor) };
  if (!actor.person) return { message: 'Your Teams account is not linked to a GitHub login in Countersign, so you cannot act on this change. Ask an admin to add you under people.' };

  const opening = FORMS[click.verb];
  if (opening) {
    const opened = await openDecisionForm(deps.ctx, { changeId, seenHeadSha }, opening, now);
    if (opened.kind === 'refused') return { message: opened.reason };
    // Each opened form gets its own key: submitting it twice records once.
    const binding = { revision: opened.form.revision, formKey: `teams:form:${randomUUID()}` };
    // How long a reviewer really looked: the opening time stays on our side, under the form's key.
    await deps.state.put(KEYS.formOpened(binding.formKey), { openedAt: opened.form.openedAt });
    const shown = { ...view, headSha: seenHeadSha };
    return { card: opening === 'approve' ? signoffForm(shown, opened.form.attestations, { binding }) : opening === 'override' ? overrideForm(shown, { binding }) : requestChangesForm(shown, { binding }) };
  }
  if (click.verb === VERBS.openExplain || click.verb === VERBS.explain) return explain(deps, view, actor, click);
  if (click.verb === VERBS.claim) {
    const outcome = await claimChange(deps.ctx, { repo: view.repo, number: view.number }, actor, now);
    if (outcome.kind === 'done') deps.onDecided();
    return { message: outcome.message };
  }
  const decision = SUBMITS[click.verb];
  if (!decision) return { message: 'Countersign does not know that button.' };
  return decide(deps, { ...view, headSha: seenHeadSha }, actor, decision, click);
}

async function decide(deps: TeamsTurnDeps, shown: ReviewRequestView, actor: Actor, decision: Decision, click: CardClick): Promise<InvokeReply> {
  const { data } = click;
  const attestations = deps.ctx.config.signoff.attestations;
  const revision = Number(data.revision);
  const form: FormBinding = typeof data.formKey === 'string' && Number.isSafeInteger(revision)
    ? { key: data.formKey, revision, openedAt: await formOpenedAt(deps, data.formKey) }
    : { key: `teams:click:${click.clickId}`, revision: null }; // a one-click decision (Revoke)
  const ticked = new Set(attestations.map((_, i) => i).filter((i) => data[INPUTS.attestation(i)] === 'true'));
  const note = typeof data[INPUTS.note] === 'string' ? data[INPUTS.note] as string : null;
  const result = await submitDecision(deps.ctx, { changeId: shown.changeId, seenHeadSha: shown.headSha, decision, ticked, note, form }, actor, deps.clock.now());
  if (result.kind === 'invalid') {
    // The client checks isRequired too, but a client may skip it: the form comes back with the reason.
    const binding = form.revision !== null ? { revision: form.revision, formKey: form.key! } : undefined;
    const again = { problem: result.reason, ...(binding ? { binding } : {}) };
    return { card: decision === 'approve' ? signoffForm(shown, attestations, again) : decision === 'override' ? overrideForm(shown, again) : requestChangesForm(shown, again) };
  }
  // Used now (an invalid form comes back with the same key and its opening time).
  if (form.openedAt !== undefined) await deps.state.delete(KEYS.formOpened(form.key!));
  if (result.kind !== 'recorded') return { message: result.reason };
  deps.onDecided();
  const after = await reviewRequestFor(deps.ctx, shown.changeId, deps.clock.now());
  return after ? { card: personalCard(after, actor) } : { message: 'Recorded.' };
}

/**
 * "Explain this change", offered to the author alone: the form with their earlier answers,
 * and its submission, both through the door (which refuses anyone else, audited).
 */
async function explain(deps: TeamsTurnDeps, view: ReviewRequestView, actor: Actor, click: CardClick): Promise<InvokeReply> {
  if (click.verb === VERBS.openExplain) {
    const opened = await openExplanationForm(deps.ctx, view.changeId, actor);
    return opened.kind === 'refused' ? { message: opened.reason } : { card: explanationForm(view, opened.form.answers) };
  }
  const given = Object.fromEntries(EXPLANATION_QUESTIONS.map((q) => [q, typeof click.data[INPUTS.explanation(q)] === 'string' ? click.data[INPUTS.explanation(q)] as string : '']));
  const result = await submitExplanation(deps.ctx, view.changeId, given, actor, deps.clock.now());
  // The client checks isRequired too, but a client may skip it: the form comes back with the reason and the answers.
  if (result.kind === 'invalid') return { card: explanationForm(view, { what: '', verified: '', risks: '', ...given }, { problem: result.reason }) };
  if (result.kind === 'refused') return { message: result.reason };
  deps.onDecided();
  const after = await reviewRequestFor(deps.ctx, view.changeId, deps.clock.now());
  return after ? { card: personalCard(after, actor) } : { message: 'Your explanation is on the request and the check.' };
}

/** When the form under `formKey` was opened, as recorded when Countersign opened it; null when unknown. */
async function formOpenedAt(deps: TeamsTurnDeps, formKey: string): Promise<string | null> {
  const stored = await deps.state.get(KEYS.formOpened(formKey)) as { openedAt?: unknown } | undefined | null;
  return typeof stored?.openedAt === 'string' ? stored.openedAt : null;
}

/** The card as this person may act on it: only the buttons the door offers them. */
function personalCard(view: ReviewRequestView, actor: Actor): AdaptiveCard {
  const actions = actionsFor(view, actor.person?.github ?? null);
  return renderReviewRequest(view, { actions, ...(actions.includes('sign_off') ? { banner: 'You may sign this off.' } : {}) });
}
