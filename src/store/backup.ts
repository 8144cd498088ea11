import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import SQLite from 'better-sqlite3';

/**
 * Copy a SQLite database to `out` with SQLite's online backup, which copies a
 * consistent snapshot page by page while the service keeps writing (a plain file copy
 * of a WAL database can miss committed pages or catch half a transaction). Returns the
 * pages copied. PostgreSQL has its own tools (pg_dump, snapshots): this refuses it.
 */
export async function backupSqlite(databaseUrl: string, out: string, cwd = process.cwd()): Promise<number> {
  if (!databaseUrl.startsWith('sqlite:')) throw new BackupError('backup copies a SQLite database; for PostgreSQL use pg_dump or your provider\'s snapshots');
  const path = databaseUrl.slice('sqlite:'.length);
  if (path === '' || path === ':memory:') throw new BackupError('the database is in memory: there is nothing on disk to back up');
  const source = resolve(cwd, path);
  if (!existsSync(source)) throw new BackupError(`no database at ${source}`);
  const target = resolve(cwd, out);
  if (existsSync(target)) throw new BackupError(`${target} already exists; not overwriting it`);
  const db = new SQLite(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    const { totalPages } = await db.backup(target);
    return totalPages;
  } finally {
    db.close();
  }
}

export class BackupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupError';
  }
}
