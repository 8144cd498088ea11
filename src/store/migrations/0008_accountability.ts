import type { Kysely } from 'kysely';
import type { Flavor } from '../flavor.js';

/**
 * Accountability (issue 15): who asked the agent, the author's explanation, what a
 * change reverts, how it could be split, how long a reviewer had the form open, and
 * reverts and incidents traced back to a change. Frozen once landed.
 */
export async function up(db: Kysely<any>, flavor: Flavor): Promise<void> {
  // The accountable author: the PR author, or whoever asked the agent that opened it (null: unknown).
  await db.schema.alterTable('changes').addColumn('accountable_author', 'text').execute();
  await db.schema.alterTable('changes').addColumn('author_source', 'text').execute();
  await db.schema.alterTable('changes').addColumn('author_evidence', 'text').execute();
  // JSON: the latest explanation with the head it was given for, its source and time.
  await db.schema.alterTable('changes').addColumn('explanation', 'text').execute();
  // JSON: how an oversized change could be split (null: it need not be).
  await db.schema.alterTable('changes').addColumn('split', 'text').execute();
  // JSON: the pull requests and commits this change reverts.
  await db.schema.alterTable('changes').addColumn('reverts', 'text').execute();
  await db.schema.alterTable('changes').addColumn('merge_commit_sha', 'text').execute();
  await db.schema.alterTable('signoffs').addColumn('form_opened_at', 'text').execute();

  const id = (c: any) => (flavor === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedAlwaysAsIdentity());
  await db.schema.createTable('change_incidents')
    .addColumn('id', 'integer', id)
    .addColumn('change_id', 'integer', (c) => c.notNull())
    // "reverted" or "incident"
    .addColumn('kind', 'text', (c) => c.notNull())
    // The revert (owner/repo#N) or the incident's reason: with change and kind, it makes a link once-only.
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('by', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('head_sha', 'text', (c) => c.notNull())
    // JSON: who signed off (or overrode) the head that shipped, and whether it merged without a sign-off.
    .addColumn('signers', 'text', (c) => c.notNull())
    .addColumn('overridden_by', 'text')
    .addColumn('merged_without_signoff', 'integer', (c) => c.notNull().defaultTo(0))
    .addUniqueConstraint('change_incidents_once', ['change_id', 'kind', 'reference'])
    .execute();
  await db.schema.createIndex('change_incidents_at').on('change_incidents').columns(['at']).execute();
}
