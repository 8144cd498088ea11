import { beforeEach, describe, expect, it } from 'vitest';
import type { Change } from '../../src/domain/change.js';
import type { ChangeStatus } from '../../src/domain/signoff-state.js';
import { findChangeById, updateChange } from '../../src/store/changes.js';
import type { Store } from '../../src/store/db.js';
import { dueEscalations, escalationOf, saveEscalation } from '../../src/store/escalations.js';
import { migrateTo, migrateToLatest } from '../../src/store/migrate.js';
import { STORE_DATABASES, useFreshStore } from '../support/store-databases.js';

const AT = '2026-11-20T09:00:00.000Z';
const DUE = '2026-11-20T10:00:00.000Z';
const LATER = '2026-11-20T12:00:00.000Z';

/** A change row as the webhook path stores it; `old` adds the escalation columns an older version kept on it. */
function changeRow(number: number, status: ChangeStatus, old: Record<string, unknown> = {}) {
  return {
    repo: 'acme/api', number, installation_id: null, url: 'u', title: `t${number}`, author: 'a', head_sha: 'h', head_ref: 'r', base_ref: 'main', draft: 0,
    additions: 1, deletions: 0, changed_files: 1, ai_assisted: 1, signals: '[]', commits_read: 0, owning_teams: '["payments"]', ownership: '{}',
    risk_tier: 'low', risk_reasons: '[]', required_signoffs: 1, committers: '[]', status, requested_at: AT, opened_at: AT, updated_at: AT, revision: 1,
    ladder: null, assignee: null, escalation_step: 0, next_escalation_at: null, claimed_by: null, claimed_until: null, snoozed_until: null, ...old,
  };
}

describe.each(STORE_DATABASES)('the escalation schedule on %s', (_, fresh) => {
  const current = useFreshStore(fresh);
  let store: Store;
  beforeEach(() => { store = current(); });

  /** What a sweep at `now` would take up, by id (changes due at the same time come in no particular order). */
  const due = async (now = LATER) => (await dueEscalations(store.db, now, 100)).sort((a, b) => a - b);

  it('is carried over for changes tracked before the upgrade: only the waiting ones come due', async () => {
    await migrateTo(store.db, store.flavor, '0014_queue_order');
    const old = (step: number, next: string | null, extra: Record<string, unknown> = {}) => ({ ladder: '{}', escalation_step: step, next_escalation_at: next, ...extra });
    const ids = (await store.db.insertInto('changes').values([
      changeRow(1, 'awaiting', old(2, DUE, { assignee: 'bob', claimed_by: 'carol', claimed_until: LATER })),
      changeRow(2, 'signed_off', old(1, DUE)),
      changeRow(3, 'awaiting', old(0, null, { snoozed_until: LATER })),
      changeRow(4, 'awaiting'), // never requested: nothing to carry
    ] as never).returning('id').execute()).map((r) => r.id);
    await migrateToLatest(store.db, store.flavor);

    expect(await due()).toEqual([ids[0]]);
    expect(await escalationOf(store.db, ids[0]!)).toEqual({ changeId: ids[0], fired: 2, nextDueAt: DUE, assignee: 'bob', claimedBy: 'carol', claimedUntil: LATER, snoozedUntil: null, ladder: '{}' });
    expect(await escalationOf(store.db, ids[2]!)).toMatchObject({ fired: 0, nextDueAt: null, snoozedUntil: LATER });
    expect(await escalationOf(store.db, ids[3]!)).toMatchObject({ fired: 0, nextDueAt: null, claimedBy: null, ladder: null });
    expect(await store.db.selectFrom('escalations').select('change_id').orderBy('change_id').execute()).toEqual(ids.slice(0, 3).map((change_id) => ({ change_id })));
  });

  describe('after the upgrade', () => {
    beforeEach(async () => { await migrateToLatest(store.db, store.flavor); });

    async function requested(number: number): Promise<Change> {
      const { id } = await store.db.insertInto('changes').values(changeRow(number, 'awaiting')).returning('id').executeTakeFirstOrThrow();
      await saveEscalation(store.db, id, { ladder: '{}', fired: 0, nextDueAt: DUE, assignee: 'bob' });
      return (await findChangeById(store.db, id))!;
    }

    async function setStatus(change: Change, status: ChangeStatus): Promise<Change> {
      const { id, opened_at: _o, updated_at: _u, ...rest } = change;
      await updateChange(store.db, id, { ...rest, status, revision: change.revision + 1 }, AT, change.revision);
      return (await findChangeById(store.db, id))!;
    }

    it('follows the change in and out of waiting, whoever writes its status, keeping when the next step is due', async () => {
      let change = await requested(1);
      const other = await requested(2);
      expect(await due()).toEqual([change.id, other.id]);
      expect(await due('2026-11-20T09:59:59.999Z')).toEqual([]);

      change = await setStatus(change, 'signed_off');
      expect(await due()).toEqual([other.id]);
      change = await setStatus(change, 'changes_requested');
      expect(await due()).toEqual([other.id]);
      change = await setStatus(change, 'awaiting'); // a revoke: the ladder goes on from where it was
      expect(await due()).toEqual([change.id, other.id]);
      // A status written by anything else than this version's change writes (an older replica, an operator).
      await store.db.updateTable('changes').set({ status: 'closed' }).where('id', '=', other.id).execute();
      expect(await due()).toEqual([change.id]);
      expect(await escalationOf(store.db, other.id)).toMatchObject({ fired: 0, nextDueAt: DUE });
    });

    it('starts a schedule on the first write, waiting or not as the change is', async () => {
      const { id } = await store.db.insertInto('changes').values(changeRow(1, 'changes_requested')).returning('id').executeTakeFirstOrThrow();
      await saveEscalation(store.db, id, { claimedBy: 'carol', claimedUntil: LATER, nextDueAt: DUE });
      expect(await due()).toEqual([]);
      await store.db.updateTable('changes').set({ status: 'awaiting' }).where('id', '=', id).execute();
      expect(await due()).toEqual([id]);
      await saveEscalation(store.db, id, { claimedBy: null });
      expect(await escalationOf(store.db, id)).toMatchObject({ fired: 0, nextDueAt: DUE, claimedBy: null, claimedUntil: LATER });
    });

    it('takes over each old column an older version writes, even a value the old column already held', async () => {
      // Carol claimed before the upgrade: the old columns still say so. This version released the claim since.
      const { id } = await store.db.insertInto('changes').values(changeRow(1, 'awaiting', { ladder: '{}', next_escalation_at: DUE, claimed_by: 'carol', claimed_until: DUE })).returning('id').executeTakeFirstOrThrow();
      await saveEscalation(store.db, id, { fired: 2, nextDueAt: LATER, claimedBy: null, claimedUntil: null });
      // An older replica: carol claims again (it writes the claim and when the ladder resumes, nothing else).
      await store.db.updateTable('changes').set({ claimed_by: 'carol', claimed_until: LATER, next_escalation_at: LATER }).where('id', '=', id).execute();
      expect(await escalationOf(store.db, id)).toMatchObject({ fired: 2, nextDueAt: LATER, claimedBy: 'carol', claimedUntil: LATER });
      // It fires a step: the step and the next due time, the claim untouched.
      await store.db.updateTable('changes').set({ escalation_step: 3, next_escalation_at: '2026-11-21T09:00:00.000Z' }).where('id', '=', id).execute();
      expect(await escalationOf(store.db, id)).toMatchObject({ fired: 3, nextDueAt: '2026-11-21T09:00:00.000Z', claimedBy: 'carol', claimedUntil: LATER });
    });

    it('starts the schedule of a request an older version sent out', async () => {
      const { id } = await store.db.insertInto('changes').values(changeRow(2, 'awaiting')).returning('id').executeTakeFirstOrThrow();
      await store.db.updateTable('changes').set({ ladder: '{}', escalation_step: 0, next_escalation_at: DUE, assignee: 'bob' }).where('id', '=', id).execute();
      expect(await escalationOf(store.db, id)).toEqual({ changeId: id, fired: 0, nextDueAt: DUE, assignee: 'bob', claimedBy: null, claimedUntil: null, snoozedUntil: null, ladder: '{}' });
      expect(await due()).toEqual([id]);
      // And one it sent out for a change waiting on nobody (in draft, say): not swept until it waits.
      const { id: other } = await store.db.insertInto('changes').values(changeRow(3, 'changes_requested')).returning('id').executeTakeFirstOrThrow();
      await store.db.updateTable('changes').set({ next_escalation_at: DUE }).where('id', '=', other).execute();
      expect(await due()).toEqual([id]);
    });
  });
});
