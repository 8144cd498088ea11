import { describe, it, expect } from 'vitest';
import {
  approvalsAt,
  standingDecisions,
  statusOf,
  type ChangeStatus,
  type Decision,
  type SignoffDecision,
  type StateInput,
} from '../../src/domain/signoff-state.js';

const HEAD = '2222222222222222222222222222222222222222';
const OLD = '1111111111111111111111111111111111111111';

/** One recorded decision; `order` is the row id, so a larger one came later. */
function d(reviewer: string, decision: Decision, order: number, head_sha = HEAD): SignoffDecision {
  return { reviewer, decision, order, head_sha };
}

function state(over: Partial<StateInput> = {}): StateInput {
  return { ai_assisted: true, closed: false, merged: false, head_sha: HEAD, required_signoffs: 1, decisions: [], ...over };
}

describe('statusOf', () => {
  const cases: { name: string; input: Partial<StateInput>; want: ChangeStatus }[] = [
    { name: 'noDecisionsAwaits', input: {}, want: 'awaiting' },
    { name: 'oneApprovalSignsOffALowTierChange', input: { decisions: [d('alice', 'approve', 1)] }, want: 'signed_off' },
    { name: 'highTierWaitsForASecondSenior', input: { required_signoffs: 2, decisions: [d('alice', 'approve', 1)] }, want: 'awaiting' },
    { name: 'twoDistinctSeniorsSignOffAHighTierChange', input: { required_signoffs: 2, decisions: [d('alice', 'approve', 1), d('bob', 'approve', 2)] }, want: 'signed_off' },
    { name: 'moreApprovalsThanRequiredStillSignedOff', input: { required_signoffs: 2, decisions: [d('alice', 'approve', 1), d('bob', 'approve', 2), d('carol', 'approve', 3)] }, want: 'signed_off' },
    { name: 'sameReviewerApprovingTwiceCountsOnce', input: { required_signoffs: 2, decisions: [d('alice', 'approve', 1), d('alice', 'approve', 2)] }, want: 'awaiting' },
    { name: 'reviewerLoginCaseDoesNotMakeTwoPeople', input: { required_signoffs: 2, decisions: [d('alice', 'approve', 1), d('Alice', 'approve', 2)] }, want: 'awaiting' },
    { name: 'revokeWithdrawsAnApproval', input: { decisions: [d('alice', 'approve', 1), d('alice', 'revoke', 2)] }, want: 'awaiting' },
    { name: 'revokeOfOneLeavesTheOthersApproval', input: { decisions: [d('alice', 'approve', 1), d('bob', 'approve', 2), d('alice', 'revoke', 3)] }, want: 'signed_off' },
    { name: 'approveAfterRevokeCountsAgain', input: { decisions: [d('alice', 'approve', 1), d('alice', 'revoke', 2), d('alice', 'approve', 3)] }, want: 'signed_off' },
    { name: 'requestChangesBlocksEvenWithEnoughApprovals', input: { decisions: [d('alice', 'approve', 1), d('bob', 'request_changes', 2)] }, want: 'changes_requested' },
    { name: 'requestChangesThenApproveSignsOff', input: { decisions: [d('bob', 'request_changes', 1), d('bob', 'approve', 2)] }, want: 'signed_off' },
    { name: 'approveThenRequestChangesBlocks', input: { decisions: [d('bob', 'approve', 1), d('bob', 'request_changes', 2)] }, want: 'changes_requested' },
    { name: 'revokeLiftsARequestForChanges', input: { decisions: [d('bob', 'request_changes', 1), d('bob', 'revoke', 2)] }, want: 'awaiting' },
    { name: 'laterOrderWinsWhateverTheListOrder', input: { decisions: [d('bob', 'approve', 5), d('bob', 'request_changes', 3)] }, want: 'signed_off' },
    { name: 'approvalAtAnOlderHeadDoesNotCount', input: { decisions: [d('alice', 'approve', 1, OLD)] }, want: 'awaiting' },
    { name: 'olderHeadApprovalDoesNotMakeUpTheCount', input: { required_signoffs: 2, decisions: [d('alice', 'approve', 1, OLD), d('bob', 'approve', 2)] }, want: 'awaiting' },
    { name: 'requestChangesAtAnOlderHeadNoLongerBlocks', input: { decisions: [d('bob', 'request_changes', 1, OLD), d('alice', 'approve', 2)] }, want: 'signed_off' },
    { name: 'approvalAtTheHeadStandsDespiteALaterDecisionAtAnOldHead', input: { decisions: [d('alice', 'approve', 1), d('alice', 'revoke', 2, OLD)] }, want: 'signed_off' },
    { name: 'mergedIsFinal', input: { merged: true, closed: true, decisions: [d('bob', 'request_changes', 1)] }, want: 'merged' },
    { name: 'mergedWithoutApprovalsIsStillMerged', input: { merged: true, closed: true }, want: 'merged' },
    { name: 'closedIsFinal', input: { closed: true, decisions: [d('alice', 'approve', 1)] }, want: 'closed' },
    { name: 'closedWinsOverNotRequired', input: { closed: true, ai_assisted: false }, want: 'closed' },
    { name: 'notAiAssistedNeedsNoSignoff', input: { ai_assisted: false }, want: 'not_required' },
    { name: 'notAiAssistedIgnoresRequestChanges', input: { ai_assisted: false, decisions: [d('bob', 'request_changes', 1)] }, want: 'not_required' },
    { name: 'reopenedChangeIsJudgedByItsDecisionsAgain', input: { closed: false, decisions: [d('alice', 'approve', 1)] }, want: 'signed_off' },
  ];

  for (const c of cases) {
    it(c.name, () => {
      expect(statusOf(state(c.input))).toBe(c.want);
    });
  }
});

describe('standingDecisions and approvalsAt', () => {
  const decisions = [
    d('alice', 'approve', 1),
    d('Bob', 'request_changes', 2),
    d('bob', 'approve', 4),
    d('carol', 'approve', 3),
    d('carol', 'revoke', 5),
    d('dave', 'approve', 6, OLD),
  ];

  it('eachReviewersLatestDecisionAtTheHeadStands', () => {
    expect(Object.fromEntries(standingDecisions(decisions, HEAD))).toEqual({ alice: 'approve', bob: 'approve', carol: 'revoke' });
  });

  it('approvalsAtTheHeadListEachApproverOnce', () => {
    expect(approvalsAt(decisions, HEAD).sort()).toEqual(['alice', 'bob']);
  });

  it('approvalsAtTheOldHeadAreTheOnesANewPushSupersedes', () => {
    expect(approvalsAt(decisions, OLD)).toEqual(['dave']);
  });

  it('noDecisionsAtAnUnknownHead', () => {
    expect(standingDecisions(decisions, '3'.repeat(40)).size).toBe(0);
  });
});
