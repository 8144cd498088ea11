import type { NoticeKind, ThreadNoticeView } from '../../../app/views.js';
import { fallback, section, type KnownBlock, type SlackMessage } from './blocks.js';
import { oneLine } from './escape.js';
import { shaCode } from './format.js';
import { RAW, escapeCut } from './limits.js';
import { NOTICE_LINES, STRONG_NOTICES, type NoticeParts } from '../../../app/notice-wording.js';

const MAX_NOTE_LINES = 30;

/**
 * A thread notice. `previousSha` is optional: when the caller knows the head the
 * superseded sign-offs were made at, the notice names it.
 */
export type ThreadNoticeInput = ThreadNoticeView & { previousSha?: string | null };

/** The emoji before each kind's line: the words themselves are the same on every platform. */
const EMOJI: Record<NoticeKind, string> = {
  superseded: ':arrows_counterclockwise:', approved: ':ballot_box_with_check:', signed_off: ':white_check_mark:',
  changes_requested: ':warning:', revoked: ':leftwards_arrow_with_hook:', closed: ':no_entry_sign:',
  merged: ':twisted_rightwards_arrows:', merged_without_signoff: ':rotating_light:', reopened: ':recycle:',
  draft: ':pencil2:', overridden: ':rotating_light:', escalated: ':alarm_clock:', assigned: ':bust_in_silhouette:',
  claimed: ':raised_hand:', claim_released: ':hourglass:', snoozed: ':zzz:', ready: ':eyes:',
  author_named: ':bust_in_silhouette:', explained: ':memo:', reverted: ':rewind:', incident: ':fire:',
};

export function renderThreadNotice(view: ThreadNoticeInput): SlackMessage {
  const parts: NoticeParts = {
    actor: view.actor ? escapeCut(oneLine(view.actor), RAW.login) : null,
    at: shaCode(view.headSha),
    count: `${view.approvals} of ${view.requiredSignoffs}`,
    previous: view.previousSha ? shaCode(view.previousSha) : null,
  };
  const words = NOTICE_LINES[view.kind](parts);
  // The fixed words hold no mrkdwn control characters; actor and head are escaped above.
  const line = `${EMOJI[view.kind]} ${STRONG_NOTICES.has(view.kind) ? `*${words}*` : words}`;
  const blocks: KnownBlock[] = [section(line)];
  if (view.note) blocks.push(section(quote(view.note)));
  const text = view.note ? `${line} ${escapeCut(oneLine(view.note), 300)}` : line;
  return { text: fallback(text), blocks };
}

/** The note as a block quote: our own `>` per line; the user's `>` are escaped. */
function quote(note: string): string {
  const lines = escapeCut(note.trim(), RAW.note * 2).split(/\r?\n/);
  const shown = lines.length > MAX_NOTE_LINES ? [...lines.slice(0, MAX_NOTE_LINES - 1), '…'] : lines;
  return shown.map((l) => `>${l}`).join('\n');
}
