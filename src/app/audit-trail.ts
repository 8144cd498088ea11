import type { Writable } from 'node:stream';
import { stringify } from 'csv-stringify';
import { ChainVerifier, type ChainFault } from '../domain/audit-chain.js';
import { readAudit } from '../store/audit.js';
import type { Db } from '../store/changes.js';

export interface VerifyResult {
  ok: boolean;
  events: number;
  headHash: string | null;
  fault: ChainFault | null;
  /** With an expected head: whether the trail still holds that event with that hash. */
  expectedHead?: 'intact' | 'changed' | 'missing';
}

/** A head kept elsewhere (logs, a ticket), as `SEQ:HASH`. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** Parse `SEQ:HASH` (what the service logs as the audit head); null when it is not that shape. */
export function parseChainHead(text: string): ChainHead | null {
  const match = /^(\d{1,15}):([0-9a-f]{64})$/i.exec(text.trim());
  return match ? { seq: Number(match[1]), hash: match[2]!.toLowerCase() } : null;
}

/**
 * Recompute the whole chain from the first event; stop at the first fault. With
 * `expectHead`, also check that the event at that sequence number is still there with
 * that hash: a chain cut back to an earlier event verifies on its own, so a head kept
 * elsewhere is what shows that nothing was removed from the end.
 */
export async function verifyAuditTrail(db: Db, expectHead?: ChainHead): Promise<VerifyResult> {
  const verifier = new ChainVerifier();
  let headHash: string | null = null;
  let expectedHead: VerifyResult['expectedHead'] = expectHead ? 'missing' : undefined;
  for await (const event of readAudit(db)) {
    const fault = verifier.check(event);
    if (fault) return { ok: false, events: verifier.count, headHash, fault, ...(expectedHead ? { expectedHead } : {}) };
    headHash = event.hash;
    if (expectHead && event.seq === expectHead.seq) expectedHead = event.hash === expectHead.hash ? 'intact' : 'changed';
  }
  return { ok: expectedHead === undefined || expectedHead === 'intact', events: verifier.count, headHash, fault: null, ...(expectedHead ? { expectedHead } : {}) };
}

export type ExportFormat = 'jsonl' | 'csv';

const CSV_COLUMNS = ['seq', 'at', 'actor', 'action', 'subject', 'head_sha', 'details', 'prev_hash', 'hash'] as const;

/**
 * Write the trail as JSON Lines or CSV (details as a JSON column). Every field of
 * the chain is included, so an export can be verified without the database. With
 * `since`, only events at or after that time (their hashes still link to the full chain).
 */
export async function exportAuditTrail(db: Db, out: Writable, format: ExportFormat, since?: string): Promise<number> {
  let count = 0;
  const events = readAudit(db, since ? { sinceAt: since } : {});
  if (format === 'jsonl') {
    for await (const event of events) {
      if (!out.write(`${JSON.stringify(event)}\n`)) await new Promise((r) => out.once('drain', r));
      count++;
    }
    return count;
  }
  const csv = stringify({ header: true, columns: [...CSV_COLUMNS] });
  csv.pipe(out, { end: false });
  for await (const event of events) {
    if (!csv.write({ ...event, details: JSON.stringify(event.details) })) await new Promise((r) => csv.once('drain', r));
    count++;
  }
  await new Promise<void>((resolve, reject) => { csv.once('end', resolve); csv.once('error', reject); csv.end(); });
  return count;
}
