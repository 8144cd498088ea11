import { beforeEach, describe, expect, it } from 'vitest';
import type { Change } from '../../src/domain/change.js';
import type { ChangeStatus } from '../../src/domain/signoff-state.js';
import { findChangeById, updateChange } from '../../src/store/changes.js';
import type { Store } from '../../src/store/db.js';
import { teamQueues } from '../../src/store/digest-queues.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import { placeUnplacedQueues } from '../../src/store/queue-places.js';
import { STORE_DATABASES, useFreshStore } from '../support/store-databases.js';

const AT = '2026-11-20T09:00:00.000Z';

describe.each(STORE_DATABASES)("a change's place in its teams' queues on %s", (_, fresh) => {
  const current = useFreshStore(fresh);
  let store: Store;
  beforeEach(async () => {
    store = current();
    await migrateToLatest(store.db, store.flavor);
  });

  /** A change as a webhook would have stored it, read back as the app sees it. */
  async function tracked(number: number, teams: string[], status: ChangeStatus = 'awaiting'): Promise<Change> {
    const { id } = await store.db.insertInto('changes').values({
      repo: 'acme/api', number, installation_id: null, url: 'u', title: `t${number}`, author: 'a', head_sha: 'h', head_ref: 'r', base_ref: 'main', draft: 0,
      additions: 1, deletions: 0, changed_files: 1, ai_assisted: 1, signals: '[]', commits_read: 0, owning_teams: JSON.stringify(teams), ownership: '{}',
      risk_tier: 'low', risk_reasons: '[]', required_signoffs: 1, committers: '[]', status, requested_at: AT, opened_at: AT, updated_at: AT, revision: 1,
    }).returning('id').executeTakeFirstOrThrow();
    return (await findChangeById(store.db, id))!;
  }

  const placeOf = (id: number) => store.db.selectFrom('change_teams').select(['team', 'queue', 'queue_rank', 'requested_at']).where('change_id', '=', id).orderBy('team').execute();

  it('moves with every write of the change: its queue, risk, request time and AI-assistance', async () => {
    let change = await tracked(1, ['payments', 'platform']);
    const write = async (fields: Partial<Change>) => {
      const { id, opened_at: _o, updated_at: _u, ...rest } = { ...change, ...fields };
      await updateChange(store.db, id, { ...rest, revision: change.revision + 1 }, AT, change.revision);
      change = (await findChangeById(store.db, id))!;
      return (await placeOf(id)).map(({ team, ...place }) => `${team} ${JSON.stringify(place)}`);
    };
    const both = (place: object) => ['payments', 'platform'].map((team) => `${team} ${JSON.stringify(place)}`);
    expect(await write({})).toEqual(both({ queue: 'awaiting', queue_rank: 4, requested_at: AT }));
    expect(await write({ status: 'changes_requested' })).toEqual(both({ queue: 'changes_requested', queue_rank: 4, requested_at: AT }));
    expect(await write({ status: 'awaiting', risk_tier: 'high' })).toEqual(both({ queue: 'awaiting', queue_rank: 0, requested_at: AT }));
    expect(await write({ requested_at: null })).toEqual(both({ queue: 'awaiting', queue_rank: 1, requested_at: null }));
    expect(await write({ ai_assisted: false })).toEqual(both({ queue: null, queue_rank: 1, requested_at: null }));
    expect(await write({ ai_assisted: true, status: 'signed_off', owning_teams: ['platform'] })).toEqual([`platform ${JSON.stringify({ queue: null, queue_rank: 1, requested_at: null })}`]);
  });

  it('is worked out for rows an older version wrote, before a digest reads the queues', async () => {
    const first = await tracked(1, ['payments']);
    const second = await tracked(2, ['payments'], 'changes_requested');
    // An older version knows only the team and the change: its rows are not placed.
    await store.db.insertInto('change_teams').values([{ team: 'payments', change_id: first.id }, { team: 'payments', change_id: second.id }] as never).execute();
    expect((await teamQueues(store.db, store.flavor, ['payments'], 25)).first).toEqual([]);

    expect(await placeUnplacedQueues(store)).toBe(2);
    const { first: listed, counts } = await teamQueues(store.db, store.flavor, ['payments'], 25);
    expect(listed.map((c) => [c.number, c.status]).sort()).toEqual([[1, 'awaiting'], [2, 'changes_requested']]);
    expect(counts.map((c) => `${c.status} ${c.n}`).sort()).toEqual(['awaiting 1', 'changes_requested 1']);
    expect(await placeUnplacedQueues(store)).toBe(0);
  });

  it("lists each team's own changes when a whole organisation's digests are read at once", async () => {
    const teams = Array.from({ length: 60 }, (_, i) => `team-${String(i).padStart(2, '0')}`);
    const ids = await store.db.insertInto('changes').values(teams.map((team, i) => ({
      repo: 'acme/api', number: i + 1, installation_id: null, url: 'u', title: team, author: 'a', head_sha: 'h', head_ref: 'r', base_ref: 'main', draft: 0,
      additions: 1, deletions: 0, changed_files: 1, ai_assisted: 1, signals: '[]', commits_read: 0, owning_teams: JSON.stringify([team]), ownership: '{}',
      risk_tier: 'low', risk_reasons: '[]', required_signoffs: 1, committers: '[]', status: 'awaiting' as const, requested_at: AT, opened_at: AT, updated_at: AT, revision: 1,
    }))).returning('id').execute();
    await store.db.insertInto('change_teams').values(ids.map(({ id }, i) => ({ team: teams[i]!, change_id: id, queue: 'awaiting', queue_rank: 4, requested_at: AT }))).execute();
    const asked = teams.slice(0, 55); // more than a few: read from every queue, then kept to those asked for
    const { first, counts } = await teamQueues(store.db, store.flavor, asked, 25);
    expect(first.map((c) => `${c.team}:${c.title}`).sort()).toEqual(asked.map((t) => `${t}:${t}`));
    expect(counts.length).toBe(55);
  });
});
