import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, WEBHOOK_SECRET, type TestApp } from '../support/app.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { appHomeOpenedEvent, eventRequest, sendToSlackEndpoint, slashCommandRequest, slackAppEnv } from '../support/slack-requests.js';
import { pullRequestPayload, sendWebhook } from '../support/webhooks.js';

const CONFIG = `
teams:
  - { name: payments, seniors: [alice, bob], channels: { slack: C0PAY } }
  - { name: platform, seniors: [pat], channels: { slack: C0PLAT } }
ownership:
  repos: { acme/payments: payments, acme/platform: platform }
people:
  - { github: alice, slack: U0ALICE }
  - { github: pat, slack: U0PAT }
slack: { channel_interval_ms: 0 }
`;
let slack: FakeSlack;
let app: TestApp;

beforeEach(async () => {
  slack = await startFakeSlack();
  app = await startTestApp(CONFIG, slackAppEnv(slack));
  const prs: [string, number, number][] = [['acme/payments', 7, 900], ['acme/payments', 8, 10], ['acme/platform', 3, 5]];
  for (const [repo, number, size] of prs) {
    const payload = pullRequestPayload('opened', { repo, number, author: 'Copilot', authorType: 'Bot', installationId: null, title: `${repo} change ${number}`, additions: size, deletions: 0 });
    await sendWebhook(app.url, { event: 'pull_request', payload, secret: WEBHOOK_SECRET });
  }
  await app.worker.drain();
  await app.dispatcher.drain();
});
afterEach(async () => { await app.close(); await slack.close(); });

/** `/signoff <text>` typed by `user`: the ephemeral answer Slack shows them. */
async function signoff(user: string, text: string) {
  const response = await sendToSlackEndpoint(app.url, slashCommandRequest({ user, channel: 'C0PAY', text }));
  expect(response.status).toBe(200);
  return { ...response.json, all: JSON.stringify(response.json) } as { response_type: string; text: string; blocks: unknown[]; all: string };
}

describe('/signoff', () => {
  it('lists what waits for sign-off in the asker\'s teams only, privately', async () => {
    const answer = await signoff('U0ALICE', 'pending');
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.all).toContain('acme/payments#7');
    expect(answer.all).toContain('acme/payments#8');
    expect(answer.all).not.toContain('acme/platform#3');
  });

  it('shows one change, explains why it needs sign-off, and shows its audit trail', async () => {
    expect((await signoff('U0ALICE', 'show acme/payments#7')).all).toContain('900');
    const why = await signoff('U0ALICE', 'why https://github.com/acme/payments/pull/7');
    expect(why.all).toMatch(/GitHub Copilot/);
    expect(why.all).toMatch(/2 more sign-offs|2 sign-offs/);
    const audit = await signoff('U0ALICE', 'audit acme/payments#7');
    expect(audit.all).toContain('change_tracked');
    expect(audit.all).toContain('signoff_requested');
  });

  it('does not reveal another team\'s change', async () => {
    const answer = await signoff('U0ALICE', 'show acme/platform#3');
    expect(answer.all).toContain('no record of acme/platform#3 that you can see');
    expect(answer.all).not.toContain('change 3');
  });

  it('lists what the asker may sign, and answers stats', async () => {
    expect((await signoff('U0PAT', 'mine')).all).toContain('acme/platform#3');
    expect((await signoff('U0PAT', 'mine')).all).not.toContain('acme/payments');
    const stats = await signoff('U0ALICE', 'stats 30d');
    expect(stats.all).toMatch(/30 days/);
  });

  it('answers unknown input with help, not an error', async () => {
    const answer = await signoff('U0ALICE', 'pendnig');
    expect(answer.all).toContain('did you mean');
    expect(answer.all).toMatch(/pending/);
  });

  it('tells an unmapped person how to get mapped', async () => {
    expect((await signoff('U0NOBODY', 'mine')).all).toContain('not linked to a GitHub login');
  });
});

describe('App Home', () => {
  it('publishes the viewer\'s queue when they open it', async () => {
    const response = await sendToSlackEndpoint(app.url, eventRequest(appHomeOpenedEvent('U0ALICE')));
    expect(response.status).toBe(200);
    for (let i = 0; i < 100 && !slack.home('U0ALICE'); i++) await new Promise((r) => setTimeout(r, 20));
    const home = JSON.stringify(slack.home('U0ALICE'));
    expect(home).toContain('acme/payments#7');
    expect(home).not.toContain('acme/platform#3');
  });

  it('is refreshed for the seniors a new review request concerns', async () => {
    for (let i = 0; i < 100 && !slack.home('U0PAT'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(slack.home('U0PAT')).toBeDefined();
    expect(JSON.stringify(slack.home('U0PAT'))).toContain('acme/platform#3');
  });
});
