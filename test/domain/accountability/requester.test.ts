import { describe, it, expect } from 'vitest';
import { accountableAuthor, laterSighting, linkedIssues, type AccountableAuthor, type AgentIdentities, type RequesterFacts, type RequesterSource } from '../../../src/domain/accountability/requester.js';
import type { Person } from '../../../src/domain/policy.js';

const AGENTS: AgentIdentities = {
  logins: new Set(['copilot', 'copilot-swe-agent[bot]', 'devin-ai-integration[bot]', 'claude[bot]', 'google-labs-jules[bot]']),
  emails: new Set(['noreply@anthropic.com', '198982749+copilot@users.noreply.github.com']),
  mentions: new Set(['copilot', 'claude', 'devin']),
};
const PEOPLE: Person[] = [{ github: 'dana', email: 'dana@acme.test' }];

describe('accountableAuthor', () => {
  const cases: { name: string; facts: RequesterFacts; login: string | null; source: RequesterSource; evidence?: RegExp }[] = [
    { name: 'humanAuthorIsAccountable', facts: { author: 'octocat', assignees: ['someone'] }, login: 'octocat', source: 'pr_author' },
    {
      name: 'copilotOnBehalfOfWinsOverEverything',
      facts: { author: 'Copilot', on_behalf_of: 'alice', assignees: ['bob'], body: 'Requested by: @carol' },
      login: 'alice', source: 'on_behalf_of', evidence: /Copilot works on their behalf/,
    },
    {
      name: 'whoAssignedTheAgentAskedIt',
      facts: { author: 'Copilot', assignments: [{ assignee: 'Copilot', assigner: 'alice' }, { assignee: 'bob', assigner: 'Copilot' }] },
      login: 'alice', source: 'agent_assigner', evidence: /assigned Copilot/,
    },
    { name: 'aHumanAssigningAHumanIsNotAsking', facts: { author: 'Copilot', assignments: [{ assignee: 'bob', assigner: 'alice' }] }, login: null, source: 'unknown' },
    { name: 'theSingleHumanAssigneeOfAnAgentPullRequest', facts: { author: 'Copilot', assignees: ['Copilot', 'alice'] }, login: 'alice', source: 'assignee' },
    { name: 'otherAgentsAssigneesAreTriageNotEvidence', facts: { author: 'devin-ai-integration[bot]', assignees: ['alice'] }, login: null, source: 'unknown' },
    { name: 'twoHumanAssigneesAreAmbiguous', facts: { author: 'Copilot', assignees: ['alice', 'bob'] }, login: null, source: 'unknown' },
    {
      name: 'devinRequestedByLine',
      facts: { author: 'devin-ai-integration[bot]', body: 'Link to Devin run: https://app.devin.ai/sessions/abc\n**Requested by:** @alice\n' },
      login: 'alice', source: 'requested_by', evidence: /Requested by: @alice/,
    },
    {
      name: 'requestedByAConfiguredAddress',
      facts: { author: 'devin-ai-integration[bot]', body: 'Requested by: Dana Smith (dana@acme.test)' },
      login: 'dana', source: 'requested_by',
    },
    { name: 'requestedByAnUnknownNameIsNotEnough', facts: { author: 'devin-ai-integration[bot]', body: 'Requested by: Dana Smith' }, login: null, source: 'unknown' },
    { name: 'requestedByInAQuoteIsNotEvidence', facts: { author: 'devin-ai-integration[bot]', body: '> Requested by: @mallory' }, login: null, source: 'unknown' },
    { name: 'requestedByInProseIsNotALine', facts: { author: 'devin-ai-integration[bot]', body: 'This was requested by @mallory last week.' }, login: null, source: 'unknown' },
    {
      name: 'humanCoAuthorOnAnAgentCommit',
      facts: { author: 'claude[bot]', commits: [{ sha: 'abcdef1234', author_login: 'claude[bot]', message: 'Fix\n\nCo-authored-by: Alice <1234+alice@users.noreply.github.com>' }] },
      login: 'alice', source: 'co_author', evidence: /commit abcdef1/,
    },
    {
      name: 'coAuthorByConfiguredAddress',
      facts: { author: 'Copilot', commits: [{ author_email: '198982749+Copilot@users.noreply.github.com', message: 'Fix\n\nCo-authored-by: Dana <dana@acme.test>' }] },
      login: 'dana', source: 'co_author',
    },
    {
      name: 'aiCoAuthorIsNotTheRequester',
      facts: { author: 'claude[bot]', commits: [{ author_login: 'claude[bot]', message: 'Fix\n\nCo-Authored-By: Claude <noreply@anthropic.com>' }] },
      login: null, source: 'unknown',
    },
    {
      name: 'coAuthorOnAHumanCommitDoesNotCount',
      facts: { author: 'claude[bot]', commits: [{ author_login: 'bob', message: 'Fix\n\nCo-authored-by: Alice <1234+alice@users.noreply.github.com>' }] },
      login: null, source: 'unknown',
    },
    {
      name: 'coAuthorInProseIsNotATrailer',
      facts: { author: 'claude[bot]', commits: [{ author_login: 'claude[bot]', message: 'Co-authored-by: Alice <1234+alice@users.noreply.github.com> wrote the plan\n\nMore text here.' }] },
      login: null, source: 'unknown',
    },
    { name: 'workflowActor', facts: { author: 'claude[bot]', workflow_runs: [{ actor: 'github-actions[bot]', workflow: 'CI' }, { actor: 'erin', workflow: 'Claude Code' }] }, login: 'erin', source: 'workflow_actor', evidence: /started the workflow run "Claude Code"/ },
    {
      name: 'firstCommenterWhoMentionedTheAgent',
      facts: { author: 'claude[bot]', comments: [{ author: 'bob', body: 'nice' }, { author: 'carol', body: '@claude please fix the flaky test' }, { author: 'dave', body: '@claude again' }] },
      login: 'carol', source: 'mention', evidence: /^asked @claude in a comment/,
    },
    {
      name: 'mentionInCodeOrAnEmailIsNot',
      facts: { author: 'claude[bot]', comments: [{ author: 'bob', body: 'see `@claude` and mail x@claude' }] },
      login: null, source: 'unknown',
    },
    { name: 'theAgentMentioningItselfIsNot', facts: { author: 'claude[bot]', comments: [{ author: 'claude[bot]', body: '@claude done' }] }, login: null, source: 'unknown' },
    { name: 'nobodyFound', facts: { author: 'google-labs-jules[bot]' }, login: null, source: 'unknown', evidence: /nobody who asked it could be found/ },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const got = accountableAuthor(c.facts, AGENTS, PEOPLE);
      expect({ login: got.login, source: got.source }).toEqual({ login: c.login, source: c.source });
      if (c.evidence) expect(got.evidence).toMatch(c.evidence);
    });
  }

  it('runsInLinearTimeOnHostileBodies', () => {
    const body = `Requested by:${' '.repeat(200_000)}x\n${'(a'.repeat(100_000)}`;
    const comments = [{ author: 'bob', body: '@'.repeat(200_000) }];
    expect(accountableAuthor({ author: 'Copilot', body, comments }, AGENTS, PEOPLE).source).toBe('unknown');
  });
});

describe('laterSighting', () => {
  const by = (login: string | null, source: RequesterSource): AccountableAuthor => ({ login, source, evidence: source });
  const cases: { name: string; known: AccountableAuthor; seen: AccountableAuthor; want: string | null }[] = [
    { name: 'aMentionFillsTheUnknown', known: by(null, 'unknown'), seen: by('alice', 'mention'), want: 'alice' },
    { name: 'theFirstMentionStandsAgainstLaterOnes', known: by('alice', 'mention'), seen: by('bob', 'mention'), want: 'alice' },
    { name: 'aWorkflowRunOutranksAMention', known: by('alice', 'mention'), seen: by('bob', 'workflow_actor'), want: 'bob' },
    { name: 'theFirstWorkflowRunStands', known: by('bob', 'workflow_actor'), seen: by('carol', 'workflow_actor'), want: 'bob' },
    { name: 'aCommentNeverReplacesWhoAssignedTheAgent', known: by('dave', 'agent_assigner'), seen: by('alice', 'mention'), want: 'dave' },
    { name: 'norALeadsNaming', known: by('erin', 'named_by_lead'), seen: by('bob', 'workflow_actor'), want: 'erin' },
  ];
  for (const c of cases) it(c.name, () => expect(laterSighting(c.known, c.seen).login).toBe(c.want));
});

describe('linkedIssues', () => {
  const cases: { name: string; body: string | null; branch: string; want: number[] }[] = [
    { name: 'closingKeywords', body: 'Fixes #5\n\nAlso resolves #7 and closes: #9', branch: 'topic', want: [5, 7, 9] },
    { name: 'claudeBranch', body: null, branch: 'claude/issue-12-20260101_120000', want: [12] },
    { name: 'copilotBranch', body: 'Fixes #3', branch: 'copilot/fix-3', want: [3] },
    { name: 'otherRepositoriesAndProseAreNot', body: 'Fixes acme/other#5, see #6, prefix#7, `fixes #8`', branch: 'copilot/refunds', want: [] },
    { name: 'quotedTextIsNot', body: '> Fixes #4', branch: 'topic', want: [] },
    { name: 'atMostThree', body: 'Fixes #1 fixes #2 fixes #3 fixes #4', branch: 'topic', want: [1, 2, 3] },
  ];
  for (const c of cases) it(c.name, () => expect(linkedIssues(c.body, c.branch)).toEqual(c.want));

  it('runsInLinearTimeOnHostileBodies', () => {
    expect(linkedIssues('fix '.repeat(20_000) + '#'.repeat(20_000), 'claude/issue-'.repeat(1000))).toEqual([]);
  });
});
