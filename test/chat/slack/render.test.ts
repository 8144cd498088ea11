import { describe, it, expect } from 'vitest';
import { groupEvidence } from '../../../src/app/evidence-view.js';
import type { ChangeLine, HomeView, NoticeKind, QueryAnswer, ReviewRequestView, ThreadNoticeView } from '../../../src/app/views.js';
import type { ChangeStatus } from '../../../src/domain/signoff-state.js';
import {
  ACTION_IDS, BLOCK_IDS, CALLBACK_IDS, LIMITS,
  decodeButtonValue, decodePrivateMetadata, encodeButtonValue, escapeMrkdwn, formatDuration, mrkdwnLink,
  refusalMessage, renderHome, renderQueryAnswer, renderReviewRequest, renderThreadNotice, requestChangesModal, signoffModal,
} from '../../../src/chat/slack/render/index.js';
import { clampMrkdwn, fitBlocks, fitLines, joinInline, packLines, truncate } from '../../../src/chat/slack/render/limits.js';
import { textObjects, type TextObject } from '../../support/slack-blocks.js';

const HEAD = 'def5678def5678def5678def5678def5678def56';
const OLD = 'abc1234abc1234abc1234abc1234abc1234abc12';
const URL_ = 'https://github.com/acme/api/pull/7';
const RENDERED = '2024-05-01T12:10:00Z';

// Hostile text from GitHub and people: every one must reach Slack inert.
const EVIL_TITLE = '<!channel> urgent <https://evil.example|docs>';
const EVIL_BRANCH = '<@U123>';
const EVIL_NOTE = '<!here>';
const EVIL = '<!subteam^S1|@oncall> <#C123> <@U999|boss> <http://x.example|y> & <!everyone>';

function view(over: Partial<ReviewRequestView> = {}): ReviewRequestView {
  return {
    changeId: 42, repo: 'acme/api', number: 7, title: 'Fix login redirect', url: URL_, author: 'alice',
    headSha: HEAD, headRef: 'copilot/fix-login', draft: false, status: 'awaiting',
    evidence: groupEvidence([{ kind: 'branch', tool: 'Copilot', detail: 'copilot/fix-login' }]), timeZone: 'UTC', commitsRead: true, notRead: [],
    additions: 120, deletions: 30, changedFiles: 5, riskTier: 'medium', riskReasons: ['150 lines changed'], requiredSignoffs: 1,
    approvals: [], changesRequested: [], override: null, eligibleSeniors: ['bob', 'carol'], leads: ['lena'], revision: 3, owningTeams: ['platform'],
    requestedAt: '2024-05-01T09:00:00Z', renderedAt: RENDERED, ...over,
  };
}

function hostileView(over: Partial<ReviewRequestView> = {}): ReviewRequestView {
  return view({
    title: EVIL_TITLE, headRef: EVIL_BRANCH, author: EVIL, repo: `acme/${EVIL}`,
    evidence: groupEvidence([{ kind: 'trailer', tool: EVIL, detail: `Co-authored-by: ${EVIL}` }, { kind: 'label', tool: 'Copilot', detail: EVIL_NOTE }]),
    riskReasons: [EVIL, EVIL_NOTE], approvals: [{ reviewer: EVIL, at: RENDERED }],
    changesRequested: [{ reviewer: EVIL_BRANCH, note: EVIL_NOTE }, { reviewer: 'dan', note: EVIL }],
    eligibleSeniors: [EVIL_BRANCH, EVIL], owningTeams: [EVIL], status: 'changes_requested', ...over,
  });
}

function line(over: Partial<ChangeLine> = {}): ChangeLine {
  return {
    changeId: 42, repo: 'acme/api', number: 7, title: 'Fix login redirect', url: URL_, author: 'alice', status: 'awaiting',
    riskTier: 'low', additions: 10, deletions: 2, approvals: 0, requiredSignoffs: 1, requestedAt: '2024-05-01T09:00:00Z', ...over,
  };
}

function notice(kind: NoticeKind, over: Partial<ThreadNoticeView> = {}): ThreadNoticeView {
  return { changeId: 42, kind, actor: 'alice', headSha: HEAD, note: null, approvals: 1, requiredSignoffs: 2, ...over };
}

const modalInput = { changeId: 42, headSha: HEAD, revision: 3, channel: 'C0123', ts: '1714550000.000100', title: 'Fix login redirect', repo: 'acme/api', number: 7 };

// ---- tree walkers ------------------------------------------------------------------


/** Every object of a given `type` in the tree. */
function ofType(tree: unknown, type: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) { node.forEach(walk); return; }
    if (node === null || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o['type'] === type) out.push(o);
    Object.values(o).forEach(walk);
  };
  walk(tree);
  return out;
}

/**
 * Mrkdwn (and the fallback `text`, which Slack parses as mrkdwn) may hold no control
 * sequence but our own link to the PR. plain_text is never parsed, so it is inert.
 */
function expectInert(rendered: { text?: string; blocks: unknown[] }): void {
  const strings = [
    ...(rendered.text !== undefined ? [rendered.text] : []),
    ...textObjects(rendered.blocks).filter((t) => t.type === 'mrkdwn').map((t) => t.text),
  ];
  const trusted = `<${URL_}|`;
  for (const s of strings) {
    const sequences = s.match(/<[^>]*>?/g) ?? [];
    for (const seq of sequences) {
      expect(seq.startsWith(trusted), `control sequence in ${JSON.stringify(s)}`).toBe(true);
      expect(seq.slice(1)).not.toContain('<');
    }
    const outside = s.split(trusted).join('');
    for (const bad of ['<!', '<@', '<#', '<http']) expect(outside).not.toContain(bad);
    // Every & starts an entity we wrote: nothing cut in half, nothing raw.
    expect(s.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
  }
  for (const t of textObjects(rendered.blocks).filter((x) => x.type === 'mrkdwn')) expect(t.verbatim).toBe(true);
}

/** Every Slack limit we know of, over a message or a view. */
function expectWithinLimits(rendered: { text?: string; blocks: unknown[]; type?: string; title?: { text: string } }, maxBlocks: number = LIMITS.messageBlocks): void {
  expect(rendered.blocks.length).toBeLessThanOrEqual(maxBlocks);
  if (rendered.text !== undefined) expect(rendered.text.length).toBeLessThanOrEqual(LIMITS.text);
  if (rendered.title) expect(rendered.title.text.length).toBeLessThanOrEqual(LIMITS.modalTitle);
  for (const t of textObjects(rendered.blocks)) {
    expect(t.text.length).toBeGreaterThan(0);
    expect(t.text.length).toBeLessThanOrEqual(LIMITS.text);
  }
  for (const h of ofType(rendered.blocks, 'header')) expect((h['text'] as TextObject).text.length).toBeLessThanOrEqual(LIMITS.headerText);
  for (const b of ofType(rendered.blocks, 'button')) {
    expect((b['text'] as TextObject).text.length).toBeLessThanOrEqual(LIMITS.buttonText);
    if (typeof b['value'] === 'string') expect(b['value'].length).toBeLessThanOrEqual(LIMITS.buttonValue);
  }
  for (const c of ofType(rendered.blocks, 'context')) expect((c['elements'] as unknown[]).length).toBeLessThanOrEqual(LIMITS.contextElements);
  for (const c of ofType(rendered.blocks, 'checkboxes')) {
    const options = c['options'] as { text: TextObject; description?: TextObject }[];
    expect(options.length).toBeLessThanOrEqual(LIMITS.checkboxOptions);
    for (const o of options) expect(o.text.text.length).toBeLessThanOrEqual(LIMITS.optionText);
  }
}

function allText(rendered: { text?: string; blocks: unknown[] }): string {
  return [rendered.text ?? '', ...textObjects(rendered.blocks).map((t) => t.text)].join('\n');
}

function actionIds(rendered: { blocks: unknown[] }): string[] {
  return ofType(rendered.blocks, 'button').map((b) => String(b['action_id']));
}

// ---- escaping --------------------------------------------------------------------

describe('escapeMrkdwn', () => {
  const cases: { name: string; input: string; want: string }[] = [
    { name: 'ampersandFirst', input: '<!channel> & <@U1|x>', want: '&lt;!channel&gt; &amp; &lt;@U1|x&gt;' },
    { name: 'alreadyEscapedIsEscapedAgain', input: '&lt;', want: '&amp;lt;' },
    { name: 'disguisedLink', input: '<https://evil|Looks safe>', want: '&lt;https://evil|Looks safe&gt;' },
    { name: 'plainTextUntouched', input: 'fix *bold* _it_ @here #general', want: 'fix *bold* _it_ @here #general' },
    { name: 'empty', input: '', want: '' },
  ];
  for (const c of cases) it(c.name, () => expect(escapeMrkdwn(c.input)).toBe(c.want));
});

describe('mrkdwnLink', () => {
  const cases: { name: string; url: string; label: string; want: string }[] = [
    { name: 'escapesLabel', url: URL_, label: '<!channel>', want: `<${URL_}|&lt;!channel&gt;>` },
    { name: 'escapesAmpersandInUrl', url: 'https://x.example/?a=1&b=2', label: 'x', want: '<https://x.example/?a=1&amp;b=2|x>' },
    { name: 'pipeInUrlCannotForgeALabel', url: 'https://x.example/a|Trusted', label: 'x', want: '<https://x.example/a%7CTrusted|x>' },
    { name: 'angleBracketsInUrlEncoded', url: 'https://x.example/<!here>', label: 'x', want: '<https://x.example/%3C!here%3E|x>' },
    { name: 'nonHttpUrlIsNotLinked', url: 'javascript:alert(1)', label: 'x', want: 'x' },
    { name: 'slackSchemeIsNotLinked', url: 'slack://channel', label: '<@U1>', want: '&lt;@U1&gt;' },
  ];
  for (const c of cases) it(c.name, () => expect(mrkdwnLink(c.url, c.label)).toBe(c.want));
});

describe('hostile text renders inert everywhere', () => {
  const statuses: ChangeStatus[] = ['awaiting', 'signed_off', 'changes_requested', 'closed', 'merged', 'not_required'];
  for (const status of statuses) {
    it(`reviewRequest_${status}`, () => {
      const r = renderReviewRequest(hostileView({ status }));
      expectInert(r);
      expect(allText(r)).toContain('&lt;!channel&gt; urgent &lt;https://evil.example|docs&gt;');
      expect(allText(r)).toContain('&lt;@U123&gt;');
      expect(allText(r)).toContain('&lt;!here&gt;');
    });
  }

  const kinds: NoticeKind[] = ['superseded', 'closed', 'merged', 'merged_without_signoff', 'reopened', 'draft', 'ready', 'approved', 'signed_off', 'changes_requested', 'revoked'];
  for (const kind of kinds) {
    it(`threadNotice_${kind}`, () => {
      const r = renderThreadNotice({ ...notice(kind, { actor: EVIL_BRANCH, note: `${EVIL_NOTE}\n${EVIL}`, headSha: EVIL }), previousSha: EVIL_NOTE });
      expectInert(r);
    });
  }

  const evilLine = line({ title: EVIL_TITLE, author: EVIL_BRANCH, repo: EVIL });
  const answers: { name: string; answer: QueryAnswer }[] = [
    { name: 'list', answer: { kind: 'list', title: EVIL, lines: [evilLine, line({ status: 'merged' })], empty: EVIL } },
    { name: 'listEmpty', answer: { kind: 'list', title: 'Pending', lines: [], empty: EVIL_NOTE } },
    { name: 'show', answer: { kind: 'show', view: hostileView() } },
    { name: 'why', answer: { kind: 'why', view: hostileView(), rule: EVIL, missing: EVIL_NOTE } },
    { name: 'audit', answer: { kind: 'audit', subject: EVIL, events: [{ seq: 1, at: EVIL, actor: EVIL_BRANCH, action: EVIL, summary: EVIL_NOTE }] } },
    { name: 'stats', answer: { kind: 'stats', period: EVIL, signoffs: 3, medianSeconds: 600, oldestPending: evilLine, rubberStamps: [{ line: evilLine, reviewer: EVIL_BRANCH, seconds: 12 }] } },
    { name: 'help', answer: { kind: 'help', text: [EVIL, '/signoff show <owner/repo#N>'] } },
    { name: 'error', answer: { kind: 'error', message: EVIL } },
  ];
  for (const a of answers) it(`queryAnswer_${a.name}`, () => expectInert(renderQueryAnswer(a.answer, { now: RENDERED, decisionButtons: true })));

  it('home', () => {
    const home: HomeView = { viewer: EVIL, maySign: [evilLine], maySignTotal: 1, waitingOnOthers: [evilLine], waitingOnOthersTotal: 1, recentlySigned: [], renderedAt: RENDERED };
    expectInert(renderHome(home));
  });
  it('signoffModal', () => {
    expectInert(signoffModal({ ...modalInput, title: EVIL_TITLE, repo: EVIL_BRANCH, attestations: [EVIL, 'x'.repeat(100) + EVIL] }));
  });
  it('requestChangesModal', () => expectInert(requestChangesModal({ ...modalInput, title: EVIL_TITLE, repo: EVIL })));
  it('refusal', () => expectInert(refusalMessage(`${EVIL_NOTE} is not a senior of ${EVIL}`)));
});

// ---- limits ----------------------------------------------------------------------

describe('Slack limits with oversized views', () => {
  it('200SignalsCutWithACount', () => {
    const evidence = groupEvidence(Array.from({ length: 200 }, (_, i) => ({ kind: 'trailer' as const, tool: `Tool ${i}`, detail: `Co-authored-by: Claude ${i}` })));
    const r = renderReviewRequest(view({ evidence }));
    expectWithinLimits(r);
    expect(allText(r)).toMatch(/…and 190 more/);
  });

  it('200LongSignalsStayWithin3000Chars', () => {
    const evidence = groupEvidence(Array.from({ length: 200 }, (_, i) => ({ kind: 'body' as const, tool: `${i}${'x'.repeat(500)}`, detail: '&'.repeat(5000) })));
    const r = renderReviewRequest(view({ evidence, commitsRead: false }));
    expectWithinLimits(r);
    expectInert(r);
    expect(allText(r)).toMatch(/…and \d+ more/);
    expect(allText(r)).toContain('commits not read (no GitHub App)');
  });

  it('10000CharTitle', () => {
    const title = 'a&<'.repeat(3334);
    const r = renderReviewRequest(view({ title, headRef: 'b'.repeat(10_000), author: 'c'.repeat(10_000), riskReasons: Array(100).fill('r'.repeat(1000)) }));
    expectWithinLimits(r);
    expectInert(r);
    const q = renderQueryAnswer({ kind: 'list', title, lines: [line({ title })], empty: '' });
    expectWithinLimits(q);
    expect((q.blocks[0] as { text: { text: string } }).text.text.length).toBeLessThanOrEqual(LIMITS.headerText);
  });

  it('manyPeople', () => {
    const people = Array.from({ length: 300 }, (_, i) => `senior-${i}`);
    const r = renderReviewRequest(view({
      eligibleSeniors: people, owningTeams: people,
      approvals: people.map((p) => ({ reviewer: p, at: RENDERED })),
      changesRequested: people.map((p) => ({ reviewer: p, note: 'n'.repeat(2000) })),
      status: 'changes_requested',
    }));
    expectWithinLimits(r);
    expect(allText(r)).toMatch(/senior-0, senior-1/);
    expect(allText(r)).toMatch(/…and 285 more/);
    expect(allText(r)).toMatch(/…and 290 more/);
  });

  it('500ListLines', () => {
    const lines = Array.from({ length: 500 }, (_, i) => line({ number: i, title: `Change ${i} ${'t'.repeat(300)}` }));
    const r = renderQueryAnswer({ kind: 'list', title: 'Pending sign-offs', lines, empty: 'none' });
    expectWithinLimits(r);
    expect(allText(r)).toMatch(/…and 475 more/);
  });

  it('1000AuditEvents', () => {
    const events = Array.from({ length: 1000 }, (_, i) => ({ seq: i, at: RENDERED, actor: 'alice', action: 'approved', summary: 's'.repeat(500) }));
    const r = renderQueryAnswer({ kind: 'audit', subject: 'acme/api#7', events });
    expectWithinLimits(r);
    expect(allText(r)).toMatch(/…and 970 more/);
  });

  it('statsAndHelpOversized', () => {
    const stamps = Array.from({ length: 100 }, () => ({ line: line({ title: 't'.repeat(1000) }), reviewer: 'bob', seconds: 9 }));
    const s = renderQueryAnswer({ kind: 'stats', period: 'p'.repeat(500), signoffs: 9, medianSeconds: null, oldestPending: null, rubberStamps: stamps });
    expectWithinLimits(s);
    expect(allText(s)).toMatch(/…and 90 more/);
    const h = renderQueryAnswer({ kind: 'help', text: Array(500).fill('h'.repeat(200)) });
    expectWithinLimits(h);
    expect(allText(h)).toMatch(/…and \d+ more/);
    expectWithinLimits(renderQueryAnswer({ kind: 'error', message: 'e'.repeat(10_000) }));
  });

  it('homeWith500LinesPerSectionKeepsAllThreeSections', () => {
    const many = Array.from({ length: 500 }, (_, i) => line({ number: i, title: 'x'.repeat(500) }));
    const h = renderHome({ viewer: 'bob', maySign: many, maySignTotal: 500, waitingOnOthers: many, waitingOnOthersTotal: 500, recentlySigned: many, renderedAt: RENDERED });
    expect(h.type).toBe('home');
    expectWithinLimits(h, LIMITS.viewBlocks);
    const headers = ofType(h.blocks, 'header').map((b) => (b['text'] as TextObject).text);
    expect(headers).toEqual(['You may sign off (500)', 'Waiting on others (500)', 'Recently signed (500)']);
    expect(allText(h).match(/…and 480 more/g)).toHaveLength(3);
  });

  it('homeCountsWhatItDoesNotCarry', () => {
    const few = Array.from({ length: 25 }, (_, i) => line({ number: i }));
    const h = renderHome({ viewer: 'bob', maySign: few, maySignTotal: 3000, waitingOnOthers: [], waitingOnOthersTotal: 0, recentlySigned: [], renderedAt: RENDERED });
    const headers = ofType(h.blocks, 'header').map((b) => (b['text'] as TextObject).text);
    expect(headers[0]).toBe('You may sign off (3000)');
    expect(allText(h)).toContain('…and 2980 more');
  });

  it('modalWithManyLongAttestations', () => {
    const attestations = Array.from({ length: 25 }, (_, i) => `${i}: I read every line of this change and understand it. `.repeat(4));
    const m = signoffModal({ ...modalInput, title: 't'.repeat(10_000), attestations });
    expectWithinLimits(m, LIMITS.viewBlocks);
    const values = ofType(m.blocks, 'checkboxes').flatMap((c) => (c['options'] as { value: string }[]).map((o) => o.value));
    expect(values).toEqual(attestations.map((_, i) => String(i)));
  });
});

describe('limit helpers', () => {
  it('truncateKeepsSurrogatePairsWhole', () => {
    const t = truncate('ab😀cd', 4);
    expect(t).toBe('ab…');
    expect(truncate('short', 10)).toBe('short');
  });

  const clampCases: { name: string; input: string; max: number; want: string }[] = [
    { name: 'fits', input: 'abc', max: 3, want: 'abc' },
    { name: 'backsOffAnEntity', input: 'ab&amp;cd', max: 6, want: 'ab…' },
    { name: 'keepsAWholeEntity', input: 'ab&amp;cd', max: 8, want: 'ab&amp;…' },
    { name: 'backsOffALink', input: `x <${URL_}|label> y`, max: 20, want: 'x …' },
    { name: 'keepsAWholeLink', input: `x <${URL_}|l> yyyyyy`, max: URL_.length + 8, want: `x <${URL_}|l> …` },
  ];
  for (const c of clampCases) it(`clampMrkdwn_${c.name}`, () => {
    const out = clampMrkdwn(c.input, c.max);
    expect(out).toBe(c.want);
    expect(out.length).toBeLessThanOrEqual(c.max);
  });

  it('fitLinesCountsWhatIsLeftOut', () => {
    expect(fitLines(['a', 'b', 'c'], { maxItems: 2 })).toBe('a\nb\n…and 1 more');
    expect(fitLines(['a', 'b'], { maxItems: 2 })).toBe('a\nb');
    const out = fitLines(Array(100).fill('x'.repeat(100)), { maxItems: 100, maxChars: 500 });
    expect(out.length).toBeLessThanOrEqual(500);
    expect(out).toMatch(/…and 96 more$/);
  });

  it('packLinesSplitsIntoChunks', () => {
    const { chunks, omitted } = packLines(Array(100).fill('y'.repeat(1000)), { maxItems: 100, maxChunks: 5, maxChars: 3000 });
    expect(chunks).toHaveLength(5);
    for (const c of chunks) expect(c.length).toBeLessThanOrEqual(3000);
    expect(omitted).toBe(90);
  });

  it('joinInline', () => {
    expect(joinInline(['a', 'b', 'c'], { maxItems: 2, maxChars: 100 })).toBe('a, b …and 1 more');
    expect(joinInline(['a', 'b'], { maxItems: 5, maxChars: 100, sep: '; ' })).toBe('a; b');
  });

  it('fitBlocksKeepsTheButtons', () => {
    const blocks = [...Array.from({ length: 60 }, () => ({ type: 'section' })), { type: 'actions' }];
    const out = fitBlocks(blocks, 50, (n) => ({ type: `more ${n}` }));
    expect(out).toHaveLength(50);
    expect(out[48]).toEqual({ type: 'more 12' });
    expect(out[49]).toEqual({ type: 'actions' });
  });
});

// ---- review request --------------------------------------------------------------

describe('renderReviewRequest buttons', () => {
  const signed = [{ reviewer: 'bob', at: RENDERED }];
  const { signoff, claim, requestChanges, override, revoke, view: viewId } = ACTION_IDS;
  const cases: { name: string; over: Partial<ReviewRequestView>; want: string[] }[] = [
    { name: 'awaiting', over: { status: 'awaiting' }, want: [signoff, claim, requestChanges, override, viewId] },
    { name: 'awaitingWithOneOfTwo', over: { status: 'awaiting', requiredSignoffs: 2, approvals: signed }, want: [signoff, claim, requestChanges, override, revoke, viewId] },
    { name: 'changesRequested', over: { status: 'changes_requested' }, want: [signoff, requestChanges, override, viewId] },
    { name: 'signedOff', over: { status: 'signed_off', approvals: signed }, want: [revoke, viewId] },
    { name: 'closed', over: { status: 'closed', approvals: signed }, want: [viewId] },
    { name: 'merged', over: { status: 'merged', approvals: signed }, want: [viewId] },
    { name: 'draft', over: { status: 'awaiting', draft: true }, want: [viewId] },
    { name: 'notRequired', over: { status: 'not_required' }, want: [viewId] },
    { name: 'unlinkableUrl', over: { status: 'closed', url: 'javascript:alert(1)' }, want: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const r = renderReviewRequest(view(c.over));
      expect(actionIds(r)).toEqual(c.want);
      const actions = ofType(r.blocks, 'actions');
      if (c.want.length > 0) expect(actions.map((a) => a['block_id'])).toEqual([BLOCK_IDS.actions]);
      else expect(actions).toEqual([]);
    });
  }

  it('signOffIsPrimaryAndViewLinksToThePR', () => {
    const buttons = ofType(renderReviewRequest(view()).blocks, 'button');
    expect(buttons.find((b) => b['action_id'] === ACTION_IDS.signoff)?.['style']).toBe('primary');
    expect(buttons.find((b) => b['action_id'] === ACTION_IDS.view)?.['url']).toBe(URL_);
    expect(buttons.map((b) => (b['text'] as TextObject).text)).toEqual(['Sign off', "I'm on it", 'Request changes', 'Override (leads)', 'View on GitHub']);
  });

  it('buttonValueRoundTrips', () => {
    for (const b of ofType(renderReviewRequest(view({ approvals: [{ reviewer: 'bob', at: RENDERED }], requiredSignoffs: 2 })).blocks, 'button')) {
      const value = String(b['value']);
      expect(value.length).toBeLessThanOrEqual(LIMITS.buttonValue);
      expect(JSON.parse(value)).toEqual({ c: 42, s: HEAD });
      expect(decodeButtonValue(value)).toEqual({ changeId: 42, headSha: HEAD });
    }
  });

  const badValues: (string | undefined)[] = [undefined, '', 'nope', '[]', '{"c":"42","s":"x"}', '{"c":42}', '{"c":1.5,"s":"x"}', 'null'];
  for (const v of badValues) it(`decodeRejects_${JSON.stringify(v)}`, () => expect(decodeButtonValue(v)).toBeNull());

  it('encodeRefusesAValueSlackWouldReject', () => {
    expect(() => encodeButtonValue({ changeId: 1, headSha: 'f'.repeat(3000) })).toThrow(RangeError);
  });
});

describe('renderReviewRequest content', () => {
  it('showsWhatASeniorNeeds', () => {
    const r = renderReviewRequest(view({
      requiredSignoffs: 2, approvals: [{ reviewer: 'bob', at: RENDERED }], riskTier: 'high', riskReasons: ['touches src/auth/**', '1,240 lines changed'],
      changesRequested: [{ reviewer: 'dan', note: 'please add tests' }, { reviewer: 'erin', note: null }], status: 'changes_requested',
      evidence: groupEvidence([{ kind: 'trailer', tool: 'Claude', detail: 'Co-authored-by: Claude <noreply@anthropic.com>' }]),
    }));
    const text = allText(r);
    expect(text).toContain(`<${URL_}|Fix login redirect>`);
    expect(text).toContain('acme/api#7');
    expect(text).toContain('by alice');
    expect(text).toContain('copilot/fix-login @ `def5678`');
    expect(text).toContain('Changes requested');
    expect(text).toContain('+120 \u221230 · 5 files');
    expect(text).toContain('*Risk:* high (touches src/auth/**; 1,240 lines changed)');
    expect(text).toContain('1 of 2 sign-offs');
    expect(text).toContain('*Signed by:* bob');
    expect(text).toContain('*May sign:* bob, carol');
    expect(text).toContain('*dan*: please add tests');
    expect(text).toContain('• *Claude*\n      ◦ commit trailer: Co-authored-by: Claude &lt;noreply@anthropic.com&gt;');
    expect(text).toContain('*Signed by:* bob at 2024-05-01 12:10 UTC');
    expect(text).not.toContain('commits not read');
    expect(text).not.toMatch(/<@|<!/);
  });

  it('saysCommitsWereNotRead', () => {
    expect(allText(renderReviewRequest(view({ commitsRead: false })))).toContain('commits not read (no GitHub App)');
  });

  const statusCases: { name: string; over: Partial<ReviewRequestView>; want: string }[] = [
    { name: 'awaiting', over: {}, want: 'Awaiting sign-off' },
    { name: 'signedOff', over: { status: 'signed_off', approvals: [{ reviewer: 'bob', at: RENDERED }] }, want: 'Signed off' },
    { name: 'changesRequested', over: { status: 'changes_requested' }, want: 'Changes requested' },
    { name: 'closed', over: { status: 'closed' }, want: 'Closed without merging' },
    { name: 'merged', over: { status: 'merged', approvals: [{ reviewer: 'bob', at: RENDERED }] }, want: 'Merged' },
    { name: 'mergedUnsigned', over: { status: 'merged' }, want: 'Merged without the required sign-off' },
    { name: 'draft', over: { draft: true }, want: 'Draft' },
  ];
  for (const c of statusCases) it(`status_${c.name}`, () => {
    const r = renderReviewRequest(view(c.over));
    expect(allText(r)).toContain(`*${c.want}`);
    expect(r.text.startsWith(c.want)).toBe(true);
  });

  it('metadataNamesTheChange', () => {
    const r = renderReviewRequest(view({ status: 'signed_off' }));
    expect(r.metadata).toEqual({ event_type: 'countersign_review_request', event_payload: { change_id: 42, head_sha: HEAD, status: 'signed_off' } });
    expect(allText(r)).toContain('change 42');
  });
});

describe('age', () => {
  const cases: { name: string; ms: number; want: string }[] = [
    { name: 'seconds', ms: 59_000, want: 'under a minute' },
    { name: 'negativeIsNow', ms: -5_000, want: 'under a minute' },
    { name: 'minutes', ms: 42 * 60_000, want: '42m' },
    { name: 'hoursAndMinutes', ms: (3 * 60 + 10) * 60_000, want: '3h 10m' },
    { name: 'wholeHours', ms: 3 * 3_600_000, want: '3h' },
    { name: 'daysAndHours', ms: (2 * 24 + 4) * 3_600_000 + 59 * 60_000, want: '2d 4h' },
    { name: 'wholeDays', ms: 3 * 24 * 3_600_000, want: '3d' },
  ];
  for (const c of cases) it(c.name, () => expect(formatDuration(c.ms)).toBe(c.want));

  it('fromRequestedAtToRenderedAt', () => {
    expect(allText(renderReviewRequest(view()))).toContain('waiting 3h 10m');
    expect(allText(renderReviewRequest(view({ requestedAt: null })))).not.toMatch(/\bwaiting\b/);
    expect(allText(renderReviewRequest(view({ requestedAt: 'not a date' })))).not.toMatch(/\bwaiting\b/);
    expect(allText(renderReviewRequest(view({ status: 'signed_off' })))).not.toMatch(/\bwaiting\b/);
    expect(allText(renderReviewRequest(view({ requestedAt: '2024-05-01T13:00:00Z' })))).toContain('waiting under a minute');
  });
});

// ---- thread notices --------------------------------------------------------------

describe('renderThreadNotice', () => {
  const cases: { kind: NoticeKind; over?: Partial<ThreadNoticeView>; want: string }[] = [
    { kind: 'superseded', want: 'New commits pushed: sign-offs at the previous head no longer count; the change needs sign-off again at `def5678`.' },
    { kind: 'approved', want: 'alice signed off at `def5678` (1 of 2).' },
    { kind: 'signed_off', over: { approvals: 2 }, want: 'alice signed off at `def5678`: the change is signed off at `def5678` (2 of 2).' },
    { kind: 'changes_requested', over: { actor: 'bob', note: 'add tests' }, want: 'bob requested changes at `def5678`.' },
    { kind: 'revoked', over: { approvals: 0 }, want: 'alice revoked their sign-off at `def5678` (0 of 2).' },
    { kind: 'closed', over: { actor: null }, want: 'Closed without merging.' },
    { kind: 'merged', want: 'Merged at `def5678` by alice.' },
    { kind: 'merged_without_signoff', over: { approvals: 0 }, want: '*Merged at `def5678` without the required sign-off (0 of 2), by alice. This is recorded in the audit trail.*' },
    { kind: 'reopened', want: 'Reopened by alice' },
    { kind: 'draft', want: 'Converted to draft by alice' },
    { kind: 'ready', want: 'Ready for review (alice): the change needs sign-off at `def5678` (1 of 2).' },
  ];
  for (const c of cases) {
    it(c.kind, () => {
      const r = renderThreadNotice(notice(c.kind, c.over));
      expect(r.blocks[0]).toMatchObject({ type: 'section' });
      expect(allText(r)).toContain(c.want);
      expect(r.text).toContain(c.want);
      expectWithinLimits(r);
    });
  }

  it('supersededNamesThePreviousHeadWhenKnown', () => {
    const r = renderThreadNotice({ ...notice('superseded', { approvals: 0 }), previousSha: OLD });
    expect(r.text).toContain('New commits pushed: sign-offs at `abc1234` no longer count; the change needs sign-off again at `def5678`.');
  });

  it('mergedWithoutSignoffIsAWarning', () => {
    expect(renderThreadNotice(notice('merged_without_signoff')).text).toMatch(/^:rotating_light:/);
  });

  it('noteIsQuotedWithItsLines', () => {
    const r = renderThreadNotice(notice('changes_requested', { note: 'line one\n> not a quote <!here>' }));
    expect((r.blocks[1] as { text: { text: string } }).text.text).toBe('>line one\n>&gt; not a quote &lt;!here&gt;');
  });

  it('hugeNoteStaysWithinLimits', () => {
    const r = renderThreadNotice(notice('changes_requested', { note: '&<\n'.repeat(5000) }));
    expectWithinLimits(r);
    expectInert(r);
  });
});

// ---- query answers and home ------------------------------------------------------

describe('renderQueryAnswer', () => {
  it('listShowsLinesOrTheEmptyLine', () => {
    const r = renderQueryAnswer({ kind: 'list', title: 'Pending sign-offs', lines: [line()], empty: 'Nothing pending.' }, { now: RENDERED });
    expect(ofType(r.blocks, 'header')).toHaveLength(1);
    expect(allText(r)).toContain(`*<${URL_}|acme/api#7>* Fix login redirect · by alice · +10 \u22122 · low risk · 0/1 signed · waiting 3h 10m`);
    const empty = renderQueryAnswer({ kind: 'list', title: 'Pending sign-offs', lines: [], empty: 'Nothing pending.' });
    expect(allText(empty)).toContain('Nothing pending.');
  });

  it('showIsReadOnlyByDefault', () => {
    expect(actionIds(renderQueryAnswer({ kind: 'show', view: view() }))).toEqual([ACTION_IDS.view]);
    expect(actionIds(renderQueryAnswer({ kind: 'show', view: view() }, { decisionButtons: true }))).toEqual([ACTION_IDS.signoff, ACTION_IDS.claim, ACTION_IDS.requestChanges, ACTION_IDS.override, ACTION_IDS.view]);
  });

  it('whySaysWhatIsMissing', () => {
    const r = renderQueryAnswer({ kind: 'why', view: view(), rule: 'AI-assisted (branch copilot/)', missing: '1 sign-off from platform seniors' });
    expect(allText(r)).toContain('*Still missing:* 1 sign-off from platform seniors');
  });

  it('auditListsEvents', () => {
    const r = renderQueryAnswer({ kind: 'audit', subject: 'acme/api#7', events: [{ seq: 3, at: '2024-05-01T10:00:00Z', actor: 'bob', action: 'approved', summary: 'signed off at def5678' }] });
    expect(allText(r)).toContain('• `#3` 2024-05-01 10:00 UTC · *bob* · approved: signed off at def5678');
    expect(allText(renderQueryAnswer({ kind: 'audit', subject: 'x', events: [] }))).toContain('No audit events');
  });

  it('stats', () => {
    const r = renderQueryAnswer({ kind: 'stats', period: 'last 7 days', signoffs: 12, medianSeconds: 3 * 3600, oldestPending: line(), rubberStamps: [{ line: line({ additions: 2000 }), reviewer: 'bob', seconds: 14 }] });
    const text = allText(r);
    expect(text).toContain('*Sign-offs:* 12');
    expect(text).toContain('*Median time to sign-off:* 3h');
    expect(text).toContain('*bob* in 14s');
    expect(allText(renderQueryAnswer({ kind: 'stats', period: 'p', signoffs: 0, medianSeconds: null, oldestPending: null, rubberStamps: [] }))).toContain('*Oldest pending:* none');
  });

  it('helpAndError', () => {
    expect(allText(renderQueryAnswer({ kind: 'help', text: ['/signoff pending', '/signoff show owner/repo#N'] }))).toContain('/signoff pending\n/signoff show owner/repo#N');
    const e = renderQueryAnswer({ kind: 'error', message: 'No such change: acme/api#999' });
    expect(e.text).toBe('No such change: acme/api#999');
  });
});

describe('renderHome', () => {
  it('threeSectionsWithEmptyStates', () => {
    const h = renderHome({ viewer: 'bob', maySign: [line()], maySignTotal: 1, waitingOnOthers: [], waitingOnOthersTotal: 0, recentlySigned: [], renderedAt: RENDERED });
    expect(h.type).toBe('home');
    const text = allText(h);
    expect(text).toContain('You may sign off (1)');
    expect(text).toContain('waiting 3h 10m');
    expect(text).toContain('None of your changes is waiting for a sign-off.');
    expect(text).toContain('You have not signed anything off recently.');
    const all = allText(renderHome({ viewer: null, maySign: [], maySignTotal: 0, waitingOnOthers: [], waitingOnOthersTotal: 0, recentlySigned: [], renderedAt: RENDERED }));
    expect(all).toContain('Nothing is waiting for your sign-off.');
    expect(all).toContain('does not know your GitHub login');
  });
});

// ---- modals and refusals ---------------------------------------------------------

describe('modals', () => {
  it('signoffModalIds', () => {
    const m = signoffModal({ ...modalInput, attestations: ['I read the whole diff', 'I ran the tests'] });
    expect(m.type).toBe('modal');
    expect(m.callback_id).toBe(CALLBACK_IDS.signoffModal);
    expect(m.callback_id).toBe('countersign_signoff_modal');
    expect(JSON.parse(m.private_metadata!)).toEqual({ c: 42, s: HEAD, r: 3, ch: 'C0123', ts: '1714550000.000100' });
    expect(decodePrivateMetadata(m.private_metadata)).toEqual({ changeId: 42, headSha: HEAD, revision: 3, channel: 'C0123', ts: '1714550000.000100' });
    expect(m.title.text).toBe('Sign off');
    expect(m.submit?.text).toBe('Sign off');
    expect(m.close?.text).toBe('Cancel');
    const attest = m.blocks.find((b) => b.block_id === 'attest') as unknown as { optional?: boolean; element: { type: string; action_id: string; options: { text: TextObject; value: string }[] } };
    expect(attest.optional).toBeFalsy();
    expect(attest.element.type).toBe('checkboxes');
    expect(attest.element.action_id).toBe('boxes');
    expect(attest.element.options.map((o) => [o.value, o.text.type, o.text.text])).toEqual([['0', 'plain_text', 'I read the whole diff'], ['1', 'plain_text', 'I ran the tests']]);
    const note = m.blocks.find((b) => b.block_id === 'note') as unknown as { optional: boolean; element: Record<string, unknown> };
    expect(note.optional).toBe(true);
    expect(note.element).toMatchObject({ type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 2000 });
    expectWithinLimits(m, LIMITS.viewBlocks);
  });

  it('longAttestationIsCutWithAnEllipsisAndShownInFull', () => {
    const long = `I confirm ${'that this change is safe '.repeat(10)}end`;
    const m = signoffModal({ ...modalInput, attestations: [long] });
    const option = ofType(m.blocks, 'checkboxes')[0]!['options'] as { text: TextObject }[];
    expect(option[0]!.text.text.length).toBeLessThanOrEqual(75);
    expect(option[0]!.text.text.endsWith('…')).toBe(true);
    expect(allText(m)).toContain(`1. ${long}`);
  });

  it('moreThanTenAttestationsSpillIntoMoreGroups', () => {
    const m = signoffModal({ ...modalInput, attestations: Array.from({ length: 12 }, (_, i) => `statement ${i}`) });
    expect(m.blocks.filter((b) => b.type === 'input').map((b) => b.block_id)).toEqual(['attest', 'attest_2', 'note']);
  });

  it('requestChangesModalIds', () => {
    const m = requestChangesModal(modalInput);
    expect(m.callback_id).toBe('countersign_request_changes_modal');
    expect(m.callback_id).toBe(CALLBACK_IDS.requestChangesModal);
    expect(JSON.parse(m.private_metadata!)).toEqual({ c: 42, s: HEAD, r: 3, ch: 'C0123', ts: '1714550000.000100' });
    const reason = m.blocks.find((b) => b.block_id === 'reason') as unknown as { optional?: boolean; element: Record<string, unknown> };
    expect(reason.optional).toBeFalsy();
    expect(reason.element).toMatchObject({ type: 'plain_text_input', action_id: 'value', multiline: true });
    expect(m.title.text.length).toBeLessThanOrEqual(24);
    expect(m.submit?.text.length).toBeLessThanOrEqual(24);
    expectWithinLimits(m, LIMITS.viewBlocks);
  });

  const badMetadata: (string | undefined)[] = [undefined, '{"c":1,"s":"x"}', '{"c":1,"s":"x","ch":1,"ts":"1"}', 'garbage'];
  for (const v of badMetadata) it(`decodePrivateMetadataRejects_${JSON.stringify(v)}`, () => expect(decodePrivateMetadata(v)).toBeNull());
});

describe('refusalMessage', () => {
  it('saysWhyPrivately', () => {
    const r = refusalMessage('You authored a commit of this change, so you cannot sign it off.');
    expect(r.text).toBe('You authored a commit of this change, so you cannot sign it off.');
    expect(allText(r)).toContain(':no_entry: You authored a commit');
    expectWithinLimits(refusalMessage('x'.repeat(10_000)));
  });
});
