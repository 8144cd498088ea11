import { beforeEach, describe, expect, it } from 'vitest';
import type { ChangeStatus } from '../../src/domain/signoff-state.js';
import type { Store } from '../../src/store/db.js';
import { migrateTo, migrateToLatest } from '../../src/store/migrate.js';
import { teamQueues } from '../../src/store/digest-queues.js';
import { STORE_DATABASES, useFreshStore } from '../support/store-databases.js';

describe.each(STORE_DATABASES)('owning teams as rows on %s', (_, fresh) => {
  const current = useFreshStore(fresh);
  let store: Store;
  beforeEach(() => { store = current(); });

  it('are filled in for changes tracked before the upgrade, so pending TEAM finds them', async () => {
    await migrateTo(store.db, store.flavor, '0004_adapter_state');
    const at = '2026-11-20T09:00:00.000Z';
    for (const [number, teams] of [[1, '["payments","platform"]'], [2, '[]'], [3, '["payments"]']] as const) {
      await store.db.insertInto('changes').values({
        repo: 'acme/api', number, installation_id: null, url: 'u', title: 't', author: 'a', head_sha: 'h', head_ref: 'r', base_ref: 'main', draft: 0,
        additions: 1, deletions: 0, changed_files: 1, ai_assisted: 1, signals: '[]', commits_read: 0, owning_teams: teams, ownership: '{}', risk_tier: 'low',
        risk_reasons: '[]', required_signoffs: 1, committers: '[]', status: 'awaiting', requested_at: at, opened_at: at, updated_at: at, revision: 1,
      }).execute();
    }
    await migrateToLatest(store.db, store.flavor);
    const rows = await store.db.selectFrom('change_teams').innerJoin('changes', 'changes.id', 'change_teams.change_id')
      .select(['changes.number', 'change_teams.team']).orderBy('changes.number').orderBy('change_teams.team').execute();
    expect(rows).toEqual([{ number: 1, team: 'payments' }, { number: 1, team: 'platform' }, { number: 3, team: 'payments' }]);
  });
  it('learn where changes tracked before the upgrade stand in their queues, so digests list them in order', async () => {
    await migrateTo(store.db, store.flavor, '0013_housekeeping');
    const change = (number: number, fields: { status: ChangeStatus; ai_assisted?: number; risk_tier?: string; requested_at?: string | null }) => ({
      repo: 'acme/api', number, installation_id: null, url: 'u', title: 't', author: 'a', head_sha: 'h', head_ref: 'r', base_ref: 'main', draft: 0,
      additions: 1, deletions: 0, changed_files: 1, ai_assisted: fields.ai_assisted ?? 1, signals: '[]', commits_read: 0, owning_teams: '["payments"]', ownership: '{}',
      risk_tier: fields.risk_tier ?? 'low', risk_reasons: '[]', required_signoffs: 1, committers: '[]', status: fields.status,
      requested_at: fields.requested_at === undefined ? '2026-11-20T09:00:00.000Z' : fields.requested_at, opened_at: 'x', updated_at: 'x', revision: 1,
    });
    const rows = [
      change(1, { status: 'awaiting' }),
      change(2, { status: 'awaiting', risk_tier: 'high', requested_at: '2026-11-21T09:00:00.000Z' }),
      change(3, { status: 'changes_requested', risk_tier: 'medium' }),
      change(4, { status: 'awaiting', requested_at: null }),
      change(5, { status: 'signed_off' }),
      change(6, { status: 'awaiting', ai_assisted: 0 }),
    ];
    const ids = await store.db.insertInto('changes').values(rows).returning('id').execute();
    await store.db.insertInto('change_teams').values(ids.map(({ id }) => ({ team: 'payments', change_id: id }) as never)).execute();
    await migrateToLatest(store.db, store.flavor);
    const placed = await store.db.selectFrom('change_teams').innerJoin('changes', 'changes.id', 'change_teams.change_id')
      .select(['changes.number', 'change_teams.queue', 'change_teams.queue_rank', 'change_teams.requested_at']).orderBy('changes.number').execute();
    expect(placed).toEqual([
      { number: 1, queue: 'awaiting', queue_rank: 4, requested_at: '2026-11-20T09:00:00.000Z' },
      { number: 2, queue: 'awaiting', queue_rank: 0, requested_at: '2026-11-21T09:00:00.000Z' },
      { number: 3, queue: 'changes_requested', queue_rank: 2, requested_at: '2026-11-20T09:00:00.000Z' },
      { number: 4, queue: 'awaiting', queue_rank: 5, requested_at: null },
      { number: 5, queue: null, queue_rank: 4, requested_at: '2026-11-20T09:00:00.000Z' },
      { number: 6, queue: null, queue_rank: 4, requested_at: '2026-11-20T09:00:00.000Z' },
    ]);
    const { first, counts } = await teamQueues(store.db, store.flavor, ['payments'], 25);
    expect(first.filter((c) => c.status === 'awaiting').map((c) => c.number).sort()).toEqual([1, 2, 4]);
    expect(counts.sort((a, b) => a.status.localeCompare(b.status))).toEqual([{ team: 'payments', status: 'awaiting', n: 3 }, { team: 'payments', status: 'changes_requested', n: 1 }]);
    // The first two of the queue: high risk, then the requested low-risk one; never-requested is last.
    const firstTwo = await teamQueues(store.db, store.flavor, ['payments'], 2);
    expect(firstTwo.first.filter((c) => c.status === 'awaiting').map((c) => c.number).sort()).toEqual([1, 2]);
    expect(firstTwo.counts.find((c) => c.status === 'awaiting')?.n).toBe(3);
  });
});
