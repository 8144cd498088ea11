import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditTrail } from '../../src/app/audit-trail.js';
import { openStore } from '../../src/store/db.js';
import { freshPostgresDatabase, ON_POSTGRES } from '../support/app.js';
import { pullRequestPayload, sendWebhook } from '../support/webhooks.js';

const CLI = join(import.meta.dirname, '../../dist/cli.js');
const SECRET = 'crash-test-secret';
const dirs: string[] = [];
const children: ChildProcess[] = [];

/** `countersign start` as its own process; resolves with its address once it listens. */
async function startServer(dir: string, database: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [CLI, 'start'], {
    cwd: dir,
    env: { PATH: process.env.PATH!, PORT: '0', DATABASE_URL: database, GITHUB_WEBHOOK_SECRET: SECRET, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code} before listening`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const entry = JSON.parse(line) as { msg?: string; url?: string };
      if (entry.msg === 'countersign is listening') resolve(entry.url!);
    });
  });
  return { child, url };
}

async function waitUntil(condition: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** The database the killed process and its successor share: a SQLite file, or (Postgres pass) a fresh Postgres database. */
async function sharedDatabase(dir: string): Promise<string> {
  if (!ON_POSTGRES) return `sqlite:${join(dir, 'countersign.db')}`;
  const db = await freshPostgresDatabase();
  cleanups.push(db.drop);
  return db.url;
}

describe('a crash while deliveries arrive', () => {
  it('loses no acknowledged delivery and applies each exactly once after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'countersign-crash-'));
    dirs.push(dir);
    const database = await sharedDatabase(dir);
    const first = await startServer(dir, database);
    const deliveries = Array.from({ length: 500 }, (_, i) => ({
      id: `crash-${i}`,
      payload: pullRequestPayload('opened', { number: i + 1, author: 'Copilot', authorType: 'Bot', installationId: null }),
    }));

    // 25 connections in flight; SIGKILL once 150 deliveries have been acknowledged.
    const acknowledged = new Set<string>();
    let next = 0;
    let killed = false;
    const sender = async () => {
      while (next < deliveries.length) {
        const d = deliveries[next++]!;
        try {
          const sent = await sendWebhook(first.url, { event: 'pull_request', payload: d.payload, secret: SECRET, deliveryId: d.id });
          if (sent.status >= 200 && sent.status < 300) acknowledged.add(d.id);
        } catch { /* the server is gone: GitHub would mark this delivery failed */ }
        if (!killed && acknowledged.size >= 150) {
          killed = true;
          first.child.kill('SIGKILL');
        }
      }
    };
    await Promise.all(Array.from({ length: 25 }, sender));
    expect(killed).toBe(true);
    expect(acknowledged.size).toBeGreaterThanOrEqual(150);
    expect(acknowledged.size).toBeLessThan(500);

    // Restart on the same database: the worker resumes where the crash left it.
    const second = await startServer(dir, database);
    const store = openStore(database);
    try {
      const stored = async () => new Set((await store.db.selectFrom('inbox').select('delivery_id').execute()).map((r) => r.delivery_id));
      await waitUntil(async () => (await store.db.selectFrom('inbox').select('id').where('state', '=', 'pending').execute()).length === 0, 'the inbox to drain');
      const afterCrash = await stored();
      for (const id of acknowledged) expect(afterCrash.has(id), id).toBe(true);

      // GitHub redelivers what failed; everything ends up applied, each once.
      for (const d of deliveries.filter((x) => !acknowledged.has(x.id))) {
        const sent = await sendWebhook(second.url, { event: 'pull_request', payload: d.payload, secret: SECRET, deliveryId: d.id });
        expect(sent.status).toBeLessThan(300);
      }
      await waitUntil(async () => (await store.db.selectFrom('inbox').select('id').where('state', '!=', 'done').execute()).length === 0, 'every delivery to be applied');

      const tracked = await store.db.selectFrom('audit_events').select('details').where('action', '=', 'change_tracked').execute();
      const perDelivery = new Map<string, number>();
      for (const t of tracked) {
        const id = (JSON.parse(t.details) as { delivery: string }).delivery;
        perDelivery.set(id, (perDelivery.get(id) ?? 0) + 1);
      }
      expect(perDelivery.size).toBe(500);
      expect([...perDelivery.values()].every((n) => n === 1)).toBe(true);
      expect((await store.db.selectFrom('changes').select('id').execute()).length).toBe(500);
      // Two events per pull request, plus who asked the agent (the example payload's assignee).
      expect(await verifyAuditTrail(store.db)).toMatchObject({ ok: true, events: 1500 });
    } finally {
      await store.close();
    }
  }, 120_000);
});
