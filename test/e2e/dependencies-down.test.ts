import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freshPostgresDatabase, ON_POSTGRES } from '../support/app.js';
import { runCli } from '../support/cli.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { SLACK_DEFAULTS, startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { appPrivateKey } from '../support/github-app.js';
import { startService, type ServiceProcess } from '../support/processes.js';
import { pullRequestPayload, sendWebhook } from '../support/webhooks.js';

/**
 * Slack or GitHub refusing our secrets, or not answering at all, when the service
 * starts: it stays up, keeps taking webhooks, keeps the side effects, and `doctor`
 * says which of the two it is.
 */
const SECRET = 'down-test-secret';
const CHANNEL = 'C0CORE0001';
const CONFIG = `teams: [{ name: core, seniors: [alice], channels: { slack: ${CHANNEL} } }]\nownership: { fallback_team: core }\n`;
let slack: FakeSlack;
/** A port nothing listens on (any more): connections are refused at once. */
let nowhere: string;
const services: ServiceProcess[] = [];
const cleanups: (() => Promise<void> | void)[] = [];

// A fresh Slack per test: each test's database starts its ids (and so its messages' keys) afresh.
beforeEach(async () => { slack = await startFakeSlack({ tokens: [SLACK_DEFAULTS.token] }); });
afterEach(async () => { await slack.close(); });
beforeAll(async () => {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  nowhere = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await new Promise((r) => server.close(r));
});
afterEach(async () => {
  for (const s of services.splice(0)) s.child.kill('SIGKILL');
  for (const c of cleanups.splice(0)) await c();
});

async function workspace(): Promise<{ dir: string; env: Record<string, string> }> {
  const dir = mkdtempSync(join(tmpdir(), 'countersign-down-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'countersign.yml'), CONFIG);
  let database = `sqlite:${join(dir, 'countersign.db')}`;
  if (ON_POSTGRES) {
    const db = await freshPostgresDatabase();
    cleanups.push(db.drop);
    database = db.url;
  }
  return { dir, env: { DATABASE_URL: database, GITHUB_WEBHOOK_SECRET: SECRET, SLACK_SIGNING_SECRET: 'signing-secret', SLACK_BOT_TOKEN: SLACK_DEFAULTS.token, SLACK_API_URL: slack.apiUrl } };
}

const start = async (dir: string, env: Record<string, string>) => {
  const service = await startService(dir, env);
  services.push(service);
  return service;
};

// Review requests Slack accepted: a try with the revoked token is turned away and posts
// nothing (whether the dispatcher tries it before holding the destination is a race).
const requestsFor = (number: number) => slack.calls('chat.postMessage')
  .filter((c) => c.headers.authorization === `Bearer ${SLACK_DEFAULTS.token}` && !c.args.thread_ts && String(c.args.text).includes(`#${number} `));

describe('Slack turning the token away, or not answering, at start', () => {
  it.each([
    ['a rejected token', () => ({ SLACK_BOT_TOKEN: 'xoxb-revoked' }), /^slack rejected our credentials/],
    ['an unreachable Slack', () => ({ SLACK_API_URL: `${nowhere}/api/` }), /^slack cannot be reached/],
  ])('with %s the service stays up, stores webhooks, and posts once a restart brings a working Slack', { timeout: 60_000 }, async (_case, broken, logged) => {
    const { dir, env } = await workspace();
    const number = 9000 + Math.floor(Math.random() * 999);
    const first = await start(dir, { ...env, ...broken() });
    await first.waitForLog(logged);
    const sent = await sendWebhook(first.url, { event: 'pull_request', payload: pullRequestPayload('opened', { number, author: 'Copilot', authorType: 'Bot', installationId: null }), secret: SECRET });
    expect(sent.status).toBe(202);
    // The change is decided; its review request is tried, fails, and waits in the outbox.
    await first.waitForLog(/side effects? (failed; will retry|wait in the outbox until)/);
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    expect(first.child.exitCode).toBeNull();
    expect(requestsFor(number)).toHaveLength(0);
    expect(await first.stop()).toBe(0);

    const second = await start(dir, env);
    await second.waitForLog(/^slack is reachable/);
    // A Slack that was unreachable is retried with backoff, which the restart honours (a few seconds here).
    for (let i = 0; i < 300 && requestsFor(number).length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(requestsFor(number)).toHaveLength(1);
    expect(await second.stop()).toBe(0);
  });
});

describe('countersign doctor on a broken connection', () => {
  let github: FakeGitHub;
  beforeAll(async () => { github = await startFakeGitHub(); });
  afterAll(async () => { await github.close(); });

  it('tells a rejected Slack token apart from an unreachable Slack', async () => {
    const { dir, env } = await workspace();
    const rejected = await runCli(['doctor'], { cwd: dir, env: { ...env, SLACK_BOT_TOKEN: 'xoxb-revoked' } });
    expect(rejected.code).toBe(1);
    expect(rejected.stdout).toMatch(/^PROBLEM {2}slack: Slack rejected the bot token: invalid_auth/m);
    const unreachable = await runCli(['doctor'], { cwd: dir, env: { ...env, SLACK_API_URL: `${nowhere}/api/` } });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stdout).toMatch(/^PROBLEM {2}slack: cannot reach Slack at http:\/\/127\.0\.0\.1:\d+\/api\/ \(network\): ECONNREFUSED/m);
    expect(unreachable.stdout).toContain('the token was not checked');
  });

  it('tells rejected GitHub App credentials apart from an unreachable GitHub', async () => {
    const { dir, env } = await workspace();
    const app = { GITHUB_APP_ID: github.appId, GITHUB_PRIVATE_KEY: appPrivateKey() };
    // The fake checks the JWT's signature against nothing, so an unknown app id is what it refuses.
    const rejected = await runCli(['doctor'], { cwd: dir, env: { ...env, ...app, GITHUB_APP_ID: '999999', GITHUB_API_URL: github.url } });
    expect(rejected.stdout).toMatch(/^PROBLEM {2}github: GitHub at .* rejected GitHub App 999999's credentials/m);
    const unreachable = await runCli(['doctor'], { cwd: dir, env: { ...env, ...app, GITHUB_API_URL: nowhere } });
    expect(unreachable.stdout).toMatch(/^PROBLEM {2}github: cannot reach GitHub at http:\/\/127\.0\.0\.1:\d+ \(network\): ECONNREFUSED/m);
  });
});
