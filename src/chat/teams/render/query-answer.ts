import { formTime, QUALITY_TITLE, qualitySections } from '../../../app/accountability-wording.js';
import type { ChangeLine, QueryAnswer } from '../../../app/views.js';
import { diffstat, formatDuration, STATUS_SHORT, waiting } from '../../../app/wording.js';
import { actionSet, adaptiveCard, heading, labelled, line, openUrl, titleRun, type AdaptiveCard, type Element } from './card.js';
import { renderReviewRequest, reviewRequestBody, type CardAction } from './review-request.js';
import { oneLine, run, timeIn } from './text.js';

const MAX_LINES = 40;

export interface QueryAnswerOptions {
  /** Render time (ISO) for ages in list lines. */
  now?: string;
  /** The buttons `show` offers this viewer (none: View on GitHub only). */
  actions?: readonly CardAction[];
}

/** Answers to the command grammar (@mention in a channel or personal chat), as one card. */
export function renderQueryAnswer(answer: QueryAnswer, options: QueryAnswerOptions = {}): AdaptiveCard {
  switch (answer.kind) {
    case 'list': {
      const title = oneLine(answer.title, 150);
      const body: Element[] = [heading(title)];
      if (answer.lines.length === 0) body.push(line(run(oneLine(answer.empty, 500))));
      const total = answer.total ?? answer.lines.length;
      body.push(...capped(answer.lines.map((l) => changeLine(l, options.now ?? null)), total - answer.lines.length));
      return adaptiveCard(body, { fallbackText: `${title}: ${total} ${total === 1 ? 'change' : 'changes'}` });
    }
    case 'show':
      return renderReviewRequest(answer.view, { actions: options.actions ?? [] });
    case 'why': {
      const link = actionSet([openUrl('View on GitHub', answer.view.url)]);
      return adaptiveCard([
        labelled('Why it needs sign-off', oneLine(answer.rule, 1000)),
        labelled('Still missing', oneLine(answer.missing, 1000)),
        ...reviewRequestBody(answer.view),
        ...(link ? [link] : []),
      ], { fallbackText: `${oneLine(answer.view.repo)}#${answer.view.number}: ${oneLine(answer.missing, 200)}` });
    }
    case 'audit': {
      const subject = oneLine(answer.subject, 150);
      const events = answer.events.map((e) => line(run(`#${e.seq} ${timeIn(e.at, 'UTC')} · `), run(oneLine(e.actor, 80), { weight: 'Bolder' }), run(` · ${oneLine(e.action, 80)}: `), run(oneLine(e.summary, 300))));
      return adaptiveCard([heading(`Audit trail: ${subject}`), ...(events.length > 0 ? capped(events) : [line(run('No audit events recorded.', { italic: true }))])],
        { fallbackText: `Audit trail for ${subject}: ${answer.events.length} events` });
    }
    case 'stats': {
      const period = oneLine(answer.period, 80);
      const body: Element[] = [
        heading(`Sign-off stats: ${period}`),
        labelled('Sign-offs', String(answer.signoffs)),
        labelled('Median time to sign-off', answer.medianSeconds === null ? 'n/a' : formatDuration(answer.medianSeconds * 1000)),
        answer.oldestPending ? { type: 'Container', items: [labelled('Oldest pending', ''), changeLine(answer.oldestPending, options.now ?? null)] } : labelled('Oldest pending', 'none'),
      ];
      if (answer.rubberStamps.length > 0) {
        body.push(heading('Signed faster than the diff could be read', 'Default'));
        body.push(...capped(answer.rubberStamps.map((r) => line(run(`${oneLine(r.reviewer, 80)} in ${r.seconds < 60 ? `${r.seconds}s` : formatDuration(r.seconds * 1000)}${r.formSeconds !== undefined ? ` (${formTime(r.formSeconds)})` : ''}: `, { weight: 'Bolder' }), titleRun(`${oneLine(r.line.repo)}#${r.line.number}`, r.line.url), run(` ${oneLine(r.line.title, 150)}`)))));
      }
      if (answer.quality) {
        body.push(heading(QUALITY_TITLE, 'Default'), line(run(answer.quality.note, { isSubtle: true })));
        for (const q of qualitySections(answer.quality)) body.push(line(run(q.title, { weight: 'Bolder' })), ...q.lines.map((l) => line(run(oneLine(l, 300)))));
      }
      return adaptiveCard(body, { fallbackText: `Sign-off stats for ${period}: ${answer.signoffs} sign-offs` });
    }
    case 'help':
      return adaptiveCard([heading('Countersign'), ...(answer.text.length > 0 ? answer.text : ['No help available.']).map((l) => line(run(oneLine(l, 500))))], { fallbackText: 'Countersign help' });
    case 'done':
      return adaptiveCard([line(run(oneLine(answer.message, 1000), { color: 'Good', weight: 'Bolder' }))], { fallbackText: oneLine(answer.message, 200) });
    case 'error':
      return adaptiveCard([line(run(oneLine(answer.message, 1000), { color: 'Attention' }))], { fallbackText: oneLine(answer.message, 200) });
  }
}

/** "• acme/api#7 Fix login · by alice · +12 −3 · high risk · awaiting · 0 of 1 · waiting 3h". */
export function changeLine(l: ChangeLine, now: string | null): Element {
  const facts = [`by ${oneLine(l.author, 80)}`, diffstat(l.additions, l.deletions), `${l.riskTier} risk`, STATUS_SHORT[l.status], `${l.approvals} of ${l.requiredSignoffs}`];
  const wait = now ? waiting(l.requestedAt, now) : null;
  if (wait) facts.push(wait);
  return line(run('• '), titleRun(`${oneLine(l.repo, 100)}#${l.number}`, l.url), run(` ${oneLine(l.title, 150)}`), run(` · ${facts.join(' · ')}`));
}

/** At most MAX_LINES lines, then how many more were not shown (`notLoaded`: counted but never read). */
function capped(lines: Element[], notLoaded = 0): Element[] {
  const more = Math.max(0, lines.length - MAX_LINES) + notLoaded;
  return more > 0 ? [...lines.slice(0, MAX_LINES), line(run(`…and ${more} more`, { italic: true }))] : lines;
}
