import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, WEBHOOK_SECRET, type TestApp } from '../support/app.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { slackAppEnv } from '../support/slack-requests.js';
import { pullRequestPayload, sendWebhook } from '../support/webhooks.js';

/**
 * Every review request posted makes the App Home of the seniors it concerns out of
 * date. Publishing each senior's home after each post (and reading every open request
 * to build it) made posting fall from about 50 to about 5 messages a second with two
 * seniors. Refreshes are coalesced per person: the homes end up current, published a
 * few times, not once per post.
 */
const CONFIG = `
teams:
  - { name: payments, seniors: [alice, bob], channels: { slack: C0PAY } }
  - { name: platform, seniors: [pat], channels: { slack: C0PLAT } }
ownership: { fallback_team: payments, repos: { acme/platform: platform } }
people:
  - { github: alice, slack: U0ALICE }
  - { github: bob, slack: U0BOB }
  - { github: pat, slack: U0PAT }
slack: { channel_interval_ms: 0 }
`;
const POSTS = 20;
let slack: FakeSlack;
let app: TestApp;

beforeEach(async () => {
  slack = await startFakeSlack();
  app = await startTestApp(CONFIG, slackAppEnv(slack));
});
afterEach(async () => { await app.close(); await slack.close(); });

const publishedFor = (user: string) => slack.calls('views.publish').filter((c) => (c.args as { user_id?: string }).user_id === user);

async function settled(user: string, text: string) {
  for (let i = 0; i < 250 && !JSON.stringify(slack.home(user) ?? '').includes(text); i++) await new Promise((r) => setTimeout(r, 20));
  await new Promise((r) => setTimeout(r, 1_200)); // one more window: any refresh still owed has run
}

describe('App Home refreshes', () => {
  it('are coalesced per senior while review requests are posted, and the homes end up complete', async () => {
    for (let n = 1; n <= POSTS; n++) {
      const payload = pullRequestPayload('opened', { repo: 'acme/payments', number: n, author: 'Copilot', authorType: 'Bot', installationId: null, title: `change ${n}` });
      await sendWebhook(app.url, { event: 'pull_request', payload, secret: WEBHOOK_SECRET });
    }
    await app.worker.drain();
    await app.dispatcher.drain();
    expect(slack.calls('chat.postMessage').length).toBeGreaterThanOrEqual(POSTS);

    await settled('U0ALICE', `acme/payments#${POSTS}`);
    await settled('U0BOB', `acme/payments#${POSTS}`);
    for (const user of ['U0ALICE', 'U0BOB']) {
      const home = JSON.stringify(slack.home(user));
      expect(home).toContain(`You may sign off (${POSTS})`);
      // Once per post would be 20; coalesced, a handful.
      expect(publishedFor(user).length).toBeLessThanOrEqual(5);
    }
    // A senior of another team is not refreshed for requests that do not concern them.
    expect(publishedFor('U0PAT')).toEqual([]);
  });
});
