import type { SignoffDecision } from '../domain/signoff-state.js';
import type { Db } from './changes.js';
import type { SignoffsTable } from './schema.js';
import type { Insertable, Selectable } from 'kysely';

export interface RecordedDecision extends SignoffDecision {
  at: string;
  note: string | null;
  /** JSON: what the reviewer attested to */
  attestation: string;
  source: SignoffsTable['source'];
  /** The change's revision this decision produced (null for decisions recorded before revisions were kept). */
  revision: number | null;
  /** When the reviewer opened the form (null: unknown). */
  form_opened_at: string | null;
}

const DECISION_COLUMNS = ['id', 'reviewer', 'head_sha', 'decision', 'at', 'note', 'attestation', 'source', 'revision', 'form_opened_at'] as const;

function toRecorded(r: Pick<Selectable<SignoffsTable>, (typeof DECISION_COLUMNS)[number]>): RecordedDecision {
  return { reviewer: r.reviewer, head_sha: r.head_sha, decision: r.decision, order: r.id, at: r.at, note: r.note, attestation: r.attestation, source: r.source, revision: r.revision, form_opened_at: r.form_opened_at };
}

/** Every decision recorded on a change, oldest first, as the state machine reads them. */
export async function decisionsFor(db: Db, changeId: number): Promise<RecordedDecision[]> {
  const rows = await db.selectFrom('signoffs').select(DECISION_COLUMNS).where('change_id', '=', changeId).orderBy('id').execute();
  return rows.map(toRecorded);
}

/** The decisions of several changes in one query, each change's oldest first. */
export async function decisionsForChanges(db: Db, changeIds: readonly number[]): Promise<Map<number, RecordedDecision[]>> {
  const byChange = new Map<number, RecordedDecision[]>();
  // In chunks: a database binds a limited number of parameters per statement.
  for (let i = 0; i < changeIds.length; i += 1000) {
    const rows = await db.selectFrom('signoffs').select([...DECISION_COLUMNS, 'change_id']).where('change_id', 'in', changeIds.slice(i, i + 1000)).orderBy('id').execute();
    for (const r of rows) (byChange.get(r.change_id) ?? byChange.set(r.change_id, []).get(r.change_id)!).push(toRecorded(r));
  }
  return byChange;
}

export async function insertSignoff(db: Db, row: Insertable<SignoffsTable>): Promise<number> {
  const { id } = await db.insertInto('signoffs').values(row).returning('id').executeTakeFirstOrThrow();
  return id;
}
