import type { Kysely } from 'kysely';
import type { Flavor } from '../flavor.js';

/**
 * The local playground's messages: what the local chat adapter "posted", kept in the
 * database like Slack keeps its messages, so the page survives a restart and a retried
 * delivery finds the message it already wrote. Frozen once landed.
 */
export async function up(db: Kysely<any>, flavor: Flavor): Promise<void> {
  const id = (c: any) => (flavor === 'sqlite' ? c.primaryKey().autoIncrement() : c.primaryKey().generatedAlwaysAsIdentity());
  await db.schema.createTable('local_messages')
    .addColumn('id', 'integer', id)
    // The outbox row's idempotency key: a retry after a crash finds its message instead of posting twice.
    .addColumn('delivery_key', 'text', (c) => c.unique())
    // A team's channel ("payments") or a person's direct messages ("@alice").
    .addColumn('conversation', 'text', (c) => c.notNull())
    .addColumn('thread_of', 'integer')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('change_id', 'integer')
    // JSON: the platform-neutral view model, rendered to HTML when the page is drawn.
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('posted_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    // Counts updates, so the page's version changes with every one (timestamps can tie).
    .addColumn('edits', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('local_messages_conversation').on('local_messages').columns(['conversation', 'id']).execute();
}
