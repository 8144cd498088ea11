import { pruneSettledDeliveries, pruneUsedForms, refreshPlannerStatistics } from '../store/housekeeping.js';
import type { AppContext } from './context.js';

const DAY = 24 * 60 * 60_000;

/**
 * How long what only guards against repeats is kept. A delivery's row (with its payload,
 * up to 25 MB) stops a redelivery from being applied twice, and GitHub redelivers only
 * within three days; a used form's key stops a second submission, and Slack refuses a
 * request more than five minutes old, a Bot Framework token lives about an hour. Thirty
 * days leaves ample room, and time to look into a delivery that went wrong. Changes,
 * sign-offs, the audit trail and the outbox (whose keys make "tell once" hold) are never
 * deleted.
 */
export const RETENTION = { deliveriesDays: 30, formsDays: 30 } as const;

const BATCH = 500;
/** Per run, so a first run over years of history does not hold up the other jobs: the next run goes on. */
const MAX_BATCHES = 20;

export interface Housekept { deliveries: number; forms: number }

export async function housekeep(ctx: AppContext, now: Date): Promise<Housekept> {
  const db = ctx.store.db;
  const deliveries = await inBatches((limit) => pruneSettledDeliveries(db, new Date(now.getTime() - RETENTION.deliveriesDays * DAY).toISOString(), limit));
  const forms = await inBatches((limit) => pruneUsedForms(db, new Date(now.getTime() - RETENTION.formsDays * DAY).toISOString(), limit));
  // Once an hour is SQLite's advice; a tick missed at the hour only waits for the next hour.
  if (now.getUTCMinutes() === 0) await refreshPlannerStatistics(db, ctx.store.flavor);
  return { deliveries, forms };
}

async function inBatches(prune: (limit: number) => Promise<number>): Promise<number> {
  let total = 0;
  for (let i = 0; i < MAX_BATCHES; i++) {
    const deleted = await prune(BATCH);
    total += deleted;
    if (deleted < BATCH) break;
  }
  return total;
}
