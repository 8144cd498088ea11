import type { ChangeRef } from '../domain/command.js';
import { leadOfOwningTeam } from '../domain/accountability/trace.js';
import type { Change } from '../domain/change.js';
import type { Effect } from '../domain/effects.js';
import { appendAudit } from '../store/audit.js';
import { findChangeByRef, lockChange, updateChange, type Db } from '../store/changes.js';
import { enqueue } from '../store/outbox.js';
import { authorChangeEffects } from './accountability.js';
import type { AppContext } from './context.js';
import { outboxMessagesFor } from './effects.js';
import type { Actor } from './identity.js';
import { recordTrace } from './trace-back.js';
import type { QueryAnswer } from './views.js';

type Outcome = QueryAnswer & { kind: 'done' | 'error' };

/**
 * A lead names who asked the agent for a change (`/signoff author owner/repo#N @login`):
 * that person becomes its accountable author, may not sign it off, and is asked for
 * the explanation when one is required. Audited; the request shows who named them.
 */
export async function nameAuthor(ctx: AppContext, ref: ChangeRef, login: string, actor: Actor, now: Date): Promise<Outcome> {
  const at = now.toISOString();
  return ctx.store.db.transaction().execute(async (trx): Promise<Outcome> => {
    const locked = await lockForLead(trx, ctx, ref, actor, at, { refused: 'author_naming_refused', doing: 'name the author of', details: { login } });
    if ('kind' in locked) return locked;
    const { change, lead } = locked;
    const person = ctx.policy.people.find((p) => p.github.toLowerCase() === login.toLowerCase());
    const named = person?.github ?? login;
    const requester = { login: named, source: 'named_by_lead' as const, evidence: `named by ${lead} (lead)` };
    const next = { ...change, requester, revision: change.revision + 1 };
    await updateChange(trx, change.id, next, at, change.revision);
    await appendAudit(trx, [{
      at, actor: lead, action: 'author_named', subject: `${change.repo}#${change.number}`, head_sha: change.head_sha,
      details: { login: named, previous: change.requester.login, previous_source: change.requester.source, platform: actor.platform },
    }]);
    const effects: Effect[] = [...authorChangeEffects(ctx, next, named), { type: 'thread_notice', notice: 'author_named', actor: lead, note: `asked by ${named}` }];
    await enqueue(trx, outboxMessagesFor(next, effects, ctx.config), at);
    const asked = effects.some((e) => e.type === 'direct');
    return { kind: 'done', message: `${named} is now the author of ${change.repo}#${change.number}: they may not sign it off${asked ? ', and they are asked for the explanation' : ''}. Recorded in the audit trail.` };
  });
}

/** A lead links an incident to a change (`/signoff incident owner/repo#N REASON`), traced back like a revert. */
export async function linkIncident(ctx: AppContext, ref: ChangeRef, reason: string, actor: Actor, now: Date): Promise<Outcome> {
  return ctx.store.db.transaction().execute(async (trx): Promise<Outcome> => {
    const locked = await lockForLead(trx, ctx, ref, actor, now.toISOString(), { refused: 'incident_link_refused', doing: 'link an incident to', details: { reason } });
    if ('kind' in locked) return locked;
    const { change, lead } = locked;
    const linked = await recordTrace(trx, ctx, change, { kind: 'incident', reference: reason, by: lead }, now);
    return linked
      ? { kind: 'done', message: `Linked to ${change.repo}#${change.number} and traced to the sign-offs at ${change.head_sha.slice(0, 7)}; the signers and leads are told, and it shows in stats and the next digest.` }
      : { kind: 'error', message: `That incident is already linked to ${change.repo}#${change.number}.` };
  });
}

/**
 * The change a lead acts on, locked for the decision; or the refusal when it is unknown
 * or the actor leads none of its owning teams. A refusal is audited (who tried what)
 * and changes nothing else.
 */
async function lockForLead(
  trx: Db, ctx: AppContext, ref: ChangeRef, actor: Actor, at: string,
  what: { refused: string; doing: string; details: Record<string, unknown> },
): Promise<{ change: Change; lead: string } | Outcome> {
  const found = await findChangeByRef(trx, ref.repo, ref.number);
  const change = found ? await lockChange(trx, ctx.store.flavor, found.id) : null;
  if (!change) return { kind: 'error', message: `Countersign has no record of ${ref.repo}#${ref.number}.` };
  const lead = actor.person?.github ?? null;
  if (!lead || !leadOfOwningTeam(lead, change, ctx.policy.teams)) {
    await appendAudit(trx, [{
      at, actor: lead ?? `${actor.platform}:${actor.id}`, action: what.refused, subject: `${change.repo}#${change.number}`,
      head_sha: change.head_sha, details: { ...what.details, platform: actor.platform },
    }]);
    return { kind: 'error', message: `Only leads of ${change.owning_teams.join(', ') || 'the owning team'} may ${what.doing} ${change.repo}#${change.number}.` };
  }
  return { change, lead };
}
