import type { Db } from './changes.js';

/**
 * Mark a decision form used; false when it already was (a replay, a second submission).
 * The primary key makes this once-only across replicas: a concurrent second insert waits
 * for the first transaction and then finds its row.
 */
export async function useForm(db: Db, form: { key: string; changeId: number; actor: string; outcome: string }, now: string): Promise<boolean> {
  const inserted = await db.insertInto('used_forms').values({ form_key: form.key, change_id: form.changeId, actor: form.actor, outcome: form.outcome, used_at: now })
    .onConflict((oc) => oc.column('form_key').doNothing()).returning('form_key').executeTakeFirst();
  return inserted !== undefined;
}

/** Record what the form's one submission came to (recorded, refused, stale, unchanged). */
export async function settleForm(db: Db, key: string, outcome: string): Promise<void> {
  await db.updateTable('used_forms').set({ outcome }).where('form_key', '=', key).execute();
}
