import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { Change } from '../domain/change.js';
import { toChange, type Db } from './changes.js';
import type { Database } from './schema.js';

/** A page of the open queue, oldest request first, with how many matched in all. */
export interface QueuePage {
  changes: Change[];
  total: number;
}

export interface PendingFilter {
  /** Only changes owned by this team. */
  team?: string;
  /** Only changes in this repository (case-insensitive, as GitHub names are). */
  repo?: string;
  /** Only what this viewer may see: changes of their teams and their own; undefined: everything. */
  viewer?: { login: string; teams: readonly string[] };
}

type Where = ExpressionBuilder<Database, 'changes'>;
/** A query over `changes` that has selected nothing yet. */
type QueueQuery = SelectQueryBuilder<Database, 'changes', object>;

const ownedBy = (eb: Where, teams: readonly string[]) =>
  eb('changes.id', 'in', eb.selectFrom('change_teams').select('change_teams.change_id').where('change_teams.team', 'in', teams));

/**
 * Open requests (awaiting or changes requested) matching `filter`: counted and paged in
 * SQL, so a queue of 100,000 changes is never loaded to answer one command (issue 12).
 */
export async function pendingPage(db: Db, filter: PendingFilter, limit: number): Promise<QueuePage> {
  const query = db.selectFrom('changes')
    .where('status', 'in', ['awaiting', 'changes_requested']).where('ai_assisted', '=', 1)
    .$if(filter.team !== undefined, (q) => q.where((eb) => ownedBy(eb, [filter.team!])))
    .$if(filter.repo !== undefined, (q) => q.where(sql<string>`lower(repo)`, '=', filter.repo!.toLowerCase()))
    .$if(filter.viewer !== undefined, (q) => q.where((eb) => {
      const { login, teams } = filter.viewer!;
      const own = eb(sql<string>`lower(author)`, '=', login.toLowerCase());
      return teams.length > 0 ? eb.or([ownedBy(eb, teams), own]) : own;
    }));
  return page(query, limit);
}

/**
 * Changes waiting for `login`'s sign-off: awaiting, not a draft, owned by a team where
 * they are a senior (`seniorOf`), not written by them (author or any commit), and no
 * decision of theirs at the current head (DESIGN "Who may sign off").
 */
export async function awaitingSignoffPage(db: Db, login: string, seniorOf: readonly string[], limit: number): Promise<QueuePage> {
  if (seniorOf.length === 0) return { changes: [], total: 0 };
  const me = login.toLowerCase();
  const query = db.selectFrom('changes')
    .where('status', '=', 'awaiting').where('ai_assisted', '=', 1).where('draft', '=', 0)
    .where((eb) => ownedBy(eb, seniorOf))
    .where(sql<string>`lower(author)`, '<>', me)
    // `committers` is a JSON array of logins; a login cannot contain a quote, `%` or `_`.
    .where(sql<string>`lower(committers)`, 'not like', `%${JSON.stringify(me)}%`)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('signoffs').select(sql`1`.as('one'))
      .whereRef('signoffs.change_id', '=', 'changes.id').whereRef('signoffs.head_sha', '=', 'changes.head_sha')
      .where(sql<string>`lower(signoffs.reviewer)`, '=', me))));
  return page(query, limit);
}

async function page(query: QueueQuery, limit: number): Promise<QueuePage> {
  const { total } = await query.select(sql<number>`cast(count(*) as integer)`.as('total')).executeTakeFirstOrThrow();
  if (total === 0 || limit <= 0) return { changes: [], total };
  // Never-requested changes (drafts) come last, the same on both databases (SQLite sorts
  // nulls first, Postgres last); each half is read in index order.
  const rows = await query.selectAll('changes').where('requested_at', 'is not', null).orderBy('requested_at').orderBy('id').limit(limit).execute();
  if (rows.length < limit) rows.push(...await query.selectAll('changes').where('requested_at', 'is', null).orderBy('id').limit(limit - rows.length).execute());
  return { changes: rows.map(toChange), total };
}
