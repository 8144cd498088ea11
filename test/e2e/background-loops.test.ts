import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { ClaimRenewer } from '../../src/jobs/claim-renewer.js';
import { createLogger } from '../../src/logger.js';
import { start, type Running } from '../../src/main.js';
import { freshPostgresDatabase, ManualClock, ON_POSTGRES, WEBHOOK_SECRET } from '../support/app.js';
import { SLACK_DEFAULTS, startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { pullRequestPayload, sendWebhook } from '../support/webhooks.js';

/**
 * Each background loop meets a database that fails under it (its table is briefly
 * renamed away, as a failover or a bad migration would look), logs what it was doing,
 * and carries on once the database is back.
 */
const CHANNEL = 'C0LOOPS001';
let slack: FakeSlack;
let app: Running;
let logs: { msg: string; err?: { message?: string }; job?: string }[];
const cleanups: (() => Promise<void> | void)[] = [];

beforeAll(async () => { slack = await startFakeSlack(); });
afterAll(async () => { await slack.close(); });
afterEach(async () => {
  await app?.stop();
  for (const c of cleanups.splice(0)) await c();
});

async function startApp(): Promise<Running> {
  const dir = mkdtempSync(join(tmpdir(), 'countersign-loops-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  let database = `sqlite:${join(dir, 'countersign.db')}`;
  if (ON_POSTGRES) {
    const db = await freshPostgresDatabase();
    cleanups.push(db.drop);
    database = db.url;
  }
  const config = parseConfig(`teams: [{ name: core, seniors: [alice], channels: { slack: ${CHANNEL} } }]\nownership: { fallback_team: core }\nslack: { channel_interval_ms: 0 }\n`, {
    env: { DATABASE_URL: database, GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET, SLACK_BOT_TOKEN: SLACK_DEFAULTS.token, SLACK_SIGNING_SECRET: 'signing', SLACK_API_URL: slack.apiUrl },
    cwd: dir,
  });
  logs = [];
  const log = createLogger('info', { write: (line: string) => { logs.push(JSON.parse(line) as (typeof logs)[number]); } });
  app = await start({ config, clock: new ManualClock(new Date()), cwd: dir, port: 0, log, scheduler: false });
  await app.worker.stop();
  await app.dispatcher.stop();
  return app;
}

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}; logs:\n${logs.map((l) => l.msg).join('\n')}`);
}

const rename = (from: string, to: string) => sql`ALTER TABLE ${sql.table(from)} RENAME TO ${sql.table(to)}`.execute(app.ctx.store.db);
const opened = () => sendWebhook(app.url, { event: 'pull_request', payload: pullRequestPayload('opened', { author: 'Copilot', authorType: 'Bot', installationId: null }), secret: WEBHOOK_SECRET });
const logged = (msg: string) => logs.filter((l) => l.msg === msg);

describe('background loops when the database fails under them', () => {
  it('the inbox worker logs the failure and applies the delivery once the inbox is back', async () => {
    await startApp();
    expect((await opened()).status).toBe(202);
    await rename('inbox', 'inbox_away');
    app.worker.start();
    await until(() => logged('inbox worker could not read the inbox; retrying').length > 0, 'the worker to log');
    expect(logged('inbox worker could not read the inbox; retrying')[0]!.err?.message).toMatch(/inbox/);
    await rename('inbox_away', 'inbox');
    app.worker.nudge();
    await until(async () => (await app.ctx.store.db.selectFrom('changes').select('id').execute()).length === 1, 'the change');
  });

  it('the outbox dispatcher logs the failure and posts once the outbox is back', async () => {
    await startApp();
    await opened();
    await app.worker.drain();
    await rename('outbox', 'outbox_away');
    app.dispatcher.start();
    await until(() => logged('outbox dispatcher could not read the outbox; retrying').length > 0, 'the dispatcher to log');
    await rename('outbox_away', 'outbox');
    app.dispatcher.nudge();
    await until(() => slack.messages(CHANNEL).length > 0, 'the review request in Slack');
  });

  it('the scheduler logs a failed job with its name and runs it at the next tick', async () => {
    await startApp();
    await rename('leases', 'leases_away');
    await app.scheduler.tick();
    const failed = logged('scheduled job failed; the next tick tries again');
    expect(failed.map((l) => l.job)).toEqual(expect.arrayContaining(['escalations']));
    await rename('leases_away', 'leases');
    const before = failed.length;
    await app.scheduler.tick();
    expect(logged('scheduled job failed; the next tick tries again')).toHaveLength(before);
    expect(await app.ctx.store.db.selectFrom('leases').select('name').execute()).not.toHaveLength(0);
  });

  it('the claim renewer reports a failed renewal and renews again on its next turn', async () => {
    const errors: unknown[] = [];
    const renewed: number[][] = [];
    let fail = true;
    const renewer = new ClaimRenewer<number>({
      renew: async (ids) => { if (fail) { fail = false; throw new Error('connection reset'); } renewed.push(ids); },
      everyMs: 5,
      onError: (error) => errors.push(error),
    });
    renewer.hold(7, 7);
    for (let i = 0; i < 400 && renewed.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    renewer.release(7);
    expect(errors).toEqual([new Error('connection reset')]);
    expect(renewed[0]).toEqual([7]);
  });
});
