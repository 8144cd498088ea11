import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { startTestApp, WEBHOOK_SECRET, type TestApp } from '../support/app.js';
import { startFakeSlack } from '../support/fake-slack.js';
import { formToken, getPage, postForm, rawGet, textOf } from '../support/playground.js';
import { pullRequestPayload, sendWebhook } from '../support/webhooks.js';

const REPO = 'Codertocat/Hello-World';
const CONFIG = `
teams:
  - name: payments
    seniors: [alice, bob]
    leads: [carol]
    members: [dana]
ownership:
  repos: { '${REPO}': payments }
people:
  - { github: alice }
  - { github: bob }
  - { github: carol }
  - { github: dana }
`;
const HOSTILE_TITLE = 'Refunds <img src=x onerror="alert(1)"> & "quotes"';

let app: TestApp;

async function openRequest(number = 2, title = HOSTILE_TITLE) {
  const payload = pullRequestPayload('opened', { repo: REPO, number, author: 'dana', title, body: 'Adds refunds.\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)' });
  const res = await sendWebhook(app.url, { event: 'pull_request', payload, secret: WEBHOOK_SECRET });
  expect(res.status).toBe(202);
  await app.worker.drain();
  await app.dispatcher.drain();
  return app.ctx.store.db.selectFrom('changes').selectAll().where('number', '=', number).executeTakeFirstOrThrow();
}

/** Sign off (or try to) through the page's form as `as`, ticking `ticked` statements (all by default). */
async function signOffAs(as: string, change: { id: number; head_sha: string }, ticked?: number[]) {
  const page = await getPage(app.url, { channel: 'payments', as });
  const statements = app.ctx.config.signoff.attestations.map((_, i) => i);
  return postForm(app.url, '/playground/act', [
    ['csrf', formToken(page.html)], ['as', as], ['channel', 'payments'], ['change', String(change.id)], ['head', change.head_sha], ['decision', 'approve'],
    ...(ticked ?? statements).map((i): [string, string] => ['attest', String(i)]), ['note', 'Read every line of the refund path.'],
  ]);
}

/** Follow the redirect a form answers with, as the browser does. */
async function follow(location: string | null): Promise<string> {
  expect(location).toMatch(/^\/\?/);
  const res = await fetch(new URL(location!, app.url));
  expect(res.status).toBe(200);
  return textOf(await res.text());
}

describe('the local playground', () => {
  beforeEach(async () => { app = await startTestApp(CONFIG); });
  afterEach(async () => { await app.close(); });

  it('shows a team channel with the review request, its evidence, and the user text inert', async () => {
    await openRequest();
    const page = await getPage(app.url, { channel: 'payments', as: 'alice' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.html).not.toContain('<img src=x');
    expect(page.html).toContain('Refunds &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &quot;quotes&quot;');
    const text = textOf(page.html);
    expect(text).toContain('Awaiting sign-off');
    expect(text).toContain('0 of 1 sign-offs');
    expect(text).toContain('Claude Code');
    expect(text).toContain('May sign alice, bob');
    expect(page.html).toMatch(/<option value="alice" selected>alice \(senior in payments\)<\/option>/);
  });

  it('records a sign-off from the attestation form; the request and its thread update', async () => {
    const change = await openRequest();
    const res = await signOffAs('alice', change);
    expect(res.status).toBe(303);
    expect(await follow(res.location)).toContain(`Recorded: you signed off ${REPO}#2 at ${change.head_sha.slice(0, 7)} (1 of 1 sign-offs)`);

    const stored = await app.ctx.store.db.selectFrom('signoffs').selectAll().execute();
    expect(stored).toMatchObject([{ reviewer: 'alice', decision: 'approve', head_sha: change.head_sha, source: 'local', note: 'Read every line of the refund path.' }]);
    const audit = await app.ctx.store.db.selectFrom('audit_events').select(['action', 'actor', 'details']).orderBy('seq').execute();
    expect(audit.map((e) => e.action)).toContain('signed_off');
    const signed = audit.find((e) => e.action === 'signed_off')!;
    expect(signed.actor).toBe('alice');
    expect(JSON.parse(signed.details)).toMatchObject({ platform: 'local', platform_user: 'alice' });

    await app.dispatcher.drain();
    const after = textOf((await getPage(app.url, { channel: 'payments', as: 'alice' })).html);
    expect(after).toContain('Signed off');
    expect(after).toContain('1 of 1 sign-offs');
    expect(after).toContain(`alice signed off at ${change.head_sha.slice(0, 7)}`);
    expect(after).not.toContain('Sign off at');
  });

  it('refuses a sign-off with a statement left unticked, and records nothing', async () => {
    const change = await openRequest();
    const res = await signOffAs('alice', change, [0]);
    expect(await follow(res.location)).toContain('Tick every statement to sign off');
    expect(await app.ctx.store.db.selectFrom('signoffs').selectAll().execute()).toEqual([]);
  });

  it('refuses a person who may not sign, says why, and audits the refusal', async () => {
    const change = await openRequest();
    const res = await signOffAs('dana', change);
    expect(await follow(res.location)).toMatch(/dana|author|may not|cannot/i);
    expect(await app.ctx.store.db.selectFrom('signoffs').selectAll().execute()).toEqual([]);
    const actions = (await app.ctx.store.db.selectFrom('audit_events').select('action').execute()).map((e) => e.action);
    expect(actions.some((a) => a.includes('refused'))).toBe(true);
  });

  it('refuses a sign-off made on a head that has since moved', async () => {
    const change = await openRequest();
    const res = await signOffAs('alice', { id: change.id, head_sha: 'f'.repeat(40) });
    expect(await follow(res.location)).toMatch(/commit|head|pushed/i);
    expect(await app.ctx.store.db.selectFrom('signoffs').selectAll().execute()).toEqual([]);
  });

  it('claims from the button and answers commands typed in the box', async () => {
    const change = await openRequest();
    const token = formToken((await getPage(app.url, { channel: 'payments', as: 'bob' })).html);
    const claim = await postForm(app.url, '/playground/act', [['csrf', token], ['as', 'bob'], ['channel', 'payments'], ['change', String(change.id)], ['head', change.head_sha], ['decision', 'claim']]);
    expect(claim.status).toBe(303);
    await app.dispatcher.drain();
    expect(textOf((await getPage(app.url, { channel: 'payments', as: 'bob' })).html)).toContain('bob is reviewing this (claimed)');

    const pending = await postForm(app.url, '/playground/command', [['csrf', token], ['as', 'bob'], ['channel', 'payments'], ['text', 'pending']]);
    expect(await follow(pending.location)).toContain(`${REPO}#2`);
    const help = await postForm(app.url, '/playground/command', [['csrf', token], ['as', 'bob'], ['channel', 'payments'], ['text', 'nonsense words']]);
    expect(await follow(help.location)).toMatch(/help|unknown|Try/i);
  });

  it('puts direct messages in the person\'s own conversation', async () => {
    await openRequest();
    const rows = await app.ctx.store.db.selectFrom('local_messages').select(['conversation', 'kind']).execute();
    const dms = rows.filter((r) => r.conversation.startsWith('@'));
    expect(dms).toEqual([{ conversation: expect.stringMatching(/^@(alice|bob)$/), kind: 'alert' }]);
    const who = dms[0]!.conversation.slice(1);
    const text = textOf((await getPage(app.url, { channel: `@${who}`, as: who })).html);
    expect(text).toContain('You are asked to sign off');
  });

  it('refuses forms that did not come from its page, and changes nothing', async () => {
    const change = await openRequest();
    const fields: [string, string][] = [['as', 'alice'], ['channel', 'payments'], ['change', String(change.id)], ['head', change.head_sha], ['decision', 'revoke']];
    expect((await postForm(app.url, '/playground/act', fields)).status).toBe(403);
    expect((await postForm(app.url, '/playground/act', [['csrf', 'forged'], ...fields])).status).toBe(403);
    const token = formToken((await getPage(app.url)).html);
    expect((await postForm(app.url, '/playground/act', [['csrf', token], ...fields], { origin: 'https://evil.example' })).status).toBe(403);
    expect(await app.ctx.store.db.selectFrom('signoffs').selectAll().execute()).toEqual([]);
  });

  it('answers only requests that name this machine and did not come through a proxy', async () => {
    expect((await rawGet(app.url, '/', { host: 'evil.example' })).status).toBe(403);
    expect((await rawGet(app.url, '/', { host: new URL(app.url).host, 'x-forwarded-for': '203.0.113.9' })).status).toBe(403);
    expect((await rawGet(app.url, '/', { host: `localhost:${new URL(app.url).port}` })).status).toBe(200);
  });
});

describe('the playground beyond loopback', () => {
  const TOKEN = 'a-long-playground-access-token-0123456789';
  afterEach(async () => { await app.close(); });

  it('needs the access token, traded once for a cookie', async () => {
    app = await startTestApp(`server: { host: 0.0.0.0 }\nplayground: { allow_remote: true }\n${CONFIG}`, { COUNTERSIGN_PLAYGROUND_TOKEN: TOKEN });
    const base = app.url.replace('0.0.0.0', '127.0.0.1');
    expect((await getPage(base)).status).toBe(401);
    expect((await getPage(base, { token: 'wrong' })).status).toBe(401);
    const traded = await getPage(base, { token: TOKEN, channel: 'payments' });
    expect(traded.status).toBe(303);
    expect(traded.headers.get('location')).toBe('/?channel=payments');
    const cookie = traded.headers.get('set-cookie')!.split(';')[0]!;
    expect(traded.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);
    expect((await getPage(base, {}, { cookie })).status).toBe(200);
  });

  it('is off on a public address unless allowed, and a config asking for it there without a token is refused', async () => {
    app = await startTestApp(`server: { host: 0.0.0.0 }\n${CONFIG}`);
    expect(app.playground).toBe(false);
    expect((await getPage(app.url.replace('0.0.0.0', '127.0.0.1'))).status).toBe(404);
    expect(() => parseConfig('server: { host: 0.0.0.0 }\nplayground: { enabled: true }', { env: {} })).toThrow(/playground.allow_remote/);
    expect(() => parseConfig('playground: { allow_remote: true }', { env: {} })).toThrow(/COUNTERSIGN_PLAYGROUND_TOKEN/);
  });

  it('stays off by default when Slack is configured', async () => {
    const slack = await startFakeSlack();
    try {
      app = await startTestApp(CONFIG, { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: slack.apiUrl });
      expect(app.playground).toBe(false);
      expect((await getPage(app.url)).status).toBe(404);
    } finally {
      await app.close();
      await slack.close();
    }
  });
});
