import type { Decision } from '../domain/signoff-state.js';
import { standingDecisions } from '../domain/signoff-state.js';
import { decideSignoff } from '../domain/signoff-decision.js';
import { formOpenSeconds } from '../domain/accountability/review-time.js';
import { appendAudit } from '../store/audit.js';
import { findChangeById, lockChange, updateChange, type Db } from '../store/changes.js';
import { enqueue } from '../store/outbox.js';
import { decisionsFor, insertSignoff, type RecordedDecision } from '../store/signoffs.js';
import { settleForm, useForm } from '../store/used-forms.js';
import type { AppContext } from './context.js';
import { outboxMessagesFor } from './effects.js';
import type { Actor } from './identity.js';
import { RosterUnavailable } from './roster.js';
import { resolveRoster } from './use-roster.js';

/** The state a decision form was opened at, and the key that makes it single-use. */
export interface FormBinding {
  /** Platform-qualified and unique per form (Slack: view id and hash; playground: form token); null for a typed command. */
  key: string | null;
  /** The change's revision when the form was opened; null when the form names only a head (an old message, a button). */
  revision: number | null;
  /** When the form was opened (ISO, from the server's clock); how long a reviewer really looked. */
  openedAt?: string | null;
}

export interface DecisionRequest {
  changeId: number;
  /** The head SHA shown in the message the person acted on. */
  seenHeadSha: string;
  actor: Actor;
  decision: Decision;
  attested: readonly string[];
  note: string | null;
  form?: FormBinding;
}

export type DecisionResult =
  | { kind: 'recorded'; subject: string; status: string; approvals: number; required: number }
  | { kind: 'unchanged'; reason: string }
  | { kind: 'refused'; code: string; reason: string };

export const STALE_FORM = 'This request changed since you opened it; open it again.';
export const ALREADY_RECORDED = 'Already recorded: this form was submitted before, so nothing changed.';

/**
 * Sign off, request changes, revoke or override: one transaction that starts by locking
 * the change, and holds the decision, the change's new status, the audit events and
 * the outbox rows, or, for a refusal, only the audit event that records it.
 */
export async function recordDecision(ctx: AppContext, request: DecisionRequest, now: Date): Promise<DecisionResult> {
  const unresolved = await rosterRefusal(ctx, request, now);
  if (unresolved) return unresolved;
  return ctx.store.db.transaction().execute((trx) => recordDecisionIn(trx, ctx, request, now));
}

/**
 * Who is a senior may depend on GitHub teams: read the owning teams' members before the
 * transaction (no network inside it). When GitHub cannot say, the decision is refused
 * with that reason and audited, rather than judged on a roster that may be wrong.
 */
async function rosterRefusal(ctx: AppContext, request: DecisionRequest, now: Date): Promise<DecisionResult | null> {
  const change = await findChangeById(ctx.store.db, request.changeId);
  if (!change) return null; // the transaction says so
  try {
    await resolveRoster(ctx, change.owning_teams, now);
    return null;
  } catch (error) {
    if (!(error instanceof RosterUnavailable)) throw error;
    const reason = `Countersign could not check who may decide here: ${error.message}. Nothing was recorded; try again in a minute.`;
    ctx.log.warn({ err: error, change: change.id }, 'decision refused: a GitHub team could not be read');
    await ctx.store.db.transaction().execute((trx) => appendAudit(trx, [{
      at: now.toISOString(), actor: request.actor.person?.github ?? `${request.actor.platform}:${request.actor.id}`, action: 'signoff_refused', subject: `${change.repo}#${change.number}`, head_sha: change.head_sha,
      details: { decision: request.decision, code: error.code, reason, team: error.team, seen_head: request.seenHeadSha, platform: request.actor.platform, platform_user: request.actor.id },
    }]));
    return { kind: 'refused', code: error.code, reason };
  }
}

/** The same, inside the caller's transaction (a webhook delivery settles with its decision). */
export async function recordDecisionIn(trx: Db, ctx: AppContext, request: DecisionRequest, now: Date): Promise<DecisionResult> {
  const at = now.toISOString();
  const note = request.note?.trim() ? request.note.trim() : null;
  const change = await lockChange(trx, ctx.store.flavor, request.changeId);
  if (!change) return { kind: 'refused', code: 'not_found', reason: 'Countersign does not know this change any more.' };
  const login = request.actor.person?.github ?? null;
  const actor = login ?? `${request.actor.platform}:${request.actor.id}`;
  const formKey = request.form?.key ?? null;
  // A replayed or second submission of a form finds it used, and records nothing at all.
  if (formKey && !(await useForm(trx, { key: formKey, changeId: change.id, actor, outcome: 'pending' }, at))) {
    return { kind: 'unchanged', reason: ALREADY_RECORDED };
  }
  const settle = async (outcome: string) => { if (formKey) await settleForm(trx, formKey, outcome); };
  const decisions = await decisionsFor(trx, change.id);
  const subject = `${change.repo}#${change.number}`;
  const via = { platform: request.actor.platform, platform_user: request.actor.id };

  if (staleForm(request, change.head_sha, decisions, login)) {
    await appendAudit(trx, [{ at, actor, action: 'signoff_refused', subject, head_sha: change.head_sha, details: {
      decision: request.decision, code: 'stale_form', reason: STALE_FORM, seen_head: request.seenHeadSha, form_revision: request.form?.revision ?? null, revision: change.revision, ...via,
    } }]);
    await settle('stale');
    return { kind: 'refused', code: 'stale_form', reason: STALE_FORM };
  }
  // Approving (or overriding) a head you already approved (or overrode) changes nothing: no second event, reply or update.
  if (login && (request.decision === 'approve' || request.decision === 'override') && request.seenHeadSha === change.head_sha
    && standingDecisions(decisions, change.head_sha).get(login.toLowerCase()) === request.decision) {
    await settle('unchanged');
    return { kind: 'unchanged', reason: `You already ${request.decision === 'approve' ? 'signed off' : 'overrode'} ${subject} at ${change.head_sha.slice(0, 7)}; nothing changed.` };
  }

  const nextOrder = (decisions.at(-1)?.order ?? 0) + 1;
  const outcome = decideSignoff(change, decisions, {
    reviewer: login, reviewerIsBot: request.actor.isBot, seenHeadSha: request.seenHeadSha, decision: request.decision, attested: request.attested, note,
  }, ctx.policy.teams, nextOrder);
  if (!outcome.ok) {
    await appendAudit(trx, [{ at, actor, action: outcome.audit.action, subject, head_sha: change.head_sha, details: { ...outcome.audit.details, ...via } }]);
    await settle('refused');
    return { kind: 'refused', code: outcome.code, reason: outcome.reason };
  }
  const next = { ...change, status: outcome.status, revision: change.revision + 1 };
  const timing = formTiming(request.form?.openedAt ?? null, at, change.additions + change.deletions);
  await insertSignoff(trx, {
    change_id: change.id, head_sha: change.head_sha, reviewer: login!, decision: request.decision,
    attestation: JSON.stringify(request.attested), note, at, source: request.actor.platform, revision: next.revision, form_opened_at: timing?.form_opened_at ?? null,
  });
  await updateChange(trx, change.id, next, at, change.revision);
  const seniority = request.decision === 'approve' ? { senior: seniorityOf(ctx, change.owning_teams, login!) } : {};
  await appendAudit(trx, outcome.audit.map((e, i) => ({ at, actor, action: e.action, subject, head_sha: change.head_sha, details: { ...e.details, ...via, ...(i === 0 ? seniority : {}), ...(i === 0 && timing ? timing : {}) } })));
  await enqueue(trx, outboxMessagesFor(next, outcome.effects, ctx.config), at);
  await settle('recorded');
  return { kind: 'recorded', subject, status: outcome.status, approvals: outcome.approvals.length, required: change.required_signoffs };
}

/** Who was a senior when they signed: of which owning team, by login or through which GitHub team. */
function seniorityOf(ctx: AppContext, owningTeams: readonly string[], login: string): { team: string; via: string } | null {
  for (const team of owningTeams) {
    const via = ctx.roster.seniorVia(team, login);
    if (via) return { team, via };
  }
  return null;
}

/** The form's open and submit times beside the lines changed (issue 15), or null when the open time is unknown or not plausible. */
function formTiming(openedAt: string | null, submittedAt: string, lines: number): { form_opened_at: string; form_seconds: number; lines: number } | null {
  const seconds = formOpenSeconds(openedAt, submittedAt);
  return openedAt !== null && seconds !== null ? { form_opened_at: openedAt, form_seconds: seconds, lines } : null;
}

/**
 * A form opened before a push, or before a decision since that was the same person's
 * or was not an approval (a revoke, a request for changes, an override), no longer
 * shows the request as it is. Other seniors' approvals do not make it stale: two seniors
 * may sign the same request side by side.
 */
function staleForm(request: DecisionRequest, head: string, decisions: readonly RecordedDecision[], login: string | null): boolean {
  const opened = request.form?.revision;
  if (opened === undefined || opened === null) return false;
  if (request.seenHeadSha !== head) return true;
  const me = login?.toLowerCase();
  return decisions.some((d) => d.revision !== null && d.revision > opened && (d.reviewer.toLowerCase() === me || d.decision !== 'approve'));
}
