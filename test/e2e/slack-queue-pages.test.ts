import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, WEBHOOK_SECRET, type TestApp } from '../support/app.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { sendToSlackEndpoint, slashCommandRequest, slackAppEnv } from '../support/slack-requests.js';
import { pullRequestPayload, sendWebhook } from '../support/webhooks.js';

const CONFIG = `
teams:
  - { name: payments, seniors: [alice, bob], channels: { slack: C0PAY } }
  - { name: platform, seniors: [pat], channels: { slack: C0PLAT } }
ownership:
  repos: { acme/payments: payments, acme/platform: platform }
people:
  - { github: alice, slack: U0ALICE }
  - { github: bob, slack: U0BOB }
  - { github: pat, slack: U0PAT }
slack: { channel_interval_ms: 0 }
`;
/** More than one page (25 lines) of payments changes, opened a minute apart: #1 is the oldest. */
const PAYMENTS = 30;
let slack: FakeSlack;
let app: TestApp;

async function open(repo: string, number: number, over: { author?: string; draft?: boolean } = {}) {
  const payload = pullRequestPayload('opened', { repo, number, author: over.author ?? 'Copilot', authorType: over.author ? 'User' : 'Bot', installationId: null, title: `${repo} change ${number}`, labels: ['ai-assisted'], draft: over.draft ?? false });
  await sendWebhook(app.url, { event: 'pull_request', payload, secret: WEBHOOK_SECRET });
  await app.worker.drain();
  app.clock.advance(60_000);
}

beforeEach(async () => {
  slack = await startFakeSlack();
  app = await startTestApp(CONFIG, slackAppEnv(slack));
  // Opened in number order; then #31 (alice's own), #32 (a draft), platform#1, and #33 (by pat, of platform).
  for (let n = 1; n <= PAYMENTS; n++) await open('acme/payments', n);
  await open('acme/payments', 31, { author: 'alice' });
  await open('acme/payments', 32, { draft: true });
  await open('acme/platform', 1);
  await open('acme/payments', 33, { author: 'pat' });
});
afterEach(async () => { await app.close(); await slack.close(); });

async function signoff(user: string, text: string) {
  const response = await sendToSlackEndpoint(app.url, slashCommandRequest({ user, channel: 'C0PAY', text }));
  expect(response.status).toBe(200);
  const json = response.json as { text: string };
  const all = JSON.stringify(response.json);
  const listed = [...all.matchAll(/acme\/(payments|platform)#(\d+)/g)].map((m) => `${m[1]}#${m[2]}`);
  return { text: json.text, all, listed };
}

describe('/signoff lists in pages, oldest first', () => {
  it('pending: the oldest 25 of the asker\'s teams, and how many more were not shown', async () => {
    const answer = await signoff('U0ALICE', 'pending');
    expect(answer.listed).toEqual(Array.from({ length: 25 }, (_, i) => `payments#${i + 1}`));
    // 30 + alice's own + the draft + pat's: all waiting, 8 of them not shown.
    expect(answer.text).toContain('33 changes');
    expect(answer.all).toContain('…and 8 more');
    expect(answer.all).not.toContain('platform#');
  });

  it('pending TEAM: only that team\'s changes, counted', async () => {
    const answer = await signoff('U0PAT', 'pending platform');
    expect(answer.listed).toEqual(['platform#1']);
    expect(answer.text).toContain('1 change');
    expect(answer.all).not.toContain('more');
    // Another team's queue shows only what the asker wrote in it.
    expect((await signoff('U0PAT', 'pending payments')).listed).toEqual(['payments#33']);
  });

  it('pending: the asker\'s own changes in other teams\' repositories too, in request order', async () => {
    expect((await signoff('U0PAT', 'pending')).listed).toEqual(['platform#1', 'payments#33']);
  });

  it('mine: leaves out the asker\'s own change and drafts, counts the rest', async () => {
    const alice = await signoff('U0ALICE', 'mine');
    expect(alice.listed.slice(0, 3)).toEqual(['payments#1', 'payments#2', 'payments#3']);
    expect(alice.text).toContain(`${PAYMENTS + 1} changes`); // and pat's
    expect(alice.all).toContain(`…and ${PAYMENTS + 1 - 25} more`);
    const bob = await signoff('U0BOB', 'mine');
    expect(bob.text).toContain(`${PAYMENTS + 2} changes`); // alice's change is bob's to sign
    expect((await signoff('U0PAT', 'mine')).listed).toEqual(['platform#1']);
  });
});
