import { ACCOUNTABILITY_NOTICES } from './accountability-wording.js';
import type { NoticeKind } from './views.js';

/** The pieces of a thread notice, each already formatted and escaped by the adapter for its markup. */
export interface NoticeParts {
  actor: string | null;
  /** The head the notice is about, as the platform shows a commit. */
  at: string;
  /** "1 of 2" */
  count: string;
  previous: string | null;
}

/** Notices of a broken rule or a traced failure: every platform shows them strongly. */
export const STRONG_NOTICES: ReadonlySet<NoticeKind> = new Set(['merged_without_signoff', 'overridden', 'reverted', 'incident']);

/**
 * One short line per kind of thread notice, the same words on every platform. People
 * are named by login, never mentioned. The fixed words carry no markup characters, so
 * an adapter may wrap the line in its own emphasis.
 */
export const NOTICE_LINES: Record<NoticeKind, (p: NoticeParts) => string> = {
  superseded: (p) => `New commits pushed: sign-offs at ${p.previous ?? 'the previous head'} no longer count; the change needs sign-off again at ${p.at}.`,
  approved: (p) => `${p.actor ?? 'A senior'} signed off at ${p.at} (${p.count}).`,
  signed_off: (p) => `${p.actor ? `${p.actor} signed off at ${p.at}: ` : ''}the change is signed off at ${p.at} (${p.count}).`,
  changes_requested: (p) => `${p.actor ?? 'A senior'} requested changes at ${p.at}.`,
  revoked: (p) => `${p.actor ?? 'A senior'} revoked their sign-off at ${p.at} (${p.count}).`,
  closed: (p) => `Closed without merging${p.actor ? ` by ${p.actor}` : ''}.`,
  merged: (p) => `Merged at ${p.at}${p.actor ? ` by ${p.actor}` : ''}.`,
  merged_without_signoff: (p) => `Merged at ${p.at} without the required sign-off (${p.count})${p.actor ? `, by ${p.actor}` : ''}. This is recorded in the audit trail.`,
  reopened: (p) => `Reopened${p.actor ? ` by ${p.actor}` : ''}: sign-off at ${p.at} stands at ${p.count}.`,
  draft: (p) => `Converted to draft${p.actor ? ` by ${p.actor}` : ''}: sign-off is paused until it is ready for review.`,
  overridden: (p) => `Overridden at ${p.at}${p.actor ? ` by ${p.actor}` : ''}: the change may merge without the sign-offs. The reason is recorded in the audit trail.`,
  escalated: (p) => `Still waiting for sign-off at ${p.at} (${p.count})${p.actor ? `; reminded ${p.actor}` : ''}.`,
  assigned: (p) => `Assigned to ${p.actor ?? 'a senior'} for review.`,
  claimed: (p) => `${p.actor ?? 'A senior'} is reviewing this (claimed); reminders pause meanwhile.`,
  claim_released: (p) => `${p.actor ?? 'The reviewer'}'s claim ran out without a decision; reminders resume.`,
  snoozed: (p) => `Reminders snoozed by ${p.actor ?? 'a lead'}.`,
  ready: (p) => `Ready for review${p.actor ? ` (${p.actor})` : ''}: the change needs sign-off at ${p.at} (${p.count}).`,
  author_named: (p) => ACCOUNTABILITY_NOTICES.author_named(p.actor),
  explained: (p) => ACCOUNTABILITY_NOTICES.explained(p.actor, p.at),
  reverted: (p) => ACCOUNTABILITY_NOTICES.reverted(p.actor, p.at),
  incident: (p) => ACCOUNTABILITY_NOTICES.incident(p.actor, p.at),
};
