import { capBlocks, context, plain, section, type KnownBlock, type SlackModalView } from './blocks.js';
import { escapeMrkdwn, oneLine } from './escape.js';
import { shaCode } from './format.js';
import { BLOCK_IDS, CALLBACK_IDS, ELEMENT_IDS, encodePrivateMetadata } from './ids.js';
import { LIMITS, RAW, escapeCut, packLines } from './limits.js';
import { EXPLANATION_LABELS, EXPLANATION_QUESTIONS, type ExplanationQuestion } from '../../../domain/accountability/explanation.js';

export interface ModalInput {
  changeId: number;
  headSha: string;
  /** The change's revision when the form was opened: the submission is bound to it. */
  revision: number;
  /** Where the review-request message lives, to update it after the decision. */
  channel: string;
  ts: string;
  title: string;
  repo: string;
  number: number;
  /** When the form was opened (the door's clock); carried back on submission. */
  openedAt?: string | null;
}

export interface SignoffModalInput extends ModalInput {
  /** The statements the reviewer attests to; option values are their indices ("0", "1", …). */
  attestations: string[];
}

const NOTE_MAX = 2000;

/**
 * The sign-off modal. Slack allows ten options per checkbox group, so statements past
 * the tenth go to further groups `attest_2`, `attest_3`…; values stay global indices.
 * Slack only checks that something is ticked: the handler must check that all are.
 */
export function signoffModal(input: SignoffModalInput): SlackModalView {
  const blocks: KnownBlock[] = [section(`You are signing off ${subject(input)} at ${shaCode(input.headSha)}.`)];
  const long = input.attestations.some((a) => a.length > LIMITS.optionText);
  if (long) {
    // Option text is cut at 75 characters; the full statements stay readable above.
    const lines = input.attestations.map((a, i) => `${i + 1}. ${escapeMrkdwn(a)}`);
    const { chunks } = packLines(lines, { maxItems: lines.length, maxChunks: LIMITS.viewBlocks - 20 });
    blocks.push(...chunks.map((c) => section(c)));
  }
  for (let start = 0; start < input.attestations.length; start += LIMITS.checkboxOptions) {
    const group = input.attestations.slice(start, start + LIMITS.checkboxOptions);
    const n = start / LIMITS.checkboxOptions;
    blocks.push({
      type: 'input',
      block_id: n === 0 ? BLOCK_IDS.attest : `${BLOCK_IDS.attest}_${n + 1}`,
      label: plain(n === 0 ? 'I attest that' : 'I attest that (continued)', LIMITS.inputLabel),
      element: {
        type: 'checkboxes',
        action_id: ELEMENT_IDS.boxes,
        options: group.map((a, i) => ({ text: plain(long ? `${start + i + 1}. ${a}` : a, LIMITS.optionText), value: String(start + i) })),
      },
    });
  }
  blocks.push({
    type: 'input',
    block_id: BLOCK_IDS.note,
    optional: true,
    label: plain('Note (optional)', LIMITS.inputLabel),
    element: { type: 'plain_text_input', action_id: ELEMENT_IDS.value, multiline: true, max_length: NOTE_MAX },
  });
  return modal(CALLBACK_IDS.signoffModal, 'Sign off', 'Sign off', input, blocks);
}

/** The request-changes modal: a required reason. */
export function requestChangesModal(input: ModalInput): SlackModalView {
  return reasonModal(input, {
    callbackId: CALLBACK_IDS.requestChangesModal, title: 'Request changes', submit: 'Request changes',
    intro: `You are requesting changes to ${subject(input)} at ${shaCode(input.headSha)}.`,
    label: 'What needs to change?', note: 'The author sees your reason in the review thread.',
  });
}

/** The break-glass modal for leads: a required reason, recorded in the audit trail and the digest. */
export function overrideModal(input: ModalInput): SlackModalView {
  return reasonModal(input, {
    callbackId: CALLBACK_IDS.overrideModal, title: 'Override sign-off', submit: 'Override',
    intro: `You are letting ${subject(input)} pass at ${shaCode(input.headSha)} *without* the senior sign-off. Only leads may do this.`,
    label: 'Why can this not wait for a sign-off?', note: 'The reason is recorded in the audit trail, shown on the check, and listed in the next digest.',
  });
}

/** "Explain this change": the author's three answers, each required, prefilled with what they wrote before. */
export function explanationModal(input: ModalInput & { answers: Record<ExplanationQuestion, string> }): SlackModalView {
  const blocks: KnownBlock[] = [section(`Explain ${subject(input)} so a senior can sign it off: what it changes, how you verified it, what could break.`)];
  for (const question of EXPLANATION_QUESTIONS) {
    const initial = input.answers[question].slice(0, 3000);
    blocks.push({
      type: 'input',
      block_id: question,
      label: plain(EXPLANATION_LABELS[question], LIMITS.inputLabel),
      element: { type: 'plain_text_input', action_id: ELEMENT_IDS.value, multiline: true, min_length: 1, max_length: 3000, ...(initial ? { initial_value: initial } : {}) },
    });
  }
  blocks.push(context('Your answers are shown on the review request and the GitHub check, and kept in the audit trail with the commit they describe.'));
  return modal(CALLBACK_IDS.explainModal, 'Explain this change', 'Save', input, blocks);
}

/** A decision that needs a reason: one required multi-line input under an introduction. */
function reasonModal(input: ModalInput, text: { callbackId: string; title: string; submit: string; intro: string; label: string; note: string }): SlackModalView {
  const blocks: KnownBlock[] = [
    section(text.intro),
    {
      type: 'input',
      block_id: BLOCK_IDS.reason,
      label: plain(text.label, LIMITS.inputLabel),
      element: { type: 'plain_text_input', action_id: ELEMENT_IDS.value, multiline: true, min_length: 1, max_length: NOTE_MAX },
    },
    context(text.note),
  ];
  return modal(text.callbackId, text.title, text.submit, input, blocks);
}

function modal(callbackId: string, title: string, submit: string, input: ModalInput, blocks: KnownBlock[]): SlackModalView {
  return {
    type: 'modal',
    callback_id: callbackId,
    private_metadata: encodePrivateMetadata({ changeId: input.changeId, headSha: input.headSha, revision: input.revision, channel: input.channel, ts: input.ts, openedAt: input.openedAt ?? null }),
    title: plain(title, LIMITS.modalTitle),
    submit: plain(submit, LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    blocks: capBlocks(blocks, LIMITS.viewBlocks),
  };
}

function subject(input: ModalInput): string {
  return `*${escapeCut(oneLine(input.repo), RAW.title)}#${input.number}* ${escapeCut(oneLine(input.title), RAW.title)}`;
}
