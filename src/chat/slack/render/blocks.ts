import type { types } from '@slack/bolt';
import { LIMITS, clampMrkdwn, fitBlocks, moreLine, packLines, truncate } from './limits.js';

// Block Kit types come through Bolt (a direct dependency) so they match what
// `client.chat.postMessage` and `client.views.*` accept.
export type KnownBlock = types.KnownBlock;
export type SectionBlock = types.SectionBlock;
export type ContextBlock = types.ContextBlock;
export type HeaderBlock = types.HeaderBlock;
export type ActionsBlock = types.ActionsBlock;
export type Button = types.Button;
export type MrkdwnElement = types.MrkdwnElement;
export type PlainTextElement = types.PlainTextElement;
export type MessageMetadata = types.MessageMetadata;
export type SlackHomeView = types.HomeView;
export type SlackModalView = types.ModalView;

/** A rendered message: `text` is the notification fallback, already escaped. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** Plain text: Slack parses nothing in it, so raw user text is safe; only its length is cut. */
export function plain(text: string, max: number): PlainTextElement {
  return { type: 'plain_text', text: truncate(text, max) || ' ', emoji: true };
}

/**
 * Mrkdwn whose user parts are already escaped. `verbatim` stops Slack's automatic
 * parsing (bare URLs, `#channel` names, mention words) on top of the escaping.
 */
export function mrkdwn(text: string, max: number = LIMITS.text): MrkdwnElement {
  return { type: 'mrkdwn', text: clampMrkdwn(text, max) || ' ', verbatim: true };
}

export function section(text: string, blockId?: string): SectionBlock {
  return { type: 'section', text: mrkdwn(text), ...(blockId ? { block_id: blockId } : {}) };
}

export function context(...texts: string[]): ContextBlock {
  return { type: 'context', elements: texts.slice(0, LIMITS.contextElements).map((t) => mrkdwn(t)) };
}

export function header(text: string): HeaderBlock {
  return { type: 'header', text: plain(text, LIMITS.headerText) };
}

export function button(opts: { text: string; actionId: string; value?: string; url?: string; style?: 'primary' | 'danger' }): Button {
  return {
    type: 'button',
    text: plain(opts.text, LIMITS.buttonText),
    action_id: opts.actionId,
    ...(opts.value !== undefined ? { value: opts.value } : {}),
    ...(opts.url !== undefined ? { url: opts.url } : {}),
    ...(opts.style ? { style: opts.style } : {}),
  };
}

/** The message fallback `text`: escaped by the caller, cut here. */
export function fallback(text: string): string {
  return clampMrkdwn(text, LIMITS.text);
}

/** Cap a message at Slack's 50 blocks (`LIMITS.viewBlocks` for home tabs and modals). */
export function capBlocks(blocks: readonly KnownBlock[], max: number = LIMITS.messageBlocks): KnownBlock[] {
  return fitBlocks<KnownBlock>(blocks, max, (omitted) => context(`${moreLine(omitted)} (not shown: Slack allows ${max} blocks)`));
}

/** Lines in as many sections as they need, then "…and N more" in a context line. */
export function listBlocks(lines: readonly string[], maxItems: number, maxChunks = LIMITS.messageBlocks - 5, notLoaded = 0): KnownBlock[] {
  const { chunks, omitted } = packLines(lines, { maxItems, maxChunks });
  const blocks: KnownBlock[] = chunks.map((c) => section(c));
  if (omitted + notLoaded > 0) blocks.push(context(moreLine(omitted + notLoaded)));
  return blocks;
}
