import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyAuditTrail } from '../../src/app/audit-trail.js';
import { openStore } from '../../src/store/db.js';
import { startTestApp, WEBHOOK_SECRET, type TestApp } from '../support/app.js';
import { cliFixtures, runCli } from '../support/cli.js';
import { pullRequestPayload, sendWebhook } from '../support/webhooks.js';

const fixtures = cliFixtures('countersign-backup-');
let app: TestApp | null = null;
afterEach(async () => { await app?.close(); app = null; });

describe('countersign backup', () => {
  it('copies the SQLite database while the service runs, audit trail intact, and never over an existing file', async () => {
    app = await startTestApp('teams: [{ name: core, seniors: [alice] }]\nownership: { fallback_team: core }');
    for (const number of [1, 2, 3]) {
      await sendWebhook(app.url, { event: 'pull_request', payload: pullRequestPayload('opened', { number, author: 'Copilot', authorType: 'Bot', installationId: null }), secret: WEBHOOK_SECRET });
    }
    await app.worker.drain();
    const out = join(fixtures.tempDir(), 'backup.db');
    const env = { DATABASE_URL: `sqlite:${join(app.dir, 'countersign.db')}` };
    const run = await runCli(['backup', '--out', out], { cwd: app.dir, env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^backed up \d+ pages to /);

    const copy = openStore(`sqlite:${out}`);
    try {
      expect(await copy.db.selectFrom('changes').select('number').orderBy('number').execute()).toEqual([{ number: 1 }, { number: 2 }, { number: 3 }]);
      const live = await verifyAuditTrail(app.ctx.store.db);
      expect(await verifyAuditTrail(copy.db)).toEqual({ ...live, ok: true });
    } finally {
      await copy.close();
    }

    const again = await runCli(['backup', '--out', out], { cwd: app.dir, env });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists; not overwriting it');
  });

  it('points PostgreSQL users to their own tools and asks for --out', async () => {
    const cwd = fixtures.tempDir();
    const pg = await runCli(['backup', '--out', 'x.db'], { cwd, env: { DATABASE_URL: 'postgres://u@127.0.0.1:1/db' } });
    expect(pg.code).toBe(1);
    expect(pg.stderr).toContain('for PostgreSQL use pg_dump');
    const missing = await runCli(['backup'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--out FILE is required');
  });
});
