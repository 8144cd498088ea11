import { dirname, resolve } from 'node:path';

/**
 * Where Countersign keeps its own files (generated secrets, the pid file): beside the
 * SQLite file, or ./data for PostgreSQL and an in-memory database. Takes the database
 * URL (or a store's description, which for SQLite is the same URL made absolute).
 */
export function dataDirectory(databaseUrl: string, cwd: string): string {
  if (databaseUrl.startsWith('sqlite:') && !databaseUrl.endsWith(':memory:')) return dirname(resolve(cwd, databaseUrl.slice('sqlite:'.length)));
  return resolve(cwd, 'data');
}
