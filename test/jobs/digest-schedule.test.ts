import { afterAll, describe, expect, it } from 'vitest';
import cron from 'node-cron';
import { DateTime } from 'luxon';
import { DigestSchedule } from '../../src/jobs/digest-schedule.js';

/**
 * The computation the digest job used before issue 12, kept as the reference: step
 * through the team's local day minute by minute and take the first minute node-cron
 * matches. Correct but 1,440 steps per team per day. (Luxon's `plus({ minutes: 1 })`
 * is absolute time, so stepping the epoch by 60 s is the same walk, only cheaper.)
 */
function previousFirstMatch(expression: string, zone: string, localDate: string): number | null {
  const task = cron.createTask(expression, () => {}, { timezone: zone });
  try {
    const day = DateTime.fromISO(localDate, { zone });
    const end = day.endOf('day').toMillis();
    for (let t = day.startOf('day').toMillis(); t < end; t += 60_000) {
      if (task.match(new Date(t))) return t;
    }
    return null;
  } finally {
    void task.destroy();
  }
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const made: DigestSchedule[] = [];
const schedule = (expression: string, zone: string) => {
  const s = new DigestSchedule(expression, zone);
  made.push(s);
  return s;
};
afterAll(() => made.forEach((s) => s.dispose()));

describe('DigestSchedule: named cases', () => {
  const cases: { name: string; cron: string; zone: string; date: string; want: string | null }[] = [
    { name: 'defaultOnAWeekday', cron: '0 9 * * 1-5', zone: 'Europe/Berlin', date: '2026-12-01', want: '2026-12-01T08:00:00.000Z' },
    { name: 'defaultNotOnASaturday', cron: '0 9 * * 1-5', zone: 'Europe/Berlin', date: '2026-12-05', want: null },
    { name: 'skippedWallTimeOnSpringForwardHasNoDigest', cron: '30 2 * * *', zone: 'America/New_York', date: '2026-03-08', want: null },
    { name: 'laterMinuteOfASkippedHourIsAlsoSkipped', cron: '0,30 2,3 * * *', zone: 'America/New_York', date: '2026-03-08', want: '2026-03-08T07:00:00.000Z' },
    { name: 'repeatedWallTimeOnFallBackIsDueAtItsFirstInstant', cron: '30 1 * * *', zone: 'America/New_York', date: '2026-11-01', want: '2026-11-01T05:30:00.000Z' },
    { name: 'halfHourShiftOnLordHowe', cron: '15 2 * * *', zone: 'Australia/Lord_Howe', date: '2026-10-04', want: null },
    { name: 'midnightSkippedInSantiago', cron: '0 0 * * *', zone: 'America/Santiago', date: '2026-09-06', want: null },
    { name: 'quarterHourOffsetZone', cron: '0 9 * * *', zone: 'Pacific/Chatham', date: '2026-12-01', want: '2026-11-30T19:15:00.000Z' },
    { name: 'lastDayOfMonth', cron: '0 17 L * *', zone: 'UTC', date: '2026-02-28', want: '2026-02-28T17:00:00.000Z' },
    { name: 'firstMondayOfMonth', cron: '0 9 * * 1#1', zone: 'Asia/Kolkata', date: '2026-12-07', want: '2026-12-07T03:30:00.000Z' },
    { name: 'notTheSecondMonday', cron: '0 9 * * 1#1', zone: 'Asia/Kolkata', date: '2026-12-14', want: null },
    { name: 'dayOfMonthAndWeekdayBothMustMatch', cron: '0 9 13 * 5', zone: 'UTC', date: '2026-11-13', want: '2026-11-13T09:00:00.000Z' },
    { name: 'secondsOtherThanZeroNeverMatchedAWholeMinute', cron: '30 0 9 * * *', zone: 'UTC', date: '2026-12-01', want: null },
    { name: 'sixFieldsWithSecondZero', cron: '0 0 9 * * mon-fri', zone: 'UTC', date: '2026-12-01', want: '2026-12-01T09:00:00.000Z' },
    { name: 'everyMinuteIsDueAtMidnight', cron: '* * * * *', zone: 'Asia/Tokyo', date: '2026-12-01', want: '2026-11-30T15:00:00.000Z' },
    { name: 'earliestOfSeveralTimes', cron: '45 16,8 * * *', zone: 'UTC', date: '2026-12-01', want: '2026-12-01T08:45:00.000Z' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const got = iso(schedule(c.cron, c.zone).firstOn(c.date));
      expect(got).toBe(c.want);
      expect(got).toBe(iso(previousFirstMatch(c.cron, c.zone, c.date)));
    });
  }
});

describe('DigestSchedule: matches the previous computation across DST and odd expressions', () => {
  const expressions = ['0 9 * * 1-5', '30 2 * * *', '0,30 1-3 * * *', '*/20 0 * * *', '59 23 * * *', '0 9 LW * *', '0 9 * * 5L', '0 9 1,15 * *', '0 12 * 3,11 0', '0 0 9 * * *', '5 4 * * sun'];
  const zonesAndDates: [string, string[]][] = [
    ['America/New_York', ['2026-03-08', '2026-11-01', '2026-11-02']],
    ['Europe/Berlin', ['2026-03-29', '2026-10-25', '2026-10-30']],
    ['Australia/Lord_Howe', ['2026-04-05', '2026-10-04']],
    ['America/Santiago', ['2026-04-05', '2026-09-06']],
    ['Asia/Kolkata', ['2026-01-31']],
  ];
  for (const [zone, dates] of zonesAndDates) {
    it(zone, () => {
      for (const expression of expressions) {
        const s = schedule(expression, zone);
        for (const date of dates) expect({ expression, date, at: iso(s.firstOn(date)) }).toEqual({ expression, date, at: iso(previousFirstMatch(expression, zone, date)) });
      }
    });
  }
});

describe('DigestSchedule: localDate', () => {
  it('is the team’s date, not UTC’s', () => {
    expect(schedule('0 9 * * *', 'Pacific/Auckland').localDate(new Date('2026-12-01T12:00:00Z'))).toBe('2026-12-02');
    expect(schedule('0 9 * * *', 'America/Los_Angeles').localDate(new Date('2026-12-01T03:00:00Z'))).toBe('2026-11-30');
  });
});
