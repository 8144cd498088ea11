import { sql } from 'kysely';
import type { Db } from './changes.js';

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
  await db.insertInto('outbox')
    .values(messages.map((m) => ({
      ...m, payload: JSON.stringify(m.payload), state: 'pending' as const, attempts: 0, next_attempt_at: now, created_at: now,
    })))
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .execute();
}

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
