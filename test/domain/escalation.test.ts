import { describe, it, expect } from 'vitest';
import type { WorkingCalendar } from '../../src/domain/business-time.js';
import { dueEscalation, type DueEscalation, type EscalationState, type Ladder, type LadderStep } from '../../src/domain/escalation.js';

// Berlin switches to summer time on Sun 29 March 2026 (+01 -> +02) and back on Sun 25 October.
const BERLIN: WorkingCalendar = {
  time_zone: 'Europe/Berlin',
  working_days: [1, 2, 3, 4, 5],
  working_hours: { start: '09:00', end: '17:00' },
  holidays: ['2026-04-03', '2026-04-06'],
};
const AUCKLAND: WorkingCalendar = { ...BERLIN, time_zone: 'Pacific/Auckland' };
const KOLKATA: WorkingCalendar = { ...BERLIN, time_zone: 'Asia/Kolkata', working_hours: { start: '10:00', end: '18:00' }, holidays: [] };
const LOS_ANGELES: WorkingCalendar = { ...BERLIN, time_zone: 'America/Los_Angeles', holidays: [] };

const STEPS: LadderStep[] = [
  { after_minutes: 120, target: 'dm_assignee' },
  { after_minutes: 240, target: 'thread' },
  { after_minutes: 480, target: 'dm_seniors', reassign: true },
  { after_minutes: 960, target: 'dm_leads' },
];
/** The last step (DM the leads) repeats every working day. */
const LADDER: Ladder = { steps: STEPS, repeat_last_every_minutes: 480 };
const NO_REPEAT: Ladder = { steps: STEPS, repeat_last_every_minutes: null };

// Requested Monday 23 March 2026 at 09:00 CET (08:00Z). Due times (Berlin calendar):
// p0 Mon 10:00Z, p1 Mon 12:00Z, p2 Mon 16:00Z (closing), p3 Tue 16:00Z,
// repeats: p4 Wed 25th 16:00Z, p5 Thu 16:00Z, p6 Fri 16:00Z, p7 Mon 30th 15:00Z (CEST).
const MONDAY = '2026-03-23T08:00:00Z';

function state(over: Partial<Omit<EscalationState, 'requested_at' | 'claimed_until' | 'snoozed_until'>> & {
  requested_at?: string; claimed_until?: string; snoozed_until?: string;
} = {}): EscalationState {
  return {
    requested_at: new Date(over.requested_at ?? MONDAY),
    fired: over.fired ?? 0,
    claimed_until: over.claimed_until ? new Date(over.claimed_until) : null,
    snoozed_until: over.snoozed_until ? new Date(over.snoozed_until) : null,
  };
}

/** Compact expectation: fired position (or null), collapsed positions, next due instant. */
interface Want { fire: number | null; repeat?: boolean; collapsed?: number[]; next: string | null }

function summary(d: DueEscalation): Want {
  return {
    fire: d.fire?.position ?? null,
    ...(d.fire ? { repeat: d.fire.repeat } : {}),
    collapsed: d.collapsed,
    next: d.next_due_at?.toISOString() ?? null,
  };
}

describe('dueEscalation', () => {
  const cases: { name: string; state: Parameters<typeof state>[0]; ladder?: Ladder; cal?: WorkingCalendar; now: string; want: Want }[] = [
    { name: 'nothingDueYet', state: {}, now: '2026-03-23T09:00:00Z', want: { fire: null, next: '2026-03-23T10:00:00.000Z' } },
    { name: 'firstStepFiresAtItsInstant', state: {}, now: '2026-03-23T10:00:00Z', want: { fire: 0, repeat: false, next: '2026-03-23T12:00:00.000Z' } },
    { name: 'firedStepDoesNotFireAgain', state: { fired: 1 }, now: '2026-03-23T11:00:00Z', want: { fire: null, next: '2026-03-23T12:00:00.000Z' } },
    { name: 'missedTickCollapsesTheEarlierStep', state: {}, now: '2026-03-23T12:30:00Z', want: { fire: 1, repeat: false, collapsed: [0], next: '2026-03-23T16:00:00.000Z' } },
    { name: 'stepDueAtClosingFiresThen', state: { fired: 2 }, now: '2026-03-23T16:00:00Z', want: { fire: 2, repeat: false, next: '2026-03-24T16:00:00.000Z' } },
    { name: 'downForThreeDaysFiresOnlyTheLatest', state: { fired: 1 }, now: '2026-03-26T10:00:00Z', want: { fire: 4, repeat: true, collapsed: [1, 2, 3], next: '2026-03-26T16:00:00.000Z' } },
    { name: 'repeatOfTheLastStep', state: { fired: 5 }, now: '2026-03-26T16:00:00Z', want: { fire: 5, repeat: true, next: '2026-03-27T16:00:00.000Z' } },
    { name: 'repeatWaitsOverWeekendAndSpringForward', state: { fired: 7 }, now: '2026-03-28T12:00:00Z', want: { fire: null, next: '2026-03-30T15:00:00.000Z' } },
    { name: 'ladderExhaustedWithoutRepeat', state: { fired: 4 }, ladder: NO_REPEAT, now: '2026-03-30T12:00:00Z', want: { fire: null, next: null } },
    { name: 'lastStepFiresThenLadderIsExhausted', state: { fired: 2 }, ladder: NO_REPEAT, now: '2026-03-27T12:00:00Z', want: { fire: 3, repeat: false, collapsed: [2], next: null } },
    { name: 'exhaustedEvenWhileClaimed', state: { fired: 4, claimed_until: '2026-03-30T12:00:00Z' }, ladder: NO_REPEAT, now: '2026-03-27T12:00:00Z', want: { fire: null, next: null } },
    { name: 'emptyLadderNeverFires', state: {}, ladder: { steps: [], repeat_last_every_minutes: 60 }, now: '2026-03-30T12:00:00Z', want: { fire: null, next: null } },
    { name: 'requestOnSaturdayCountsFromMondayOpening', state: { requested_at: '2026-03-28T12:00:00Z' }, now: '2026-03-29T12:00:00Z', want: { fire: null, next: '2026-03-30T09:00:00.000Z' } },
    { name: 'zeroMinuteStepOfAWeekendRequestWaitsForOpening', state: { requested_at: '2026-03-28T12:00:00Z' }, ladder: { steps: [{ after_minutes: 0, target: 'thread' }, ...STEPS], repeat_last_every_minutes: null }, now: '2026-03-30T07:00:00Z', want: { fire: 0, repeat: false, next: '2026-03-30T09:00:00.000Z' } },
    { name: 'zeroMinuteStepNotDueBeforeOpening', state: { requested_at: '2026-03-28T12:00:00Z' }, ladder: { steps: [{ after_minutes: 0, target: 'thread' }], repeat_last_every_minutes: null }, now: '2026-03-30T06:59:00Z', want: { fire: null, next: '2026-03-30T07:00:00.000Z' } },
    { name: 'claimPausesTheLadder', state: { claimed_until: '2026-03-23T13:00:00Z' }, now: '2026-03-23T12:30:00Z', want: { fire: null, next: '2026-03-23T13:00:00.000Z' } },
    { name: 'claimEndingBeforeNextDueLeavesScheduleAlone', state: { claimed_until: '2026-03-23T09:45:00Z' }, now: '2026-03-23T09:30:00Z', want: { fire: null, next: '2026-03-23T10:00:00.000Z' } },
    { name: 'claimEndedCollapsesWhatCameDueDuringIt', state: { claimed_until: '2026-03-23T13:00:00Z' }, now: '2026-03-23T13:00:00Z', want: { fire: 1, repeat: false, collapsed: [0], next: '2026-03-23T16:00:00.000Z' } },
    { name: 'expiredClaimIsIgnored', state: { claimed_until: '2026-03-23T09:30:00Z' }, now: '2026-03-23T10:00:00Z', want: { fire: 0, repeat: false, next: '2026-03-23T12:00:00.000Z' } },
    { name: 'snoozeUntilTomorrow', state: { fired: 1, snoozed_until: '2026-03-24T12:00:00Z' }, now: '2026-03-23T16:30:00Z', want: { fire: null, next: '2026-03-24T12:00:00.000Z' } },
    { name: 'snoozeEndedCollapsesIntoLatest', state: { snoozed_until: '2026-03-24T12:00:00Z' }, now: '2026-03-24T12:00:00Z', want: { fire: 2, repeat: false, collapsed: [0, 1], next: '2026-03-24T16:00:00.000Z' } },
    { name: 'laterOfClaimAndSnoozeWins', state: { claimed_until: '2026-03-23T13:00:00Z', snoozed_until: '2026-03-23T14:00:00Z' }, now: '2026-03-23T13:30:00Z', want: { fire: null, next: '2026-03-23T14:00:00.000Z' } },
    { name: 'pauseEndingFridayEveningResumesAtMondayOpening', state: { fired: 4, claimed_until: '2026-03-27T18:00:00Z' }, now: '2026-03-28T12:00:00Z', want: { fire: null, next: '2026-03-30T07:00:00.000Z' } },
    { name: 'pauseOverTheWeekendCollapsesTheWeeksRepeats', state: { fired: 4, claimed_until: '2026-03-27T18:00:00Z' }, now: '2026-03-30T07:00:00Z', want: { fire: 6, repeat: true, collapsed: [4, 5], next: '2026-03-30T15:00:00.000Z' } },
    { name: 'fallBackWeekendInBerlin', state: { requested_at: '2026-10-23T14:00:00Z' }, now: '2026-10-26T09:00:00Z', want: { fire: 0, repeat: false, next: '2026-10-26T11:00:00.000Z' } },
    { name: 'kolkataTeamOnTheHalfHour', state: { requested_at: '2026-03-27T11:30:00Z' }, cal: KOLKATA, now: '2026-03-30T05:30:00Z', want: { fire: 0, repeat: false, next: '2026-03-30T07:30:00.000Z' } },
    { name: 'aucklandTeamOverEasterAndDstEnd', state: { requested_at: '2026-04-02T02:00:00Z', fired: 1 }, cal: AUCKLAND, now: '2026-04-06T23:00:00Z', want: { fire: 1, repeat: false, next: '2026-04-07T03:00:00.000Z' } },
    { name: 'losAngelesTeamOverSpringForward', state: { requested_at: '2026-03-06T23:00:00Z', fired: 1 }, cal: LOS_ANGELES, now: '2026-03-09T18:00:00Z', want: { fire: 1, repeat: false, next: '2026-03-09T22:00:00.000Z' } },
    { name: 'losAngelesTeamOverFallBack', state: { requested_at: '2026-10-30T23:00:00Z' }, cal: LOS_ANGELES, now: '2026-11-02T18:00:00Z', want: { fire: 0, repeat: false, next: '2026-11-02T20:00:00.000Z' } },
  ];
  it.each(cases)('$name', ({ state: s, ladder, cal, now, want }) => {
    const got = dueEscalation(state(s), ladder ?? LADDER, cal ?? BERLIN, new Date(now));
    expect(summary(got)).toEqual({ collapsed: [], ...want });
  });

  it('returnsTheStepOfTheFiredPosition', () => {
    const got = dueEscalation(state({ fired: 1 }), LADDER, BERLIN, new Date('2026-03-26T10:00:00Z'));
    expect(got.fire).toEqual({ position: 4, step: STEPS[3], repeat: true });
    const reassigning = dueEscalation(state({ fired: 2 }), LADDER, BERLIN, new Date('2026-03-23T16:00:00Z'));
    expect(reassigning.fire?.step).toEqual({ after_minutes: 480, target: 'dm_seniors', reassign: true });
  });

  it('largeSpanCollapsesHundredsOfRepeatsWithoutWalkingThem', () => {
    // 400 working hours after a Monday-morning request, repeating hourly: 24000 minutes,
    // the last step at 960, so repeat k = (24000 - 960) / 60 = 384 is position 3 + 384.
    const hourly: Ladder = { steps: STEPS, repeat_last_every_minutes: 60 };
    const got = dueEscalation(state({ requested_at: '2026-01-05T08:00:00Z', fired: 4 }), hourly, BERLIN, new Date('2026-03-13T16:00:00Z'));
    expect(got.fire).toEqual({ position: 387, step: STEPS[3], repeat: true });
    expect(got.collapsed).toHaveLength(383);
    expect(got.collapsed[0]).toBe(4);
    expect(got.collapsed.at(-1)).toBe(386);
    expect(got.next_due_at?.toISOString()).toBe('2026-03-16T09:00:00.000Z');
  });

  it('frequentSweepsFireEachPositionOnceInOrder', () => {
    // A sweep every 15 minutes for two weeks, persisting fired = position + 1 like the caller.
    const fired: number[] = [];
    let s = state();
    for (let at = Date.parse(MONDAY); at <= Date.parse('2026-04-06T00:00:00Z'); at += 15 * 60_000) {
      const due = dueEscalation(s, LADDER, BERLIN, new Date(at));
      expect(due.collapsed).toEqual([]);
      if (due.fire) {
        fired.push(due.fire.position);
        s = { ...s, fired: due.fire.position + 1 };
      }
    }
    // Mon 23 – Thu 2 April are 9 working days (Good Friday is a holiday): p0–p2 on day 1, then one a day.
    expect(fired).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('restartingTheSameSweepDoesNotRefire', () => {
    const now = new Date('2026-03-26T10:00:00Z');
    const first = dueEscalation(state({ fired: 1 }), LADDER, BERLIN, now);
    const again = dueEscalation(state({ fired: (first.fire?.position ?? 0) + 1 }), LADDER, BERLIN, now);
    expect(again).toEqual({ fire: null, collapsed: [], next_due_at: first.next_due_at });
  });

  const invalid: { name: string; ladder: Ladder; fired?: number; error: RegExp }[] = [
    { name: 'stepsOutOfOrder', ladder: { steps: [STEPS[1]!, STEPS[0]!], repeat_last_every_minutes: null }, error: /step 1 after_minutes 120 must be >= 0 and not before the step above it \(240\)/ },
    { name: 'negativeStep', ladder: { steps: [{ after_minutes: -5, target: 'thread' }], repeat_last_every_minutes: null }, error: /step 0 after_minutes -5/ },
    { name: 'zeroRepeat', ladder: { steps: STEPS, repeat_last_every_minutes: 0 }, error: /repeat_last_every_minutes must be > 0 or null, got 0/ },
    { name: 'negativeFired', ladder: LADDER, fired: -1, error: /fired must be an integer >= 0, got -1/ },
  ];
  it.each(invalid)('rejects_$name', ({ ladder, fired, error }) => {
    expect(() => dueEscalation(state({ fired: fired ?? 0 }), ladder, BERLIN, new Date(MONDAY))).toThrow(error);
  });
});
