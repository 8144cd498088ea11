import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimDeliveries } from '../../src/store/inbox.js';
import { claimOutbox, markAttempted, renewOutboxClaims } from '../../src/store/outbox.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { appPrivateKey, githubAppEnv } from '../support/github-app.js';
import { freshPostgresDatabase, ManualClock, POSTGRES_SERVER, startTestApp, WEBHOOK_SECRET, type TestApp } from '../support/app.js';
import { pullRequestPayload, sendWebhook } from '../support/webhooks.js';

/**
 * Several replicas on one PostgreSQL database, in one process: each its own service
 * with its own pool, listener, worker and dispatcher. (The acceptance test in
 * test/e2e/replicas-processes.test.ts runs them as separate processes.)
 */
const CONFIG = 'teams: [{ name: core, seniors: [alice], channels: { slack: C0CORE } }]\nownership: { fallback_team: core }';
const REPO = 'Codertocat/Hello-World';
let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
let apps: TestApp[] = [];

describe.skipIf(!POSTGRES_SERVER)('replicas on one PostgreSQL database', () => {
  beforeEach(async () => { database = await freshPostgresDatabase(); });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    await database.drop();
  });

  const replicas = async (n: number, env: Record<string, string> = {}, clock?: ManualClock) => {
    apps = await Promise.all(Array.from({ length: n }, () => startTestApp(CONFIG, { DATABASE_URL: database.url, ...env }, clock ? { clock } : {})));
    return apps;
  };

  it('two replicas starting at once on an empty database both come up, with each migration applied once', async () => {
    const [a, b] = await replicas(2);
    for (const app of [a!, b!]) expect((await fetch(`${app.url}/readyz`)).status).toBe(200);
    const applied = await a!.ctx.store.db.selectFrom('kysely_migration' as never).select('name' as never).execute() as { name: string }[];
    expect(applied.length).toBeGreaterThan(0);
    expect(new Set(applied.map((m) => m.name)).size).toBe(applied.length);
  });

  describe('with a GitHub App', () => {
    let github: FakeGitHub;
    beforeEach(async () => { github = await startFakeGitHub(); });
    afterEach(async () => { await github.close(); });

    it('applies each delivery on one replica, reading GitHub for it once', async () => {
      const [a, b, c] = await replicas(3, githubAppEnv(github, appPrivateKey()));
      const count = 30;
      for (let n = 1; n <= count; n++) {
        const sha = n.toString(16).padStart(40, '0');
        github.addPull(REPO, { number: n, base: { ref: 'master', sha: 'b'.repeat(40) }, head: { ref: `copilot/fix-${n}`, sha }, commits: [], files: [{ filename: `src/f${n}.ts`, additions: 3, deletions: 1 }] });
        const target = [a!, b!, c!][n % 3]!;
        expect((await sendWebhook(target.url, { event: 'pull_request', payload: pullRequestPayload('opened', { number: n, sha, branch: `copilot/fix-${n}` }), secret: WEBHOOK_SECRET })).status).toBe(202);
      }
      // Every replica's worker reaches for the same inbox at the same time.
      await Promise.all([a!, b!, c!].map((app) => app.worker.drain()));
      const changes = await a!.ctx.store.db.selectFrom('changes').select('number').execute();
      expect(changes).toHaveLength(count);
      const reads = github.find('GET', /\/pulls\/\d+\/files$/).map((r) => r.path);
      expect(reads).toHaveLength(count);
      expect(new Set(reads).size).toBe(count);
    });
  });

  it('lets another replica finish a delivery whose replica died holding it, once the claim runs out', async () => {
    const clock = new ManualClock();
    const [a] = await replicas(1, {}, clock);
    await sendWebhook(a!.url, { event: 'pull_request', payload: pullRequestPayload('opened', { author: 'Copilot', authorType: 'Bot', installationId: null }), secret: WEBHOOK_SECRET });
    const { id } = await a!.ctx.store.db.selectFrom('inbox').select('id').executeTakeFirstOrThrow();
    const now = clock.now().getTime();
    expect(await claimDeliveries(a!.ctx.store.db, [id], 'dead-replica', new Date(now).toISOString(), new Date(now + 10_000).toISOString())).toEqual([id]);
    await a!.worker.drain();
    expect(await a!.ctx.store.db.selectFrom('changes').select('id').execute()).toHaveLength(0);
    clock.advance(10_001);
    await a!.worker.drain();
    expect(await a!.ctx.store.db.selectFrom('changes').select('id').execute()).toHaveLength(1);
  });

  it('fences an outbox row: a holder whose claim expired and was taken over cannot start sending it', async () => {
    const clock = new ManualClock();
    const [app] = await replicas(1, {}, clock);
    const db = app!.ctx.store.db;
    await db.insertInto('outbox').values({ idempotency_key: 'k1', kind: 'test', destination: 'nowhere', change_id: null, payload: '{}', state: 'pending', attempts: 0, next_attempt_at: '2026-01-01T00:00:00Z', created_at: '2026-01-01T00:00:00Z' }).execute();
    const { id } = await db.selectFrom('outbox').select('id').executeTakeFirstOrThrow();
    const at = (s: number) => new Date(Date.parse('2026-11-20T09:00:00Z') + s * 1000).toISOString();

    const [first] = await claimOutbox(db, [id], 'paused', at(0), at(10));
    // Renewed while its work continues, nobody else can take it.
    await renewOutboxClaims(db, [first!], 'paused', at(20));
    expect(await claimOutbox(db, [id], 'other', at(15), at(25))).toEqual([]);
    // Paused past the renewed claim: another replica takes it over with a higher token.
    const [second] = await claimOutbox(db, [id], 'other', at(21), at(31));
    expect(second!.token).toBeGreaterThan(first!.token);
    expect(await markAttempted(db, first!, 'paused', at(22))).toBe(false);
    await renewOutboxClaims(db, [first!], 'paused', at(60));
    expect(await markAttempted(db, second!, 'other', at(22))).toBe(true);
    expect(await db.selectFrom('outbox').select(['attempts', 'claimed_by', 'claim_expires_at']).executeTakeFirstOrThrow()).toEqual({ attempts: 1, claimed_by: 'other', claim_expires_at: at(31) });
  });
});
