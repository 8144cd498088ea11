import { addBusinessMinutes, parseBusinessDuration } from '../domain/business-time.js';
import { maySignOff } from '../domain/eligibility.js';
import { dueEscalation } from '../domain/escalation.js';
import type { Effect } from '../domain/effects.js';
import { appendAudit } from '../store/audit.js';
import { findChangeByRef } from '../store/changes.js';
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
export async function claimChange(ctx: AppContext, ref: { repo: string; number: number }, actor: Actor, now: Date): Promise<Outcome> {
  return pause(ctx, ref, actor, now, 'claim', null);
}

/** A lead pauses reminders for `duration` of working time; audited. */
export async function snoozeChange(ctx: AppContext, ref: { repo: string; number: number }, actor: Actor, duration: string, now: Date): Promise<Outcome> {
  return pause(ctx, ref, actor, now, 'snooze', duration);
}

async function pause(ctx: AppContext, ref: { repo: string; number: number }, actor: Actor, now: Date, kind: 'claim' | 'snooze', duration: string | null): Promise<Outcome> {
  const at = now.toISOString();
  return ctx.store.db.transaction().execute(async (trx): Promise<Outcome> => {
    const change = await findChangeByRef(trx, ref.repo, ref.number);
    const rec = change ? await escalationOf(trx, change.id) : null;
    if (!change || !rec) return { kind: 'error', message: `Countersign has no record of ${ref.repo}#${ref.number}.` };
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
