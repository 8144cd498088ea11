import { approvalFormTime, formTime, QUALITY_SIGNAL, qualityPeriod, qualitySections, traceWords } from '../../../app/accountability-wording.js';
import type { DigestChange, DigestView } from '../../../domain/digest.js';
import { diffstat, formatDuration, plural } from '../../../app/wording.js';
import { adaptiveCard, CARD_BUDGET_BYTES, heading, line, note, titleRun, utf16Bytes, type AdaptiveCard, type Element } from './card.js';
import { oneLine, run, timeIn, type TextRun } from './text.js';

/**
 * A team's daily digest as one or more cards, each under Teams' size budget: the lists
 * the digest carries are split into numbered parts rather than cut (the open queue
 * arrives already cut to its first entries, with the rest counted).
 * Warnings (merges without sign-off, overrides) come first, as in Slack.
 */
export function renderDigest(view: DigestView, budget = CARD_BUDGET_BYTES): AdaptiveCard[] {
  const title = `Countersign digest · ${oneLine(view.team, 80)} · ${oneLine(view.date, 40)}`;
  if (view.empty) {
    return [adaptiveCard([heading(title), line(run('All clear. ', { weight: 'Bolder' }), run('Nothing is waiting for a sign-off and nothing slipped through in the last day.'))], { fallbackText: `${title}: all clear` })];
  }
  // The third field counts what the digest lists only the first of.
  const sections: [string, Element[], number?][] = [
    ['Merged without sign-off', view.mergedWithoutSignoff.map((m) => item(m.change, [`merged ${timeIn(m.at, view.timeZone)} with ${plural(m.change.approvals.length, 'sign-off')}`]))],
    ['Reverted or linked to an incident', view.traced.map((t) => {
      const words = traceWords(t);
      return item(t.change, [`${oneLine(words.what, 300)} ${timeIn(t.at, view.timeZone)}`, oneLine(words.tracesTo, 300)]);
    })],
    ['Overridden by a lead', view.overrides.map((o) => item(o.change, [`overridden by ${oneLine(o.by, 80)} ${timeIn(o.at, view.timeZone)}: `], run(oneLine(o.reason, 300), { italic: true })))],
    ['Waiting for sign-off', view.pending.map((c) => item(c, pendingParts(c))), view.pendingTotal],
    ['Signed off in the last day', view.signed.map((c) => item(c, [`signed off by ${c.approvals.map((a) => `${oneLine(a.reviewer, 80)} (${approvalFormTime(a)})`).join(', ')}`]))],
    ['Changes requested', view.changesRequested.map((c) => item(c, c.assignee ? [`assigned to ${oneLine(c.assignee, 80)}`] : [])), view.changesRequestedTotal],
    ['Signed faster than the diff could be read', view.rubberStamps.map((r) => item(r.change, [`${oneLine(r.reviewer, 80)} in ${r.seconds < 60 ? `${r.seconds}s` : formatDuration(r.seconds * 1000)} (${formTime(r.formSeconds)})`]))],
  ];
  const summary = [`${view.pendingTotal} waiting`, `${view.signed.length} signed off`, `${view.changesRequestedTotal} with changes requested`];
  if (view.overrides.length > 0) summary.push(plural(view.overrides.length, 'override'));
  if (view.mergedWithoutSignoff.length > 0) summary.push(`${view.mergedWithoutSignoff.length} merged without sign-off`);
  if (view.rubberStamps.length > 0) summary.push(plural(view.rubberStamps.length, 'rubber stamp'));
  if (view.traced.length > 0) summary.push(`${view.traced.length} reverted or linked to an incident`);

  const elements: Element[] = [note(summary.join(' · '))];
  for (const [name, items, listed = items.length] of sections) {
    if (items.length === 0) continue;
    const total = Math.max(listed, items.length);
    elements.push(heading(`${name} (${total})`, 'Default'), ...items);
    if (total > items.length) elements.push(note(`…and ${total - items.length} more`));
  }
  if (view.quality) {
    elements.push(heading(qualityPeriod(view.quality.days), 'Default'), line(run(QUALITY_SIGNAL, { isSubtle: true })));
    for (const q of qualitySections(view.quality)) elements.push(line(run(q.title, { weight: 'Bolder' })), ...q.lines.map((l) => line(run(oneLine(l, 300)))));
  }
  if (view.load.length > 0) elements.push(line(run('Open assignments per senior: ', { weight: 'Bolder' }), run(view.load.map((l) => `${oneLine(l.senior, 80)} ${l.open}`).join(' · '))));
  return paginate(title, elements, budget, summary.join(', '));
}

/** Fill cards in order; the heading names the part when there are several. */
function paginate(title: string, elements: Element[], budget: number, summary: string): AdaptiveCard[] {
  const pages: Element[][] = [[]];
  // Room for the longest heading ("… (part 99 of 99)") and the card's own fields.
  const reserve = utf16Bytes(adaptiveCard([heading(`${title} (part 99 of 99)`)], { fallbackText: `${title}: ${summary}` }));
  let size = reserve;
  for (const element of elements) {
    const cost = utf16Bytes(element) + 2;
    if (size + cost > budget && pages.at(-1)!.length > 0) {
      pages.push([]);
      size = reserve;
    }
    pages.at(-1)!.push(element);
    size += cost;
  }
  return pages.map((page, i) => {
    const name = pages.length > 1 ? `${title} (part ${i + 1} of ${pages.length})` : title;
    return adaptiveCard([heading(name), ...page], { fallbackText: `${name}: ${summary}` });
  });
}

function pendingParts(c: DigestView['pending'][number]): string[] {
  const parts = [c.requestedAt === null ? 'not yet requested' : `waiting ${formatDuration(c.waitingMinutes * 60_000)}`];
  if (c.status !== 'awaiting') parts.push(oneLine(c.status.replace(/_/g, ' '), 40));
  if (c.approvals.length > 0) parts.push(plural(c.approvals.length, 'sign-off'));
  if (c.assignee) parts.push(`assigned to ${oneLine(c.assignee, 80)}`);
  return parts;
}

/** "acme/api#7 Fix login · by alice · +12 −3 · high risk · …", the reference linked to the PR. */
function item(c: DigestChange, extra: string[], tail?: TextRun): Element {
  const facts = [`by ${oneLine(c.author, 80)}`, diffstat(c.additions, c.deletions), `${c.riskTier} risk`, ...extra];
  return line(run('• '), titleRun(`${oneLine(c.repo, 100)}#${c.number}`, c.url), run(` ${oneLine(c.title, 150)}`), run(` · ${facts.join(' · ')}`), ...(tail ? [tail] : []));
}
