import type { NoticeKind, ThreadNoticeView } from '../../../app/views.js';
import { fallback, section, type KnownBlock, type SlackMessage } from './blocks.js';
import { oneLine } from './escape.js';
import { shaCode } from './format.js';
import { RAW, escapeCut } from './limits.js';
import { ACCOUNTABILITY_NOTICES } from '../../../app/accountability-wording.js';

const MAX_NOTE_LINES = 30;

/**
 * A thread notice. `previousSha` is optional: when the caller knows the head the
 * superseded sign-offs were made at, the notice names it.
 */
export type ThreadNoticeInput = ThreadNoticeView & { previousSha?: string | null };

interface Parts {
  actor: string | null;
  at: string;
  count: string;
  previous: string | null;
}

/** One short line per kind; people are named by login, never @-mentioned. */
const LINES: Record<NoticeKind, (p: Parts) => string> = {
  superseded: (p) => `:arrows_counterclockwise: New commits pushed: sign-offs at ${p.previous ?? 'the previous head'} no longer count; the change needs sign-off again at ${p.at}.`,
  approved: (p) => `:ballot_box_with_check: ${p.actor ?? 'A senior'} signed off at ${p.at} (${p.count}).`,
  signed_off: (p) => `:white_check_mark: ${p.actor ? `${p.actor} signed off at ${p.at}: ` : ''}the change is signed off at ${p.at} (${p.count}).`,
  changes_requested: (p) => `:warning: ${p.actor ?? 'A senior'} requested changes at ${p.at}.`,
  revoked: (p) => `:leftwards_arrow_with_hook: ${p.actor ?? 'A senior'} revoked their sign-off at ${p.at} (${p.count}).`,
  closed: (p) => `:no_entry_sign: Closed without merging${p.actor ? ` by ${p.actor}` : ''}.`,
  merged: (p) => `:twisted_rightwards_arrows: Merged at ${p.at}${p.actor ? ` by ${p.actor}` : ''}.`,
  merged_without_signoff: (p) => `:rotating_light: *Merged at ${p.at} without the required sign-off* (${p.count})${p.actor ? `, by ${p.actor}` : ''}. This is recorded in the audit trail.`,
  reopened: (p) => `:recycle: Reopened${p.actor ? ` by ${p.actor}` : ''}: sign-off at ${p.at} stands at ${p.count}.`,
  draft: (p) => `:pencil2: Converted to draft${p.actor ? ` by ${p.actor}` : ''}: sign-off is paused until it is ready for review.`,
  overridden: (p) => `:rotating_light: *Overridden* at ${p.at}${p.actor ? ` by ${p.actor}` : ''}: the change may merge without the sign-offs. The reason is recorded in the audit trail.`,
  escalated: (p) => `:alarm_clock: Still waiting for sign-off at ${p.at} (${p.count})${p.actor ? `; reminded ${p.actor}` : ''}.`,
  assigned: (p) => `:bust_in_silhouette: Assigned to ${p.actor ?? 'a senior'} for review.`,
  claimed: (p) => `:raised_hand: ${p.actor ?? 'A senior'} is reviewing this (claimed); reminders pause meanwhile.`,
  claim_released: (p) => `:hourglass: ${p.actor ?? 'The reviewer'}'s claim ran out without a decision; reminders resume.`,
  snoozed: (p) => `:zzz: Reminders snoozed by ${p.actor ?? 'a lead'}.`,
  ready: (p) => `:eyes: Ready for review${p.actor ? ` (${p.actor})` : ''}: the change needs sign-off at ${p.at} (${p.count}).`,
  // Fixed words carry no mrkdwn control characters; actor and head are escaped above.
  author_named: (p) => `:bust_in_silhouette: ${ACCOUNTABILITY_NOTICES.author_named(p.actor)}`,
  explained: (p) => `:memo: ${ACCOUNTABILITY_NOTICES.explained(p.actor, p.at)}`,
  reverted: (p) => `:rewind: ${ACCOUNTABILITY_NOTICES.reverted(p.actor, p.at)}`,
  incident: (p) => `:fire: ${ACCOUNTABILITY_NOTICES.incident(p.actor, p.at)}`,
};

export function renderThreadNotice(view: ThreadNoticeInput): SlackMessage {
  const parts: Parts = {
    actor: view.actor ? escapeCut(oneLine(view.actor), RAW.login) : null,
    at: shaCode(view.headSha),
    count: `${view.approvals} of ${view.requiredSignoffs}`,
    previous: view.previousSha ? shaCode(view.previousSha) : null,
  };
  const line = LINES[view.kind](parts);
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
