import { sql } from 'kysely';
import type { Db } from './changes.js';
import type { ChangeIncidentsTable } from './schema.js';
import type { Insertable } from 'kysely';

/** Link a revert or an incident to a change once: false when that link already exists. */
export async function insertIncident(db: Db, row: Insertable<ChangeIncidentsTable>): Promise<boolean> {
  const inserted = await db.insertInto('change_incidents').values(row)
    .onConflict((oc) => oc.columns(['change_id', 'kind', 'reference']).doNothing()).returning('id').executeTakeFirst();
  return inserted !== undefined;
}

/** Links made since `since` (ISO), oldest first. */
export async function incidentsSince(db: Db, since: string) {
  return db.selectFrom('change_incidents').selectAll().where('at', '>=', since).orderBy('at').orderBy('id').execute();
}

/**
 * Tracked changes of `repo` a revert names by commit: a full or abbreviated SHA of their
 * merge commit or their head. `sha` is hex only (checked by the revert rule), so the
 * LIKE pattern cannot carry a wildcard.
 */
export async function changesByCommit(db: Db, repo: string, sha: string): Promise<number[]> {
  if (!/^[0-9a-f]{7,40}$/.test(sha)) return [];
  const rows = await db.selectFrom('changes').select('id').where(sql<string>`lower(repo)`, '=', repo.toLowerCase())
    .where((eb) => eb.or([eb(sql<string>`lower(merge_commit_sha)`, 'like', `${sha}%`), eb(sql<string>`lower(head_sha)`, 'like', `${sha}%`)]))
    .execute();
  return rows.map((r) => r.id);
}
