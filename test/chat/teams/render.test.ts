import { describe, expect, it } from 'vitest';
import { CARD_BUDGET_BYTES, renderDigest, renderQueryAnswer, renderReviewRequest, renderThreadNotice, signoffForm, utf16Bytes } from '../../../src/chat/teams/render/index.js';
import type { DigestView } from '../../../src/domain/digest.js';
import { reviewRequestView } from '../../support/views.js';
import { cardText } from '../../support/teams-cards.js';

const HOSTILE = '**Fix** _auth_ <at>Sam Senior</at> [click](https://evil.example) <!channel>\n- injected list';

/** Every TextBlock's text: the Markdown surfaces, where only our own words may go. */
const textBlocks = (card: unknown): string[] => JSON.stringify(card).match(/"type":"TextBlock","text":"(?:[^"\\]|\\.)*"/g) ?? [];

describe('Teams cards: user text stays text', () => {
  const card = renderReviewRequest(reviewRequestView({ title: HOSTILE, author: '<at>Ada</at>', headRef: 'claude/[x](y)', riskReasons: ['*bold* reason'] }));

  it('puts titles, logins, branches and reasons only in TextRuns, which render no Markdown', () => {
    for (const block of textBlocks(card)) {
      expect(block).not.toMatch(/Fix|Ada|claude\/|bold/);
    }
    const title = JSON.stringify(card).match(/"type":"TextRun","text":"\*\*Fix\*\*[^"]*"/)?.[0];
    expect(title).toBeDefined();
  });

  it('breaks every tag, so no <at> can match a mention entity and no HTML reaches a client', () => {
    const json = JSON.stringify(card);
    expect(json).not.toContain('<at>');
    expect(json).not.toContain('<!channel>');
    expect(cardText(card)).toContain('<at>Sam Senior</at>'); // what a person reads is unchanged
  });

  it('keeps a title on one line (no list or paragraph injected) and links it only to an http(s) URL', () => {
    expect(cardText(card)).not.toContain('\n- injected');
    const unsafe = renderReviewRequest(reviewRequestView({ url: 'javascript:alert(1)' }));
    expect(JSON.stringify(unsafe)).not.toContain('javascript:');
  });

  it('shows notes and thread notices as runs too', () => {
    const notice = renderThreadNotice({ changeId: 1, kind: 'approved', actor: '<at>x</at>', headSha: 'a'.repeat(40), note: '**ship it**\n[y](z)', approvals: 1, requiredSignoffs: 1 });
    expect(textBlocks(notice)).toEqual([]);
    expect(cardText(notice)).toContain('**ship it**');
  });
});

describe('Teams cards: what they offer', () => {
  it('the sign-off form has one required toggle per attestation and a note capped at 3000', () => {
    const form = signoffForm(reviewRequestView(), ['I read it', 'Tests cover it']);
    const inputs = form.body.filter((b) => String(b.type).startsWith('Input.'));
    expect(inputs).toMatchObject([
      { type: 'Input.Toggle', id: 'attest_0', title: 'I read it', isRequired: true, valueOn: 'true', valueOff: 'false' },
      { type: 'Input.Toggle', id: 'attest_1', title: 'Tests cover it', isRequired: true },
      { type: 'Input.Text', id: 'note', maxLength: 3000, isMultiline: true },
    ]);
  });

  it('a review request uses Universal Actions with a fallback for older clients, and refreshes for at most 60 users', () => {
    const card = renderReviewRequest(reviewRequestView(), { refreshFor: Array.from({ length: 80 }, (_, i) => `29:user-${i}`) });
    expect(card.version).toBe('1.5');
    expect(card.refresh!.userIds).toHaveLength(60);
    const actions = card.body.filter((b) => b.type === 'ActionSet').flatMap((b) => b.actions as Record<string, unknown>[]);
    expect(actions.filter((a) => a.type === 'Action.Execute').every((a) => (a.fallback as { type: string }).type === 'Action.Submit')).toBe(true);
  });
});

describe('Teams digest: split under the size limit, nothing dropped', () => {
  const line = (i: number) => ({
    changeId: i, repo: 'acme/api', number: i, title: `Change number ${i} with a reasonably long title to fill the card`, url: `https://github.com/acme/api/pull/${i}`,
    author: 'dana', riskTier: 'medium' as const, additions: 10, deletions: 2, requestedAt: '2026-11-20T09:00:00Z', assignee: 'alice', approvals: [], status: 'awaiting', waitingMinutes: 600,
  });
  const big: DigestView = { team: 'payments', timeZone: 'Europe/Berlin', date: '2026-11-23', pending: Array.from({ length: 400 }, (_, i) => line(i + 1)), pendingTotal: 1400, signed: [], changesRequested: [], changesRequestedTotal: 0, overrides: [], mergedWithoutSignoff: [], rubberStamps: [], traced: [], quality: null, load: [{ senior: 'alice', open: 400 }], empty: false };

  it('every part stays under the budget, parts are numbered, and every change appears once', () => {
    const parts = renderDigest(big);
    expect(parts.length).toBeGreaterThan(1);
    for (const [i, card] of parts.entries()) {
      expect(utf16Bytes(card)).toBeLessThanOrEqual(CARD_BUDGET_BYTES);
      expect(cardText(card)).toContain(`(part ${i + 1} of ${parts.length})`);
    }
    const all = parts.map(cardText).join('\n');
    for (let i = 1; i <= 400; i++) expect(all.match(new RegExp(`acme/api#${i} `, 'g'))).toHaveLength(1);
    // What the view does not list is counted, not lost.
    expect(all).toContain('Waiting for sign-off (1400)');
    expect(all).toContain('…and 1000 more');
  });

  it('an empty digest is one card saying all clear', () => {
    const parts = renderDigest({ ...big, pending: [], pendingTotal: 0, load: [], empty: true });
    expect(parts).toHaveLength(1);
    expect(cardText(parts[0])).toContain('All clear');
  });

  it('lists the day\'s reverts and incidents and the quality table, user text only in TextRuns', () => {
    const change = { ...big.pending[0]!, title: HOSTILE };
    const parts = renderDigest({
      ...big, pending: [], load: [],
      traced: [{ change, kind: 'incident', reference: HOSTILE, by: '<at>Lead</at>', at: '2026-11-23T08:00:00Z', signers: [], overriddenBy: '<at>Lead</at>', mergedWithoutSignoff: false }],
      quality: { days: 7, byTeam: [{ name: 'payments', signed: 3, lines: 1200, formSeconds: 400, timedSignoffs: 2, reverted: 0, incidents: 1 }], bySenior: [{ name: HOSTILE, signed: 1, lines: 10, formSeconds: 0, timedSignoffs: 0, reverted: 0, incidents: 0 }], byTool: [] },
    });
    const text = parts.map(cardText).join('\n');
    expect(text).toContain('Reverted or linked to an incident (1)');
    expect(text).toContain(`incident linked by <at>Lead</at>: ${HOSTILE.replace('\n', ' ')}`);
    expect(text).toContain('had been overridden by <at>Lead</at>');
    expect(text).toContain('Reverted and linked to incidents, last 7 days');
    expect(text).toContain('not a blame board');
    expect(text).toContain('payments: 3 signed · 1200 lines · form open 6m over 2 sign-offs · 0 reverted · 1 incident');
    expect(text).toContain('form time unknown');
    for (const block of parts.flatMap(textBlocks)) expect(block).not.toMatch(/Fix|Lead/);
    expect(JSON.stringify(parts)).not.toContain('<at>');
  });

  it('query answers are one card each', () => {
    expect(cardText(renderQueryAnswer({ kind: 'error', message: '<at>x</at> not found' }))).toContain('<at>x</at> not found');
    expect(JSON.stringify(renderQueryAnswer({ kind: 'error', message: '<at>x</at>' }))).not.toContain('<at>');
  });
});
