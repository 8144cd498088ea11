import type { TeamPolicy } from './policy.js';

export type RefusalCode =
  | 'unmapped'
  | 'bot'
  | 'author'
  | 'committer'
  | 'not_senior'
  | 'other_team'
  | 'stale_head'
  | 'not_open'
  | 'not_required'
  | 'unowned'
  | 'not_lead'
  | 'no_reason'
  | 'already_signed_off'
  | 'requester'
  | 'not_explained';

export type Eligibility = { ok: true } | { ok: false; code: RefusalCode; reason: string };

export interface SignoffAttempt {
  /** The person's GitHub login, or null when their chat identity maps to no one. */
  reviewer: string | null;
  reviewerIsBot: boolean;
  /** The head SHA the reviewer saw (the one shown in the message they clicked). */
  seenHeadSha: string;
}

export interface ChangeForSignoff {
  author: string;
  head_sha: string;
  owning_teams: readonly string[];
  /** GitHub logins that authored or committed any commit of the change. */
  committers: readonly string[];
  status: string;
  ai_assisted: boolean;
  /** Whoever asked the agent that opened it (issue 15): they may never sign it off. */
  requester?: { login: string | null; evidence: string } | null;
  /** A required explanation is still missing: sign-offs wait for it (overrides do not). */
  explanation_missing?: boolean;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/**
 * Who may sign off (DESIGN): a senior of a team that owns the change, who is not
 * its author, authored no commit of it, and saw the current head. Each refusal
 * says what to do about it.
 */
export function maySignOff(attempt: SignoffAttempt, change: ChangeForSignoff, teams: readonly TeamPolicy[]): Eligibility {
  const { reviewer } = attempt;
  if (reviewer === null) {
    return refuse('unmapped', 'Your chat account is not linked to a GitHub login. Ask an operator to add you under `people` in the Countersign config.');
  }
  if (attempt.reviewerIsBot || /\[bot\]$/i.test(reviewer)) return refuse('bot', 'Bots cannot sign off changes; a senior engineer has to.');
  if (change.status === 'closed' || change.status === 'merged') return refuse('not_open', `This pull request is ${change.status}; there is nothing left to sign off.`);
  if (!change.ai_assisted) return refuse('not_required', 'This change carries no AI-assistance markers and needs no sign-off.');
  if (same(reviewer, change.author)) return refuse('author', 'You opened this pull request; another senior of the owning team has to sign it off.');
  if (change.committers.some((c) => same(c, reviewer))) {
    return refuse('committer', 'You authored or committed part of this change; a senior who did not write it has to sign it off.');
  }
  if (change.requester?.login && same(change.requester.login, reviewer)) {
    return refuse('requester', `You asked the agent for this change (${change.requester.evidence}), so you are its author; another senior of the owning team has to sign it off.`);
  }
  if (change.owning_teams.length === 0) {
    return refuse('unowned', 'No team owns this change, so nobody can sign it off yet. Ask an operator to map the repository to a team or set `ownership.fallback_team`.');
  }
  const owning = teams.filter((t) => change.owning_teams.includes(t.name));
  if (!owning.some((t) => t.seniors.some((s) => same(s, reviewer)))) {
    const seniorElsewhere = teams.some((t) => t.seniors.some((s) => same(s, reviewer)));
    const owners = change.owning_teams.join(', ');
    return seniorElsewhere
      ? refuse('other_team', `You are a senior of another team; this change is owned by ${owners}.`)
      : refuse('not_senior', `Only seniors of ${owners} may sign this change off; ask a lead to add you to the team's seniors if you should.`);
  }
  if (attempt.seenHeadSha !== change.head_sha) {
    return refuse('stale_head', `New commits were pushed after the version you saw (${attempt.seenHeadSha.slice(0, 7)}); the current head is ${change.head_sha.slice(0, 7)}. Review the new commits, then sign off again.`);
  }
  if (change.explanation_missing) {
    return refuse('not_explained', 'The author has not explained this change yet (what it changes, how they verified it, what could break). They were asked; a sign-off waits for it, or a lead can override.');
  }
  return { ok: true };
}

function refuse(code: RefusalCode, reason: string): Eligibility {
  return { ok: false, code, reason };
}

/**
 * Break glass: a lead of an owning team may let an open change pass without the
 * sign-offs, giving a reason that goes into the audit trail and the next digest.
 */
export function mayOverride(attempt: SignoffAttempt & { reason: string | null }, change: ChangeForSignoff, teams: readonly TeamPolicy[]): Eligibility {
  const { reviewer } = attempt;
  if (reviewer === null) return refuse('unmapped', 'Your chat account is not linked to a GitHub login. Ask an operator to add you under `people` in the Countersign config.');
  if (attempt.reviewerIsBot || /\[bot\]$/i.test(reviewer)) return refuse('bot', 'Bots cannot override; a lead has to.');
  if (change.status === 'closed' || change.status === 'merged') return refuse('not_open', `This pull request is ${change.status}; there is nothing left to override.`);
  if (!change.ai_assisted) return refuse('not_required', 'This change needs no sign-off, so there is nothing to override.');
  if (change.status === 'signed_off') return refuse('already_signed_off', 'This change is already signed off at its current head.');
  if (same(reviewer, change.author)) return refuse('author', 'You opened this pull request; another lead has to override it.');
  if (change.requester?.login && same(change.requester.login, reviewer)) return refuse('requester', 'You asked the agent for this change; another lead has to override it.');
  const owning = teams.filter((t) => change.owning_teams.includes(t.name));
  if (!owning.some((t) => t.leads.some((l) => same(l, reviewer)))) {
    return refuse('not_lead', `Only leads of ${change.owning_teams.join(', ') || 'the owning team'} may override a sign-off.`);
  }
  if (!attempt.reason?.trim()) return refuse('no_reason', 'An override needs a reason: say why this change cannot wait for a senior sign-off.');
  if (attempt.seenHeadSha !== change.head_sha) {
    return refuse('stale_head', `New commits were pushed after the version you saw; the current head is ${change.head_sha.slice(0, 7)}. Look at them, then override again if you must.`);
  }
  return { ok: true };
}
