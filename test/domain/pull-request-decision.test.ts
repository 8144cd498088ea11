import { describe, it, expect } from 'vitest';
import type { Assessment, Change, PullSnapshot } from '../../src/domain/change.js';
import type { Signal } from '../../src/domain/detection/index.js';
import type { Effect } from '../../src/domain/effects.js';
import { decidePullRequest, type PullRequestDecision } from '../../src/domain/pull-request-decision.js';
import type { Decision, SignoffDecision } from '../../src/domain/signoff-state.js';

const T0 = '2025-03-01T09:00:00.000Z';
const NOW = '2025-03-02T10:00:00.000Z';
const SHA1 = '1111111111111111111111111111111111111111';
const SHA2 = '2222222222222222222222222222222222222222';
const AI_LABEL: Signal = { kind: 'label', detail: 'ai-assisted', tool: 'unspecified' };
const NOT_AI: Partial<Assessment> = { ai_assisted: false, signals: [] };

function snapshot(over: Partial<PullSnapshot> = {}): PullSnapshot {
  return {
    repo: 'acme/api', number: 42, url: 'https://github.com/acme/api/pull/42', title: 'Retry payment client calls',
    author: 'junior', head_sha: SHA1, head_ref: 'claude/retry', base_ref: 'main', draft: false,
    additions: 40, deletions: 2, changed_files: 3, closed: false, merged: false, installation_id: 1, ...over,
  };
}

function assessment(over: Partial<Assessment> = {}): Assessment {
  return {
    ai_assisted: true, signals: [AI_LABEL], commits_read: true, owning_teams: ['payments'],
    ownership: { source: 'codeowners', lines: [{ path: 'src/pay.ts', line: 3, owners: ['@acme/payments'] }], unmapped: [] },
    risk_tier: 'low', risk_reasons: ['small change: 42 lines in 3 files'], required_signoffs: 1, committers: ['junior'],
    requester: { login: 'junior', source: 'pr_author', evidence: 'opened the pull request' }, split: null, reverts: { pulls: [], commits: [] }, ...over,
  };
}

/** A change as the store holds it: requested at T0, awaiting one sign-off, at revision 3. */
function change(over: Partial<Change> = {}): Change {
  return { id: 7, ...snapshot(), ...assessment(), status: 'awaiting', revision: 3, requested_at: T0, opened_at: T0, updated_at: T0, explanation: null, merge_commit_sha: null, ...over };
}

/** A human change (no AI markers) as stored: never requested. */
function humanChange(over: Partial<Change> = {}): Change {
  return change({ ...NOT_AI, status: 'not_required', requested_at: null, ...over });
}

function d(reviewer: string, decision: Decision, order: number, head_sha = SHA1): SignoffDecision {
  return { reviewer, decision, order, head_sha };
}

/** Decide, then store the result the way the app does, so events can be chained. */
function apply(prev: Change | null, snap: Partial<PullSnapshot> = {}, found: Partial<Assessment> = {}, decisions: SignoffDecision[] = [], now = NOW): { decision: PullRequestDecision; change: Change } {
  const decision = decidePullRequest(prev, snapshot(snap), assessment(found), decisions, now);
  return { decision, change: { ...decision.next, id: prev?.id ?? 7, opened_at: prev?.opened_at ?? now, updated_at: now } };
}

const actions = (d: PullRequestDecision) => d.audit.map((a) => a.action);

/** Same members regardless of order: the outbox does not depend on effect order. */
function expectSameItems(actual: readonly unknown[], expected: readonly unknown[]) {
  expect(actual).toHaveLength(expected.length);
  expect(actual).toEqual(expect.arrayContaining([...expected]));
}

const request = (...teams: string[]): Effect => ({ type: 'request_review', teams });
const refresh: Effect = { type: 'refresh_request' };
const notice = (n: Extract<Effect, { type: 'thread_notice' }>['notice']): Effect => ({ type: 'thread_notice', notice: n });
const alertLeads: Effect = { type: 'alert_leads', alert: 'merged_without_signoff' };
const check = (state: 'pending' | 'success' | 'failure', head_sha = SHA1): Effect => ({ type: 'set_check', head_sha, state });

describe('decidePullRequest', () => {
  const cases: {
    name: string;
    prev: Change | null;
    snap?: Partial<PullSnapshot>;
    found?: Partial<Assessment>;
    decisions?: SignoffDecision[];
    audit: string[];
    effects: Effect[];
    next?: Partial<Change>;
  }[] = [
    {
      name: 'firstSightOfAnAiAssistedPullRequestAsksForSignoff',
      prev: null,
      audit: ['change_tracked', 'signoff_requested'],
      effects: [request('payments'), check('pending')],
      next: { status: 'awaiting', requested_at: NOW, revision: 1, ai_assisted: true },
    },
    {
      name: 'firstSightOfADraftIsTrackedButNotRequested',
      prev: null,
      snap: { draft: true },
      audit: ['change_tracked'],
      effects: [check('pending')],
      next: { status: 'awaiting', requested_at: null, revision: 1 },
    },
    {
      name: 'firstSightOfAHumanChangeNeedsNoSignoff',
      prev: null,
      found: NOT_AI,
      audit: ['change_tracked'],
      effects: [check('success')],
      next: { status: 'not_required', requested_at: null, ai_assisted: false },
    },
    {
      name: 'readyForReviewSendsTheRequest',
      prev: change({ draft: true, requested_at: null }),
      audit: ['ready_for_review', 'signoff_requested'],
      effects: [request('payments')],
      next: { draft: false, requested_at: NOW, revision: 4 },
    },
    {
      name: 'convertedToDraftAfterTheRequestTellsTheThread',
      prev: change(),
      snap: { draft: true },
      audit: ['marked_draft'],
      effects: [notice('draft'), refresh],
      next: { draft: true, requested_at: T0, revision: 4 },
    },
    {
      // The request is queued again for every owning team (owners may have changed while
      // it was a draft); the outbox key makes it a no-op for a team already asked.
      name: 'readyAgainAfterARequestTellsTheThreadAndReassertsTheRequest',
      prev: change({ draft: true }),
      audit: ['ready_for_review'],
      effects: [notice('ready'), request('payments'), refresh],
      next: { draft: false, requested_at: T0, revision: 4 },
    },
    {
      name: 'editingAnUnrequestedDraftIsQuiet',
      prev: change({ draft: true, requested_at: null }),
      snap: { draft: true, title: 'WIP: retries' },
      audit: [],
      effects: [],
      next: { requested_at: null, revision: 4 },
    },
    {
      name: 'newPushSupersedesApprovals',
      prev: change({ status: 'signed_off' }),
      snap: { head_sha: SHA2 },
      decisions: [d('alice', 'approve', 1, SHA1)],
      audit: ['signoffs_superseded'],
      effects: [{ type: 'thread_notice', notice: 'superseded', previous_sha: SHA1 }, refresh, check('pending', SHA2)],
      next: { status: 'awaiting', head_sha: SHA2, revision: 4 },
    },
    {
      name: 'newPushWithoutApprovalsIsJustAHeadUpdate',
      prev: change(),
      snap: { head_sha: SHA2 },
      audit: ['head_updated'],
      effects: [refresh, check('pending', SHA2)],
      next: { status: 'awaiting', head_sha: SHA2 },
    },
    {
      name: 'revokedApprovalIsNotSuperseded',
      prev: change(),
      snap: { head_sha: SHA2 },
      decisions: [d('alice', 'approve', 1), d('alice', 'revoke', 2)],
      audit: ['head_updated'],
      effects: [refresh, check('pending', SHA2)],
    },
    {
      name: 'newPushOnAHumanChangePassesTheCheckOnTheNewHead',
      prev: humanChange(),
      snap: { head_sha: SHA2 },
      found: NOT_AI,
      audit: ['head_updated'],
      effects: [check('success', SHA2)],
      next: { status: 'not_required', requested_at: null },
    },
    {
      name: 'removingTheAiLabelKeepsTheChangeAiAssisted',
      prev: change(),
      found: NOT_AI,
      audit: [],
      effects: [],
      next: { ai_assisted: true, signals: [AI_LABEL], status: 'awaiting', revision: 3 },
    },
    {
      name: 'aiMarkerAddedLaterStartsTheRequest',
      prev: humanChange(),
      audit: ['detected_ai_assistance', 'signoff_requested'],
      effects: [request('payments'), check('pending')],
      next: { ai_assisted: true, status: 'awaiting', requested_at: NOW, revision: 4 },
    },
    {
      name: 'mergedWithoutSignoffIsRecordedAndAnnounced',
      prev: change(),
      snap: { closed: true, merged: true },
      audit: ['merged', 'merged_without_signoff'],
      effects: [notice('merged'), notice('merged_without_signoff'), alertLeads, refresh],
      next: { status: 'merged' },
    },
    {
      name: 'mergedWithChangesRequestedIsMergedWithoutSignoff',
      prev: change({ status: 'changes_requested' }),
      snap: { closed: true, merged: true },
      decisions: [d('alice', 'approve', 1), d('bob', 'request_changes', 2)],
      audit: ['merged', 'merged_without_signoff'],
      effects: [notice('merged'), notice('merged_without_signoff'), alertLeads, refresh],
    },
    {
      name: 'mergedAfterSignoffIsJustMerged',
      prev: change({ status: 'signed_off' }),
      snap: { closed: true, merged: true },
      decisions: [d('alice', 'approve', 1)],
      audit: ['merged'],
      effects: [notice('merged'), refresh],
      next: { status: 'merged' },
    },
    {
      name: 'mergedHumanChangeIsJustMerged',
      prev: humanChange(),
      snap: { closed: true, merged: true },
      found: NOT_AI,
      audit: ['merged'],
      effects: [],
    },
    {
      name: 'firstSightOfAnAlreadyMergedAiChangeIsMergedWithoutSignoff',
      prev: null,
      snap: { closed: true, merged: true },
      audit: ['change_tracked', 'merged_without_signoff'],
      effects: [alertLeads],
      next: { status: 'merged', requested_at: null },
    },
    {
      name: 'redeliveredMergeIsNotRecordedTwice',
      prev: change({ closed: true, merged: true, status: 'merged' }),
      snap: { closed: true, merged: true },
      audit: [],
      effects: [],
    },
    {
      name: 'closingAfterTheRequestTellsTheThread',
      prev: change(),
      snap: { closed: true },
      audit: ['closed'],
      effects: [notice('closed'), refresh],
      next: { status: 'closed' },
    },
    {
      name: 'closingAnUnrequestedDraftIsQuiet',
      prev: change({ draft: true, requested_at: null }),
      snap: { draft: true, closed: true },
      audit: ['closed'],
      effects: [],
      next: { status: 'closed' },
    },
    {
      name: 'reopeningAfterTheRequestTellsTheThreadAndResetsTheCheck',
      prev: change({ closed: true, status: 'closed' }),
      audit: ['reopened'],
      effects: [notice('reopened'), request('payments'), refresh, check('pending')],
      next: { status: 'awaiting', requested_at: T0 },
    },
    {
      name: 'reopeningAChangeNeverRequestedAsksNow',
      prev: change({ closed: true, status: 'closed', requested_at: null }),
      audit: ['reopened', 'signoff_requested'],
      effects: [request('payments'), check('pending')],
      next: { status: 'awaiting', requested_at: NOW },
    },
    {
      name: 'ownersChangeAsksTheNewTeam',
      prev: change(),
      found: { owning_teams: ['platform'] },
      audit: ['owners_changed'],
      effects: [request('platform'), refresh],
      next: { owning_teams: ['platform'], requested_at: T0 },
    },
    {
      name: 'ownersInAnotherOrderAreTheSameOwners',
      prev: change({ owning_teams: ['payments', 'platform'] }),
      found: { owning_teams: ['platform', 'payments'] },
      audit: [],
      effects: [],
      next: { revision: 3 },
    },
    {
      name: 'riskRaisedAfterASignoffWaitsForAnotherSenior',
      prev: change({ status: 'signed_off' }),
      found: { risk_tier: 'high', risk_reasons: ['touches critical paths: infra/main.tf'], required_signoffs: 2 },
      decisions: [d('alice', 'approve', 1)],
      audit: ['risk_changed'],
      effects: [refresh, check('pending')],
      next: { status: 'awaiting', required_signoffs: 2, revision: 4 },
    },
    {
      name: 'signoffRecordedSinceTheLastEventShowsUp',
      prev: change(),
      decisions: [d('alice', 'approve', 1)],
      audit: [],
      effects: [refresh, check('success')],
      next: { status: 'signed_off', revision: 4 },
    },
    {
      name: 'changesRequestedFailsTheCheck',
      prev: change(),
      decisions: [d('bob', 'request_changes', 1)],
      audit: [],
      effects: [refresh, check('failure')],
      next: { status: 'changes_requested' },
    },
    {
      name: 'titleEditBumpsTheRevisionAndRefreshes',
      prev: change(),
      snap: { title: 'Retry payment client calls with backoff' },
      audit: [],
      effects: [refresh],
      next: { revision: 4 },
    },
    {
      name: 'invisibleChangesKeepTheRevision',
      prev: change(),
      snap: { url: 'https://github.example/acme/api/pull/42', installation_id: 9 },
      found: { committers: ['junior', 'pair'] },
      audit: [],
      effects: [],
      next: { revision: 3, committers: ['junior', 'pair'] },
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const { decision } = apply(c.prev, c.snap, c.found, c.decisions);
      expectSameItems(actions(decision), c.audit);
      expectSameItems(decision.effects, c.effects);
      if (c.next) expect(decision.next).toMatchObject(c.next);
    });
  }
});

describe('audit details', () => {
  it('trackedChangeRecordsWhyItNeedsSignoff', () => {
    const { decision } = apply(null);
    expect(decision.audit).toContainEqual({
      action: 'change_tracked',
      details: expect.objectContaining({ author: 'junior', ai_assisted: true, signals: [AI_LABEL], owning_teams: ['payments'], ownership_source: 'codeowners', risk_tier: 'low', required_signoffs: 1, draft: false }),
    });
    expect(decision.audit).toContainEqual({ action: 'signoff_requested', details: { teams: ['payments'], required_signoffs: 1, risk_tier: 'low' } });
  });

  it('supersededSignoffsNameTheReviewersAndBothHeads', () => {
    const { decision } = apply(change({ status: 'signed_off' }), { head_sha: SHA2 }, {}, [d('alice', 'approve', 1), d('Bob', 'approve', 2), d('carol', 'request_changes', 3)]);
    const entry = decision.audit.find((a) => a.action === 'signoffs_superseded');
    expect(entry?.details).toMatchObject({ previous_head: SHA1, new_head: SHA2 });
    expect([...(entry?.details['reviewers'] as string[])].sort()).toEqual(['alice', 'bob']);
  });

  it('mergedWithoutSignoffRecordsTheHeadThatShipped', () => {
    const { decision } = apply(change(), { closed: true, merged: true });
    expect(decision.audit).toContainEqual({ action: 'merged_without_signoff', details: { status_before: 'awaiting', head_sha: SHA1 } });
  });

  it('ownersChangeRecordsFromAndTo', () => {
    const { decision } = apply(change(), {}, { owning_teams: ['platform'], ownership: { source: 'repo_map', lines: [], unmapped: [] } });
    expect(decision.audit).toEqual([{ action: 'owners_changed', details: { from: ['payments'], to: ['platform'], source: 'repo_map' } }]);
  });
});

describe('a pull request over time', () => {
  it('draftIsRequestedOnceWhenReadyAndARedeliveryIsSilent', () => {
    const opened = apply(null, { draft: true });
    expect(opened.decision.effects.some((e) => e.type === 'request_review')).toBe(false);

    const ready = apply(opened.change, { draft: false });
    expect(ready.decision.effects).toContainEqual(request('payments'));
    expect(ready.change).toMatchObject({ requested_at: NOW, revision: 2 });

    const again = apply(ready.change, { draft: false });
    expect(again.decision.audit).toEqual([]);
    expect(again.decision.effects).toEqual([]);
    expect(again.change.revision).toBe(2);
  });

  it('identicalRedeliveryProducesNoEffects', () => {
    const first = apply(null);
    const second = apply(first.change);
    expect(second.decision.audit).toEqual([]);
    expect(second.decision.effects).toEqual([]);
    expect(second.decision.next).toEqual(first.decision.next);
  });

  it('signOffThenPushThenSignOffAgain', () => {
    const opened = apply(null);
    const signed = apply(opened.change, {}, {}, [d('alice', 'approve', 1)]);
    expect(signed.change.status).toBe('signed_off');

    const pushed = apply(signed.change, { head_sha: SHA2 }, {}, [d('alice', 'approve', 1)]);
    expect(actions(pushed.decision)).toEqual(['signoffs_superseded']);
    expect(pushed.change.status).toBe('awaiting');

    const resigned = apply(pushed.change, { head_sha: SHA2 }, {}, [d('alice', 'approve', 1), d('alice', 'approve', 2, SHA2)]);
    expect(resigned.change.status).toBe('signed_off');
    const merged = apply(resigned.change, { head_sha: SHA2, closed: true, merged: true }, {}, [d('alice', 'approve', 1), d('alice', 'approve', 2, SHA2)]);
    expect(actions(merged.decision)).toEqual(['merged']);
  });

  it('openedRequestedRequestedRequestedIsRequestedOnlyOnce', () => {
    let current = apply(null).change;
    for (const title of ['a', 'b', 'c']) {
      const next = apply(current, { title });
      expect(next.decision.effects.filter((e) => e.type === 'request_review')).toEqual([]);
      expect(actions(next.decision)).not.toContain('signoff_requested');
      current = next.change;
    }
    expect(current.requested_at).toBe(NOW);
  });

  // Bug: merged_without_signoff trusts the stored status rather than the decisions at
  // the head that merged. If the merge arrives at a head the change never recorded
  // (a synchronize delivery lost or processed after the close; a push then an admin
  // merge), the stored status is still "signed_off" from the older head, so nothing
  // records that an unsigned commit shipped. src/domain/pull-request-decision.ts:76-77.
  it('mergeAtAnUnsignedHeadIsMergedWithoutSignoff', () => {
    const { decision } = apply(change({ status: 'signed_off' }), { head_sha: SHA2, closed: true, merged: true }, {}, [d('alice', 'approve', 1, SHA1)]);
    expect(actions(decision)).toContain('merged_without_signoff');
  });

  // Bug: owners that change while the pull request is a draft (or closed) are never
  // asked. The stored owning_teams move on silently; when the draft becomes ready
  // again, prev.owning_teams already equals the new owners and requested_at is set,
  // so no request_review goes to the new team. src/domain/pull-request-decision.ts:81-86.
  it('ownersChangedWhileDraftAreAskedWhenReady', () => {
    const opened = apply(null);
    const drafted = apply(opened.change, { draft: true });
    const moved = apply(drafted.change, { draft: true, head_sha: SHA2 }, { owning_teams: ['platform'] });
    expect(moved.decision.effects.filter((e) => e.type === 'request_review')).toEqual([]);

    const ready = apply(moved.change, { draft: false, head_sha: SHA2 }, { owning_teams: ['platform'] });
    expect(ready.decision.effects).toContainEqual(request('platform'));
  });
});

describe('decidePullRequest after a push that changed no code', () => {
  const prev = change({ head_sha: SHA1, status: 'signed_off', required_signoffs: 1 });
  it('sameCodeKeepsTheApprovals', () => {
    const out = decidePullRequest(prev, snapshot({ head_sha: SHA2 }), assessment({ required_signoffs: 1 }), [d('bob', 'approve', 1)], '2026-11-20T10:00:00Z', 'identical tree');
    expect(out.carried).toEqual(['bob']);
    expect(out.next.status).toBe('signed_off');
    expect(out.audit.map((a) => a.action)).toEqual(['signoffs_carried']);
  });
  it('sameCodeDoesNotClearAChangeRequest', () => {
    const decisions = [d('bob', 'approve', 1), d('carol', 'request_changes', 2)];
    const out = decidePullRequest({ ...prev, status: 'changes_requested' }, snapshot({ head_sha: SHA2 }), assessment({ required_signoffs: 1 }), decisions, '2026-11-20T10:00:00Z', 'identical tree');
    expect(out.carried).toEqual([]);
    expect(out.next.status).toBe('awaiting');
    expect(out.audit.map((a) => a.action)).toEqual(['signoffs_superseded']);
  });
});

describe('decidePullRequest: accountability', () => {
  const COPILOT = { author: 'Copilot' };
  const askedByAlice = { login: 'alice', source: 'agent_assigner' as const, evidence: 'assigned Copilot to this pull request' };
  const unknown = { login: null, source: 'unknown' as const, evidence: 'Copilot opened this pull request and nobody who asked it could be found' };
  const EXPLAINED = { what: 'Retries', verified: 'Tests', risks: 'Duplicates' };

  it('whoAskedTheAgentIsRecordedWithItsEvidence', () => {
    const { decision } = apply(null, COPILOT, { requester: askedByAlice });
    expect(decision.audit).toContainEqual({ action: 'accountable_author', details: { login: 'alice', source: 'agent_assigner', evidence: 'assigned Copilot to this pull request' } });
    expect(decision.next.requester).toEqual(askedByAlice);
  });

  it('weakerEvidenceLaterDoesNotReplaceIt', () => {
    const prev = change({ ...COPILOT, requester: askedByAlice });
    const { decision } = apply(prev, COPILOT, { requester: { login: 'mallory', source: 'mention', evidence: 'asked the agent in a comment' } });
    expect(decision.next.requester).toEqual(askedByAlice);
    expect(actions(decision)).not.toContain('accountable_author');
  });

  it('aLeadsNamingStandsAgainstLaterEvidence', () => {
    const named = { login: 'dana', source: 'named_by_lead' as const, evidence: 'named by lena' };
    const { decision } = apply(change({ ...COPILOT, requester: named }), COPILOT, { requester: askedByAlice });
    expect(decision.next.requester).toEqual(named);
  });

  it('aMissingRequiredExplanationAsksTheAuthorDirectly', () => {
    const decision = decidePullRequest(null, snapshot(COPILOT), assessment({ requester: askedByAlice }), [], NOW, null, { explanationRequired: true });
    expect(decision.effects).toContainEqual({ type: 'direct', to: ['alice'], alert: 'explanation_needed', key: 'explanation_needed:acme/api#42' });
  });

  it('nobodyIsAskedWhenTheAuthorIsUnknownOrItIsExplained', () => {
    const rules = { explanationRequired: true };
    const unknownAuthor = decidePullRequest(null, snapshot(COPILOT), assessment({ requester: unknown }), [], NOW, null, rules);
    const explained = decidePullRequest(null, snapshot(), assessment({ explanation_in_body: EXPLAINED }), [], NOW, null, rules);
    const notRequired = decidePullRequest(null, snapshot(), assessment(), [], NOW, null, { explanationRequired: false });
    for (const d of [unknownAuthor, explained, notRequired]) expect(d.effects.filter((e) => e.type === 'direct')).toEqual([]);
  });

  it('anExplanationInTheBodyIsRecordedWithItsHeadAndKeptAcrossPushes', () => {
    const first = apply(null, {}, { explanation_in_body: EXPLAINED });
    expect(first.decision.next.explanation).toEqual({ answers: EXPLAINED, head_sha: SHA1, at: NOW, source: 'body', by: 'junior' });
    expect(first.decision.audit).toContainEqual({ action: 'explanation_given', details: { ...EXPLAINED, head_sha: SHA1, source: 'body', by: 'junior' } });
    const pushed = apply(first.change, { head_sha: SHA2 }, {}, [], '2025-03-03T10:00:00.000Z');
    expect(pushed.decision.next.explanation?.head_sha).toBe(SHA1);
    expect(actions(pushed.decision)).not.toContain('explanation_given');
  });

  it('theSameExplanationAgainIsNotANewOne', () => {
    const first = apply(null, {}, { explanation_in_body: EXPLAINED });
    const again = apply(first.change, { title: 'Renamed' }, { explanation_in_body: EXPLAINED }, [], '2025-03-03T10:00:00.000Z');
    expect(actions(again.decision)).not.toContain('explanation_given');
    expect(again.decision.next.explanation?.at).toBe(NOW);
  });
});
