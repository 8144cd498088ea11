import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/db.js';
import { loadDelivery, readyDeliveries, readyQuery } from '../../src/store/inbox.js';
import { migrateToLatest } from '../../src/store/migrate.js';

/**
 * The worker polls often and retries pile up (1,145 deliveries waiting out a backoff
 * made each poll read 1,145 payloads: 16–27 ms a poll). The poll reads ids, skips
 * waiting deliveries on the index, and a payload is read only to apply it. Time itself
 * is measured by scripts/bench/inbox-poll.mjs.
 */
const NOW = '2026-11-25T10:00:00.000Z';
const LATER = '2026-11-25T11:00:00.000Z';
let store: Store;

beforeEach(async () => {
  store = openStore('sqlite::memory:');
  await migrateToLatest(store.db, store.flavor);
});
afterEach(() => store.close());

async function receive(n: number, waiting: boolean) {
  await store.db.insertInto('inbox').values({
    delivery_id: `d-${n}`, event: 'pull_request', action: 'opened', order_key: `org/repo#${n}`, payload: JSON.stringify({ n, body: 'x'.repeat(30_000) }),
    received_at: NOW, state: 'pending', attempts: waiting ? 3 : 0, next_attempt_at: waiting ? LATER : NOW,
  }).execute();
}

describe('the inbox poll', () => {
  it('finds the ready deliveries behind a thousand waiting ones, as ids', async () => {
    for (let n = 1; n <= 1_000; n++) await receive(n, true);
    await receive(1_001, false);
    await receive(1_002, false);
    const ids = await readyDeliveries(store.db, NOW, 16);
    expect(ids).toHaveLength(2);
    expect(ids.every((id) => typeof id === 'number')).toBe(true);
    expect(await loadDelivery(store.db, ids[0]!)).toMatchObject({ delivery_id: 'd-1001', attempts: 0 });
    expect(await readyDeliveries(store.db, LATER, 16)).toHaveLength(16);
  });

  it('skips waiting deliveries on the index, without reading their rows', async () => {
    const query = readyQuery(store.db, NOW, 16).compile();
    const plan = await sql.raw<{ detail: string }>(`EXPLAIN QUERY PLAN ${inline(query.sql, query.parameters)}`).execute(store.db);
    // inbox_due holds next_attempt_at: SQLite tests it on the index entry and reads the row only for a due delivery.
    expect(plan.rows.map((r) => r.detail)).toContain('SEARCH i USING INDEX inbox_due (state=?)');
  });

  it('loads a delivery only while it is pending', async () => {
    await receive(1, false);
    const [id] = await readyDeliveries(store.db, NOW, 1);
    await store.db.updateTable('inbox').set({ state: 'done' }).where('id', '=', id!).execute();
    expect(await loadDelivery(store.db, id!)).toBeNull();
  });
});

function inline(text: string, parameters: readonly unknown[]): string {
  let i = 0;
  return text.replace(/\?/g, () => {
    const p = parameters[i++];
    return typeof p === 'number' ? String(p) : `'${String(p).replace(/'/g, "''")}'`;
  });
}
