import type { Kysely } from 'kysely';
import type { Flavor } from '../flavor.js';

/**
 * Chat references the adapter owns, adapter state, single-use decision forms. Frozen
 * once landed.
 */
export async function up(db: Kysely<any>, _flavor: Flavor): Promise<void> {
  // What each chat adapter must remember (Teams' conversation references from installs,
  // ids of posts it made), keyed by platform and the adapter's own key; JSON values.
  await db.schema.createTable('adapter_state')
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('adapter_state_pk', ['platform', 'key'])
    .execute();

  // A decision form is used once: a replayed or second submission finds its row and records nothing.
  await db.schema.createTable('used_forms')
    .addColumn('form_key', 'text', (c) => c.primaryKey())
    .addColumn('change_id', 'integer', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text', (c) => c.notNull())
    .execute();

  // The change's revision a decision produced: a form opened at an earlier revision is
  // stale when a decision since then was the same person's, or not an approval.
  await db.schema.alterTable('signoffs').addColumn('revision', 'integer').execute();

  // chat_messages.message_ref becomes the adapter's serialised reference (was Slack's ts
  // or the playground's message id, with the conversation in `channel`).
  const rows = await db.selectFrom('chat_messages').select(['id', 'platform', 'channel', 'message_ref']).execute() as { id: number; platform: string; channel: string; message_ref: string }[];
  for (const row of rows) {
    const ref = row.platform === 'slack' ? { channel: row.channel, ts: row.message_ref }
      : row.platform === 'local' ? { conversation: row.channel, id: Number(row.message_ref) } : null;
    if (ref) await db.updateTable('chat_messages').set({ message_ref: JSON.stringify(ref) }).where('id', '=', row.id).execute();
  }
}
