import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explanationForm, renderReviewRequest, signoffForm } from '../../src/chat/teams/render/index.js';
import { browserAvailable, launchChromium } from '../support/browser.js';
import { reviewRequestView } from '../support/views.js';

/** Kept after the run (CI uploads test-results/); the README shows docs/teams-card.png. */
const ARTEFACTS = fileURLToPath(new URL('../../test-results/', import.meta.url));
const DOCS = fileURLToPath(new URL('../../docs/', import.meta.url));
const require = createRequire(import.meta.url);
const RENDERER = require.resolve('adaptivecards/dist/adaptivecards.min.js');

const TITLE = 'Refunds **now** <at>Sam Senior</at> [click](https://evil.example)';
const view = reviewRequestView({
  title: TITLE, repo: 'acme/payments', number: 128, author: 'dana', headRef: 'claude/refund-endpoint', riskTier: 'high',
  riskReasons: ['touches billing/** (critical path)'], requiredSignoffs: 2, eligibleSeniors: ['alice', 'bob'], owningTeams: ['payments'],
  approvals: [{ reviewer: 'bob', at: '2026-11-23T09:40:00Z' }],
});
const ATTESTATIONS = ['I read the whole diff', 'I understand this change well enough to explain it', 'Tests cover the behaviour it changes'];

let browser: Browser;

/**
 * The cards as Teams' own renderer draws them: the Adaptive Cards JavaScript SDK in
 * Chromium, with a Markdown processor like Teams' so that Markdown in the wrong place
 * would show.
 */
describe.skipIf(!browserAvailable())('Teams cards in the Adaptive Cards renderer', () => {
  beforeAll(async () => { browser = await launchChromium(); });
  afterAll(async () => { await browser?.close(); });

  it('renders the review request and the sign-off form with no parse errors, user text verbatim, every toggle and button', async () => {
    const page = await browser.newPage({ viewport: { width: 1460, height: 600 } });
    await page.setContent(`<!doctype html><meta charset="utf-8"><style>
      body { font-family: 'Segoe UI', system-ui, sans-serif; background: #f5f5f5; margin: 16px; display: flex; gap: 16px; align-items: flex-start; }
      .pane { background: white; width: 700px; border-radius: 6px; box-shadow: 0 1px 4px rgba(0,0,0,.2); }
      .ac-pushButton { border: 1px solid #8a8886; background: white; padding: 5px 8px; margin: 0; border-radius: 4px; }
      .ac-pushButton.style-positive { background: #5b5fc7; color: white; }
      </style><div id="card" class="pane"></div><div id="form" class="pane"></div>`);
    await page.addScriptTag({ path: RENDERER });
    const result = await page.evaluate(([card, form]) => {
      // The page's globals (the test's tsconfig has no DOM types).
      const page = globalThis as any;
      const AC = page.AdaptiveCards;
      // Teams renders Markdown in TextBlocks: bold and links, enough to show a leak.
      AC.AdaptiveCard.onProcessMarkdown = (text: string, r: { outputHtml: string; didProcess: boolean }) => {
        r.outputHtml = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/\[(.+?)\]\((.+?)\)/g, '<a href="$2">$1</a>');
        r.didProcess = true;
      };
      const errors: string[] = [];
      const draw = (json: unknown, target: string) => {
        const ac = new AC.AdaptiveCard();
        const context = new AC.SerializationContext();
        ac.parse(json, context);
        for (let i = 0; i < context.eventCount; i++) errors.push(`${target}: ${context.getEventAt(i).message}`);
        page.document.getElementById(target).appendChild(ac.render());
      };
      draw(card, 'card');
      draw(form, 'form');
      return { errors, links: [...page.document.querySelectorAll('a')].map((a: any) => a.getAttribute('href') as string), strong: page.document.querySelectorAll('strong').length as number };
    }, [renderReviewRequest(view), signoffForm(view, ATTESTATIONS)] as const);

    expect(result.errors).toEqual([]);
    // The title is shown as written: no bold, no link to the hostile URL, the <at> as text.
    expect(result.links).not.toContain('https://evil.example');
    // (Every '<' carries a zero-width space after it, invisible on screen.)
    expect((await page.locator('#card').innerText()).replace(/\u200B/g, '')).toContain(TITLE);
    expect(await page.locator('#card').innerText()).toMatch(/Awaiting sign-off · 1 of 2 sign-offs/);
    const buttons = await page.locator('#card button').allInnerTexts();
    expect(buttons.map((b) => b.trim())).toEqual(['Sign off', "I'm on it", 'Request changes', 'Override (leads)', 'Revoke my sign-off']);
    // The form: one checkbox per statement, the note, Sign off and Cancel.
    expect(await page.locator('#form input[type=checkbox]').count()).toBe(3);
    for (const statement of ATTESTATIONS) await page.locator('#form').getByText(statement).waitFor();
    expect(await page.locator('#form textarea').count()).toBe(1);
    await page.locator('#form input[type=checkbox]').first().check();
    expect((await page.locator('#form button').allInnerTexts()).map((b) => b.trim())).toEqual(['Sign off', 'Cancel']);

    mkdirSync(ARTEFACTS, { recursive: true });
    await page.screenshot({ path: `${ARTEFACTS}teams-card.png`, fullPage: true });
    if (process.env.COUNTERSIGN_UPDATE_DOCS === '1') copyFileSync(`${ARTEFACTS}teams-card.png`, `${DOCS}teams-card.png`);
  });

  it('renders the author\'s Explain button and the explanation form: three required answers, earlier ones prefilled', async () => {
    const page = await browser.newPage({ viewport: { width: 760, height: 900 } });
    await page.setContent('<!doctype html><meta charset="utf-8"><div id="card"></div><div id="form"></div>');
    await page.addScriptTag({ path: RENDERER });
    const mine = { ...view, approvals: [], explanationRequired: true, accountableAuthor: { login: 'dana', source: 'pr_author' as const, evidence: 'opened the pull request' } };
    const errors = await page.evaluate(([card, form]) => {
      const page = globalThis as any;
      const AC = page.AdaptiveCards;
      const found: string[] = [];
      for (const [json, target] of [[card, 'card'], [form, 'form']] as const) {
        const ac = new AC.AdaptiveCard();
        const context = new AC.SerializationContext();
        ac.parse(json, context);
        for (let i = 0; i < context.eventCount; i++) found.push(`${target}: ${context.getEventAt(i).message}`);
        page.document.getElementById(target).appendChild(ac.render());
      }
      return found;
    }, [renderReviewRequest(mine, { actions: ['explain'] }), explanationForm(mine, { what: 'Adds <b>refunds</b>.', verified: '', risks: '' })] as const);
    expect(errors).toEqual([]);
    expect((await page.locator('#card button').allInnerTexts()).map((b) => b.trim())).toEqual(['Explain this change', 'View on GitHub']);
    expect(await page.locator('#card').innerText()).toContain('The author has not explained this change yet.');
    expect(await page.locator('#form textarea').count()).toBe(3);
    for (const label of ['What this changes', 'How I verified it', 'What could break']) await page.locator('#form').getByText(label).first().waitFor();
    expect(await page.locator('#form textarea').first().inputValue()).toBe('Adds <b>refunds</b>.');
    expect((await page.locator('#form button').allInnerTexts()).map((b) => b.trim())).toEqual(['Save the explanation', 'Cancel']);
    await page.close();
  });
});
