import { withoutQuotedText } from '../detection/markdown.js';
import { parseTrailers, trailerAddress } from '../detection/trailers.js';
import type { CommitFacts } from '../facts.js';
import type { Person } from '../policy.js';

/**
 * Who asked the agent (issue 15, AI-MARKERS pitfall 11): when an agent opened the
 * pull request itself, the person who asked it is the change's accountable author.
 * They get the author's messages, owe the explanation and may never sign it off.
 */
export interface RequesterFacts {
  /** The pull request's author login. */
  author: string;
  /** The Copilot agent's "on behalf of" record: whom its session works for. */
  on_behalf_of?: string | null;
  /** Assignments of the pull request: who assigned whom (`pull_request.assigned`). */
  assignments?: readonly { assignee: string; assigner: string }[] | null;
  /** The pull request's assignees (the Copilot agent assigns whoever asked it). */
  assignees?: readonly string[] | null;
  body?: string | null;
  commits?: readonly CommitFacts[] | null;
  /** Comments on the pull request, or on the issue it was made from (`where`: "issue #5"), oldest first. */
  comments?: readonly { author: string; body: string; where?: string }[] | null;
  /** Workflow runs a person started on its branch (Claude Code or Codex from a GitHub workflow), by workflow name. */
  workflow_runs?: readonly { actor: string; workflow: string }[] | null;
}

/**
 * Events by which a person starts a workflow run themselves. A run on `push` or
 * `pull_request` is the branch's own CI, started by whoever pushed: no evidence of who
 * asked an agent.
 */
export const PERSON_STARTED_EVENTS: ReadonlySet<string> = new Set(['workflow_dispatch', 'issue_comment', 'issues', 'pull_request_review_comment', 'pull_request_review', 'discussion_comment']);

export interface AgentIdentities {
  /** Logins of agents that open pull requests or commit (lower-case). */
  logins: ReadonlySet<string>;
  /** Commit addresses of AI tools (lower-case). */
  emails: ReadonlySet<string>;
  /** Handles that summon an agent in a comment, without `@` (lower-case). */
  mentions: ReadonlySet<string>;
}

export type RequesterSource =
  | 'named_by_lead' | 'pr_author' | 'on_behalf_of' | 'agent_assigner' | 'assignee' | 'requested_by' | 'co_author' | 'workflow_actor' | 'mention' | 'unknown';

export interface AccountableAuthor {
  /** A GitHub login, or null when nobody could be found. */
  login: string | null;
  source: RequesterSource;
  /** What was seen, in words shown on the request ("asked by @x: …"). */
  evidence: string;
}

/** Handles people use to ask an agent in a pull request comment. */
export const DEFAULT_AGENT_MENTIONS: readonly string[] = ['copilot', 'claude', 'codex', 'cursor', 'devin', 'jules', 'openhands', 'codegen', 'amp'];

/** The logins GitHub's Copilot coding agent opens pull requests under (AI-MARKERS). */
const COPILOT_AGENT = new Set(['copilot', 'copilot-swe-agent[bot]', 'copilot-swe-agent']);

const GITHUB_LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const NOREPLY = /^(?:[0-9]+\+)?([A-Za-z0-9-]{1,39})@users\.noreply\.github\.com$/i;
const MENTION = /(^|[^A-Za-z0-9_`/-])@([A-Za-z0-9-]{1,39}(?:\[bot\])?)/g;
const KNOWN_TRAILER_KEYS = new Set(['co-authored-by', 'signed-off-by']);

/**
 * The strongest evidence wins, in this order: the agent's own record of whom it
 * works for, who assigned the agent, the pull request's human assignee, a
 * "Requested by" line, the human co-author on the agent's commits, the actor of the
 * workflow that ran it, and last the first person who mentioned the agent in a comment.
 */
export function accountableAuthor(facts: RequesterFacts, agents: AgentIdentities, people: readonly Person[]): AccountableAuthor {
  if (!isAgent(facts.author, agents)) return { login: facts.author, source: 'pr_author', evidence: 'opened the pull request' };
  const human = (login: string | null | undefined): login is string => !!login && GITHUB_LOGIN.test(login) && !isAgent(login, agents);
  const agent = facts.author;

  if (human(facts.on_behalf_of)) return found(facts.on_behalf_of, 'on_behalf_of', `${agent} works on their behalf`);
  const assigner = (facts.assignments ?? []).find((a) => isAgent(a.assignee, agents) && human(a.assigner));
  if (assigner) return found(assigner.assigner, 'agent_assigner', `assigned ${assigner.assignee} to this pull request`);
  // The Copilot agent assigns its pull request to whoever asked it; other agents' assignees are triage, not evidence.
  const assignees = COPILOT_AGENT.has(agent.toLowerCase()) ? (facts.assignees ?? []).filter(human) : [];
  if (assignees.length === 1) return found(assignees[0]!, 'assignee', `assigned to ${agent}'s pull request`);
  const requested = requestedBy(facts.body ?? '', people);
  if (requested && human(requested.login)) return found(requested.login, 'requested_by', `"${requested.line}" in the pull request body`);
  const coAuthor = humanCoAuthor(facts.commits ?? [], agents, people);
  if (coAuthor && human(coAuthor.login)) return found(coAuthor.login, 'co_author', `co-author of ${agent}'s commit${coAuthor.commit ? ` ${coAuthor.commit}` : ''}`);
  const run = (facts.workflow_runs ?? []).find((r) => human(r.actor));
  if (run) return found(run.actor, 'workflow_actor', `started the workflow run "${run.workflow.slice(0, 100)}" on this pull request's branch`);
  for (const comment of facts.comments ?? []) {
    const handle = human(comment.author) ? mentionedAgent(comment.body, agents) : null;
    if (handle) return found(comment.author, 'mention', `asked @${handle} in a comment on ${comment.where ?? 'this pull request'}`);
  }
  return { login: null, source: 'unknown', evidence: `${agent} opened this pull request and nobody who asked it could be found` };
}

function found(login: string, source: RequesterSource, evidence: string): AccountableAuthor {
  return { login, source, evidence };
}

export function isAgent(login: string, agents: AgentIdentities): boolean {
  return agents.logins.has(login.toLowerCase());
}

/** A "Requested by: @login" line (Devin writes one), or an address a configured person has. */
export function requestedBy(body: string, people: readonly Person[]): { login: string; line: string } | null {
  for (const raw of withoutQuotedText(body).split('\n')) {
    const line = raw.replace(/[*_]/g, '').trim();
    const match = /^requested by[\s:]+(.+)$/i.exec(line);
    if (!match) continue;
    const who = match[1]!.slice(0, 200);
    const at = /^@([A-Za-z0-9-]{1,39})\b/.exec(who);
    if (at) return { login: at[1]!, line };
    const email = /[(<]([^()<>\s@]+@[^()<>\s@]+)[)>]/.exec(who);
    const login = email ? loginForAddress(email[1]!, people) : null;
    if (login) return { login, line };
  }
  return null;
}

/** The first human `Co-authored-by` on a commit the agent authored. */
function humanCoAuthor(commits: readonly CommitFacts[], agents: AgentIdentities, people: readonly Person[]): { login: string; commit: string | null } | null {
  for (const commit of commits) {
    const byAgent = [commit.author_login, commit.committer_login].some((l) => l && isAgent(l, agents))
      || [commit.author_email, commit.committer_email].some((e) => e && agents.emails.has(e.toLowerCase()));
    if (!byAgent || !commit.message) continue;
    for (const trailer of parseTrailers(commit.message, KNOWN_TRAILER_KEYS)) {
      if (trailer.key.toLowerCase() !== 'co-authored-by') continue;
      const address = trailerAddress(trailer.value);
      if (!address || agents.emails.has(address)) continue;
      const login = loginForAddress(address, people);
      if (login) return { login, commit: commit.sha ? commit.sha.slice(0, 7) : null };
    }
  }
  return null;
}

/** `123+login@users.noreply.github.com` names the login; other addresses only through the config. */
function loginForAddress(address: string, people: readonly Person[]): string | null {
  const noreply = NOREPLY.exec(address);
  if (noreply) return noreply[1]!;
  return people.find((p) => p.email?.toLowerCase() === address.toLowerCase())?.github ?? null;
}

/**
 * The issues of the same repository an agent's pull request was made from: those its
 * description closes ("Fixes #5"), and the one its branch names (`claude/issue-5-…`,
 * `copilot/fix-5`). At most three, in the order found.
 */
export function linkedIssues(body: string | null | undefined, branch: string): number[] {
  const found = new Set<number>();
  for (const match of withoutQuotedText((body ?? '').slice(0, 65_536)).matchAll(CLOSING)) found.add(Number(match[1]));
  const fromBranch = BRANCH_ISSUE.exec(branch);
  if (fromBranch) found.add(Number(fromBranch[1]));
  return [...found].filter((n) => Number.isSafeInteger(n) && n > 0).slice(0, 3);
}

/** GitHub's closing keywords before `#N` of the same repository (not `owner/repo#N`). */
const CLOSING = /(?<![\w/])(?:close[sd]?|fix(?:e[sd])?|resolve[sd]?)\s*:?\s+#(\d{1,9})\b/gi;
const BRANCH_ISSUE = /^(?:claude\/issue-|copilot\/fix-|codex\/issue-)(\d{1,9})(?:\b|-|_)/i;

/** The agent handle a comment summons (`@claude please …`), outside quoted text; null when none. */
function mentionedAgent(body: string, agents: AgentIdentities): string | null {
  for (const match of withoutQuotedText(body).matchAll(MENTION)) {
    const handle = match[2]!.toLowerCase();
    if (agents.mentions.has(handle) || agents.logins.has(handle)) return handle;
  }
  return null;
}

const STRENGTH: readonly RequesterSource[] = [
  'named_by_lead', 'pr_author', 'on_behalf_of', 'agent_assigner', 'assignee', 'requested_by', 'co_author', 'workflow_actor', 'mention', 'unknown',
];

/**
 * What we knew against what this delivery shows: the stronger evidence stands, so a
 * later comment cannot replace the person who assigned the agent, and a lead's naming
 * stands until a lead names someone else. Equal evidence: the newer sighting wins.
 */
export function strongerRequester(known: AccountableAuthor | null, seen: AccountableAuthor): AccountableAuthor {
  if (!known) return seen;
  return STRENGTH.indexOf(seen.source) <= STRENGTH.indexOf(known.source) ? seen : known;
}

/**
 * Evidence that arrives one sighting at a time (a comment, a workflow run): only
 * stronger evidence replaces what is known, so the first person who asked stands
 * against everyone who joined in later.
 */
export function laterSighting(known: AccountableAuthor, seen: AccountableAuthor): AccountableAuthor {
  return STRENGTH.indexOf(seen.source) < STRENGTH.indexOf(known.source) ? seen : known;
}

export function sameRequester(a: AccountableAuthor, b: AccountableAuthor): boolean {
  return (a.login ?? '').toLowerCase() === (b.login ?? '').toLowerCase() && a.source === b.source;
}
