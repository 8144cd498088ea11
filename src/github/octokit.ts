import { createAppAuth } from '@octokit/auth-app';
import { Octokit } from '@octokit/rest';
import { CredentialsRejected, TransientError, type Clock } from '../app/ports.js';

/** What every GitHub adapter needs to act as one installation of the app. */
export interface GitHubAppOptions {
  appId: number | string;
  privateKey: string;
  /** `https://api.github.com` by default; `https://host/api/v3` for GitHub Enterprise Server. */
  baseUrl?: string;
  log?: (msg: string, fields?: object) => void;
}

/** Octokit sets no timeout; undici's own is 5 minutes, far too long for one worker job. */
const REQUEST_TIMEOUT_MS = 30_000;
/** GitHub's advice for a secondary rate limit that names no wait: "wait for at least one minute". */
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

/**
 * One Octokit per installation, created on first use: auth-app caches that installation's
 * token inside it. @octokit/rest has no retry or throttling plugin, so a failure surfaces at
 * once and the job layer retries it; the only waiting left is auth-app's own retry of a 401 in
 * the first seconds of a new installation token (token replication delay).
 */
export function installationClients(options: GitHubAppOptions): (installationId: number) => Octokit {
  if (!options.appId || !options.privateKey) throw new Error('GitHub App id and private key are both required');
  const log = options.log ?? (() => {});
  const clients = new Map<number, Octokit>();
  return (installationId) => {
    let octokit = clients.get(installationId);
    if (!octokit) {
      octokit = new Octokit({
        authStrategy: createAppAuth,
        auth: { appId: options.appId, privateKey: options.privateKey, installationId },
        ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
        userAgent: 'countersign',
        log: { debug: () => {}, info: () => {}, warn: (m: string) => log(m), error: (m: string) => log(m) },
      });
      octokit.hook.wrap('request', (request, req) =>
        request({ ...req, request: { ...req.request, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) } }),
      );
      clients.set(installationId, octokit);
    }
    return octokit;
  };
}

interface HttpFailure {
  status: number;
  message: string;
  response?: { headers: Record<string, string | undefined> };
}

/** The HTTP status of an Octokit RequestError, if `e` is one. */
export const httpStatus = (e: unknown) => (isHttpFailure(e) ? e.status : undefined);

function isHttpFailure(e: unknown): e is HttpFailure {
  return e instanceof Error && typeof (e as { status?: unknown }).status === 'number';
}

/** Runs `work`, saying what it was doing when it fails; outages and rate limits become TransientError. */
export async function explained<T>(what: string, work: () => Promise<T>, clock: Clock): Promise<T> {
  try {
    return await work();
  } catch (error) {
    // 401: GitHub does not know the app's key or token. Wait for it to be fixed rather than park the work.
    if (httpStatus(error) === 401) throw new CredentialsRejected('github', `${what}: GitHub rejected the app's credentials (check GITHUB_APP_ID and the private key): ${(error as Error).message}`, { retryAfterMs: 60_000, cause: error });
    const transient = transientWait(error, clock.now().getTime());
    if (transient) throw new TransientError(`${what}: ${(error as Error).message}`, { retryAfterMs: transient.retryAfterMs, cause: error });
    if (error instanceof Error) {
      // Keep the RequestError itself (status, response) so callers can still tell a 404 apart.
      error.message = `${what}: ${error.message}`;
      throw error;
    }
    throw new Error(`${what}: ${String(error)}`, { cause: error });
  }
}

/**
 * Per GitHub's "Rate limits for the REST API": honour `retry-after`; else, with no requests
 * remaining, wait for `x-ratelimit-reset`; else wait a minute. Octokit reports a network
 * failure or timeout as status 500 without a response.
 */
function transientWait(error: unknown, nowMs: number): { retryAfterMs: number | null } | null {
  if (!isHttpFailure(error)) return null;
  const headers = error.response?.headers;
  if (!headers) return error.status >= 500 ? { retryAfterMs: null } : null;
  const retryAfter = retryAfterMs(headers['retry-after'], nowMs);
  const reset = Number(headers['x-ratelimit-reset']);
  const untilReset = headers['x-ratelimit-remaining'] === '0' && reset > 0 ? Math.max(0, reset * 1000 - nowMs) : null;
  const rateLimited =
    error.status === 429 ||
    (error.status === 403 && (headers['x-ratelimit-remaining'] === '0' || /secondary rate limit|abuse detection/i.test(error.message)));
  if (rateLimited) return { retryAfterMs: retryAfter ?? untilReset ?? DEFAULT_RATE_LIMIT_WAIT_MS };
  if (error.status >= 500) return { retryAfterMs: retryAfter };
  return null;
}

function retryAfterMs(value: string | undefined, nowMs: number): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value); // the HTTP-date form
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}
