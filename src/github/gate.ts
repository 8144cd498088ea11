import type { Octokit, RestEndpointMethodTypes } from '@octokit/rest';
import { CHECK_NAME, systemClock, type ChannelPacing, type CheckRunUpdate, type Clock, type GitHubGate, type RepoRef } from '../app/ports.js';
import { explained, installationClients, type GitHubAppOptions } from './octokit.js';
import { truncateBytes, truncateChars } from './truncate.js';

export interface GitHubGateOptions extends GitHubAppOptions {
  /** Stamps `started_at` and `completed_at`. */
  clock?: Clock;
}

type ApiCheckRun = RestEndpointMethodTypes['checks']['listForRef']['response']['data']['check_runs'][number];
type ApiComment = RestEndpointMethodTypes['issues']['listComments']['response']['data'][number];

/**
 * GitHub asks integrations to leave about a second between requests that create
 * content (secondary rate limits); check runs and comments are such writes.
 */
export const GITHUB_PACING: ChannelPacing = { intervalMs: 1000 };

const PER_PAGE = 100;
/** GitHub's docs say 65535 characters; its validator counts UTF-8 bytes (github/docs#35252). */
const CHECK_OUTPUT_MAX_BYTES = 65535;
const STATUS_DESCRIPTION_MAX = 140;
const COMMENT_BODY_MAX = 65536;
const TRUNCATED = '\n\n… (cut short: GitHub does not take more)';

/**
 * The `GitHubGate` port over GitHub's REST API, as a GitHub App installation. Every write looks
 * for what an earlier attempt may already have written (a check run by external id, a comment
 * by marker) before creating anything, so a retry after a lost answer never writes twice.
 * Callers serialise writes for one change (the outbox does); two concurrent first writes could
 * still both create.
 */
export function createGitHubGate(options: GitHubGateOptions): GitHubGate {
  const clientOf = installationClients(options);
  const log = options.log ?? (() => {});
  const clock = options.clock ?? systemClock;
  /** auth-app also takes a client id (`Iv1.…`) as the app id; only a numeric id can filter runs. */
  const appId = /^\d+$/.test(String(options.appId)) ? Number(options.appId) : null;
  let botLogin: Promise<string> | null = null;

  function clientFor(ref: RepoRef, what: string): Octokit {
    if (ref.installationId === null) {
      throw new Error(`cannot write ${what} to ${ref.owner}/${ref.repo}: no GitHub App installation id is known for it (is the app installed on the repository?)`);
    }
    return clientOf(ref.installationId);
  }

  const doing = <T>(what: string, work: () => Promise<T>) => explained(what, work, clock);

  /** The login GitHub shows on the app's comments: `<slug>[bot]`. Asked once, with the app's JWT. */
  function ownLogin(octokit: Octokit): Promise<string> {
    botLogin ??= octokit.rest.apps.getAuthenticated().then(
      ({ data }) => `${data?.slug ?? ''}[bot]`,
      (error: unknown) => {
        botLogin = null;
        throw error;
      },
    );
    return botLogin;
  }

  return {
    async upsertCheckRun(ref, run) {
      if (run.status === 'completed' && !run.conclusion) throw new Error(`a completed check run needs a conclusion (external id ${run.externalId})`);
      const octokit = clientFor(ref, 'a check run');
      const where = `${ref.owner}/${ref.repo}@${run.headSha.slice(0, 7)}`;
      return doing(`writing the "${CHECK_NAME}" check run on ${where}`, async () => {
        const existing = await findCheckRun(octokit, ref, run, appId);
        const fields = checkRunFields(run, timestamp(clock.now()));
        // A completed run cannot be reopened: GitHub would keep its conclusion (Mergifyio/mergify#444).
        // A new run of the same name supersedes it for branch protection and the checks tab.
        const reopening = existing?.status === 'completed' && run.status !== 'completed';
        if (existing && !reopening) {
          await octokit.rest.checks.update({ owner: ref.owner, repo: ref.repo, check_run_id: existing.id, ...fields });
          return existing.id;
        }
        if (reopening) log('completed check run reopened as a new run', { repo: `${ref.owner}/${ref.repo}`, superseded: existing.id, external_id: run.externalId });
        const { data } = await octokit.rest.checks.create({
          owner: ref.owner, repo: ref.repo, name: CHECK_NAME, head_sha: run.headSha, started_at: timestamp(clock.now()), ...fields,
        });
        return data.id;
      });
    },

    async setCommitStatus(ref, status) {
      const octokit = clientFor(ref, 'a commit status');
      await doing(`setting the "${status.context}" status on ${ref.owner}/${ref.repo}@${status.sha.slice(0, 7)}`, () =>
        octokit.rest.repos.createCommitStatus({
          owner: ref.owner,
          repo: ref.repo,
          sha: status.sha,
          state: status.state,
          context: status.context,
          description: truncateChars(status.description, STATUS_DESCRIPTION_MAX, '…'),
          ...(status.targetUrl ? { target_url: status.targetUrl } : {}),
        }),
      );
    },

    async upsertComment(ref, marker, body) {
      const octokit = clientFor(ref, 'a comment');
      const text = withMarker(marker, body);
      return doing(`writing the comment on ${ref.owner}/${ref.repo}#${ref.number}`, async () => {
        const existing = await findComment(octokit, ref, marker, () => ownLogin(octokit));
        if (existing) {
          if (existing.body !== text) await octokit.rest.issues.updateComment({ owner: ref.owner, repo: ref.repo, comment_id: existing.id, body: text });
          return existing.id;
        }
        const { data } = await octokit.rest.issues.createComment({ owner: ref.owner, repo: ref.repo, issue_number: ref.number, body: text });
        return data.id;
      });
    },
  };
}

/** Countersign's newest run for this external id on the head; runs of other apps are never ours to edit. */
async function findCheckRun(octokit: Octokit, ref: RepoRef, run: CheckRunUpdate, appId: number | null): Promise<ApiCheckRun | null> {
  const runs = await octokit.paginate(octokit.rest.checks.listForRef, {
    owner: ref.owner,
    repo: ref.repo,
    ref: run.headSha,
    check_name: CHECK_NAME,
    filter: 'all', // the default, `latest`, would hide the run a retry is looking for once a newer one exists
    per_page: PER_PAGE,
    ...(appId !== null ? { app_id: appId } : {}),
  });
  const ours = runs.filter((r) => r.external_id === run.externalId && (appId === null || r.app?.id === appId));
  return ours.reduce<ApiCheckRun | null>((newest, r) => (!newest || r.id > newest.id ? r : newest), null);
}

/**
 * The body of a create or an update. A conclusion is sent only with `completed`: GitHub would
 * otherwise complete the run itself. Summary and text are cut to GitHub's byte limit.
 */
function checkRunFields(run: CheckRunUpdate, now: string) {
  return {
    external_id: run.externalId,
    status: run.status,
    ...(run.status === 'completed' ? { conclusion: run.conclusion, completed_at: now } : {}),
    ...(run.detailsUrl ? { details_url: run.detailsUrl } : {}),
    output: {
      title: run.output.title,
      summary: truncateBytes(run.output.summary, CHECK_OUTPUT_MAX_BYTES, TRUNCATED),
      ...(run.output.text !== undefined ? { text: truncateBytes(run.output.text, CHECK_OUTPUT_MAX_BYTES, TRUNCATED) } : {}),
    },
  };
}

/**
 * The oldest comment the app wrote that carries `marker`. A person quoting the marker (in a
 * reply, or by editing their own comment) must not make us edit theirs, or fail trying; so
 * the author must be the app's own bot account, which is only asked for when a bot comment
 * carries the marker.
 */
async function findComment(octokit: Octokit, ref: RepoRef & { number: number }, marker: string, ownLogin: () => Promise<string>): Promise<ApiComment | null> {
  const params = { owner: ref.owner, repo: ref.repo, issue_number: ref.number, per_page: PER_PAGE };
  for await (const page of octokit.paginate.iterator(octokit.rest.issues.listComments, params)) {
    for (const comment of page.data) {
      if (comment.user?.type !== 'Bot' || !comment.body?.includes(marker)) continue;
      if (comment.user.login === (await ownLogin())) return comment;
    }
  }
  return null;
}

/** The body as it will be stored: carrying the marker, near the start, within GitHub's limit. */
function withMarker(marker: string, body: string): string {
  const marked = body.includes(marker) ? body : `${marker}\n${body}`;
  const text = truncateChars(marked, COMMENT_BODY_MAX, TRUNCATED);
  return text.includes(marker) ? text : `${marker}\n${truncateChars(body, COMMENT_BODY_MAX - marker.length - 1, TRUNCATED)}`;
}

/** GitHub's documented format: `YYYY-MM-DDTHH:MM:SSZ`. */
const timestamp = (date: Date) => date.toISOString().replace(/\.\d+Z$/, 'Z');
