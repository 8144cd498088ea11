import type { Kysely } from 'kysely';
import type { Flavor } from '../flavor.js';

/**
 * How many of a delivery's or a side effect's failed attempts were rate limits. The
 * backoff after a failure grew with every attempt before it, rate limits included: a
 * review request that Slack had rate-limited six times waited two minutes after one
 * 500, though a rate limit says only "come back in a second". The backoff now grows with
 * the other failures alone (`attempts - rate_limited`). A replica still on an older
 * version leaves this column as it is, and counts every attempt as before.
 * Frozen once landed.
 */
export async function up(db: Kysely<any>, _flavor: Flavor): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('rate_limited', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('inbox').addColumn('rate_limited', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}
