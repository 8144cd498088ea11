import { sql, type Kysely } from 'kysely';
import type { Flavor } from '../flavor.js';

/**
 * A day's digests rank every team's open queue at once (issue 12): at 100,000 open
 * changes, ranking them by joining every open change to its teams and sorting the lot
 * took 300–600 ms. Each team's row for a change now also carries where the change
 * stands in that team's queues, kept by the same write as the change itself:
 *   - `queue`: 'awaiting' or 'changes_requested' while the change is an open
 *     AI-assisted change waiting in one; null otherwise;
 *   - `queue_rank`: the digest's order, high risk first, never-requested last
 *     (risk rank × 2, plus 1 with no request time);
 *   - `requested_at`: then the oldest request first, then the change id.
 * An index in that order reads each queue's first few directly and counts each queue
 * from the index alone. A row written by a replica still on an older version (which
 * knows only team and change) keeps `queue_rank` -1, "not placed": digests place such
 * rows before reading (store/queue-places.ts), found by a partial index that is empty
 * otherwise. Frozen once landed.
 */
export async function up(db: Kysely<any>, _flavor: Flavor): Promise<void> {
  await db.schema.alterTable('change_teams').addColumn('queue', 'text').execute();
  await db.schema.alterTable('change_teams').addColumn('queue_rank', 'integer', (c) => c.notNull().defaultTo(-1)).execute();
  await db.schema.alterTable('change_teams').addColumn('requested_at', 'text').execute();

  // The ranks as the code had them when this landed (domain/digest.ts RISK_ORDER): high 0, medium 1, low 2.
  const of = (expression: string) => sql.raw(`(select ${expression} from changes c where c.id = change_teams.change_id)`);
  await sql`update change_teams set
    queue = ${of(`case when c.status in ('awaiting', 'changes_requested') and c.ai_assisted = 1 then c.status end`)},
    queue_rank = ${of(`(case c.risk_tier when 'high' then 0 when 'medium' then 1 when 'low' then 2 else 3 end) * 2 + (case when c.requested_at is null then 1 else 0 end)`)},
    requested_at = ${of('c.requested_at')}`.execute(db);

  await sql`create index change_teams_queue on change_teams (team, queue, queue_rank, requested_at, change_id) where queue is not null`.execute(db);
  await sql`create index change_teams_unplaced on change_teams (change_id) where queue_rank < 0`.execute(db);
}
