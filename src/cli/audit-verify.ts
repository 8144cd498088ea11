import { verifyAuditTrail } from '../app/audit-trail.js';
import { withAuditStore } from './audit-store.js';
import type { ParsedArgs } from './spec.js';

export async function run(args: ParsedArgs): Promise<number> {
  return withAuditStore(args, async (store) => {
    const result = await verifyAuditTrail(store.db);
    if (result.ok) {
      console.log(`audit trail intact: ${result.events} events${result.headHash ? `, head ${result.headHash}` : ''}`);
      return 0;
    }
    console.error(`audit trail broken at event ${result.fault!.seq}: ${result.fault!.message}`);
    console.log(JSON.stringify({ ok: false, first_bad_seq: result.fault!.seq, fault: result.fault!.fault, verified_events: result.events }));
    return 1;
  });
}
