import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIGEST_LIST_ITEMS } from '../../src/domain/digest.js';
import { ManualClock, startTestApp, WEBHOOK_SECRET, type TestApp } from '../support/app.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { textObjects } from '../support/slack-blocks.js';
import { slackAppEnv } from '../support/slack-requests.js';
import { pullRequestPayload, sendWebhook } from '../support/webhooks.js';

const CHANNEL = 'C0DIGEST';
const config = `
teams:
  - { name: payments, seniors: [alice, bob], channels: { slack: ${CHANNEL} }, time_zone: UTC, digest_cron: '0 9 * * *' }
ownership: { fallback_team: payments }
people:
  - { github: alice, slack: U0ALICE }
slack: { channel_interval_ms: 0 }
`;

let slack: FakeSlack;
let app: TestApp;
let dir: string;
const clock = new ManualClock();

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'countersign-digest-queue-'));
  slack = await startFakeSlack();
  app = await startTestApp(config, slackAppEnv(slack), { dir, clock });
});
afterEach(async () => { await app.close(); await slack.close(); rmSync(dir, { recursive: true, force: true }); });

describe('a digest of a long queue', () => {
  it('lists the high-risk and then the oldest requests by name and counts the rest', async () => {
    const OPEN = DIGEST_LIST_ITEMS + 5;
    // Opened newest number first, so request order is the reverse of id order; #5 is high risk.
    for (let number = OPEN; number >= 1; number--) {
      clock.set(new Date(Date.parse('2026-11-23T08:00:00Z') + (OPEN - number) * 60_000).toISOString());
      const size = number === 5 ? { additions: 5000 } : { additions: 10 };
      await sendWebhook(app.url, { event: 'pull_request', payload: pullRequestPayload('opened', { number, author: 'Copilot', authorType: 'Bot', installationId: null, ...size }), secret: WEBHOOK_SECRET });
      await app.worker.drain(); // requested at this time, in this order
    }
    clock.set('2026-11-23T09:00:00Z');
    await app.scheduler.tick();
    await app.dispatcher.drain();

    const digest = slack.messages(CHANNEL).find((m) => m.text.startsWith('Countersign digest'));
    expect(digest).toBeDefined();
    const text = textObjects(digest!.blocks ?? []).map((t) => t.text).join('\n');
    expect(text).toContain(`Waiting for sign-off (${OPEN})`);
    const listed = [...text.matchAll(/Hello-World#(\d+)/g)].map((m) => Number(m[1]));
    const oldestFirst = Array.from({ length: OPEN }, (_, i) => OPEN - i).filter((n) => n !== 5);
    expect(listed).toEqual([5, ...oldestFirst].slice(0, DIGEST_LIST_ITEMS));
    expect(text).toContain('and 5 more');
    expect(digest!.text).toContain(`${OPEN} waiting`);

    // Closing the high-risk one takes it off the queue: the next day's digest lists the
    // oldest first and counts one fewer (the queue's order is kept with the change).
    clock.set('2026-11-23T12:00:00Z');
    await sendWebhook(app.url, { event: 'pull_request', payload: pullRequestPayload('closed', { number: 5, author: 'Copilot', authorType: 'Bot', installationId: null, additions: 5000 }), secret: WEBHOOK_SECRET });
    await app.worker.drain();
    clock.set('2026-11-24T09:00:00Z');
    await app.scheduler.tick();
    await app.dispatcher.drain();
    const next = slack.messages(CHANNEL).filter((m) => m.text.startsWith('Countersign digest')).at(-1)!;
    const nextText = textObjects(next.blocks ?? []).map((t) => t.text).join('\n');
    expect(nextText).toContain(`Waiting for sign-off (${OPEN - 1})`);
    expect([...nextText.matchAll(/Hello-World#(\d+)/g)].map((m) => Number(m[1]))).toEqual(oldestFirst.slice(0, DIGEST_LIST_ITEMS));
  });
});
