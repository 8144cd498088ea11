import { defuseMentions, linkable, run, type TextRun } from './text.js';

/** Adaptive Cards 1.5: the version Teams renders Universal Actions (Action.Execute) from. */
export const CARD_VERSION = '1.5';

/**
 * Teams counts a message's size in UTF-16 and refuses bot messages over 100 KB
 * (MessageSizeTooBig); older documents say 40 KB for bots and 28 KB for webhooks.
 * Keep every card under the smallest, measured as Teams measures.
 */
export const CARD_BUDGET_BYTES = 28_000;

export function utf16Bytes(value: unknown): number {
  return JSON.stringify(value).length * 2;
}

export type Element = Record<string, unknown>;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  version: string;
  $schema: string;
  body: Element[];
  msteams: { width: 'Full' };
  refresh?: { action: Element; userIds: string[] };
  actions?: Element[];
  fallbackText?: string;
}

export function adaptiveCard(body: Element[], extra: Partial<AdaptiveCard> = {}): AdaptiveCard {
  const card: AdaptiveCard = { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: CARD_VERSION, msteams: { width: 'Full' }, body, ...extra };
  // The fallback text shows where the card cannot (notifications): plain, but still no tags.
  if (card.fallbackText !== undefined) card.fallbackText = defuseMentions(card.fallbackText);
  return card;
}

/** Our own words (Markdown allowed: nothing of the user's is in them). */
export function heading(text: string, size: 'Medium' | 'Default' = 'Medium'): Element {
  return { type: 'TextBlock', text, weight: 'Bolder', size, wrap: true };
}

export function note(text: string, extra: Element = {}): Element {
  return { type: 'TextBlock', text, wrap: true, isSubtle: true, size: 'Small', ...extra };
}

/** A line of runs: our labels and the user's text side by side, none of it Markdown. */
export function line(...inlines: (TextRun | string)[]): Element {
  return { type: 'RichTextBlock', inlines: inlines.map((i) => (typeof i === 'string' ? run(i) : i)) };
}

/** "Label: value" with the label bold. */
export function labelled(label: string, value: string | TextRun[]): Element {
  return line(run(`${label}: `, { weight: 'Bolder' }), ...(typeof value === 'string' ? [run(value)] : value));
}

/** The PR title, linked when its URL is http(s). */
export function titleRun(title: string, url: string): TextRun {
  const href = linkable(url);
  return run(title, { weight: 'Bolder', ...(href ? { selectAction: { type: 'Action.OpenUrl', url: href } } : {}) });
}

/** What a button carries back: which change, at which head the viewer saw it. */
export interface Target {
  changeId: number;
  headSha: string;
}

/**
 * A Universal Action button, with an Action.Submit fallback for clients that predate
 * them (its data names the verb; the adapter handles it as a message with a value).
 */
export function execute(title: string, verb: string, data: Record<string, unknown>, extra: Element = {}): Element {
  return {
    type: 'Action.Execute', title, verb, data, ...extra,
    fallback: { type: 'Action.Submit', title, data: { ...data, verb } },
  };
}

export function openUrl(title: string, url: string): Element | null {
  const href = linkable(url);
  return href ? { type: 'Action.OpenUrl', title, url: href } : null;
}

export function actionSet(actions: (Element | null)[]): Element | null {
  const present = actions.filter((a): a is Element => a !== null);
  return present.length > 0 ? { type: 'ActionSet', actions: present } : null;
}
