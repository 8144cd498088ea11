import { approvalFormTime, formTime, QUALITY_SIGNAL, qualityPeriod, qualitySections, traceWords } from '../../../app/accountability-wording.js';
import type { DigestChange, DigestView } from '../../../domain/digest.js';
import { diffstat, formatDuration, plural } from '../../../app/wording.js';
import { html, link, timeIn, type Html } from './html.js';

/** A team's daily digest: warnings first, then the queue, what got done, rubber stamps and load. */
export function digestCard(view: DigestView): Html {
  const head = html`<h3>Countersign digest · ${view.team} · ${view.date}</h3>`;
  if (view.empty) return html`<article class="card digest">${head}<p><b>All clear.</b> Nothing is waiting for a sign-off and nothing slipped through in the last day.</p></article>`;
  // The third field counts what the digest lists only the first of.
  const sections: [string, Html[], number?][] = [
    ['Merged without sign-off', view.mergedWithoutSignoff.map((m) => html`${ref(m.change)} · merged ${timeIn(m.at, view.timeZone)} with ${plural(m.change.approvals.length, 'sign-off')}`)],
    ['Reverted or linked to an incident', view.traced.map((t) => {
      const words = traceWords(t);
      return html`${ref(t.change)} · ${words.what} ${timeIn(t.at, view.timeZone)} · ${words.tracesTo}`;
    })],
    ['Overridden by a lead', view.overrides.map((o) => html`${ref(o.change)} · overridden by <b>${o.by}</b> ${timeIn(o.at, view.timeZone)}: <i>${o.reason}</i>`)],
    ['Waiting for sign-off', view.pending.map((c) => html`${ref(c)} · ${c.requestedAt === null ? 'not yet requested' : `waiting ${formatDuration(c.waitingMinutes * 60_000)}`}${c.assignee ? html` · asked ${c.assignee}` : ''}`), view.pendingTotal],
    ['Signed off in the last day', view.signed.map((c) => html`${ref(c)} · signed off by ${c.approvals.map((a) => `${a.reviewer} (${approvalFormTime(a)})`).join(', ') || 'nobody recorded'}`)],
    ['Changes requested', view.changesRequested.map((c) => html`${ref(c)}${c.assignee ? html` · asked ${c.assignee}` : ''}`), view.changesRequestedTotal],
    ['Signed faster than the diff could be read', view.rubberStamps.map((r) => html`<b>${r.reviewer}</b> in ${r.seconds < 60 ? `${Math.round(r.seconds)}s` : formatDuration(r.seconds * 1000)} (${formTime(r.formSeconds)}): ${ref(r.change)}`)],
  ];
  return html`<article class="card digest">${head}
${sections.filter(([, lines]) => lines.length > 0).map(([title, lines, total = lines.length]) => html`<h4>${title} (${Math.max(total, lines.length)})</h4><ul>${lines.map((l) => html`<li>${l}</li>`)}${total > lines.length ? html`<li class="hint">…and ${total - lines.length} more</li>` : ''}</ul>`)}
${view.quality ? html`<h4>${qualityPeriod(view.quality.days)}</h4><p class="hint">${QUALITY_SIGNAL}</p>${qualitySections(view.quality).map((q) => html`<p><b>${q.title}</b></p><ul>${q.lines.map((l) => html`<li>${l}</li>`)}</ul>`)}` : ''}
${view.load.length > 0 ? html`<p class="hint">Open assignments per senior: ${view.load.map((l) => `${l.senior} ${l.open}`).join(' · ')}</p>` : ''}
</article>`;
}

function ref(c: DigestChange): Html {
  return html`<b>${link(c.url, `${c.repo}#${c.number}`)}</b> ${c.title} · by ${c.author} · ${diffstat(c.additions, c.deletions)} · ${c.riskTier} risk`;
}
