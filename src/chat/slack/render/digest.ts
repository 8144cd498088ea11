import { approvalFormTime, formTime, QUALITY_SIGNAL, qualityPeriod, traceWords } from '../../../app/accountability-wording.js';
import type { DigestChange, DigestTrace, DigestView } from '../../../domain/digest.js';
import { capBlocks, context, fallback, header, listBlocks, section, type KnownBlock } from './blocks.js';
import { mrkdwnLink, oneLine } from './escape.js';
import { qualityBlock } from './quality.js';
import { diffstat, formatDuration, plural, timeIn } from './format.js';
import { LIMITS, LIST_ITEMS, RAW, escapeCut, fitLines, joinInline, truncate } from './limits.js';

/**
 * A team's daily digest, posted to its channel. Warnings (merges without sign-off,
 * overrides) come first because they are what a lead must act on; then the queue,
 * what got done, rubber stamps and who carries the load. Empty sections are left out.
 */
export function renderDigest(view: DigestView): { text: string; blocks: KnownBlock[] } {
  const team = oneLine(view.team);
  const date = oneLine(view.date);
  const title = `Countersign digest · ${truncate(team, RAW.login)} · ${truncate(date, 40)}`;
  const fallbackHead = `Countersign digest for ${escapeCut(team, RAW.login)} (${escapeCut(date, 40)})`;

  if (view.empty) {
    return {
      text: fallback(`${fallbackHead}: all clear`),
      blocks: [header(title), section(':sunny: *All clear.* Nothing is waiting for a sign-off and nothing slipped through in the last day. Nice work, team.')],
    };
  }

  // `total` counts what the digest lists only the first of (the rest are "…and N more").
  const sections: { title: string; lines: string[]; maxItems: number; total?: number }[] = [
    { title: ':rotating_light: Merged without sign-off', lines: view.mergedWithoutSignoff.map((m) => `• ${changeRef(m.change)} · merged ${timeIn(m.at, view.timeZone)} with ${plural(m.change.approvals.length, 'sign-off')}`), maxItems: LIST_ITEMS.listAnswer },
    { title: ':rewind: Reverted or linked to an incident', lines: view.traced.map((t) => traceLine(t, view.timeZone)), maxItems: LIST_ITEMS.listAnswer },
    { title: ':warning: Overridden by a lead', lines: view.overrides.map((o) => `• ${changeRef(o.change)} · overridden by *${login(o.by)}* ${timeIn(o.at, view.timeZone)}: _${escapeCut(oneLine(o.reason), RAW.reason)}_`), maxItems: LIST_ITEMS.listAnswer },
    { title: ':hourglass_flowing_sand: Waiting for sign-off', lines: view.pending.map(pendingLine), maxItems: LIST_ITEMS.listAnswer, total: view.pendingTotal },
    { title: ':white_check_mark: Signed off in the last day', lines: view.signed.map((c) => `• ${changeRef(c)} · signed off by ${signers(c)}`), maxItems: LIST_ITEMS.listAnswer },
    { title: ':leftwards_arrow_with_hook: Changes requested', lines: view.changesRequested.map((c) => `• ${changeRef(c)}${assignee(c)}`), maxItems: LIST_ITEMS.listAnswer, total: view.changesRequestedTotal },
    { title: ':zap: Signed faster than the diff could be read', lines: view.rubberStamps.map((r) => `• *${login(r.reviewer)}* in ${seconds(r.seconds)} (${formTime(r.formSeconds)}): ${changeRef(r.change)}`), maxItems: LIST_ITEMS.rubberStamps },
  ];

  const blocks: KnownBlock[] = [header(title), context(summary(view))];
  // Each list gets an equal share of the 50 blocks (title, chunks, "…and N more"), with
  // room kept for the load line, so a flood of pending changes cannot push out the rest.
  const shown = sections.filter((s) => s.lines.length > 0);
  const perList = Math.max(2, Math.floor((LIMITS.messageBlocks - blocks.length - 2) / Math.max(1, shown.length)) - 2);
  for (const s of shown) {
    const total = Math.max(s.total ?? 0, s.lines.length);
    blocks.push(section(`*${s.title} (${total})*`), ...listBlocks(s.lines, s.maxItems, perList, total - s.lines.length));
  }
  if (view.pendingTotal === 0) blocks.push(context('_Nothing is waiting for a sign-off._'));
  if (view.quality) {
    blocks.push(qualityBlock(`:bar_chart: ${qualityPeriod(view.quality.days)}`, QUALITY_SIGNAL, view.quality));
  }
  if (view.load.length > 0) {
    const head = '*Open assignments per senior:*';
    const items = view.load.map((l) => `${login(l.senior)} ${l.open}`);
    blocks.push(context(`${head} ${joinInline(items, { maxItems: LIST_ITEMS.logins, maxChars: LIMITS.text - head.length - 1, sep: ' · ' })}`));
  }

  const counts = [`${view.pendingTotal} waiting`, `${view.signed.length} signed off`];
  if (view.mergedWithoutSignoff.length > 0) counts.push(`${view.mergedWithoutSignoff.length} merged without sign-off`);
  return { text: fallback(`${fallbackHead}: ${counts.join(', ')}`), blocks: capBlocks(blocks) };
}

function summary(view: DigestView): string {
  const parts = [
    `${view.pendingTotal} waiting`,
    `${view.signed.length} signed off`,
    `${view.changesRequestedTotal} with changes requested`,
  ];
  if (view.overrides.length > 0) parts.push(plural(view.overrides.length, 'override'));
  if (view.mergedWithoutSignoff.length > 0) parts.push(`${view.mergedWithoutSignoff.length} merged without sign-off`);
  if (view.rubberStamps.length > 0) parts.push(plural(view.rubberStamps.length, 'rubber stamp'));
  if (view.traced.length > 0) parts.push(`${view.traced.length} reverted or linked to an incident`);
  return parts.join(' · ');
}

function pendingLine(c: DigestView['pending'][number]): string {
  const parts = [changeRef(c), c.requestedAt === null ? 'not yet requested' : `waiting ${formatDuration(c.waitingMinutes * 60_000)}`];
  if (c.status !== 'awaiting') parts.push(escapeCut(oneLine(c.status.replace(/_/g, ' ')), RAW.login));
  if (c.approvals.length > 0) parts.push(plural(c.approvals.length, 'sign-off'));
  return `• ${parts.join(' · ')}${assignee(c)}`;
}

/** `<url|acme/api#7> Fix login · by alice · +12 −3 · high risk`, every user part escaped. */
function changeRef(c: DigestChange): string {
  const ref = `*${mrkdwnLink(c.url, `${truncate(oneLine(c.repo), RAW.lineTitle)}#${c.number}`)}*`;
  const risk = c.riskTier === 'high' ? '*high risk*' : `${c.riskTier} risk`;
  return [`${ref} ${escapeCut(oneLine(c.title), RAW.lineTitle)}`, `by ${login(c.author)}`, diffstat(c.additions, c.deletions), risk].join(' · ');
}

function assignee(c: DigestChange): string {
  return c.assignee === null ? '' : ` · asked ${login(c.assignee)}`;
}

function signers(c: DigestChange): string {
  if (c.approvals.length === 0) return '_no recorded sign-off_';
  return joinInline(c.approvals.map((a) => `*${login(a.reviewer)}* (${approvalFormTime(a)})`), { maxItems: 5, maxChars: 400 });
}

/** `• acme/api#7 … · reverted by carol in acme/api#9 at 10:02 · had been signed off by bob`, every user part escaped. */
function traceLine(t: DigestTrace, zone: string): string {
  const words = traceWords(t);
  return `• ${changeRef(t.change)} · ${escapeCut(oneLine(words.what), RAW.reason)} ${timeIn(t.at, zone)} · ${escapeCut(oneLine(words.tracesTo), RAW.reason)}`;
}

function login(name: string): string {
  return escapeCut(oneLine(name), RAW.login);
}

function seconds(s: number): string {
  return s < 60 ? `${Math.max(0, Math.round(s))}s` : formatDuration(s * 1000);
}
