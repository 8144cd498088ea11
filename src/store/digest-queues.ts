import { sql } from 'kysely';
import { RISK_ORDER } from '../domain/digest.js';
import type { Db } from './changes.js';
import type { Flavor } from './flavor.js';

const OPEN = ['awaiting', 'changes_requested'] as const;

/** What a digest shows of an open change, and which team's list it is on. */
export interface QueuedChange {
  team: string;
  id: number;
  repo: string;
  number: number;
  title: string;
  url: string;
  author: string;
  risk_tier: string;
  additions: number;
  deletions: number;
  requested_at: string | null;
  status: string;
  head_sha: string;
  assignee: string | null;
}

/** Each team's open queues (awaiting, changes requested): the first few in digest order and how many in all. */
export interface TeamQueues {
  first: QueuedChange[];
  counts: { team: string; status: string; n: number }[];
}

// The digest's order in SQL: high risk first, then the oldest request, never-requested
// last, then by id (domain/digest.ts byRiskThenAge). Literals, so both databases sort numbers.
const riskRank = sql`case changes.risk_tier ${sql.join(Object.entries(RISK_ORDER).map(([tier, rank]) => sql`when ${sql.lit(tier)} then ${sql.lit(rank)}`), sql` `)} else ${sql.lit(Object.keys(RISK_ORDER).length)} end`;

/** Up to this many teams are read from their team rows outwards; more, from the open changes. */
const FEW_TEAMS = 50;

/**
 * The open AI-assisted changes of `teams`, set-based: counted per team and status in
 * SQL, and only the first `limit` of each list read in full (a window ranks narrow
 * rows, then the few it keeps are joined back). Digests at 100,000 open changes read a
 * few thousand whole rows instead of every change (issue 12).
 */
export async function teamQueues(db: Db, flavor: Flavor, teams: readonly string[], limit: number): Promise<TeamQueues> {
  if (teams.length === 0) return { first: [], counts: [] };
  // Postgres ranks 100,000 rows in a sort that spills to disk at the default 4 MB of
  // work memory; give this one transaction enough to sort them in memory.
  if (flavor === 'postgres') {
    return db.transaction().execute(async (trx) => {
      await sql`set local work_mem = '64MB'`.execute(trx);
      return ranked(trx, teams, limit);
    });
  }
  return ranked(db, teams, limit);
}

async function ranked(db: Db, teams: readonly string[], limit: number): Promise<TeamQueues> {
  // CROSS JOIN fixes SQLite's join order (Postgres plans from statistics): for a few
  // teams, from their team rows; for many, one pass over the open changes, as probing
  // every change for each of a thousand team names took a minute.
  const few = teams.length <= FEW_TEAMS;
  const open = (few
    ? db.selectFrom('change_teams').crossJoin('changes').where('change_teams.team', 'in', teams)
    : db.selectFrom('changes').crossJoin('change_teams'))
    .whereRef('change_teams.change_id', '=', 'changes.id').where('changes.status', 'in', OPEN).where('changes.ai_assisted', '=', 1);
  // One pass ranks and counts each list (the count rides on every row it keeps).
  const list = sql`partition by change_teams.team, changes.status`;
  const ranked = open.select(['change_teams.team', 'changes.id as change_id',
    sql<number>`row_number() over (${list} order by ${riskRank}, changes.requested_at is null, changes.requested_at, changes.id)`.as('place'),
    sql<number>`count(*) over (${list})`.as('listed')]);
  const rows = await db.selectFrom(ranked.as('ranked')).crossJoin('changes').whereRef('changes.id', '=', 'ranked.change_id').where('ranked.place', '<=', limit)
    .select(['ranked.team', 'ranked.listed', 'changes.id', 'changes.repo', 'changes.number', 'changes.title', 'changes.url', 'changes.author', 'changes.risk_tier',
      'changes.additions', 'changes.deletions', 'changes.requested_at', 'changes.status', 'changes.head_sha', 'changes.assignee'])
    .execute(); // in no order: each digest orders its own lists
  const wanted = new Set(teams);
  const first: QueuedChange[] = [];
  const counts = new Map<string, { team: string; status: string; n: number }>();
  for (const { listed, ...row } of rows) {
    if (!wanted.has(row.team)) continue;
    first.push(row);
    counts.set(`${row.team}\n${row.status}`, { team: row.team, status: row.status, n: Number(listed) });
  }
  return { first, counts: [...counts.values()] };
}
