import type { Octokit, RestEndpointMethodTypes } from '@octokit/rest';
import type { ChangedFile, CommitFacts } from '../domain/facts.js';
import { sameCode } from './same-code.js';
import { systemClock, type Clock, type CodeownersText, type IssueComment, type PullRef, type SourceHost } from '../app/ports.js';
import { explained, httpStatus, installationClients, type GitHubAppOptions } from './octokit.js';

export interface GitHubSourceHostOptions extends GitHubAppOptions {
  /** Only used to turn `x-ratelimit-reset` into a wait. */
  clock?: Clock;
}

type ApiCommit = RestEndpointMethodTypes['pulls']['listCommits']['response']['data'][number];

const PER_PAGE = 100;
/** "Lists a maximum of 250 commits for a pull request" (GitHub REST docs, pulls/list-commits). */
const PULL_COMMITS_CAP = 250;
/** The order GitHub searches for the file; the first one found wins (docs: "About code owners"). */
const CODEOWNERS_PATHS = ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'] as const;

/**
 * The `SourceHost` port over GitHub's REST API, authenticated as a GitHub App installation
 * (see `installationClients` for timeouts and why nothing retries here).
 */
export function createGitHubSourceHost(options: GitHubSourceHostOptions): SourceHost {
  const clientOf = installationClients(options);
  const log = options.log ?? (() => {});
  const clock = options.clock ?? systemClock;

  function clientFor(ref: PullRef): Octokit {
    if (ref.installationId === null) {
      throw new Error(`cannot read ${name(ref)}: no GitHub App installation id is known for it (is the app installed on the repository?)`);
    }
    return clientOf(ref.installationId);
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

    async sameCode(ref, baseRef, before, after) {
      const octokit = clientFor(ref);
      return doing(`comparing ${before.slice(0, 7)} with ${after.slice(0, 7)} in ${name(ref)}`, () => sameCode(octokit, ref, baseRef, before, after));
    },

    async issueComments(ref, number) {
      const octokit = clientFor(ref);
      // One page: whoever summoned the agent did so near the start of the conversation.
      const { data } = await doing(`reading the comments of ${ref.owner}/${ref.repo}#${number}`, () => octokit.rest.issues.listComments({ owner: ref.owner, repo: ref.repo, issue_number: number, per_page: PER_PAGE }));
      return data.filter((c) => c.user).map((c): IssueComment => ({ author: c.user!.login, type: c.user!.type ?? null, body: c.body ?? '' }));
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
    if (httpStatus(error) === 404 && !/no commit found/i.test(String((error as Error).message))) return null;
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
