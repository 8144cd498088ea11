import { accountableAuthor, laterSighting, PERSON_STARTED_EVENTS, sameRequester, type RequesterFacts } from '../domain/accountability/requester.js';
import { appendAudit, type NewAuditEvent } from '../store/audit.js';
import { findChangeByRef, lockChange, openChangeIdsOnBranch, updateChange } from '../store/changes.js';
import { settleDelivery } from '../store/inbox.js';
import { enqueue } from '../store/outbox.js';
import { agentIdentities, authorChangeEffects } from './accountability.js';
import type { AppContext } from './context.js';
import type { Delivery } from './delivery.js';
import { outboxMessagesFor } from './effects.js';

interface IssueCommentPayload {
  repository: { full_name: string };
  issue: { number: number; pull_request?: unknown };
  comment: { body: string | null; user: { login: string; type?: string } | null };
}

interface WorkflowRunPayload {
  repository: { full_name: string };
  workflow?: { name?: string | null } | null;
  workflow_run: {
    name?: string | null; event: string; head_branch: string | null;
    actor?: { login: string } | null; triggering_actor?: { login: string } | null; pull_requests?: { number: number }[];
  };
}

/**
 * A comment on a pull request that summons an agent (`@claude please …`): its author
 * asked the agent, unless stronger evidence already names someone. Comments on issues
 * (not pull requests), edits and deletions say nothing new.
 */
export async function handleIssueComment(ctx: AppContext, delivery: Delivery, now: Date): Promise<void> {
  const p = delivery.payload as IssueCommentPayload;
  const by = p.comment.user;
  if (delivery.action !== 'created' || !p.issue.pull_request || !by || by.type === 'Bot') return ignore(ctx, delivery, now);
  const change = await findChangeByRef(ctx.store.db, p.repository.full_name, p.issue.number);
  return reconsider(ctx, delivery, now, change ? [change.id] : [], { comments: [{ author: by.login, body: p.comment.body ?? '' }] });
}

/**
 * A workflow run a person started (dispatched by hand, or by their comment, issue or
 * review) on the branch of an agent's pull request: Claude Code or Codex run from a
 * GitHub workflow. The run's `actor` started the workflow (a re-run's
 * `triggering_actor` only repeated it). Runs on push or pull_request are CI, not a request.
 */
export async function handleWorkflowRun(ctx: AppContext, delivery: Delivery, now: Date): Promise<void> {
  const p = delivery.payload as WorkflowRunPayload;
  const run = p.workflow_run;
  const actor = run.actor?.login ?? run.triggering_actor?.login;
  if (!actor || !PERSON_STARTED_EVENTS.has(run.event)) return ignore(ctx, delivery, now);
  const ids = new Set<number>();
  for (const pull of run.pull_requests ?? []) {
    const change = await findChangeByRef(ctx.store.db, p.repository.full_name, pull.number);
    if (change) ids.add(change.id);
  }
  if (run.head_branch) for (const id of await openChangeIdsOnBranch(ctx.store.db, p.repository.full_name, run.head_branch)) ids.add(id);
  const workflow = run.name || p.workflow?.name || 'a workflow';
  return reconsider(ctx, delivery, now, [...ids], { workflow_runs: [{ actor, workflow }] });
}

/**
 * Weigh new evidence of who asked the agent against what each change holds, in one
 * transaction that locks the changes (in id order): the stronger stands. A change that
 * gains an author says so on the request and the check, asks them for the explanation
 * where one is owed, and records `accountable_author` in the audit trail.
 */
async function reconsider(ctx: AppContext, delivery: Delivery, now: Date, ids: number[], facts: Omit<RequesterFacts, 'author'>): Promise<void> {
  const at = now.toISOString();
  const agents = agentIdentities(ctx.policy, ctx.config);
  await ctx.store.db.transaction().execute(async (trx) => {
    // The chain's lock is taken once every change is locked, as the sweep takes it: taken
    // between two changes' locks, it could wait on a sweep that waits on it.
    const audit: NewAuditEvent[] = [];
    for (const id of [...ids].sort((a, b) => a - b)) {
      const change = await lockChange(trx, ctx.store.flavor, id);
      if (!change || change.closed) continue;
      const seen = accountableAuthor({ ...facts, author: change.author }, agents, ctx.policy.people);
      const requester = seen.login === null ? change.requester : laterSighting(change.requester, seen);
      if (sameRequester(requester, change.requester)) continue;
      const next = { ...change, requester, revision: change.revision + 1 };
      await updateChange(trx, change.id, next, at, change.revision);
      audit.push({
        at, actor: delivery.sender ?? 'github', action: 'accountable_author', subject: `${change.repo}#${change.number}`, head_sha: change.head_sha,
        details: { login: requester.login, source: requester.source, evidence: requester.evidence, delivery: delivery.deliveryId },
      });
      await enqueue(trx, outboxMessagesFor(next, authorChangeEffects(ctx, next, requester.login!), ctx.config), at);
    }
    await appendAudit(trx, audit);
    await settleDelivery(trx, delivery.id, audit.length > 0 ? 'done' : 'ignored', at);
  });
}

function ignore(ctx: AppContext, delivery: Delivery, now: Date): Promise<void> {
  return settleDelivery(ctx.store.db, delivery.id, 'ignored', now.toISOString());
}
