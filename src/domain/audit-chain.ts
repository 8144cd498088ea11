import { hash } from 'node:crypto';
import canonicalizeModule from 'canonicalize';

// The package is CommonJS (`module.exports = fn`) but its types declare a default export.
type Canonicalize = (input: unknown) => string | undefined;
const canonicalize: Canonicalize =
  typeof canonicalizeModule === 'function' ? (canonicalizeModule as Canonicalize) : (canonicalizeModule as { default: Canonicalize }).default;

/**
 * The audit trail is a hash chain: each event's hash covers the previous hash and
 * the canonical JSON (RFC 8785) of the event, so editing, deleting or inserting any
 * row breaks every hash after it. Anyone with an export can recompute it.
 */
export interface AuditEventBody {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  head_sha: string | null;
  details: Record<string, unknown>;
}

export interface ChainedAuditEvent extends AuditEventBody {
  prev_hash: string;
  hash: string;
}

export const GENESIS_HASH = '0'.repeat(64);

export function hashEvent(prevHash: string, event: AuditEventBody): string {
  const { seq, at, actor, action, subject, head_sha, details } = event;
  const canonical = canonicalize({ seq, at, actor, action, subject, head_sha, details });
  // One call rather than a Hash object per event: a sweep hashes a thousand (issue 12).
  // prev_hash is hex, so hashing the joined text hashes the same bytes as two updates.
  return hash('sha256', prevHash + (canonical ?? ''), 'hex');
}

/** The next link of the chain after `last` (null: the chain is empty). */
export function chainNext(last: { seq: number; hash: string } | null, event: Omit<AuditEventBody, 'seq'>): ChainedAuditEvent {
  const body = { ...event, seq: (last?.seq ?? 0) + 1 };
  const prev_hash = last?.hash ?? GENESIS_HASH;
  return { ...body, prev_hash, hash: hashEvent(prev_hash, body) };
}

export type ChainFault =
  | { seq: number; fault: 'missing'; message: string }
  | { seq: number; fault: 'prev_hash'; message: string }
  | { seq: number; fault: 'hash'; message: string };

/**
 * Checks events one at a time, in sequence order, so a long trail is verified in
 * constant memory. Returns the first fault: the sequence number where the chain
 * stops being what was written.
 */
export class ChainVerifier {
  private expectedSeq = 1;
  private prevHash = GENESIS_HASH;
  count = 0;

  check(event: ChainedAuditEvent): ChainFault | null {
    if (event.seq !== this.expectedSeq) {
      const seq = Math.min(event.seq, this.expectedSeq);
      return event.seq > this.expectedSeq
        ? { seq, fault: 'missing', message: `event ${this.expectedSeq} is missing (the next event is ${event.seq}): a row was deleted` }
        : { seq: event.seq, fault: 'missing', message: `event ${event.seq} appears out of order after ${this.expectedSeq - 1}` };
    }
    if (event.prev_hash !== this.prevHash) {
      return { seq: event.seq, fault: 'prev_hash', message: `event ${event.seq} does not follow event ${event.seq - 1}: its prev_hash does not match; a row before it was changed, removed or inserted` };
    }
    if (hashEvent(event.prev_hash, event) !== event.hash) {
      return { seq: event.seq, fault: 'hash', message: `event ${event.seq} was altered: its content no longer matches its hash` };
    }
    this.expectedSeq++;
    this.prevHash = event.hash;
    this.count++;
    return null;
  }
}
