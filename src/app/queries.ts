import { COMMAND_HELP, type ChangeRef, type Command } from '../domain/command.js';
import type { Change } from '../domain/change.js';
import type { Person } from '../domain/policy.js';
import { approvalsAt, standingDecisions } from '../domain/signoff-state.js';
import { readAudit } from '../store/audit.js';
import { findChangeByRef, signedOffSince } from '../store/changes.js';
import { awaitingSignoffPage, pendingPage } from '../store/open-queue.js';
import { decisionsFor, decisionsForChanges } from '../store/signoffs.js';
import type { AppContext } from './context.js';
import { teamsListing, type TeamRole } from './config-index.js';
import { formOpenSeconds, rubberStampFlag, type RubberStampRule } from '../domain/accountability/review-time.js';
import { qualityTable, type SignedChange } from '../domain/accountability/quality.js';
import { formTime, QUALITY_SIGNAL } from './accountability-wording.js';
import { toolsOf, tracedLinksSince } from './quality-stats.js';
import { eligibleSeniors, reviewRequestView } from './review-view.js';
import { changeLine, type ChangeLine, type QueryAnswer } from './views.js';

/**
 * Answer a `/signoff` (or Teams @mention) command for `asker`. Unless the config says
 * otherwise, people see only changes owned by their own teams.
 */
export async function answerCommand(ctx: AppContext, command: Command, asker: Person | null, now: Date): Promise<QueryAnswer> {
  const visible = visibility(ctx, asker);
  switch (command.kind) {
    case 'help':
      return { kind: 'help', text: command.reason ? [`I did not understand that: ${command.reason}.`, ...COMMAND_HELP] : [...COMMAND_HELP] };
    case 'pending': {
      const scope = command.scope;
      const viewer = viewerScope(ctx, asker);
      const where = !scope ? '' : 'team' in scope ? ` for ${scope.team}` : ` in ${scope.repo}`;
      const found = viewer === 'nothing' ? { changes: [], total: 0 }
        : await pendingPage(ctx.store.db, { ...(viewer === 'everything' ? {} : { viewer }), ...(scope ? ('team' in scope ? { team: scope.team } : { repo: scope.repo }) : {}) }, LIST_PAGE);
      return { kind: 'list', title: `Waiting for sign-off${where}, oldest first`, lines: await linesOf(ctx, found.changes), total: found.total, empty: `Nothing is waiting for sign-off${where}.` };
    }
    case 'mine': {
      if (!asker) return unmapped();
      const found = await awaitingSignoffPage(ctx.store.db, asker.github, teamsWhere(ctx, asker, 'seniors'), LIST_PAGE);
      return { kind: 'list', title: 'Waiting for your sign-off, oldest first', lines: await linesOf(ctx, found.changes), total: found.total, empty: 'Nothing is waiting for your sign-off.' };
    }
    case 'show':
    case 'why': {
      const change = await lookup(ctx, command.ref, visible);
      if ('kind' in change) return change;
      const view = reviewRequestView(change, await decisionsFor(ctx.store.db, change.id), ctx.policy, now);
      if (command.kind === 'show') return { kind: 'show', view };
      return { kind: 'why', view, rule: ruleText(change), missing: missingText(change, view.approvals.length, view.eligibleSeniors) };
    }
    case 'audit': {
      const change = await lookup(ctx, command.ref, visible);
      if ('kind' in change) return change;
      const subject = `${change.repo}#${change.number}`;
      const events = [];
      for await (const e of readAudit(ctx.store.db, { subject })) {
        events.push({ seq: e.seq, at: e.at, actor: e.actor, action: e.action, summary: summarize(e.details) });
      }
      return { kind: 'audit', subject, events };
    }
    case 'stats':
      return statsAnswer(ctx, command.days, asker, now);
    case 'override':
    case 'claim':
    case 'release':
    case 'snooze':
    case 'away':
    case 'author':
    case 'incident':
      return { kind: 'error', message: 'That is an action, not a question: it is carried out through runCommand.' };
  }
}

async function statsAnswer(ctx: AppContext, days: number, asker: Person | null, now: Date): Promise<QueryAnswer> {
  const visible = visibility(ctx, asker);
  const since = new Date(now.getTime() - days * 86_400_000).toISOString();
  let signoffs = 0;
  const waits: number[] = [];
  const rubberStamps: { line: ChangeLine; reviewer: string; seconds: number; formSeconds: number | null }[] = [];
  const signed: SignedChange[] = [];
  for (const change of (await signedOffSince(ctx.store.db, since)).filter(visible)) {
    const decisions = await decisionsFor(ctx.store.db, change.id);
    const approvals = decisions.filter((d) => d.decision === 'approve' && d.at >= since);
    signoffs += approvals.length;
    signed.push({
      teams: change.owning_teams, tools: toolsOf(change), signers: approvals.map((a) => a.reviewer), lines: change.additions + change.deletions,
      signoffs: approvals.map((a) => ({ reviewer: a.reviewer, formSeconds: formOpenSeconds(a.form_opened_at, a.at) })),
    });
    if (change.requested_at) for (const a of approvals) waits.push(Math.round((Date.parse(a.at) - Date.parse(change.requested_at)) / 1000));
    for (const a of approvals) {
      // A large diff signed within seconds of opening the form (or of the request) was not read.
      const flag = rubberStampFlag({ lines: change.additions + change.deletions, requestedAt: change.requested_at, formOpenedAt: a.form_opened_at, submittedAt: a.at }, rubberStampRule(ctx));
      if (flag) rubberStamps.push({ line: changeLine(change, approvalsAt(decisions, change.head_sha).length), reviewer: a.reviewer, seconds: flag.seconds, formSeconds: formOpenSeconds(a.form_opened_at, a.at) });
    }
  }
  const viewer = viewerScope(ctx, asker);
  const pending = viewer === 'nothing' ? [] : (await pendingPage(ctx.store.db, viewer === 'everything' ? {} : { viewer }, 1)).changes;
  const oldest = pending[0] ? (await linesOf(ctx, [pending[0]]))[0]! : null;
  const quality = { ...qualityTable(signed, await tracedLinksSince(ctx, since, visible)), note: QUALITY_SIGNAL };
  return { kind: 'stats', period: `last ${days} days`, signoffs, medianSeconds: median(waits), oldestPending: oldest, rubberStamps, quality };
}

/** Sign-offs this soon after opening the form (or the request), on a large diff, are flagged as rubber stamps. */
export const RUBBER_STAMP_SECONDS = 120;

/** A rubber stamp: at least half the reviewable size, signed within RUBBER_STAMP_SECONDS. */
export function rubberStampRule(ctx: AppContext): RubberStampRule {
  return { minLines: ctx.policy.risk.reviewable_lines / 2, maxSeconds: RUBBER_STAMP_SECONDS };
}

/** How many lines a list answer carries; the rest is counted, not loaded. */
export const LIST_PAGE = 25;

export function visibility(ctx: AppContext, asker: Person | null): (c: Change) => boolean {
  const viewer = viewerScope(ctx, asker);
  if (viewer === 'everything' || viewer === 'nothing') return () => viewer === 'everything';
  const mine = new Set(viewer.teams);
  const me = viewer.login.toLowerCase();
  return (c) => c.owning_teams.some((t) => mine.has(t)) || c.author.toLowerCase() === me;
}

/** The open-queue filter for what `asker` may see; null: nothing. */
export function pendingFilterFor(ctx: AppContext, asker: Person | null): { viewer?: { login: string; teams: string[] } } | null {
  const viewer = viewerScope(ctx, asker);
  return viewer === 'nothing' ? null : viewer === 'everything' ? {} : { viewer };
}

/** What `asker` may see, as the queries filter it: their teams' changes and their own. */
function viewerScope(ctx: AppContext, asker: Person | null): 'everything' | 'nothing' | { login: string; teams: string[] } {
  if (ctx.config.signoff.show_all_repositories) return 'everything';
  if (!asker) return 'nothing';
  return { login: asker.github, teams: teamsWhere(ctx, asker, 'seniors', 'leads', 'members') };
}

/** Names of the teams that list `person` in any of `roles`. */
export function teamsWhere(ctx: AppContext, person: Person, ...roles: TeamRole[]): string[] {
  return teamsListing(ctx.policy, person.github, roles);
}

async function lookup(ctx: AppContext, ref: ChangeRef, visible: (c: Change) => boolean): Promise<Change | QueryAnswer> {
  const change = await findChangeByRef(ctx.store.db, ref.repo, ref.number);
  // Not visible reads the same as unknown: answers do not reveal other teams' changes.
  if (!change || !visible(change)) return { kind: 'error', message: `Countersign has no record of ${ref.repo}#${ref.number} that you can see.` };
  return change;
}

/** True when `person` may sign this change now and has not decided at its head yet. */
export async function awaitsDecisionFrom(ctx: AppContext, change: Change, person: Person): Promise<boolean> {
  return awaitsDecisionIn(ctx, change, person, await decisionsFor(ctx.store.db, change.id));
}

/** `awaitsDecisionFrom` with the change's decisions already read (one query for a whole list). */
export function awaitsDecisionIn(ctx: AppContext, change: Change, person: Person, decisions: Parameters<typeof standingDecisions>[0]): boolean {
  const me = person.github.toLowerCase();
  if (change.draft || change.status !== 'awaiting' || !eligibleSeniors(change, ctx.policy).some((s) => s.toLowerCase() === me)) return false;
  return !standingDecisions(decisions, change.head_sha).has(me);
}

export async function linesOf(ctx: AppContext, changes: readonly Change[]): Promise<ChangeLine[]> {
  const decisions = await decisionsForChanges(ctx.store.db, changes.map((c) => c.id));
  return changes.map((c) => changeLine(c, approvalsAt(decisions.get(c.id) ?? [], c.head_sha).length));
}

function ruleText(change: Change): string {
  if (!change.ai_assisted) return 'No AI-assistance marker was found, so no sign-off is needed.';
  const tools = [...new Set(change.signals.map((s) => s.tool))].join(', ');
  return `AI-assisted (${tools}): every AI-assisted change needs ${change.required_signoffs} senior sign-off${change.required_signoffs === 1 ? '' : 's'} at ${change.risk_tier} risk (${change.risk_reasons.join('; ')}).`;
}

function missingText(change: Change, approvals: number, seniors: readonly string[]): string {
  if (change.status === 'signed_off') return 'Nothing: it is signed off at the current head.';
  if (change.status === 'changes_requested') return 'Changes were requested; the author pushes a fix, then a senior signs off the new head.';
  if (change.status !== 'awaiting') return `Nothing: it is ${change.status.replace('_', ' ')}.`;
  const needed = change.required_signoffs - approvals;
  const who = seniors.length > 0 ? seniors.join(', ') : 'nobody yet (no owning team has seniors who did not write it)';
  return `${needed} more sign-off${needed === 1 ? '' : 's'} at ${change.head_sha.slice(0, 7)}, from: ${who}.`;
}

function summarize(details: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const key of ['reason', 'note', 'previous_head', 'new_head', 'reviewers', 'teams', 'status_before', 'code']) {
    const v = details[key];
    if (v !== undefined && v !== null && v !== '') parts.push(`${key.replace('_', ' ')}: ${Array.isArray(v) ? v.join(', ') : String(v)}`);
  }
  // How long the reviewer had the form open, beside the lines they were asked to read.
  if (typeof details['form_seconds'] === 'number') parts.push(`${formTime(details['form_seconds'])} for ${String(details['lines'])} lines`);
  return parts.join('; ');
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

function unmapped(): QueryAnswer {
  return { kind: 'error', message: 'Your chat account is not linked to a GitHub login. Ask an operator to add you under `people` in the Countersign config.' };
}
