import { beforeEach, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { migrateTo, migrateToLatest } from '../../src/store/migrate.js';
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
});
