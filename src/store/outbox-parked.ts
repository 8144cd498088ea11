import type { Db } from './changes.js';

export interface ParkedSideEffect {
  id: number;
  kind: string;
  change_id: number | null;
  attempts: number;
  last_error: string | null;
}

/** Parked rows of one destination, newest first: what an operator reads to fix them. */
export async function parkedSideEffects(db: Db, destination: string, limit = 20): Promise<ParkedSideEffect[]> {
  return db.selectFrom('outbox').select(['id', 'kind', 'change_id', 'attempts', 'last_error'])
    .where('destination', '=', destination).where('state', '=', 'parked').orderBy('id', 'desc').limit(limit).execute();
}
