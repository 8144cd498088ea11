import { InvalidPayload } from './delivery.js';
import { TransientError } from './ports.js';

export interface RetryPlan {
  /** When to try again, or null to park it for an operator. */
  retryAt: Date | null;
  reason: string;
  /** The service said when to come back (a rate limit, or an outage's Retry-After): it adds nothing to later backoffs. */
  rateLimited: boolean;
}

const BASE_MS = 2_000;
const MAX_BACKOFF_MS = 10 * 60_000;

/**
 * Failures that pass by themselves: the database unreachable, restarting, out of
 * connections or busy, a serialisation conflict. Node's socket codes, PostgreSQL's
 * SQLSTATE classes 08 (connection), 53 (resources), 57P (shutdown) and 40001/40P01,
 * SQLite's busy and locked.
 */
function unavailable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return false;
  return /^(?:ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EAI_AGAIN|08[0-9A-Z]{3}|53[0-9A-Z]{3}|57P0\d|40001|40P01|SQLITE_BUSY.*|SQLITE_LOCKED.*)$/.test(code);
}

/**
 * After a failed attempt: an outside service or the database being down or
 * rate-limiting us is retried for as long as it takes (never dropped, never parked);
 * a payload with impossible types is parked at once with its reason, since no retry
 * can change it; anything else is retried with exponential backoff and parked after
 * `maxAttempts`. Jitter spreads retries so a recovered GitHub is not hit by all of
 * them at once.
 *
 * `failuresSoFar` counts the earlier failed attempts that were not rate limits: a rate
 * limit says when to come back, and counting it too made one 500 after a few rate limits
 * wait minutes.
 */
export function planRetry(error: unknown, failuresSoFar: number, now: Date, maxAttempts: number, random = Math.random): RetryPlan {
  const attempt = failuresSoFar + 1;
  const backoff = Math.min(MAX_BACKOFF_MS, BASE_MS * 2 ** Math.min(attempt - 1, 20));
  const jittered = backoff / 2 + random() * (backoff / 2);
  const reason = error instanceof Error ? error.message : String(error);
  if (error instanceof InvalidPayload) return { retryAt: null, reason, rateLimited: false };
  if (error instanceof TransientError && error.retryAfterMs !== null) {
    // A rate limit says when to come back: then, not later. Rate limits are frequent under
    // load, and compounding them with the backoff left messages waiting minutes for nothing.
    return { retryAt: new Date(now.getTime() + error.retryAfterMs), reason, rateLimited: true };
  }
  // An outage passes by itself and is never parked; anything else is, after maxAttempts.
  const passing = error instanceof TransientError || unavailable(error);
  return { retryAt: passing || attempt < maxAttempts ? new Date(now.getTime() + jittered) : null, reason, rateLimited: false };
}
