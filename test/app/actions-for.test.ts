import { describe, expect, it } from 'vitest';
import { actionsFor, SHARED_MESSAGE } from '../../src/app/actions-for.js';
import { reviewRequestView } from '../support/views.js';

// alice and bob may sign; lena leads; dana wrote it.
const awaiting = reviewRequestView({ eligibleSeniors: ['alice', 'bob'], leads: ['lena'], author: 'dana' });
const signedByAlice = reviewRequestView({ status: 'awaiting', requiredSignoffs: 2, approvals: [{ reviewer: 'Alice', at: '2026-11-23T09:30:00Z' }] });
const merged = reviewRequestView({ status: 'merged', approvals: [{ reviewer: 'alice', at: '2026-11-23T09:30:00Z' }] });

describe('actionsFor: which buttons a viewer is offered', () => {
  const cases: [name: string, view: typeof awaiting, viewer: Parameters<typeof actionsFor>[1], expected: string[]][] = [
    ['seniorMaySignClaimOrRequestChanges', awaiting, 'alice', ['sign_off', 'claim', 'request_changes']],
    ['loginsMatchWhateverTheirCase', awaiting, 'BOB', ['sign_off', 'claim', 'request_changes']],
    ['authorIsOfferedNothing', awaiting, 'dana', []],
    ['leadIsOfferedOverrideNotSignOff', awaiting, 'lena', ['override']],
    ['strangerIsOfferedNothing', awaiting, 'mallory', []],
    ['unmappedPersonIsOfferedNothing', awaiting, null, []],
    ['signerMayRevokeButNotSignAgain', signedByAlice, 'alice', ['request_changes', 'revoke']],
    ['otherSeniorMayStillSign', signedByAlice, 'bob', ['sign_off', 'claim', 'request_changes']],
    ['draftOffersNoDecision', reviewRequestView({ draft: true }), 'alice', []],
    ['changesRequestedCannotBeClaimed', reviewRequestView({ status: 'changes_requested' }), 'alice', ['sign_off', 'request_changes']],
    ['mergedOffersNothing', merged, 'alice', []],
    ['sharedMessageOffersWhatAnyoneMightDo', signedByAlice, SHARED_MESSAGE, ['sign_off', 'claim', 'request_changes', 'override', 'revoke']],
    ['sharedMessageOfASignedOffChangeOffersRevoke', reviewRequestView({ status: 'signed_off', approvals: [{ reviewer: 'alice', at: 'x' }] }), SHARED_MESSAGE, ['revoke']],
  ];
  it.each(cases)('%s', (_, view, viewer, expected) => {
    expect(actionsFor(view, viewer)).toEqual(expected);
  });
});
