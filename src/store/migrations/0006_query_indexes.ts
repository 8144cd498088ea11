import { sql, type Kysely } from 'kysely';
import type { Flavor } from '../flavor.js';

/**
 * What `/signoff pending`, `pending TEAM` and `mine` need to be answered in SQL at
 * 100,000 open changes (issue 12): which teams own each change, as rows a query can
 * join on (the JSON `owning_teams` column cannot be indexed on both databases), and
 * indexes for the open queue in request order, the author and the repository.
 * Frozen once landed.
 */
export async function up(db: Kysely<any>, _flavor: Flavor): Promise<void> {
  await db.schema.createTable('change_teams')
    .addColumn('team', 'text', (c) => c.notNull())
    .addColumn('change_id', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('change_teams_pk', ['team', 'change_id'])
    .execute();
  await db.schema.createIndex('change_teams_change').on('change_teams').columns(['change_id']).execute();

  // Backfill from the JSON column, a chunk at a time (bound parameters are limited).
  const CHUNK = 500;
  for (let after = 0; ;) {
    const rows = await db.selectFrom('changes').select(['id', 'owning_teams']).where('id', '>', after).orderBy('id').limit(CHUNK).execute() as { id: number; owning_teams: string }[];
    if (rows.length === 0) break;
    const pairs = rows.flatMap((r) => [...new Set(JSON.parse(r.owning_teams) as string[])].map((team) => ({ team, change_id: r.id })));
    if (pairs.length > 0) await db.insertInto('change_teams').values(pairs).execute();
    after = rows.at(-1)!.id;
  }

  // The open queue, oldest request first: a partial index holds only open AI-assisted changes.
  await sql`create index changes_open_queue on changes (requested_at, id) where status in ('awaiting', 'changes_requested') and ai_assisted = 1`.execute(db);
  await sql`create index changes_author_lower on changes (lower(author))`.execute(db);
  await sql`create index changes_repo_lower on changes (lower(repo), number)`.execute(db);
}
