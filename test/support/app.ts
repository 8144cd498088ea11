import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Clock } from '../../src/app/ports.js';
import { parseConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/logger.js';
import { start, type Running } from '../../src/main.js';

export const WEBHOOK_SECRET = 'test-webhook-secret';

/** The PostgreSQL server of the suite's second pass (scripts/ci/postgres.sh), if any. */
export const POSTGRES_SERVER = process.env.COUNTERSIGN_TEST_POSTGRES_URL;
/** Set by the "postgres" test project: every app starts on a fresh Postgres database instead of SQLite. */
export const ON_POSTGRES = process.env.COUNTERSIGN_TEST_DATABASE === 'postgres';

/** A clock a test moves by hand. */
export class ManualClock implements Clock {
  constructor(private current = new Date('2026-11-20T09:00:00Z')) {}
  now(): Date { return new Date(this.current); }
  advance(ms: number): void { this.current = new Date(this.current.getTime() + ms); }
  set(iso: string): void { this.current = new Date(iso); }
}

export interface TestApp extends Running {
  dir: string;
  clock: ManualClock;
  close(): Promise<void>;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_SERVER });
  await client.connect();
  try { return await work(client); } finally { await client.end(); }
}

/** A fresh, empty database on the test server; `drop` removes it (and any connection left to it). */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  if (!POSTGRES_SERVER) throw new Error('COUNTERSIGN_TEST_POSTGRES_URL is not set: eval "$(scripts/ci/postgres.sh start)" first');
  const name = `countersign_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(POSTGRES_SERVER);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin((c) => c.query(`DROP DATABASE ${name} WITH (FORCE)`)).then(() => {}) };
}

/**
 * The real service on a real socket (port 0) over a fresh database (a SQLite file, or
 * a Postgres database in the suite's Postgres pass), configured from YAML text as an
 * operator would. The worker and dispatcher loops are stopped so a test decides when
 * deliveries are applied (`worker.drain()`) and side effects delivered (`dispatcher.drain()`).
 */
export async function startTestApp(yaml = '', env: Record<string, string> = {}, options: { dir?: string; clock?: ManualClock; teamsFetch?: typeof fetch } = {}): Promise<TestApp> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'countersign-test-'));
  const postgres = ON_POSTGRES && !env.DATABASE_URL && !options.dir ? await freshPostgresDatabase() : null;
  const config = parseConfig(yaml, {
    env: { DATABASE_URL: postgres?.url ?? `sqlite:${join(dir, 'countersign.db')}`, GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET, ...env },
    cwd: dir,
  });
  const clock = options.clock ?? new ManualClock();
  const running = await start({ config, clock, cwd: dir, port: 0, log: createLogger(process.env.TEST_LOG ?? 'silent'), scheduler: false, ...(options.teamsFetch ? { teamsFetch: options.teamsFetch } : {}) });
  await running.worker.stop();
  await running.dispatcher.stop();
  let closing: Promise<void> | null = null;
  return {
    ...running, dir, clock,
    close: () => (closing ??= (async () => {
      await running.stop();
      await postgres?.drop();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    })()),
  };
}
