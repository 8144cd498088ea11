import { describe, expect, it } from 'vitest';
import { storedDigest } from '../../src/app/stored-digest.js';
import { digestCard } from '../../src/chat/local/render/digest.js';
import { renderDigest as slackDigest } from '../../src/chat/slack/render/digest.js';
import { renderDigest as teamsDigest } from '../../src/chat/teams/render/digest.js';

// A digest outbox row as the previous version queued it (posted as built, so possibly
// after an upgrade): no totals, traces, quality table, or form time on its rubber stamps.
const change = (changeId: number) => ({
  changeId, repo: 'acme/api', number: changeId, title: `Change ${changeId}`, url: `https://github.com/acme/api/pull/${changeId}`, author: 'dana',
  riskTier: 'medium', additions: 900, deletions: 10, requestedAt: '2026-11-30T09:00:00.000Z', assignee: 'bob', approvals: [], status: 'awaiting',
});
const queuedBeforeTheUpgrade = JSON.parse(JSON.stringify({
  team: 'payments', timeZone: 'Europe/Berlin', date: '2026-12-01',
  pending: [{ ...change(1), waitingMinutes: 600 }, { ...change(2), waitingMinutes: 30 }],
  signed: [change(3)], changesRequested: [], overrides: [], mergedWithoutSignoff: [],
  rubberStamps: [{ change: change(3), reviewer: 'bob', seconds: 40 }],
  load: [{ senior: 'bob', open: 2 }], empty: false,
}));

describe('a digest queued by the previous version', () => {
  it('is posted on every platform, counting what it lists and with form times unknown', () => {
    const view = storedDigest(queuedBeforeTheUpgrade);
    expect(view).toMatchObject({ pendingTotal: 2, changesRequestedTotal: 0, traced: [], quality: null, rubberStamps: [{ reviewer: 'bob', seconds: 40, formSeconds: null }] });
    const slack = JSON.stringify(slackDigest(view));
    expect(slack).toContain('2 waiting');
    expect(slack).not.toMatch(/undefined|NaN/);
    expect(JSON.stringify(teamsDigest(view))).not.toMatch(/undefined|NaN/);
    expect(String(digestCard(view))).toContain('Change 1');
    expect(String(digestCard(view))).not.toMatch(/undefined|NaN/);
  });
});
