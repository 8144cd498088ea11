import { businessMinutesBetween } from '../domain/business-time.js';
import type { Change } from '../domain/change.js';
import type { AuditEntry, Effect } from '../domain/effects.js';
import { dueEscalation, type LadderStep } from '../domain/escalation.js';
import { holdChain, type NewAuditEvent } from '../store/audit.js';
import type { Db, EscalatingChange } from '../store/changes.js';
import { changesWithEscalation, dueEscalations, escalationOf, saveEscalation, saveEscalations, type EscalationRecord } from '../store/escalations.js';
import { enqueue, type OutboxMessage } from '../store/outbox.js';
import { followingStatementSent, statementsTogether } from '../store/statements-together.js';
import { pickAssignee } from './assign.js';
import type { AppContext } from './context.js';
import { outboxMessagesFor } from './effects.js';
import { eligibleSeniors } from './review-view.js';
import { teamNamed } from './config-index.js';
import { snapshotFor, type LadderSnapshot } from './team-calendar.js';

const date = (iso: string | null) => (iso ? new Date(iso) : null);

/**
 * When a request first goes out: snapshot its team's ladder and calendar, assign a
 * senior, and set when the first step is due. Runs inside the request's transaction.
 */
export async function planRequest(trx: Db, ctx: AppContext, change: Change, now: Date): Promise<{ audit: AuditEntry[]; effects: Effect[] }> {
  const team = ctx.config.teams.find((t) => change.owning_teams.includes(t.name));
  if (!team || !change.requested_at) return { audit: [], effects: [] };
  const snapshot = snapshotFor(team);
  const assignee = await pickAssignee(trx, ctx, change, snapshot, now);
  const due = dueEscalation({ requested_at: new Date(change.requested_at), fired: 0, claimed_until: null, snoozed_until: null }, snapshot.ladder, snapshot.calendar, now);
  const wake = due.fire ? now : due.next_due_at; // a zero-delay first step is due at once
  await saveEscalation(trx, change.id, { ladder: JSON.stringify(snapshot), fired: 0, nextDueAt: wake?.toISOString() ?? null, assignee });
  if (!assignee) return { audit: [{ action: 'unassigned', details: { reason: 'no eligible senior is available (away, over the cap, or wrote the change)' } }], effects: [] };
  return {
    audit: [{ action: 'assigned', details: { assignee, team: team.name } }],
    effects: [
      { type: 'thread_notice', notice: 'assigned', actor: assignee, key: `assigned:${change.id}:${assignee}` },
      { type: 'direct', to: [assignee], alert: 'assigned', key: `assigned:${change.id}` },
    ],
  };
}

/**
 * Fire what is due at `now`, at most `limit` changes in one transaction; returns how many
 * changes were read and how many steps fired.
 *
 * The changes are read (and locked, in id order) at once and decided in memory; what the
 * sweep writes goes out as three statements, not three per change, sent together so the
 * database works while JavaScript goes on (issue 12): the outbox rows are made while the
 * schedules are written, and the audit events are hashed while the outbox rows are. The
 * chain is held last, after any reassignment has locked its team's row, as every
 * decision orders its locks.
 */
export async function sweepEscalations(ctx: AppContext, now: Date, limit = 1000): Promise<{ read: number; fired: number }> {
  const at = now.toISOString();
  const ids = await dueEscalations(ctx.store.db, at, limit);
  if (ids.length === 0) return { read: 0, fired: 0 };
  const lock = ctx.store.flavor === 'postgres';
  const fired = await ctx.store.db.transaction().execute((trx) => statementsTogether(async (send) => {
    const out: SweepWrites = { audit: [], outbox: [], schedules: [] };
    let n = 0;
    const rows = await changesWithEscalation(trx, ids, lock);
    for (const id of ids) if (await escalate(trx, ctx, id, rows.get(id) ?? null, now, out)) n++;
    // Nothing to record (the sweep only put changes that wait on nobody aside): the chain is not held.
    const append = out.audit.length > 0 ? await holdChain(trx) : null;
    const schedules = send(saveEscalations(trx, out.schedules));
    send(enqueue(trx, out.outbox, at));
    // Hashing holds the event loop as long as the outbox insert takes: let that insert go
    // out first, so the database writes the outbox rows while the events are hashed. (If
    // the schedules failed, the sweep fails: nothing more is sent.)
    if (append && (await followingStatementSent(schedules))) send(append(out.audit));
    return n;
  }));
  return { read: ids.length, fired };
}

type ScheduleUpdate = Parameters<typeof saveEscalations>[1][number];

/** What a sweep writes for the changes it decides. */
interface SweepWrites {
  audit: NewAuditEvent[];
  outbox: OutboxMessage[];
  schedules: ScheduleUpdate[];
}

/**
 * One change's due escalation: its new schedule, audit events and outbox rows are
 * collected for the sweep (a reassignment is written at once, so the next pick in the
 * sweep sees the new load).
 */
async function escalate(trx: Db, ctx: AppContext, changeId: number, found: { change: EscalatingChange; escalation: EscalationRecord } | null, now: Date, out: SweepWrites): Promise<boolean> {
  const at = now.toISOString();
  const change = found?.change;
  const rec = found?.escalation;
  // Not waiting on anyone (signed, closed, or back in draft): nothing to chase until it is again.
  if (!change || !rec?.ladder || change.status !== 'awaiting' || change.draft || !change.requested_at) {
    out.schedules.push({ changeId, fields: { nextDueAt: null } });
    return false;
  }
  const snapshot = parsedSnapshot(rec.ladder);
  const audit: AuditEntry[] = [];
  const effects: Effect[] = [];
  const update: Parameters<typeof saveEscalation>[2] = {};
  let { claimedUntil, claimedBy } = rec;
  if (claimedBy && claimedUntil && claimedUntil <= at) {
    // The claim ran out without a decision: release it, remind the claimant, resume the ladder.
    audit.push({ action: 'claim_released', details: { claimed_by: claimedBy } });
    effects.push({ type: 'thread_notice', notice: 'claim_released', actor: claimedBy, key: `claim_released:${changeId}:${claimedUntil}` });
    effects.push({ type: 'direct', to: [claimedBy], alert: 'claim_reminder', key: `claim_reminder:${changeId}:${claimedUntil}` });
    Object.assign(update, { claimedBy: null, claimedUntil: null });
    claimedBy = null;
    claimedUntil = null;
  }
  const due = dueEscalation({ requested_at: new Date(change.requested_at), fired: rec.fired, claimed_until: date(claimedUntil), snoozed_until: date(rec.snoozedUntil) }, snapshot.ladder, snapshot.calendar, now);
  if (due.fire) {
    const waiting = Math.round(businessMinutesBetween(new Date(change.requested_at), now, snapshot.calendar));
    const key = `escalation:${changeId}:${due.fire.position}`;
    const assignee = due.fire.step.reassign ? await reassign(trx, ctx, change, rec, snapshot, now, audit, effects) : rec.assignee;
    effects.push(...stepEffects(ctx, change, snapshot, due.fire.step, assignee, key, waiting));
    audit.push({ action: 'escalated', details: { position: due.fire.position, target: due.fire.step.target, repeat: due.fire.repeat, collapsed: due.collapsed, waiting_minutes: waiting } });
    update.fired = due.fire.position + 1;
  }
  update.nextDueAt = due.next_due_at?.toISOString() ?? null;
  out.schedules.push({ changeId, fields: update });
  const subject = `${change.repo}#${change.number}`;
  out.audit.push(...audit.map((e) => ({ at, actor: 'countersign', action: e.action, subject, head_sha: change.head_sha, details: e.details })));
  out.outbox.push(...outboxMessagesFor(change, effects, ctx.config));
  return due.fire !== null;
}

/**
 * A team's requests share one stored snapshot text, sweep after sweep: each text is
 * parsed once and kept (read only), so its calendar stays compiled too (business-time
 * keys compiled calendars by object). Bounded: a burst of distinct texts starts afresh.
 */
const snapshotCache = new Map<string, LadderSnapshot>();
const SNAPSHOT_CACHE_LIMIT = 4096;

function parsedSnapshot(text: string): LadderSnapshot {
  let snapshot = snapshotCache.get(text);
  if (!snapshot) {
    if (snapshotCache.size >= SNAPSHOT_CACHE_LIMIT) snapshotCache.clear();
    snapshotCache.set(text, (snapshot = JSON.parse(text) as LadderSnapshot));
  }
  return snapshot;
}

function stepEffects(ctx: AppContext, change: EscalatingChange, snapshot: LadderSnapshot, step: LadderStep, assignee: string | null, key: string, waiting: number): Effect[] {
  const team = teamNamed(ctx.config, snapshot.team);
  const notice: Effect = { type: 'thread_notice', notice: 'escalated', actor: null, key };
  switch (step.target) {
    case 'thread': return [notice];
    case 'dm_assignee': return assignee ? [{ ...notice, actor: assignee }, { type: 'direct', to: [assignee], alert: 'escalation', key, waiting_minutes: waiting }] : [notice];
    case 'dm_seniors': {
      const seniors = eligibleSeniors(change, ctx.policy);
      return [{ ...notice, actor: seniors.join(', ') || null }, { type: 'direct', to: seniors, alert: 'escalation', key, waiting_minutes: waiting }];
    }
    case 'dm_leads': {
      const leads = [...(team?.leads ?? [])];
      return [{ ...notice, actor: leads.join(', ') || null }, { type: 'direct', to: leads, alert: 'escalation', key, waiting_minutes: waiting }];
    }
    case 'escalation_channel': return [notice, { type: 'escalation_post', team: snapshot.team, key, waiting_minutes: waiting }];
  }
}

/** Hand the change to another senior when the assignee has not acted. */
async function reassign(trx: Db, ctx: AppContext, change: EscalatingChange, rec: EscalationRecord, snapshot: LadderSnapshot, now: Date, audit: AuditEntry[], effects: Effect[]): Promise<string | null> {
  const next = await pickAssignee(trx, ctx, change, snapshot, now, rec.assignee ? [rec.assignee] : []);
  if (!next || next === rec.assignee) return rec.assignee;
  await saveEscalation(trx, change.id, { assignee: next });
  audit.push({ action: 'reassigned', details: { from: rec.assignee, to: next } });
  effects.push({ type: 'thread_notice', notice: 'assigned', actor: next, key: `assigned:${change.id}:${next}` }, { type: 'direct', to: [next], alert: 'assigned', key: `assigned:${change.id}:${next}` });
  return next;
}

/**
 * A request that is waiting again (ready for review after a draft, reopened, a sign-off
 * revoked by a new push) gets its next step computed afresh from its stored ladder.
 */
export async function rescheduleEscalation(trx: Db, change: Change, now: Date): Promise<void> {
  const rec = await escalationOf(trx, change.id);
  if (!rec?.ladder || !change.requested_at) return;
  const snapshot = parsedSnapshot(rec.ladder);
  const due = dueEscalation({ requested_at: new Date(change.requested_at), fired: rec.fired, claimed_until: date(rec.claimedUntil), snoozed_until: date(rec.snoozedUntil) }, snapshot.ladder, snapshot.calendar, now);
  // A step already due is for the next sweep to fire; otherwise wake when the next one is.
  const wake = due.fire ? now : due.next_due_at;
  await saveEscalation(trx, change.id, { nextDueAt: wake?.toISOString() ?? null });
}
