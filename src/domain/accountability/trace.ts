import type { Change } from '../change.js';
import type { Effect } from '../effects.js';
import type { TeamPolicy } from '../policy.js';
import { standingDecisions, statusOf, type SignoffDecision } from '../signoff-state.js';

/**
 * A revert or an incident traced back to the decision that let the change ship
 * (issue 15): the sign-offs at the head that shipped, or the override, or the merge
 * without a sign-off. Pure: the caller stores the link, the audit event and the messages.
 */
export interface TraceLink {
  kind: 'reverted' | 'incident';
  /** The revert (`owner/repo#N` or a commit) or the incident's reason. */
  reference: string;
  by: string;
}

export interface Trace {
  head_sha: string;
  signers: { reviewer: string; at: string }[];
  overridden_by: string | null;
  merged_without_signoff: boolean;
  audit: { action: 'reverted' | 'incident_linked'; details: Record<string, unknown> };
  effects: Effect[];
}

export function traceBack(
  change: Pick<Change, 'id' | 'repo' | 'number' | 'head_sha' | 'ai_assisted' | 'merged' | 'required_signoffs' | 'owning_teams'>,
  decisions: readonly (SignoffDecision & { at: string })[], teams: readonly TeamPolicy[], link: TraceLink,
): Trace {
  const head = change.head_sha;
  const standing = standingDecisions(decisions, head);
  const latest = (reviewer: string) => [...decisions].reverse().find((d) => d.head_sha === head && d.reviewer.toLowerCase() === reviewer)!;
  const signers = [...standing].filter(([, d]) => d === 'approve').map(([r]) => ({ reviewer: latest(r).reviewer, at: latest(r).at }));
  const overrider = [...standing].find(([, d]) => d === 'override')?.[0];
  const overridden_by = overrider ? latest(overrider).reviewer : null;
  const signedOff = statusOf({ ...change, closed: false, merged: false, decisions }) === 'signed_off';
  const merged_without_signoff = change.merged && change.ai_assisted && !signedOff;
  const leads = teams.filter((t) => change.owning_teams.includes(t.name)).flatMap((t) => t.leads);
  const to = [...new Set([...signers.map((s) => s.reviewer), ...(overridden_by ? [overridden_by] : []), ...leads])];
  const key = `${link.kind}:${change.id}:${link.reference.slice(0, 200)}`;
  return {
    head_sha: head, signers, overridden_by, merged_without_signoff,
    audit: {
      action: link.kind === 'reverted' ? 'reverted' : 'incident_linked',
      details: { [link.kind === 'reverted' ? 'revert' : 'reason']: link.reference, head_sha: head, signoffs: signers, overridden_by, merged_without_signoff },
    },
    effects: [
      { type: 'thread_notice', notice: link.kind, actor: link.by, note: link.reference, key },
      ...(to.length > 0 ? [{ type: 'direct' as const, to, alert: link.kind, key, note: link.reference }] : []),
    ],
  };
}

/** Leads act on a change of their team only: naming its author, linking an incident. */
export function leadOfOwningTeam(login: string | null, change: Pick<Change, 'owning_teams'>, teams: readonly TeamPolicy[]): boolean {
  if (!login) return false;
  return teams.some((t) => change.owning_teams.includes(t.name) && t.leads.some((l) => l.toLowerCase() === login.toLowerCase()));
}
