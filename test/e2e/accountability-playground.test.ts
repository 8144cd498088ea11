import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, WEBHOOK_SECRET, type TestApp } from '../support/app.js';
import { openPlayground, PLAYGROUND_CONFIG, PLAYGROUND_REPO as REPO, textOf, type PlaygroundBrowser } from '../support/playground.js';
import { pullRequestPayload, sendWebhook } from '../support/webhooks.js';

// The playground's team, asking every change to be explained before a senior signs.
const CONFIG = PLAYGROUND_CONFIG.replace('    members: [dana]', '    members: [dana]\n    explanation: all');

let app: TestApp;
let browser: PlaygroundBrowser;

beforeEach(async () => {
  app = await startTestApp(CONFIG);
  browser = await openPlayground(app.playgroundUrl);
});
afterEach(async () => { await app.close(); });

async function act(as: string, change: { id: number; head_sha: string }, fields: [string, string][]) {
  const token = await browser.formToken({ channel: 'payments', as });
  const res = await browser.post('/playground/act', [
    ['csrf', token], ['as', as], ['channel', 'payments'], ['change', String(change.id)], ['head', change.head_sha], ['form', randomUUID()], ...fields,
  ]);
  return browser.follow(res.location);
}

const signOff = (as: string, change: { id: number; head_sha: string }) =>
  act(as, change, [['decision', 'approve'], ...app.ctx.config.signoff.attestations.map((_, i): [string, string] => ['attest', String(i)])]);

describe('the playground: the author explains before a senior signs', () => {
  it('refuses the sign-off, offers Explain to the author alone, and then records the sign-off with the explanation in the trail', async () => {
    const payload = pullRequestPayload('opened', { repo: REPO, number: 2, author: 'dana', title: 'Refunds', body: 'Adds refunds.\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)' });
    await sendWebhook(app.url, { event: 'pull_request', payload, secret: WEBHOOK_SECRET });
    await app.worker.drain();
    await app.dispatcher.drain();
    const change = await app.ctx.store.db.selectFrom('changes').selectAll().where('number', '=', 2).executeTakeFirstOrThrow();

    expect(await signOff('alice', change)).toMatch(/The author has not explained this change yet/);
    expect(textOf((await browser.get({ channel: 'payments', as: 'alice' })).html)).not.toContain('Explain this change');
    expect(textOf((await browser.get({ channel: 'payments', as: 'dana' })).html)).toContain('Explain this change');

    expect(await act('alice', change, [['decision', 'explain'], ['what', 'x'], ['verified', 'y'], ['risks', 'z']])).toMatch(/Only the author of this change/);
    const explained = await act('dana', change, [['decision', 'explain'], ['what', 'Adds refunds.'], ['verified', 'Refunded a sandbox order.'], ['risks', 'Partial refunds round down.']]);
    expect(explained).toMatch(/Your explanation is on the request/);
    await app.dispatcher.drain();
    expect(textOf((await browser.get({ channel: 'payments', as: 'alice' })).html)).toContain('Refunded a sandbox order.');

    expect(await signOff('alice', change)).toMatch(/Recorded/);
    const trail = await app.ctx.store.db.selectFrom('audit_events').select(['action', 'actor', 'details']).orderBy('seq').execute();
    expect(trail.map((e) => e.action)).toEqual(expect.arrayContaining(['signoff_refused', 'explanation_refused', 'explanation_given', 'approved', 'signed_off']));
    expect(JSON.parse(trail.find((e) => e.action === 'explanation_given')!.details)).toMatchObject({ source: 'chat', verified: 'Refunded a sandbox order.', head_sha: change.head_sha });
  });
});

describe('the playground: how long a reviewer really looked', () => {
  it('records when the sign-off form was unfolded and submitted; stats, audit and the rubber-stamp flag use it', async () => {
    const lines = { additions: 700, deletions: 20 };
    const payload = pullRequestPayload('opened', { repo: REPO, number: 3, author: 'dana', title: 'Bulk refunds', body: '🤖 Generated with [Claude Code](https://claude.com/claude-code)\n\n## What this changes\nBulk refunds.\n\n## How I verified it\nSandbox.\n\n## What could break\nTotals.' });
    Object.assign(payload.pull_request, lines);
    await sendWebhook(app.url, { event: 'pull_request', payload, secret: WEBHOOK_SECRET });
    await app.worker.drain();
    await app.dispatcher.drain();
    const change = await app.ctx.store.db.selectFrom('changes').selectAll().where('number', '=', 3).executeTakeFirstOrThrow();

    // The page carries when it drew the form; its script adds how long the page was up when the form was unfolded.
    const page = (await browser.get({ channel: 'payments', as: 'alice' })).html;
    const shown = /name="shown" value="([^"]+)"/.exec(page)![1]!;
    expect(shown).toBe(app.clock.now().toISOString());
    app.clock.advance(3 * 60_000); // the request waited three minutes, the form was open for twelve seconds
    const attest = app.ctx.config.signoff.attestations.map((_, i): [string, string] => ['attest', String(i)]);
    expect(await act('alice', change, [['decision', 'approve'], ['shown', shown], ['opened_ms', String(168_000)], ...attest])).toMatch(/Recorded/);

    const [signoff] = await app.ctx.store.db.selectFrom('signoffs').selectAll().where('change_id', '=', change.id).execute();
    expect(signoff!.form_opened_at).toBe(new Date(Date.parse(shown) + 168_000).toISOString());
    const command = async (text: string) => browser.follow((await browser.post('/playground/command', [['csrf', await browser.formToken()], ['as', 'carol'], ['channel', 'payments'], ['text', text]])).location);
    expect(await command(`audit ${REPO}#3`)).toMatch(/form open 12s for 720 lines/);
    // Three minutes after the request is no rubber stamp; twelve seconds with the form open is.
    expect(await command('stats')).toMatch(/alice in under a minute \(form open 12s\)/);
  });

  it('a form time from the future, or no time at all, is unknown rather than believed', async () => {
    const payload = pullRequestPayload('opened', { repo: REPO, number: 4, author: 'dana', title: 'Refunds', body: '🤖 Generated with [Claude Code](https://claude.com/claude-code)\n\n## What this changes\nRefunds.\n\n## How I verified it\nSandbox.\n\n## What could break\nTotals.' });
    await sendWebhook(app.url, { event: 'pull_request', payload, secret: WEBHOOK_SECRET });
    await app.worker.drain();
    const change = await app.ctx.store.db.selectFrom('changes').selectAll().where('number', '=', 4).executeTakeFirstOrThrow();
    const attest = app.ctx.config.signoff.attestations.map((_, i): [string, string] => ['attest', String(i)]);
    expect(await act('alice', change, [['decision', 'approve'], ['shown', app.clock.now().toISOString()], ['opened_ms', '60000'], ...attest])).toMatch(/Recorded/);
    const [signoff] = await app.ctx.store.db.selectFrom('signoffs').selectAll().where('change_id', '=', change.id).execute();
    expect(signoff!.form_opened_at).toBeNull();

    // A form whose page never noted the unfolding (its script did not run) sends an empty count.
    await sendWebhook(app.url, { event: 'pull_request', payload: { ...payload, number: 5, pull_request: { ...payload.pull_request, number: 5 } }, secret: WEBHOOK_SECRET });
    await app.worker.drain();
    const second = await app.ctx.store.db.selectFrom('changes').selectAll().where('number', '=', 5).executeTakeFirstOrThrow();
    expect(await act('alice', second, [['decision', 'approve'], ['shown', app.clock.now().toISOString()], ['opened_ms', ''], ...attest])).toMatch(/Recorded/);
    expect((await app.ctx.store.db.selectFrom('signoffs').select('form_opened_at').where('change_id', '=', second.id).executeTakeFirstOrThrow()).form_opened_at).toBeNull();
  });
});
