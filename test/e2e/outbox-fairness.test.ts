import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, WEBHOOK_SECRET, type TestApp } from '../support/app.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { slackAppEnv } from '../support/slack-requests.js';
import { pullRequestPayload, sendWebhook } from '../support/webhooks.js';

/**
 * Slack takes about one message a second per channel. A team whose channel has a
 * dispatcher batch's worth of review requests waiting (a bulk agent run) must not hold
 * back another team's, which has a channel of its own.
 */
const BUSY = 'C0BUSY';
const QUIET = 'C0QUIET';
let slack: FakeSlack;
let app: TestApp;

beforeEach(async () => {
  slack = await startFakeSlack();
  app = await startTestApp(`
teams:
  - { name: busy, seniors: [alice], channels: { slack: ${BUSY} } }
  - { name: quiet, seniors: [bob], channels: { slack: ${QUIET} } }
ownership: { use_codeowners: false, repos: { acme/busy: busy, acme/quiet: quiet }, fallback_team: busy }
slack: { channel_interval_ms: 1000 }
`, slackAppEnv(slack));
});
afterEach(async () => { await app.close(); await slack.close(); });

const open = (repo: string, number: number) => sendWebhook(app.url, {
  event: 'pull_request', secret: WEBHOOK_SECRET,
  payload: pullRequestPayload('opened', { repo, number, author: 'Copilot', authorType: 'Bot', installationId: null, title: `Change ${number}` }),
});
const requests = (channel: string) => slack.messages(channel).filter((m) => /Awaiting sign-off/.test(m.text ?? '')).length;

describe('review requests in paced channels', () => {
  it('posts a quiet team\'s request while a busy team\'s channel works through 70 of its own', async () => {
    for (let n = 1; n <= 70; n++) await open('acme/busy', n);
    await open('acme/quiet', 1);
    await app.worker.drain();
    await app.dispatcher.runOnce();
    await app.dispatcher.runOnce();
    expect(requests(QUIET)).toBe(1);
    // The busy channel keeps its pace: one request a run, a second apart.
    expect(requests(BUSY)).toBeLessThanOrEqual(2);
    expect(requests(BUSY)).toBeGreaterThanOrEqual(1);
  });

  /** Two requests in the busy channel; the first is rate-limited, so the channel pauses for 20 s. */
  async function rateLimitTheBusyChannel(): Promise<void> {
    await open('acme/busy', 1);
    await open('acme/busy', 2);
    await app.worker.drain();
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 20 });
    await app.dispatcher.runOnce();
  }

  it('does not sit out one channel\'s rate limit while another team\'s request arrives', async () => {
    await rateLimitTheBusyChannel();
    // Its second request waits for that, and the run does not wait with it.
    expect(await app.dispatcher.runOnce()).toBe(0);
    await open('acme/quiet', 1);
    await app.worker.drain();
    await app.dispatcher.runOnce();
    expect(requests(QUIET)).toBe(1);
    expect(requests(BUSY)).toBe(0);
  });

  it('does not sit out a rate limit for a request written by an older version either (no channel column)', async () => {
    await rateLimitTheBusyChannel();
    await app.ctx.store.db.updateTable('outbox').set({ channel: null }).where('state', '=', 'pending').execute();
    expect(await app.dispatcher.runOnce()).toBe(0);
    expect(requests(BUSY)).toBe(0);
  });
});
