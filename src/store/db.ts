import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, SqliteDriver, type DatabaseConnection, type SqliteDialectConfig } from 'kysely';
import pg from 'pg';
import type { Flavor } from './flavor.js';
import type { Database } from './schema.js';
import { reusingStatements } from './sqlite-statements.js';
import { BACKSTOP_PAGES, checkpointInBackground } from './wal-checkpoints.js';

export interface Store {
  db: Kysely<Database>;
  flavor: Flavor;
  /** Where it lives, for logs and doctor (never the password). */
  description: string;
  close(): Promise<void>;
}

/**
 * Open the database named by a URL: `sqlite:PATH` (`sqlite::memory:` for a throwaway)
 * or `postgres://…`. SQLite runs in WAL mode with synchronous=FULL, so a commit is
 * on disk before we acknowledge what it holds; a busy timeout lets a second process
 * (the CLI while the server runs) wait instead of failing.
 */
export function openStore(url: string, cwd = process.cwd(), options: StoreOptions = {}): Store {
  if (url.startsWith('sqlite:')) return openSqlite(url.slice('sqlite:'.length), cwd, options);
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url);
  throw new Error(`unsupported database URL "${url.split(':')[0]}:…": use sqlite:PATH or postgres://…`);
}

/** What only the long-running service wants of its connection. */
export interface StoreOptions {
  /** SQLite files: checkpoint the write-ahead log on a worker thread (see wal-checkpoints.ts); problems go here. */
  checkpointInBackground?: (message: string) => void;
}

function openSqlite(path: string, cwd: string, options: StoreOptions): Store {
  const memory = path === ':memory:' || path === '';
  const file = memory ? ':memory:' : resolve(cwd, path);
  if (!memory) mkdirSync(dirname(file), { recursive: true });
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = FULL');
  database.pragma('busy_timeout = 5000');
  database.pragma('foreign_keys = ON');
  // SQLite's planner picks the partial open-queue index only with statistics (without
  // them a whole-queue page at 100,000 open changes takes about 130 ms, with them 3 ms).
  // This is SQLite's advice for a long-lived connection: analyse what needs it on open,
  // within a built-in limit so a large file is not read whole; housekeeping repeats it.
  database.pragma('optimize = 0x10002');
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: reusingStatements(database) }) });
  if (memory || !options.checkpointInBackground) return { db, flavor: 'sqlite', description: `sqlite:${file}`, close: () => db.destroy() };
  database.pragma(`wal_autocheckpoint = ${BACKSTOP_PAGES}`);
  const checkpoints = checkpointInBackground(file, options.checkpointInBackground);
  return { db, flavor: 'sqlite', description: `sqlite:${file}`, close: async () => { await checkpoints.stop(); await db.destroy(); } };
}

/**
 * Transactions take SQLite's write lock when they begin (BEGIN IMMEDIATE). Another
 * process on the same file (the CLI beside a running server) has its own connection; a
 * deferred transaction that reads and then writes would fail with SQLITE_BUSY_SNAPSHOT
 * whenever that connection committed in between, whereas an immediate one waits its
 * turn (busy_timeout).
 */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(private readonly settings: SqliteDialectConfig) {
    super(settings);
  }

  override createDriver(): SqliteDriver {
    return new ImmediateSqliteDriver(this.settings);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

// count(*) and bigint columns arrive as strings from pg; our numbers fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));

function openPostgres(url: string): Store {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle connection dropped by the server (a restart, a failover) must not crash the
  // process: the pool discards it and the next query opens a fresh one.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const safe = new URL(url);
  safe.password = '';
  return { db, flavor: 'postgres', description: safe.toString(), close: () => db.destroy() };
}
