import type { ChangeStatus } from '../../../domain/signoff-state.js';
import { escapeMrkdwn } from './escape.js';
import { statusLabel, zonedTime } from '../../../app/wording.js';

export { age, diffstat, formatDuration, plural, STATUS_SHORT, waiting } from '../../../app/wording.js';

/** First seven characters, escaped: a SHA is ours to trust only once it is escaped too. */
export function shortSha(sha: string): string {
  return escapeMrkdwn(sha.slice(0, 7));
}

/** `abc1234` in code style. */
export function shaCode(sha: string): string {
  return `\`${shortSha(sha)}\``;
}

/** "2023-05-01 14:03 CEST" from an ISO time, in `zone`; escaped raw text when it does not parse. */
export function timeIn(iso: string, zone: string): string {
  return zonedTime(iso, zone) ?? escapeMrkdwn(iso);
}

export interface StatusWords {
  emoji: string;
  label: string;
}

const STATUS_EMOJI: Record<ChangeStatus, string> = {
  awaiting: ':hourglass_flowing_sand:', signed_off: ':white_check_mark:', changes_requested: ':warning:',
  closed: ':no_entry_sign:', merged: ':twisted_rightwards_arrows:', not_required: ':information_source:',
};

/** Status as people read it, with its emoji; a draft that still awaits shows as a draft. */
export function statusWords(status: ChangeStatus, draft: boolean, signedEnough: boolean): StatusWords {
  const label = statusLabel(status, draft, signedEnough);
  if (draft && (status === 'awaiting' || status === 'not_required')) return { emoji: ':pencil2:', label };
  if (status === 'merged' && !signedEnough) return { emoji: ':rotating_light:', label };
  return { emoji: STATUS_EMOJI[status], label };
}
