import type { RuleKind } from '../domain/detection/rule.js';
import type { ChangeStatus } from '../domain/signoff-state.js';
import type { ChangeAction } from './change-action.js';

/**
 * Words every chat adapter uses the same way: durations, sizes, statuses. Plain text,
 * no markup: each adapter escapes and decorates for its platform.
 */

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "under a minute", "42m", "3h 10m", "2d 4h": coarse on purpose, it is a queue. */
export function formatDuration(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return 'under a minute';
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 === 0 ? `${hours}h` : `${hours}h ${minutes % 60}m`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days}d` : `${days}d ${hours % 24}h`;
}

/** How long from `fromIso` to `toIso` (the view's render time; no clock), or null when unknown. */
export function age(fromIso: string | null, toIso: string): string | null {
  if (fromIso === null) return null;
  const from = Date.parse(fromIso);
  const to = Date.parse(toIso);
  if (Number.isNaN(from) || Number.isNaN(to)) return null;
  return formatDuration(to - from);
}

/** "waiting 3h 10m" (the wording the queue uses), or null. */
export function waiting(requestedAt: string | null, renderedAt: string): string | null {
  const a = age(requestedAt, renderedAt);
  return a === null ? null : `waiting ${a}`;
}

/** "+120 −30 · 5 files" (U+2212 minus, as GitHub shows it). */
export function diffstat(additions: number, deletions: number, files?: number): string {
  const lines = `+${additions} \u2212${deletions}`;
  return files === undefined ? lines : `${lines} · ${plural(files, 'file')}`;
}

/** Whether a senior can still decide: not closed, merged, signed off, a draft or out of scope. */
export function awaitsDecision(view: { status: ChangeStatus; draft: boolean }): boolean {
  return !view.draft && (view.status === 'awaiting' || view.status === 'changes_requested');
}

/** Status as people read it; a draft that still awaits shows as a draft. */
export function statusLabel(status: ChangeStatus, draft: boolean, signedEnough: boolean): string {
  if (draft && (status === 'awaiting' || status === 'not_required')) return 'Draft: sign-off will be asked for when it is ready for review';
  switch (status) {
    case 'awaiting': return 'Awaiting sign-off';
    case 'signed_off': return 'Signed off';
    case 'changes_requested': return 'Changes requested';
    case 'closed': return 'Closed without merging';
    case 'merged': return signedEnough ? 'Merged' : 'Merged without the required sign-off';
    case 'not_required': return 'Sign-off not required';
  }
}

/** Short status for one line of a list. */
export const STATUS_SHORT: Record<ChangeStatus, string> = {
  awaiting: 'awaiting', signed_off: 'signed off', changes_requested: 'changes requested',
  closed: 'closed', merged: 'merged', not_required: 'not required',
};

/** Where a piece of AI evidence was seen, as a reviewer would say it. */
export const SIGNAL_KIND: Record<RuleKind, string> = {
  label: 'label', author: 'PR author', commit_author: 'commit author', trailer: 'commit trailer',
  body: 'PR description', checkbox: 'ticked box', branch: 'branch name', commit_subject: 'commit subject',
};

const zoneFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * "2026-11-23 09:05 CET": an ISO time in a team's time zone, with the zone, the way
 * every platform shows times to that team (null when `iso` is not a time). An unknown
 * zone falls back to UTC rather than failing a render; config validation rejects one.
 */
export function zonedTime(iso: string, zone: string): string | null {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return null;
  let format = zoneFormats.get(zone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' });
    } catch {
      return zone === 'UTC' ? null : zonedTime(iso, 'UTC');
    }
    zoneFormats.set(zone, format);
  }
  const part = Object.fromEntries(format.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  return `${part.year}-${part.month}-${part.day} ${part.hour}:${part.minute} ${part.timeZoneName}`;
}

/**
 * What the recipient of an escalation can do about it, from the actions the door
 * (actionsFor) offers them: a senior signs off or claims; a lead who is no senior of
 * it cannot, and is told what a lead can do instead.
 */
export function escalationAdvice(actions: readonly ChangeAction[] | undefined, ref: string): string {
  const offered = new Set(actions ?? []);
  if (offered.has('sign_off')) return 'Sign it off, request changes, or press "I\'m on it" to pause reminders.';
  if (offered.has('override')) return `As its lead: ask one of its seniors to act, pause the reminders with "/signoff snooze ${ref} 4h", or, if it must ship without a sign-off, override it with a reason.`;
  return 'One of its seniors can sign it off or request changes.';
}

/**
 * What detection did not read of a pull request (it reads up to GitHub's own limits),
 * as one sentence beside the evidence, so "no marker" never hides an unread part.
 */
export function notReadText(notRead: readonly string[]): string | null {
  return notRead.length === 0 ? null : `Not read for AI markers: ${notRead.join('; ')}.`;
}
