import { storableJson } from '../domain/stored-text.js';
import type { InboxRow } from '../store/schema.js';
import { payloadProblem } from './payload-schema.js';

/** A stored webhook delivery, parsed, as the use cases see it. */
export interface Delivery {
  /** inbox row id */
  id: number;
  /** X-GitHub-Delivery */
  deliveryId: string;
  event: string;
  action: string | null;
  sender: string | null;
  payload: unknown;
}

/** A payload no retry can fix: the delivery is parked at once, with this reason. */
export class InvalidPayload extends Error {
  constructor(readonly event: string, problem: string) {
    super(`${event} payload refused: ${problem}`);
    this.name = 'InvalidPayload';
  }
}

/**
 * Parse a stored delivery at the boundary: strings as the database will keep them
 * (see `storableText`), so whatever is hashed, compared or stored later is what is
 * read back; then types as GitHub documents them, or `InvalidPayload`.
 */
export function toDelivery(row: InboxRow): Delivery {
  const payload = storableJson(JSON.parse(row.payload)) as { sender?: { login?: string } };
  const problem = payloadProblem(row.event, payload);
  if (problem) throw new InvalidPayload(row.event, problem);
  return { id: row.id, deliveryId: row.delivery_id, event: row.event, action: row.action, sender: payload.sender?.login ?? null, payload };
}
