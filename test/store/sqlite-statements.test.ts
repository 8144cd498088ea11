import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/db.js';

// Prepared statements are reused per SQL text on SQLite (src/store/sqlite-statements.ts):
// what a query answers must not depend on whether its statement was kept.
describe('reused SQLite statements', () => {
  let dir: string;
  let store: Store;
  let db: Kysely<any>;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'countersign-statements-'));
    store = openStore(`sqlite:${join(dir, 'db.sqlite')}`);
    db = store.db as unknown as Kysely<any>;
    await sql`create table t (id integer primary key, name text)`.execute(db);
    await db.insertInto('t').values([{ id: 1, name: 'a' }, { id: 2, name: 'b' }, { id: 3, name: 'c' }]).execute();
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answer each run with that run\'s parameters', async () => {
    const name = (id: number) => db.selectFrom('t').select('name').where('id', '=', id).executeTakeFirst();
    expect([await name(1), await name(3), await name(2)]).toEqual([{ name: 'a' }, { name: 'c' }, { name: 'b' }]);
  });

  it('see a column added after the statement was first run', async () => {
    const all = () => db.selectFrom('t').selectAll().where('id', '=', 1).execute();
    expect(await all()).toEqual([{ id: 1, name: 'a' }]);
    await sql`alter table t add column team text default 'payments'`.execute(db);
    expect(await all()).toEqual([{ id: 1, name: 'a', team: 'payments' }]);
  });

  it('answer in full after a stream of the same query was left part-way', async () => {
    const query = db.selectFrom('t').select('id').where('id', '>', 0).orderBy('id');
    for await (const row of query.stream()) if (row.id === 1) break;
    expect((await query.execute()).map((r) => r.id)).toEqual([1, 2, 3]);
  });
});
