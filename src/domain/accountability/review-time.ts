/**
 * How long a reviewer really looked (issue 15): a large diff signed within seconds
 * of opening the sign-off form is a rubber stamp, however long the request waited.
 * The time since the request still counts when the form's times are unknown
 * (GitHub reviews, sign-offs recorded before forms were timed).
 */
export interface ReviewTiming {
  /** Lines changed (additions + deletions). */
  lines: number;
  /** ISO times; null when unknown. */
  requestedAt: string | null;
  formOpenedAt: string | null;
  submittedAt: string;
}

export interface RubberStampRule {
  /** Diffs with fewer lines are never flagged. */
  minLines: number;
  /** Signed this many seconds (or fewer) after opening the form, or after the request. */
  maxSeconds: number;
}

export interface RubberStampFlag {
  /** The shortest time the reviewer can have looked, in whole seconds. */
  seconds: number;
  basis: 'form' | 'request';
}

export function rubberStampFlag(timing: ReviewTiming, rule: RubberStampRule): RubberStampFlag | null {
  if (timing.lines < rule.minLines) return null;
  const submitted = Date.parse(timing.submittedAt);
  const candidates: RubberStampFlag[] = [];
  for (const [basis, from] of [['form', timing.formOpenedAt], ['request', timing.requestedAt]] as const) {
    const start = from === null ? Number.NaN : Date.parse(from);
    const seconds = (submitted - start) / 1000;
    // Before the request or the form opened (a GitHub review first, clock skew) says nothing about reading time.
    if (Number.isFinite(seconds) && seconds >= 0 && seconds <= rule.maxSeconds) candidates.push({ seconds: Math.round(seconds), basis });
  }
  candidates.sort((a, b) => a.seconds - b.seconds);
  return candidates[0] ?? null;
}

/** Seconds the form was open, or null when either end is unknown. */
export function formOpenSeconds(formOpenedAt: string | null, submittedAt: string): number | null {
  const seconds = (Date.parse(submittedAt) - (formOpenedAt === null ? Number.NaN : Date.parse(formOpenedAt))) / 1000;
  return Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds) : null;
}
