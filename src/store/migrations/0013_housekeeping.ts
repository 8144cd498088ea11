import type { Kysely } from 'kysely';
import type { Flavor } from '../flavor.js';

/**
 * What the housekeeping job deletes once it is past its use (applied deliveries, used
 * decision forms), found by index so the scheduler's look each minute costs nothing when there is
 * nothing to delete. Frozen once landed.
 */
export async function up(db: Kysely<any>, _flavor: Flavor): Promise<void> {
  await db.schema.createIndex('inbox_settled').on('inbox').columns(['state', 'processed_at']).execute();
  await db.schema.createIndex('used_forms_used_at').on('used_forms').columns(['used_at']).execute();
}
