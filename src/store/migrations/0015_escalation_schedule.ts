import { sql, type Kysely } from 'kysely';
import type { Flavor } from '../flavor.js';

/**
 * A change's escalation schedule moves to a narrow table of its own (issue 12). The sweep
 * rewrote a thousand wide `changes` rows to move their next step on: none of those updates
 * could stay on its page, so each added an entry to all eight of the table's indexes, and
 * the update alone took 37 ms on PostgreSQL. The same update of `escalations` takes 4 ms.
 *
 *   - `step`, `due_at`, `claimed_by`, `claimed_until`, `snoozed_until`: what
 *     `changes.escalation_step`, `next_escalation_at`, `claimed_*` and `snoozed_until`
 *     held (still there, no longer written by this version; see below);
 *   - `awaiting`: 1 while the change's status is 'awaiting', kept by a trigger on
 *     `changes.status`, so the sweep finds what is due from this table's index alone,
 *     whoever changed the status.
 * The assignee and the ladder snapshot stay on `changes`: they are written once per
 * request (or reassignment), and the digests and queries read them there.
 *
 * A rolling upgrade: a replica still on an older version writes the old columns of
 * `changes`, each write only the columns it means to set. A trigger per column carries
 * each such write over (a request going out, a step fired, a claim, a snooze), so
 * nothing it schedules is lost. It reads the old columns as they were when it last
 * wrote them; while both versions run, a step it fires again is sent once (its outbox
 * key) and recorded twice in the audit trail. On PostgreSQL the table is locked against
 * writes while the schedules are copied and the triggers made, so no write falls between.
 * Frozen once landed.
 */
export async function up(db: Kysely<any>, flavor: Flavor): Promise<void> {
  if (flavor === 'postgres') await sql`lock table changes in share row exclusive mode`.execute(db);
  await db.schema.createTable('escalations')
    .addColumn('change_id', 'integer', (c) => c.primaryKey().references('changes.id'))
    .addColumn('step', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('due_at', 'text')
    .addColumn('awaiting', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('claimed_by', 'text')
    .addColumn('claimed_until', 'text')
    .addColumn('snoozed_until', 'text')
    .execute();
  await sql`insert into escalations (change_id, step, due_at, awaiting, claimed_by, claimed_until, snoozed_until)
    select id, escalation_step, next_escalation_at, case when status = 'awaiting' then 1 else 0 end, claimed_by, claimed_until, snoozed_until
    from changes
    where ladder is not null or next_escalation_at is not null or escalation_step <> 0 or claimed_by is not null or snoozed_until is not null`.execute(db);
  // What the sweep reads: the waiting changes in due order.
  await sql`create index escalations_due on escalations (due_at) where awaiting = 1`.execute(db);

  const followStatus = `update escalations set awaiting = case when new.status = 'awaiting' then 1 else 0 end where change_id = new.id;`;
  if (flavor === 'sqlite') {
    await sql.raw(`create trigger escalations_follow_status after update of status on changes
      for each row when old.status is distinct from new.status begin ${followStatus} end`).execute(db);
    for (const [from, to] of Object.entries(CARRIED)) {
      await sql.raw(`create trigger escalations_from_older_${to} after update of ${from} on changes
        for each row begin ${carryOver(from, to)} end`).execute(db);
    }
    return;
  }
  await sql.raw(`create function escalations_follow_status() returns trigger language plpgsql as $$
    begin ${followStatus} return null; end $$`).execute(db);
  await sql.raw(`create trigger escalations_follow_status after update of status on changes
    for each row when (old.status is distinct from new.status) execute function escalations_follow_status()`).execute(db);
  for (const [from, to] of Object.entries(CARRIED)) {
    await sql.raw(`create function escalations_from_older_${to}() returns trigger language plpgsql as $$
      begin ${carryOver(from, to)} return null; end $$`).execute(db);
    await sql.raw(`create trigger escalations_from_older_${to} after update of ${from} on changes
      for each row execute function escalations_from_older_${to}()`).execute(db);
  }
}

/** Old column on `changes` → its column in `escalations`. */
const CARRIED = { escalation_step: 'step', next_escalation_at: 'due_at', claimed_by: 'claimed_by', claimed_until: 'claimed_until', snoozed_until: 'snoozed_until' };

/**
 * What both databases' triggers run when an older version writes the old column `from`
 * (`update of` fires exactly when the column is written): the change's schedule takes the
 * value, and starts with it when the change had none.
 */
function carryOver(from: string, to: string): string {
  return `insert into escalations (change_id, awaiting, ${to}) values (new.id, case when new.status = 'awaiting' then 1 else 0 end, new.${from})
    on conflict (change_id) do update set ${to} = excluded.${to};`;
}
