import { groupEvidence } from '../../src/app/evidence-view.js';
import type { ReviewRequestView } from '../../src/app/views.js';

/** A review request as the dispatcher would render it, with user text that tries to be markup. */
export const HOSTILE_TITLE = 'Fix <!channel> <img src=x onerror=alert(1)> & *bold*';

export const reviewRequestView = (over: Partial<ReviewRequestView> = {}): ReviewRequestView => ({
  changeId: 1, repo: 'acme/api', number: 42, title: HOSTILE_TITLE, url: 'https://github.com/acme/api/pull/42', author: 'dana',
  headSha: 'abc1234def5678900000000000000000000000000', headRef: 'claude/fix', draft: false, status: 'awaiting',
  evidence: groupEvidence([{ kind: 'trailer', tool: 'Claude Code', detail: 'Co-Authored-By: Claude <noreply@anthropic.com>' }]), timeZone: 'Europe/Berlin',
  commitsRead: true, notRead: [], additions: 40, deletions: 2, changedFiles: 3, riskTier: 'medium', riskReasons: ['touches billing'], requiredSignoffs: 1,
  approvals: [], changesRequested: [], override: null, eligibleSeniors: ['alice', 'bob'], leads: ['lena'], revision: 1, owningTeams: ['payments'],
  requestedAt: '2026-11-23T09:00:00Z', renderedAt: '2026-11-23T10:00:00Z', ...over,
});
