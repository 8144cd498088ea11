import { sql, type Kysely } from 'kysely';
import type { Flavor } from '../flavor.js';

/**
 * Indexes for 100,000 open changes (issue 12): a senior's open assignments, counted for
 * each request that goes out (the whole table was grouped per request), and the open
 * queue's count read from the index alone. Frozen once landed.
 */
export async function up(db: Kysely<any>, _flavor: Flavor): Promise<void> {
  await sql`create index changes_assignee_open on changes (lower(assignee), status)`.execute(db);
  await db.schema.createIndex('changes_status_ai').on('changes').columns(['status', 'ai_assisted']).execute();
}
