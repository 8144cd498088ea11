import type { SignoffDecision } from '../domain/signoff-state.js';
import type { Db } from './changes.js';

/** Every decision recorded on a change, oldest first, as the state machine reads them. */
export async function decisionsFor(db: Db, changeId: number): Promise<SignoffDecision[]> {
  const rows = await db.selectFrom('signoffs').select(['id', 'reviewer', 'head_sha', 'decision']).where('change_id', '=', changeId).orderBy('id').execute();
  return rows.map((r) => ({ reviewer: r.reviewer, head_sha: r.head_sha, decision: r.decision, order: r.id }));
}
