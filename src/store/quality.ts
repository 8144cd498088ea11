import type { Db } from './changes.js';

/** What the digest shows of a change that a sign-off or a link names. */
const CHANGE_COLUMNS = ['changes.repo', 'changes.number', 'changes.title', 'changes.url', 'changes.author', 'changes.risk_tier', 'changes.additions',
  'changes.deletions', 'changes.requested_at', 'changes.status', 'changes.assignee', 'changes.owning_teams', 'changes.signals'] as const;

/**
 * Every approval given since `since` (ISO), with the change it approves, in one query
 * for all teams: the digests' quality tables are cut from it in memory.
 */
export async function approvalsSince(db: Db, since: string) {
  return db.selectFrom('signoffs').innerJoin('changes', 'changes.id', 'signoffs.change_id')
    .select(['signoffs.change_id', 'signoffs.reviewer', 'signoffs.at', 'signoffs.form_opened_at', 'changes.additions', 'changes.deletions', 'changes.owning_teams', 'changes.signals'])
    // In no particular order: sorting a week of sign-offs cost more than grouping them.
    .where('signoffs.decision', '=', 'approve').where('signoffs.at', '>=', since)
    .execute();
}

/** Every revert and incident linked since `since` (ISO), with the change it names, oldest first, in one query. */
export async function linksSince(db: Db, since: string) {
  return db.selectFrom('change_incidents').innerJoin('changes', 'changes.id', 'change_incidents.change_id')
    .select(['change_incidents.change_id', 'change_incidents.kind', 'change_incidents.reference', 'change_incidents.by', 'change_incidents.at',
      'change_incidents.signers', 'change_incidents.overridden_by', 'change_incidents.merged_without_signoff', ...CHANGE_COLUMNS])
    .where('change_incidents.at', '>=', since)
    .orderBy('change_incidents.at').orderBy('change_incidents.id').execute();
}
