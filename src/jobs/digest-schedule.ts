import cron, { type ParsedFields, type ScheduledTask } from 'node-cron';
import { DateTime } from 'luxon';

/**
 * When a team's digest is due on one local date: the first instant of that date whose
 * wall-clock time (whole minutes, second 0) the team's cron expression matches.
 *
 * Computed directly rather than by stepping through the day's 1,440 minutes, which
 * blocked the service for 82 s at start with 1,000 teams (issue 12). The candidates are
 * the expression's own hours × minutes in wall-clock order; the first one that exists on
 * that date decides, because every candidate shares the date (so day of month, month and
 * weekday match for all or none) and the second (always 0). node-cron's own matcher
 * makes that decision, so `L`, `W` and `#` keep their node-cron meaning.
 *
 * Daylight saving: a wall time skipped by a spring-forward does not exist and is passed
 * over; a wall time repeated by a fall-back is due at its first (earlier) instant.
 */
export class DigestSchedule {
  private readonly fields: ParsedFields;
  private readonly matcher: ScheduledTask;
  private readonly wallTimes: { hour: number; minute: number }[];

  constructor(readonly expression: string, readonly timeZone: string) {
    this.fields = cron.parse(expression);
    // Created stopped: only its matcher is used, never its timer.
    this.matcher = cron.createTask(expression, () => {}, { timezone: timeZone });
    const hours = [...this.fields.hour].sort((a, b) => a - b);
    const minutes = [...this.fields.minute].sort((a, b) => a - b);
    this.wallTimes = hours.flatMap((hour) => minutes.map((minute) => ({ hour, minute })));
  }

  /** The team's local date ('YYYY-MM-DD') at `now`. */
  localDate(now: Date): string {
    return DateTime.fromJSDate(now, { zone: this.timeZone }).toISODate()!;
  }

  /** The first instant on `localDate` (in the team's zone) the expression matches, in epoch ms; null when none. */
  firstOn(localDate: string): number | null {
    const day = DateTime.fromISO(localDate, { zone: this.timeZone });
    for (const { hour, minute } of this.wallTimes) {
      const instant = earliestInstant(day.set({ hour, minute, second: 0, millisecond: 0 }), hour, minute);
      if (instant === null) continue; // skipped by a spring-forward on this date
      return this.matcher.match(new Date(instant)) ? instant : null;
    }
    return null;
  }

  /** Release the matcher task from node-cron's registry. */
  dispose(): void {
    void this.matcher.destroy();
  }
}

/** The earliest instant that reads `hour:minute` on the candidate's date, or null if that wall time does not exist. */
function earliestInstant(candidate: DateTime, hour: number, minute: number): number | null {
  const readsBack = candidate.getPossibleOffsets().filter((d) => d.hour === hour && d.minute === minute);
  return readsBack.length === 0 ? null : Math.min(...readsBack.map((d) => d.toMillis()));
}
