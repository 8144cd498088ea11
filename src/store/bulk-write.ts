import { CompiledQuery, PostgresAdapter, sql, type RawBuilder } from 'kysely';
import { storableText } from '../domain/stored-text.js';
import type { Db } from './changes.js';

/** A column's SQL type, which Postgres needs to read rows sent as one JSON parameter. */
export type BulkColumnType = 'text' | 'integer';

export type BulkColumns = Readonly<Record<string, BulkColumnType>>;

export function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * Many rows as a relation `alias(columns…)`, for Postgres: the rows travel as one JSON
 * parameter, read back by `json_to_recordset` with each column's type. A multi-row VALUES
 * sends one parameter per cell (a sweep's 1,000 outbox rows were 9,000 to encode and
 * bind), and an array parameter is escaped by the driver element by element in
 * JavaScript (9 ms of a sweep), where `JSON.stringify` is one native call (issue 12).
 */
function recordsetRows(alias: string, columns: BulkColumns, rows: readonly Readonly<Record<string, unknown>>[]): RawBuilder<unknown> {
  const names = Object.keys(columns);
  const json = JSON.stringify(rows, names);
  const types = names.map((name) => `${quoted(name)} ${columns[name] === 'integer' ? 'integer' : 'text'}`).join(', ');
  return sql`json_to_recordset(${json}::json) as ${sql.raw(quoted(alias))}(${sql.raw(types)})`;
}

/**
 * The row with its text as the databases keep it, the same on both. PostgreSQL refuses
 * NUL in text, and a lone surrogate has no UTF-8: JSON escapes that Postgres refuses, and
 * three U+FFFD on SQLite. Both become one U+FFFD, as in the audit trail. Rows that need
 * nothing (nearly all) are passed as they are.
 */
function storableRow(row: Readonly<Record<string, unknown>>, names: readonly string[]): Readonly<Record<string, unknown>> {
  let copy: Record<string, unknown> | null = null;
  for (const name of names) {
    const value = row[name];
    const stored = typeof value === 'string' ? storableText(value) : value;
    if (stored !== value) (copy ??= { ...row })[name] = stored;
  }
  return copy ?? row;
}

/** Cells per statement on SQLite, well inside its limit of bound parameters (32,766). */
const SQLITE_CELLS = 10_000;

/**
 * `(?, ?), (?, ?)…` for `rows` rows of `columns` cells (SQLite). A sweep's statements
 * repeat the same few shapes, so each text is built once, and SQLite's kept statements
 * (sqlite-statements.ts) are found by it.
 */
const placeholderTexts = new Map<string, string>();
function placeholders(rows: number, columns: number): string {
  const key = `${rows}:${columns}`;
  let text = placeholderTexts.get(key);
  if (text === undefined) {
    const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
    text = Array.from({ length: rows }, () => row).join(', ');
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
 * On Postgres the rows travel as one JSON parameter, on SQLite as a VALUES list.
 * With `skipConflictsOn`, a row whose value in that unique column exists is skipped.
 */
export async function insertRows(db: Db, table: string, columns: BulkColumns, given: readonly Readonly<Record<string, unknown>>[], options: { skipConflictsOn?: string } = {}): Promise<void> {
  if (given.length === 0) return;
  const names = Object.keys(columns);
  const rows = given.map((row) => storableRow(row, names));
  const head = `insert into ${quoted(table)} (${names.map(quoted).join(', ')})`;
  const tail = options.skipConflictsOn ? ` on conflict (${quoted(options.skipConflictsOn)}) do nothing` : '';
  if (isPostgres(db)) {
    await sql`${sql.raw(head)} select * from ${recordsetRows('rows', columns, rows)}${sql.raw(tail)}`.execute(db);
    return;
  }
  await inBatches(rows, names, (count, parameters) =>
    db.executeQuery(CompiledQuery.raw(`${head} values ${placeholders(count, names.length)}${tail}`, parameters)));
}

/**
 * Set `columns` of many rows of `table`, each its own values, matched on the integer
 * column `key` (every row with that key), in one statement per batch that joins the
 * table to the new values: one JSON parameter on Postgres, a VALUES list on SQLite.
 */
export async function updateRows(db: Db, table: string, columns: BulkColumns, given: readonly Readonly<Record<string, unknown>>[], key = 'id'): Promise<void> {
  if (given.length === 0) return;
  const names = Object.keys(columns);
  const rows = given.map((row) => storableRow(row, names));
  const set = names.map((n) => `${quoted(n)} = v.${quoted(n)}`).join(', ');
  const match = `${quoted(table)}.${quoted(key)} = v.${quoted(key)}`;
  if (isPostgres(db)) {
    await sql`update ${sql.raw(quoted(table))} set ${sql.raw(set)} from ${recordsetRows('v', { [key]: 'integer', ...columns }, rows)} where ${sql.raw(match)}`.execute(db);
    return;
  }
  const all = [key, ...names];
  await inBatches(rows, all, (count, parameters) => db.executeQuery(CompiledQuery.raw(
    `with v(${all.map(quoted).join(', ')}) as (values ${placeholders(count, all.length)}) update ${quoted(table)} set ${set} from v where ${match}`,
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
