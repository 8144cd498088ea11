import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { migrateTo, migrateToLatest } from '../../src/store/migrate.js';
import { enqueue, readyOutbox } from '../../src/store/outbox.js';
import { STORE_DATABASES, useFreshStore } from '../support/store-databases.js';

const NOW = '2026-12-02T09:00:00.000Z';

/** An outbox row as a version before the channel column wrote it. */
const oldRow = (key: string, payload: Record<string, unknown>, state = 'pending') => ({
  idempotency_key: key, kind: 'review_request.post', destination: 'slack', change_id: null,
  payload: JSON.stringify(payload), state, attempts: 0, next_attempt_at: NOW, created_at: NOW,
});

describe.each(STORE_DATABASES)('the outbox channel on %s', (_, fresh) => {
  const current = useFreshStore(fresh);
  let store: Store;
  beforeEach(() => { store = current(); });

  const channels = async () => (await store.db.selectFrom('outbox').select(['idempotency_key', 'channel']).orderBy('id').execute())
    .map((r) => [r.idempotency_key, r.channel]);

  it('is filled in from the payload of rows still waiting when the upgrade runs', async () => {
    await migrateTo(store.db, store.flavor, '0016_rate_limited');
    await store.db.insertInto('outbox').values([
      oldRow('waiting', { channel: 'C0ONE', team: 'core' }),
      oldRow('direct', { user: 'U0ALICE' }),
      oldRow('odd', { channel: 42 }),
      oldRow('sent', { channel: 'C0TWO' }, 'done'),
    ] as never).execute();
    await migrateToLatest(store.db, store.flavor);
    expect(await channels()).toEqual([['waiting', 'C0ONE'], ['direct', ''], ['odd', ''], ['sent', null]]);
  });

  it('is written with each side effect, and a channel waiting its turn is left out of the ready rows, a row without one never', async () => {
    await migrateToLatest(store.db, store.flavor);
    await enqueue(store.db, [
      { idempotency_key: 'a1', kind: 'review_request.post', destination: 'slack', change_id: null, payload: { channel: 'C0A' } },
      { idempotency_key: 'a2', kind: 'review_request.post', destination: 'slack', change_id: null, payload: { channel: 'C0A' } },
      { idempotency_key: 'b1', kind: 'review_request.post', destination: 'slack', change_id: null, payload: { channel: 'C0B' } },
      { idempotency_key: 'g1', kind: 'check.set', destination: 'github', change_id: null, payload: { state: 'pending' } },
    ], NOW);
    // Written by a replica still on an older version, after the upgrade: no channel.
    await store.db.insertInto('outbox').values(oldRow('old', { channel: 'C0A' }) as never).execute();
    expect(await channels()).toEqual([['a1', 'C0A'], ['a2', 'C0A'], ['b1', 'C0B'], ['g1', ''], ['old', null]]);

    const ready = async (skip: [string, string[]][]) => (await readyOutbox(store.db, ['slack', 'github'], NOW, 10, new Map(skip))).map((r) => r.idempotency_key);
    expect(await ready([])).toEqual(['a1', 'a2', 'b1', 'g1', 'old']);
    expect(await ready([['slack', ['C0A']]])).toEqual(['b1', 'g1', 'old']);
    expect(await ready([['slack', ['C0A', 'C0B']], ['github', ['']]])).toEqual(['old']);
    // Each destination gets its own places.
    expect((await readyOutbox(store.db, ['slack', 'github'], NOW, 1)).map((r) => r.idempotency_key)).toEqual(['a1', 'g1']);
  });
});
