import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/db.js';
import { migrateTo, migrateToLatest } from '../../src/store/migrate.js';
import { freshPostgresDatabase, POSTGRES_SERVER } from '../support/app.js';

/** Each test on a fresh SQLite file, and again on a fresh Postgres database when a server is given. */
const DATABASES = [
  ['SQLite', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'countersign-teams-'));
    return { url: `sqlite:${join(dir, 'c.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }],
  ...(POSTGRES_SERVER ? [['PostgreSQL', freshPostgresDatabase] as const] : []),
] as const;

describe.each(DATABASES)('owning teams as rows on %s', (_, fresh) => {
  let store: Store;
  let drop: () => Promise<void>;
  beforeEach(async () => {
    const db = await fresh();
    drop = db.drop;
    store = openStore(db.url);
  });
  afterEach(async () => { await store.close(); await drop(); });

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
