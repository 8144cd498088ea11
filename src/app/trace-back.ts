import type { Change } from '../domain/change.js';
import { traceBack, type TraceLink } from '../domain/accountability/trace.js';
import { sameCommit, type RevertTargets } from '../domain/accountability/revert.js';
import { appendAudit } from '../store/audit.js';
import { findChangeById, findChangeByRef, type Db } from '../store/changes.js';
import { changesByCommit, insertIncident } from '../store/incidents.js';
import { enqueue } from '../store/outbox.js';
import { decisionsFor } from '../store/signoffs.js';
import type { AppContext } from './context.js';
import { outboxMessagesFor } from './effects.js';

/**
 * Record a revert or an incident against a change, inside the caller's transaction:
 * the link (once only), the audit event naming the sign-offs, override or merge
 * without sign-off it traces to, a notice in the request's thread and direct
 * messages to the seniors who signed and the team's leads. False: already linked.
 */
export async function recordTrace(trx: Db, ctx: AppContext, change: Change, link: TraceLink, now: Date): Promise<boolean> {
  const at = now.toISOString();
  const trace = traceBack(change, await decisionsFor(trx, change.id), ctx.policy.teams, link);
  const fresh = await insertIncident(trx, {
    change_id: change.id, kind: link.kind, reference: link.reference, by: link.by, at, head_sha: trace.head_sha,
    signers: JSON.stringify(trace.signers.map((s) => s.reviewer)), overridden_by: trace.overridden_by, merged_without_signoff: trace.merged_without_signoff ? 1 : 0,
  });
  if (!fresh) return false;
  await appendAudit(trx, [{ at, actor: link.by, action: trace.audit.action, subject: `${change.repo}#${change.number}`, head_sha: trace.head_sha, details: trace.audit.details }]);
  await enqueue(trx, outboxMessagesFor(change, trace.effects, ctx.config), at);
  return true;
}

/**
 * A merged revert: every tracked change it names, by pull request or by commit,
 * is traced back. A revert of something Countersign never tracked records nothing.
 */
export async function traceRevert(trx: Db, ctx: AppContext, revert: Pick<Change, 'id' | 'repo' | 'number'>, targets: RevertTargets, by: string, now: Date): Promise<void> {
  const ids = new Set<number>();
  for (const pull of targets.pulls) {
    const target = await findChangeByRef(trx, pull.repo, pull.number);
    if (target) ids.add(target.id);
  }
  // A commit SHA names a commit of this repository only.
  for (const sha of targets.commits) for (const id of await changesByCommit(trx, revert.repo, sha)) ids.add(id);
  ids.delete(revert.id);
  for (const id of [...ids].sort((a, b) => a - b)) {
    const target = await findChangeById(trx, id);
    if (!target) continue;
    const named = targets.commits.find((c) => sameCommit(c, target.merge_commit_sha ?? '') || sameCommit(c, target.head_sha));
    const reference = `${revert.repo}#${revert.number}${named ? ` (reverts ${named.slice(0, 7)})` : ''}`;
    await recordTrace(trx, ctx, target, { kind: 'reverted', reference, by }, now);
  }
}
