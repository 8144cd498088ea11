import { CompiledQuery, PostgresAdapter, sql, type RawBuilder } from 'kysely';
import type { Db } from './changes.js';

/** A column's SQL type, which Postgres needs to read a whole column sent as one array. */
export type BulkColumnType = 'text' | 'integer';

export type BulkColumns = Readonly<Record<string, BulkColumnType>>;

export function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Many rows as a relation `alias(columns…)`, for Postgres: each column travels as one
 * array parameter, unnested on the server. A batched multi-row VALUES sends one parameter
 * per cell: a sweep's 250 outbox rows were 2,250 parameters for the client to encode and
 * the server to bind, each time (issue 12).
 */
export function unnestRows(alias: string, columns: BulkColumns, rows: readonly Readonly<Record<string, unknown>>[]): RawBuilder<unknown> {
  const names = Object.keys(columns);
  const arrays = names.map((name) => sql`${rows.map((row) => row[name] ?? null)}::${sql.raw(columns[name]!)}[]`);
  return sql`unnest(${sql.join(arrays)}) as ${sql.id(alias)}(${sql.join(names.map((name) => sql.id(name)))})`;
}

/** Cells per statement on SQLite, well inside its limit of bound parameters (32,766). */
const SQLITE_CELLS = 10_000;

/**
 * `(?, ?), (?, ?)…` (SQLite) or `($1, $2), ($3, $4)…` (Postgres) for `rows` rows of
 * `columns` cells. A sweep's statements repeat the same few shapes, so each text is
 * built once, and SQLite's kept statements (sqlite-statements.ts) are found by it.
 */
const placeholderTexts = new Map<string, string>();
function placeholders(postgres: boolean, rows: number, columns: number): string {
  const key = `${postgres ? 'pg' : 'sqlite'}:${rows}:${columns}`;
  let text = placeholderTexts.get(key);
  if (text === undefined) {
    let n = 0;
    const row = () => `(${Array.from({ length: columns }, () => (postgres ? `$${++n}` : '?')).join(', ')})`;
    text = Array.from({ length: rows }, row).join(', ');
    if (placeholderTexts.size > 256) placeholderTexts.clear();
    placeholderTexts.set(key, text);
  }
  return text;
}

const quoted = (name: string) => `"${name}"`;

/**
 * Insert `rows` into `table` in as few statements as the database allows, as plain
 * compiled SQL (kysely's builder spent more on thousands of cells than the insert took).
 * On Postgres the columns travel as arrays unless `arrays` is false: an array literal
 * escapes every quote in its text, so large payloads go better as plain parameters.
 * `tail` is appended as written (an `on conflict` clause): callers pass constants only.
 */
export async function insertRows(db: Db, table: string, columns: BulkColumns, rows: readonly Readonly<Record<string, unknown>>[], options: { tail?: string; arrays?: boolean } = {}): Promise<void> {
  if (rows.length === 0) return;
  const postgres = isPostgres(db);
  const names = Object.keys(columns);
  const head = `insert into ${quoted(table)} (${names.map(quoted).join(', ')})`;
  const tail = options.tail ? ` ${options.tail}` : '';
  if (postgres && options.arrays !== false) {
    await sql`${sql.raw(head)} select * from ${unnestRows('rows', columns, rows)}${sql.raw(tail)}`.execute(db);
    return;
  }
  const per = Math.max(1, Math.floor(SQLITE_CELLS / names.length));
  for (let i = 0; i < rows.length; i += per) {
    const batch = rows.slice(i, i + per);
    const parameters = batch.flatMap((row) => names.map((name) => row[name] ?? null));
    await db.executeQuery(CompiledQuery.raw(`${head} values ${placeholders(postgres, batch.length, names.length)}${tail}`, parameters));
  }
}

/**
 * Set `columns` of many rows of `table`, each row its own values, keyed by `id`, in one
 * statement per batch that joins the table to the new values: arrays on Postgres, a
 * VALUES list on SQLite (which has no arrays).
 */
export async function updateRows(db: Db, table: string, columns: BulkColumns, rows: readonly Readonly<Record<string, unknown>>[]): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(columns);
  const set = names.map((n) => `${quoted(n)} = v.${quoted(n)}`).join(', ');
  if (isPostgres(db)) {
    await sql`update ${sql.table(table)} set ${sql.raw(set)} from ${unnestRows('v', { id: 'integer', ...columns }, rows)} where ${sql.table(table)}.id = v.id`.execute(db);
    return;
  }
  const all = ['id', ...names];
  const per = Math.max(1, Math.floor(SQLITE_CELLS / all.length));
  for (let i = 0; i < rows.length; i += per) {
    const batch = rows.slice(i, i + per);
    const parameters = batch.flatMap((row) => all.map((name) => row[name] ?? null));
    await db.executeQuery(CompiledQuery.raw(
      `with v(${all.map(quoted).join(', ')}) as (values ${placeholders(false, batch.length, all.length)}) update ${quoted(table)} set ${set} from v where ${quoted(table)}.id = v.id`,
      parameters,
    ));
  }
}
