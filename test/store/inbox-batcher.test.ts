import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/db.js';
import { InboxBatcher } from '../../src/store/inbox-batcher.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { freshPostgresDatabase, POSTGRES_SERVER } from '../support/app.js';

/**
 * Group commit on PostgreSQL, where one bad row aborts the whole transaction: the
 * intake refuses what it knows cannot be stored, and whatever still fails in the
 * database fails alone.
 */
describe.skipIf(!POSTGRES_SERVER)('the inbox group commit on PostgreSQL', () => {
  let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
  let store: Store;
  beforeEach(async () => {
    database = await freshPostgresDatabase();
    store = openStore(database.url);
    await migrateToLatest(store.db, store.flavor);
  });
  afterEach(async () => {
    await store.close();
    await database.drop();
  });

  it('stores the good deliveries of a batch that one bad delivery failed', async () => {
    const batcher = new InboxBatcher(store.db);
    const delivery = (n: number) => ({
      delivery_id: `d-${n}`, event: 'pull_request', action: n === 4 ? 'opened\u0000' : 'opened', order_key: `acme/app#${n}`,
      payload: '{}', received_at: '2026-11-25T10:00:00.000Z',
    });
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, n) => batcher.store(delivery(n))));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    const stored = await store.db.selectFrom('inbox').select('delivery_id').orderBy('id').execute();
    expect(stored.map((r) => r.delivery_id)).toEqual(['d-0', 'd-1', 'd-2', 'd-3', 'd-5', 'd-6', 'd-7', 'd-8', 'd-9']);
  });
});
