import { sql, type Kysely } from 'kysely';
import type { Flavor } from '../flavor.js';

/**
 * The channel a side effect goes to (`payload.channel`; '' for a destination that has
 * none, such as GitHub), so the dispatcher can leave out channels still waiting their
 * turn. A paced channel sends one row a second; when it had a batch's worth of rows
 * waiting, they were the whole batch, and every other channel's rows waited behind them.
 * Pending rows are filled in from their payload (always JSON: every version wrote it
 * with JSON.stringify). A replica still on an older version
 * writes no channel: such rows (null) are never left out. Frozen once landed.
 */
export async function up(db: Kysely<any>, flavor: Flavor): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('channel', 'text').execute();
  // As enqueue reads it (store/outbox.ts channelOf): a string, or '' for anything else.
  const channel = flavor === 'postgres'
    ? sql`case when json_typeof(payload::json->'channel') = 'string' then payload::json->>'channel' else '' end`
    : sql`case when json_type(payload, '$.channel') = 'text' then json_extract(payload, '$.channel') else '' end`;
  await sql`update outbox set channel = ${channel} where state = 'pending'`.execute(db);
}
