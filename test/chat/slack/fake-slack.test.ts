/**
 * The Slack fakes against the real libraries: @slack/web-api 8's WebClient talks to the
 * fake Web API, and Bolt 5.1's HTTPReceiver (on a real socket) takes the signed requests.
 * If these pass, an end-to-end test built on the fakes sees what production would.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel, type BlockAction, type ButtonAction } from '@slack/bolt';
import { ErrorCode, WebClient, type WebAPIHTTPError, type WebAPIPlatformError, type WebAPIRateLimitedError, type WebAPIRequestError } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SLACK_DEFAULTS, startFakeSlack, type FakeSlack } from '../../support/fake-slack.js';
import {
  SLACK_SIGNING_SECRET, appHomeOpenedEvent, blockActionRequest, eventRequest, sendToSlackEndpoint, slashCommandRequest,
  urlVerificationRequest, viewSubmissionRequest,
} from '../../support/slack-requests.js';

const CHANNEL = 'C0REVIEWS1';
const ALICE = { id: 'U0ALICE001', name: 'alice' };

let fake: FakeSlack;
beforeEach(async () => {
  fake = await startFakeSlack();
  fake.addUser({ ...ALICE, email: 'alice@example.com' });
  fake.addChannel({ id: CHANNEL, name: 'reviews' });
});
afterEach(async () => {
  await fake.close();
});

const clientFor = (options: ConstructorParameters<typeof WebClient>[1] = {}, token: string | null = 'xoxb-test') =>
  new WebClient(token ?? undefined, { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logLevel: LogLevel.ERROR, ...options });

async function rejection<E = any>(promise: Promise<unknown>): Promise<E> {
  try {
    await promise;
  } catch (e) {
    return e as E;
  }
  throw new Error('expected a rejection');
}

describe('fake Slack Web API, through the real WebClient', () => {
  it('answers auth.test with the bot identity and records the call as sent', async () => {
    const result = await clientFor().auth.test();
    expect(result).toMatchObject({ ok: true, team_id: SLACK_DEFAULTS.teamId, user_id: fake.botUserId, bot_id: fake.botId });
    const [call] = fake.calls('auth.test');
    expect(call?.headers.authorization).toBe('Bearer xoxb-test');
    expect(call?.headers['content-type']).toBe('application/x-www-form-urlencoded');
  });

  it('posts, decodes nested JSON fields, and shows updates and thread replies as a user sees them', async () => {
    const client = clientFor();
    const blocks = [{ type: 'section', block_id: 's1', text: { type: 'mrkdwn', text: '*PR #12* needs a sign-off' } }];
    const metadata = { event_type: 'countersign_request', event_payload: { pr: 12 } };
    const posted = await client.chat.postMessage({ channel: CHANNEL, text: 'PR #12 needs a sign-off', blocks, metadata });
    expect(posted).toMatchObject({ ok: true, channel: CHANNEL, message: { text: 'PR #12 needs a sign-off', blocks, bot_id: fake.botId } });
    expect(posted.ts).toMatch(/^\d{10}\.\d{6}$/);
    expect(fake.calls('chat.postMessage')[0]?.args).toMatchObject({ channel: CHANNEL, blocks, metadata });

    const reply = await client.chat.postMessage({ channel: CHANNEL, thread_ts: posted.ts!, text: 'Assigned to <@U0ALICE001>' });
    expect(Number(reply.ts)).toBeGreaterThan(Number(posted.ts));
    expect(reply.message).toMatchObject({ thread_ts: posted.ts, parent_user_id: fake.botUserId });

    await client.chat.update({ channel: CHANNEL, ts: posted.ts!, text: 'PR #12 signed off' });
    const [message, ...others] = fake.messages(CHANNEL);
    expect(others).toEqual([]);
    expect(message).toMatchObject({ ts: posted.ts, text: 'PR #12 signed off', blocks, reply_count: 1, edited: { user: fake.botUserId } });
    expect(message?.replies?.map((r) => r.text)).toEqual(['Assigned to <@U0ALICE001>']);
  });

  it('accepts JSON bodies with a bearer token, as Slack does', async () => {
    const res = await fetch(`${fake.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-test', 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: CHANNEL, text: 'hi', blocks: [{ type: 'divider' }] }),
    });
    expect(await res.json()).toMatchObject({ ok: true, channel: CHANNEL });
    expect(fake.messages(CHANNEL)[0]?.blocks).toEqual([{ type: 'divider' }]);
  });

  it('posts to a user id in the bot DM and keeps ephemerals out of the channel', async () => {
    const client = clientFor();
    const dm = await client.chat.postMessage({ channel: ALICE.id, text: 'Your sign-off is needed' });
    expect(dm.channel).toMatch(/^D/);
    expect(fake.messages(ALICE.id).map((m) => m.text)).toEqual(['Your sign-off is needed']);

    const eph = await client.chat.postEphemeral({ channel: CHANNEL, user: ALICE.id, text: 'Only you can see this' });
    expect(eph.message_ts).toMatch(/^\d+\.\d+$/);
    expect(fake.ephemerals(CHANNEL)).toMatchObject([{ user: ALICE.id, text: 'Only you can see this' }]);
    expect(fake.messages(CHANNEL)).toEqual([]);
    const error = await rejection<WebAPIPlatformError>(client.chat.update({ channel: CHANNEL, ts: eph.message_ts!, text: 'x' }));
    expect(error.data.error).toBe('message_not_found');
  });

  it('opens, updates and publishes views; a trigger id works once and can expire', async () => {
    const client = clientFor();
    const modal = { type: 'modal' as const, callback_id: 'signoff_modal', private_metadata: '{"pr":12}', title: { type: 'plain_text' as const, text: 'Sign off' }, blocks: [] };
    const opened = await client.views.open({ trigger_id: '111.222.abc', view: modal });
    expect(opened.view).toMatchObject({ id: expect.stringMatching(/^V/), callback_id: 'signoff_modal', private_metadata: '{"pr":12}', state: { values: {} } });
    expect(fake.calls('views.open')[0]?.args.view).toEqual(modal);

    const updated = await client.views.update({ view_id: opened.view!.id!, hash: opened.view!.hash!, view: { ...modal, private_metadata: '{"pr":13}' } });
    expect(updated.view?.id).toBe(opened.view?.id);
    expect(fake.view(opened.view!.id!)?.private_metadata).toBe('{"pr":13}');
    const stale = await rejection<WebAPIPlatformError>(client.views.update({ view_id: opened.view!.id!, hash: opened.view!.hash!, view: modal }));
    expect(stale.data.error).toBe('hash_conflict');

    expect((await rejection<WebAPIPlatformError>(client.views.open({ trigger_id: '111.222.abc', view: modal }))).data.error).toBe('exchanged_trigger_id');
    fake.expireTrigger('333.444.def');
    expect((await rejection<WebAPIPlatformError>(client.views.open({ trigger_id: '333.444.def', view: modal }))).data.error).toBe('expired_trigger_id');

    await client.views.publish({ user_id: ALICE.id, view: { type: 'home', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*Queue*' } }] } });
    expect(fake.home(ALICE.id)?.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: '*Queue*' } }]);
    expect(fake.views().map((v) => v.id)).toEqual([opened.view?.id]);
  });

  it('looks up users and channels, with Slack error codes', async () => {
    const client = clientFor();
    expect((await client.users.info({ user: ALICE.id })).user).toMatchObject({ id: ALICE.id, name: 'alice', is_bot: false, profile: { email: 'alice@example.com' } });
    expect((await client.users.lookupByEmail({ email: 'ALICE@example.com' })).user?.id).toBe(ALICE.id);
    expect((await rejection<WebAPIPlatformError>(client.users.info({ user: 'U0NOBODY01' }))).data.error).toBe('user_not_found');
    expect((await rejection<WebAPIPlatformError>(client.users.lookupByEmail({ email: 'x@example.com' }))).data.error).toBe('users_not_found');
    expect((await client.conversations.info({ channel: CHANNEL })).channel).toMatchObject({ id: CHANNEL, name: 'reviews', is_member: true });
  });

  it('refuses missing channels, channels without the bot, unknown methods and bad tokens', async () => {
    fake.addChannel({ id: 'C0GONE0001', missing: true });
    fake.addChannel({ id: 'C0OUTSIDE1', name: 'random', member: false });
    const client = clientFor();
    const gone = await rejection<WebAPIPlatformError>(client.chat.postMessage({ channel: 'C0GONE0001', text: 'x' }));
    expect(gone.code).toBe(ErrorCode.PlatformError);
    expect(gone.data.error).toBe('channel_not_found');
    expect((await rejection<WebAPIPlatformError>(client.chat.postMessage({ channel: 'C0OUTSIDE1', text: 'x' }))).data.error).toBe('not_in_channel');
    expect((await rejection<WebAPIPlatformError>(client.chat.update({ channel: CHANNEL, ts: '1.000001', text: 'x' }))).data.error).toBe('message_not_found');
    expect((await rejection<WebAPIPlatformError>(client.apiCall('chat.teleport'))).data.error).toBe('unknown_method');
    expect((await rejection<WebAPIPlatformError>(clientFor({}, null).auth.test())).data.error).toBe('not_authed');
    expect((await rejection<WebAPIPlatformError>(clientFor({}, 'xoxp-user-token').auth.test())).data.error).toBe('invalid_auth');
  });

  it('surfaces injected failures the way the client reports them', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    const limited = await rejection<WebAPIRateLimitedError>(clientFor({ rejectRateLimitedCalls: true }).chat.postMessage({ channel: CHANNEL, text: 'x' }));
    expect(limited.code).toBe(ErrorCode.RateLimitedError);
    expect(limited.retryAfter).toBe(7);

    fake.failNext('chat.postMessage', { status: 500 });
    const broken = await rejection<WebAPIHTTPError>(clientFor().chat.postMessage({ channel: CHANNEL, text: 'x' }));
    expect(broken.code).toBe(ErrorCode.HTTPError);
    expect(broken.statusCode).toBe(500);

    fake.failNext('chat.postMessage', { error: 'fatal_error' });
    expect((await rejection<WebAPIPlatformError>(clientFor().chat.postMessage({ channel: CHANNEL, text: 'x' }))).data.error).toBe('fatal_error');

    fake.failNext('chat.postMessage', { hang: true });
    const started = Date.now();
    const timedOut = await rejection<WebAPIRequestError>(clientFor({ timeout: 200 }).chat.postMessage({ channel: CHANNEL, text: 'x' }));
    expect(timedOut.code).toBe(ErrorCode.RequestError);
    expect(timedOut.original.name).toBe('TimeoutError');
    expect(Date.now() - started).toBeLessThan(2000);

    expect(fake.calls('chat.postMessage')).toHaveLength(4);
    expect(fake.messages(CHANNEL)).toEqual([]);
  });

  it('without rejectRateLimitedCalls, the client waits Retry-After and retries', async () => {
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 }, 1);
    const client = clientFor({ retryConfig: { retries: 1, minTimeout: 0, maxTimeout: 0 } });
    await client.chat.postMessage({ channel: CHANNEL, text: 'after the limit' });
    const [first, second] = fake.calls('chat.postMessage');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
    expect(fake.messages(CHANNEL).map((m) => m.text)).toEqual(['after the limit']);
  });

  it('records response_url posts', async () => {
    const url = fake.responseUrl('r1');
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 'done', replace_original: true }) });
    expect(res.status).toBe(200);
    expect(fake.responses('r1')).toMatchObject([{ id: 'r1', body: { text: 'done', replace_original: true } }]);
  });
});

describe('signed Slack requests, through the real Bolt HTTPReceiver', () => {
  let app: App;
  let base: string;
  const seen: Record<string, any[]> = {};
  const saw = (kind: string, value: unknown) => (seen[kind] ??= []).push(value);

  beforeEach(async () => {
    for (const key of Object.keys(seen)) delete seen[key];
    // Bolt calls auth.test in the constructor (token verification), so the fake must already run.
    app = new App({
      token: 'xoxb-test',
      receiver: new HTTPReceiver({ signingSecret: SLACK_SIGNING_SECRET, logLevel: LogLevel.ERROR, unhandledRequestTimeoutMillis: 300 }),
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } },
    });
    app.action<BlockAction<ButtonAction>>('approve', async ({ ack, action, body, client, respond, context }) => {
      await ack();
      saw('action', { value: action.value, user: body.user.id, botUserId: context.botUserId });
      await client.chat.update({ channel: body.channel!.id, ts: body.message!.ts, text: `Approved by <@${body.user.id}>` });
      await respond({ response_type: 'ephemeral', text: 'Thanks!' });
    });
    app.action('never_acked', async () => {});
    app.command('/signoff', async ({ ack, command }) => {
      if (command.text === 'json') return ack({ response_type: 'ephemeral', text: `Queue for ${command.user_name}` });
      await ack(`pong ${command.text}`);
    });
    app.view('signoff_modal', async ({ ack, view, body }) => {
      const reason = view.state.values.reason?.value?.value ?? '';
      const checks = view.state.values.checks?.ack?.selected_options?.map((o) => o.value) ?? [];
      saw('view', { reason, checks, metadata: view.private_metadata, user: body.user.id });
      if (!reason) return ack({ response_action: 'errors', errors: { reason: 'Say why' } });
      await ack();
    });
    app.event('app_home_opened', async ({ event, client, context }) => {
      saw('home', { user: event.user, retryNum: context.retryNum });
      await client.views.publish({ user_id: event.user, view: { type: 'home', blocks: [] } });
    });
    const server = (await app.start(0)) as Server;
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterEach(async () => {
    await app.stop();
  });

  const eventually = async (check: () => void) => {
    for (let i = 0; ; i++) {
      try {
        return check();
      } catch (e) {
        if (i > 100) throw e;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  };

  it('acks a signed block action with 200, and its client and respond() reach the fake', async () => {
    const posted = await clientFor().chat.postMessage({ channel: CHANNEL, text: 'PR #12 needs a sign-off' });
    const res = await sendToSlackEndpoint(base, blockActionRequest({
      user: ALICE, channel: { id: CHANNEL, name: 'reviews' }, messageTs: posted.ts!, actionId: 'approve', value: 'pr-12',
      responseUrl: fake.responseUrl('act1'),
    }));
    expect(res).toEqual({ status: 200, text: '' });
    await eventually(() => expect(fake.responses('act1')).toHaveLength(1));
    expect(seen.action).toEqual([{ value: 'pr-12', user: ALICE.id, botUserId: fake.botUserId }]);
    expect(fake.messages(CHANNEL)[0]?.text).toBe('Approved by <@U0ALICE001>');
    expect(fake.responses('act1')[0]?.body).toEqual({ response_type: 'ephemeral', text: 'Thanks!' });
    expect(fake.calls('auth.test')).toHaveLength(1);
  });

  it('returns what a slash command acks with, as text or JSON', async () => {
    const request = (text: string) => slashCommandRequest({ user: ALICE, channel: CHANNEL, text, responseUrl: fake.responseUrl() });
    expect(await sendToSlackEndpoint(base, request('hello world'))).toEqual({ status: 200, text: 'pong hello world' });
    const json = await sendToSlackEndpoint(base, request('json'));
    expect(json.json).toEqual({ response_type: 'ephemeral', text: 'Queue for alice' });
  });

  it('hands view submissions over with state values shaped as Slack shapes them', async () => {
    const submit = (reason: string | null) => viewSubmissionRequest({
      user: ALICE, callbackId: 'signoff_modal', privateMetadata: '{"pr":12}',
      values: { reason: { value: reason }, checks: { ack: ['tests', { value: 'risk', text: 'I read the risky files' }] } },
    });
    const errors = await sendToSlackEndpoint(base, submit(null));
    expect(errors).toMatchObject({ status: 200, json: { response_action: 'errors', errors: { reason: 'Say why' } } });
    expect(await sendToSlackEndpoint(base, submit('LGTM'))).toEqual({ status: 200, text: '' });
    expect(seen.view).toEqual([
      { reason: '', checks: ['tests', 'risk'], metadata: '{"pr":12}', user: ALICE.id },
      { reason: 'LGTM', checks: ['tests', 'risk'], metadata: '{"pr":12}', user: ALICE.id },
    ]);
  });

  it('acks events itself and passes Slack retry headers on as context.retryNum', async () => {
    const res = await sendToSlackEndpoint(base, eventRequest(appHomeOpenedEvent(ALICE.id), { eventId: 'Ev1', retryNum: 1, retryReason: 'http_timeout' }));
    expect(res.status).toBe(200);
    await eventually(() => expect(fake.home(ALICE.id)).toBeDefined());
    expect(seen.home).toEqual([{ user: ALICE.id, retryNum: 1 }]);
  });

  it('answers the url_verification handshake', async () => {
    expect((await sendToSlackEndpoint(base, urlVerificationRequest('chal-123'))).json).toEqual({ challenge: 'chal-123' });
  });

  it('rejects a wrong signature or a stale timestamp with 401, but not a future one', async () => {
    const action = (extra: { signingSecret?: string; timestamp?: number }) =>
      blockActionRequest({ user: ALICE, channel: CHANNEL, messageTs: '1700000000.000100', actionId: 'approve', value: 'x', ...extra });
    const now = Math.floor(Date.now() / 1000);
    expect((await sendToSlackEndpoint(base, action({ signingSecret: 'not-the-secret' }))).status).toBe(401);
    expect((await sendToSlackEndpoint(base, action({ timestamp: now - 6 * 60 }))).status).toBe(401);
    expect((await sendToSlackEndpoint(base, slashCommandRequest({ user: ALICE, channel: CHANNEL, text: 'x', timestamp: now + 3600 }))).status).toBe(200);
    const unsigned = slashCommandRequest({ user: ALICE, channel: CHANNEL });
    delete unsigned.headers['x-slack-signature'];
    expect((await sendToSlackEndpoint(base, unsigned)).status).toBe(401);
    expect(seen.action).toBeUndefined();
  });

  it('answers 400 when the form content type carries a charset (Bolt compares it exactly)', async () => {
    const request = slashCommandRequest({ user: ALICE, channel: CHANNEL, text: 'x' });
    request.headers['content-type'] = 'application/x-www-form-urlencoded; charset=utf-8';
    expect((await sendToSlackEndpoint(base, request)).status).toBe(400);
  });

  it('answers 404 when a listener never acks (after unhandledRequestTimeoutMillis)', async () => {
    const res = await sendToSlackEndpoint(base, blockActionRequest({ user: ALICE, channel: CHANNEL, messageTs: '1700000000.000100', actionId: 'never_acked' }));
    expect(res.status).toBe(404);
  });
});
