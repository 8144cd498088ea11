import type { Kysely } from 'kysely';
import type { Flavor } from '../flavor.js';

/**
 * The inbox worker's poll walks pending deliveries oldest first and skips those still
 * waiting out a backoff. With `next_attempt_at` and `order_key` in the index it decides
 * that from the index alone, so a thousand deliveries waiting to retry cost a thousand
 * small index entries per poll, not a thousand rows with their 30 KB payloads. It
 * replaces `inbox_ready` (state, id), which it extends: with both, SQLite picks the
 * narrower one and reads every waiting row. Frozen once landed.
 */
export async function up(db: Kysely<any>, _flavor: Flavor): Promise<void> {
  await db.schema.createIndex('inbox_due').on('inbox').columns(['state', 'id', 'next_attempt_at', 'order_key']).execute();
  await db.schema.dropIndex('inbox_ready').execute();
}
