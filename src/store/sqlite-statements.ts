import type SQLite from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

/**
 * Kysely's SQLite driver prepares a new statement for every query, and parsing the SQL
 * is a large share of a short query's cost (issue 12: a thousand escalation steps spent
 * about a sixth of their time in prepare). Most queries repeat the same text with new
 * parameters, so prepared statements are kept per SQL text, the least recently used
 * dropped first. Very long texts (a multi-row insert) are rarely repeated and are not
 * kept; a statement still being iterated is never handed out twice. SQLite re-prepares a
 * kept statement by itself after a migration changes the schema.
 */
export function reusingStatements(database: SQLite.Database, limit = 256, longest = 16_384): SqliteDatabase {
  const kept = new Map<string, SQLite.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string): SqliteStatement {
      const hit = kept.get(sql);
      if (hit !== undefined && !hit.busy) {
        kept.delete(sql); // re-inserted below: Map order is the recency order
        kept.set(sql, hit);
        return hit;
      }
      const statement = database.prepare(sql);
      if (sql.length <= longest && hit === undefined) {
        if (kept.size >= limit) kept.delete(kept.keys().next().value!);
        kept.set(sql, statement);
      }
      return statement;
    },
  };
}
