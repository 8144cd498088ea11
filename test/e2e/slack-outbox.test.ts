import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, WEBHOOK_SECRET, type TestApp } from '../support/app.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { slackAppEnv } from '../support/slack-requests.js';
import { pullRequestPayload, sendWebhook } from '../support/webhooks.js';

const CHANNEL = 'C0LOAD';
let slack: FakeSlack;
let app: TestApp;

beforeEach(async () => {
  slack = await startFakeSlack();
  app = await startTestApp(`
teams: [{ name: core, seniors: [alice], channels: { slack: ${CHANNEL} } }]
ownership: { fallback_team: core }
slack: { channel_interval_ms: 0, request_timeout_ms: 250 }
`, slackAppEnv(slack));
});
afterEach(async () => { await app.close(); await slack.close(); });

const open = async (number: number, action = 'opened', draft = false) => {
  const payload = pullRequestPayload(action, { number, author: 'Copilot', authorType: 'Bot', installationId: null, title: `Change ${number}`, draft });
  await sendWebhook(app.url, { event: 'pull_request', payload, secret: WEBHOOK_SECRET });
};
const pendingOutbox = async () => (await app.ctx.store.db.selectFrom('outbox').select('id').where('state', '=', 'pending').where('destination', '=', 'slack').execute()).length;

describe('the outbox under Slack rate limits, errors and lost answers', () => {
  it('posts each of 200 review requests exactly once and keeps each change\'s messages in order', async () => {
    for (let n = 1; n <= 200; n++) await open(n);
    await app.worker.drain();
    // Slack misbehaves while they go out: rate limits, 5xx, and timeouts after Slack did post.
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, 3);
    slack.failNext('chat.postMessage', { status: 500 }, 5);
    slack.failNext('chat.postMessage', { hang: true, applied: true }, 4);
    slack.failNext('chat.postMessage', { hang: true }, 2);
    await app.dispatcher.drain();
    // Twenty changes go back to draft: each gets an update and a thread notice after its post.
    for (let n = 1; n <= 20; n++) await open(n, 'converted_to_draft', true);
    await app.worker.drain();
    slack.failNext('chat.update', { status: 503 }, 3);
    slack.failNext('chat.postMessage', { hang: true, applied: true }, 2);
    for (let round = 0; round < 40 && (await pendingOutbox()) > 0; round++) {
      app.clock.advance(15 * 60_000);
      await app.dispatcher.drain();
    }
    expect(await pendingOutbox()).toBe(0);
    expect(await app.ctx.store.db.selectFrom('outbox').select('id').where('state', '=', 'parked').execute()).toEqual([]);

    const messages = slack.messages(CHANNEL);
    const perChange = new Map<number, typeof messages>();
    for (const m of messages) {
      const id = m.metadata?.event_payload?.change_id as number;
      perChange.set(id, [...(perChange.get(id) ?? []), m]);
    }
    expect(messages).toHaveLength(200);
    expect([...perChange.values()].every((list) => list.length === 1)).toBe(true);

    const calls = slack.calls();
    // Change ids follow the order deliveries were applied, which Postgres does side by side: look them up by number.
    const drafted = await app.ctx.store.db.selectFrom('changes').select('id').where('number', '<=', 20).execute();
    expect(drafted).toHaveLength(20);
    for (const { id } of drafted) {
      const m = perChange.get(id)![0]!;
      expect(m.replies!.map((r) => r.text).filter((t) => /draft/i.test(t))).toHaveLength(1);
      const postedAt = calls.findIndex((c) => c.method === 'chat.postMessage' && c.args.metadata?.event_payload?.change_id === m.metadata.event_payload.change_id && !c.args.thread_ts);
      const updatedAt = calls.findIndex((c) => c.method === 'chat.update' && c.args.ts === m.ts);
      expect(updatedAt).toBeGreaterThan(postedAt);
    }
  }, 60_000);

  it('does not post again after a crash between Slack posting and the outbox row being marked', async () => {
    await open(1);
    await app.worker.drain();
    await app.dispatcher.drain();
    expect(slack.messages(CHANNEL)).toHaveLength(1);
    // Roll the store back to the moment after Slack answered but before the row was marked done.
    await app.ctx.store.db.deleteFrom('chat_messages').execute();
    await app.ctx.store.db.updateTable('outbox').set({ state: 'pending', delivered_at: null }).where('kind', '=', 'review_request.post').execute();
    app.clock.advance(60_000); // the crashed holder's claim on the row runs out
    await app.dispatcher.drain();
    expect(slack.messages(CHANNEL)).toHaveLength(1);
    const [saved] = await app.ctx.store.db.selectFrom('chat_messages').select('message_ref').execute();
    expect(JSON.parse(saved!.message_ref)).toEqual({ channel: CHANNEL, ts: slack.messages(CHANNEL)[0]!.ts });
  });

  it('retries a 500 that follows rate limits as soon as a first failure, the rate limits adding nothing to its wait', async () => {
    await open(1);
    await app.worker.drain();
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, 3);
    slack.failNext('chat.postMessage', { status: 500 });
    for (let limited = 0; limited < 3; limited++) {
      await app.dispatcher.drain();
      app.clock.advance(1_000); // as Slack asked
    }
    await app.dispatcher.drain(); // the 500
    expect(slack.messages(CHANNEL)).toHaveLength(0);
    // A first failure waits 1–2 s; counted with the rate limits as failures, this one would wait 8–16 s.
    app.clock.advance(2_000);
    await app.dispatcher.drain();
    expect(slack.messages(CHANNEL)).toHaveLength(1);
  });

  it('parks a message for a channel that does not exist, with a reason, and delivers the rest', async () => {
    slack.addChannel({ id: CHANNEL, missing: true });
    await open(1);
    await app.worker.drain();
    await app.dispatcher.drain();
    const row = await app.ctx.store.db.selectFrom('outbox').selectAll().where('kind', '=', 'review_request.post').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'parked', attempts: 1 });
    expect(row.last_error).toContain('channel_not_found');
  });
});
