import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { Change } from '../domain/change.js';
import { toChange, type Db } from './changes.js';
import type { ChangeRow, Database } from './schema.js';

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
  /** Leave out what waits for this senior's sign-off (`awaitingSignoffPage`): App Home lists those apart. */
  notAwaiting?: { login: string; seniorOf: readonly string[] };
}

/** A query over `changes` (alone or joined to its team rows) that has selected nothing yet. */
type QueueQuery = SelectQueryBuilder<Database, 'changes' | 'change_teams', object> | SelectQueryBuilder<Database, 'changes', object>;
type OnChanges = ExpressionBuilder<Database, 'changes'>;

const OPEN = ['awaiting', 'changes_requested'] as const;

/**
 * Changes owned by any of `teams`, read from the team rows outwards. CROSS JOIN fixes the
 * join order on SQLite, which otherwise walks its status index through every open
 * change (100,000 of them) to find a team's hundred; Postgres plans it from statistics.
 */
function ownedBy(db: Db, teams: readonly string[]) {
  return db.selectFrom('change_teams').crossJoin('changes')
    .whereRef('changes.id', '=', 'change_teams.change_id').where('change_teams.team', 'in', teams);
}

const notOwnedBy = (eb: OnChanges, teams: readonly string[]) =>
  eb('changes.id', 'not in', eb.selectFrom('change_teams').select('change_teams.change_id').where('change_teams.team', 'in', teams));

/**
 * Open requests (awaiting or changes requested) matching `filter`: counted and paged in
 * SQL, so a queue of 100,000 changes is never loaded to answer one command (issue 12).
 * A viewer sees their teams' changes and their own: two disjoint queries, merged.
 */
export async function pendingPage(db: Db, filter: PendingFilter, limit: number): Promise<QueuePage> {
  const open = <Q extends QueueQuery>(q: Q): Q => (q as SelectQueryBuilder<Database, 'changes', object>)
    .where('changes.status', 'in', OPEN).where('changes.ai_assisted', '=', 1)
    .$if(filter.repo !== undefined, (w) => w.where(sql<string>`lower(changes.repo)`, '=', filter.repo!.toLowerCase()))
    .$if(filter.notAwaiting !== undefined && filter.notAwaiting.seniorOf.length > 0, (w) => w.where('changes.id', 'not in',
      awaitingSignoff(db, filter.notAwaiting!.login, filter.notAwaiting!.seniorOf).select('changes.id'))) as Q;
  const { viewer, team } = filter;
  const mine = <Q extends QueueQuery>(q: Q): Q => (q as SelectQueryBuilder<Database, 'changes', object>).where(sql<string>`lower(changes.author)`, '=', viewer!.login.toLowerCase()) as Q;
  // Each part with how many teams' rows it joins (a change may be in more than one).
  const parts: { query: QueueQuery; teams: number }[] = [];
  if (team !== undefined) {
    const owned = open(ownedBy(db, [team]));
    // Outside their own teams, a viewer sees only the changes they wrote.
    parts.push({ query: !viewer || viewer.teams.includes(team) ? owned : mine(owned), teams: 1 });
  } else if (!viewer) {
    parts.push({ query: open(db.selectFrom('changes')), teams: 0 });
  } else {
    const { teams } = viewer;
    if (teams.length > 0) parts.push({ query: open(ownedBy(db, teams)), teams: teams.length });
    parts.push({ query: teams.length > 0 ? mine(open(db.selectFrom('changes'))).where((eb) => notOwnedBy(eb, teams)) : mine(open(db.selectFrom('changes'))), teams: 0 });
  }
  return merged(await Promise.all(parts.map(({ query, teams }) => page(query, limit, teams > 1))), limit);
}

/**
 * Changes waiting for `login`'s sign-off: awaiting, not a draft, owned by a team where
 * they are a senior (`seniorOf`), not written by them (author or any commit), and no
 * decision of theirs at the current head (DESIGN "Who may sign off").
 */
export async function awaitingSignoffPage(db: Db, login: string, seniorOf: readonly string[], limit: number): Promise<QueuePage> {
  if (seniorOf.length === 0) return { changes: [], total: 0 };
  return page(awaitingSignoff(db, login, seniorOf), limit, seniorOf.length > 1);
}

function awaitingSignoff(db: Db, login: string, seniorOf: readonly string[]) {
  const me = login.toLowerCase();
  return ownedBy(db, seniorOf)
    .where('changes.status', '=', 'awaiting').where('changes.ai_assisted', '=', 1).where('changes.draft', '=', 0)
    .where(sql<string>`lower(changes.author)`, '<>', me)
    // `committers` is a JSON array of logins; a login cannot contain a quote, `%` or `_`.
    .where(sql<string>`lower(changes.committers)`, 'not like', `%${JSON.stringify(me)}%`)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('signoffs').select(sql`1`.as('one'))
      .whereRef('signoffs.change_id', '=', 'changes.id').whereRef('signoffs.head_sha', '=', 'changes.head_sha')
      .where(sql<string>`lower(signoffs.reviewer)`, '=', me))));
}

/**
 * Count and the first `limit` rows of one query. With `distinct` (joined to the rows of
 * several teams) a change owned by two of them counts once; without, nothing is grouped,
 * so SQLite walks an index in order instead of sorting every open change (issue 12).
 */
async function page(query: QueueQuery, limit: number, distinct = false): Promise<QueuePage> {
  const q = query as SelectQueryBuilder<Database, 'changes', object>;
  const { total } = await q.select(distinct ? sql<number>`cast(count(distinct changes.id) as integer)`.as('total') : sql<number>`cast(count(*) as integer)`.as('total')).executeTakeFirstOrThrow();
  if (total === 0 || limit <= 0) return { changes: [], total };
  const rows = (q: SelectQueryBuilder<Database, 'changes', object>) => (distinct ? q.selectAll('changes').groupBy('changes.id') : q.selectAll('changes'));
  // Never-requested changes (drafts) come last, the same on both databases (SQLite sorts
  // nulls first, Postgres last).
  const found: ChangeRow[] = await rows(q.where('changes.requested_at', 'is not', null)).orderBy('changes.requested_at').orderBy('changes.id').limit(limit).execute();
  if (found.length < limit) found.push(...await rows(q.where('changes.requested_at', 'is', null)).orderBy('changes.id').limit(limit - found.length).execute());
  return { changes: found.map(toChange), total };
}

/** Disjoint pages merged: the oldest `limit` of all, and the sum of the counts. */
function merged(pages: QueuePage[], limit: number): QueuePage {
  if (pages.length === 1) return pages[0]!;
  const order = (c: Change) => [c.requested_at === null ? 1 : 0, c.requested_at ?? '', c.id] as const;
  const all = pages.flatMap((p) => p.changes).sort((a, b) => {
    const [x, y] = [order(a), order(b)];
    return x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0) || x[2] - y[2];
  });
  return { changes: all.slice(0, limit), total: pages.reduce((n, p) => n + p.total, 0) };
}
