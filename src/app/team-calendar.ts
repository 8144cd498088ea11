import { DateTime } from 'luxon';
import type { ConfiguredTeam } from '../config/load.js';
import { parseBusinessDuration, type WorkingCalendar } from '../domain/business-time.js';
import type { Ladder } from '../domain/escalation.js';

const WEEKDAY = { mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6, sun: 7 } as const;

/**
 * What a request is chased by, taken from its team's config when the request goes out
 * and stored with it, so a later config change does not rewrite requests in flight.
 */
export interface LadderSnapshot {
  team: string;
  calendar: WorkingCalendar;
  ladder: Ladder;
  claim_window_minutes: number;
  assignment_cap: number;
}

export function snapshotFor(team: ConfiguredTeam): LadderSnapshot {
  return {
    team: team.name,
    calendar: calendarOf(team),
    ladder: {
      steps: team.escalation.steps.map((s) => ({ after_minutes: parseBusinessDuration(s.after), target: s.target, reassign: s.reassign })),
      repeat_last_every_minutes: team.escalation.repeat_last_every ? parseBusinessDuration(team.escalation.repeat_last_every) : null,
    },
    claim_window_minutes: parseBusinessDuration(team.claim_window),
    assignment_cap: team.assignment_cap,
  };
}

export function calendarOf(team: ConfiguredTeam): WorkingCalendar {
  return { time_zone: team.time_zone, working_days: team.working_days.map((d) => WEEKDAY[d]), working_hours: { ...team.working_hours }, holidays: [...team.holidays] };
}

/** The team's local date at `now` ('YYYY-MM-DD'), for "away until" and digests. */
export function localDate(now: Date, timeZone: string): string {
  return DateTime.fromJSDate(now, { zone: timeZone }).toISODate()!;
}
