import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ChainVerifier, chainNext, GENESIS_HASH, hashEvent } from '../../src/domain/audit-chain.js';

// What an auditor recomputes from an export, written out by hand: the hash is SHA-256 over
// the previous hash followed by the event's canonical JSON (RFC 8785: keys sorted at every
// depth, no spaces, numbers and strings as JSON writes them).
const event = {
  seq: 1, at: '2026-11-20T09:00:00.000Z', actor: 'senior-ana', action: 'signed_off', subject: 'acme/api#7', head_sha: 'abc123',
  details: { note: 'Ünïcödé "quoted" 🚀', b: [2, 1], a: { y: 1e21, x: 0.5 } },
};
const canonical = '{"action":"signed_off","actor":"senior-ana","at":"2026-11-20T09:00:00.000Z",'
  + '"details":{"a":{"x":0.5,"y":1e+21},"b":[2,1],"note":"Ünïcödé \\"quoted\\" 🚀"},"head_sha":"abc123","seq":1,"subject":"acme/api#7"}';
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

describe('the audit hash chain', () => {
  it('hashes the previous hash followed by the canonical JSON of the event', () => {
    expect(hashEvent(GENESIS_HASH, event)).toBe(sha256(GENESIS_HASH + canonical));
    const prev = 'f'.repeat(64);
    expect(hashEvent(prev, event)).toBe(sha256(prev + canonical));
  });

  it('links each event to the one before it, and the verifier finds an edited one', () => {
    const { seq: _, ...body } = event;
    const first = chainNext(null, body);
    const second = chainNext(first, { ...body, action: 'revoked' });
    expect(first).toMatchObject({ seq: 1, prev_hash: GENESIS_HASH, hash: sha256(GENESIS_HASH + canonical) });
    expect(second).toMatchObject({ seq: 2, prev_hash: first.hash });
    const verifier = new ChainVerifier();
    expect([first, second].map((e) => verifier.check(e))).toEqual([null, null]);
    const edited = new ChainVerifier();
    expect(edited.check({ ...first, details: { ...first.details, note: 'changed' } })).toMatchObject({ seq: 1, fault: 'hash' });
  });
});
