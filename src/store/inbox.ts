import { sql } from 'kysely';
import type { Db } from './changes.js';
import type { InboxRow, InboxState, InboxTable } from './schema.js';

/** A delivery as the intake stores it; processing state starts fresh. */
export type ReceivedDelivery = Pick<InboxTable, 'delivery_id' | 'event' | 'action' | 'order_key' | 'payload' | 'received_at'>;

/** Store a delivery once; a redelivery of the same id changes nothing. */
export async function storeDelivery(db: Db, d: ReceivedDelivery): Promise<'stored' | 'duplicate'> {
  const inserted = await db.insertInto('inbox')
    .values({ ...d, state: 'pending', attempts: 0, next_attempt_at: d.received_at })
    .onConflict((oc) => oc.column('delivery_id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted ? 'stored' : 'duplicate';
}

/**
 * Ids of deliveries ready to apply at `now`: for each pull request only its oldest
 * pending delivery (so they apply in order), and never one still waiting out a backoff.
 * A delay on one pull request holds back only that pull request. Only ids: the poll
 * runs often and retries pile up, so payloads are read one at a time, when applied
 * (`loadDelivery`), and deliveries waiting out a backoff are skipped on the index
 * (`inbox_due`) without reading their rows.
 */
export async function readyDeliveries(db: Db, now: string, limit: number): Promise<number[]> {
  const rows = await readyQuery(db, now, limit).execute();
  return rows.map((r) => r.id);
}

/** The poll's query, for `readyDeliveries` and for checking how the database runs it. */
export function readyQuery(db: Db, now: string, limit: number) {
  return db.selectFrom('inbox as i').select('i.id')
    .where('i.state', '=', 'pending')
    .where('i.next_attempt_at', '<=', now)
    .where((eb) => eb.or([eb('i.claim_expires_at', 'is', null), eb('i.claim_expires_at', '<=', now)]))
    .where((eb) => eb.or([
      eb('i.order_key', 'is', null),
      eb.not(eb.exists(eb.selectFrom('inbox as j').select(sql.lit(1).as('one'))
        .where('j.state', '=', 'pending').whereRef('j.order_key', '=', 'i.order_key').whereRef('j.id', '<', 'i.id'))),
    ]))
    .orderBy('i.id')
    .limit(limit);
}

/** A delivery with its payload, to apply; null once it is no longer pending. */
export async function loadDelivery(db: Db, id: number): Promise<InboxRow | null> {
  return (await db.selectFrom('inbox').selectAll().where('id', '=', id).where('state', '=', 'pending').executeTakeFirst()) ?? null;
}

/**
 * Claim deliveries for `holder` until `until`; returns the ids it got. Several replicas
 * may try for the same ids at once: on PostgreSQL the second UPDATE waits for the
 * first's row locks and then finds the claim taken, so each delivery goes to one
 * replica and GitHub is read for it once. A claim whose holder died expires and the
 * delivery is claimed again.
 */
export async function claimDeliveries(db: Db, ids: readonly number[], holder: string, now: string, until: string): Promise<number[]> {
  if (ids.length === 0) return [];
  const claimed = await db.updateTable('inbox').set({ claimed_by: holder, claim_expires_at: until })
    .where('id', 'in', ids).where('state', '=', 'pending')
    .where((eb) => eb.or([eb('claim_expires_at', 'is', null), eb('claim_expires_at', '<=', now)]))
    .returning('id').execute();
  return claimed.map((r) => r.id);
}

/** Extend `holder`'s claims on deliveries it is still applying. */
export async function renewDeliveryClaims(db: Db, ids: readonly number[], holder: string, until: string): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('inbox').set({ claim_expires_at: until })
    .where('id', 'in', ids).where('claimed_by', '=', holder).where('state', '=', 'pending').execute();
}

export class DeliveryAlreadySettled extends Error {
  constructor(id: number) {
    super(`delivery ${id} was already applied by another worker`);
    this.name = 'DeliveryAlreadySettled';
  }
}

/**
 * Mark a delivery applied, inside the transaction that applied it. If another worker
 * got there first, throw so the whole transaction rolls back: applied exactly once.
 */
export async function settleDelivery(db: Db, id: number, state: Extract<InboxState, 'done' | 'ignored'>, now: string): Promise<void> {
  const result = await db.updateTable('inbox').set({ state, processed_at: now })
    .where('id', '=', id).where('state', '=', 'pending').executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new DeliveryAlreadySettled(id);
}

/** Record a failed attempt: retry at `retryAt`, or park it (null) with its error kept. A rate-limited attempt is counted as such. */
export async function recordDeliveryFailure(db: Db, id: number, error: string, retryAt: string | null, now: string, rateLimited = false): Promise<void> {
  await db.updateTable('inbox')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      ...(rateLimited ? { rate_limited: eb('rate_limited', '+', 1) } : {}),
      last_error: error.slice(0, 2000),
      state: retryAt === null ? 'parked' : 'pending',
      next_attempt_at: retryAt ?? now,
      processed_at: retryAt === null ? now : null,
      claimed_by: null,
      claim_expires_at: null,
    }))
    .where('id', '=', id).where('state', '=', 'pending')
    .execute();
}

export interface InboxHealth {
  pending: number;
  parked: number;
  oldestPendingAt: string | null;
  parkedDeliveries: { delivery_id: string; event: string; order_key: string | null; attempts: number; last_error: string | null }[];
}

export async function inboxHealth(db: Db): Promise<InboxHealth> {
  const counts = await db.selectFrom('inbox').select(['state', sql<number>`cast(count(*) as integer)`.as('n'), sql<string | null>`min(received_at)`.as('oldest')])
    .where('state', 'in', ['pending', 'parked']).groupBy('state').execute();
  const parkedDeliveries = await db.selectFrom('inbox').select(['delivery_id', 'event', 'order_key', 'attempts', 'last_error'])
    .where('state', '=', 'parked').orderBy('id', 'desc').limit(20).execute();
  const of = (s: string) => counts.find((c) => c.state === s);
  return { pending: Number(of('pending')?.n ?? 0), parked: Number(of('parked')?.n ?? 0), oldestPendingAt: of('pending')?.oldest ?? null, parkedDeliveries };
}
