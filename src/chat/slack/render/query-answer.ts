import { formTime, QUALITY_TITLE } from '../../../app/accountability-wording.js';
import type { QueryAnswer } from '../../../app/views.js';
import { capBlocks, fallback, header, listBlocks, section, type KnownBlock, type SlackMessage } from './blocks.js';
import { changeLineText } from './change-line.js';
import { escapeMrkdwn, oneLine } from './escape.js';
import { formatDuration, timeIn } from './format.js';
import { LIMITS, LIST_ITEMS, RAW, escapeCut, fitLines, truncate } from './limits.js';
import { qualityBlock } from './quality.js';
import { actionsBlock, reviewRequestBlocks } from './review-request.js';

export interface QueryAnswerOptions {
  /** Render time (ISO) for ages in list lines; without it lines show no age. */
  now?: string;
  /** Offer Sign off / Request changes / Revoke on `show`; default: View on GitHub only. */
  decisionButtons?: boolean;
}

/** Answers to `/signoff …`, usually sent ephemeral. */
export function renderQueryAnswer(answer: QueryAnswer, options: QueryAnswerOptions = {}): SlackMessage {
  const { text, blocks } = render(answer, options);
  return { text: fallback(text), blocks: capBlocks(blocks) };
}

function render(answer: QueryAnswer, options: QueryAnswerOptions): { text: string; blocks: KnownBlock[] } {
  switch (answer.kind) {
    case 'list': {
      const title = oneLine(answer.title);
      if (answer.lines.length === 0) {
        return { text: `${escapeCut(title, RAW.title)}: ${escapeCut(answer.empty, RAW.message)}`, blocks: [header(title), section(escapeCut(answer.empty, RAW.message))] };
      }
      const total = answer.total ?? answer.lines.length;
      return {
        text: `${escapeCut(title, RAW.title)}: ${total} ${total === 1 ? 'change' : 'changes'}`,
        blocks: [header(title), ...listBlocks(answer.lines.map((l) => changeLineText(l, options.now ?? null)), LIST_ITEMS.listAnswer, undefined, total - answer.lines.length)],
      };
    }
    case 'show': {
      const actions = actionsBlock(answer.view, options.decisionButtons ?? false);
      return { text: showText(answer.view), blocks: [...reviewRequestBlocks(answer.view), ...(actions ? [actions] : [])] };
    }
    case 'why': {
      const why = `*Why it needs sign-off:* ${escapeCut(answer.rule, RAW.message)}\n*Still missing:* ${escapeCut(answer.missing, RAW.message)}`;
      const actions = actionsBlock(answer.view, false);
      return { text: `${showText(answer.view)}: ${escapeCut(oneLine(answer.missing), RAW.reason)}`, blocks: [section(why), ...reviewRequestBlocks(answer.view), ...(actions ? [actions] : [])] };
    }
    case 'audit': {
      const subject = oneLine(answer.subject);
      const lines = answer.events.map((e) =>
        `• \`#${e.seq}\` ${timeIn(e.at, 'UTC')} · *${escapeCut(oneLine(e.actor), RAW.login)}* · ${escapeCut(oneLine(e.action), RAW.login)}: ${escapeCut(oneLine(e.summary), RAW.reason)}`);
      const body = lines.length > 0 ? listBlocks(lines, LIST_ITEMS.auditEvents) : [section('_No audit events recorded._')];
      return { text: `Audit trail for ${escapeCut(subject, RAW.title)}: ${answer.events.length} events`, blocks: [header(`Audit trail: ${subject}`), ...body] };
    }
    case 'stats': {
      const period = oneLine(answer.period);
      const summary = [
        `*Sign-offs:* ${answer.signoffs}`,
        `*Median time to sign-off:* ${answer.medianSeconds === null ? 'n/a' : formatDuration(answer.medianSeconds * 1000)}`,
        `*Oldest pending:* ${answer.oldestPending ? changeLineText(answer.oldestPending, options.now ?? null).replace(/^• /, '') : 'none'}`,
      ].join('\n');
      const blocks: KnownBlock[] = [header(`Sign-off stats: ${period}`), section(summary)];
      if (answer.rubberStamps.length > 0) {
        const head = '*Signed faster than the diff could be read:*';
        const lines = answer.rubberStamps.map((r) => `• *${escapeCut(oneLine(r.reviewer), RAW.login)}* in ${seconds(r.seconds)}${r.formSeconds !== undefined ? ` (${formTime(r.formSeconds)})` : ''}: ${changeLineText(r.line, null).replace(/^• /, '')}`);
        blocks.push(section(`${head}\n${fitLines(lines, { maxItems: LIST_ITEMS.rubberStamps, maxChars: LIMITS.text - head.length - 1 })}`));
      }
      if (answer.quality) {
        blocks.push(qualityBlock(QUALITY_TITLE, answer.quality.note, answer.quality));
      }
      return { text: `Sign-off stats for ${escapeCut(period, RAW.title)}: ${answer.signoffs} sign-offs`, blocks };
    }
    case 'help': {
      const lines = answer.text.map((l) => escapeCut(l, RAW.message));
      return { text: 'Countersign help', blocks: [section(fitLines(lines.length > 0 ? lines : ['No help available.'], { maxItems: LIST_ITEMS.help }))] };
    }
    case 'done': {
      const message = escapeCut(answer.message, RAW.message);
      return { text: message, blocks: [section(`:white_check_mark: ${message}`)] };
    }
    case 'error': {
      const message = escapeCut(answer.message, RAW.message);
      return { text: message, blocks: [section(`:warning: ${message}`)] };
    }
  }
}

function showText(view: { repo: string; number: number; title: string }): string {
  return `${escapeMrkdwn(truncate(oneLine(view.repo), RAW.title))}#${view.number} ${escapeCut(oneLine(view.title), RAW.title)}`;
}

function seconds(s: number): string {
  return s < 60 ? `${Math.max(0, Math.round(s))}s` : formatDuration(s * 1000);
}
