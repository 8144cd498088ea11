import type { Kysely } from 'kysely';
import type { Flavor } from '../flavor.js';

/**
 * Escalation, assignment, claims, snoozes, away, and once-only jobs. Frozen once landed.
 * The ladder and the working calendar are snapshotted on each change when it is
 * requested, so a config change does not rewrite requests already in flight.
 */
export async function up(db: Kysely<any>, _flavor: Flavor): Promise<void> {
  await db.schema.alterTable('changes').addColumn('assignee', 'text').execute();
  await db.schema.alterTable('changes').addColumn('claimed_by', 'text').execute();
  await db.schema.alterTable('changes').addColumn('claimed_until', 'text').execute();
  await db.schema.alterTable('changes').addColumn('snoozed_until', 'text').execute();
  await db.schema.alterTable('changes').addColumn('ladder', 'text').execute();

  await db.schema.createTable('away')
    .addColumn('github', 'text', (c) => c.primaryKey())
    .addColumn('until', 'text', (c) => c.notNull())
    .addColumn('set_by', 'text', (c) => c.notNull())
    .addColumn('set_at', 'text', (c) => c.notNull())
    .execute();

  // One row per job per period ("digest:payments:2026-11-22"): the primary key makes it once-only across replicas.
  await db.schema.createTable('job_runs')
    .addColumn('job', 'text', (c) => c.primaryKey())
    .addColumn('ran_at', 'text', (c) => c.notNull())
    .addColumn('holder', 'text', (c) => c.notNull())
    .execute();

  // Digests read the last day's decisions and audit events.
  await db.schema.createIndex('audit_events_at').on('audit_events').columns(['at']).execute();
  await db.schema.createIndex('signoffs_at').on('signoffs').columns(['at']).execute();

  await db.schema.createTable('team_state')
    .addColumn('team', 'text', (c) => c.primaryKey())
    .addColumn('last_assigned', 'text')
    .execute();
}
