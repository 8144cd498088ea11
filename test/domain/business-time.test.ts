import { describe, it, expect } from 'vitest';
import {
  addBusinessMinutes,
  businessMinutesBetween,
  isWorkingTime,
  nextWorkingInstant,
  parseBusinessDuration,
  type WorkingCalendar,
} from '../../src/domain/business-time.js';

// 2026: Berlin leaves CET (+01) for CEST (+02) on Sun 29 March and returns on Sun 25 October;
// Los Angeles goes PST (-08) -> PDT (-07) on Sun 8 March and back on Sun 1 November;
// Auckland leaves NZDT (+13) for NZST (+12) on Sun 5 April; Kolkata is +05:30 all year.
// Good Friday is 3 April and Easter Monday 6 April.
const WEEKDAYS = [1, 2, 3, 4, 5];
const EVERY_DAY = [1, 2, 3, 4, 5, 6, 7];

function cal(over: Partial<WorkingCalendar> = {}): WorkingCalendar {
  return { time_zone: 'Europe/Berlin', working_days: WEEKDAYS, working_hours: { start: '09:00', end: '17:00' }, holidays: ['2026-04-03', '2026-04-06'], ...over };
}
const BERLIN = cal();
const BERLIN_EVERY_DAY = cal({ working_days: EVERY_DAY, holidays: [] });
const BERLIN_NIGHTS = cal({ working_days: EVERY_DAY, working_hours: { start: '00:00', end: '08:00' }, holidays: [] });
/** Opens at 02:30, a wall time that is skipped in March and happens twice in October. */
const BERLIN_EARLY = cal({ working_days: EVERY_DAY, working_hours: { start: '02:30', end: '08:00' }, holidays: [] });
const LA = cal({ time_zone: 'America/Los_Angeles', holidays: [] });
const LA_EVERY_DAY = cal({ time_zone: 'America/Los_Angeles', working_days: EVERY_DAY, holidays: [] });
const AUCKLAND = cal({ time_zone: 'Pacific/Auckland' });
const KOLKATA = cal({ time_zone: 'Asia/Kolkata', working_hours: { start: '10:00', end: '18:00' }, holidays: [] });
const ROUND_THE_CLOCK = cal({ time_zone: 'UTC', working_days: EVERY_DAY, working_hours: { start: '00:00', end: '24:00' }, holidays: [] });

const t = (iso: string) => new Date(iso);

describe('isWorkingTime', () => {
  const cases: { name: string; cal: WorkingCalendar; at: string; want: boolean }[] = [
    { name: 'openingInstantIsWorking', cal: BERLIN, at: '2026-03-27T08:00:00Z', want: true },
    { name: 'closingInstantIsNot', cal: BERLIN, at: '2026-03-27T16:00:00Z', want: false },
    { name: 'minuteBeforeOpeningIsNot', cal: BERLIN, at: '2026-03-27T07:59:00Z', want: false },
    { name: 'saturdayIsNot', cal: BERLIN, at: '2026-03-28T10:00:00Z', want: false },
    { name: 'goodFridayHolidayIsNot', cal: BERLIN, at: '2026-04-03T10:00:00Z', want: false },
    { name: 'afterSpringForwardOpeningMovesAnHourEarlierInUtc', cal: BERLIN, at: '2026-03-30T07:00:00Z', want: true },
    { name: 'afterSpringForwardOldClosingHourIsEvening', cal: BERLIN, at: '2026-03-30T15:30:00Z', want: false },
    { name: 'dstSundayOpensAtLocalNine', cal: BERLIN_EVERY_DAY, at: '2026-03-29T07:00:00Z', want: true },
    { name: 'dstSundayClosesAtLocalFive', cal: BERLIN_EVERY_DAY, at: '2026-03-29T15:00:00Z', want: false },
    { name: 'kolkataOpensOnTheHalfHour', cal: KOLKATA, at: '2026-03-27T04:30:00Z', want: true },
    { name: 'kolkataMinuteBeforeOpening', cal: KOLKATA, at: '2026-03-27T04:29:00Z', want: false },
    { name: 'kolkataClosesOnTheHalfHour', cal: KOLKATA, at: '2026-03-27T12:30:00Z', want: false },
    { name: 'aucklandFridayMorningIsThursdayInUtc', cal: AUCKLAND, at: '2026-03-26T20:00:00Z', want: true },
    { name: 'aucklandSaturdayMorningIsFridayInUtc', cal: AUCKLAND, at: '2026-03-27T20:00:00Z', want: false },
    { name: 'losAngelesMondayAfterSpringForward', cal: LA, at: '2026-03-09T16:00:00Z', want: true },
    { name: 'losAngelesFridayBeforeItIsStillPst', cal: LA, at: '2026-03-06T16:00:00Z', want: false },
    { name: 'fallBackOpeningIsTheFirstOccurrence', cal: BERLIN_EARLY, at: '2026-10-25T00:30:00Z', want: true },
    { name: 'fallBackMinuteBeforeFirstOccurrence', cal: BERLIN_EARLY, at: '2026-10-25T00:29:00Z', want: false },
    { name: 'springForwardOpeningInTheGapMovesForward', cal: BERLIN_EARLY, at: '2026-03-29T01:29:00Z', want: false },
    { name: 'springForwardOpensAfterTheGap', cal: BERLIN_EARLY, at: '2026-03-29T01:30:00Z', want: true },
    { name: 'roundTheClockMidnightIsWorking', cal: ROUND_THE_CLOCK, at: '2026-03-28T00:00:00Z', want: true },
  ];
  it.each(cases)('$name', ({ cal, at, want }) => {
    expect(isWorkingTime(t(at), cal)).toBe(want);
  });
});

describe('nextWorkingInstant', () => {
  const cases: { name: string; cal: WorkingCalendar; at: string; want: string }[] = [
    { name: 'workingTimeIsItself', cal: BERLIN, at: '2026-03-27T10:00:00Z', want: '2026-03-27T10:00:00.000Z' },
    { name: 'earlyMorningWaitsForOpening', cal: BERLIN, at: '2026-03-27T06:00:00Z', want: '2026-03-27T08:00:00.000Z' },
    { name: 'closingInstantMovesToNextWorkingDay', cal: BERLIN, at: '2026-03-27T16:00:00Z', want: '2026-03-30T07:00:00.000Z' },
    { name: 'fridayEveningToMondayAcrossSpringForward', cal: BERLIN, at: '2026-03-27T17:00:00Z', want: '2026-03-30T07:00:00.000Z' },
    { name: 'fridayEveningToMondayAcrossFallBack', cal: BERLIN, at: '2026-10-23T15:00:00Z', want: '2026-10-26T08:00:00.000Z' },
    { name: 'skipsGoodFridayWeekendAndEasterMonday', cal: BERLIN, at: '2026-04-02T16:00:00Z', want: '2026-04-07T07:00:00.000Z' },
    { name: 'aucklandEasterAndDstEndTogether', cal: AUCKLAND, at: '2026-04-02T05:00:00Z', want: '2026-04-06T21:00:00.000Z' },
    { name: 'kolkataSaturdayToMondayHalfPastInUtc', cal: KOLKATA, at: '2026-03-28T06:00:00Z', want: '2026-03-30T04:30:00.000Z' },
    { name: 'losAngelesFridayNightToMondayPdt', cal: LA, at: '2026-03-07T02:00:00Z', want: '2026-03-09T16:00:00.000Z' },
  ];
  it.each(cases)('$name', ({ cal, at, want }) => {
    expect(nextWorkingInstant(t(at), cal).toISOString()).toBe(want);
  });
});

describe('addBusinessMinutes', () => {
  const cases: { name: string; cal: WorkingCalendar; start: string; minutes: number; want: string }[] = [
    { name: 'zeroInWorkingTimeIsStart', cal: BERLIN, start: '2026-03-27T10:00:00Z', minutes: 0, want: '2026-03-27T10:00:00.000Z' },
    { name: 'zeroOutsideIsNextOpening', cal: BERLIN, start: '2026-03-28T10:00:00Z', minutes: 0, want: '2026-03-30T07:00:00.000Z' },
    { name: 'withinOneDay', cal: BERLIN, start: '2026-03-27T08:00:00Z', minutes: 240, want: '2026-03-27T12:00:00.000Z' },
    { name: 'aFullDayEndsAtClosingNotNextMorning', cal: BERLIN, start: '2026-03-27T08:00:00Z', minutes: 480, want: '2026-03-27T16:00:00.000Z' },
    { name: 'requestBeforeOpeningCountsFromOpening', cal: BERLIN, start: '2026-03-27T05:00:00Z', minutes: 30, want: '2026-03-27T08:30:00.000Z' },
    { name: 'requestOnSaturdayCountsFromMonday', cal: BERLIN, start: '2026-03-28T12:00:00Z', minutes: 60, want: '2026-03-30T08:00:00.000Z' },
    { name: 'overTheWeekendOfSpringForward', cal: BERLIN, start: '2026-03-27T14:00:00Z', minutes: 240, want: '2026-03-30T09:00:00.000Z' },
    { name: 'overTheWeekendOfFallBack', cal: BERLIN, start: '2026-10-23T13:00:00Z', minutes: 240, want: '2026-10-26T10:00:00.000Z' },
    { name: 'springForwardDayIsEightHours', cal: BERLIN_EVERY_DAY, start: '2026-03-29T07:00:00Z', minutes: 480, want: '2026-03-29T15:00:00.000Z' },
    { name: 'fallBackDayIsEightHours', cal: BERLIN_EVERY_DAY, start: '2026-10-25T08:00:00Z', minutes: 480, want: '2026-10-25T16:00:00.000Z' },
    { name: 'saturdayIntoDstSunday', cal: BERLIN_EVERY_DAY, start: '2026-03-28T15:00:00Z', minutes: 120, want: '2026-03-29T08:00:00.000Z' },
    { name: 'skipsEasterHolidays', cal: BERLIN, start: '2026-04-02T13:00:00Z', minutes: 180, want: '2026-04-07T08:00:00.000Z' },
    { name: 'losAngelesOverSpringForwardWeekend', cal: LA, start: '2026-03-07T00:00:00Z', minutes: 120, want: '2026-03-09T17:00:00.000Z' },
    { name: 'losAngelesOverFallBackWeekend', cal: LA, start: '2026-10-30T23:00:00Z', minutes: 120, want: '2026-11-02T18:00:00.000Z' },
    { name: 'losAngelesSpringForwardDayIsEightHours', cal: LA_EVERY_DAY, start: '2026-03-08T16:00:00Z', minutes: 480, want: '2026-03-09T00:00:00.000Z' },
    { name: 'losAngelesFallBackDayIsEightHours', cal: LA_EVERY_DAY, start: '2026-11-01T17:00:00Z', minutes: 480, want: '2026-11-02T01:00:00.000Z' },
    { name: 'aucklandFridayAfternoonToMonday', cal: AUCKLAND, start: '2026-03-27T03:00:00Z', minutes: 120, want: '2026-03-29T21:00:00.000Z' },
    { name: 'aucklandOverEasterAndDstEnd', cal: AUCKLAND, start: '2026-04-02T03:00:00Z', minutes: 120, want: '2026-04-06T22:00:00.000Z' },
    { name: 'kolkataFridayEveningToMonday', cal: KOLKATA, start: '2026-03-27T12:00:00Z', minutes: 60, want: '2026-03-30T05:00:00.000Z' },
    { name: 'fourHundredHoursIsTenWorkingWeeks', cal: BERLIN, start: '2026-01-05T08:00:00Z', minutes: 400 * 60, want: '2026-03-13T16:00:00.000Z' },
    { name: 'fourHundredHoursOverDstAndEaster', cal: BERLIN, start: '2026-03-02T08:00:00Z', minutes: 400 * 60, want: '2026-05-12T15:00:00.000Z' },
    { name: 'tenYearsRoundTheClock', cal: ROUND_THE_CLOCK, start: '2026-01-01T00:00:00Z', minutes: 3652 * 1440, want: '2036-01-01T00:00:00.000Z' },
  ];
  it.each(cases)('$name', ({ cal, start, minutes, want }) => {
    expect(addBusinessMinutes(t(start), minutes, cal).toISOString()).toBe(want);
  });

  it('rejectsNegativeMinutes', () => {
    expect(() => addBusinessMinutes(t('2026-03-27T08:00:00Z'), -1, BERLIN)).toThrow(/minutes must be a finite number >= 0/);
  });
});

describe('businessMinutesBetween', () => {
  const cases: { name: string; cal: WorkingCalendar; a: string; b: string; want: number }[] = [
    { name: 'bBeforeAIsZero', cal: BERLIN, a: '2026-03-27T12:00:00Z', b: '2026-03-27T10:00:00Z', want: 0 },
    { name: 'sameInstantIsZero', cal: BERLIN, a: '2026-03-27T12:00:00Z', b: '2026-03-27T12:00:00Z', want: 0 },
    { name: 'withinOneDay', cal: BERLIN, a: '2026-03-27T08:00:00Z', b: '2026-03-27T10:30:00Z', want: 150 },
    { name: 'wholeWeekendIsZero', cal: BERLIN, a: '2026-03-27T16:00:00Z', b: '2026-03-30T07:00:00Z', want: 0 },
    { name: 'acrossSpringForwardWeekend', cal: BERLIN, a: '2026-03-27T15:00:00Z', b: '2026-03-30T08:00:00Z', want: 120 },
    { name: 'easterHolidaysCountNothing', cal: BERLIN, a: '2026-04-02T00:00:00Z', b: '2026-04-08T00:00:00Z', want: 480 * 2 },
    { name: 'nightShiftOnSpringForwardIsSevenHours', cal: BERLIN_NIGHTS, a: '2026-03-28T22:00:00Z', b: '2026-03-29T22:00:00Z', want: 420 },
    { name: 'nightShiftOnFallBackIsNineHours', cal: BERLIN_NIGHTS, a: '2026-10-24T21:00:00Z', b: '2026-10-25T21:00:00Z', want: 540 },
    { name: 'openingInTheSpringGapShortensTheDay', cal: BERLIN_EARLY, a: '2026-03-28T12:00:00Z', b: '2026-03-29T12:00:00Z', want: 270 },
    { name: 'openingTwiceOnFallBackCountsFromTheFirst', cal: BERLIN_EARLY, a: '2026-10-24T12:00:00Z', b: '2026-10-25T12:00:00Z', want: 390 },
    { name: 'kolkataHalfHourOffsets', cal: KOLKATA, a: '2026-03-27T12:00:00Z', b: '2026-03-30T05:00:00Z', want: 60 },
    { name: 'aucklandWeekEndsOnUtcFriday', cal: AUCKLAND, a: '2026-03-26T20:00:00Z', b: '2026-03-28T20:00:00Z', want: 480 },
    { name: 'losAngelesFullWeekOverSpringForward', cal: LA, a: '2026-03-02T00:00:00Z', b: '2026-03-14T00:00:00Z', want: 480 * 10 },
    { name: 'secondsGiveFractionalMinutes', cal: BERLIN, a: '2026-03-27T08:00:30Z', b: '2026-03-27T08:01:00Z', want: 0.5 },
    { name: 'fourHundredHoursOverDstAndEaster', cal: BERLIN, a: '2026-03-02T08:00:00Z', b: '2026-05-12T15:00:00Z', want: 400 * 60 },
    { name: 'tenYearsRoundTheClock', cal: ROUND_THE_CLOCK, a: '2026-01-01T00:00:00Z', b: '2036-01-01T00:00:00Z', want: 3652 * 1440 },
  ];
  it.each(cases)('$name', ({ cal, a, b, want }) => {
    expect(businessMinutesBetween(t(a), t(b), cal)).toBe(want);
  });

  const roundTrips: { name: string; cal: WorkingCalendar; start: string; minutes: number }[] = [
    { name: 'berlinFromSaturday', cal: BERLIN, start: '2026-03-28T12:00:00Z', minutes: 1000 },
    { name: 'berlinFromMidday', cal: BERLIN, start: '2026-10-21T11:17:00Z', minutes: 2345 },
    { name: 'aucklandOverDstEnd', cal: AUCKLAND, start: '2026-03-31T01:00:00Z', minutes: 3000 },
    { name: 'kolkataWeekLong', cal: KOLKATA, start: '2026-03-25T04:45:00Z', minutes: 2400 },
    { name: 'losAngelesOverFallBack', cal: LA, start: '2026-10-28T20:00:00Z', minutes: 1500 },
  ];
  it.each(roundTrips)('roundTrip_$name', ({ cal, start, minutes }) => {
    const end = addBusinessMinutes(t(start), minutes, cal);
    expect(businessMinutesBetween(t(start), end, cal)).toBe(minutes);
  });
});

describe('parseBusinessDuration', () => {
  const good: { name: string; text: string; want: number }[] = [
    { name: 'hours', text: '4h', want: 240 },
    { name: 'minutes', text: '30m', want: 30 },
    { name: 'hoursAndMinutes', text: '1h30m', want: 90 },
    { name: 'spaceBetweenParts', text: '1h 30m', want: 90 },
    { name: 'upperCaseAndPadding', text: ' 2H ', want: 120 },
    { name: 'zero', text: '0m', want: 0 },
    { name: 'minutesOverAnHour', text: '90m', want: 90 },
  ];
  it.each(good)('$name', ({ text, want }) => {
    expect(parseBusinessDuration(text)).toBe(want);
  });

  const bad: { name: string; text: string; error: RegExp }[] = [
    { name: 'daysAreRefusedWithAReason', text: '2d', error: /days are not accepted.*"16h"/ },
    { name: 'daysWithHoursAreRefused', text: '1d4h', error: /days are not accepted/ },
    { name: 'empty', text: '', error: /invalid business duration "": use whole hours/ },
    { name: 'decimal', text: '1.5h', error: /invalid business duration "1.5h"/ },
    { name: 'bareNumber', text: '30', error: /invalid business duration "30"/ },
    { name: 'unitWithoutNumber', text: 'h', error: /invalid business duration/ },
    { name: 'minutesBeforeHours', text: '30m1h', error: /invalid business duration/ },
    { name: 'negative', text: '-1h', error: /invalid business duration/ },
  ];
  it.each(bad)('$name', ({ text, error }) => {
    expect(() => parseBusinessDuration(text)).toThrow(error);
  });
});

describe('working calendar validation', () => {
  const cases: { name: string; cal: WorkingCalendar; error: RegExp }[] = [
    { name: 'unknownZone', cal: cal({ time_zone: 'Europe/Berlinn' }), error: /time_zone "Europe\/Berlinn" is not an IANA time zone/ },
    { name: 'endNotAfterStart', cal: cal({ working_hours: { start: '17:00', end: '09:00' } }), error: /end 09:00 must be after start 17:00/ },
    { name: 'hourWithoutLeadingZero', cal: cal({ working_hours: { start: '9:00', end: '17:00' } }), error: /start "9:00" must be HH:MM/ },
    { name: 'weekdayOutOfRange', cal: cal({ working_days: [1, 8] }), error: /working day 8 is not an ISO weekday/ },
    { name: 'noWorkingDays', cal: cal({ working_days: [] }), error: /working_days is empty/ },
    { name: 'impossibleHoliday', cal: cal({ holidays: ['2026-02-30'] }), error: /holiday "2026-02-30" is not a date/ },
  ];
  it.each(cases)('$name', ({ cal, error }) => {
    expect(() => isWorkingTime(t('2026-03-27T08:00:00Z'), cal)).toThrow(error);
  });
});
