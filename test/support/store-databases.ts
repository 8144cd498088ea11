import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { openStore, type Store } from '../../src/store/db.js';
import { freshPostgresDatabase, POSTGRES_SERVER } from './app.js';

type Fresh = () => Promise<{ url: string; drop(): Promise<void> }>;

async function freshSqliteFile(): Promise<{ url: string; drop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'countersign-store-'));
  return { url: `sqlite:${join(dir, 'c.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/** For `describe.each`: a fresh SQLite file, and a fresh Postgres database when a server is given. */
export const STORE_DATABASES: readonly (readonly [string, Fresh])[] = [
  ['SQLite', freshSqliteFile],
  ...(POSTGRES_SERVER ? [['PostgreSQL', freshPostgresDatabase] as const] : []),
];

/** An unmigrated store on a fresh database for each test of the enclosing describe; closed and dropped after it. */
export function useFreshStore(fresh: Fresh): () => Store {
  let store: Store;
  let drop: () => Promise<void>;
  beforeEach(async () => {
    const db = await fresh();
    drop = db.drop;
    store = openStore(db.url);
  });
  afterEach(async () => { await store.close(); await drop(); });
  return () => store;
}
