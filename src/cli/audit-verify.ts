import { parseChainHead, verifyAuditTrail } from '../app/audit-trail.js';
import { withAuditStore } from './audit-store.js';
import { stringOption, type ParsedArgs } from './spec.js';

export async function run(args: ParsedArgs): Promise<number> {
  const expected = stringOption(args, 'expect-head');
  const head = expected === undefined ? undefined : parseChainHead(expected);
  if (head === null) {
    console.error(`countersign audit verify: --expect-head takes SEQ:HASH (the sequence number and the 64-hex hash the service logs as "audit chain head"), not "${expected}"`);
    return 2;
  }
  return withAuditStore(args, async (store) => {
    const result = await verifyAuditTrail(store.db, head);
    if (result.fault) {
      console.error(`audit trail broken at event ${result.fault.seq}: ${result.fault.message}`);
      console.log(JSON.stringify({ ok: false, first_bad_seq: result.fault.seq, fault: result.fault.fault, verified_events: result.events }));
      return 1;
    }
    if (head && result.expectedHead !== 'intact') {
      console.error(result.expectedHead === 'missing'
        ? `audit trail has no event ${head.seq} any more (it ends after ${result.events} events): events were removed from the end`
        : `audit trail event ${head.seq} no longer has hash ${head.hash}: the trail was rewritten`);
      console.log(JSON.stringify({ ok: false, expected_head: `${head.seq}:${head.hash}`, expected_head_state: result.expectedHead, verified_events: result.events }));
      return 1;
    }
    console.log(`audit trail intact: ${result.events} events${result.headHash ? `, head ${result.headHash}` : ''}${head ? `; holds event ${head.seq} with the expected hash` : ''}`);
    return 0;
  });
}
