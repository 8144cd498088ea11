import { queuePlace } from '../domain/digest.js';
import { updateRows } from './bulk-write.js';
import { toChange } from './changes.js';
import type { Store } from './db.js';

/**
 * Place the owning-team rows a replica still on an older version wrote (it knows only
 * team and change, so they keep `queue_rank` -1, migration 0014): without this a change
 * it touched would drop out of every digest until a newer replica wrote it again. The
 * changes are locked while they are read, so a writer holding one finishes first and
 * what is placed is its latest state. Found by a partial index: free when there are none.
 * Returns how many changes were placed.
 */
export async function placeUnplacedQueues({ db, flavor }: Pick<Store, 'db' | 'flavor'>): Promise<number> {
  let placed = 0;
  for (;;) {
    const unplaced = await db.selectFrom('change_teams').select('change_id').distinct().where('queue_rank', '<', 0).limit(BATCH).execute();
    if (unplaced.length === 0) return placed;
    const now = await db.transaction().execute(async (trx) => {
      let query = trx.selectFrom('changes').selectAll().where('id', 'in', unplaced.map((r) => r.change_id)).orderBy('id');
      if (flavor === 'postgres') query = query.forNoKeyUpdate();
      const places = (await query.execute()).map((row) => ({ change_id: row.id, ...queuePlace(toChange(row)) }));
      await updateRows(trx, 'change_teams', { queue: 'text', queue_rank: 'integer', requested_at: 'text' },
        places.map((p) => ({ change_id: p.change_id, queue: p.queue, queue_rank: p.rank, requested_at: p.requestedAt })), 'change_id');
      return places.length;
    });
    placed += now;
    // A row whose change is gone cannot be placed (changes are never deleted): stop rather than loop.
    if (unplaced.length < BATCH || now === 0) return placed;
  }
}

/** Changes placed per transaction. */
const BATCH = 500;
