import { addBusinessMinutes, parseBusinessDuration } from '../domain/business-time.js';
import { maySignOff } from '../domain/eligibility.js';
import { dueEscalation } from '../domain/escalation.js';
import type { Effect } from '../domain/effects.js';
import { appendAudit } from '../store/audit.js';
import { findChangeByRef, lockChange, type Db } from '../store/changes.js';
import { escalationOf, saveEscalation, setAway } from '../store/escalations.js';
import { enqueue } from '../store/outbox.js';
import type { AppContext } from './context.js';
import { outboxMessagesFor } from './effects.js';
import type { Actor } from './identity.js';
import { localDate, type LadderSnapshot } from './team-calendar.js';
import type { QueryAnswer } from './views.js';

type Outcome = QueryAnswer & { kind: 'done' | 'error' };

/**
 * "I'm on it": a senior who may sign the change shows they are reviewing it. The
 * ladder pauses for the team's claim window (working time); when it runs out without
 * a decision the sweep releases the claim and reminds the claimant.
 */
export async function claimChange(ctx: AppContext, ref: ChangeTarget, actor: Actor, now: Date): Promise<Outcome> {
  return pause(ctx, ref, actor, now, 'claim', null);
}

/** A lead pauses reminders for `duration` of working time; audited. */
export async function snoozeChange(ctx: AppContext, ref: ChangeTarget, actor: Actor, duration: string, now: Date): Promise<Outcome> {
  return pause(ctx, ref, actor, now, 'snooze', duration);
}

async function pause(ctx: AppContext, ref: ChangeTarget, actor: Actor, now: Date, kind: 'claim' | 'snooze', duration: string | null): Promise<Outcome> {
  const at = now.toISOString();
  return ctx.store.db.transaction().execute(async (trx): Promise<Outcome> => {
    const change = await lockedByRef(trx, ctx, ref);
    const rec = change ? await escalationOf(trx, change.id) : null;
    if (!change || !rec) return { kind: 'error', message: `Countersign has no record of ${named(ref)}.` };
    if (change.status !== 'awaiting' || !rec.ladder || !change.requested_at) return { kind: 'error', message: `${change.repo}#${change.number} is not waiting for sign-off, so there is nothing to pause.` };
    const login = actor.person?.github ?? null;
    const snapshot = JSON.parse(rec.ladder) as LadderSnapshot;
    let minutes: number;
    if (kind === 'claim') {
      const may = maySignOff({ reviewer: login, reviewerIsBot: actor.isBot, seenHeadSha: change.head_sha }, change, ctx.policy.teams);
      if (!may.ok) return { kind: 'error', message: may.reason };
      if (rec.claimedBy && rec.claimedUntil && rec.claimedUntil > at && rec.claimedBy.toLowerCase() !== login!.toLowerCase()) {
        return { kind: 'error', message: `${rec.claimedBy} is already reviewing this (claimed until ${rec.claimedUntil}).` };
      }
      // A second press (or a replayed one) changes nothing: the claim already stands.
      if (rec.claimedBy && rec.claimedUntil && rec.claimedUntil > at) {
        return { kind: 'done', message: `You are already reviewing ${change.repo}#${change.number}; reminders are paused until ${rec.claimedUntil}.` };
      }
      minutes = snapshot.claim_window_minutes;
    } else {
      const isLead = ctx.policy.teams.some((t) => change.owning_teams.includes(t.name) && login && t.leads.some((l) => l.toLowerCase() === login.toLowerCase()));
      if (!isLead) return { kind: 'error', message: `Only leads of ${change.owning_teams.join(', ') || 'the owning team'} may snooze reminders.` };
      try { minutes = parseBusinessDuration(duration!); } catch (error) { return { kind: 'error', message: (error as Error).message }; }
    }
    const until = addBusinessMinutes(now, minutes, snapshot.calendar);
    const claimedUntil = kind === 'claim' ? until : (rec.claimedUntil ? new Date(rec.claimedUntil) : null);
    const snoozedUntil = kind === 'snooze' ? until : (rec.snoozedUntil ? new Date(rec.snoozedUntil) : null);
    const due = dueEscalation({ requested_at: new Date(change.requested_at), fired: rec.fired, claimed_until: claimedUntil, snoozed_until: snoozedUntil }, snapshot.ladder, snapshot.calendar, now);
    // Wake the sweep when a claim ends, to release it and remind the claimant.
    const wake = [due.next_due_at, kind === 'claim' ? until : null].filter((d): d is Date => d !== null).sort((a, b) => a.getTime() - b.getTime())[0] ?? null;
    await saveEscalation(trx, change.id, {
      ...(kind === 'claim' ? { claimedBy: login, claimedUntil: until.toISOString() } : { snoozedUntil: until.toISOString() }),
      nextDueAt: wake?.toISOString() ?? null,
    });
    const action = kind === 'claim' ? 'claimed' : 'snoozed';
    await appendAudit(trx, [{ at, actor: login!, action, subject: `${change.repo}#${change.number}`, head_sha: change.head_sha, details: { until: until.toISOString(), ...(duration ? { duration } : {}), platform: actor.platform } }]);
    const effects: Effect[] = [{ type: 'thread_notice', notice: action, actor: login, key: `${action}:${change.id}:${at}` }];
    await enqueue(trx, outboxMessagesFor(change, effects, ctx.config), at);
    return { kind: 'done', message: kind === 'claim' ? `You are reviewing ${change.repo}#${change.number}; reminders pause until ${until.toISOString()}.` : `Reminders for ${change.repo}#${change.number} are snoozed until ${until.toISOString()}.` };
  });
}

/**
 * "I'm no longer on it": the claimant (or a lead of an owning team) hands the request
 * back; reminders resume from where the ladder stands.
 */
export async function releaseClaim(ctx: AppContext, ref: ChangeTarget, actor: Actor, now: Date): Promise<Outcome> {
  const at = now.toISOString();
  return ctx.store.db.transaction().execute(async (trx): Promise<Outcome> => {
    const change = await lockedByRef(trx, ctx, ref);
    const rec = change ? await escalationOf(trx, change.id) : null;
    if (!change || !rec) return { kind: 'error', message: `Countersign has no record of ${named(ref)}.` };
    const login = actor.person?.github?.toLowerCase() ?? null;
    if (!rec.claimedBy || !rec.claimedUntil || rec.claimedUntil <= at) return { kind: 'error', message: `Nobody is reviewing ${change.repo}#${change.number} right now.` };
    const isLead = ctx.policy.teams.some((t) => change.owning_teams.includes(t.name) && t.leads.some((l) => l.toLowerCase() === login));
    if (rec.claimedBy.toLowerCase() !== login && !isLead) return { kind: 'error', message: `${rec.claimedBy} is reviewing this; only they or a lead can release it.` };
    const snapshot = rec.ladder ? JSON.parse(rec.ladder) as LadderSnapshot : null;
    const due = snapshot && change.requested_at
      ? dueEscalation({ requested_at: new Date(change.requested_at), fired: rec.fired, claimed_until: null, snoozed_until: rec.snoozedUntil ? new Date(rec.snoozedUntil) : null }, snapshot.ladder, snapshot.calendar, now)
      : null;
    await saveEscalation(trx, change.id, { claimedBy: null, claimedUntil: null, nextDueAt: (due?.fire ? now : due?.next_due_at)?.toISOString() ?? null });
    await appendAudit(trx, [{ at, actor: actor.person!.github, action: 'claim_released', subject: `${change.repo}#${change.number}`, head_sha: change.head_sha, details: { claimed_by: rec.claimedBy, platform: actor.platform } }]);
    return { kind: 'done', message: `${change.repo}#${change.number} is no longer claimed; reminders resume.` };
  });
}

/** A change as a command names it (owner/repo#N) or as a button carries it (its id). */
export type ChangeTarget = { repo: string; number: number } | { changeId: number };

const named = (ref: ChangeTarget) => ('changeId' in ref ? `change ${ref.changeId}` : `${ref.repo}#${ref.number}`);

/** The change named, locked for the rest of the transaction. */
async function lockedByRef(trx: Db, ctx: AppContext, ref: ChangeTarget) {
  const id = 'changeId' in ref ? ref.changeId : (await findChangeByRef(trx, ref.repo, ref.number))?.id;
  return id === undefined ? null : lockChange(trx, ctx.store.flavor, id);
}

/** The asker is away until a date (inclusive, in their team's zone): no assignments, no reminders. */
export async function setAwayUntil(ctx: AppContext, actor: Actor, until: string, now: Date): Promise<Outcome> {
  const login = actor.person?.github;
  if (!login) return { kind: 'error', message: 'Your chat account is not linked to a GitHub login. Ask an operator to add you under `people` in the Countersign config.' };
  const team = ctx.config.teams.find((t) => [...t.seniors, ...t.leads, ...t.members].some((l) => l.toLowerCase() === login.toLowerCase()));
  if (until < localDate(now, team?.time_zone ?? 'UTC')) return { kind: 'error', message: `${until} has already passed.` };
  const at = now.toISOString();
  await ctx.store.db.transaction().execute(async (trx) => {
    await setAway(trx, login, until, login, at);
    await appendAudit(trx, [{ at, actor: login, action: 'away_set', subject: `person:${login}`, head_sha: null, details: { until, platform: actor.platform } }]);
  });
  return { kind: 'done', message: `You are away until ${until}: no new assignments or reminders until then.` };
}
