import type { PullSnapshot } from '../domain/change.js';
import type { ChangeFacts } from '../domain/facts.js';

/** The parts of a `pull_request` payload we read (GitHub sends far more). */
export interface PullRequestPayload {
  action?: string;
  /** synchronize: the head before the push */
  before?: string;
  number?: number;
  /** assigned/unassigned: who was assigned (the sender did it) */
  assignee?: { login: string } | null;
  pull_request: {
    number: number;
    html_url: string;
    title: string;
    body: string | null;
    draft?: boolean;
    state: string;
    merged?: boolean | null;
    merged_at?: string | null;
    user: { login: string; type?: string; id?: number } | null;
    assignees?: { login: string }[] | null;
    merge_commit_sha?: string | null;
    head: { sha: string; ref: string };
    base: { ref: string };
    labels?: { name: string }[];
    additions?: number;
    deletions?: number;
    changed_files?: number;
  };
  repository: { full_name: string };
  installation?: { id: number } | null;
}

export function snapshotOf(payload: PullRequestPayload): PullSnapshot {
  const pr = payload.pull_request;
  return {
    repo: payload.repository.full_name,
    number: pr.number,
    url: pr.html_url,
    title: pr.title,
    author: pr.user?.login ?? 'ghost',
    head_sha: pr.head.sha,
    head_ref: pr.head.ref,
    base_ref: pr.base.ref,
    draft: pr.draft === true,
    additions: pr.additions ?? 0,
    deletions: pr.deletions ?? 0,
    changed_files: pr.changed_files ?? 0,
    closed: pr.state === 'closed',
    merged: pr.merged === true || Boolean(pr.merged_at),
    merge_commit_sha: pr.merged === true || Boolean(pr.merged_at) ? (pr.merge_commit_sha ?? null) : null,
    installation_id: payload.installation?.id ?? null,
  };
}

/** What the payload alone says, in the shape detection reads. */
export function payloadFacts(payload: PullRequestPayload): ChangeFacts {
  const pr = payload.pull_request;
  return {
    author: pr.user ? { login: pr.user.login, type: pr.user.type ?? null, id: pr.user.id ?? null } : null,
    branch: pr.head.ref,
    labels: (pr.labels ?? []).map((l) => l.name),
    title: pr.title,
    body: pr.body,
  };
}
