import { DateTime } from 'luxon';
import type { Clock } from '../app/ports.js';

/**
 * A clock that starts at a chosen moment and runs `speed` times faster than the
 * wall clock, so a demo shows a working day of escalations and the morning digest in
 * about a minute. Everything that asks the time gets it from here: the use cases, the
 * sweep and the page.
 */
export class FastClock implements Clock {
  /** When (wall clock) it started running; null while held at its start. */
  private realStart: number | null;
  constructor(private readonly start: Date, readonly speed: number, options: { held?: boolean } = {}) {
    this.realStart = options.held ? null : Date.now();
  }
  /**
   * Start a held clock. The demo holds it while its pull requests arrive, so that what
   * is due at 09:00 (the morning digest) is computed after them, not before.
   */
  release(): void {
    this.realStart ??= Date.now();
  }
  now(): Date {
    return this.realStart === null ? new Date(this.start) : new Date(this.start.getTime() + (Date.now() - this.realStart) * this.speed);
  }
}

/** The coming Monday at `time` in `zone` (today, if it is Monday before then): a working morning to start the demo in. */
export function nextMondayAt(now: Date, zone: string, time: { hour: number; minute: number }): Date {
  const local = DateTime.fromJSDate(now, { zone });
  let monday = local.startOf('week').set(time);
  if (monday <= local) monday = monday.plus({ weeks: 1 });
  return monday.toJSDate();
}
