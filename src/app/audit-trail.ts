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
}

/** Recompute the whole chain from the first event; stop at the first fault. */
export async function verifyAuditTrail(db: Db): Promise<VerifyResult> {
  const verifier = new ChainVerifier();
  let headHash: string | null = null;
  for await (const event of readAudit(db)) {
    const fault = verifier.check(event);
    if (fault) return { ok: false, events: verifier.count, headHash, fault };
    headHash = event.hash;
  }
  return { ok: true, events: verifier.count, headHash, fault: null };
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
