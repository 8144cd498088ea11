import { Migrator, sql, type Kysely, type Migration } from 'kysely';
import type { Flavor } from './flavor.js';
import * as m0001 from './migrations/0001_init.js';
import * as m0002 from './migrations/0002_escalation.js';
import * as m0003 from './migrations/0003_local_messages.js';
import * as m0004 from './migrations/0004_adapter_state.js';
import * as m0005 from './migrations/0005_inbox_poll.js';
import * as m0006 from './migrations/0006_query_indexes.js';
import * as m0007 from './migrations/0007_claims.js';
import * as m0008 from './migrations/0008_accountability.js';
import * as m0009 from './migrations/0009_detection_cut.js';
import * as m0010 from './migrations/0010_scale_indexes.js';
import * as m0013 from './migrations/0013_housekeeping.js';
import * as m0014 from './migrations/0014_queue_order.js';
import * as m0015 from './migrations/0015_escalation_schedule.js';
import * as m0016 from './migrations/0016_rate_limited.js';
import * as m0017 from './migrations/0017_outbox_channel.js';

/** Migrations live in code (a file provider cannot load .ts under tests) and know the flavor. */
const MIGRATIONS: Record<string, (flavor: Flavor) => Migration> = {
  '0001_init': (flavor) => ({ up: (db) => m0001.up(db, flavor) }),
  '0002_escalation': (flavor) => ({ up: (db) => m0002.up(db, flavor) }),
  '0003_local_messages': (flavor) => ({ up: (db) => m0003.up(db, flavor) }),
  '0004_adapter_state': (flavor) => ({ up: (db) => m0004.up(db, flavor) }),
  '0005_inbox_poll': (flavor) => ({ up: (db) => m0005.up(db, flavor) }),
  '0006_query_indexes': (flavor) => ({ up: (db) => m0006.up(db, flavor) }),
  '0007_claims': (flavor) => ({ up: (db) => m0007.up(db, flavor) }),
  '0008_accountability': (flavor) => ({ up: (db) => m0008.up(db, flavor) }),
  '0009_detection_cut': (flavor) => ({ up: (db) => m0009.up(db, flavor) }),
  '0010_scale_indexes': (flavor) => ({ up: (db) => m0010.up(db, flavor) }),
  '0013_housekeeping': (flavor) => ({ up: (db) => m0013.up(db, flavor) }),
  '0014_queue_order': (flavor) => ({ up: (db) => m0014.up(db, flavor) }),
  '0015_escalation_schedule': (flavor) => ({ up: (db) => m0015.up(db, flavor) }),
  '0016_rate_limited': (flavor) => ({ up: (db) => m0016.up(db, flavor) }),
  '0017_outbox_channel': (flavor) => ({ up: (db) => m0017.up(db, flavor) }),
};

export const LATEST_MIGRATION = Object.keys(MIGRATIONS).sort().at(-1)!;

function migrator(db: Kysely<any>, flavor: Flavor): Migrator {
  return new Migrator({
    db,
    // Numbers are handed out to work landing in parallel, so a lower one may arrive after a
    // higher one was applied; each migration touches its own tables and columns.
    allowUnorderedMigrations: true,
    provider: { getMigrations: async () => Object.fromEntries(Object.entries(MIGRATIONS).map(([name, m]) => [name, m(flavor)])) },
  });
}

/** Any fixed number: the PostgreSQL advisory lock that replicas take to migrate one at a time. */
const MIGRATION_LOCK = 0x63_73_67_6e; // "csgn"

/**
 * Apply every pending migration; returns the names applied. On PostgreSQL, replicas
 * starting together take a session lock first: one applies the migrations while the
 * others wait, then find nothing left to do, so every replica starts on the full schema.
 * (SQLite is one file on one machine; its migrations run under its write lock.)
 */
export async function migrateToLatest(db: Kysely<any>, flavor: Flavor): Promise<string[]> {
  if (flavor === 'sqlite') return applyPending(db, flavor);
  return db.connection().execute(async (session) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`.execute(session);
    try {
      return await applyPending(session, flavor);
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`.execute(session);
    }
  });
}

async function applyPending(db: Kysely<any>, flavor: Flavor): Promise<string[]> {
  const { error, results } = await migrator(db, flavor).migrateToLatest();
  if (error) throw new Error(`database migration failed: ${(error as Error).message}`, { cause: error });
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Apply migrations up to and including `name` (tests of an upgrade start from an older schema). */
export async function migrateTo(db: Kysely<any>, flavor: Flavor, name: string): Promise<void> {
  const { error } = await migrator(db, flavor).migrateTo(name);
  if (error) throw new Error(`database migration failed: ${(error as Error).message}`, { cause: error });
}

/** Names of migrations not applied yet (empty when the schema is current). */
export async function pendingMigrations(db: Kysely<any>, flavor: Flavor): Promise<string[]> {
  const all = await migrator(db, flavor).getMigrations();
  return all.filter((m) => m.executedAt === undefined).map((m) => m.name);
}
