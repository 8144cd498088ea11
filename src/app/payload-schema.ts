import { z } from 'zod';

/**
 * The parts of GitHub's payloads that Countersign acts on, with the types GitHub
 * documents. A payload that breaks them (a numeric head SHA, a login that is an
 * object) is refused before anything is decided or recorded: no retry can fix it,
 * and acting on it would store values other than the ones it hashed.
 */
const login = z.string().min(1).max(100);
const sha = z.string().regex(/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/, 'must be a commit SHA (40 hexadecimal characters)');
const count = z.number().int().nonnegative();
const repository = z.object({ full_name: z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'must be "owner/name"') });
const user = z.object({ login, type: z.string().optional(), id: z.number().int().optional() }).nullable();
const sender = z.object({ login }).optional();
const installation = z.object({ id: z.number().int() }).nullable().optional();

const pullRequest = z.object({
  action: z.string(),
  before: z.string().optional(),
  repository,
  sender,
  installation,
  pull_request: z.object({
    number: z.number().int().positive(),
    html_url: z.string(),
    title: z.string(),
    body: z.string().nullable().optional(),
    draft: z.boolean().optional(),
    state: z.string(),
    merged: z.boolean().nullable().optional(),
    merged_at: z.string().nullable().optional(),
    user,
    head: z.object({ sha, ref: z.string().min(1) }),
    base: z.object({ ref: z.string().min(1) }),
    labels: z.array(z.object({ name: z.string() })).optional(),
    additions: count.optional(),
    deletions: count.optional(),
    changed_files: count.optional(),
  }),
});

const pullRequestReview = z.object({
  repository,
  sender,
  pull_request: z.object({ number: z.number().int().positive() }),
  review: z.object({ id: z.number().int(), state: z.string(), commit_id: sha, body: z.string().nullable().optional(), user }),
});

const checkRun = z.object({ sender, check_run: z.object({ external_id: z.string().nullable().optional(), name: z.string().optional() }) });

/** A comment on an issue or a pull request (`issue.pull_request` is present on a pull request's). */
const issueComment = z.object({
  repository,
  sender,
  issue: z.object({ number: z.number().int().positive(), pull_request: z.object({}).passthrough().nullable().optional() }),
  comment: z.object({ body: z.string().nullable(), user }),
});

const workflowRun = z.object({
  repository,
  sender,
  workflow: z.object({ name: z.string().nullable().optional() }).nullable().optional(),
  workflow_run: z.object({
    name: z.string().nullable().optional(),
    event: z.string(),
    head_branch: z.string().nullable(),
    actor: user.optional(),
    triggering_actor: user.optional(),
    pull_requests: z.array(z.object({ number: z.number().int().positive() })).optional(),
  }),
});

const BY_EVENT: Record<string, z.ZodType> = {
  pull_request: pullRequest,
  pull_request_review: pullRequestReview,
  check_run: checkRun,
  issue_comment: issueComment,
  workflow_run: workflowRun,
};

/** Any other event is only logged or ignored; its sender is still read. */
const OTHER = z.object({ sender });

/** Null when the payload has the types the event's use case reads; otherwise what is wrong, by path. */
export function payloadProblem(event: string, payload: unknown): string | null {
  const result = (BY_EVENT[event] ?? OTHER).safeParse(payload);
  if (result.success) return null;
  const issue = result.error.issues[0]!;
  const path = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '');
  return `${path || 'payload'}: ${issue.message}`;
}
