import type { Octokit } from '@octokit/rest';
import type { PullRef } from '../app/ports.js';
import type { SameCode } from '../domain/pull-request-decision.js';

/** GitHub's compare lists at most 300 files; past that the diffs cannot be compared. */
const COMPARE_FILE_LIMIT = 300;

/**
 * Did a push change code? The same tree (an amended message, a force-push of the same
 * content) or, after a rebase, the same diff against the base branch (every file's
 * patch identical) means no. Anything else, or a diff too large to compare, means yes.
 */
export async function sameCode(octokit: Octokit, ref: PullRef, baseRef: string, before: string, after: string): Promise<SameCode | null> {
  const repo = { owner: ref.owner, repo: ref.repo };
  const [a, b] = await Promise.all([octokit.rest.repos.getCommit({ ...repo, ref: before, per_page: 1 }), octokit.rest.repos.getCommit({ ...repo, ref: after, per_page: 1 })]);
  if (a.data.commit.tree.sha === b.data.commit.tree.sha) return 'identical tree';
  const [x, y] = await Promise.all([
    octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${baseRef}...${before}`, per_page: 100 }),
    octokit.rest.repos.compareCommitsWithBasehead({ ...repo, basehead: `${baseRef}...${after}`, per_page: 100 }),
  ]);
  const diff = (files: typeof x.data.files) => (files ?? []).map((f) => `${f.status}\u0000${f.filename}\u0000${f.previous_filename ?? ''}\u0000${f.patch ?? `<no patch: ${f.sha}>`}`).sort();
  const [dx, dy] = [diff(x.data.files), diff(y.data.files)];
  if (dx.length === 0 || dx.length >= COMPARE_FILE_LIMIT || dy.length >= COMPARE_FILE_LIMIT) return null;
  return dx.length === dy.length && dx.every((line, i) => line === dy[i]) ? 'identical diff against the base' : null;
}
