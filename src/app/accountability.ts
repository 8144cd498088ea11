import type { Config } from '../config/load.js';
import type { Change } from '../domain/change.js';
import { checkFor, type Effect } from '../domain/effects.js';
import { explanationNeededBy, parseExplanation, type ExplanationHeadings } from '../domain/accountability/explanation.js';
import type { AgentIdentities, RequesterFacts } from '../domain/accountability/requester.js';
import { agentIdentitiesOf } from '../domain/detection/detect.js';
import type { RiskTier } from '../domain/policy.js';
import type { Policy } from './context.js';
import type { Delivery } from './delivery.js';
import type { PullRequestPayload } from './pull-request-facts.js';

/** What a pull_request delivery says about who asked the agent (the rest comes from commits and comments). */
export function requesterFactsOf(payload: PullRequestPayload, delivery: Pick<Delivery, 'action' | 'sender'>): Omit<RequesterFacts, 'author' | 'body' | 'commits'> {
  const assignee = payload.assignee?.login;
  return {
    assignees: (payload.pull_request.assignees ?? []).map((a) => a.login),
    assignments: delivery.action === 'assigned' && assignee && delivery.sender ? [{ assignee, assigner: delivery.sender }] : [],
  };
}

const identities = new WeakMap<Policy, AgentIdentities>();

/** The agents the detection rules know, and the handles that summon them in comments. */
export function agentIdentities(policy: Policy, config: Pick<Config, 'accountability'>): AgentIdentities {
  const known = identities.get(policy);
  if (known) return known;
  const { logins, emails } = agentIdentitiesOf(policy.rules);
  const made = { logins, emails, mentions: new Set(config.accountability.agent_mentions.map((m) => m.toLowerCase())) };
  identities.set(policy, made);
  return made;
}

export function explanationNeeded(policy: Pick<Policy, 'teams'>, owningTeams: readonly string[], tier: RiskTier): boolean {
  return explanationNeededBy(policy.teams, owningTeams, tier);
}

/** A complete explanation under the configured headings, or null. */
export function explanationInBody(body: string | null | undefined, config: Pick<Config, 'accountability'>) {
  const { explanation_headings, explanation_placeholders } = config.accountability;
  const parsed = parseExplanation(body, explanation_headings as ExplanationHeadings, explanation_placeholders);
  return parsed.missing.length === 0 ? parsed.answers : null;
}

/**
 * What follows when a change gains an accountable author: the request and the check
 * name them, and they are asked for the explanation where one is owed and missing.
 */
export function authorChangeEffects(ctx: { policy: Pick<Policy, 'teams'> }, change: Change, author: string): Effect[] {
  const effects: Effect[] = [{ type: 'refresh_request' }];
  const check = change.closed ? null : checkFor(change.status);
  if (check) effects.push({ type: 'set_check', head_sha: change.head_sha, state: check });
  if (change.requested_at && !change.closed && change.explanation === null && explanationNeeded(ctx.policy, change.owning_teams, change.risk_tier)) {
    effects.push({ type: 'direct', to: [author], alert: 'explanation_needed', key: `explanation_needed:${change.repo}#${change.number}:${author.toLowerCase()}` });
  }
  return effects;
}
