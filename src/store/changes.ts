import { sql, type Kysely, type Transaction } from 'kysely';
import type { Change } from '../domain/change.js';
import { queuePlace } from '../domain/digest.js';
import type { Flavor } from './flavor.js';
import type { ChangeRow, Database, NewChange } from './schema.js';

export type Db = Kysely<Database> | Transaction<Database>;

/**
 * What a change's escalation needs of it: a sweep reads a thousand changes at once, and
 * a whole row (evidence, ownership lines, explanation) is many times these columns.
 */
export const ESCALATING_COLUMNS = [
  'id', 'repo', 'number', 'head_sha', 'draft', 'status', 'requested_at', 'revision', 'ai_assisted', 'owning_teams',
  'author', 'committers', 'accountable_author', 'author_source', 'author_evidence',
] as const satisfies readonly (keyof ChangeRow)[];

export type EscalatingChange = Pick<Change, 'id' | 'repo' | 'number' | 'head_sha' | 'draft' | 'status' | 'requested_at' | 'revision' | 'ai_assisted' | 'owning_teams' | 'author' | 'committers' | 'requester'>;

/** The escalating part of a row, mapped as toChange maps it. */
export function toEscalatingChange(row: Pick<ChangeRow, (typeof ESCALATING_COLUMNS)[number]>): EscalatingChange {
  const { id, repo, number, head_sha, status, requested_at, revision, author } = row;
  return {
    id, repo, number, head_sha, status, requested_at, revision, author,
    draft: row.draft === 1, ai_assisted: row.ai_assisted === 1, owning_teams: JSON.parse(row.owning_teams), committers: JSON.parse(row.committers), requester: requesterOf(row),
  };
}

/** Who is accountable for the change; rows from before accountability was tracked name the PR author. */
function requesterOf(row: Pick<ChangeRow, 'author' | 'accountable_author' | 'author_source' | 'author_evidence'>): Change['requester'] {
  return row.author_source === null
    ? { login: row.author, source: 'pr_author', evidence: 'opened the pull request' }
    : { login: row.accountable_author, source: row.author_source as Change['requester']['source'], evidence: row.author_evidence ?? '' };
}

/** Rows to domain objects in one place: JSON parsed, 0/1 made booleans. */
export function toChange(row: ChangeRow): Change {
  // One literal, not the escalating part spread into a larger one: V8 makes such an
  // object slowly, 40 times the time and 30 times the memory of this (issue 12).
  return {
    id: row.id,
    repo: row.repo,
    number: row.number,
    head_sha: row.head_sha,
    draft: row.draft === 1,
    status: row.status,
    requested_at: row.requested_at,
    revision: row.revision,
    ai_assisted: row.ai_assisted === 1,
    owning_teams: JSON.parse(row.owning_teams),
    author: row.author,
    committers: JSON.parse(row.committers),
    requester: requesterOf(row),
    installation_id: row.installation_id === null ? null : Number(row.installation_id),
    url: row.url,
    title: row.title,
    head_ref: row.head_ref,
    base_ref: row.base_ref,
    additions: row.additions,
    deletions: row.deletions,
    changed_files: row.changed_files,
    closed: row.status === 'closed' || row.status === 'merged',
    merged: row.status === 'merged',
    signals: JSON.parse(row.signals),
    commits_read: row.commits_read === 1,
    detection_cut: JSON.parse(row.detection_cut),
    ownership: JSON.parse(row.ownership),
    risk_tier: row.risk_tier as Change['risk_tier'],
    risk_reasons: JSON.parse(row.risk_reasons),
    required_signoffs: row.required_signoffs,
    opened_at: row.opened_at,
    updated_at: row.updated_at,
    explanation: row.explanation === null ? null : JSON.parse(row.explanation),
    split: row.split === null ? null : JSON.parse(row.split),
    reverts: row.reverts === null ? { pulls: [], commits: [] } : JSON.parse(row.reverts),
    merge_commit_sha: row.merge_commit_sha,
  };
}

type ChangeFields = Omit<Change, 'id' | 'opened_at' | 'updated_at'>;

function toRow(change: ChangeFields): Omit<NewChange, 'opened_at' | 'updated_at'> {
  return {
    repo: change.repo,
    number: change.number,
    installation_id: change.installation_id,
    url: change.url,
    title: change.title,
    author: change.author,
    head_sha: change.head_sha,
    head_ref: change.head_ref,
    base_ref: change.base_ref,
    draft: change.draft ? 1 : 0,
    additions: change.additions,
    deletions: change.deletions,
    changed_files: change.changed_files,
    ai_assisted: change.ai_assisted ? 1 : 0,
    signals: JSON.stringify(change.signals),
    commits_read: change.commits_read ? 1 : 0,
    detection_cut: JSON.stringify(change.detection_cut ?? []),
    owning_teams: JSON.stringify(change.owning_teams),
    ownership: JSON.stringify(change.ownership),
    risk_tier: change.risk_tier,
    risk_reasons: JSON.stringify(change.risk_reasons),
    required_signoffs: change.required_signoffs,
    committers: JSON.stringify(change.committers),
    status: change.status,
    revision: change.revision,
    requested_at: change.requested_at,
    accountable_author: change.requester.login,
    author_source: change.requester.source,
    author_evidence: change.requester.evidence,
    explanation: change.explanation === null ? null : JSON.stringify(change.explanation),
    split: change.split === null ? null : JSON.stringify(change.split),
    reverts: JSON.stringify(change.reverts),
    merge_commit_sha: change.merge_commit_sha,
  };
}

export async function findChange(db: Db, repo: string, number: number): Promise<Change | null> {
  const row = await db.selectFrom('changes').selectAll().where('repo', '=', repo).where('number', '=', number).executeTakeFirst();
  return row ? toChange(row) : null;
}

export async function findChangeById(db: Db, id: number): Promise<Change | null> {
  const row = await db.selectFrom('changes').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toChange(row) : null;
}

export async function insertChange(db: Db, change: ChangeFields, now: string): Promise<number> {
  const { id } = await db.insertInto('changes').values({ ...toRow(change), opened_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
  await writeOwningTeams(db, id, change, false);
  return id;
}

/**
 * Write the change's new state, compare-and-set on the revision it was read at: a
 * writer whose read is out of date would lose someone's update, so it fails instead.
 */
export async function updateChange(db: Db, id: number, change: ChangeFields, now: string, readRevision: number): Promise<void> {
  const result = await db.updateTable('changes').set({ ...toRow(change), updated_at: now })
    .where('id', '=', id).where('revision', '=', readRevision).executeTakeFirst();
  if (Number(result.numUpdatedRows) !== 1) throw new LostUpdateError(id, readRevision);
  await writeOwningTeams(db, id, change, true);
}

/**
 * Keep `change_teams` equal to the change's owning teams, and where it stands in their
 * queues (migration 0014), in the same transaction as the change.
 */
async function writeOwningTeams(db: Db, changeId: number, change: ChangeFields, replace: boolean): Promise<void> {
  if (replace) await db.deleteFrom('change_teams').where('change_id', '=', changeId).execute();
  const unique = [...new Set(change.owning_teams)];
  const { queue, rank, requestedAt } = queuePlace(change);
  if (unique.length > 0) {
    await db.insertInto('change_teams').values(unique.map((team) => ({ team, change_id: changeId, queue, queue_rank: rank, requested_at: requestedAt }))).execute();
  }
}

/** The change moved on under a writer that did not hold its lock; its transaction must roll back. */
export class LostUpdateError extends Error {
  constructor(readonly changeId: number, readonly readRevision: number) {
    super(`change ${changeId} moved past revision ${readRevision} before this update could be written`);
    this.name = 'LostUpdateError';
  }
}

/**
 * Read a change and hold its row until the transaction ends, so decisions about it
 * queue up instead of overwriting each other: `FOR NO KEY UPDATE` on Postgres; SQLite's
 * BEGIN IMMEDIATE already holds the one write lock for the whole transaction.
 *
 * `NO KEY` (what an update of the row takes anyway, as its id never changes): decisions
 * about the change still wait for each other, but a row elsewhere that only refers to it
 * (an incident traced to it by a revert, a message posted about it) checks the reference
 * without waiting. Under `FOR UPDATE` a revert, holding the audit chain's lock while it
 * traces a change, and a decision holding that change while it waits for the chain,
 * waited for each other for good.
 */
export async function lockChange(db: Db, flavor: Flavor, id: number): Promise<Change | null> {
  let query = db.selectFrom('changes').selectAll().where('id', '=', id);
  if (flavor === 'postgres') query = query.forNoKeyUpdate();
  const row = await query.executeTakeFirst();
  return row ? toChange(row) : null;
}

/** The same, found by repository and number as a webhook names them (see findChange). */
export async function lockChangeOf(db: Db, flavor: Flavor, repo: string, number: number): Promise<Change | null> {
  let query = db.selectFrom('changes').selectAll().where('repo', '=', repo).where('number', '=', number);
  if (flavor === 'postgres') query = query.forNoKeyUpdate();
  const row = await query.executeTakeFirst();
  return row ? toChange(row) : null;
}

/** GitHub repository names are case-insensitive: `Acme/API#7` is `acme/api#7`. */
export async function findChangeByRef(db: Db, repo: string, number: number): Promise<Change | null> {
  const row = await db.selectFrom('changes').selectAll().where(sql<string>`lower(repo)`, '=', repo.toLowerCase()).where('number', '=', number).executeTakeFirst();
  return row ? toChange(row) : null;
}

/** Changes signed off since `since` (ISO), newest first. */
export async function signedOffSince(db: Db, since: string): Promise<Change[]> {
  const rows = await db.selectFrom('changes').selectAll()
    .where('id', 'in', (eb) => eb.selectFrom('signoffs').select('change_id').where('decision', '=', 'approve').where('at', '>=', since))
    .orderBy('updated_at', 'desc').execute();
  return rows.map(toChange);
}

/** Ids of the open changes of `repo` whose pull request's branch is `branch`. */
export async function openChangeIdsOnBranch(db: Db, repo: string, branch: string): Promise<number[]> {
  const rows = await db.selectFrom('changes').select('id').where(sql<string>`lower(repo)`, '=', repo.toLowerCase()).where('head_ref', '=', branch)
    .where('status', 'in', ['awaiting', 'changes_requested', 'signed_off']).execute();
  return rows.map((r) => r.id);
}
