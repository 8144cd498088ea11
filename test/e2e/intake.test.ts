import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { startTestApp, WEBHOOK_SECRET, type TestApp } from '../support/app.js';
import { examplePayload, pullRequestPayload, sendWebhook } from '../support/webhooks.js';

let app: TestApp;
const inboxRows = async () => (await sql<{ n: number }>`select count(*) as n from inbox`.execute(app.ctx.store.db)).rows[0]!.n;

describe('POST /github/webhooks', () => {
  beforeEach(async () => { app = await startTestApp('', { GITHUB_WEBHOOK_SECRET_PREVIOUS: 'the-old-secret' }); });
  afterEach(async () => { await app.close(); });

  it('stores a real, correctly signed delivery and acknowledges it with 202', async () => {
    const sent = await sendWebhook(app.url, { event: 'pull_request', payload: pullRequestPayload('opened'), secret: WEBHOOK_SECRET });
    expect(sent.status).toBe(202);
    expect(sent.body).toEqual({ ok: true, delivery: sent.deliveryId, result: 'stored' });
    const row = await app.ctx.store.db.selectFrom('inbox').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ delivery_id: sent.deliveryId, event: 'pull_request', action: 'opened', order_key: 'Codertocat/Hello-World#2', state: 'pending' });
  });

  it('stores a redelivery of the same id once and still answers 2xx', async () => {
    const payload = pullRequestPayload('opened');
    const first = await sendWebhook(app.url, { event: 'pull_request', payload, secret: WEBHOOK_SECRET });
    const again = await sendWebhook(app.url, { event: 'pull_request', payload, secret: WEBHOOK_SECRET, deliveryId: first.deliveryId });
    expect(again.status).toBe(200);
    expect(again.body.result).toBe('duplicate');
    expect(await inboxRows()).toBe(1);
  });

  it('accepts the previous secret while a rotation is under way', async () => {
    const sent = await sendWebhook(app.url, { event: 'pull_request', payload: pullRequestPayload('opened'), secret: 'the-old-secret' });
    expect(sent.status).toBe(202);
  });

  it('accepts every kind of real event, including ones it ignores', async () => {
    for (const [event, action] of [['pull_request_review', 'submitted'], ['installation', 'created'], ['push', undefined], ['issues', 'opened']] as const) {
      const sent = await sendWebhook(app.url, { event, payload: examplePayload(event, action), secret: WEBHOOK_SECRET });
      expect(sent.status, event).toBe(202);
    }
    expect(await inboxRows()).toBe(4);
  });

  const rejections: { name: string; send: () => Promise<{ status: number; body: any }>; status: number; code: string }[] = [
    {
      name: 'a forged signature',
      send: () => sendWebhook(app.url, { event: 'pull_request', payload: pullRequestPayload('opened'), secret: 'not-the-secret' }),
      status: 401, code: 'signature_mismatch',
    },
    {
      name: 'a missing signature',
      send: () => sendWebhook(app.url, { event: 'pull_request', payload: pullRequestPayload('opened'), secret: WEBHOOK_SECRET, headers: { 'x-hub-signature-256': null } }),
      status: 401, code: 'signature_missing',
    },
    {
      name: 'a signature over a different body',
      send: async () => {
        const signedFor = JSON.stringify(pullRequestPayload('opened'));
        const { Webhooks } = await import('@octokit/webhooks');
        const signature = await new Webhooks({ secret: WEBHOOK_SECRET }).sign(signedFor);
        return sendWebhook(app.url, { event: 'pull_request', payload: pullRequestPayload('closed'), secret: WEBHOOK_SECRET, headers: { 'x-hub-signature-256': signature } });
      },
      status: 401, code: 'signature_mismatch',
    },
    {
      name: 'a form-encoded body',
      send: () => sendWebhook(app.url, { event: 'pull_request', payload: {}, rawBody: 'payload=%7B%7D', secret: WEBHOOK_SECRET, headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      status: 415, code: 'unsupported_media_type',
    },
    {
      name: 'malformed JSON with a valid signature',
      send: () => sendWebhook(app.url, { event: 'pull_request', payload: null, rawBody: '{"action": "opened", ', secret: WEBHOOK_SECRET }),
      status: 400, code: 'malformed_json',
    },
    {
      name: 'a body over 25 MB',
      send: () => sendWebhook(app.url, { event: 'pull_request', payload: null, rawBody: `{"pad":"${'x'.repeat(25 * 1024 * 1024)}"}`, secret: WEBHOOK_SECRET }),
      status: 413, code: 'payload_too_large',
    },
    {
      name: 'a missing delivery id',
      send: () => sendWebhook(app.url, { event: 'pull_request', payload: pullRequestPayload('opened'), secret: WEBHOOK_SECRET, headers: { 'x-github-delivery': null } }),
      status: 400, code: 'missing_headers',
    },
  ];

  for (const c of rejections) {
    it(`rejects ${c.name} with ${c.status}, a JSON error, and stores nothing`, async () => {
      const response = await c.send();
      expect(response.status).toBe(c.status);
      expect(response.body.error.code).toBe(c.code);
      expect(response.body.error.message).toEqual(expect.any(String));
      expect(await inboxRows()).toBe(0);
    });
  }

  it('answers health and readiness', async () => {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${app.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ ready: true, database: 'reachable', pending_migrations: [] });
    expect((await fetch(`${app.url}/nowhere`)).status).toBe(404);
    expect((await fetch(`${app.url}/github/webhooks`)).status).toBe(405);
  });
});

describe('GET /metrics', () => {
  beforeEach(async () => { app = await startTestApp(); });
  afterEach(async () => { await app.close(); });

  it('counts deliveries by outcome, times the intake, and reads backlogs from the database', async () => {
    await sendWebhook(app.url, { event: 'pull_request', payload: pullRequestPayload('opened'), secret: WEBHOOK_SECRET });
    await sendWebhook(app.url, { event: 'pull_request', payload: pullRequestPayload('opened'), secret: 'forged' });
    const text = await (await fetch(`${app.url}/metrics`)).text();
    expect(text).toMatch(/countersign_webhook_deliveries_total\{outcome="stored"\} 1/);
    expect(text).toMatch(/countersign_webhook_deliveries_total\{outcome="rejected"\} 1/);
    expect(text).toMatch(/countersign_webhook_intake_seconds_count 2/);
    expect(text).toMatch(/countersign_inbox_depth\{state="pending"\} 1/);
    expect(text).toMatch(/countersign_decisions_total\{action="approved"\} 0/);
  });

  it('names the process metrics as Prometheus does, under one countersign_ prefix', async () => {
    const text = await (await fetch(`${app.url}/metrics`)).text();
    expect(text).toMatch(/^countersign_process_cpu_seconds_total \d/m);
    expect(text).toMatch(/^countersign_nodejs_heap_size_used_bytes \d/m);
    // Sampled ten times a second rather than a hundred, but still reported.
    expect(text).toMatch(/^countersign_nodejs_eventloop_lag_p99_seconds \d/m);
    expect(text).not.toMatch(/countersign_process_process_|countersign_process_nodejs_/);
  });
});
