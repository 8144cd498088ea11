import { parseCodeowners } from '../domain/codeowners.js';
import type { Assessment, PullSnapshot } from '../domain/change.js';
import { detect } from '../domain/detection/index.js';
import type { ChangedFile, ChangeFacts, CommitFacts } from '../domain/facts.js';
import { resolveOwnership } from '../domain/ownership.js';
import { assessRisk } from '../domain/risk.js';
import { accountableAuthor, linkedIssues, type RequesterFacts } from '../domain/accountability/requester.js';
import { revertTargets } from '../domain/accountability/revert.js';
import { suggestSplit } from '../domain/accountability/split.js';
import { agentIdentities, explanationInBody } from './accountability.js';
import type { AppContext } from './context.js';
import { TransientError } from './ports.js';

/**
 * Fetch what a decision needs (commits, files, CODEOWNERS) and assess the change.
 * Without a GitHub App the payload is all we have: commits are not read, and the
 * evidence says so. Errors from the source host propagate: the delivery is retried.
 */
export async function assess(
  ctx: AppContext, snap: PullSnapshot, facts: ChangeFacts, requesterFacts: Omit<RequesterFacts, 'author' | 'body' | 'commits'> = {},
): Promise<Assessment> {
  const host = ctx.sourceHost;
  const readable = host !== null && snap.installation_id !== null;
  let commits: CommitFacts[] | null = null;
  let files: ChangedFile[] = [];
  let codeowners = null;
  if (readable) {
    const ref = { ...splitRepo(snap.repo), number: snap.number, installationId: snap.installation_id };
    const [c, f, o] = await Promise.all([
      host.listCommits(ref),
      host.listFiles(ref),
      ctx.policy.ownership.use_codeowners ? host.readCodeowners(ref, snap.base_ref) : Promise.resolve(null),
    ]);
    commits = c;
    files = f;
    codeowners = o ? parseCodeowners(o.text) : null;
  }
  const detection = detect({ ...facts, commits }, ctx.policy.rules);
  if (detection.cut) ctx.log.info({ change: `${snap.repo}#${snap.number}`, cut: detection.cut }, 'detection read part of the pull request');
  const ownership = resolveOwnership({ repo: snap.repo, files, codeowners, teams: ctx.policy.teams, people: ctx.policy.people, policy: ctx.policy.ownership });
  const risk = assessRisk(snap, files, ctx.policy.risk);
  return {
    ai_assisted: detection.ai_assisted,
    signals: detection.signals,
    commits_read: commits !== null,
    detection_cut: detection.cut ?? [],
    owning_teams: ownership.teams,
    ownership: { source: ownership.source, lines: ownership.lines, unmapped: ownership.unmapped },
    risk_tier: risk.tier,
    risk_reasons: risk.reasons,
    required_signoffs: risk.required_signoffs,
    committers: committersOf(commits ?? [], ctx.policy.people),
    requester: await requesterOf(ctx, snap, { ...requesterFacts, author: snap.author, body: facts.body ?? null, commits }),
    split: suggestSplit(files.map((f) => ({ ...f, teams: ownership.fileTeams[f.path] ?? [] })), ctx.policy.risk.reviewable_lines),
    reverts: revertTargets({ repo: snap.repo, title: facts.title ?? null, body: facts.body ?? null, commits }),
    explanation_in_body: explanationInBody(facts.body, ctx.config),
  };
}

/**
 * Who asked the agent. When nothing in the pull request says, the comments that
 * summoned it are read: on the pull request and on the issues it was made from
 * ("Fixes #5", `claude/issue-5-…`), as Claude Code's and Copilot's GitHub apps are asked.
 */
async function requesterOf(ctx: AppContext, snap: PullSnapshot, facts: RequesterFacts) {
  const agents = agentIdentities(ctx.policy, ctx.config);
  const found = accountableAuthor(facts, agents, ctx.policy.people);
  const host = ctx.sourceHost;
  if (found.source !== 'unknown' || !host?.issueComments || snap.installation_id === null) return found;
  const ref = { ...splitRepo(snap.repo), number: snap.number, installationId: snap.installation_id };
  const comments = [];
  // The issues first: the agent was asked there before its pull request existed.
  for (const [number, where] of [...linkedIssues(facts.body, snap.head_ref).map((n) => [n, `issue #${n}`] as const), [snap.number, 'this pull request'] as const]) {
    try {
      for (const c of await host.issueComments(ref, number)) if (c.type !== 'Bot') comments.push({ author: c.author, body: c.body, where });
    } catch (error) {
      if (error instanceof TransientError) throw error; // GitHub is having a moment: try the delivery again later
      // An app installed before it asked to read issues, or an issue since deleted: the rest of the evidence stands.
      ctx.log.info({ err: error, change: `${snap.repo}#${snap.number}`, issue: number }, 'could not read the comments that may name who asked the agent');
    }
  }
  return accountableAuthor({ ...facts, comments: [...(facts.comments ?? []), ...comments] }, agents, ctx.policy.people);
}

/** GitHub logins behind any commit: its author or committer, by login or by a configured e-mail. */
function committersOf(commits: readonly CommitFacts[], people: AppContext['policy']['people']): string[] {
  const byEmail = new Map(people.filter((p) => p.email).map((p) => [p.email!.toLowerCase(), p.github]));
  const logins = new Set<string>();
  for (const c of commits) {
    // web-flow commits every merge made in the GitHub UI; it is not a person.
    for (const login of [c.author_login, c.committer_login]) if (login && login !== 'web-flow') logins.add(login);
    for (const email of [c.author_email, c.committer_email]) {
      const login = email ? byEmail.get(email.toLowerCase()) : undefined;
      if (login) logins.add(login);
    }
  }
  return [...logins].sort();
}

export function splitRepo(fullName: string): { owner: string; repo: string } {
  const [owner, repo] = fullName.split('/');
  return { owner: owner!, repo: repo! };
}
