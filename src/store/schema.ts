import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { ChangeStatus, Decision } from '../domain/signoff-state.js';
import type { InboxTable, OutboxTable } from './queue-tables.js';

export type { InboxState, InboxTable, OutboxState, OutboxTable } from './queue-tables.js';

/**
 * The tables (DESIGN "The data"). Portable across SQLite and Postgres: booleans are
 * 0/1 integers, times are ISO-8601 UTC text written by the app, JSON is text.
 */
export interface Database {
  changes: ChangesTable;
  change_teams: ChangeTeamsTable;
  signoffs: SignoffsTable;
  audit_events: AuditEventsTable;
  inbox: InboxTable;
  outbox: OutboxTable;
  chat_messages: ChatMessagesTable;
  people: PeopleTable;
  leases: LeasesTable;
  away: AwayTable;
  job_runs: JobRunsTable;
  team_state: TeamStateTable;
  local_messages: LocalMessagesTable;
  adapter_state: AdapterStateTable;
  used_forms: UsedFormsTable;
  change_incidents: ChangeIncidentsTable;
  escalations: EscalationsTable;
}

/** What a chat adapter remembers, by platform and its own key. */
export interface AdapterStateTable {
  platform: string;
  key: string;
  /** JSON */
  value: string;
  updated_at: string;
}

/** Decision forms already submitted (Slack view id and hash, playground form token). */
export interface UsedFormsTable {
  form_key: string;
  change_id: number;
  actor: string;
  /** What the first submission did: recorded, refused, stale, unchanged. */
  outcome: string;
  used_at: string;
}

export interface AwayTable {
  github: string;
  until: string;
  set_by: string;
  set_at: string;
}

export interface JobRunsTable {
  job: string;
  ran_at: string;
  holder: string;
}

export interface TeamStateTable {
  team: string;
  last_assigned: string | null;
}


/**
 * A change's escalation schedule, apart from the wide `changes` row so that a sweep
 * moving a thousand changes on writes narrow rows (migration 0015).
 */
export interface EscalationsTable {
  change_id: number;
  /** Ladder positions fired or collapsed so far. */
  step: Generated<number>;
  /** When the next position is due (the sweep's index), null when nothing is left to chase. */
  due_at: string | null;
  /** 1 while the change's status is 'awaiting' (a trigger on `changes.status` keeps it). */
  awaiting: Generated<number>;
  claimed_by: string | null;
  claimed_until: string | null;
  snoozed_until: string | null;
}

/** One row per team owning a change (mirrors `changes.owning_teams`), so queries can join on it. */
export interface ChangeTeamsTable {
  team: string;
  change_id: number;
  /** The change's queue for this team while it is an open AI-assisted change (see migration 0014), else null. */
  queue: string | null;
  /** Digest order within the queue: risk rank × 2, plus 1 when never requested. */
  queue_rank: number;
  requested_at: string | null;
}

export interface ChangesTable {
  id: Generated<number>;
  repo: string;
  number: number;
  installation_id: number | null;
  url: string;
  title: string;
  author: string;
  head_sha: string;
  head_ref: string;
  base_ref: string;
  draft: number;
  additions: number;
  deletions: number;
  changed_files: number;
  ai_assisted: number;
  /** JSON: Signal[] */
  signals: string;
  commits_read: number;
  /** JSON: string[] of team names */
  owning_teams: string;
  /** JSON: how the owners were found (source, CODEOWNERS lines) */
  ownership: string;
  risk_tier: string;
  /** JSON: string[] */
  risk_reasons: string;
  required_signoffs: number;
  /** JSON: GitHub logins that authored or committed a commit of the change */
  committers: string;
  status: ChangeStatus;
  requested_at: string | null;
  opened_at: string;
  updated_at: string;
  /** Bumped on every decision; chat updates are keyed by it. */
  revision: number;
  /** Before migration 0015: the escalation schedule, now in `escalations`; only an older version writes these. */
  escalation_step: Generated<number>;
  next_escalation_at: string | null;
  claimed_by: string | null;
  claimed_until: string | null;
  snoozed_until: string | null;
  assignee: string | null;
  /** JSON: the ladder and working calendar in force when the request went out. */
  ladder: string | null;
  /** Who asked the agent (or the PR author); null: nobody could be found. */
  accountable_author: string | null;
  /** How it was found (null on rows from before: the PR author). */
  author_source: string | null;
  author_evidence: string | null;
  /** JSON: GivenExplanation */
  explanation: string | null;
  /** JSON: SplitPart[] */
  split: string | null;
  /** JSON: RevertTargets */
  reverts: string | null;
  /** JSON array of what detection did not read (migration 0009). */
  detection_cut: Generated<string>;
  merge_commit_sha: string | null;
}

export interface ChangeIncidentsTable {
  id: Generated<number>;
  change_id: number;
  kind: 'reverted' | 'incident';
  reference: string;
  by: string;
  at: string;
  head_sha: string;
  /** JSON: string[] */
  signers: string;
  overridden_by: string | null;
  merged_without_signoff: number;
}

export interface SignoffsTable {
  id: Generated<number>;
  change_id: number;
  head_sha: string;
  reviewer: string;
  decision: Decision;
  /** JSON: attestation answers */
  attestation: string;
  note: string | null;
  at: string;
  source: 'slack' | 'teams' | 'local' | 'github';
  /** The change's revision this decision produced (null before it was recorded). */
  revision: number | null;
  /** When the reviewer opened the sign-off form (null: unknown, e.g. a GitHub review). */
  form_opened_at: string | null;
}

export interface AuditEventsTable {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  head_sha: string | null;
  /** JSON object */
  details: string;
  prev_hash: string;
  hash: string;
}

export interface ChatMessagesTable {
  id: Generated<number>;
  change_id: number;
  platform: string;
  team: string;
  /** The destination the request was posted to, as the config names it. */
  channel: string;
  /** The adapter's serialised ChatRef. */
  message_ref: string;
  /** JSON: platform-specific conversation reference (Teams serviceUrl, ...). */
  conversation: string | null;
  created_at: string;
  updated_at: string;
}

export interface PeopleTable {
  github: string;
  slack_user_id: string | null;
  teams_aad_id: string | null;
  email: string | null;
  updated_at: string;
}

export type LocalMessageKind = 'review_request' | 'thread_notice' | 'alert' | 'digest';

export interface LocalMessagesTable {
  id: Generated<number>;
  delivery_key: string | null;
  /** A team's channel, or "@login" for a person's direct messages. */
  conversation: string;
  thread_of: number | null;
  kind: LocalMessageKind;
  change_id: number | null;
  /** JSON view model. */
  body: string;
  posted_at: string;
  updated_at: string;
  edits: Generated<number>;
}

export interface LeasesTable {
  name: string;
  holder: string;
  expires_at: string;
}

export type ChangeRow = Selectable<ChangesTable>;
export type NewChange = Insertable<ChangesTable>;
export type ChangeUpdate = Updateable<ChangesTable>;
export type SignoffRow = Selectable<SignoffsTable>;
export type AuditEventRow = Selectable<AuditEventsTable>;
export type InboxRow = Selectable<InboxTable>;
export type OutboxRow = Selectable<OutboxTable>;
export type NewOutboxRow = Insertable<OutboxTable>;
export type LocalMessageRow = Selectable<LocalMessagesTable>;
