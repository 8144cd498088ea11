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
