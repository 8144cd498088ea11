import { teamsNamed } from './config-index.js';
import type { Change } from '../domain/change.js';
import { standingDecisions } from '../domain/signoff-state.js';
import type { RecordedDecision } from '../store/signoffs.js';
import { explanationNeeded } from './accountability.js';
import type { Policy } from './context.js';
import { groupEvidence } from './evidence-view.js';
import type { ReviewRequestView } from './views.js';

/** The review request as it stands: the one view every platform renders. */
export function reviewRequestView(change: Change, decisions: readonly RecordedDecision[], policy: Policy, now: Date): ReviewRequestView {
  const standing = standingDecisions(decisions, change.head_sha);
  const latestAt = (reviewer: string) => [...decisions].reverse().find((d) => d.head_sha === change.head_sha && d.reviewer.toLowerCase() === reviewer);
  const approvals = [...standing].filter(([, d]) => d === 'approve').map(([r]) => latestAt(r)!).map((d) => ({ reviewer: d.reviewer, at: d.at }));
  const changesRequested = [...standing].filter(([, d]) => d === 'request_changes').map(([r]) => latestAt(r)!).map((d) => ({ reviewer: d.reviewer, note: d.note }));
  const overrider = [...standing].find(([, d]) => d === 'override')?.[0];
  const overrideDecision = overrider ? latestAt(overrider)! : null;
  const override = overrideDecision ? { by: overrideDecision.reviewer, reason: overrideDecision.note ?? '', at: overrideDecision.at } : null;
  return {
    changeId: change.id,
    repo: change.repo,
    number: change.number,
    title: change.title,
    url: change.url,
    author: change.author,
    headSha: change.head_sha,
    headRef: change.head_ref,
    draft: change.draft,
    status: change.status,
    evidence: groupEvidence(change.signals),
    timeZone: teamZone(change.owning_teams, policy),
    commitsRead: change.commits_read,
    notRead: change.detection_cut ?? [],
    additions: change.additions,
    deletions: change.deletions,
    changedFiles: change.changed_files,
    riskTier: change.risk_tier,
    riskReasons: change.risk_reasons,
    requiredSignoffs: change.required_signoffs,
    approvals,
    changesRequested,
    override,
    eligibleSeniors: eligibleSeniors(change, policy),
    leads: [...new Set(teamsNamed(policy, change.owning_teams).flatMap((t) => t.leads))],
    revision: change.revision,
    owningTeams: change.owning_teams,
    requestedAt: change.requested_at,
    renderedAt: now.toISOString(),
    accountableAuthor: change.requester,
    explanationRequired: change.ai_assisted && explanationNeeded(policy, change.owning_teams, change.risk_tier),
    explanation: change.explanation ? { ...change.explanation.answers, at: change.explanation.at, headSha: change.explanation.head_sha, source: change.explanation.source } : null,
    split: change.split,
  };
}

/** The first owning team's time zone (UTC when no team owns the change). */
export function teamZone(owningTeams: readonly string[], policy: Policy): string {
  return policy.teams.find((t) => owningTeams.includes(t.name))?.time_zone ?? 'UTC';
}

/** Seniors of the owning teams who did not write the change nor ask the agent for it. */
export function eligibleSeniors(change: Pick<Change, 'owning_teams' | 'author' | 'committers' | 'requester'>, policy: Policy): string[] {
  const wrote = new Set([change.author, ...change.committers, ...(change.requester.login ? [change.requester.login] : [])].map((l) => l.toLowerCase()));
  const seniors = teamsNamed(policy, change.owning_teams).flatMap((t) => t.seniors);
  return [...new Set(seniors)].filter((s) => !wrote.has(s.toLowerCase()));
}
