import { describe, it, expect } from 'vitest';
import { buildDigest, DIGEST_LIST_ITEMS, digestWindowStart, queuePlace, type DigestChange, type DigestInput } from '../../src/domain/digest.js';

const NOW = new Date('2024-05-02T09:00:00Z');
const LOCAL_DATE = '2024-05-02';

function change(over: Partial<DigestChange> = {}): DigestChange {
  return {
    changeId: 1, repo: 'acme/api', number: 1, title: 'Fix login', url: 'https://github.com/acme/api/pull/1', author: 'junior',
    riskTier: 'low', additions: 10, deletions: 2, requestedAt: '2024-05-02T08:00:00Z', assignee: null, approvals: [], status: 'awaiting', ...over,
  };
}

function input(over: Partial<DigestInput & { localDate: string }> = {}): DigestInput & { localDate: string } {
  return {
    team: 'platform', now: NOW, localDate: LOCAL_DATE, pending: [], signedSince: [], changesRequested: [], overrides: [], mergedWithoutSignoff: [],
    rubberStampSeconds: 120, rubberStampMinLines: 400, load: new Map(), ...over,
  };
}

const ids = (xs: readonly { changeId: number }[]): number[] => xs.map((x) => x.changeId);

describe('buildDigest: pending order and waiting time', () => {
  const cases: { name: string; pending: DigestChange[]; wantOrder: number[] }[] = [
    {
      name: 'highRiskFirstThenMediumThenLow',
      pending: [change({ changeId: 1, riskTier: 'low' }), change({ changeId: 2, riskTier: 'high' }), change({ changeId: 3, riskTier: 'medium' })],
      wantOrder: [2, 3, 1],
    },
    {
      name: 'oldestFirstWithinATier',
      pending: [
        change({ changeId: 1, requestedAt: '2024-05-02T08:00:00Z' }),
        change({ changeId: 2, requestedAt: '2024-04-30T08:00:00Z' }),
        change({ changeId: 3, requestedAt: '2024-05-01T08:00:00Z' }),
      ],
      wantOrder: [2, 3, 1],
    },
    {
      name: 'riskBeatsAge',
      pending: [change({ changeId: 1, requestedAt: '2024-04-01T00:00:00Z' }), change({ changeId: 2, riskTier: 'high', requestedAt: '2024-05-02T08:59:00Z' })],
      wantOrder: [2, 1],
    },
    {
      name: 'neverRequestedGoesLastInItsTier',
      pending: [change({ changeId: 1, requestedAt: null }), change({ changeId: 2 }), change({ changeId: 3, riskTier: 'high', requestedAt: null })],
      wantOrder: [3, 2, 1],
    },
    {
      name: 'anUnknownTierGoesAfterEveryKnownOne',
      pending: [change({ changeId: 1, riskTier: 'unheard-of' as DigestChange['riskTier'], requestedAt: '2024-04-01T00:00:00Z' }), change({ changeId: 2 }), change({ changeId: 3, riskTier: 'high' })],
      wantOrder: [3, 2, 1],
    },
    {
      name: 'equalAgeFallsBackToChangeId',
      pending: [change({ changeId: 9 }), change({ changeId: 4 })],
      wantOrder: [4, 9],
    },
  ];
  for (const c of cases) it(c.name, () => expect(ids(buildDigest(input({ pending: c.pending })).pending)).toEqual(c.wantOrder));

  const waits: { name: string; requestedAt: string | null; want: number }[] = [
    { name: 'waitingOneHour', requestedAt: '2024-05-02T08:00:00Z', want: 60 },
    { name: 'waitingIsWholeMinutesRoundedDown', requestedAt: '2024-05-02T08:58:30Z', want: 1 },
    { name: 'waitingAcrossDays', requestedAt: '2024-04-30T09:00:00Z', want: 2 * 24 * 60 },
    { name: 'requestInTheFutureWaitsZero', requestedAt: '2024-05-02T10:00:00Z', want: 0 },
    { name: 'neverRequestedWaitsZero', requestedAt: null, want: 0 },
    { name: 'unparsableRequestWaitsZero', requestedAt: 'yesterday', want: 0 },
    { name: 'offsetTimesAreHonoured', requestedAt: '2024-05-02T10:30:00+02:00', want: 30 },
  ];
  for (const w of waits) {
    it(w.name, () => expect(buildDigest(input({ pending: [change({ requestedAt: w.requestedAt })] })).pending[0]!.waitingMinutes).toBe(w.want));
  }

  it('waitingIsMeasuredFromNowNotTheClock', () => {
    const later = buildDigest(input({ now: new Date('2024-05-03T08:00:00Z'), pending: [change()] }));
    expect(later.pending[0]!.waitingMinutes).toBe(24 * 60);
  });
});

describe('buildDigest: rubber stamps', () => {
  const big = { additions: 380, deletions: 20 };
  const cases: { name: string; change: Partial<DigestChange>; list?: 'signedSince' | 'pending' | 'changesRequested'; want: { reviewer: string; seconds: number }[] }[] = [
    { name: 'bigDiffSignedInSecondsIsFlagged', change: { ...big, approvals: [{ reviewer: 'bob', at: '2024-05-02T08:00:45Z' }] }, want: [{ reviewer: 'bob', seconds: 45 }] },
    { name: 'exactlyAtTheSecondsLimitIsFlagged', change: { ...big, approvals: [{ reviewer: 'bob', at: '2024-05-02T08:02:00Z' }] }, want: [{ reviewer: 'bob', seconds: 120 }] },
    { name: 'oneSecondOverTheLimitIsNot', change: { ...big, approvals: [{ reviewer: 'bob', at: '2024-05-02T08:02:01Z' }] }, want: [] },
    { name: 'exactlyMinLinesIsFlagged', change: { additions: 400, deletions: 0, approvals: [{ reviewer: 'bob', at: '2024-05-02T08:00:10Z' }] }, want: [{ reviewer: 'bob', seconds: 10 }] },
    { name: 'smallDiffSignedFastIsFine', change: { additions: 390, deletions: 9, approvals: [{ reviewer: 'bob', at: '2024-05-02T08:00:10Z' }] }, want: [] },
    { name: 'approvalBeforeTheRequestIsNotFlagged', change: { ...big, approvals: [{ reviewer: 'bob', at: '2024-05-02T07:59:00Z' }] }, want: [] },
    { name: 'neverRequestedIsNotFlagged', change: { ...big, requestedAt: null, approvals: [{ reviewer: 'bob', at: '2024-05-02T08:00:10Z' }] }, want: [] },
    {
      name: 'approvalOlderThanTheWindowIsNotFlaggedAgain',
      change: { ...big, requestedAt: '2024-04-30T08:00:00Z', approvals: [{ reviewer: 'bob', at: '2024-04-30T08:00:10Z' }] },
      want: [],
    },
    {
      name: 'eachFastReviewerIsFlaggedFastestFirst',
      change: { ...big, approvals: [{ reviewer: 'carol', at: '2024-05-02T08:01:00Z' }, { reviewer: 'bob', at: '2024-05-02T08:00:05Z' }, { reviewer: 'dan', at: '2024-05-02T08:30:00Z' }] },
      want: [{ reviewer: 'bob', seconds: 5 }, { reviewer: 'carol', seconds: 60 }],
    },
    { name: 'partialApprovalOnAPendingChangeIsFlagged', list: 'pending', change: { ...big, riskTier: 'high', approvals: [{ reviewer: 'bob', at: '2024-05-02T08:00:30Z' }] }, want: [{ reviewer: 'bob', seconds: 30 }] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const view = buildDigest(input({ [c.list ?? 'signedSince']: [change(c.change)] }));
      expect(view.rubberStamps.map((r) => ({ reviewer: r.reviewer, seconds: r.seconds }))).toEqual(c.want);
    });
  }

  it('aChangeInSeveralListsIsFlaggedOnce', () => {
    const c = change({ ...big, approvals: [{ reviewer: 'bob', at: '2024-05-02T08:00:05Z' }] });
    expect(buildDigest(input({ signedSince: [c], pending: [c], changesRequested: [c] })).rubberStamps).toHaveLength(1);
  });

  it('thresholdsComeFromTheInput', () => {
    const c = change({ additions: 50, deletions: 0, approvals: [{ reviewer: 'bob', at: '2024-05-02T08:09:00Z' }] });
    expect(buildDigest(input({ signedSince: [c] })).rubberStamps).toHaveLength(0);
    expect(buildDigest(input({ signedSince: [c], rubberStampMinLines: 50, rubberStampSeconds: 600 })).rubberStamps).toHaveLength(1);
  });
});

describe('buildDigest: the other lists', () => {
  it('signedMostRecentFirst', () => {
    const view = buildDigest(input({
      signedSince: [
        change({ changeId: 1, approvals: [{ reviewer: 'bob', at: '2024-05-01T10:00:00Z' }] }),
        change({ changeId: 2, approvals: [{ reviewer: 'bob', at: '2024-05-01T09:30:00Z' }, { reviewer: 'carol', at: '2024-05-02T08:00:00Z' }] }),
      ],
    }));
    expect(ids(view.signed)).toEqual([2, 1]);
  });

  it('changesRequestedHighRiskThenOldest', () => {
    const view = buildDigest(input({
      changesRequested: [change({ changeId: 1, requestedAt: '2024-04-01T00:00:00Z' }), change({ changeId: 2, riskTier: 'high' }), change({ changeId: 3, requestedAt: '2024-03-01T00:00:00Z' })],
    }));
    expect(ids(view.changesRequested)).toEqual([2, 3, 1]);
  });

  it('overridesAndMergesReadAsATimeline', () => {
    const view = buildDigest(input({
      overrides: [
        { change: change({ changeId: 1 }), by: 'lena', reason: 'hotfix', at: '2024-05-02T07:00:00Z' },
        { change: change({ changeId: 2 }), by: 'lena', reason: 'outage', at: '2024-05-01T12:00:00Z' },
      ],
      mergedWithoutSignoff: [{ change: change({ changeId: 3 }), at: '2024-05-02T06:00:00Z' }, { change: change({ changeId: 4 }), at: '2024-05-01T10:00:00Z' }],
    }));
    expect(view.overrides.map((o) => o.change.changeId)).toEqual([2, 1]);
    expect(view.overrides[1]).toMatchObject({ by: 'lena', reason: 'hotfix' });
    expect(view.mergedWithoutSignoff.map((m) => m.change.changeId)).toEqual([4, 3]);
  });

  it('loadMostLoadedFirstThenByName', () => {
    const view = buildDigest(input({ load: new Map([['carol', 1], ['Bob', 3], ['alice', 1], ['dan', 0]]) }));
    expect(view.load).toEqual([{ senior: 'Bob', open: 3 }, { senior: 'alice', open: 1 }, { senior: 'carol', open: 1 }, { senior: 'dan', open: 0 }]);
  });

  it('echoesTeamAndLocalDate', () => {
    // 09:00 UTC on 2 May is still 1 May in Honolulu: the caller's local date wins.
    const view = buildDigest(input({ team: 'payments', localDate: '2024-05-01' }));
    expect(view).toMatchObject({ team: 'payments', date: '2024-05-01' });
  });

  it('doesNotReorderTheCallersArrays', () => {
    const pending = [change({ changeId: 1 }), change({ changeId: 2, riskTier: 'high' })];
    buildDigest(input({ pending }));
    expect(ids(pending)).toEqual([1, 2]);
  });

  it('invalidNowIsACallerBug', () => {
    expect(() => buildDigest(input({ now: new Date(Number.NaN) }))).toThrow(RangeError);
  });

  it('windowStartIsOneDayBeforeNow', () => {
    expect(digestWindowStart(NOW).toISOString()).toBe('2024-05-01T09:00:00.000Z');
  });
});

describe('buildDigest: a long queue is listed in part and counted in full', () => {
  const many = (n: number, status = 'awaiting') => Array.from({ length: n }, (_, i) => change({ changeId: i + 1, status, requestedAt: new Date(Date.parse('2024-05-01T00:00:00Z') + i * 60_000).toISOString() }));

  it('listsTheOldestAndCountsAll', () => {
    const view = buildDigest(input({ pending: many(DIGEST_LIST_ITEMS + 7) }));
    expect(ids(view.pending)).toEqual(Array.from({ length: DIGEST_LIST_ITEMS }, (_, i) => i + 1));
    expect(view.pendingTotal).toBe(DIGEST_LIST_ITEMS + 7);
  });

  it('takesTheCountFromTheStoreWhenItSentOnlyTheFirst', () => {
    const view = buildDigest(input({ pending: many(3), pendingTotal: 400, changesRequested: many(2, 'changes_requested'), changesRequestedTotal: 90 }));
    expect([view.pending.length, view.pendingTotal, view.changesRequested.length, view.changesRequestedTotal]).toEqual([3, 400, 2, 90]);
  });

  it('aCountedQueueIsNotEmpty', () => {
    expect(buildDigest(input({ pendingTotal: 4 })).empty).toBe(false);
  });
});

describe('buildDigest: empty', () => {
  const cases: { name: string; input: Partial<DigestInput>; want: boolean }[] = [
    { name: 'nothingAtAllIsEmpty', input: {}, want: true },
    { name: 'idleSeniorsAreStillEmpty', input: { load: new Map([['bob', 0], ['carol', 0]]) }, want: true },
    { name: 'pendingIsNotEmpty', input: { pending: [change()] }, want: false },
    { name: 'signedIsNotEmpty', input: { signedSince: [change()] }, want: false },
    { name: 'changesRequestedIsNotEmpty', input: { changesRequested: [change()] }, want: false },
    { name: 'overrideIsNotEmpty', input: { overrides: [{ change: change(), by: 'lena', reason: 'hotfix', at: '2024-05-02T07:00:00Z' }] }, want: false },
    { name: 'mergeWithoutSignoffIsNotEmpty', input: { mergedWithoutSignoff: [{ change: change(), at: '2024-05-02T07:00:00Z' }] }, want: false },
    { name: 'openAssignmentIsNotEmpty', input: { load: new Map([['bob', 2]]) }, want: false },
  ];
  for (const c of cases) it(c.name, () => expect(buildDigest(input(c.input)).empty).toBe(c.want));
});

describe('buildDigest: reverts, incidents and the quality table', () => {
  const trace = (changeId: number, at: string) => ({ change: change({ changeId }), kind: 'reverted' as const, reference: `acme/api#${changeId + 100}`, by: 'dana', at, signers: ['bob'], overriddenBy: null, mergedWithoutSignoff: false });

  it('tracedAreListedOldestFirstAndMakeTheDayWorthReporting', () => {
    const view = buildDigest(input({ traced: [trace(2, '2024-05-02T08:00:00Z'), trace(1, '2024-05-02T07:00:00Z')] }));
    expect(ids(view.traced.map((t) => t.change))).toEqual([1, 2]);
    expect(view.empty).toBe(false);
  });

  it('theQualityTableIsComputedForTheTeamAndAloneIsNoReasonToReport', () => {
    const view = buildDigest(input({ quality: { days: 7, signed: [{ teams: ['platform'], tools: ['Copilot'], signers: ['bob'], lines: 500, signoffs: [{ reviewer: 'bob', formSeconds: 12 }] }], links: [] } }));
    expect(view.quality).toMatchObject({ days: 7, byTeam: [{ name: 'platform', signed: 1, lines: 500, formSeconds: 12, timedSignoffs: 1 }] });
    expect(view.empty).toBe(true);
  });

  it('nothingSignedOrLinkedMeansNoTable', () => {
    expect(buildDigest(input({ quality: { days: 7, signed: [], links: [] } })).quality).toBeNull();
    expect(buildDigest(input()).quality).toBeNull();
  });

  it('aBigDiffSignedSecondsAfterOpeningTheFormIsARubberStampHoweverLongItWaited', () => {
    const c = change({ additions: 900, requestedAt: '2024-05-01T12:00:00Z', approvals: [{ reviewer: 'bob', at: '2024-05-02T08:00:09Z', formOpenedAt: '2024-05-02T08:00:00Z' }] });
    expect(buildDigest(input({ signedSince: [c] })).rubberStamps).toMatchObject([{ reviewer: 'bob', seconds: 9, formSeconds: 9 }]);
    const read = change({ additions: 900, requestedAt: '2024-05-01T12:00:00Z', approvals: [{ reviewer: 'bob', at: '2024-05-02T08:30:00Z', formOpenedAt: '2024-05-02T08:00:00Z' }] });
    expect(buildDigest(input({ signedSince: [read] })).rubberStamps).toEqual([]);
  });
});

describe('queuePlace: where a change is kept for the store to read queues in digest order', () => {
  const cases: { name: string; change: Parameters<typeof queuePlace>[0]; want: ReturnType<typeof queuePlace> }[] = [
    { name: 'awaitingHighRiskRanksFirst', change: { status: 'awaiting', ai_assisted: true, risk_tier: 'high', requested_at: 'T' }, want: { queue: 'awaiting', rank: 0, requestedAt: 'T' } },
    { name: 'neverRequestedRanksAfterRequestedOfItsTier', change: { status: 'awaiting', ai_assisted: true, risk_tier: 'high', requested_at: null }, want: { queue: 'awaiting', rank: 1, requestedAt: null } },
    { name: 'changesRequestedIsItsOwnQueue', change: { status: 'changes_requested', ai_assisted: true, risk_tier: 'low', requested_at: 'T' }, want: { queue: 'changes_requested', rank: 4, requestedAt: 'T' } },
    { name: 'unknownTierRanksAfterKnownOnes', change: { status: 'awaiting', ai_assisted: true, risk_tier: 'unheard-of', requested_at: 'T' }, want: { queue: 'awaiting', rank: 6, requestedAt: 'T' } },
    { name: 'signedOffIsInNoQueue', change: { status: 'signed_off', ai_assisted: true, risk_tier: 'low', requested_at: 'T' }, want: { queue: null, rank: 4, requestedAt: 'T' } },
    { name: 'notAiAssistedIsInNoQueue', change: { status: 'awaiting', ai_assisted: false, risk_tier: 'low', requested_at: 'T' }, want: { queue: null, rank: 4, requestedAt: 'T' } },
  ];
  for (const c of cases) it(c.name, () => expect(queuePlace(c.change)).toEqual(c.want));
});
