import type { Change } from '../domain/change.js';
import { sql } from 'kysely';
import { updateRows, type BulkColumnType } from './bulk-write.js';
import { toChange, type Db } from './changes.js';

/** What the escalation sweep needs of a change beyond the change itself. */
export interface EscalationRecord {
  changeId: number;
  fired: number;
  nextDueAt: string | null;
  assignee: string | null;
  claimedBy: string | null;
  claimedUntil: string | null;
  snoozedUntil: string | null;
  /** JSON snapshot: the ladder and calendar in force when the request went out. */
  ladder: string | null;
}

const COLUMNS = ['id', 'escalation_step', 'next_escalation_at', 'assignee', 'claimed_by', 'claimed_until', 'snoozed_until', 'ladder'] as const;

function toRecord(r: { id: number; escalation_step: number; next_escalation_at: string | null; assignee: string | null; claimed_by: string | null; claimed_until: string | null; snoozed_until: string | null; ladder: string | null }): EscalationRecord {
  return { changeId: r.id, fired: r.escalation_step, nextDueAt: r.next_escalation_at, assignee: r.assignee, claimedBy: r.claimed_by, claimedUntil: r.claimed_until, snoozedUntil: r.snoozed_until, ladder: r.ladder };
}

/**
 * Changes awaiting sign-off whose next escalation is due at `now`, earliest first.
 * An index walk on (status, next_escalation_at): the rows read grow with what is due,
 * not with what is open.
 */
export async function dueEscalations(db: Db, now: string, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('changes').select('id')
    .where('status', '=', 'awaiting').where('next_escalation_at', '<=', now)
    .orderBy('next_escalation_at').limit(limit).execute();
  return rows.map((r) => r.id);
}

/**
 * Changes and their escalation records, one read for a whole chunk of the sweep. With
 * `lock` (Postgres) the rows are held until the transaction ends, taken in id order so
 * two sweeps cannot deadlock, and a decision on one of them waits for the chunk.
 */
export async function changesWithEscalation(db: Db, ids: readonly number[], lock = false): Promise<Map<number, { change: Change; escalation: EscalationRecord }>> {
  if (ids.length === 0) return new Map();
  let query = db.selectFrom('changes').selectAll().where('id', 'in', ids).orderBy('id');
  if (lock) query = query.forUpdate();
  const rows = await query.execute();
  return new Map(rows.map((row) => [row.id, { change: toChange(row), escalation: toRecord(row) }]));
}

export async function escalationOf(db: Db, changeId: number): Promise<EscalationRecord | null> {
  const row = await db.selectFrom('changes').select(COLUMNS).where('id', '=', changeId).executeTakeFirst();
  return row ? toRecord(row) : null;
}

type EscalationFields = Partial<Omit<EscalationRecord, 'changeId'>>;

const FIELD_COLUMNS = {
  fired: 'escalation_step', nextDueAt: 'next_escalation_at', assignee: 'assignee', claimedBy: 'claimed_by',
  claimedUntil: 'claimed_until', snoozedUntil: 'snoozed_until', ladder: 'ladder',
} as const satisfies Record<keyof EscalationFields, string>;

function columnsOf(fields: EscalationFields): [column: (typeof FIELD_COLUMNS)[keyof EscalationFields], value: string | number | null][] {
  return (Object.keys(FIELD_COLUMNS) as (keyof EscalationFields)[]).filter((k) => fields[k] !== undefined).map((k) => [FIELD_COLUMNS[k], fields[k]!]);
}

export async function saveEscalation(db: Db, changeId: number, fields: EscalationFields): Promise<void> {
  const set = Object.fromEntries(columnsOf(fields));
  if (Object.keys(set).length > 0) await db.updateTable('changes').set(set).where('id', '=', changeId).execute();
}

/** The escalation columns' types, for Postgres to read each as one array. */
const COLUMN_TYPES = {
  escalation_step: 'integer', next_escalation_at: 'text', assignee: 'text', claimed_by: 'text', claimed_until: 'text', snoozed_until: 'text', ladder: 'text',
} as const satisfies Record<(typeof FIELD_COLUMNS)[keyof EscalationFields], BulkColumnType>;

/**
 * Many changes' escalation fields at once (a sweep's chunk): changes that set the same
 * columns share one statement, which joins the changes to their new values, instead of
 * one statement each. (A `CASE id WHEN …` per column, as before, compared every row
 * with every arm.)
 */
export async function saveEscalations(db: Db, updates: readonly { changeId: number; fields: EscalationFields }[]): Promise<void> {
  const groups = new Map<string, { names: (keyof typeof COLUMN_TYPES)[]; rows: Record<string, unknown>[] }>();
  for (const u of updates) {
    const columns = columnsOf(u.fields);
    if (columns.length === 0) continue;
    const key = columns.map(([c]) => c).join(',');
    const group = groups.get(key) ?? groups.set(key, { names: columns.map(([c]) => c), rows: [] }).get(key)!;
    group.rows.push({ id: u.changeId, ...Object.fromEntries(columns) });
  }
  for (const { names, rows } of groups.values()) {
    await updateRows(db, 'changes', Object.fromEntries(names.map((n) => [n, COLUMN_TYPES[n]])), rows);
  }
}

/**
 * Open assignments per senior (lower-case login), for load and assignment: of `seniors`
 * only (on an index: a request going out counts its few candidates' load, not the whole
 * table's, issue 12), or of everyone when not given (a day's digests).
 */
export async function openAssignments(db: Db, seniors?: readonly string[]): Promise<Map<string, number>> {
  if (seniors?.length === 0) return new Map();
  const assignee = sql<string>`lower(assignee)`;
  const rows = await db.selectFrom('changes').select([assignee.as('login'), (eb) => eb.fn.countAll<number>().as('n')])
    .$if(seniors !== undefined, (q) => q.where(assignee, 'in', seniors!.map((s) => s.toLowerCase())))
    .where('status', 'in', ['awaiting', 'changes_requested']).where('assignee', 'is not', null).groupBy(assignee).execute();
  return new Map(rows.map((r) => [r.login, Number(r.n)]));
}

export async function lastAssigned(db: Db, team: string): Promise<string | null> {
  return (await db.selectFrom('team_state').select('last_assigned').where('team', '=', team).executeTakeFirst())?.last_assigned ?? null;
}

export async function recordAssigned(db: Db, team: string, login: string): Promise<void> {
  await db.insertInto('team_state').values({ team, last_assigned: login })
    .onConflict((oc) => oc.column('team').doUpdateSet({ last_assigned: login })).execute();
}

export async function setAway(db: Db, github: string, until: string, setBy: string, now: string): Promise<void> {
  await db.insertInto('away').values({ github: github.toLowerCase(), until, set_by: setBy, set_at: now })
    .onConflict((oc) => oc.column('github').doUpdateSet({ until, set_by: setBy, set_at: now })).execute();
}

/** Who is away until when (lower-case login → 'YYYY-MM-DD'), from the table; the config's `away_until` is merged by the caller. */
export async function awayUntil(db: Db): Promise<Map<string, string>> {
  const rows = await db.selectFrom('away').select(['github', 'until']).execute();
  return new Map(rows.map((r) => [r.github, r.until]));
}
