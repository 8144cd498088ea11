import { EXPLANATION_QUESTIONS, missingAnswers, type Explanation, type ExplanationQuestion } from '../domain/accountability/explanation.js';
import { checkFor, type Effect } from '../domain/effects.js';
import { appendAudit } from '../store/audit.js';
import { findChangeById, lockChange, updateChange } from '../store/changes.js';
import { enqueue } from '../store/outbox.js';
import { NOTE_MAX } from './decision-form.js';
import type { AppContext } from './context.js';
import { outboxMessagesFor } from './effects.js';
import type { Actor } from './identity.js';

/** "Explain this change": the author's three answers, prefilled with what they wrote before. */
export interface ExplanationForm {
  changeId: number;
  repo: string;
  number: number;
  title: string;
  headSha: string;
  answers: Explanation;
}

export type ExplanationResult =
  | { kind: 'recorded' }
  | { kind: 'invalid'; field: ExplanationQuestion; reason: string }
  | { kind: 'refused'; reason: string };

const NOT_THE_AUTHOR = 'Only the author of this change (whoever asked the agent for it) can explain it.';

/** Whoever is accountable for the change, or null when nobody is known yet. */
function authorOf(change: { author: string; requester: { login: string | null } }): string | null {
  return change.requester.login;
}

export async function openExplanationForm(ctx: AppContext, changeId: number, actor: Actor): Promise<{ kind: 'form'; form: ExplanationForm } | { kind: 'refused'; reason: string }> {
  const change = await findChangeById(ctx.store.db, changeId);
  if (!change) return { kind: 'refused', reason: 'Countersign no longer knows this change.' };
  if (!same(authorOf(change), actor.person?.github)) return { kind: 'refused', reason: NOT_THE_AUTHOR };
  const answers = change.explanation?.answers ?? { what: '', verified: '', risks: '' };
  return { kind: 'form', form: { changeId: change.id, repo: change.repo, number: change.number, title: change.title, headSha: change.head_sha, answers } };
}

/**
 * Record the author's explanation given in chat: one transaction that locks the
 * change, stores the answers with the head they were given for, audits them, and
 * refreshes the request and the check. Anyone but the author is refused, and audited.
 */
export async function submitExplanation(ctx: AppContext, changeId: number, given: Partial<Explanation>, actor: Actor, now: Date): Promise<ExplanationResult> {
  const answers = Object.fromEntries(EXPLANATION_QUESTIONS.map((q) => [q, (given[q] ?? '').trim()])) as Explanation;
  const missing = missingAnswers(answers, ctx.config.accountability.explanation_placeholders);
  if (missing[0]) return { kind: 'invalid', field: missing[0], reason: 'Answer each question in your own words.' };
  const tooLong = EXPLANATION_QUESTIONS.find((q) => answers[q].length > NOTE_MAX);
  if (tooLong) return { kind: 'invalid', field: tooLong, reason: `Keep each answer under ${NOTE_MAX} characters.` };
  const at = now.toISOString();
  return ctx.store.db.transaction().execute(async (trx): Promise<ExplanationResult> => {
    const change = await lockChange(trx, ctx.store.flavor, changeId);
    if (!change) return { kind: 'refused', reason: 'Countersign no longer knows this change.' };
    const login = actor.person?.github ?? null;
    const subject = `${change.repo}#${change.number}`;
    if (!same(authorOf(change), login)) {
      await appendAudit(trx, [{ at, actor: login ?? `${actor.platform}:${actor.id}`, action: 'explanation_refused', subject, head_sha: change.head_sha, details: { platform: actor.platform } }]);
      return { kind: 'refused', reason: NOT_THE_AUTHOR };
    }
    const next = { ...change, explanation: { answers, head_sha: change.head_sha, at, source: 'chat' as const, by: login! }, revision: change.revision + 1 };
    await updateChange(trx, change.id, next, at, change.revision);
    await appendAudit(trx, [{ at, actor: login!, action: 'explanation_given', subject, head_sha: change.head_sha, details: { ...answers, head_sha: change.head_sha, source: 'chat', platform: actor.platform } }]);
    const effects: Effect[] = [{ type: 'refresh_request' }, { type: 'thread_notice', notice: 'explained', actor: login }];
    const check = change.closed ? null : checkFor(change.status);
    if (check) effects.push({ type: 'set_check', head_sha: change.head_sha, state: check });
    await enqueue(trx, outboxMessagesFor(next, effects, ctx.config), at);
    return { kind: 'recorded' };
  });
}

function same(a: string | null | undefined, b: string | null | undefined): boolean {
  return !!a && !!b && a.toLowerCase() === b.toLowerCase();
}
