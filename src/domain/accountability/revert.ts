import { withoutQuotedText } from '../detection/markdown.js';

/**
 * What a pull request reverts (issue 15): GitHub's "Revert" button opens a pull
 * request titled `Revert "<title>"` whose body starts `Reverts owner/repo#N`, and
 * `git revert` writes `This reverts commit <sha>.` into the commit message. Only
 * those exact lines count: a sentence that talks about reverting is prose.
 */
export interface RevertFacts {
  /** The repository the revert lives in (`owner/repo`), for `#N` without a repository. */
  repo: string;
  title?: string | null;
  body?: string | null;
  commits?: readonly { message?: string | null }[] | null;
}

export interface RevertTargets {
  pulls: { repo: string; number: number }[];
  /** Full or abbreviated SHAs, lower-case, as the messages wrote them. */
  commits: string[];
}

const GITHUB_REVERT_TITLE = /^Revert "/;
const REVERTS_PULL = /^Reverts ([A-Za-z0-9_.-]{1,100}\/[A-Za-z0-9_.-]{1,100})?#([0-9]{1,9})[ \t]*$/;
const REVERTS_COMMIT = /^This reverts commit ([0-9a-fA-F]{7,40})\b/;

export function revertTargets(facts: RevertFacts): RevertTargets {
  const pulls: RevertTargets['pulls'] = [];
  if (GITHUB_REVERT_TITLE.test(facts.title ?? '')) {
    for (const line of linesOf(withoutQuotedText(facts.body ?? ''))) {
      const match = REVERTS_PULL.exec(line);
      if (!match) continue;
      const repo = match[1] ?? facts.repo;
      const number = Number(match[2]);
      if (!pulls.some((p) => p.number === number && p.repo.toLowerCase() === repo.toLowerCase())) pulls.push({ repo, number });
    }
  }
  const commits = new Set<string>();
  for (const message of [withoutQuotedText(facts.body ?? ''), ...(facts.commits ?? []).map((c) => c.message)]) {
    for (const line of linesOf(message ?? '')) {
      const match = REVERTS_COMMIT.exec(line);
      if (match) commits.add(match[1]!.toLowerCase());
    }
  }
  return { pulls, commits: [...commits] };
}

export function isRevert(targets: RevertTargets): boolean {
  return targets.pulls.length > 0 || targets.commits.length > 0;
}

/** Does an abbreviated SHA from a message name this commit? */
export function sameCommit(written: string, sha: string): boolean {
  return written.length >= 7 && sha.toLowerCase().startsWith(written.toLowerCase());
}

function linesOf(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').split('\n').map((l) => l.trim());
}
