import { sql } from 'kysely';
import type { Flavor } from './flavor.js';
import type { Db } from './changes.js';

/**
 * Delete up to `limit` deliveries applied (or ignored) before `before`, payload and all;
 * returns how many. Parked deliveries stay: an operator still has to look at them.
 * One short statement per batch, so the inbox is never locked for long.
 */
export async function pruneSettledDeliveries(db: Db, before: string, limit: number): Promise<number> {
  const result = await db.deleteFrom('inbox')
    .where('id', 'in', (eb) => eb.selectFrom('inbox').select('id')
      .where('state', 'in', ['done', 'ignored']).where('processed_at', '<', before).limit(limit))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Delete up to `limit` decision-form keys used before `before`; returns how many. */
export async function pruneUsedForms(db: Db, before: string, limit: number): Promise<number> {
  const result = await db.deleteFrom('used_forms')
    .where('form_key', 'in', (eb) => eb.selectFrom('used_forms').select('form_key').where('used_at', '<', before).limit(limit))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Refresh SQLite's planner statistics where the tables changed enough to need it
 * (`PRAGMA optimize`, a no-op otherwise). PostgreSQL's autovacuum keeps its own.
 */
export async function refreshPlannerStatistics(db: Db, flavor: Flavor): Promise<void> {
  if (flavor === 'sqlite') await sql`pragma optimize`.execute(db);
}
