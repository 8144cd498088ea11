import type { ChangeStatus } from '../../../domain/signoff-state.js';
import { escapeMrkdwn } from './escape.js';

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

/** First seven characters, escaped: a SHA is ours to trust only once it is escaped too. */
export function shortSha(sha: string): string {
  return escapeMrkdwn(sha.slice(0, 7));
}

/** `abc1234` in code style. */
export function shaCode(sha: string): string {
  return `\`${shortSha(sha)}\``;
}

/** "+120 −30 · 5 files" (U+2212 minus, as GitHub shows it). */
export function diffstat(additions: number, deletions: number, files?: number): string {
  const lines = `+${additions} \u2212${deletions}`;
  return files === undefined ? lines : `${lines} · ${plural(files, 'file')}`;
}

/** "2023-05-01 12:03 UTC" from an ISO time; escaped raw text when it does not parse. */
export function utc(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return escapeMrkdwn(iso);
  return `${new Date(t).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

export interface StatusWords {
  emoji: string;
  label: string;
}

/** Status as people read it; a draft that still awaits shows as a draft. */
export function statusWords(status: ChangeStatus, draft: boolean, signedEnough: boolean): StatusWords {
  if (draft && (status === 'awaiting' || status === 'not_required')) {
    return { emoji: ':pencil2:', label: 'Draft: sign-off will be asked for when it is ready for review' };
  }
  switch (status) {
    case 'awaiting': return { emoji: ':hourglass_flowing_sand:', label: 'Awaiting sign-off' };
    case 'signed_off': return { emoji: ':white_check_mark:', label: 'Signed off' };
    case 'changes_requested': return { emoji: ':warning:', label: 'Changes requested' };
    case 'closed': return { emoji: ':no_entry_sign:', label: 'Closed without merging' };
    case 'merged': return signedEnough
      ? { emoji: ':twisted_rightwards_arrows:', label: 'Merged' }
      : { emoji: ':rotating_light:', label: 'Merged without the required sign-off' };
    case 'not_required': return { emoji: ':information_source:', label: 'Sign-off not required' };
  }
}

/** Short status for one line of a list. */
export const STATUS_SHORT: Record<ChangeStatus, string> = {
  awaiting: 'awaiting', signed_off: 'signed off', changes_requested: 'changes requested',
  closed: 'closed', merged: 'merged', not_required: 'not required',
};
