import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, WEBHOOK_SECRET, type TestApp } from '../support/app.js';
import { browserAvailable, launchChromium } from '../support/browser.js';
import { PLAYGROUND_CONFIG as CONFIG, PLAYGROUND_REPO as REPO } from '../support/playground.js';
import { pullRequestPayload, sendWebhook } from '../support/webhooks.js';

/** Kept after the run (CI uploads test-results/). */
const ARTEFACTS = fileURLToPath(new URL('../../test-results/', import.meta.url));

let app: TestApp;
let browser: Browser;

describe.skipIf(!browserAvailable())('the playground in a browser', () => {
  beforeAll(async () => {
    app = await startTestApp(CONFIG);
    const payload = pullRequestPayload('opened', {
      repo: REPO, number: 7, author: 'dana', title: 'Add refund endpoint <script>alert(1)</script>',
      branch: 'claude/refunds', body: 'Adds refunds.\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)',
    });
    expect((await sendWebhook(app.url, { event: 'pull_request', payload, secret: WEBHOOK_SECRET })).status).toBe(202);
    await app.worker.drain();
    await app.dispatcher.drain();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('signs a change off through the attestation form and sees the request and its thread update', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const dialogs: string[] = [];
    page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
    // The address Countersign prints, with its access token; the page trades it for a cookie.
    await page.goto(app.playgroundUrl!);
    await page.goto(`${app.url}/?channel=payments&as=alice`);

    const card = page.locator('article.card[data-change]');
    await card.getByTestId('status').filter({ hasText: 'Awaiting sign-off' }).waitFor();
    expect(await card.locator('h3').innerText()).toBe('Add refund endpoint <script>alert(1)</script>');

    await card.getByText('Sign off', { exact: true }).click();
    const boxes = card.locator('form.attest input[type=checkbox]');
    for (let i = 0; i < (await boxes.count()); i++) await boxes.nth(i).check();
    await card.locator('form.attest textarea[name=note]').fill('Walked the refund path and its tests.');
    // The page's script noted how long after it was drawn the form was unfolded.
    expect(Number(await card.locator('form.attest input[name=opened_ms]').inputValue())).toBeGreaterThan(0);
    app.clock.advance(90_000);
    await card.locator('form.attest button[type=submit]').click();

    await page.getByTestId('answer').filter({ hasText: 'Recorded: you signed off' }).waitFor();
    // The dispatcher delivers the update and the thread notice; the page notices and redraws itself.
    await app.dispatcher.drain();
    await page.locator('article.card[data-change]').getByTestId('status').filter({ hasText: 'Signed off' }).waitFor({ timeout: 15_000 });
    await page.getByTestId('thread').filter({ hasText: 'alice signed off' }).waitFor();
    // The redraw keeps the answer to the person who acted.
    await page.getByTestId('answer').filter({ hasText: 'Recorded: you signed off' }).waitFor();
    expect(await page.locator('article.card[data-change]').getByTestId('count').innerText()).toBe('1 of 1 sign-offs');
    expect(dialogs).toEqual([]);

    mkdirSync(ARTEFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTEFACTS}playground.png`, fullPage: true });
    const signoffs = await app.ctx.store.db.selectFrom('signoffs').select(['reviewer', 'source', 'note', 'form_opened_at', 'at']).execute();
    expect(signoffs).toMatchObject([{ reviewer: 'alice', source: 'local', note: 'Walked the refund path and its tests.' }]);
    // Opened after the page was drawn and before it was submitted, on the server's clock.
    const open = (Date.parse(signoffs[0]!.at) - Date.parse(signoffs[0]!.form_opened_at!)) / 1000;
    expect(open).toBeGreaterThan(0);
    expect(open).toBeLessThan(90);
  });

  it('keeps the /signoff help inside its box on a narrow window', async () => {
    const page = await browser.newPage({ viewport: { width: 700, height: 900 } });
    await page.goto(app.playgroundUrl!);
    await page.goto(`${app.url}/?channel=payments&as=alice`);
    await page.locator('#command').fill('help');
    await page.locator('form.command button[type=submit]').click();
    const answer = page.getByTestId('answer');
    await answer.locator('pre').waitFor();
    const { scrollWidth, clientWidth } = await answer.evaluate((box) => ({ scrollWidth: box.scrollWidth, clientWidth: box.clientWidth }));
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    await page.close();
  });
});
