import type { ChangeLine, QueryAnswer } from '../../../app/views.js';
import { diffstat, formatDuration, STATUS_SHORT, waiting } from '../../../app/wording.js';
import { formTime, QUALITY_TITLE, qualitySections } from '../../../app/accountability-wording.js';
import { html, link, timeIn, type Html } from './html.js';
import { reviewRequestCard, type FormContext } from './review-request.js';

/** The answer to a command typed in the playground's box, shown only to the person who typed it. */
export function queryAnswer(answer: QueryAnswer, now: string, form: FormContext): Html {
  switch (answer.kind) {
    case 'list':
      return html`<h3>${answer.title}</h3>${answer.lines.length === 0 ? html`<p>${answer.empty}</p>` : html`<ul>${answer.lines.map((l) => html`<li>${changeLine(l, now)}</li>`)}</ul>`}${notShown(answer.total, answer.lines.length)}`;
    case 'show':
      return reviewRequestCard(answer.view, form);
    case 'why':
      return html`<p><b>Why it needs sign-off:</b> ${answer.rule}<br><b>Still missing:</b> ${answer.missing}</p>${reviewRequestCard(answer.view, null)}`;
    case 'audit':
      return html`<h3>Audit trail: ${answer.subject}</h3>${answer.events.length === 0 ? html`<p>No audit events recorded.</p>`
        : html`<ol class="audit">${answer.events.map((e) => html`<li><code>#${e.seq}</code> ${timeIn(e.at, 'UTC')} · <b>${e.actor}</b> · ${e.action}: ${e.summary}</li>`)}</ol>`}`;
    case 'stats':
      return html`<h3>Sign-off stats: ${answer.period}</h3><p>Sign-offs: ${answer.signoffs}<br>Median time to sign-off: ${answer.medianSeconds === null ? 'n/a' : formatDuration(answer.medianSeconds * 1000)}<br>Oldest pending: ${answer.oldestPending ? changeLine(answer.oldestPending, now) : 'none'}</p>
${answer.rubberStamps.length > 0 ? html`<h4>Signed faster than the diff could be read</h4><ul>${answer.rubberStamps.map((r) => html`<li><b>${r.reviewer}</b> in ${formatDuration(r.seconds * 1000)}${r.formSeconds !== undefined ? ` (${formTime(r.formSeconds)})` : ''}: ${changeLine(r.line, null)}</li>`)}</ul>` : ''}
${answer.quality ? html`<h4>${QUALITY_TITLE}</h4><p class="hint">${answer.quality.note}</p>${qualitySections(answer.quality).map((q) => html`<p><b>${q.title}</b></p><ul>${q.lines.map((l) => html`<li>${l}</li>`)}</ul>`)}` : ''}`;
    case 'help':
      return html`<pre class="help">${answer.text.join('\n')}</pre>`;
    case 'done':
      return html`<p class="done">${answer.message}</p>`;
    case 'error':
      return html`<p class="error">${answer.message}</p>`;
  }
}

/** The first page is shown; the rest is counted, oldest first being what matters. */
function notShown(total: number | undefined, shown: number): Html | string {
  return total !== undefined && total > shown ? html`<p class="more">…and ${total - shown} more not shown.</p>` : '';
}

function changeLine(line: ChangeLine, now: string | null): Html {
  const wait = now && line.status === 'awaiting' ? waiting(line.requestedAt, now) : null;
  return html`<b>${link(line.url, `${line.repo}#${line.number}`)}</b> ${line.title} · by ${line.author} · ${diffstat(line.additions, line.deletions)} · ${line.riskTier} risk · ${line.approvals} of ${line.requiredSignoffs}${line.status !== 'awaiting' ? ` · ${STATUS_SHORT[line.status]}` : ''}${wait ? ` · ${wait}` : ''}`;
}
