import { createWriteStream } from 'node:fs';
import { exportAuditTrail } from '../app/audit-trail.js';
import { withAuditStore } from './audit-store.js';
import { stringOption, UsageError, type ParsedArgs } from './spec.js';

export async function run(args: ParsedArgs): Promise<number> {
  const format = stringOption(args, 'format') ?? 'jsonl';
  const sinceOption = stringOption(args, 'since');
  const outFile = stringOption(args, 'out');
  if (format !== 'jsonl' && format !== 'csv') throw new UsageError('--format must be jsonl or csv');
  if (sinceOption !== undefined && Number.isNaN(Date.parse(sinceOption))) throw new UsageError('--since must be an ISO-8601 time such as 2026-01-31T00:00:00Z');
  const since = sinceOption === undefined ? undefined : new Date(sinceOption).toISOString();
  return withAuditStore(args, async (store) => {
    const out = outFile ? createWriteStream(outFile) : process.stdout;
    const count = await exportAuditTrail(store.db, out, format, since);
    if (outFile) await new Promise<void>((resolve, reject) => { out.end(() => resolve()); out.once('error', reject); });
    console.error(`exported ${count} events`);
    return 0;
  });
}
