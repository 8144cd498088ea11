import type { Kysely } from 'kysely';
import type { Flavor } from '../flavor.js';

/**
 * What detection did not read of a pull request (a body over GitHub's limit, commits
 * past the 250th, ...), one phrase each, as a JSON array: the request shows it beside
 * the evidence, so "no marker" never hides a part that was not looked at. Frozen once
 * landed.
 */
export async function up(db: Kysely<any>, _flavor: Flavor): Promise<void> {
  await db.schema.alterTable('changes').addColumn('detection_cut', 'text', (c) => c.notNull().defaultTo('[]')).execute();
}
