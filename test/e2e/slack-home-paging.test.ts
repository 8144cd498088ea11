import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, startTestApp, WEBHOOK_SECRET, type TestApp } from '../support/app.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { textObjects } from '../support/slack-blocks.js';
import { slackUser } from '../support/slack-flow.js';
import { appHomeOpenedEvent, eventRequest, sendToSlackEndpoint, slackAppEnv } from '../support/slack-requests.js';
import { pullRequestPayload, sendWebhook } from '../support/webhooks.js';

const CONFIG = `
teams:
  - { name: payments, seniors: [alice, bob], channels: { slack: C0PAY } }
ownership: { fallback_team: payments }
people:
  - { github: alice, slack: U0ALICE }
slack: { channel_interval_ms: 0 }
`;
const OPEN = 30;
let slack: FakeSlack;
let app: TestApp;
const clock = new ManualClock();

beforeEach(async () => {
  slack = await startFakeSlack();
  app = await startTestApp(CONFIG, slackAppEnv(slack), { clock });
  // Newest number first, so request order is the reverse of id order; #100 and #101 are alice's own.
  const opened = [...Array.from({ length: OPEN }, (_, i) => ({ number: OPEN - i, author: 'Copilot' })), { number: 100, author: 'alice' }, { number: 101, author: 'alice' }];
  for (const [k, { number, author }] of opened.entries()) {
    clock.set(new Date(Date.parse('2026-11-23T08:00:00Z') + k * 60_000).toISOString());
    const payload = pullRequestPayload('opened', { number, author, authorType: author === 'Copilot' ? 'Bot' : 'User', branch: 'copilot/x', installationId: null });
    await sendWebhook(app.url, { event: 'pull_request', payload, secret: WEBHOOK_SECRET });
    await app.worker.drain(); // requested at this time, in this order
  }
  await app.dispatcher.drain();
});
afterEach(async () => { await app.close(); await slack.close(); });

describe('App Home of a long queue', () => {
  it('lists the oldest of each queue and counts all of them', async () => {
    const response = await sendToSlackEndpoint(app.url, eventRequest(appHomeOpenedEvent('U0ALICE')));
    expect(response.status).toBe(200);
    const text = () => textObjects(slack.home('U0ALICE')?.blocks ?? []).map((t) => t.text).join('\n');
    for (let i = 0; i < 200 && !text().includes('Waiting on others (2)'); i++) await new Promise((r) => setTimeout(r, 20));
    const home = text();
    expect(home).toContain(`You may sign off (${OPEN})`);
    const maySign = home.slice(home.indexOf('You may sign off'), home.indexOf('Waiting on others'));
    const listed = [...maySign.matchAll(/Hello-World#(\d+)/g)].map((m) => Number(m[1]));
    expect(listed).toEqual(Array.from({ length: 20 }, (_, i) => OPEN - i));
    expect(maySign).toContain(`and ${OPEN - 20} more`);
    const others = home.slice(home.indexOf('Waiting on others'), home.indexOf('Recently signed'));
    expect([...others.matchAll(/Hello-World#(\d+)/g)].map((m) => Number(m[1]))).toEqual([100, 101]);
  });

  it('lists under Recently signed what the viewer signed off, and only that', async () => {
    await slackUser(app, slack, 'C0PAY').click('U0ALICE', 'countersign_signoff');
    await slackUser(app, slack, 'C0PAY').submit('U0ALICE');
    await app.worker.drain();
    await app.dispatcher.drain();
    await sendToSlackEndpoint(app.url, eventRequest(appHomeOpenedEvent('U0ALICE')));
    const text = () => textObjects(slack.home('U0ALICE')?.blocks ?? []).map((t) => t.text).join('\n');
    for (let i = 0; i < 200 && !text().includes(`You may sign off (${OPEN - 1})`); i++) await new Promise((r) => setTimeout(r, 20));
    const home = text();
    const recent = home.slice(home.indexOf('Recently signed'));
    expect([...recent.matchAll(/Hello-World#(\d+)/g)].map((m) => Number(m[1]))).toEqual([OPEN]);
  });
});
