import { describe, it, expect } from 'vitest';
import { chooseAssignee, type AssignmentInput } from '../../src/domain/assignment.js';

const TODAY = '2024-05-01';
const SENIORS = ['Alice', 'bob', 'Carol', 'dan'];

function input(over: Partial<Omit<AssignmentInput, 'openAssignments' | 'away'>> & { open?: Record<string, number>; away?: Record<string, string> } = {}): AssignmentInput {
  const { open, away, ...rest } = over;
  return {
    eligible: SENIORS,
    openAssignments: new Map(Object.entries(open ?? {})),
    away: new Map(Object.entries(away ?? {})),
    today: TODAY,
    cap: 5,
    lastAssigned: null,
    ...rest,
  };
}

describe('chooseAssignee', () => {
  const cases: { name: string; input: AssignmentInput; want: string | null }[] = [
    // Load first.
    { name: 'fewestOpenAssignmentsWins', input: input({ open: { alice: 2, bob: 1, carol: 0, dan: 3 } }), want: 'Carol' },
    { name: 'missingFromOpenAssignmentsCountsAsZero', input: input({ open: { alice: 1, bob: 1, carol: 1 } }), want: 'dan' },
    { name: 'loadBeatsRoundRobinTurn', input: input({ open: { alice: 0, bob: 1, carol: 1, dan: 1 }, lastAssigned: 'Alice' }), want: 'Alice' },
    // Round-robin among equals.
    { name: 'noPreviousAssigneeStartsAtTheTopOfConfig', input: input(), want: 'Alice' },
    { name: 'tieGoesToTheNextAfterLastAssigned', input: input({ lastAssigned: 'bob' }), want: 'Carol' },
    { name: 'tieWrapsAroundAfterTheLastInConfig', input: input({ lastAssigned: 'dan' }), want: 'Alice' },
    { name: 'tieSkipsPeopleWithMoreLoad', input: input({ open: { carol: 1 }, lastAssigned: 'bob' }), want: 'dan' },
    { name: 'tieWrapsPastLoadedPeople', input: input({ open: { dan: 2, alice: 2 }, lastAssigned: 'Carol' }), want: 'bob' },
    { name: 'lastAssignedGoesLastAmongEquals', input: input({ eligible: ['Alice', 'bob'], lastAssigned: 'Alice' }), want: 'bob' },
    { name: 'lastAssignedIsChosenWhenTheOnlyOneLeft', input: input({ eligible: ['Alice'], lastAssigned: 'alice' }), want: 'Alice' },
    { name: 'lastAssignedNotEligibleStartsAtTheTop', input: input({ lastAssigned: 'zed' }), want: 'Alice' },
    { name: 'lastAssignedComparedCaseInsensitively', input: input({ lastAssigned: 'ALICE' }), want: 'bob' },
    // Away.
    { name: 'awayUntilTodayIsSkipped', input: input({ away: { alice: TODAY } }), want: 'bob' },
    { name: 'awayUntilLaterIsSkipped', input: input({ away: { alice: '2024-06-30' } }), want: 'bob' },
    { name: 'backTodayAfterAwayUntilYesterday', input: input({ away: { alice: '2024-04-30' } }), want: 'Alice' },
    { name: 'awayAcrossAYearBoundary', input: input({ today: '2024-12-31', away: { alice: '2025-01-02' } }), want: 'bob' },
    { name: 'awayKeyComparedCaseInsensitively', input: input({ away: { ALICE: TODAY } }), want: 'bob' },
    { name: 'awayWithAMalformedDateIsIgnored', input: input({ away: { alice: 'next week' } }), want: 'Alice' },
    { name: 'awayPersonWithLeastLoadIsStillSkipped', input: input({ open: { bob: 1, carol: 1, dan: 1 }, away: { alice: TODAY } }), want: 'bob' },
    // Cap.
    { name: 'atCapIsSkipped', input: input({ cap: 2, open: { alice: 2, bob: 2, carol: 1, dan: 2 } }), want: 'Carol' },
    { name: 'everyoneAtCapIsNobody', input: input({ cap: 2, open: { alice: 2, bob: 2, carol: 2, dan: 3 } }), want: null },
    { name: 'zeroCapIsNobody', input: input({ cap: 0 }), want: null },
    { name: 'infiniteCapMeansNoCap', input: input({ cap: Infinity, open: { alice: 1000, bob: 999, carol: 1000, dan: 1000 } }), want: 'bob' },
    { name: 'openAssignmentsKeyComparedCaseInsensitively', input: input({ cap: 1, open: { ALICE: 1 } }), want: 'bob' },
    // Exclude.
    { name: 'excludedIsNeverChosen', input: input({ exclude: ['Alice'] }), want: 'bob' },
    { name: 'excludedComparedCaseInsensitively', input: input({ eligible: ['Alice'], exclude: ['alice'] }), want: null },
    { name: 'reassignMovesToTheNextNotBackToTheCurrent', input: input({ open: { carol: 1 }, lastAssigned: 'Carol', exclude: ['Carol'] }), want: 'dan' },
    // Nobody, and odd rosters.
    { name: 'noEligibleSeniorsIsNobody', input: input({ eligible: [] }), want: null },
    { name: 'everyoneAwayIsNobody', input: input({ away: { alice: TODAY, bob: TODAY, carol: TODAY, dan: TODAY } }), want: null },
    { name: 'awayExcludedOrFullIsNobody', input: input({ cap: 1, open: { carol: 1 }, away: { alice: TODAY, dan: '2024-05-02' }, exclude: ['BOB'] }), want: null },
    { name: 'returnedAsWrittenInConfig', input: input({ eligible: ['CaRoL'] }), want: 'CaRoL' },
    { name: 'duplicateInConfigCountsOnceAtItsFirstPlace', input: input({ eligible: ['Alice', 'bob', 'ALICE'], lastAssigned: 'bob' }), want: 'Alice' },
    { name: 'blankLoginIsIgnored', input: input({ eligible: ['', ' ', 'bob'] }), want: 'bob' },
  ];

  for (const c of cases) {
    it(c.name, () => expect(chooseAssignee(c.input)).toBe(c.want));
  }

  it('todayThatIsNotAnIsoDateIsACallerBug', () => {
    expect(() => chooseAssignee(input({ today: '2024-05-01T09:00:00Z' }))).toThrow(RangeError);
  });

  it('rotatesEvenlyWhenEveryoneStaysEquallyLoaded', () => {
    const picks: (string | null)[] = [];
    let last: string | null = null;
    for (let i = 0; i < 8; i += 1) {
      last = chooseAssignee(input({ lastAssigned: last }));
      picks.push(last);
    }
    expect(picks).toEqual(['Alice', 'bob', 'Carol', 'dan', 'Alice', 'bob', 'Carol', 'dan']);
  });

  it('leavesItsInputsUntouched', () => {
    const i = input({ open: { alice: 1 }, away: { bob: TODAY }, exclude: ['dan'] });
    const before = JSON.stringify({ ...i, openAssignments: [...i.openAssignments], away: [...i.away] });
    chooseAssignee(i);
    expect(JSON.stringify({ ...i, openAssignments: [...i.openAssignments], away: [...i.away] })).toBe(before);
  });
});
