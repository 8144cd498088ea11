import { sql } from 'kysely';
import { insertRows } from './bulk-write.js';
import type { Db } from './changes.js';
import type { OutboxRow } from './schema.js';

export interface OutboxMessage {
  idempotency_key: string;
  kind: string;
  destination: string;
  change_id: number | null;
  payload: Record<string, unknown>;
}

/**
 * Queue side effects inside the decision's transaction. The idempotency key makes a
 * repeated decision (a redelivered webhook, a retried sweep) queue nothing new.
 */
export async function enqueue(db: Db, messages: readonly OutboxMessage[], now: string): Promise<void> {
  if (messages.length === 0) return;
  // Written out rather than spread: adding fields to a spread object made each row ten
  // times slower to build (a sweep builds a thousand, issue 12).
  const rows = messages.map((m) => ({
    idempotency_key: m.idempotency_key, kind: m.kind, destination: m.destination, channel: channelOf(m.payload), change_id: m.change_id,
    payload: JSON.stringify(m.payload), state: 'pending' as const, attempts: 0, next_attempt_at: now, created_at: now,
  }));
  await insertRows(db, 'outbox', OUTBOX_COLUMNS, rows, { skipConflictsOn: 'idempotency_key' });
}

/** Where a side effect goes at its destination: its payload's channel, '' for none (GitHub). */
export function channelOf(payload: Readonly<Record<string, unknown>>): string {
  return typeof payload.channel === 'string' ? payload.channel : '';
}

const OUTBOX_COLUMNS = {
  idempotency_key: 'text', kind: 'text', destination: 'text', channel: 'text', change_id: 'integer', payload: 'text', state: 'text', attempts: 'integer', next_attempt_at: 'text', created_at: 'text',
} as const;

export interface OutboxBacklog {
  destination: string;
  state: string;
  count: number;
  oldest: string | null;
}

/** Pending and parked effects per destination, for doctor and metrics. */
export async function outboxBacklog(db: Db): Promise<OutboxBacklog[]> {
  const rows = await db.selectFrom('outbox')
    .select(['destination', 'state', sql<number>`cast(count(*) as integer)`.as('count'), sql<string | null>`min(created_at)`.as('oldest')])
    .where('state', 'in', ['pending', 'parked'])
    .groupBy(['destination', 'state'])
    .orderBy('destination')
    .execute();
  return rows.map((r) => ({ ...r, count: Number(r.count) }));
}

/**
 * Rows ready to deliver at `now`, up to `limit` for each of the given destinations: per
 * change and destination only the oldest pending row, so a change's messages keep their
 * order. Each destination gets its own places, in one statement: with one batch for all,
 * GitHub's backlog (one write a second) filled it, and Slack posts waiting behind it
 * went out at GitHub's pace. `skip` names, per destination, channels to leave out (still
 * waiting their turn), so their backlog does not fill the places either.
 */
export async function readyOutbox(db: Db, destinations: readonly string[], now: string, limit: number, skip: ReadonlyMap<string, readonly string[]> = new Map()): Promise<OutboxRow[]> {
  const [first, ...rest] = destinations.map((d) => db.selectFrom(readyFor(db, d, skip.get(d) ?? [], now, limit).as('r')).selectAll());
  if (!first) return [];
  return rest.reduce((all, next) => all.unionAll(next), first).orderBy('id').execute();
}

function readyFor(db: Db, destination: string, skip: readonly string[], now: string, limit: number) {
  let ready = db.selectFrom('outbox as o').selectAll()
    .where('o.state', '=', 'pending')
    .where('o.destination', '=', destination)
    .where('o.next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('o.claim_expires_at', 'is', null), eb('o.claim_expires_at', '<=', now)]))
    .where((eb) => eb.or([
      eb('o.change_id', 'is', null),
      eb.not(eb.exists(eb.selectFrom('outbox as p').select(sql.lit(1).as('one'))
        .where('p.state', '=', 'pending').whereRef('p.destination', '=', 'o.destination')
        .whereRef('p.change_id', '=', 'o.change_id').whereRef('p.id', '<', 'o.id'))),
    ]));
  // A row written by an older version has no channel, and is never left out.
  if (skip.length > 0) ready = ready.where((eb) => eb.or([eb('o.channel', 'is', null), eb('o.channel', 'not in', skip)]));
  return ready.orderBy('o.id').limit(limit);
}

/** A claim on one outbox row: the token must still match for its holder to act on it. */
export interface OutboxClaim {
  id: number;
  token: number;
}

/**
 * Claim rows for `holder` until `until`, raising each row's fencing token; returns the
 * claims it got (see claimDeliveries for how replicas racing for a row settle it).
 */
export async function claimOutbox(db: Db, ids: readonly number[], holder: string, now: string, until: string): Promise<OutboxClaim[]> {
  if (ids.length === 0) return [];
  const claimed = await db.updateTable('outbox')
    .set((eb) => ({ claimed_by: holder, claim_expires_at: until, claim_token: eb('claim_token', '+', 1) }))
    .where('id', 'in', ids).where('state', '=', 'pending')
    .where((eb) => eb.or([eb('claim_expires_at', 'is', null), eb('claim_expires_at', '<=', now)]))
    .returning(['id', 'claim_token']).execute();
  return claimed.map((r) => ({ id: r.id, token: r.claim_token }));
}

/** Extend `holder`'s claims on rows it is still delivering. */
export async function renewOutboxClaims(db: Db, claims: readonly OutboxClaim[], holder: string, until: string): Promise<void> {
  for (const token of new Set(claims.map((c) => c.token))) {
    const ids = claims.filter((c) => c.token === token).map((c) => c.id);
    await db.updateTable('outbox').set({ claim_expires_at: until })
      .where('id', 'in', ids).where('claim_token', '=', token).where('claimed_by', '=', holder).where('state', '=', 'pending').execute();
  }
}

/** Give back claims on rows `holder` will not send now, so any replica may take them at once. */
export async function releaseOutboxClaims(db: Db, claims: readonly OutboxClaim[], holder: string): Promise<void> {
  for (const claim of claims) {
    await db.updateTable('outbox').set({ claimed_by: null, claim_expires_at: null })
      .where('id', '=', claim.id).where('claim_token', '=', claim.token).where('claimed_by', '=', holder).where('state', '=', 'pending').execute();
  }
}

/**
 * Count an attempt before calling the platform, fenced by the claim: only while the
 * claim is unexpired and its token unchanged, so a holder that was paused past its
 * claim (and may have been replaced) never starts a call. Returns whether it may call.
 * If the process dies after the platform acted but before the row was marked, the next
 * holder sees an attempt and looks for the message it may already have posted instead
 * of posting blind.
 */
export async function markAttempted(db: Db, claim: OutboxClaim, holder: string, now: string): Promise<boolean> {
  const result = await db.updateTable('outbox').set((eb) => ({ attempts: eb('attempts', '+', 1) }))
    .where('id', '=', claim.id).where('claim_token', '=', claim.token).where('claimed_by', '=', holder)
    .where('state', '=', 'pending').where('claim_expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function markDelivered(db: Db, id: number, now: string, result: Record<string, unknown> | null = null): Promise<void> {
  await db.updateTable('outbox')
    .set({ state: 'done', delivered_at: now, result: result ? JSON.stringify(result) : null })
    .where('id', '=', id).execute();
}

/**
 * A failed attempt (already counted by markAttempted): retry at `retryAt`, or park it
 * (null) with the reason kept for doctor. A rate-limited attempt is counted as such.
 */
export async function recordOutboxFailure(db: Db, claim: OutboxClaim, error: string, retryAt: string | null, rateLimited = false): Promise<void> {
  await db.updateTable('outbox')
    .set((eb) => ({
      last_error: error.slice(0, 2000), state: retryAt === null ? 'parked' : 'pending', claimed_by: null, claim_expires_at: null,
      ...(retryAt ? { next_attempt_at: retryAt } : {}),
      ...(rateLimited ? { rate_limited: eb('rate_limited', '+', 1) } : {}),
    }))
    .where('id', '=', claim.id).where('claim_token', '=', claim.token).execute();
}

/**
 * A newer pending row of the same kind for the same change (and team) makes this one
 * redundant: updates render the latest state, so only the last one needs sending.
 */
export async function supersededBy(db: Db, row: OutboxRow, team?: string): Promise<boolean> {
  const newer = await db.selectFrom('outbox').select('payload')
    .where('state', '=', 'pending').where('kind', '=', row.kind).where('destination', '=', row.destination)
    .where('change_id', '=', row.change_id).where('id', '>', row.id)
    .limit(50).execute();
  return newer.some((r) => team === undefined || (JSON.parse(r.payload) as { team?: string }).team === team);
}
