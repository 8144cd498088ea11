import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditTrail } from '../../src/app/audit-trail.js';
import { appendAudit } from '../../src/store/audit.js';
import { acquireLease, claimJobRun } from '../../src/store/leases.js';
import { freshPostgresDatabase, POSTGRES_SERVER, startTestApp, WEBHOOK_SECRET, type TestApp } from '../support/app.js';
import { pullRequestPayload, sendWebhook } from '../support/webhooks.js';

/**
 * The same service on a real PostgreSQL server. `.ci/run` starts one
 * (scripts/ci/postgres.sh) and sets COUNTERSIGN_TEST_POSTGRES_URL; a machine without
 * one skips this file.
 */
const SERVER = POSTGRES_SERVER;
let app: TestApp;
let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;

describe.skipIf(!SERVER)('on PostgreSQL', () => {
  beforeEach(async () => {
    database = await freshPostgresDatabase();
    app = await startTestApp('teams: [{ name: core, seniors: [alice] }]\nownership: { fallback_team: core }', { DATABASE_URL: database.url });
  });
  afterEach(async () => {
    await app.close();
    await database.drop();
  });

  it('runs the migrations and turns deliveries into changes with a verifiable audit trail', async () => {
    expect(app.ctx.store.flavor).toBe('postgres');
    for (let n = 1; n <= 5; n++) {
      const sent = await sendWebhook(app.url, { event: 'pull_request', payload: pullRequestPayload('opened', { number: n, author: 'Copilot', authorType: 'Bot', installationId: null }), secret: WEBHOOK_SECRET });
      expect(sent.status).toBe(202);
    }
    await app.worker.drain();
    const changes = await app.ctx.store.db.selectFrom('changes').select(['number', 'status', 'ai_assisted', 'installation_id']).orderBy('number').execute();
    expect(changes).toHaveLength(5);
    expect(changes[0]).toMatchObject({ status: 'awaiting', ai_assisted: 1, installation_id: null });
    // Four events per Copilot pull request: tracked, who asked the agent (the example's assignee), requested, assigned.
    expect(await verifyAuditTrail(app.ctx.store.db)).toMatchObject({ ok: true, events: 20 });
  });

  it('refuses to rewrite the audit trail', async () => {
    await sendWebhook(app.url, { event: 'pull_request', payload: pullRequestPayload('opened', { author: 'Copilot', installationId: null }), secret: WEBHOOK_SECRET });
    await app.worker.drain();
    await expect(sql`UPDATE audit_events SET actor = 'mallory'`.execute(app.ctx.store.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_events`.execute(app.ctx.store.db)).rejects.toThrow(/append-only/);
  });

  it('keeps the chain whole when decisions append side by side', async () => {
    const at = new Date().toISOString();
    await Promise.all(Array.from({ length: 20 }, (_, i) => app.ctx.store.db.transaction().execute((trx) =>
      appendAudit(trx, [{ at, actor: `actor-${i}`, action: 'test_event', subject: 'x#1', head_sha: null, details: { i } }]))));
    expect(await verifyAuditTrail(app.ctx.store.db)).toMatchObject({ ok: true, events: 20 });
  });

  it('gives a lease and a once-only job run to one holder', async () => {
    const now = new Date().toISOString();
    const later = new Date(Date.now() + 60_000).toISOString();
    const holders = await Promise.all(['a', 'b', 'c'].map((h) => acquireLease(app.ctx.store.db, 'job:test', h, now, later)));
    expect(holders.filter(Boolean)).toHaveLength(1);
    const runs = await Promise.all(['a', 'b'].map((h) => claimJobRun(app.ctx.store.db, 'digest:core:2026-11-22', h, now)));
    expect(runs.filter(Boolean)).toHaveLength(1);
  });
});
