import { sql, type Selectable } from 'kysely';
import { updateRows, type BulkColumnType } from './bulk-write.js';
import { statementsTogether } from './statements-together.js';
import { ESCALATING_COLUMNS, toEscalatingChange, type Db, type EscalatingChange } from './changes.js';
import type { EscalationsTable } from './schema.js';

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

/** The schedule's columns, as read beside a change (`escalations` has no row until a request goes out). */
const SCHEDULE = ['e.step', 'e.due_at', 'e.claimed_by', 'e.claimed_until', 'e.snoozed_until'] as const;

type ScheduleRow = Pick<Selectable<EscalationsTable>, 'step' | 'due_at' | 'claimed_by' | 'claimed_until' | 'snoozed_until'>;

/** A change's record from its row and its schedule (none until its request goes out). */
function toRecord(change: { id: number; assignee: string | null; ladder: string | null }, e: ScheduleRow | undefined): EscalationRecord {
  return {
    changeId: change.id, fired: e?.step ?? 0, nextDueAt: e?.due_at ?? null, assignee: change.assignee,
    claimedBy: e?.claimed_by ?? null, claimedUntil: e?.claimed_until ?? null, snoozedUntil: e?.snoozed_until ?? null, ladder: change.ladder,
  };
}

/**
 * Changes awaiting sign-off whose next escalation is due at `now`, earliest first.
 * An index walk on the waiting changes' due times (migration 0015): the rows read grow
 * with what is due, not with what is open. (The literal 1 lets SQLite see that the
 * partial index applies; a bound parameter would not.)
 */
export async function dueEscalations(db: Db, now: string, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('escalations').select('change_id')
    .where(sql<boolean>`awaiting = 1`).where('due_at', '<=', now)
    .orderBy('due_at').limit(limit).execute();
  return rows.map((r) => r.change_id);
}

/**
 * Changes (what their escalation needs of them) and their escalation records, one read
 * for a whole sweep. With `lock` (Postgres) the changes' rows are held until the
 * transaction ends (as lockChange holds one), taken in id order so two sweeps cannot
 * deadlock, and a decision on one of them waits for the sweep.
 * The schedules are a second read by key: joined to a thousand listed changes, Postgres
 * chose to hash the whole schedule table (24 ms at 100,000 rows, against 1 ms).
 */
export async function changesWithEscalation(db: Db, ids: readonly number[], lock = false): Promise<Map<number, { change: EscalatingChange; escalation: EscalationRecord }>> {
  if (ids.length === 0) return new Map();
  let query = db.selectFrom('changes').select([...ESCALATING_COLUMNS, 'assignee', 'ladder']).where('id', 'in', ids).orderBy('id');
  if (lock) query = query.forNoKeyUpdate();
  const rows = await query.execute();
  const schedules = new Map((await db.selectFrom('escalations').selectAll().where('change_id', 'in', ids).execute()).map((e) => [e.change_id, e]));
  return new Map(rows.map((row) => [row.id, { change: toEscalatingChange(row), escalation: toRecord(row, schedules.get(row.id)) }]));
}

export async function escalationOf(db: Db, changeId: number): Promise<EscalationRecord | null> {
  const row = await db.selectFrom('changes').leftJoin('escalations as e', 'e.change_id', 'changes.id')
    .select(['changes.id', 'changes.assignee', 'changes.ladder', ...SCHEDULE]).where('changes.id', '=', changeId).executeTakeFirst();
  return row ? toRecord(row, row.step === null ? undefined : { ...row, step: row.step }) : null;
}

/** What a sweep moves on: the schedule's own columns. */
export type ScheduleFields = Partial<Pick<EscalationRecord, 'fired' | 'nextDueAt' | 'claimedBy' | 'claimedUntil' | 'snoozedUntil'>>;
type EscalationFields = ScheduleFields & Partial<Pick<EscalationRecord, 'assignee' | 'ladder'>>;

const SCHEDULE_COLUMNS = {
  fired: 'step', nextDueAt: 'due_at', claimedBy: 'claimed_by', claimedUntil: 'claimed_until', snoozedUntil: 'snoozed_until',
} as const satisfies Record<keyof ScheduleFields, string>;

function scheduleColumns(fields: ScheduleFields): [column: (typeof SCHEDULE_COLUMNS)[keyof ScheduleFields], value: string | number | null][] {
  return (Object.keys(SCHEDULE_COLUMNS) as (keyof ScheduleFields)[]).filter((k) => fields[k] !== undefined).map((k) => [SCHEDULE_COLUMNS[k], fields[k]!]);
}

/**
 * One change's escalation fields: the assignee and ladder on the change, the schedule in
 * `escalations`, whose row the first write makes (awaiting as the change's status is;
 * the trigger keeps it so from then on).
 */
export async function saveEscalation(db: Db, changeId: number, fields: EscalationFields): Promise<void> {
  const onChange = Object.fromEntries(Object.entries({ assignee: fields.assignee, ladder: fields.ladder }).filter(([, v]) => v !== undefined));
  if (Object.keys(onChange).length > 0) await db.updateTable('changes').set(onChange).where('id', '=', changeId).execute();
  const set = Object.fromEntries(scheduleColumns(fields));
  if (Object.keys(set).length === 0) return;
  const columns = Object.keys(set) as (keyof typeof set & string)[];
  await db.insertInto('escalations')
    .columns(['change_id', 'awaiting', ...columns] as never)
    .expression(db.selectFrom('changes')
      .select(['id', sql<number>`case when status = 'awaiting' then 1 else 0 end`.as('awaiting'), ...columns.map((c) => sql.val(set[c]).as(c))])
      .where('id', '=', changeId))
    .onConflict((oc) => oc.column('change_id').doUpdateSet(set))
    .execute();
}

/** The schedule columns' types, for Postgres to read them from the rows sent as JSON. */
const COLUMN_TYPES = {
  step: 'integer', due_at: 'text', claimed_by: 'text', claimed_until: 'text', snoozed_until: 'text',
} as const satisfies Record<(typeof SCHEDULE_COLUMNS)[keyof ScheduleFields], BulkColumnType>;

/**
 * Many changes' schedules at once (a sweep): changes that set the same columns share one
 * statement, which joins their rows to the new values. A sweep reads only changes that
 * have a schedule row, so there is always one to update. The statements are all queued
 * at once, so one the caller sends next waits behind all of them, not between two.
 */
export async function saveEscalations(db: Db, updates: readonly { changeId: number; fields: ScheduleFields }[]): Promise<void> {
  const groups = new Map<string, { names: (keyof typeof COLUMN_TYPES)[]; rows: Record<string, unknown>[] }>();
  for (const u of updates) {
    const columns = scheduleColumns(u.fields);
    if (columns.length === 0) continue;
    const key = columns.map(([c]) => c).join(',');
    const group = groups.get(key) ?? groups.set(key, { names: columns.map(([c]) => c), rows: [] }).get(key)!;
    group.rows.push({ change_id: u.changeId, ...Object.fromEntries(columns) });
  }
  await statementsTogether(async (send) => {
    for (const { names, rows } of groups.values()) send(updateRows(db, 'escalations', Object.fromEntries(names.map((n) => [n, COLUMN_TYPES[n]])), rows, 'change_id'));
  });
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
