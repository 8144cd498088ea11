import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { outboxMessagesFor } from '../../src/app/effects.js';
import { parseConfig } from '../../src/config/load.js';
import { playgroundMode } from '../../src/config/playground.js';
import { startTestApp, WEBHOOK_SECRET, type TestApp } from '../support/app.js';
import { startFakeSlack } from '../support/fake-slack.js';
import { getPage, openPlayground, PLAYGROUND_CONFIG as CONFIG, PLAYGROUND_REPO as REPO, postForm, rawGet, textOf, type PlaygroundBrowser } from '../support/playground.js';
import { pullRequestPayload, sendWebhook } from '../support/webhooks.js';

const HOSTILE_TITLE = 'Refunds <img src=x onerror="alert(1)"> & "quotes"';

let app: TestApp;
let browser: PlaygroundBrowser;

async function openRequest(number = 2, changes: Parameters<typeof pullRequestPayload>[1] = {}) {
  const payload = pullRequestPayload('opened', { repo: REPO, number, author: 'dana', title: HOSTILE_TITLE, body: 'Adds refunds.\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)', ...changes });
  const res = await sendWebhook(app.url, { event: 'pull_request', payload, secret: WEBHOOK_SECRET });
  expect(res.status).toBe(202);
  await app.worker.drain();
  await app.dispatcher.drain();
  return app.ctx.store.db.selectFrom('changes').selectAll().where('number', '=', number).executeTakeFirstOrThrow();
}

const allStatements = () => app.ctx.config.signoff.attestations.map((_, i) => i);
const signoffFields = (token: string, as: string, change: { id: number; head_sha: string }, ticked = allStatements()): [string, string][] => [
  ['csrf', token], ['as', as], ['channel', 'payments'], ['change', String(change.id)], ['head', change.head_sha], ['form', randomUUID()], ['decision', 'approve'],
  ...ticked.map((i): [string, string] => ['attest', String(i)]), ['note', 'Read every line of the refund path.'],
];

/** Sign off (or try to) through the page's form as `as`, ticking `ticked` statements (all by default). */
async function signOffAs(as: string, change: { id: number; head_sha: string }, ticked?: number[]) {
  return browser.post('/playground/act', signoffFields(await browser.formToken({ channel: 'payments', as }), as, change, ticked));
}

const signoffs = () => app.ctx.store.db.selectFrom('signoffs').selectAll().execute();
const auditCount = async () => (await app.ctx.store.db.selectFrom('audit_events').select('seq').execute()).length;

describe('the local playground', () => {
  beforeEach(async () => {
    app = await startTestApp(CONFIG);
    browser = await openPlayground(app.playgroundUrl);
  });
  afterEach(async () => { await app.close(); });

  it('shows a team channel with the review request, its evidence, and the user text inert', async () => {
    await openRequest(2, { branch: 'claude/<b>bold</b>' });
    const page = await browser.get({ channel: 'payments', as: 'alice' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.html).not.toContain('<img src=x');
    expect(page.html).not.toContain('<b>bold</b>');
    expect(page.html).toContain('Refunds &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &quot;quotes&quot;');
    const text = textOf(page.html);
    expect(text).toContain('Awaiting sign-off');
    expect(text).toContain('0 of 1 sign-offs');
    expect(text).toContain('Claude Code');
    expect(text).toContain('May sign alice, bob');
    expect(page.html).toMatch(/<option value="alice" selected>alice \(senior in payments\)<\/option>/);
  });

  it('says what its channel counts count, and has a tab icon (no 404 for /favicon.ico)', async () => {
    await openRequest(2);
    const text = textOf((await browser.get({ channel: 'payments', as: 'alice' })).html);
    expect(text).toMatch(/#payments 2 messages Direct messages @alice 1 message\b/);
    expect(text).not.toMatch(/#payments \(\d+\)/);
    const icon = await fetch(`${app.url}/favicon.ico`, { headers: { cookie: browser.cookie } });
    expect(icon.status).toBe(200);
    expect(icon.headers.get('content-type')).toBe('image/svg+xml');
    expect(await icon.text()).toMatch(/^<svg /);
  });

  it('asks for its access token, and trades it once for a cookie', async () => {
    expect((await getPage(app.url)).status).toBe(401);
    expect((await getPage(app.url, { token: 'wrong' })).status).toBe(401);
    expect((await getPage(app.url, {}, { cookie: 'countersign_playground=%E0%A4%A' })).status).toBe(401);
    const traded = await getPage(app.url, { token: new URL(app.playgroundUrl!).searchParams.get('token')!, channel: 'payments' });
    expect(traded.status).toBe(303);
    expect(traded.headers.get('location')).toBe('/?channel=payments');
    expect(traded.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict; Path=\//);
    expect((await browser.get()).status).toBe(200);
  });

  it('records a sign-off from the attestation form; the request and its thread update', async () => {
    const change = await openRequest();
    const res = await signOffAs('alice', change);
    expect(res.status).toBe(303);
    expect(await browser.follow(res.location)).toContain(`Recorded: you signed off ${REPO}#2 at ${change.head_sha.slice(0, 7)} (1 of 1 sign-offs)`);

    expect(await signoffs()).toMatchObject([{ reviewer: 'alice', decision: 'approve', head_sha: change.head_sha, source: 'local', note: 'Read every line of the refund path.' }]);
    const audit = await app.ctx.store.db.selectFrom('audit_events').select(['action', 'actor', 'details']).orderBy('seq').execute();
    const signed = audit.find((e) => e.action === 'signed_off')!;
    expect(signed.actor).toBe('alice');
    expect(JSON.parse(signed.details)).toMatchObject({ platform: 'local', platform_user: 'alice' });

    await app.dispatcher.drain();
    const after = textOf((await browser.get({ channel: 'payments', as: 'alice' })).html);
    expect(after).toContain('Signed off');
    expect(after).toContain('1 of 1 sign-offs');
    expect(after).toContain(`alice signed off at ${change.head_sha.slice(0, 7)}`);
    expect(after).not.toContain('Sign off at');
    // The answer stays through the page's redraws.
    expect(await browser.follow(res.location)).toContain('Recorded: you signed off');
  });

  it('refuses a sign-off with a statement left unticked, and records nothing', async () => {
    const change = await openRequest();
    const res = await signOffAs('alice', change, [0]);
    expect(await browser.follow(res.location)).toContain('Tick every statement to sign off');
    expect(await signoffs()).toEqual([]);
  });

  it('refuses a person who may not sign, says why, and audits the refusal', async () => {
    const change = await openRequest();
    const res = await signOffAs('dana', change);
    expect(await browser.follow(res.location)).toMatch(/dana|author|may not|cannot/i);
    expect(await signoffs()).toEqual([]);
    const actions = (await app.ctx.store.db.selectFrom('audit_events').select('action').execute()).map((e) => e.action);
    expect(actions).toContain('signoff_refused');
  });

  it('refuses someone who is not a configured person before anything is written', async () => {
    const change = await openRequest();
    const before = await auditCount();
    const res = await browser.post('/playground/act', signoffFields(await browser.formToken(), 'mallory', change));
    expect(res.status).toBe(400);
    expect(res.body).toContain('"mallory" is not a configured person');
    const long = await browser.post('/playground/act', [...signoffFields(await browser.formToken(), 'alice', change).filter(([k]) => k !== 'note'), ['note', 'x'.repeat(3001)]]);
    expect(long.status).toBe(400);
    expect(await auditCount()).toBe(before);
    expect(await signoffs()).toEqual([]);
  });

  it('refuses a sign-off made on a head that has since moved', async () => {
    const change = await openRequest();
    const res = await signOffAs('alice', { id: change.id, head_sha: 'f'.repeat(40) });
    expect(await browser.follow(res.location)).toMatch(/commit|head|pushed/i);
    expect(await signoffs()).toEqual([]);
  });

  it('claims from the button and answers commands typed in the box', async () => {
    const change = await openRequest();
    const token = await browser.formToken({ channel: 'payments', as: 'bob' });
    const claim = await browser.post('/playground/act', [['csrf', token], ['as', 'bob'], ['channel', 'payments'], ['change', String(change.id)], ['head', change.head_sha], ['decision', 'claim']]);
    expect(claim.status).toBe(303);
    await app.dispatcher.drain();
    expect(textOf((await browser.get({ channel: 'payments', as: 'bob' })).html)).toContain('bob is reviewing this (claimed)');

    const pending = await browser.post('/playground/command', [['csrf', token], ['as', 'bob'], ['channel', 'payments'], ['text', 'pending']]);
    expect(await browser.follow(pending.location)).toContain(`${REPO}#2`);
    const help = await browser.post('/playground/command', [['csrf', token], ['as', 'bob'], ['channel', 'payments'], ['text', 'nonsense words']]);
    expect(await browser.follow(help.location)).toMatch(/help|unknown|Try/i);
  });

  it('puts direct messages in the person\'s own conversation', async () => {
    await openRequest();
    const rows = await app.ctx.store.db.selectFrom('local_messages').select(['conversation', 'kind']).execute();
    const dms = rows.filter((r) => r.conversation.startsWith('@'));
    expect(dms).toEqual([{ conversation: expect.stringMatching(/^@(alice|bob)$/), kind: 'alert' }]);
    const who = dms[0]!.conversation.slice(1);
    expect(textOf((await browser.get({ channel: `@${who}`, as: who })).html)).toContain('You are asked to sign off');
  });

  it('refuses forms that did not come from its page, and changes nothing', async () => {
    const change = await openRequest();
    const before = await auditCount();
    const fields = signoffFields('forged', 'alice', change);
    expect((await browser.post('/playground/act', fields.filter(([k]) => k !== 'csrf'))).status).toBe(403);
    expect((await browser.post('/playground/act', fields)).status).toBe(403);
    const genuine = signoffFields(await browser.formToken(), 'alice', change);
    expect((await browser.post('/playground/act', genuine, { origin: 'https://evil.example' })).status).toBe(403);
    // Without the cookie, even a genuine form is turned away.
    expect((await postForm(app.url, '/playground/act', genuine)).status).toBe(401);
    expect(await auditCount()).toBe(before);
    expect(await signoffs()).toEqual([]);
  });

  it('answers only requests that name this machine and did not come through a proxy', async () => {
    const { cookie } = browser;
    expect((await rawGet(app.url, '/', { host: 'evil.example', cookie })).status).toBe(403);
    expect((await rawGet(app.url, '/', { host: new URL(app.url).host, 'x-forwarded-for': '203.0.113.9', cookie })).status).toBe(403);
    expect((await rawGet(app.url, '/', { host: `localhost:${new URL(app.url).port}`, cookie })).status).toBe(200);
  });
});

describe('the playground beyond loopback', () => {
  const TOKEN = 'a-long-playground-access-token-0123456789';
  afterEach(async () => { await app.close(); });

  it('needs the configured access token; a browser holding it can act', async () => {
    app = await startTestApp(`server: { host: 0.0.0.0 }\nplayground: { allow_remote: true }\n${CONFIG}`, { COUNTERSIGN_PLAYGROUND_TOKEN: TOKEN });
    const base = app.url.replace('0.0.0.0', '127.0.0.1');
    expect((await getPage(base)).status).toBe(401);
    expect((await getPage(base, {}, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    browser = await openPlayground(`${base}/?token=${TOKEN}`);
    const change = await openRequest();
    const res = await browser.post('/playground/act', signoffFields(await browser.formToken(), 'alice', change));
    expect(res.status).toBe(303);
    expect(await signoffs()).toHaveLength(1);
  });

  it('is off on a public address unless allowed, and a config asking for it there without a token is refused', async () => {
    app = await startTestApp(`server: { host: 0.0.0.0 }\n${CONFIG}`);
    expect(app.playgroundUrl).toBeNull();
    expect((await getPage(app.url.replace('0.0.0.0', '127.0.0.1'))).status).toBe(404);
    expect(() => parseConfig('server: { host: 0.0.0.0 }\nplayground: { enabled: true }', { env: {} })).toThrow(/playground.allow_remote/);
    expect(() => parseConfig('playground: { allow_remote: true }', { env: {} })).toThrow(/COUNTERSIGN_PLAYGROUND_TOKEN/);
    expect(() => parseConfig('playground: { enabled: false, allow_remote: true }', { env: {} })).not.toThrow();
  });
});

describe('a real install', () => {
  afterEach(async () => { await app?.close(); });

  it('with Slack: the playground stays off, and people without a Slack account get no undeliverable playground messages', async () => {
    const slack = await startFakeSlack();
    try {
      app = await startTestApp(`${CONFIG.replace('    members: [dana]', '    members: [dana]\n    channels: { slack: C0PAYMENTS }')}`, { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: slack.apiUrl });
      expect(app.playgroundUrl).toBeNull();
      expect((await getPage(app.url)).status).toBe(404);
      const messages = outboxMessagesFor({ id: 1, owning_teams: ['payments'], revision: 1, head_sha: 'a'.repeat(40), ai_assisted: true },
        [{ type: 'direct', to: ['alice', 'carol'], alert: 'escalation', key: 'e' }, { type: 'alert_leads', alert: 'merged_without_signoff' }], app.ctx.config);
      expect(messages).toEqual([]);
    } finally {
      await app.close();
      await slack.close();
    }
  });

  it('with a GitHub App: the playground stays off unless asked for', () => {
    const env = { GITHUB_APP_ID: '1', GITHUB_PRIVATE_KEY: '-----BEGIN RSA PRIVATE KEY-----\nx\n-----END RSA PRIVATE KEY-----', GITHUB_WEBHOOK_SECRET: 's' };
    expect(playgroundMode(parseConfig(CONFIG, { env }))).toMatchObject({ on: false, reason: expect.stringContaining('GitHub App') });
    expect(playgroundMode(parseConfig(`playground: { enabled: true }\n${CONFIG}`, { env })).on).toBe(true);
    expect(playgroundMode(parseConfig(CONFIG, { env: {} })).on).toBe(true);
  });
});

describe('the local playground goes through the door', () => {
  beforeEach(async () => {
    app = await startTestApp(CONFIG);
    browser = await openPlayground(app.playgroundUrl);
  });
  afterEach(async () => { await app.close(); });

  /** The decisions the page offers `as` on the request (hidden "decision" fields of its forms). */
  const offered = async (as: string) => [...(await browser.get({ channel: 'payments', as })).html.matchAll(/name="decision" value="(\w+)"/g)].map((m) => m[1]);

  it('shows each person only the actions they may take', async () => {
    await openRequest();
    expect(await offered('alice')).toEqual(['approve', 'claim', 'request_changes']);
    expect(await offered('carol')).toEqual(['override']);
    expect(await offered('dana')).toEqual([]);
    await signOffAs('alice', await app.ctx.store.db.selectFrom('changes').selectAll().executeTakeFirstOrThrow());
    await app.dispatcher.drain();
    expect(await offered('alice')).toEqual(['revoke']);
    expect(await offered('bob')).toEqual([]);
  });

  it('records a form once: submitting it again answers "already recorded" and changes nothing', async () => {
    const change = await openRequest();
    const fields = signoffFields(await browser.formToken({ channel: 'payments', as: 'alice' }), 'alice', change);
    expect((await browser.post('/playground/act', fields)).status).toBe(303);
    await app.dispatcher.drain();
    const trail = await auditCount();
    const messages = await app.ctx.store.db.selectFrom('local_messages').selectAll().execute();
    const again = await browser.post('/playground/act', fields);
    expect(await browser.follow(again.location!)).toContain('Already recorded');
    await app.dispatcher.drain();
    expect(await auditCount()).toBe(trail);
    expect(await app.ctx.store.db.selectFrom('local_messages').selectAll().execute()).toEqual(messages);
    expect(await signoffs()).toHaveLength(1);
  });
});
