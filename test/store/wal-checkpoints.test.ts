import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/db.js';

// The service's SQLite file is checkpointed by a worker thread (src/store/wal-checkpoints.ts),
// so no commit on the main thread pays for copying the write-ahead log into the file.
describe('background checkpoints of a SQLite file', () => {
  const dirs: string[] = [];
  const stores: Store[] = [];
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  /** About 2 MB in one table: well under the backstop, so only the worker moves it into the file. */
  async function writeRows(options: Parameters<typeof openStore>[2]): Promise<{ file: string; store: Store }> {
    const dir = mkdtempSync(join(tmpdir(), 'countersign-wal-'));
    dirs.push(dir);
    const file = join(dir, 'db.sqlite');
    const store = openStore(`sqlite:${file}`, dir, options);
    stores.push(store);
    const db = store.db as unknown as Kysely<any>;
    await sql`create table t (id integer primary key, body text)`.execute(db);
    await db.insertInto('t').values(Array.from({ length: 500 }, (_, id) => ({ id, body: 'x'.repeat(4000) }))).execute();
    return { file, store };
  }

  async function fileSizeAfter(file: string, waitMs: number, until: (bytes: number) => boolean): Promise<number> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const bytes = statSync(file).size;
      if (until(bytes) || Date.now() > deadline) return bytes;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('copy committed rows into the database file without a commit doing it', async () => {
    const problems: string[] = [];
    const { file, store } = await writeRows({ checkpointInBackground: (m) => problems.push(m) });
    expect(await fileSizeAfter(file, 15_000, (b) => b >= 2_000_000)).toBeGreaterThanOrEqual(2_000_000);
    // The rows are all there, read through the service's own connection.
    expect(await (store.db as unknown as Kysely<any>).selectFrom('t').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()).toEqual({ n: 500 });
    expect(problems).toEqual([]);
  });

  it('are not taken by a command that only opens the database', async () => {
    const { file } = await writeRows({});
    // Still only in the write-ahead log after the time the worker would have taken.
    expect(await fileSizeAfter(file, 2_000, () => false)).toBeLessThan(1_000_000);
  });
});
