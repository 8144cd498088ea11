import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from './changes.js';
import type { Flavor } from './flavor.js';

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

/** Up to this many teams are read by name; more, from every team's queues (then filtered). */
const FEW_TEAMS = 50;

/**
 * The open AI-assisted changes of `teams`, set-based: each queue (team and status)
 * counted and its first `limit` read in digest order, both from the index on
 * `change_teams` in that order (migration 0014), and only those changes read in full.
 * At 100,000 open changes, ranking them all by a window over the join took 300–600 ms
 * (issue 12); this reads a few thousand index entries and rows.
 */
export async function teamQueues(db: Db, flavor: Flavor, teams: readonly string[], limit: number): Promise<TeamQueues> {
  if (teams.length === 0) return { first: [], counts: [] };
  const queues = db.selectFrom('change_teams').select(['team', 'queue', (eb) => eb.fn.countAll<number>().as('listed')])
    .where('queue', 'is not', null).$if(teams.length <= FEW_TEAMS, (q) => q.where('team', 'in', teams)).groupBy(['team', 'queue']);
  // Each queue's first few, in the index's order; the queue's own row says which.
  const firstOf = (eb: ExpressionBuilder<any, any>) => eb.selectFrom('change_teams as x').select('x.change_id')
    .whereRef('x.team', '=', 'q.team').whereRef('x.queue', '=', 'q.queue').where('x.queue', 'is not', null)
    .orderBy('x.queue_rank').orderBy('x.requested_at').orderBy('x.change_id').limit(limit);
  // Listed and counted under the queue its team's row names (the same as its status, kept so by the same write).
  const columns = ['q.team', 'q.listed', 'changes.id', 'changes.repo', 'changes.number', 'changes.title', 'changes.url', 'changes.author', 'changes.risk_tier',
    'changes.additions', 'changes.deletions', 'changes.requested_at', sql<string>`q.queue`.as('status'), 'changes.head_sha', 'changes.assignee'] as const;
  // Postgres joins each queue to its first few laterally; SQLite, which has no LATERAL,
  // finds the changes whose id is among them (a correlated list, read from the same index).
  const rows = flavor === 'postgres'
    ? await db.selectFrom(queues.as('q')).crossJoinLateral((eb) => firstOf(eb).as('first')).innerJoin('changes', 'changes.id', 'first.change_id').select(columns).execute()
    : await db.selectFrom(queues.as('q')).crossJoin('changes').where('changes.id', 'in', (eb) => firstOf(eb)).select(columns).execute();
  // In no order: each digest orders its own lists.
  const wanted = new Set(teams);
  const first: QueuedChange[] = [];
  const counts = new Map<string, { team: string; status: string; n: number }>();
  for (const row of rows) {
    if (!wanted.has(row.team)) continue;
    first.push(row); // its extra `listed` is not read: no copy of 25,000 rows to drop it
    counts.set(`${row.team}\n${row.status}`, { team: row.team, status: row.status, n: Number(row.listed) });
  }
  return { first, counts: [...counts.values()] };
}
