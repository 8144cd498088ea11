import { createAppAuth } from '@octokit/auth-app';
import { Octokit, type RestEndpointMethodTypes } from '@octokit/rest';
import type { ChangedFile, CommitFacts } from '../domain/facts.js';
import { systemClock, TransientError, type Clock, type CodeownersText, type PullRef, type SourceHost } from '../app/ports.js';

export interface GitHubSourceHostOptions {
  appId: number | string;
  privateKey: string;
  /** `https://api.github.com` by default; `https://host/api/v3` for GitHub Enterprise Server. */
  baseUrl?: string;
  log?: (msg: string, fields?: object) => void;
  /** Only used to turn `x-ratelimit-reset` into a wait. */
  clock?: Clock;
}

type ApiCommit = RestEndpointMethodTypes['pulls']['listCommits']['response']['data'][number];

const PER_PAGE = 100;
/** "Lists a maximum of 250 commits for a pull request" (GitHub REST docs, pulls/list-commits). */
const PULL_COMMITS_CAP = 250;
/** The order GitHub searches for the file; the first one found wins (docs: "About code owners"). */
const CODEOWNERS_PATHS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'] as const;
/** Octokit sets no timeout; undici's own is 5 minutes, far too long for one worker job. */
const REQUEST_TIMEOUT_MS = 30_000;
/** GitHub's advice for a secondary rate limit that names no wait: "wait for at least one minute". */
const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

/**
 * The `SourceHost` port over GitHub's REST API, authenticated as a GitHub App installation.
 * @octokit/rest has no retry or throttling plugin, so a failure surfaces at once and the job
 * layer retries it; the only waiting left is auth-app's own retry of a 401 in the first
 * seconds of a new installation token (token replication delay).
 */
export function createGitHubSourceHost(options: GitHubSourceHostOptions): SourceHost {
  if (!options.appId || !options.privateKey) throw new Error('GitHub App id and private key are both required');
  const log = options.log ?? (() => {});
  const clock = options.clock ?? systemClock;
  const clients = new Map<number, Octokit>();

  function clientFor(ref: PullRef): Octokit {
    if (ref.installationId === null) {
      throw new Error(`cannot read ${name(ref)}: no GitHub App installation id is known for it (is the app installed on the repository?)`);
    }
    let octokit = clients.get(ref.installationId);
    if (!octokit) {
      // One client per installation: auth-app caches that installation's token inside it.
      octokit = new Octokit({
        authStrategy: createAppAuth,
        auth: { appId: options.appId, privateKey: options.privateKey, installationId: ref.installationId },
        ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}),
        userAgent: 'countersign',
        log: { debug: () => {}, info: () => {}, warn: (m: string) => log(m), error: (m: string) => log(m) },
      });
      octokit.hook.wrap('request', (request, req) =>
        request({ ...req, request: { ...req.request, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) } }),
      );
      clients.set(ref.installationId, octokit);
    }
    return octokit;
  }

  const doing = <T>(what: string, work: () => Promise<T>) => explained(what, work, clock);

  return {
    async listCommits(ref) {
      const octokit = clientFor(ref);
      return doing(`listing commits of ${name(ref)}`, () => listCommits(octokit, ref, log));
    },

    async listFiles(ref) {
      const octokit = clientFor(ref);
      const files = await doing(`listing files of ${name(ref)}`, () => octokit.paginate(octokit.rest.pulls.listFiles, params(ref)));
      return files.map((f): ChangedFile => ({
        path: f.filename,
        previousPath: f.previous_filename ?? null,
        additions: f.additions,
        deletions: f.deletions,
      }));
    },

    async readCodeowners(ref, baseRef) {
      const octokit = clientFor(ref);
      return doing(`reading CODEOWNERS of ${name(ref)} at ${baseRef}`, async () => {
        for (const path of CODEOWNERS_PATHS) {
          const text = await readFile(octokit, ref, path, baseRef);
          if (text !== null) return { path, text } satisfies CodeownersText;
        }
        return null;
      });
    },
  };
}

const name = (ref: PullRef) => `${ref.owner}/${ref.repo}#${ref.number}`;
const params = (ref: PullRef) => ({ owner: ref.owner, repo: ref.repo, pull_number: ref.number, per_page: PER_PAGE });

/**
 * The PR commits endpoint stops at 250 commits. GitHub points to "List commits" for more, but
 * that walks all history from the head; comparing the PR's base and head SHAs (three-dot, so
 * from the merge base) is the same set of commits, and paginates past 250 since 2021
 * (github.blog/changelog/2021-03-22-compare-rest-api-now-supports-pagination). We only pay
 * for the extra PR read when the first page's `rel="last"` says 250 is within reach.
 */
async function listCommits(octokit: Octokit, ref: PullRef, log: (m: string, f?: object) => void) {
  const commits: CommitFacts[] = [];
  let first = true;
  for await (const page of octokit.paginate.iterator(octokit.rest.pulls.listCommits, params(ref))) {
    if (first && lastPage(page.headers.link) * PER_PAGE >= PULL_COMMITS_CAP) {
      const { data: pull } = await octokit.rest.pulls.get({ owner: ref.owner, repo: ref.repo, pull_number: ref.number });
      if (pull.commits > PULL_COMMITS_CAP) {
        const all = await compareCommits(octokit, ref, `${pull.base.sha}...${pull.head.sha}`);
        if (all.length !== pull.commits) log('compare and pull request disagree on the commit count', { pull: name(ref), compare: all.length, pull_commits: pull.commits });
        return all;
      }
    }
    first = false;
    commits.push(...page.data.map(toFacts));
  }
  return commits;
}

/**
 * Our own page loop: plugin-paginate-rest's compare support guesses the next page from
 * `total_commits`, and its types claim `data` is the commit list when it is the comparison.
 */
async function compareCommits(octokit: Octokit, ref: PullRef, basehead: string): Promise<CommitFacts[]> {
  const commits: CommitFacts[] = [];
  for (let page = 1; ; page++) {
    const { data } = await octokit.rest.repos.compareCommitsWithBasehead({ owner: ref.owner, repo: ref.repo, basehead, per_page: PER_PAGE, page });
    commits.push(...data.commits.map(toFacts));
    if (data.commits.length < PER_PAGE || commits.length >= data.total_commits) return commits;
  }
}

function toFacts(c: ApiCommit): CommitFacts {
  return {
    sha: c.sha,
    message: c.commit.message,
    author_name: c.commit.author?.name ?? null,
    author_email: c.commit.author?.email ?? null,
    author_login: c.author?.login ?? null,
    committer_name: c.commit.committer?.name ?? null,
    committer_email: c.commit.committer?.email ?? null,
    committer_login: c.committer?.login ?? null,
  };
}

function lastPage(link: string | undefined): number {
  const last = /<[^>]*[?&]page=(\d+)[^>]*>;\s*rel="last"/.exec(link ?? '');
  return last ? Number(last[1]) : 1;
}

/** The file's text, or null when it is not there. Raw media type: no 1 MB base64 limit. */
async function readFile(octokit: Octokit, ref: PullRef, path: string, gitRef: string): Promise<string | null> {
  try {
    const { data } = await octokit.rest.repos.getContent({ owner: ref.owner, repo: ref.repo, path, ref: gitRef, mediaType: { format: 'raw' } });
    return asText(data);
  } catch (error) {
    // A missing ref is also a 404, but "no CODEOWNERS" would then silently change who owns the change.
    if (status(error) === 404 && !/no commit found/i.test(String((error as Error).message))) return null;
    throw error;
  }
}

function asText(data: unknown): string | null {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new TextDecoder().decode(data);
  // A JSON answer despite the raw media type: a file (base64) or a directory (array, not a file).
  if (data && typeof data === 'object' && !Array.isArray(data) && 'content' in data && typeof data.content === 'string') {
    return Buffer.from(data.content, 'base64').toString('utf8');
  }
  return null;
}

interface HttpFailure {
  status: number;
  message: string;
  response?: { headers: Record<string, string | undefined> };
}

const status = (e: unknown) => (isHttpFailure(e) ? e.status : undefined);

function isHttpFailure(e: unknown): e is HttpFailure {
  return e instanceof Error && typeof (e as { status?: unknown }).status === 'number';
}

/** Runs `work`, saying what it was doing when it fails; outages and rate limits become TransientError. */
async function explained<T>(what: string, work: () => Promise<T>, clock: Clock): Promise<T> {
  try {
    return await work();
  } catch (error) {
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
