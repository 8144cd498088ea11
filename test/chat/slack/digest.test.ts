import { describe, it, expect } from 'vitest';
import { renderDigest } from '../../../src/chat/slack/render/digest.js';
import { LIMITS } from '../../../src/chat/slack/render/limits.js';
import { buildDigest, type DigestChange, type DigestInput, type DigestView } from '../../../src/domain/digest.js';
import { textObjects, type TextObject } from '../../support/slack-blocks.js';

const URL_ = 'https://github.com/acme/api/pull/7';
const NOW = new Date('2024-05-02T09:00:00Z');
const EVIL_TITLE = '<!channel> <https://evil.example|x>';
const EVIL = '<!subteam^S1|@oncall> <#C123> <@U999|boss> <http://x.example|y> & <!everyone>';

function change(over: Partial<DigestChange> = {}): DigestChange {
  return {
    changeId: 42, repo: 'acme/api', number: 7, title: 'Fix login redirect', url: URL_, author: 'alice', riskTier: 'medium',
    additions: 120, deletions: 30, requestedAt: '2024-05-02T06:00:00Z', assignee: 'bob', approvals: [], status: 'awaiting', ...over,
  };
}

function digest(over: Partial<DigestInput & { localDate: string }> = {}): DigestView {
  return buildDigest({
    team: 'platform', now: NOW, localDate: '2024-05-02', pending: [], signedSince: [], changesRequested: [], overrides: [], mergedWithoutSignoff: [],
    rubberStampSeconds: 120, rubberStampMinLines: 400, load: new Map(), ...over,
  });
}

function busy(c: (over: Partial<DigestChange>) => DigestChange = change): Partial<DigestInput> {
  return {
    pending: [c({ changeId: 1, riskTier: 'high', requestedAt: '2024-05-01T06:00:00Z' }), c({ changeId: 2, status: 'changes_requested' })],
    signedSince: [c({ changeId: 3, additions: 900, approvals: [{ reviewer: 'carol', at: '2024-05-02T06:00:30Z' }] })],
    changesRequested: [c({ changeId: 2, status: 'changes_requested' })],
    overrides: [{ change: c({ changeId: 4 }), by: 'lena', reason: 'Prod outage, hotfix', at: '2024-05-02T02:00:00Z' }],
    mergedWithoutSignoff: [{ change: c({ changeId: 5 }), at: '2024-05-02T03:00:00Z' }],
    load: new Map([['bob', 2], ['carol', 5]]),
    traced: [{ change: c({ changeId: 6, number: 6 }), kind: 'reverted', reference: 'acme/api#9', by: 'dana', at: '2024-05-02T04:00:00Z', signers: ['carol'], overriddenBy: null, mergedWithoutSignoff: false }],
    quality: {
      days: 7,
      signed: [{ teams: ['platform'], tools: ['Claude Code'], signers: ['carol'], lines: 900, signoffs: [{ reviewer: 'carol', formSeconds: 30 }] }],
      links: [{ kind: 'reverted', teams: ['platform'], tools: ['Claude Code'], signers: ['carol'] }],
    },
  };
}

// ---- tree walkers (as in render.test.ts) -------------------------------------------


function allText(r: { text: string; blocks: unknown[] }): string {
  return [r.text, ...textObjects(r.blocks).map((t) => t.text)].join('\n');
}

/** Mrkdwn (and the fallback `text`) may hold no control sequence but our own link to the PR. */
function expectInert(r: { text: string; blocks: unknown[] }): void {
  const strings = [r.text, ...textObjects(r.blocks).filter((t) => t.type === 'mrkdwn').map((t) => t.text)];
  const trusted = `<${URL_}|`;
  for (const s of strings) {
    for (const seq of s.match(/<[^>]*>?/g) ?? []) {
      expect(seq.startsWith(trusted), `control sequence in ${JSON.stringify(s)}`).toBe(true);
      expect(seq.slice(1)).not.toContain('<');
    }
    const outside = s.split(trusted).join('');
    for (const bad of ['<!', '<@', '<#', '<http']) expect(outside).not.toContain(bad);
    expect(s.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
  }
  for (const t of textObjects(r.blocks).filter((x) => x.type === 'mrkdwn')) expect(t.verbatim).toBe(true);
}

function expectWithinLimits(r: { text: string; blocks: { type: string }[] }): void {
  expect(r.blocks.length).toBeLessThanOrEqual(LIMITS.messageBlocks);
  expect(r.text.length).toBeLessThanOrEqual(LIMITS.text);
  for (const t of textObjects(r.blocks)) {
    expect(t.text.length).toBeGreaterThan(0);
    expect(t.text.length).toBeLessThanOrEqual(LIMITS.text);
  }
  for (const b of r.blocks) {
    if (b.type === 'header') expect((b as unknown as { text: TextObject }).text.text.length).toBeLessThanOrEqual(LIMITS.headerText);
    if (b.type === 'context') expect((b as unknown as { elements: unknown[] }).elements.length).toBeLessThanOrEqual(LIMITS.contextElements);
  }
}

// ---- tests ---------------------------------------------------------------------------

describe('renderDigest', () => {
  it('showsEverySectionWithWarningsFirst', () => {
    const r = renderDigest(digest(busy()));
    const text = allText(r);
    expect(text).toContain('Countersign digest · platform · 2024-05-02');
    const order = [':rotating_light: Merged without sign-off (1)', ':warning: Overridden by a lead (1)', ':hourglass_flowing_sand: Waiting for sign-off (2)',
      ':white_check_mark: Signed off in the last day (1)', ':leftwards_arrow_with_hook: Changes requested (1)', ':zap: Signed faster than the diff could be read (1)', 'Open assignments per senior'];
    const at = order.map((s) => text.indexOf(s));
    expect(at.every((i) => i >= 0), JSON.stringify(at)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(r.text).toBe('Countersign digest for platform (2024-05-02): 2 waiting, 1 signed off, 1 merged without sign-off');
    expectWithinLimits(r);
    expectInert(r);
  });

  it('pendingLinesCarryLinkRiskAgeAndAssignee', () => {
    const text = allText(renderDigest(digest(busy())));
    expect(text).toContain(`• *<${URL_}|acme/api#7>* Fix login redirect · by alice · +120 \u221230 · *high risk* · waiting 1d 3h · asked bob`);
    expect(text).toMatch(/medium risk · waiting 3h · changes requested · asked bob/);
  });

  it('overrideShowsWhoAndWhy', () => {
    expect(allText(renderDigest(digest(busy())))).toContain('overridden by *lena* 2024-05-02 02:00 UTC: _Prod outage, hotfix_');
  });

  it('mergeWithoutSignoffShowsWhen', () => {
    expect(allText(renderDigest(digest(busy())))).toContain('merged 2024-05-02 03:00 UTC with 0 sign-offs');
  });

  it('rubberStampNamesReviewerAndSeconds', () => {
    expect(allText(renderDigest(digest(busy())))).toContain('• *carol* in 30s (form time unknown): ');
  });

  it('rubberStampCountsFromOpeningTheFormWhenKnown', () => {
    // Requested two hours before, but the form was open 20 seconds: a rubber stamp all the same.
    const late = change({ changeId: 3, additions: 900, approvals: [{ reviewer: 'carol', at: '2024-05-02T08:00:20Z', formOpenedAt: '2024-05-02T08:00:00Z' }] });
    const text = allText(renderDigest(digest({ signedSince: [late] })));
    expect(text).toContain('• *carol* in 20s (form open 20s): ');
    expect(text).toContain('signed off by *carol* (form open 20s)');
  });

  it('revertsAndIncidentsOfTheDayTraceToTheSignOff', () => {
    const text = allText(renderDigest(digest(busy())));
    expect(text).toContain('Reverted or linked to an incident (1)');
    expect(text).toContain('reverted by dana in acme/api#9 2024-05-02 04:00 UTC · had been signed off by carol');
  });

  it('qualityTableSaysWhatItIsForWithFormTimeBesideLines', () => {
    const text = allText(renderDigest(digest(busy())));
    expect(text).toContain('Reverted and linked to incidents, last 7 days');
    expect(text).toContain('not a blame board');
    expect(text).toContain('platform: 1 signed · 900 lines · form open 30s over 1 sign-off · 1 reverted · 0 incidents');
    expect(text).toContain('carol: 1 signed · 900 lines · form open 30s over 1 sign-off · 1 reverted · 0 incidents');
    expect(text).toContain('Claude Code: 1 signed');
  });

  it('longQualityTableIsCutBetweenRowsAndCountsTheRest', () => {
    // Fifteen rows a part, names of the longest a team or tool may have, each with an entity to split.
    const name = (kind: string, i: number) => `${kind} ${i} & ${'n'.repeat(90)}`;
    const signed = Array.from({ length: 15 }, (_, i) => ({ teams: [name('team', i)], tools: [name('tool', i)], signers: [name('senior', i)], lines: 900, signoffs: [{ reviewer: name('senior', i), formSeconds: 3 }] }));
    const r = renderDigest(digest({ ...busy(), quality: { days: 7, signed, links: [] } }));
    expectWithinLimits(r);
    const block = JSON.stringify(r.blocks.find((b) => JSON.stringify(b).includes('not a blame board')));
    expect(block).toMatch(/Per team:\*\\n[^*]*…and \d+ more\\n\*Per senior:\*\\n[^*]*…and \d+ more\\n\*Per AI tool/);
    expect(block).not.toMatch(/&(?!amp;|lt;|gt;)/);
  });

  it('signedNamesTheSigners', () => {
    expect(allText(renderDigest(digest(busy())))).toContain('signed off by *carol*');
  });

  it('loadMostLoadedFirst', () => {
    expect(allText(renderDigest(digest(busy())))).toContain('*Open assignments per senior:* carol 5 · bob 2');
  });

  it('hostileTitleRendersInert', () => {
    const r = renderDigest(digest(busy((over) => change({ title: EVIL_TITLE, ...over }))));
    expectInert(r);
    expect(allText(r)).toContain('&lt;!channel&gt; &lt;https://evil.example|x&gt;');
  });

  it('hostileEverythingRendersInert', () => {
    const evil = (over: Partial<DigestChange>): DigestChange => change({
      title: EVIL_TITLE, repo: EVIL, author: EVIL, assignee: EVIL, status: EVIL,
      approvals: [{ reviewer: EVIL, at: '2024-05-02T06:00:10Z' }], ...over,
    });
    const view = digest({
      ...busy(evil), team: EVIL, localDate: EVIL, load: new Map([[EVIL, 3]]),
      traced: [{ change: evil({}), kind: 'incident', reference: EVIL, by: EVIL, at: '2024-05-02T04:00:00Z', signers: [EVIL], overriddenBy: EVIL, mergedWithoutSignoff: false }],
      quality: { days: 7, signed: [{ teams: [EVIL], tools: [EVIL], signers: [EVIL], lines: 900, signoffs: [{ reviewer: EVIL, formSeconds: 3 }] }], links: [] },
    });
    const r = renderDigest({ ...view, overrides: [{ change: evil({}), by: EVIL, reason: EVIL, at: EVIL }], mergedWithoutSignoff: [{ change: evil({ url: `javascript:${EVIL}` }), at: EVIL }] });
    expectInert(r);
    expectWithinLimits(r);
    expect(allText(r)).not.toContain('javascript:');
  });

  it('500PendingChangesAreCutWithAndNMore', () => {
    const pending = Array.from({ length: 500 }, (_, i) => change({ changeId: i, number: i, title: `Change ${i} ${'t'.repeat(300)}` }));
    const r = renderDigest(digest({ ...busy(), pending }));
    expectWithinLimits(r);
    expectInert(r);
    const text = allText(r);
    expect(text).toContain('Waiting for sign-off (500)');
    expect(text).toMatch(/…and 475 more/);
    // The flood does not push out the warnings or the sections after it.
    expect(text).toContain('Merged without sign-off (1)');
    expect(text).toContain('Signed faster than the diff could be read (1)');
    expect(text).toContain('Open assignments per senior');
  });

  it('everyListAt500StaysWithinFiftyBlocks', () => {
    const many = (n: number): DigestChange[] => Array.from({ length: n }, (_, i) => change({ changeId: i, number: i, title: 'x'.repeat(500), additions: 900, approvals: [{ reviewer: 'r'.repeat(100), at: '2024-05-02T06:00:01Z' }] }));
    const r = renderDigest(digest({
      pending: many(500), signedSince: many(500), changesRequested: many(500),
      overrides: many(500).map((c) => ({ change: c, by: 'lena', reason: '&<'.repeat(500), at: '2024-05-02T02:00:00Z' })),
      mergedWithoutSignoff: many(500).map((c) => ({ change: c, at: '2024-05-02T03:00:00Z' })),
      load: new Map(Array.from({ length: 500 }, (_, i) => [`senior${i}`, i] as const)),
    }));
    expectWithinLimits(r);
    expectInert(r);
    expect(allText(r)).toMatch(/Open assignments per senior:\* senior499 499 .*…and 485 more/);
  });

  it('emptyDigestIsOneEncouragingLine', () => {
    const r = renderDigest(digest({ load: new Map([['bob', 0]]) }));
    expect(r.blocks).toHaveLength(2);
    expect(allText(r)).toMatch(/All clear/);
    expect(r.text).toBe('Countersign digest for platform (2024-05-02): all clear');
    expectInert(r);
    expectWithinLimits(r);
  });

  it('nothingPendingSaysSoWhenThereIsOtherNews', () => {
    const r = renderDigest(digest({ signedSince: [change({ approvals: [{ reviewer: 'carol', at: '2024-05-02T08:00:00Z' }] })] }));
    expect(allText(r)).toContain('Nothing is waiting for a sign-off.');
    expect(allText(r)).not.toContain('Waiting for sign-off (');
  });
});
