import { actionsFor, SHARED_MESSAGE } from '../../../app/actions-for.js';
import type { ReviewRequestView } from '../../../app/views.js';
import { actionButtons } from './action-buttons.js';
import { evidenceLineText } from '../../../app/evidence-view.js';
import { awaitsDecision, notReadText } from '../../../app/wording.js';
import { askedBy, EXPLANATION_BLOCKS, explanationAnswers, explanationOrigin, NOT_EXPLAINED, SPLIT_HEADING, splitLine } from '../../../app/accountability-wording.js';
import { button, capBlocks, context, fallback, section, type ActionsBlock, type Button, type KnownBlock, type MessageMetadata, type SlackMessage } from './blocks.js';
import { escapeMrkdwn, linkableUrl, mrkdwnLink, oneLine } from './escape.js';
import { diffstat, shaCode, statusWords, timeIn, waiting } from './format.js';
import { ACTION_IDS, BLOCK_IDS, METADATA_EVENT_TYPE, encodeButtonValue } from './ids.js';
import { LIMITS, LIST_ITEMS, RAW, escapeCut, fitLines, joinInline, truncate } from './limits.js';

export interface RenderedReviewRequest extends SlackMessage {
  /** Pass as `metadata` to chat.postMessage / chat.update: matches the message to its change. */
  metadata: MessageMetadata;
}

/** The review-request message, with its buttons. */
export function renderReviewRequest(view: ReviewRequestView): RenderedReviewRequest {
  const actions = actionsBlock(view, true);
  return {
    text: fallbackText(view),
    blocks: capBlocks([...reviewRequestBlocks(view), ...(actions ? [actions] : [])]),
    metadata: { event_type: METADATA_EVENT_TYPE, event_payload: { change_id: view.changeId, head_sha: view.headSha, status: view.status } },
  };
}

export { awaitsDecision };

/** Everything but the buttons; `/signoff show` and `why` reuse it. */
export function reviewRequestBlocks(view: ReviewRequestView): KnownBlock[] {
  const blocks: KnownBlock[] = [section(titleText(view)), section(statusText(view)), section(detailsText(view))];
  if (view.changesRequested.length > 0) blocks.push(section(changesRequestedText(view)));
  if (view.override) blocks.push(section(`:rotating_light: *Overridden by ${escapeCut(oneLine(view.override.by), RAW.login)}* without the sign-offs: ${escapeCut(oneLine(view.override.reason), RAW.reason)}`));
  blocks.push(section(evidenceText(view)));
  blocks.push(...accountabilityBlocks(view));
  blocks.push(context(`Countersign · change ${view.changeId} · head ${shaCode(view.headSha)}${view.requestedAt ? ` · requested ${timeIn(view.requestedAt, view.timeZone)}` : ''}`));
  return blocks;
}

/**
 * The buttons a channel message offers: what anyone might do (the door refuses the
 * rest, privately), and View on GitHub always (when the URL is http(s)). With `decide`
 * false only the link is offered (read-only answers).
 */
export function actionsBlock(view: ReviewRequestView, decide: boolean): ActionsBlock | null {
  const target = { changeId: view.changeId, headSha: view.headSha };
  const elements: Button[] = decide ? actionButtons(actionsFor(view, SHARED_MESSAGE), target) : [];
  if (linkableUrl(view.url) !== null && view.url.length <= LIMITS.buttonUrl) {
    elements.push(button({ text: 'View on GitHub', actionId: ACTION_IDS.view, value: encodeButtonValue(target), url: view.url }));
  }
  return elements.length === 0 ? null : { type: 'actions', block_id: BLOCK_IDS.actions, elements };
}

function fallbackText(view: ReviewRequestView): string {
  const words = statusWords(view.status, view.draft, view.approvals.length >= view.requiredSignoffs);
  return fallback(`${words.label}: ${escapeMrkdwn(oneLine(view.repo))}#${view.number} ${escapeCut(oneLine(view.title), RAW.title)} by ${escapeCut(oneLine(view.author), RAW.login)}`);
}

function titleText(view: ReviewRequestView): string {
  const title = `*${mrkdwnLink(view.url, truncate(oneLine(view.title), RAW.title))}*`;
  const ref = `${escapeCut(oneLine(view.repo), RAW.title)}#${view.number}`;
  const branch = `${escapeCut(oneLine(view.headRef), RAW.branch)} @ ${shaCode(view.headSha)}`;
  return `${title}\n${ref} · by ${escapeCut(oneLine(view.author), RAW.login)} · ${branch}`;
}

function statusText(view: ReviewRequestView): string {
  const words = statusWords(view.status, view.draft, view.approvals.length >= view.requiredSignoffs);
  const parts = [`${words.emoji} *${words.label}*`, `${view.approvals.length} of ${view.requiredSignoffs} sign-offs`];
  const wait = awaitsDecision(view) ? waiting(view.requestedAt, view.renderedAt) : null;
  if (wait) parts.push(wait);
  return parts.join(' · ');
}

function detailsText(view: ReviewRequestView): string {
  const lines = [`*Size:* ${diffstat(view.additions, view.deletions, view.changedFiles)}`];
  const reasons = view.riskReasons.map((r) => escapeCut(oneLine(r), RAW.reason));
  lines.push(`*Risk:* ${view.riskTier}${reasons.length > 0 ? ` (${joinInline(reasons, { maxItems: LIST_ITEMS.riskReasons, maxChars: 900, sep: '; ' })})` : ''}`);
  if (view.owningTeams.length > 0) lines.push(`*Owners:* ${logins(view.owningTeams)}`);
  const signed = view.approvals.map((a) => `${escapeCut(oneLine(a.reviewer), RAW.login)} at ${timeIn(a.at, view.timeZone)}`);
  lines.push(`*Signed by:* ${signed.length > 0 ? joinInline(signed, { maxItems: LIST_ITEMS.logins, maxChars: 900 }) : 'nobody yet'}`);
  if (awaitsDecision(view)) {
    lines.push(`*May sign:* ${view.eligibleSeniors.length > 0 ? logins(view.eligibleSeniors) : 'no eligible senior found: check the owning team\'s seniors'}`);
  }
  return lines.join('\n');
}

function changesRequestedText(view: ReviewRequestView): string {
  const lines = view.changesRequested.map((c) => {
    const who = `*${escapeCut(oneLine(c.reviewer), RAW.login)}*`;
    return c.note ? `• ${who}: ${escapeCut(oneLine(c.note), RAW.reason)}` : `• ${who}`;
  });
  const head = '*Changes requested:*';
  return `${head}\n${fitLines(lines, { maxItems: LIST_ITEMS.changesRequested, maxChars: LIMITS.text - head.length - 1 })}`;
}

function evidenceText(view: ReviewRequestView): string {
  const head = '*AI evidence:*';
  const notRead = notReadText(view.notRead);
  const tail = (view.commitsRead ? '' : '\n_commits not read (no GitHub App)_') + (notRead ? `\n_${escapeMrkdwn(notRead)}_` : '');
  // One bullet per tool, its kinds of signal beneath it; a tool is cut whole or not at all.
  const lines = view.evidence.map((g) => [
    `• *${escapeCut(oneLine(g.tool), RAW.login)}*`,
    ...g.lines.map((l) => `      ◦ ${escapeCut(oneLine(evidenceLineText(l)), RAW.detail)}`),
  ].join('\n'));
  const body = lines.length > 0
    ? fitLines(lines, { maxItems: LIST_ITEMS.evidence, maxChars: LIMITS.text - head.length - tail.length - 1 })
    : '_no signal recorded_';
  return `${head}\n${body}${tail}`;
}

/** Who asked the agent, the author's explanation, and how an oversized change could be split. */
function accountabilityBlocks(view: ReviewRequestView): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  const asked = askedBy(view.accountableAuthor, `${view.repo}#${view.number}`);
  if (asked) blocks.push(section(`:bust_in_silhouette: *Author:* ${escapeCut(oneLine(asked), RAW.detail + RAW.reason)}`));
  if (view.explanation) {
    const answers = explanationAnswers(view.explanation).map((a) => `*${a.label}:* ${escapeCut(a.text.trim(), RAW.note / 2)}`);
    blocks.push(section(truncate(`:memo: *Author's explanation* (${explanationOrigin(view.explanation)})\n${answers.join('\n')}`, LIMITS.text)));
  } else if (view.explanationRequired) {
    blocks.push(section(`:memo: _${NOT_EXPLAINED}_ ${EXPLANATION_BLOCKS}`));
  }
  if (view.split) {
    const head = `*${SPLIT_HEADING}*`;
    const lines = view.split.map((p) => `• ${escapeCut(splitLine(p), RAW.reason)}`);
    blocks.push(section(`${head}\n${fitLines(lines, { maxItems: LIST_ITEMS.riskReasons, maxChars: LIMITS.text - head.length - 1 })}`));
  }
  return blocks;
}

/** Escaped logins or team names, comma-separated, capped. Never `<@…>`: no one is pinged. */
function logins(names: readonly string[]): string {
  return joinInline(names.map((n) => escapeCut(oneLine(n), RAW.login)), { maxItems: LIST_ITEMS.logins, maxChars: 900 });
}
