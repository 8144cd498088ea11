import type { SignoffDecision } from '../domain/signoff-state.js';
import type { Db } from './changes.js';
import type { SignoffsTable } from './schema.js';
import type { Insertable } from 'kysely';

export interface RecordedDecision extends SignoffDecision {
  at: string;
  note: string | null;
  /** JSON: what the reviewer attested to */
  attestation: string;
  source: SignoffsTable['source'];
}

/** Every decision recorded on a change, oldest first, as the state machine reads them. */
export async function decisionsFor(db: Db, changeId: number): Promise<RecordedDecision[]> {
  const rows = await db.selectFrom('signoffs').select(['id', 'reviewer', 'head_sha', 'decision', 'at', 'note', 'attestation', 'source']).where('change_id', '=', changeId).orderBy('id').execute();
  return rows.map((r) => ({ reviewer: r.reviewer, head_sha: r.head_sha, decision: r.decision, order: r.id, at: r.at, note: r.note, attestation: r.attestation, source: r.source }));
}

export async function insertSignoff(db: Db, row: Insertable<SignoffsTable>): Promise<number> {
  const { id } = await db.insertInto('signoffs').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}
