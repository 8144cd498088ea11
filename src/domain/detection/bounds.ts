import type { ChangeFacts, CommitFacts } from '../facts.js';
import { oneBlankLine } from './blank-lines.js';

/**
 * What detection reads, at most. GitHub caps a pull request body at 65,536
 * characters, lists at most 250 commits of a pull request, and git refuses ref
 * names longer than 255 bytes; commit messages have no limit, so a message keeps its
 * head (the subject and any footer near it) and its tail (the trailer block, which is
 * always last). Whatever is cut is named in the result, so "no marker" never hides
 * "not read".
 */
export const LIMITS = {
  body: 65_536,
  commits: 250,
  commitHead: 8_192,
  commitTail: 8_192,
  branch: 255,
  labels: 100,
  label: 100,
} as const;

export interface Bounded {
  facts: ChangeFacts;
  /** One phrase per thing cut, e.g. "the pull request body after 65,536 characters". */
  cut: string[];
}

const count = (n: number) => n.toLocaleString('en-US');

export function bounded(facts: ChangeFacts): Bounded {
  const cut: string[] = [];
  const body = facts.body ?? null;
  const branch = facts.branch ?? null;
  const labels = facts.labels ?? null;
  const commits = facts.commits ?? null;
  if (body && body.length > LIMITS.body) cut.push(`the pull request body after ${count(LIMITS.body)} characters`);
  if (branch && branch.length > LIMITS.branch) cut.push(`the head branch name after ${count(LIMITS.branch)} characters`);
  if (labels && labels.length > LIMITS.labels) cut.push(`labels after the first ${count(LIMITS.labels)}`);
  if (commits && commits.length > LIMITS.commits) cut.push(`commits after the first ${count(LIMITS.commits)}`);
  const keptCommits = commits?.slice(0, LIMITS.commits).map((commit, i) => {
    const kept = boundedCommit(commit, i, cut);
    return kept.message ? { ...kept, message: oneBlankLine(kept.message) } : kept;
  }) ?? commits;
  return {
    facts: {
      ...facts,
      body: body ? oneBlankLine(body.slice(0, LIMITS.body)) : body,
      branch: branch?.slice(0, LIMITS.branch) ?? branch,
      labels: labels?.slice(0, LIMITS.labels).map((l) => l.slice(0, LIMITS.label)) ?? labels,
      commits: keptCommits,
    },
    cut,
  };
}

function boundedCommit(commit: CommitFacts, index: number, cut: string[]): CommitFacts {
  const message = commit.message;
  const max = LIMITS.commitHead + LIMITS.commitTail;
  if (!message || message.length <= max) return commit;
  const name = commit.sha ? `commit ${commit.sha.slice(0, 7)}` : `commit ${index + 1}`;
  cut.push(`the middle of ${name}'s message (${count(message.length - max)} of ${count(message.length)} characters)`);
  // A blank line where the middle was keeps the tail its own paragraph, as the trailer block is.
  return { ...commit, message: `${message.slice(0, LIMITS.commitHead)}\n\n${message.slice(-LIMITS.commitTail)}` };
}
