import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditTrail } from '../../src/app/audit-trail.js';
import { startTestApp, WEBHOOK_SECRET, type TestApp } from '../support/app.js';
import { pullRequestPayload, sendWebhook } from '../support/webhooks.js';

/**
 * Deliveries an attacker (or a broken proxy) can send with a valid signature: the
 * webhook secret proves who sent a delivery, not that its fields are sane. Each case
 * here once froze, poisoned or falsely broke something (issue "Hostile input").
 */
const CONFIG = 'teams: [{ name: core, seniors: [alice, bob] }]\nownership: { fallback_team: core }';
let app: TestApp;

beforeEach(async () => { app = await startTestApp(CONFIG); });
afterEach(() => app.close());

const send = (payload: unknown, event = 'pull_request', deliveryId?: string) =>
  sendWebhook(app.url, { event, payload, secret: WEBHOOK_SECRET, ...(deliveryId ? { deliveryId } : {}) });
const inbox = () => app.ctx.store.db.selectFrom('inbox').select(['delivery_id', 'state', 'attempts', 'last_error']).orderBy('id').execute();
const opened = (over: Parameters<typeof pullRequestPayload>[1] = {}) => pullRequestPayload('opened', { author: 'Copilot', authorType: 'Bot', installationId: null, ...over });

describe('a delivery with impossible types', () => {
  it('never breaks the audit chain: values are hashed as they are stored, and impossible ones refused', async () => {
    // Strings the database changes on the way in (lone surrogates) are made what they will be first.
    const surrogate = opened({ number: 7, repo: 'acme/app\ud800' });
    surrogate.sender = { ...surrogate.sender, login: 'mallory\udc00' };
    expect((await send(surrogate)).status).toBe(202);
    // A numeric head SHA or login would be stored as "123.0" and "42.0": refused, not acted on.
    const numeric = opened({ number: 8 });
    numeric.pull_request.head.sha = 123;
    numeric.sender = { ...numeric.sender, login: 42 };
    expect((await send(numeric)).status).toBe(202);
    await app.worker.drain();

    const changes = await app.ctx.store.db.selectFrom('changes').select(['repo', 'number']).execute();
    expect(changes).toEqual([{ repo: 'acme/app\ufffd', number: 7 }]);
    expect(await verifyAuditTrail(app.ctx.store.db)).toMatchObject({ ok: true });
    const audit = await app.ctx.store.db.selectFrom('audit_events').select(['actor', 'subject']).execute();
    expect(audit.length).toBeGreaterThan(0);
    expect(audit.every((e) => e.subject === 'acme/app\ufffd#7')).toBe(true);
  });

  it('is parked at once with the reason (a GitHub outage is still retried: see pipeline.test.ts)', async () => {
    const bad = opened({ number: 9 });
    bad.pull_request.head.sha = 123;
    const sent = await send(bad);
    await app.worker.drain();
    expect(await inbox()).toEqual([{ delivery_id: sent.deliveryId, state: 'parked', attempts: 1, last_error: expect.stringContaining('pull_request.head.sha') }]);

    const login = opened({ number: 10 });
    login.pull_request.user = { login: { name: 'x' }, type: 'User' };
    await send(login);
    await app.worker.drain();
    expect((await inbox())[1]).toMatchObject({ state: 'parked', attempts: 1, last_error: expect.stringContaining('pull_request.user.login') });
  });
});

describe('a delivery that can never be stored', () => {
  it('is answered 400 saying why, not 503, and leaves no row', async () => {
    const poison = opened();
    poison.repository.full_name = { toString: 'not a function' };
    const first = await send(poison);
    expect(first.status).toBe(400);
    expect(first.body.error).toMatchObject({ code: 'invalid_delivery', message: expect.stringContaining('repository.full_name must be a string') });
    expect((await send(poison, 'pull_request', first.deliveryId)).status).toBe(400);

    const nul = opened({ number: 11 });
    nul.action = 'opened\u0000';
    expect((await send(nul)).body.error.message).toContain('action must be an action name');
    const number = opened();
    number.pull_request.number = 'eleven';
    expect((await send(number)).body.error.message).toContain('pull_request.number must be a positive whole number');
    expect((await send(opened(), 'Pull-Request')).body.error.message).toContain('X-GitHub-Event must be an event name');
    expect(await inbox()).toEqual([]);
  });

  it('does not fail the deliveries committed with it', async () => {
    const deliveries = Array.from({ length: 10 }, (_, i) => {
      const payload = opened({ number: 100 + i });
      if (i === 4) payload.action = 'opened\u0000';
      return payload;
    });
    // Sent together, they are written in one group commit (PostgreSQL aborts a transaction on a NUL).
    const answers = await Promise.all(deliveries.map((p) => send(p)));
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 400, 202, 202, 202, 202, 202]);
    expect(await inbox()).toHaveLength(9);
  });
});

describe('a body longer than GitHub allows', () => {
  it('is read up to the limit, and the change keeps what was not read to show beside the evidence', async () => {
    const long = opened({ number: 11 });
    long.pull_request.body = 'Plain words. '.repeat(6_000);
    expect((await send(long)).status).toBe(202);
    await app.worker.drain();
    const row = await app.ctx.store.db.selectFrom('changes').select(['detection_cut']).where('number', '=', 11).executeTakeFirstOrThrow();
    expect(JSON.parse(row.detection_cut)).toEqual(['the pull request body after 65,536 characters']);
  });
});
