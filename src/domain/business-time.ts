import { IANAZone } from 'luxon';

/**
 * A team's working week. Working time is the real time elapsed inside each working
 * day's local window [start, end): a 09:00–17:00 day is 8 hours on a DST-change day
 * too, while a window that spans the change (e.g. 00:00–08:00) is 7 or 9 hours long.
 * A start or end that falls in a spring-forward gap moves forward by the gap; one that
 * occurs twice on a fall-back night means its first occurrence. `end` may be '24:00'
 * for a window that runs to midnight.
 */
export interface WorkingCalendar {
  time_zone: string;                 // IANA, e.g. 'Europe/Berlin'
  working_days: readonly number[];   // ISO weekdays 1=Mon … 7=Sun
  working_hours: { start: string; end: string }; // 'HH:MM' local; end > start
  holidays: readonly string[];       // 'YYYY-MM-DD' local dates with no working time
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$|^24:00$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

interface Compiled { zone: IANAZone; open: number; close: number; days: Set<number>; holidays: Set<string>; windows: Map<number, Window | null>; midnights: Map<number, number> }
interface Window { open: number; close: number }

export function isWorkingTime(at: Date, cal: WorkingCalendar): boolean {
  const c = compile(cal);
  const t = millis(at, 'at');
  const w = windowOn(localDay(t, c), c);
  return w !== null && w.open <= t && t < w.close;
}

/** `start` plus `minutes` of working time (start may be outside working hours: counting begins at the next opening). */
export function addBusinessMinutes(start: Date, minutes: number, cal: WorkingCalendar): Date {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`minutes must be a finite number >= 0, got ${minutes}`);
  const c = compile(cal);
  const from = millis(start, 'start');
  let remaining = Math.round(minutes * MINUTE_MS);
  // Step day by day; a result landing exactly on a window's end stays on that day (09:00 + 8h = 17:00).
  for (let day = localDay(from, c); ; day++) {
    const w = windowOn(day, c);
    if (w === null || w.close <= from) continue;
    const open = Math.max(w.open, from);
    if (remaining <= w.close - open) return new Date(open + remaining);
    remaining -= w.close - open;
  }
}

/** Working minutes between a and b (0 if b <= a); fractional when a or b are not on a whole minute. */
export function businessMinutesBetween(a: Date, b: Date, cal: WorkingCalendar): number {
  return businessMillisBetween(a, b, cal) / MINUTE_MS;
}

/** Working milliseconds between a and b (0 if b <= a): exact, for comparisons without rounding. */
export function businessMillisBetween(a: Date, b: Date, cal: WorkingCalendar): number {
  const c = compile(cal);
  const from = millis(a, 'a');
  const to = millis(b, 'b');
  if (to <= from) return 0;
  let total = 0;
  for (let day = localDay(from, c), last = localDay(to, c); day <= last; day++) {
    const w = windowOn(day, c);
    if (w === null) continue;
    const overlap = Math.min(w.close, to) - Math.max(w.open, from);
    if (overlap > 0) total += overlap;
  }
  return total;
}

/** The next instant >= at that is working time. */
export function nextWorkingInstant(at: Date, cal: WorkingCalendar): Date {
  const c = compile(cal);
  const t = millis(at, 'at');
  for (let day = localDay(t, c); ; day++) {
    const w = windowOn(day, c);
    if (w !== null && w.close > t) return new Date(Math.max(w.open, t));
  }
}

/**
 * Parse '4h', '30m', '1h30m' (also '1h 30m', any case) into minutes. Days are refused:
 * a working day's length belongs to the calendar, so '2d' would be ambiguous; write '16h'.
 */
export function parseBusinessDuration(text: string): number {
  const s = text.trim().toLowerCase();
  const m = /^(?:(\d+)\s*h)?\s*(?:(\d+)\s*m)?$/.exec(s);
  if (s === '' || m === null || (m[1] === undefined && m[2] === undefined)) {
    const hint = /\d\s*d/.test(s)
      ? 'days are not accepted because a working day\'s length depends on the calendar; write hours instead, e.g. "16h"'
      : 'use whole hours and/or minutes, e.g. "4h", "30m" or "1h30m"';
    throw new RangeError(`invalid business duration ${JSON.stringify(text)}: ${hint}`);
  }
  return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
}

function millis(d: Date, name: string): number {
  const t = d instanceof Date ? d.getTime() : Number.NaN;
  if (Number.isNaN(t)) throw new RangeError(`${name} must be a valid Date`);
  return t;
}

/** Days since 1970-01-01 of the local calendar date of instant `t` in the team's zone. */
function localDay(t: number, c: Compiled): number {
  return Math.floor((t + offsetAt(t, c) * MINUTE_MS) / DAY_MS);
}

/**
 * The zone's UTC offset (minutes) at instant `t`. Asking the zone costs an Intl
 * formatToParts call, and a sweep asks about the same few days thousands of times, so
 * the offsets at UTC midnights are remembered: when a UTC day starts and ends on the
 * same offset nothing changed inside it (zones change at most once a day), and only a
 * day with a change asks about the instant itself.
 */
function offsetAt(t: number, c: Compiled): number {
  const day = Math.floor(t / DAY_MS);
  const start = midnightOffset(day, c);
  return start === midnightOffset(day + 1, c) ? start : c.zone.offset(t);
}

function midnightOffset(day: number, c: Compiled): number {
  let offset = c.midnights.get(day);
  if (offset === undefined) {
    offset = c.zone.offset(day * DAY_MS);
    if (c.midnights.size >= 4096) c.midnights.clear();
    c.midnights.set(day, offset);
  }
  return offset;
}

/** A day's working window, remembered per calendar: sweeps ask about the same days over and over. */
function windowOn(day: number, c: Compiled): Window | null {
  let w = c.windows.get(day);
  if (w === undefined) {
    w = computeWindow(day, c);
    if (c.windows.size >= 4096) c.windows.clear();
    c.windows.set(day, w);
  }
  return w;
}

function computeWindow(day: number, c: Compiled): Window | null {
  const date = new Date(day * DAY_MS);
  const isoWeekday = date.getUTCDay() === 0 ? 7 : date.getUTCDay();
  if (!c.days.has(isoWeekday) || c.holidays.has(date.toISOString().slice(0, 10))) return null;
  // Fast path: the same offset the day before and the day after means no change today
  // (zones do not change twice in three days), sparing the per-instant checks.
  const offset = midnightOffset(day - 1, c);
  const steady = offset === midnightOffset(day + 2, c);
  const open = steady ? (day * 1440 + c.open - offset) * MINUTE_MS : localMillis(day, c.open, c.zone);
  const close = steady ? (day * 1440 + c.close - offset) * MINUTE_MS : localMillis(day, c.close, c.zone);
  return close > open ? { open, close } : null;
}

/**
 * The instant of local wall time `minuteOfDay` on local date `day` ('24:00' is the next
 * midnight). Not Luxon's `DateTime.fromObject`: it guesses the offset from the current
 * time, so a fall-back wall time would resolve differently in summer and in winter.
 * Here the offsets a day either side are the only candidates (zones change at most
 * once a day): the earlier valid instant wins, and a wall time in a gap takes the
 * offset from before the change, which moves it forward by the gap.
 */
function localMillis(day: number, minuteOfDay: number, zone: IANAZone): number {
  const wall = day * DAY_MS + minuteOfDay * MINUTE_MS;
  const before = zone.offset(wall - DAY_MS);
  const after = zone.offset(wall + DAY_MS);
  const valid = [before, after].map((o) => wall - o * MINUTE_MS).filter((ts) => zone.offset(ts) * MINUTE_MS === wall - ts);
  return valid.length > 0 ? Math.min(...valid) : wall - before * MINUTE_MS;
}

/**
 * Calendars are compiled once per distinct content: a sweep parses the same team's
 * calendar from every request it touches, and checking a zone name is costly. The
 * cache is bounded and holds only derived values (no clock, no I/O).
 */
const compiled = new Map<string, Compiled>();
const COMPILED_LIMIT = 2048;
const byObject = new WeakMap<WorkingCalendar, Compiled>();

function compile(cal: WorkingCalendar): Compiled {
  // The same calendar object is asked about many times in a row (one snapshot for all of
  // a team's requests in a sweep): skip building its content key then. Calendars are
  // read, never changed, once made.
  const seen = byObject.get(cal);
  if (seen) return seen;
  const key = `${cal.time_zone}|${cal.working_hours.start}|${cal.working_hours.end}|${cal.working_days.join(',')}|${cal.holidays.join(',')}`;
  let hit = compiled.get(key);
  if (!hit) {
    hit = compileUncached(cal);
    if (compiled.size >= COMPILED_LIMIT) compiled.clear();
    compiled.set(key, hit);
  }
  byObject.set(cal, hit);
  return hit;
}

function compileUncached(cal: WorkingCalendar): Compiled {
  if (!IANAZone.isValidZone(cal.time_zone)) throw new RangeError(`working calendar: time_zone ${JSON.stringify(cal.time_zone)} is not an IANA time zone (e.g. "Europe/Berlin")`);
  const open = hhmm(cal.working_hours.start, 'start');
  const close = hhmm(cal.working_hours.end, 'end');
  if (close <= open) throw new RangeError(`working calendar: working_hours.end ${cal.working_hours.end} must be after start ${cal.working_hours.start}`);
  for (const d of cal.working_days) {
    if (!Number.isInteger(d) || d < 1 || d > 7) throw new RangeError(`working calendar: working day ${d} is not an ISO weekday (1=Mon … 7=Sun)`);
  }
  if (cal.working_days.length === 0) throw new RangeError('working calendar: working_days is empty, so no time would ever be working time');
  for (const h of cal.holidays) {
    const t = ISO_DATE.test(h) ? Date.parse(`${h}T00:00:00Z`) : Number.NaN;
    if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== h) {
      throw new RangeError(`working calendar: holiday ${JSON.stringify(h)} is not a date (YYYY-MM-DD)`);
    }
  }
  return { zone: IANAZone.create(cal.time_zone), open, close, days: new Set(cal.working_days), holidays: new Set(cal.holidays), windows: new Map(), midnights: new Map() };
}

function hhmm(text: string, which: string): number {
  const m = HH_MM.exec(text);
  if (m === null) throw new RangeError(`working calendar: working_hours.${which} ${JSON.stringify(text)} must be HH:MM (00:00–24:00)`);
  return m[1] === undefined ? 1440 : Number(m[1]) * 60 + Number(m[2]);
}
