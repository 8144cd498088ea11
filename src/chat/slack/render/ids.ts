import { LIMITS, assertWithin } from './limits.js';

/** Ids the Slack receiver routes on. Renderer and handlers must agree, so they live here. */
export const ACTION_IDS = {
  signoff: 'countersign_signoff',
  requestChanges: 'countersign_request_changes',
  revoke: 'countersign_revoke',
  override: 'countersign_override',
  claim: 'countersign_claim',
  view: 'countersign_view',
  explain: 'countersign_explain',
} as const;

export const BLOCK_IDS = {
  actions: 'countersign_actions',
  /** Checkbox blocks are `attest`, then `attest_2`, `attest_3`… past ten statements. */
  attest: 'attest',
  note: 'note',
  reason: 'reason',
} as const;

export const ELEMENT_IDS = { boxes: 'boxes', value: 'value' } as const;

export const CALLBACK_IDS = {
  signoffModal: 'countersign_signoff_modal',
  requestChangesModal: 'countersign_request_changes_modal',
  overrideModal: 'countersign_override_modal',
  explainModal: 'countersign_explain_modal',
} as const;

export const METADATA_EVENT_TYPE = 'countersign_review_request';

/** What a button click carries: the change and the head SHA the clicker saw. */
export interface ButtonTarget {
  changeId: number;
  headSha: string;
}

export function encodeButtonValue(target: ButtonTarget): string {
  return assertWithin(JSON.stringify({ c: target.changeId, s: target.headSha }), LIMITS.buttonValue, 'button value');
}

/** null when the value is not one of ours (an old message, a forged payload). */
export function decodeButtonValue(value: string | undefined): ButtonTarget | null {
  const o = parseObject(value);
  if (!o || !Number.isSafeInteger(o['c']) || typeof o['s'] !== 'string' || o['s'] === '') return null;
  return { changeId: o['c'] as number, headSha: o['s'] };
}

/** A modal's link back to the change, the revision it was opened at, and the message it was opened from. */
export interface ModalTarget extends ButtonTarget {
  /** null for a modal opened before forms were bound to a revision. */
  revision: number | null;
  channel: string;
  ts: string;
  /** When the modal was opened (server clock), so the time it was open can be recorded. */
  openedAt?: string | null;
}

export function encodePrivateMetadata(target: ModalTarget): string {
  const json = JSON.stringify({ c: target.changeId, s: target.headSha, r: target.revision, ch: target.channel, ts: target.ts, ...(target.openedAt ? { o: target.openedAt } : {}) });
  return assertWithin(json, LIMITS.privateMetadata, 'private_metadata');
}

export function decodePrivateMetadata(value: string | undefined): ModalTarget | null {
  const base = decodeButtonValue(value);
  const o = parseObject(value);
  if (!base || !o || typeof o['ch'] !== 'string' || typeof o['ts'] !== 'string') return null;
  const openedAt = typeof o['o'] === 'string' && !Number.isNaN(Date.parse(o['o'])) ? o['o'] : null;
  return { ...base, revision: Number.isSafeInteger(o['r']) ? o['r'] as number : null, channel: o['ch'], ts: o['ts'], ...(openedAt ? { openedAt } : {}) };
}

function parseObject(value: string | undefined): Record<string, unknown> | null {
  if (!value) return null;
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}
