import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { sql } from 'kysely';
import { followingStatementSent, statementsTogether } from '../../src/store/statements-together.js';
import { STORE_DATABASES, useFreshStore } from '../support/store-databases.js';

describe.each(STORE_DATABASES)('statements sent together in one transaction on %s', (_, fresh) => {
  const current = useFreshStore(fresh);
  let store: Store;
  beforeEach(async () => {
    store = current();
    await migrateToLatest(store.db, store.flavor);
  });

  const away = (github: string) => ({ github, until: '2026-12-24', set_by: 'lead', set_at: '2026-11-20T09:00:00.000Z' });
  const kept = async () => (await store.db.selectFrom('away').select('github').orderBy('github').execute()).map((r) => r.github);

  it('are all written when all succeed, in the order they were sent', async () => {
    const result = await store.db.transaction().execute((trx) => statementsTogether(async (send) => {
      send(trx.insertInto('away').values(away('a')).execute());
      send(trx.updateTable('away').set({ set_by: 'then' }).where('github', '=', 'a').execute());
      send(trx.insertInto('away').values(away('b')).execute());
      return 'done';
    }));
    expect(result).toBe('done');
    expect(await store.db.selectFrom('away').select(['github', 'set_by']).orderBy('github').execute()).toEqual([{ github: 'a', set_by: 'then' }, { github: 'b', set_by: 'lead' }]);
  });

  it('leave nothing behind when one fails, not even a statement that was still waiting its turn', async () => {
    const attempt = store.db.transaction().execute((trx) => statementsTogether(async (send) => {
      send(trx.insertInto('away').values(away('a')).execute());
      send(trx.insertInto('away').values(away('a')).execute()); // the same key twice
      send(trx.insertInto('away').values(away('b')).execute());
      send(trx.insertInto('away').values(away('c')).execute());
    }));
    await expect(attempt).rejects.toThrow();
    expect(await kept()).toEqual([]);
    // The connection is clean for whoever uses it next.
    await store.db.insertInto('away').values(away('d')).execute();
    expect(await kept()).toEqual(['d']);
  });

  it('leave nothing behind when the work around them fails after they were sent', async () => {
    const attempt = store.db.transaction().execute((trx) => statementsTogether(async (send) => {
      send(trx.insertInto('away').values(away('a')).execute());
      send(trx.insertInto('away').values(away('b')).execute());
      throw new Error('a decision went wrong');
    }));
    await expect(attempt).rejects.toThrow('a decision went wrong');
    expect(await kept()).toEqual([]);
  });

  /** Holds the event loop for `ms`, as hashing a sweep's events does; returns when it let go (epoch ms). */
  const holdLoop = (ms: number) => { const until = Date.now() + ms; while (Date.now() < until); return until; };

  it('let the statement after one that answered run while JavaScript then holds the event loop', async () => {
    // When the database ran a statement, by its own clock (the same host's), in epoch ms.
    const clock = store.flavor === 'postgres' ? sql<number>`extract(epoch from clock_timestamp())::float8 * 1000` : sql<number>`(julianday('now') - 2440587.5) * 86400000.0`;
    const sweep = (wait: boolean) => store.db.transaction().execute((trx) => statementsTogether(async (send) => {
      const first = send(sql`select 1`.execute(trx));
      const second = send(sql<{ at: number }>`select ${clock} as at`.execute(trx));
      if (wait) await followingStatementSent(first);
      const released = holdLoop(300);
      return { ran: Math.round(Number((await second).rows[0]!.at)), released };
    }));
    const waited = await sweep(true);
    expect(waited.ran).toBeLessThan(waited.released);
    // Without it, the statement waits for the loop.
    const heldBack = await sweep(false);
    expect(heldBack.ran).toBeGreaterThanOrEqual(heldBack.released);
  });
});
