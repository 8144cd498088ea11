import { sql, type Kysely } from 'kysely';
import type { Flavor } from '../flavor.js';

/**
 * The first schema. Frozen once landed: later changes are new migrations.
 * Typed against Kysely<any> because it describes the past, not today's types.
 */
export async function up(db: Kysely<any>, flavor: Flavor): Promise<void> {
  const id = (c: any) => (flavor === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedAlwaysAsIdentity());

  await db.schema.createTable('changes')
    .addColumn('id', 'integer', id)
    .addColumn('repo', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('installation_id', 'bigint')
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('head_sha', 'text', (c) => c.notNull())
    .addColumn('head_ref', 'text', (c) => c.notNull())
    .addColumn('base_ref', 'text', (c) => c.notNull())
    .addColumn('draft', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('additions', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('deletions', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('changed_files', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('ai_assisted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('signals', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('commits_read', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('owning_teams', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('ownership', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('risk_tier', 'text', (c) => c.notNull())
    .addColumn('risk_reasons', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('required_signoffs', 'integer', (c) => c.notNull())
    .addColumn('committers', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('requested_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('escalation_step', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_escalation_at', 'text')
    .addUniqueConstraint('changes_repo_number', ['repo', 'number'])
    .execute();
  await db.schema.createIndex('changes_status').on('changes').columns(['status', 'next_escalation_at']).execute();

  await db.schema.createTable('signoffs')
    .addColumn('id', 'integer', id)
    .addColumn('change_id', 'integer', (c) => c.notNull().references('changes.id'))
    .addColumn('head_sha', 'text', (c) => c.notNull())
    .addColumn('reviewer', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('attestation', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('note', 'text')
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('signoffs_change').on('signoffs').columns(['change_id', 'head_sha']).execute();

  await db.schema.createTable('audit_events')
    .addColumn('seq', 'integer', (c) => c.primaryKey())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('head_sha', 'text')
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_events_subject').on('audit_events').columns(['subject', 'seq']).execute();
  await forbidAuditRewrites(db, flavor);

  await db.schema.createTable('inbox')
    .addColumn('id', 'integer', id)
    .addColumn('delivery_id', 'text', (c) => c.notNull().unique())
    .addColumn('event', 'text', (c) => c.notNull())
    .addColumn('action', 'text')
    .addColumn('order_key', 'text')
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('processed_at', 'text')
    .execute();
  // Ready deliveries are read oldest first (state, id) and checked for an older pending
  // delivery of the same pull request (state, order_key, id): both are index walks, so
  // the cost follows what is ready, not how large the backlog is.
  await db.schema.createIndex('inbox_pending').on('inbox').columns(['state', 'order_key', 'id']).execute();
  await db.schema.createIndex('inbox_ready').on('inbox').columns(['state', 'id']).execute();

  await db.schema.createTable('outbox')
    .addColumn('id', 'integer', id)
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('destination', 'text', (c) => c.notNull())
    .addColumn('change_id', 'integer', (c) => c.references('changes.id'))
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('delivered_at', 'text')
    .addColumn('result', 'text')
    .execute();
  await db.schema.createIndex('outbox_pending').on('outbox').columns(['state', 'destination', 'next_attempt_at']).execute();
  await db.schema.createIndex('outbox_change').on('outbox').columns(['change_id', 'id']).execute();

  await db.schema.createTable('chat_messages')
    .addColumn('id', 'integer', id)
    .addColumn('change_id', 'integer', (c) => c.notNull().references('changes.id'))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('team', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('message_ref', 'text', (c) => c.notNull())
    .addColumn('conversation', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('chat_messages_one_per_team', ['change_id', 'platform', 'team'])
    .execute();

  await db.schema.createTable('people')
    .addColumn('github', 'text', (c) => c.primaryKey())
    .addColumn('slack_user_id', 'text', (c) => c.unique())
    .addColumn('teams_aad_id', 'text', (c) => c.unique())
    .addColumn('email', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}

/** The audit trail is append-only: the database itself refuses UPDATE and DELETE. */
async function forbidAuditRewrites(db: Kysely<any>, flavor: Flavor): Promise<void> {
  if (flavor === 'sqlite') {
    for (const op of ['UPDATE', 'DELETE']) {
      await sql.raw(`CREATE TRIGGER audit_events_no_${op.toLowerCase()} BEFORE ${op} ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`).execute(db);
    }
    return;
  }
  await sql.raw(`CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$`).execute(db);
  await sql.raw(`CREATE TRIGGER audit_events_no_rewrite BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()`).execute(db);
}
