import type { Decision } from '../domain/signoff-state.js';

/**
 * What every chat platform's sign-off form checks before a decision is recorded, and
 * the words it uses, so Slack's modals and the playground's forms refuse alike.
 */
export const UNTICKED_STATEMENT = 'Tick every statement to sign off. If one is not true, use Request changes instead.';

/** As in Slack's modals: a note or reason longer than this is refused, not cut. */
export const NOTE_MAX = 3000;

/** Decisions that need a reason, and how to ask for it. */
export const MISSING_REASON: Partial<Record<Decision, string>> = {
  request_changes: 'Say what needs to change, so the author can act on it.',
  override: 'Say why this change cannot wait for a sign-off.',
};

/** The index of the first attestation statement not ticked, or -1 when all are. */
export function firstUnticked(statements: readonly string[], ticked: ReadonlySet<number>): number {
  return statements.findIndex((_, i) => !ticked.has(i));
}
