import type { ChangeLine, HomeView } from '../../../app/views.js';
import { capBlocks, context, header, listBlocks, type KnownBlock, type SlackHomeView } from './blocks.js';
import { changeLineText } from './change-line.js';
import { oneLine } from './escape.js';
import { timeIn } from './format.js';
import { LIMITS, LIST_ITEMS, RAW, escapeCut } from './limits.js';

const SECTIONS: { key: 'maySign' | 'waitingOnOthers' | 'recentlySigned'; total?: 'maySignTotal' | 'waitingOnOthersTotal'; title: string; empty: string }[] = [
  { key: 'maySign', total: 'maySignTotal', title: 'You may sign off', empty: 'Nothing is waiting for your sign-off.' },
  { key: 'waitingOnOthers', total: 'waitingOnOthersTotal', title: 'Waiting on others', empty: 'None of your changes is waiting for a sign-off.' },
  { key: 'recentlySigned', title: 'Recently signed', empty: 'You have not signed anything off recently.' },
];

/** The App Home tab: pass to `views.publish({ user_id, view })`. */
export function renderHome(view: HomeView): SlackHomeView {
  const blocks: KnownBlock[] = [];
  blocks.push(context(view.viewer
    ? `Your Countersign queue as *${escapeCut(oneLine(view.viewer), RAW.login)}* · updated ${timeIn(view.renderedAt, 'UTC')}`
    : `Countersign does not know your GitHub login yet, so this queue may be empty · updated ${timeIn(view.renderedAt, 'UTC')}`));
  // Each section may use a third of the 100 blocks, so one long list cannot push out the others.
  const perSection = Math.floor((LIMITS.viewBlocks - 1) / SECTIONS.length) - 3;
  for (const s of SECTIONS) {
    const lines: ChangeLine[] = view[s.key];
    // The view carries the oldest few of a queue and counts the rest.
    const total = Math.max(s.total ? view[s.total] : 0, lines.length);
    blocks.push({ type: 'divider' }, header(`${s.title} (${total})`));
    if (lines.length === 0) blocks.push(context(`_${s.empty}_`));
    else blocks.push(...listBlocks(lines.map((l) => changeLineText(l, view.renderedAt)), LIST_ITEMS.homeSection, perSection, total - lines.length));
  }
  return { type: 'home', blocks: capBlocks(blocks, LIMITS.viewBlocks) };
}
