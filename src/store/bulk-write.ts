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
  const arrays = names.map((name) => sql`${rows.map((row) => row[name] ?? null)}::${sql.raw(columns[name] === 'integer' ? 'integer' : 'text')}[]`);
  return sql`unnest(${sql.join(arrays)}) as ${sql.raw(quoted(alias))}(${sql.raw(names.map(quoted).join(', '))})`;
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

/** Table and column names are the code's own constants; anything else is a programming error, never spliced in. */
const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
function quoted(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not a table or column name: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/**
 * Insert `rows` into `table` in as few statements as the database allows, as plain
 * compiled SQL (kysely's builder spent more on thousands of cells than the insert took).
 * On Postgres the columns travel as arrays unless `arrays` is false: an array literal
 * escapes every quote in its text, so large payloads go better as plain parameters.
 * With `skipConflictsOn`, a row whose value in that unique column exists is skipped.
 */
export async function insertRows(db: Db, table: string, columns: BulkColumns, rows: readonly Readonly<Record<string, unknown>>[], options: { skipConflictsOn?: string; arrays?: boolean } = {}): Promise<void> {
  if (rows.length === 0) return;
  const postgres = isPostgres(db);
  const names = Object.keys(columns);
  const head = `insert into ${quoted(table)} (${names.map(quoted).join(', ')})`;
  const tail = options.skipConflictsOn ? ` on conflict (${quoted(options.skipConflictsOn)}) do nothing` : '';
  if (postgres && options.arrays !== false) {
    await sql`${sql.raw(head)} select * from ${unnestRows('rows', columns, rows)}${sql.raw(tail)}`.execute(db);
    return;
  }
  await inBatches(rows, names, (count, parameters) =>
    db.executeQuery(CompiledQuery.raw(`${head} values ${placeholders(postgres, count, names.length)}${tail}`, parameters)));
}

/**
 * Set `columns` of many rows of `table`, each its own values, matched on the integer
 * column `key` (every row with that key), in one statement per batch that joins the
 * table to the new values: arrays on Postgres, a VALUES list on SQLite (no arrays there).
 */
export async function updateRows(db: Db, table: string, columns: BulkColumns, rows: readonly Readonly<Record<string, unknown>>[], key = 'id'): Promise<void> {
  if (rows.length === 0) return;
  const names = Object.keys(columns);
  const set = names.map((n) => `${quoted(n)} = v.${quoted(n)}`).join(', ');
  const match = `${quoted(table)}.${quoted(key)} = v.${quoted(key)}`;
  if (isPostgres(db)) {
    await sql`update ${sql.raw(quoted(table))} set ${sql.raw(set)} from ${unnestRows('v', { [key]: 'integer', ...columns }, rows)} where ${sql.raw(match)}`.execute(db);
    return;
  }
  const all = [key, ...names];
  await inBatches(rows, all, (count, parameters) => db.executeQuery(CompiledQuery.raw(
    `with v(${all.map(quoted).join(', ')}) as (values ${placeholders(false, count, all.length)}) update ${quoted(table)} set ${set} from v where ${match}`,
    parameters,
  )));
}

/** Run one statement per batch of `rows`, each batch's cells (in `names` order, missing ones null) under SQLITE_CELLS. */
async function inBatches(rows: readonly Readonly<Record<string, unknown>>[], names: readonly string[], run: (count: number, parameters: unknown[]) => Promise<unknown>): Promise<void> {
  const per = Math.max(1, Math.floor(SQLITE_CELLS / names.length));
  for (let i = 0; i < rows.length; i += per) {
    const batch = rows.slice(i, i + per);
    await run(batch.length, batch.flatMap((row) => names.map((name) => row[name] ?? null)));
  }
}
