import { DateTime } from 'luxon';
import type { Clock } from '../app/ports.js';

/**
 * A clock that starts at a chosen moment and runs `speed` times faster than the
 * wall clock, so a demo shows a working day of escalations and the morning digest in
 * about a minute. Everything that asks the time gets it from here: the use cases, the
 * sweep and the page.
 */
export class FastClock implements Clock {
  private readonly realStart = Date.now();
  constructor(private readonly start: Date, readonly speed: number) {}
  now(): Date {
    return new Date(this.start.getTime() + (Date.now() - this.realStart) * this.speed);
  }
}

/** The coming Monday at `time` in `zone` (today, if it is Monday before then): a working morning to start the demo in. */
export function nextMondayAt(now: Date, zone: string, time: { hour: number; minute: number }): Date {
  const local = DateTime.fromJSDate(now, { zone });
  let monday = local.startOf('week').set(time);
  if (monday <= local) monday = monday.plus({ weeks: 1 });
  return monday.toJSDate();
}
