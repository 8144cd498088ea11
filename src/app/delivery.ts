import type { InboxRow } from '../store/schema.js';

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

export function toDelivery(row: InboxRow): Delivery {
  const payload = JSON.parse(row.payload) as { sender?: { login?: string } };
  return { id: row.id, deliveryId: row.delivery_id, event: row.event, action: row.action, sender: payload.sender?.login ?? null, payload };
}
