import type { Kysely } from 'kysely';
import type { Flavor } from '../flavor.js';

/**
 * Claims for several replicas on one database. An inbox delivery or an outbox row is
 * worked on by the replica that claimed it until the claim expires: a replica that
 * dies mid-way releases its work by expiry, and another finishes it. An outbox row's
 * claim also carries a fencing token, raised by every claim, so a holder whose claim
 * expired while it was paused is refused before it calls the platform. Frozen once landed.
 */
export async function up(db: Kysely<any>, _flavor: Flavor): Promise<void> {
  await db.schema.alterTable('inbox').addColumn('claimed_by', 'text').execute();
  await db.schema.alterTable('inbox').addColumn('claim_expires_at', 'text').execute();
  await db.schema.alterTable('outbox').addColumn('claimed_by', 'text').execute();
  await db.schema.alterTable('outbox').addColumn('claim_expires_at', 'text').execute();
  await db.schema.alterTable('outbox').addColumn('claim_token', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}
