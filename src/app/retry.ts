import { TransientError } from './ports.js';

export interface RetryPlan {
  /** When to try again, or null to park it for an operator. */
  retryAt: Date | null;
  reason: string;
}

const BASE_MS = 2_000;
const MAX_BACKOFF_MS = 10 * 60_000;

/**
 * After a failed attempt: an outside service being down or rate-limiting us is
 * retried for as long as it takes (never dropped, never parked); anything else is
 * retried with exponential backoff and parked after `maxAttempts`. Jitter spreads
 * retries so a recovered GitHub is not hit by all of them at once.
 */
export function planRetry(error: unknown, attemptsSoFar: number, now: Date, maxAttempts: number, random = Math.random): RetryPlan {
  const attempt = attemptsSoFar + 1;
  const backoff = Math.min(MAX_BACKOFF_MS, BASE_MS * 2 ** Math.min(attempt - 1, 20));
  const jittered = backoff / 2 + random() * (backoff / 2);
  const reason = error instanceof Error ? error.message : String(error);
  if (error instanceof TransientError) {
    const wait = Math.max(jittered, error.retryAfterMs ?? 0);
    return { retryAt: new Date(now.getTime() + wait), reason };
  }
  if (attempt >= maxAttempts) return { retryAt: null, reason };
  return { retryAt: new Date(now.getTime() + jittered), reason };
}
