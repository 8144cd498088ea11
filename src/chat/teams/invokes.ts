import { reviewRequestFor } from '../../app/change-view.js';
import { claimChange } from '../../app/claims.js';
import { firstUnticked, MISSING_REASON, UNTICKED_STATEMENT } from '../../app/decision-form.js';
import type { Actor } from '../../app/identity.js';
import { recordDecision } from '../../app/record-decision.js';
import type { ReviewRequestView } from '../../app/views.js';
import { awaitsDecision } from '../../app/wording.js';
import type { Decision } from '../../domain/signoff-state.js';
import type { TeamsTurnDeps } from './turn.js';
import { INPUTS, NOTE_MAX, overrideForm, renderReviewRequest, requestChangesForm, signoffForm, VERBS, type AdaptiveCard, type CardAction } from './render/index.js';

/** What an invoke answers, to the clicker alone: a card that replaces theirs, or a message. */
export type InvokeReply = { card: AdaptiveCard } | { message: string };

export interface CardClick {
  verb: string;
  data: Record<string, unknown>;
  /** "automatic": Teams refreshing a card on its own; never a reason to change anything. */
  trigger: 'manual' | 'automatic';
}

/**
 * A press on a card button, through app/. Decisions are recorded in one transaction
 * and answered at once; the card everyone sees and the thread reply follow through the
 * outbox. The shared message is never edited from here: an edit on an automatic refresh
 * would make Teams refresh again, forever (microsoft/Agents-for-js#1202).
 */
export async function onCardClick(deps: TeamsTurnDeps, click: CardClick, actor: Actor): Promise<InvokeReply> {
  const changeId = Number(click.data.changeId);
  const seenHeadSha = typeof click.data.headSha === 'string' ? click.data.headSha : '';
  if (!Number.isSafeInteger(changeId) || changeId <= 0 || !/^[0-9a-f]{7,64}$/i.test(seenHeadSha)) return { message: 'This card does not name a change Countersign knows.' };
  const now = deps.clock.now();
  const view = await reviewRequestFor(deps.ctx, changeId, now);
  if (!view) return { message: 'Countersign no longer knows this change.' };
  const mine = () => ({ card: personalCard(deps, view, actor) });
  if (click.trigger === 'automatic' || click.verb === VERBS.refresh) return mine();
  if (!actor.person) return { message: 'Your Teams account is not linked to a GitHub login in Countersign, so you cannot act on this change. Ask an admin to add you under people.' };
  if (view.headSha !== seenHeadSha) return { card: personalCard(deps, view, actor, 'New commits were pushed since this card was shown: here it is as it stands now.') };
  const attestations = deps.ctx.config.signoff.attestations;
  switch (click.verb) {
    case VERBS.openSignoff: return awaitsDecision(view) ? { card: signoffForm(view, attestations) } : mine();
    case VERBS.openRequestChanges: return awaitsDecision(view) ? { card: requestChangesForm(view) } : mine();
    case VERBS.openOverride: return awaitsDecision(view) ? { card: overrideForm(view) } : mine();
    case VERBS.claim: {
      const outcome = await claimChange(deps.ctx, { repo: view.repo, number: view.number }, actor, now);
      if (outcome.kind === 'done') deps.onDecided();
      return { message: outcome.message };
    }
    case VERBS.signoff: return decide(deps, view, actor, 'approve', click.data);
    case VERBS.requestChanges: return decide(deps, view, actor, 'request_changes', click.data);
    case VERBS.override: return decide(deps, view, actor, 'override', click.data);
    case VERBS.revoke: return decide(deps, view, actor, 'revoke', click.data);
    default: return { message: 'Countersign does not know that button.' };
  }
}

async function decide(deps: TeamsTurnDeps, view: ReviewRequestView, actor: Actor, decision: Decision, data: Record<string, unknown>): Promise<InvokeReply> {
  const attestations = deps.ctx.config.signoff.attestations;
  const note = typeof data[INPUTS.note] === 'string' ? (data[INPUTS.note] as string).trim() : '';
  const again = (problem: string) => ({ card: decision === 'approve' ? signoffForm(view, attestations, { problem }) : decision === 'override' ? overrideForm(view, { problem }) : requestChangesForm(view, { problem }) });
  // The client checks isRequired too, but a client may skip it: checked here before anything is written.
  if (decision === 'approve') {
    const ticked = new Set(attestations.map((_, i) => i).filter((i) => data[INPUTS.attestation(i)] === 'true'));
    if (firstUnticked(attestations, ticked) >= 0) return again(UNTICKED_STATEMENT);
  }
  const askReason = MISSING_REASON[decision];
  if (askReason && !note) return again(askReason);
  if (note.length > NOTE_MAX) return again(`Keep the note under ${NOTE_MAX} characters.`);
  const now = deps.clock.now();
  const result = await recordDecision(deps.ctx, {
    changeId: view.changeId, seenHeadSha: view.headSha, actor, decision, attested: decision === 'approve' ? [...attestations] : [], note: note || null,
  }, now);
  if (!result.ok) return { message: result.reason };
  deps.onDecided();
  const after = await reviewRequestFor(deps.ctx, view.changeId, now);
  return after ? { card: personalCard(deps, after, actor) } : { message: 'Recorded.' };
}

/** The card as this person may act on it: only the buttons they may press. */
function personalCard(deps: TeamsTurnDeps, view: ReviewRequestView, actor: Actor, banner?: string): AdaptiveCard {
  const actions = actionsFor(deps, view, actor.person?.github ?? null);
  const mayDecide = actions.includes('signoff');
  return renderReviewRequest(view, { actions, ...(banner ? { banner } : mayDecide ? { banner: 'You may sign this off.' } : {}) });
}

/** Sign off for eligible seniors who have not, Override for leads, Revoke for whoever signed. */
function actionsFor(deps: TeamsTurnDeps, view: ReviewRequestView, login: string | null): CardAction[] {
  if (!login) return [];
  const me = login.toLowerCase();
  const among = (logins: readonly string[]) => logins.some((l) => l.toLowerCase() === me);
  const signed = among(view.approvals.map((a) => a.reviewer));
  const awaits = awaitsDecision(view);
  const mayDecide = awaits && among(view.eligibleSeniors);
  const leads = deps.ctx.policy.teams.filter((t) => view.owningTeams.includes(t.name)).flatMap((t) => t.leads);
  const actions: CardAction[] = [];
  if (mayDecide && !signed) actions.push('signoff');
  if (mayDecide && !signed && view.status === 'awaiting') actions.push('claim');
  if (mayDecide) actions.push('request_changes');
  if (awaits && among(leads)) actions.push('override');
  if (view.status !== 'closed' && view.status !== 'merged' && signed) actions.push('revoke');
  return actions;
}
