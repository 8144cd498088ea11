import type { Decision } from '../domain/signoff-state.js';
import { findChangeById } from '../store/changes.js';
import type { AppContext } from './context.js';
import { firstUnticked, MISSING_REASON, NOTE_MAX, UNTICKED_STATEMENT } from './decision-form.js';
import type { Actor } from './identity.js';
import { recordDecision, type DecisionResult, type FormBinding } from './record-decision.js';

/**
 * The one door for everything a person does from chat. Chat adapters translate their
 * wire format into these calls and the answers back; they never read the store, and
 * never decide for themselves who may do what.
 */
export { actionsFor, SHARED_MESSAGE, type ChangeAction, type Viewer } from './actions-for.js';
export { claimChange, releaseClaim, setAwayUntil, snoozeChange } from './claims.js';
export { homeView } from './home.js';
export { ALREADY_RECORDED, STALE_FORM, type DecisionResult, type FormBinding } from './record-decision.js';
export { runCommand } from './run-command.js';
export { openExplanationForm, submitExplanation, type ExplanationForm, type ExplanationResult } from './explain.js';

/** A decision form as opened: what it shows, bound to the head and revision it was opened at. */
export interface DecisionForm {
  changeId: number;
  repo: string;
  number: number;
  title: string;
  headSha: string;
  revision: number;
  decision: Decision;
  /** The statements a sign-off attests to (empty for other decisions). */
  attestations: string[];
  /** When it was opened (ISO; null without a clock): the submission reports it back. */
  openedAt: string | null;
}

export type OpenedForm = { kind: 'form'; form: DecisionForm } | { kind: 'refused'; reason: string };

/**
 * Open a sign-off, request-changes or override form for a change as the person saw it,
 * bound to the head they saw and the change's current revision. Who may decide is
 * checked when the form is submitted, so that every refused attempt is audited.
 */
export async function openDecisionForm(ctx: AppContext, target: { changeId: number; seenHeadSha: string }, decision: Exclude<Decision, 'revoke'>, now: Date | null = null): Promise<OpenedForm> {
  const change = await findChangeById(ctx.store.db, target.changeId);
  if (!change) return { kind: 'refused', reason: 'Countersign no longer knows this change.' };
  return { kind: 'form', form: {
    changeId: change.id, repo: change.repo, number: change.number, title: change.title, headSha: target.seenHeadSha, revision: change.revision,
    decision, attestations: decision === 'approve' ? [...ctx.config.signoff.attestations] : [], openedAt: now ? now.toISOString() : null,
  } };
}

/** A filled-in form: the decision, what was ticked, the note or reason, and its binding. */
export interface DecisionSubmission {
  changeId: number;
  seenHeadSha: string;
  decision: Decision;
  /** Indices of the attestation statements ticked (sign-off). */
  ticked: ReadonlySet<number>;
  note: string | null;
  form: FormBinding;
}

/** A form that cannot be submitted as filled in: nothing is written, the form stays open. */
export type InvalidForm = { kind: 'invalid'; field: 'attest' | 'note'; index: number; reason: string };

/** Submit a decision form (or press a one-click decision such as Revoke). */
export async function submitDecision(ctx: AppContext, submission: DecisionSubmission, actor: Actor, now: Date): Promise<DecisionResult | InvalidForm> {
  const statements = ctx.config.signoff.attestations;
  const note = submission.note?.trim() || null;
  if (submission.decision === 'approve') {
    const missing = firstUnticked(statements, submission.ticked);
    if (missing >= 0) return { kind: 'invalid', field: 'attest', index: missing, reason: UNTICKED_STATEMENT };
  }
  const askReason = MISSING_REASON[submission.decision];
  if (askReason && !note) return { kind: 'invalid', field: 'note', index: 0, reason: askReason };
  if (note && note.length > NOTE_MAX) return { kind: 'invalid', field: 'note', index: 0, reason: `Keep the note under ${NOTE_MAX} characters.` };
  return recordDecision(ctx, {
    changeId: submission.changeId, seenHeadSha: submission.seenHeadSha, actor, decision: submission.decision,
    attested: submission.decision === 'approve' ? [...statements] : [], note, form: submission.form,
  }, now);
}
