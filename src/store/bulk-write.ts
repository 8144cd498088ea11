import { PostgresAdapter, sql, type RawBuilder } from 'kysely';
import type { Db } from './changes.js';

/** A column's SQL type, which Postgres needs to read a whole column sent as one array. */
export type BulkColumnType = 'text' | 'integer';

export function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Many rows as a relation `alias(columns…)`, for Postgres: each column travels as one
 * array parameter, unnested on the server. A batched multi-row VALUES sends one parameter
 * per cell: a sweep's 250 outbox rows were 2,250 parameters for the client to encode and
 * the server to bind, each time (issue 12).
 */
export function unnestRows(alias: string, columns: Readonly<Record<string, BulkColumnType>>, rows: readonly Readonly<Record<string, unknown>>[]): RawBuilder<unknown> {
  const names = Object.keys(columns);
  const arrays = names.map((name) => sql`${rows.map((row) => row[name] ?? null)}::${sql.raw(columns[name]!)}[]`);
  return sql`unnest(${sql.join(arrays)}) as ${sql.id(alias)}(${sql.join(names.map((name) => sql.id(name)))})`;
}

/** `insert into table (columns…) select * from unnest(…)` on Postgres, with an optional `on conflict` tail. */
export async function insertUnnested(db: Db, table: string, columns: Readonly<Record<string, BulkColumnType>>, rows: readonly Readonly<Record<string, unknown>>[], tail = sql``): Promise<void> {
  if (rows.length === 0) return;
  const names = sql.join(Object.keys(columns).map((name) => sql.id(name)));
  await sql`insert into ${sql.table(table)} (${names}) select * from ${unnestRows('rows', columns, rows)} ${tail}`.execute(db);
}
