import { COMMAND_HELP, type ChangeRef, type Command } from '../domain/command.js';
import type { Change } from '../domain/change.js';
import type { Person } from '../domain/policy.js';
import { approvalsAt, standingDecisions } from '../domain/signoff-state.js';
import { readAudit } from '../store/audit.js';
import { findChangeByRef, openRequests, signedOffSince } from '../store/changes.js';
import { decisionsFor } from '../store/signoffs.js';
import type { AppContext } from './context.js';
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
      const changes = (await openRequests(ctx.store.db)).filter(visible).filter((c) =>
        !scope ? true : 'team' in scope ? c.owning_teams.includes(scope.team) : c.repo.toLowerCase() === scope.repo.toLowerCase());
      const where = !scope ? '' : 'team' in scope ? ` for ${scope.team}` : ` in ${scope.repo}`;
      return { kind: 'list', title: `Waiting for sign-off${where}`, lines: await linesOf(ctx, changes), empty: `Nothing is waiting for sign-off${where}.` };
    }
    case 'mine': {
      if (!asker) return unmapped();
      const mine: Change[] = [];
      for (const c of await openRequests(ctx.store.db)) if (await awaitsDecisionFrom(ctx, c, asker)) mine.push(c);
      return { kind: 'list', title: 'Waiting for your sign-off, oldest first', lines: await linesOf(ctx, mine), empty: 'Nothing is waiting for your sign-off.' };
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
      return statsAnswer(ctx, command.days, visible, now);
    case 'override':
    case 'claim':
    case 'snooze':
    case 'away':
      return { kind: 'error', message: 'That is an action, not a question: it is carried out through runCommand.' };
  }
}

async function statsAnswer(ctx: AppContext, days: number, visible: (c: Change) => boolean, now: Date): Promise<QueryAnswer> {
  const since = new Date(now.getTime() - days * 86_400_000).toISOString();
  let signoffs = 0;
  const waits: number[] = [];
  const rubberStamps: { line: ChangeLine; reviewer: string; seconds: number }[] = [];
  for (const change of (await signedOffSince(ctx.store.db, since)).filter(visible)) {
    const decisions = await decisionsFor(ctx.store.db, change.id);
    const approvals = decisions.filter((d) => d.decision === 'approve' && d.at >= since);
    signoffs += approvals.length;
    if (!change.requested_at) continue;
    const requested = Date.parse(change.requested_at);
    for (const a of approvals) {
      const seconds = Math.round((Date.parse(a.at) - requested) / 1000);
      waits.push(seconds);
      // A large diff signed within seconds of the request was not read.
      if (change.additions + change.deletions >= ctx.policy.risk.reviewable_lines / 2 && seconds <= RUBBER_STAMP_SECONDS) {
        rubberStamps.push({ line: changeLine(change, approvalsAt(decisions, change.head_sha).length), reviewer: a.reviewer, seconds });
      }
    }
  }
  const pending = (await openRequests(ctx.store.db)).filter(visible);
  const oldest = pending[0] ? (await linesOf(ctx, [pending[0]]))[0]! : null;
  return { kind: 'stats', period: `last ${days} days`, signoffs, medianSeconds: median(waits), oldestPending: oldest, rubberStamps };
}

/** Sign-offs this soon after the request, on a large diff, are flagged as rubber stamps. */
export const RUBBER_STAMP_SECONDS = 120;

export function visibility(ctx: AppContext, asker: Person | null): (c: Change) => boolean {
  if (ctx.config.signoff.show_all_repositories) return () => true;
  if (!asker) return () => false;
  const me = asker.github.toLowerCase();
  const mine = new Set(ctx.policy.teams.filter((t) => [...t.seniors, ...t.leads, ...t.members].some((l) => l.toLowerCase() === me)).map((t) => t.name));
  return (c) => c.owning_teams.some((t) => mine.has(t)) || c.author.toLowerCase() === me;
}

async function lookup(ctx: AppContext, ref: ChangeRef, visible: (c: Change) => boolean): Promise<Change | QueryAnswer> {
  const change = await findChangeByRef(ctx.store.db, ref.repo, ref.number);
  // Not visible reads the same as unknown: answers do not reveal other teams' changes.
  if (!change || !visible(change)) return { kind: 'error', message: `Countersign has no record of ${ref.repo}#${ref.number} that you can see.` };
  return change;
}

/** True when `person` may sign this change now and has not decided at its head yet. */
export async function awaitsDecisionFrom(ctx: AppContext, change: Change, person: Person): Promise<boolean> {
  const me = person.github.toLowerCase();
  if (change.draft || change.status !== 'awaiting' || !eligibleSeniors(change, ctx.policy).some((s) => s.toLowerCase() === me)) return false;
  return !standingDecisions(await decisionsFor(ctx.store.db, change.id), change.head_sha).has(me);
}

export async function linesOf(ctx: AppContext, changes: readonly Change[]): Promise<ChangeLine[]> {
  const out: ChangeLine[] = [];
  for (const c of changes) out.push(changeLine(c, approvalsAt(await decisionsFor(ctx.store.db, c.id), c.head_sha).length));
  return out;
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
