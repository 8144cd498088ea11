import type { Generated } from 'kysely';

// The two durable queues: deliveries received from GitHub (`inbox`) and side effects
// waiting to be sent (`outbox`).

/** What both queues keep to retry a row alike (app/retry.ts). */
interface Retried {
  attempts: number;
  /** How many of those attempts a rate limit turned away: they add nothing to the backoff (migration 0016). */
  rate_limited: Generated<number>;
  next_attempt_at: string;
  last_error: string | null;
}

export type InboxState = 'pending' | 'done' | 'ignored' | 'parked';

export interface InboxTable extends Retried {
  id: Generated<number>;
  delivery_id: string;
  event: string;
  action: string | null;
  /** Deliveries with the same key (one pull request) are applied in arrival order. */
  order_key: string | null;
  payload: string;
  received_at: string;
  state: InboxState;
  processed_at: string | null;
  /** The replica applying it, until `claim_expires_at` (see migration 0007). */
  claimed_by: string | null;
  claim_expires_at: string | null;
}

export type OutboxState = 'pending' | 'done' | 'parked';

export interface OutboxTable extends Retried {
  id: Generated<number>;
  idempotency_key: string;
  kind: string;
  /** Which adapter delivers it: slack, teams, local, github. */
  destination: string;
  /** Where it goes at that destination (`payload.channel`; '' for none); null if written before migration 0017. */
  channel: string | null;
  change_id: number | null;
  /** JSON */
  payload: string;
  state: OutboxState;
  created_at: string;
  delivered_at: string | null;
  /** JSON: what the platform answered that later rows need (message ts, check run id). */
  result: string | null;
  /** The replica delivering it, until `claim_expires_at`; `claim_token` rises with every claim (a fencing token). */
  claimed_by: string | null;
  claim_expires_at: string | null;
  claim_token: Generated<number>;
}
