import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, WEBHOOK_SECRET, type TestApp } from '../support/app.js';
import { pullRequestPayload, sendWebhook } from '../support/webhooks.js';

let app: TestApp;

beforeEach(async () => {
  app = await startTestApp('teams: [{ name: core, seniors: [alice] }]\nownership: { fallback_team: core }');
  app.worker.start(); // as in the service: applying in the background while the intake answers
});
afterEach(async () => { await app.close(); });

const open = (number: number) => sendWebhook(app.url, { event: 'pull_request', payload: pullRequestPayload('opened', { number, author: 'Copilot', authorType: 'Bot', installationId: null }), secret: WEBHOOK_SECRET });

describe('the inbox worker while webhooks keep arriving', () => {
  it('applies what arrives while more keeps arriving, instead of waiting for a quiet moment', async () => {
    const FIRST = 20;
    const CAP = 3000;
    for (let n = 1; n <= FIRST; n++) expect((await open(n)).status).toBe(202);
    const applied = async (upTo: number) => Number((await app.ctx.store.db.selectFrom('changes').select((eb) => eb.fn.countAll().as('n')).where('number', '<=', upTo).executeTakeFirstOrThrow()).n);
    // The intake never goes quiet: each answer is followed at once by the next delivery,
    // until the first twenty and twenty more that arrived during this very loop are applied.
    let sent = FIRST;
    while ((await applied(sent)) < 2 * FIRST && sent < CAP) expect((await open(++sent)).status).toBe(202);
    expect(await applied(FIRST)).toBe(FIRST);
    expect(await applied(sent)).toBeGreaterThanOrEqual(2 * FIRST);
    expect(sent).toBeLessThan(CAP);
  });
});
