import { addBusinessMinutes, businessMillisBetween, nextWorkingInstant, type WorkingCalendar } from './business-time.js';

export type EscalationTarget = 'thread' | 'dm_assignee' | 'dm_seniors' | 'dm_leads' | 'escalation_channel';
export interface LadderStep { after_minutes: number /* business minutes after the request */; target: EscalationTarget; reassign?: boolean }
export interface Ladder { steps: readonly LadderStep[]; repeat_last_every_minutes: number | null /* business minutes; null: no repeat */ }
export interface EscalationState {
  requested_at: Date;          // when the review request went out
  fired: number;               // how many ladder positions have been fired or collapsed so far (0 = none); repeats of the last step count too
  claimed_until: Date | null;  // an "I'm on it" claim pauses the ladder until then
  snoozed_until: Date | null;  // a lead's snooze pauses it until then
}
export interface DueEscalation {
  /** The step to fire now (the LATEST one that is due), or null. */
  fire: { position: number; step: LadderStep; repeat: boolean } | null;
  /** Positions that were due but are skipped because a later one is due too (collapsed: "3 reminders were due while …; only the latest is sent"). */
  collapsed: number[];
  /** When the next position becomes due (for the sweep index `next_escalation_at`), or null when the ladder is exhausted. */
  next_due_at: Date | null;
}

const MINUTE_MS = 60_000;

/**
 * Which ladder position is due at `now`, from stored state alone, so a missed tick or
 * a restart is caught up by the next sweep: only the latest due position fires and the
 * earlier unfired ones are `collapsed`. Callers persist `fired = fire.position + 1`.
 *
 * Position p (0..steps.length-1: the steps; beyond: repeats of the last step every
 * `repeat_last_every_minutes`) is due at `addBusinessMinutes(requested_at, offset(p))`.
 *
 * Pauses (claim, snooze) do not shift the schedule. While one is in force nothing fires;
 * positions that came due during it collapse into the latest when it ends. A pause is in
 * force until the first working instant at or after its end, so a claim that lapses at
 * 18:00 on a Friday resumes the ladder at Monday's opening, not in the weekend.
 */
export function dueEscalation(state: EscalationState, ladder: Ladder, cal: WorkingCalendar, now: Date): DueEscalation {
  checkLadder(ladder);
  if (!Number.isInteger(state.fired) || state.fired < 0) throw new RangeError(`escalation state: fired must be an integer >= 0, got ${state.fired}`);
  if (Number.isNaN(now.getTime())) throw new RangeError('now must be a valid Date');
  const dueAt = (p: number): Date | null => {
    const offset = offsetOf(p, ladder);
    return offset === null ? null : addBusinessMinutes(state.requested_at, offset, cal);
  };
  const next = dueAt(state.fired);
  if (next === null) return { fire: null, collapsed: [], next_due_at: null };

  const resume = pauseResumesAt(state, cal);
  if (resume !== null && resume.getTime() > now.getTime()) {
    return { fire: null, collapsed: [], next_due_at: resume.getTime() > next.getTime() ? resume : next };
  }
  if (next.getTime() > now.getTime()) return { fire: null, collapsed: [], next_due_at: next };

  // Arithmetic on elapsed working time finds the latest due position without walking
  // every repeat; the walk back settles the offset-0 edge (due at the next opening).
  let latest = Math.max(state.fired, latestByElapsed(businessMillisBetween(state.requested_at, now, cal), ladder));
  while (latest > state.fired && (dueAt(latest)?.getTime() ?? Infinity) > now.getTime()) latest--;
  const steps = ladder.steps;
  const collapsed = Array.from({ length: latest - state.fired }, (_, i) => state.fired + i);
  return {
    fire: { position: latest, step: steps[Math.min(latest, steps.length - 1)]!, repeat: latest >= steps.length },
    collapsed,
    next_due_at: dueAt(latest + 1),
  };
}

/** Business minutes from the request to position p, or null past the end of a non-repeating ladder. */
function offsetOf(p: number, ladder: Ladder): number | null {
  const { steps, repeat_last_every_minutes: every } = ladder;
  const step = steps[p];
  if (step !== undefined) return step.after_minutes;
  const last = steps[steps.length - 1];
  if (last === undefined || every === null) return null;
  return last.after_minutes + (p - steps.length + 1) * every;
}

/** The largest position whose offset is within `elapsedMs` of working time (at least 0). */
function latestByElapsed(elapsedMs: number, ladder: Ladder): number {
  const { steps, repeat_last_every_minutes: every } = ladder;
  let latest = 0;
  steps.forEach((s, i) => { if (Math.round(s.after_minutes * MINUTE_MS) <= elapsedMs) latest = i; });
  const last = steps[steps.length - 1]!;
  const lastMs = Math.round(last.after_minutes * MINUTE_MS);
  if (every !== null && latest === steps.length - 1 && elapsedMs >= lastMs) {
    latest += Math.floor((elapsedMs - lastMs) / Math.round(every * MINUTE_MS));
  }
  return latest;
}

/** When the later of the claim and the snooze lets the ladder run again, or null without either. */
function pauseResumesAt(state: EscalationState, cal: WorkingCalendar): Date | null {
  const ends = [state.claimed_until, state.snoozed_until].filter((d): d is Date => d !== null);
  if (ends.length === 0) return null;
  const end = ends.reduce((a, b) => (b.getTime() > a.getTime() ? b : a));
  return nextWorkingInstant(end, cal);
}

function checkLadder(ladder: Ladder): void {
  let previous = 0;
  for (const [i, s] of ladder.steps.entries()) {
    if (!Number.isFinite(s.after_minutes) || s.after_minutes < previous) {
      throw new RangeError(`escalation ladder: step ${i} after_minutes ${s.after_minutes} must be >= 0 and not before the step above it (${previous})`);
    }
    previous = s.after_minutes;
  }
  const every = ladder.repeat_last_every_minutes;
  if (every !== null && !(Number.isFinite(every) && every > 0)) {
    throw new RangeError(`escalation ladder: repeat_last_every_minutes must be > 0 or null, got ${every}`);
  }
}
