import { beforeEach, describe, expect, it } from 'vitest';
import { ChainVerifier } from '../../src/domain/audit-chain.js';
import { appendAudit, readAudit } from '../../src/store/audit.js';
import type { Store } from '../../src/store/db.js';
import { changesWithEscalation, saveEscalation, saveEscalations } from '../../src/store/escalations.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { enqueue } from '../../src/store/outbox.js';
import { statementsTogether } from '../../src/store/statements-together.js';
import { STORE_DATABASES, useFreshStore } from '../support/store-databases.js';

// Text that JSON (Postgres) or a parameter list (SQLite) could mangle: quotes, backslashes,
// braces, commas, the word NULL, empty text, a lone surrogate, NUL, emoji.
const HOSTILE = ['"quoted"', 'back\\slash', '{a,b}', 'NULL', '', 'lone \ud800 surrogate', 'nul \u0000 byte', '🚀 ünïcödé', "it's"];
const AT = '2026-11-20T09:00:00.000Z';

describe.each(STORE_DATABASES)('many rows in one statement on %s', (_, fresh) => {
  const current = useFreshStore(fresh);
  let store: Store;
  beforeEach(async () => {
    store = current();
    await migrateToLatest(store.db, store.flavor);
  });

  async function changes(n: number): Promise<number[]> {
    const rows = await store.db.insertInto('changes').values(Array.from({ length: n }, (_, i) => ({
      repo: 'acme/api', number: i + 1, installation_id: null, url: 'u', title: 't', author: 'a', head_sha: 'h', head_ref: 'r', base_ref: 'main', draft: 0,
      additions: 1, deletions: 0, changed_files: 1, ai_assisted: 1, signals: '[]', commits_read: 0, owning_teams: '[]', ownership: '{}', risk_tier: 'low',
      risk_reasons: '[]', required_signoffs: 1, committers: '[]', status: 'awaiting', requested_at: AT, opened_at: AT, updated_at: AT, revision: 1,
    }))).returning('id').execute();
    return rows.map((r) => r.id);
  }

  it('chains hostile audit text as it is read back, so the trail verifies', async () => {
    const events = HOSTILE.map((text, i) => ({ at: AT, actor: text, action: 'noted', subject: `acme/api#${i}`, head_sha: i % 2 ? null : text, details: { note: text, n: i } }));
    await store.db.transaction().execute((trx) => appendAudit(trx, events));
    const read = [];
    for await (const e of readAudit(store.db)) read.push(e);
    expect(read.map((e) => e.actor)).toEqual(HOSTILE.map((t) => t.replace('\ud800', '\ufffd').replace('\u0000', '\ufffd')));
    expect(read.map((e) => e.head_sha)).toEqual(read.map((e, i) => (i % 2 ? null : e.actor)));
    const verifier = new ChainVerifier();
    expect(read.map((e) => verifier.check(e))).toEqual(HOSTILE.map(() => null));
  });

  it('chains details as the column reads them back: odd keys and numbers, undefined, an own __proto__', async () => {
    const odd = [
      { b: 1, 2: 'integer-like key', a: -0, big: 1e21, small: 5e-7, nested: { z: [1, undefined, null], y: undefined } },
      JSON.parse('{"__proto__": {"polluted": true}, "note": "own property"}') as Record<string, unknown>,
      { when: new Date(AT), text: 'lone \ud800 and nul \u0000' },
    ];
    await store.db.transaction().execute((trx) => appendAudit(trx, odd.map((details, i) => ({ at: AT, actor: 'a', action: 'noted', subject: `acme/api#${i}`, head_sha: null, details }))));
    const read = [];
    for await (const e of readAudit(store.db)) read.push(e);
    expect(read[0]!.details).toEqual({ 2: 'integer-like key', b: 1, a: 0, big: 1e21, small: 5e-7, nested: { z: [1, null, null] } });
    expect(Object.keys(read[1]!.details)).toEqual(['__proto__', 'note']);
    expect(read[2]!.details).toEqual({ when: AT, text: 'lone \ud800 and nul \u0000' });
    const verifier = new ChainVerifier();
    expect(read.map((e) => verifier.check(e))).toEqual([null, null, null]);
  });

  it('queues outbox rows once per key, keeping their payloads and nulls', async () => {
    const [id] = await changes(1);
    const message = (key: string, text: string, changeId: number | null) => ({ idempotency_key: key, kind: 'slack.post', destination: 'slack', change_id: changeId, payload: { text } });
    await enqueue(store.db, HOSTILE.map((text, i) => message(`k${i}`, text, i % 2 ? null : id!)), AT);
    await enqueue(store.db, [message('k0', 'a second time', id!), message('k-new', 'new', null)], AT);
    const rows = await store.db.selectFrom('outbox').select(['idempotency_key', 'change_id', 'payload', 'attempts', 'state']).orderBy('id').execute();
    expect(rows.map((r) => r.idempotency_key)).toEqual([...HOSTILE.map((_, i) => `k${i}`), 'k-new']);
    expect(rows.map((r) => JSON.parse(r.payload).text)).toEqual([...HOSTILE, 'new']);
    expect(rows.map((r) => r.change_id)).toEqual([...HOSTILE.map((_, i) => (i % 2 ? null : id)), null]);
    expect(new Set(rows.map((r) => `${r.state}:${r.attempts}`))).toEqual(new Set(['pending:0']));
  });

  it('queues more rows than one statement may carry, each once', async () => {
    const keys = Array.from({ length: 1200 }, (_, i) => `many:${i}`); // 10,800 cells: two statements on SQLite
    await enqueue(store.db, keys.map((key) => ({ idempotency_key: key, kind: 'slack.post', destination: 'slack', change_id: null, payload: { key } })), AT);
    await enqueue(store.db, keys.slice(1100).map((key) => ({ idempotency_key: key, kind: 'slack.post', destination: 'slack', change_id: null, payload: { key: 'again' } })), AT);
    const rows = await store.db.selectFrom('outbox').select(['idempotency_key', 'payload']).orderBy('id').execute();
    expect(rows.map((r) => r.idempotency_key)).toEqual(keys);
    expect(rows.every((r) => JSON.parse(r.payload).key === r.idempotency_key)).toBe(true);
  });

  it('queues large payloads (a digest) as they are, hostile text included', async () => {
    const big = (i: number) => `${HOSTILE.join('|')} ${'"\\{},'.repeat(2000)} ${i}`;
    await enqueue(store.db, [0, 1].map((i) => ({ idempotency_key: `digest:${i}`, kind: 'digest.post', destination: 'slack', change_id: null, payload: { text: big(i) } })), AT);
    const rows = await store.db.selectFrom('outbox').select(['idempotency_key', 'payload']).orderBy('id').execute();
    expect(rows.map((r) => [r.idempotency_key, JSON.parse(r.payload).text])).toEqual([['digest:0', big(0)], ['digest:1', big(1)]]);
  });

  it('saves each change its own escalation fields, grouped by which fields change', async () => {
    const ids = await changes(5);
    for (const id of ids) await saveEscalation(store.db, id, { fired: 0, nextDueAt: AT, ladder: '{}', assignee: id === ids[3] ? '"x"' : null });
    await saveEscalations(store.db, [
      { changeId: ids[0]!, fields: { fired: 2, nextDueAt: '2026-11-21T09:00:00.000Z' } },
      { changeId: ids[1]!, fields: { fired: 1, nextDueAt: null } },
      { changeId: ids[2]!, fields: { nextDueAt: null } },
      { changeId: ids[3]!, fields: { claimedBy: "o'brien", claimedUntil: null } },
    ]);
    const read = await changesWithEscalation(store.db, ids);
    const fields = ids.map((id) => { const { fired, nextDueAt, assignee, claimedBy } = read.get(id)!.escalation; return { fired, nextDueAt, assignee, claimedBy }; });
    expect(fields).toEqual([
      { fired: 2, nextDueAt: '2026-11-21T09:00:00.000Z', assignee: null, claimedBy: null },
      { fired: 1, nextDueAt: null, assignee: null, claimedBy: null },
      { fired: 0, nextDueAt: null, assignee: null, claimedBy: null },
      { fired: 0, nextDueAt: AT, assignee: '"x"', claimedBy: "o'brien" },
      { fired: 0, nextDueAt: AT, assignee: null, claimedBy: null },
    ]);
  });

  it('queues every group of schedules before a statement sent after them (a sweep sends its outbox rows next)', async () => {
    const ids = await changes(3);
    for (const id of ids) await saveEscalation(store.db, id, { fired: 0, nextDueAt: AT, ladder: '{}' });
    const seen = await store.db.transaction().execute((trx) => statementsTogether(async (send) => {
      send(saveEscalations(trx, [
        { changeId: ids[0]!, fields: { nextDueAt: null } },
        { changeId: ids[1]!, fields: { fired: 1, nextDueAt: null } },
        { changeId: ids[2]!, fields: { claimedBy: 'ana', claimedUntil: AT } },
      ]));
      // Sent before the first group has answered: it must still run after the last one.
      return send(trx.selectFrom('escalations').select(['change_id', 'step', 'due_at', 'claimed_by']).orderBy('change_id').execute());
    }));
    expect(seen.map((e) => [e.step, e.due_at, e.claimed_by])).toEqual([[0, null, null], [1, null, null], [0, AT, 'ana']]);
  });

  it('keeps hostile text in every column a sweep writes, as the database stores text', async () => {
    const ids = await changes(HOSTILE.length);
    for (const id of ids) await saveEscalation(store.db, id, { fired: 0, nextDueAt: AT });
    await saveEscalations(store.db, ids.map((id, i) => ({ changeId: id, fields: { claimedBy: HOSTILE[i]!, claimedUntil: AT } })));
    await enqueue(store.db, HOSTILE.map((text, i) => ({ idempotency_key: `k:${text}`, kind: 'slack.post', destination: text, change_id: ids[i]!, payload: { text } })), AT);
    // UTF-8 has no lone surrogates, and PostgreSQL refuses NUL in text: on both databases they are kept as U+FFFD.
    const stored = (text: string) => text.replace('\u0000', '\ufffd').replace('\ud800', '\ufffd');
    const read = await changesWithEscalation(store.db, ids);
    expect(ids.map((id) => read.get(id)!.escalation.claimedBy)).toEqual(HOSTILE.map(stored));
    const outbox = await store.db.selectFrom('outbox').select(['idempotency_key', 'destination', 'payload']).orderBy('id').execute();
    expect(outbox.map((r) => [r.idempotency_key, r.destination, JSON.parse(r.payload).text])).toEqual(HOSTILE.map((t) => [stored(`k:${t}`), stored(t), t]));
  });
});
