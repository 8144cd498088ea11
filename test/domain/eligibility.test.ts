import { describe, it, expect } from 'vitest';
import {
  maySignOff,
  type ChangeForSignoff,
  type RefusalCode,
  type SignoffAttempt,
} from '../../src/domain/eligibility.js';
import type { TeamPolicy } from '../../src/domain/policy.js';

const HEAD = '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d';
const OLDER = '9f8e7d6c5b4a39281706f5e4d3c2b1a098765432';

const TEAMS: TeamPolicy[] = [
  { name: 'platform', github_teams: ['acme/platform'], seniors: ['Alice', 'sam'], leads: ['lena'], members: ['mo'] },
  { name: 'payments', github_teams: ['acme/payments'], seniors: ['bob'], leads: [], members: [] },
];

function change(over: Partial<ChangeForSignoff> = {}): ChangeForSignoff {
  return { author: 'junior', head_sha: HEAD, owning_teams: ['platform'], committers: ['junior'], status: 'awaiting', ai_assisted: true, ...over };
}

function attempt(over: Partial<SignoffAttempt> = {}): SignoffAttempt {
  return { reviewer: 'alice', reviewerIsBot: false, seenHeadSha: HEAD, ...over };
}

describe('maySignOff', () => {
  const cases: {
    name: string;
    attempt?: Partial<SignoffAttempt>;
    change?: Partial<ChangeForSignoff>;
    want: 'ok' | RefusalCode;
  }[] = [
    { name: 'seniorOfOwningTeamMaySignOff', want: 'ok' },
    { name: 'seniorLoginIsComparedCaseInsensitively', attempt: { reviewer: 'ALICE' }, want: 'ok' },
    { name: 'seniorOfAnyOwningTeamMaySignOff', attempt: { reviewer: 'bob' }, change: { owning_teams: ['platform', 'payments'] }, want: 'ok' },
    { name: 'signedOffChangeMayTakeAnotherSignoff', change: { status: 'signed_off' }, want: 'ok' },
    { name: 'changesRequestedChangeMayBeSignedOff', change: { status: 'changes_requested' }, want: 'ok' },
    { name: 'unlinkedChatAccountIsUnmapped', attempt: { reviewer: null }, want: 'unmapped' },
    { name: 'botCannotApprove', attempt: { reviewer: 'alice', reviewerIsBot: true }, want: 'bot' },
    { name: 'botLoginSuffixCannotApprove', attempt: { reviewer: 'Renovate[BOT]' }, want: 'bot' },
    { name: 'authorCannotApprove', change: { author: 'alice' }, want: 'author' },
    { name: 'authorComparedCaseInsensitively', change: { author: 'ALICE' }, attempt: { reviewer: 'alice' }, want: 'author' },
    { name: 'committerCannotApprove', change: { committers: ['junior', 'alice'] }, want: 'committer' },
    { name: 'committerComparedCaseInsensitively', change: { committers: ['junior', 'Sam'] }, attempt: { reviewer: 'sam' }, want: 'committer' },
    { name: 'leadIsNotASenior', attempt: { reviewer: 'lena' }, want: 'not_senior' },
    { name: 'memberIsNotASenior', attempt: { reviewer: 'mo' }, want: 'not_senior' },
    { name: 'strangerIsNotASenior', attempt: { reviewer: 'zed' }, want: 'not_senior' },
    { name: 'seniorOfAnotherTeamCannotApprove', attempt: { reviewer: 'bob' }, want: 'other_team' },
    { name: 'staleHeadCannotApprove', attempt: { seenHeadSha: OLDER }, want: 'stale_head' },
    { name: 'closedChangeIsNotOpen', change: { status: 'closed' }, want: 'not_open' },
    { name: 'mergedChangeIsNotOpen', change: { status: 'merged' }, want: 'not_open' },
    { name: 'changeWithoutAiMarkersNeedsNoSignoff', change: { ai_assisted: false, status: 'not_required' }, want: 'not_required' },
    // Precedence: the first thing the person could not fix themselves is the one they hear.
    { name: 'unmappedBeforeAnythingElse', attempt: { reviewer: null }, change: { status: 'merged' }, want: 'unmapped' },
    { name: 'botBeforeClosed', attempt: { reviewerIsBot: true }, change: { status: 'closed' }, want: 'bot' },
    { name: 'closedBeforeAuthor', change: { status: 'closed', author: 'alice' }, want: 'not_open' },
    { name: 'authorWhoIsNotSeniorHearsAuthor', attempt: { reviewer: 'mo' }, change: { author: 'mo' }, want: 'author' },
    { name: 'notSeniorBeforeStaleHead', attempt: { reviewer: 'zed', seenHeadSha: OLDER }, want: 'not_senior' },
    // Issue 15: whoever asked the agent is its author; a missing required explanation holds sign-offs.
    { name: 'seniorWhoAskedTheAgentCannotApprove', change: { author: 'Copilot', requester: { login: 'Alice', evidence: 'assigned Copilot' } }, want: 'requester' },
    { name: 'unknownRequesterDoesNotBlockAnyone', change: { author: 'Copilot', requester: { login: null, evidence: 'nobody found' } }, want: 'ok' },
    { name: 'missingExplanationHoldsTheSignoff', change: { explanation_missing: true }, want: 'not_explained' },
    { name: 'notSeniorBeforeMissingExplanation', attempt: { reviewer: 'zed' }, change: { explanation_missing: true }, want: 'not_senior' },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const result = maySignOff(attempt(c.attempt), change(c.change), TEAMS);
      expect(result.ok ? 'ok' : result.code).toBe(c.want);
    });
  }
});

describe('refusal reasons say what to do', () => {
  const cases: { name: string; attempt?: Partial<SignoffAttempt>; change?: Partial<ChangeForSignoff>; code: RefusalCode; says: RegExp[] }[] = [
    { name: 'unmappedAsksForAnOperatorToLinkThem', attempt: { reviewer: null }, code: 'unmapped', says: [/not linked/, /operator/, /`people`/] },
    { name: 'botSaysASeniorHasTo', attempt: { reviewerIsBot: true }, code: 'bot', says: [/senior engineer has to/] },
    { name: 'authorSaysAnotherSeniorHasTo', change: { author: 'alice' }, code: 'author', says: [/You opened this pull request/, /another senior of the owning team/] },
    { name: 'committerSaysSomeoneWhoDidNotWriteItHasTo', change: { committers: ['alice'] }, code: 'committer', says: [/committed part of this change/, /did not write it/] },
    { name: 'notSeniorNamesTheTeamAndSuggestsALead', attempt: { reviewer: 'mo' }, code: 'not_senior', says: [/seniors of platform/, /ask a lead/] },
    { name: 'notSeniorNamesEveryOwningTeam', attempt: { reviewer: 'mo' }, change: { owning_teams: ['platform', 'payments'], author: 'x' }, code: 'not_senior', says: [/platform, payments/] },
    { name: 'otherTeamNamesTheOwners', attempt: { reviewer: 'bob' }, code: 'other_team', says: [/senior of another team/, /owned by platform/] },
    { name: 'staleHeadShowsBothShortShasAndAsksForAReview', attempt: { seenHeadSha: OLDER }, code: 'stale_head', says: [/\(9f8e7d6\)/, /current head is 1a2b3c4/, /Review the new commits, then sign off again/] },
    { name: 'notOpenSaysItIsMerged', change: { status: 'merged' }, code: 'not_open', says: [/is merged/, /nothing left to sign off/] },
    { name: 'notRequiredSaysWhy', change: { ai_assisted: false }, code: 'not_required', says: [/no AI-assistance markers/, /needs no sign-off/] },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const result = maySignOff(attempt(c.attempt), change(c.change), TEAMS);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.code).toBe(c.code);
      for (const re of c.says) expect(result.reason).toMatch(re);
    });
  }

  // Bug: when no team owns the change (ownership source "none"), nobody can sign it
  // off, yet the refusal reads "Only seniors of no configured team may sign this change
  // off; ask a lead to add you to the team's seniors" (or, for a senior elsewhere,
  // "this change is owned by no configured team"). There is no team and no lead to
  // ask; only an operator can fix it. src/domain/eligibility.ts:56-59.
  it('unownedChangeSendsThePersonToAnOperator', () => {
    for (const reviewer of ['zed', 'alice']) {
      const result = maySignOff(attempt({ reviewer }), change({ owning_teams: [] }), TEAMS);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.reason).not.toMatch(/no configured team may sign|owned by no configured team/);
      expect(result.reason).toMatch(/operator/);
    }
  });
});
