import type { Command } from '../domain/command.js';
import { findChangeByRef } from '../store/changes.js';
import type { AppContext } from './context.js';
import type { Actor } from './identity.js';
import { claimChange, releaseClaim, setAwayUntil, snoozeChange } from './claims.js';
import { answerCommand } from './queries.js';
import { linkIncident, nameAuthor } from './lead-actions.js';
import { recordDecision } from './record-decision.js';
import type { QueryAnswer } from './views.js';

/** A chat command: questions are answered; overrides, claims, snoozes and absences are recorded. */
export async function runCommand(ctx: AppContext, command: Command, actor: Actor, now: Date): Promise<QueryAnswer> {
  if (command.kind === 'claim') return claimChange(ctx, command.ref, actor, now);
  if (command.kind === 'release') return releaseClaim(ctx, command.ref, actor, now);
  if (command.kind === 'snooze') return snoozeChange(ctx, command.ref, actor, command.duration, now);
  if (command.kind === 'away') return setAwayUntil(ctx, actor, command.until, now);
  if (command.kind === 'author') return nameAuthor(ctx, command.ref, command.login, actor, now);
  if (command.kind === 'incident') return linkIncident(ctx, command.ref, command.reason, actor, now);
  if (command.kind !== 'override') return answerCommand(ctx, command, actor.person, now);
  const change = await findChangeByRef(ctx.store.db, command.ref.repo, command.ref.number);
  if (!change) return { kind: 'error', message: `Countersign has no record of ${command.ref.repo}#${command.ref.number}.` };
  // Typed by hand, so the lead overrides the head as it stands now.
  const result = await recordDecision(ctx, { changeId: change.id, seenHeadSha: change.head_sha, actor, decision: 'override', attested: [], note: command.reason }, now);
  return result.kind === 'recorded'
    ? { kind: 'done', message: `Overridden: ${change.repo}#${change.number} may merge at ${change.head_sha.slice(0, 7)} without the sign-offs. Your reason is in the audit trail and the next digest.` }
    : { kind: result.kind === 'unchanged' ? 'done' : 'error', message: result.reason };
}
