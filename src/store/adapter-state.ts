import { sql } from 'kysely';
import type { Db } from './changes.js';

/** One adapter's value for a key, parsed; null when there is none. */
export async function readAdapterState(db: Db, platform: string, key: string): Promise<unknown> {
  const row = await db.selectFrom('adapter_state').select('value').where('platform', '=', platform).where('key', '=', key).executeTakeFirst();
  return row ? JSON.parse(row.value) : null;
}

/** Set (insert or replace) one adapter's value for a key. */
export async function writeAdapterState(db: Db, platform: string, key: string, value: unknown, now: string): Promise<void> {
  const text = JSON.stringify(value);
  await db.insertInto('adapter_state').values({ platform, key, value: text, updated_at: now })
    .onConflict((oc) => oc.columns(['platform', 'key']).doUpdateSet({ value: text, updated_at: now }))
    .execute();
}

export async function deleteAdapterState(db: Db, platform: string, key: string): Promise<void> {
  await db.deleteFrom('adapter_state').where('platform', '=', platform).where('key', '=', key).execute();
}

/** An adapter's keys starting with `prefix`, in key order, at most `limit` of them. */
export async function listAdapterState(db: Db, platform: string, prefix: string, limit: number): Promise<{ key: string; value: unknown }[]> {
  const rows = await db.selectFrom('adapter_state').select(['key', 'value']).where('platform', '=', platform)
    // substr, not LIKE (case-folding on SQLite) or a range (collation-dependent on Postgres).
    .where(sql<string>`substr(key, 1, ${prefix.length})`, '=', prefix).orderBy('key').limit(limit).execute();
  return rows.map((r) => ({ key: r.key, value: JSON.parse(r.value) }));
}
