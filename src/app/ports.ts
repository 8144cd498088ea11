import type { ChangedFile, CommitFacts } from '../domain/facts.js';
import type { DigestView } from '../domain/digest.js';
import type { SameCode } from '../domain/pull-request-decision.js';
import type { AlertView, ReviewRequestView, ThreadNoticeView } from './views.js';

/** Which pull request, and which installation of the GitHub App may read it. */
export interface PullRef {
  owner: string;
  repo: string;
  number: number;
  installationId: number | null;
}

export interface CodeownersText {
  /** Where GitHub found it: `.github/CODEOWNERS`, `CODEOWNERS` or `docs/CODEOWNERS`. */
  path: string;
  text: string;
}

/**
 * What the use cases need from the source host (GitHub). Narrow on purpose: only the
 * reads a decision needs. Implementations paginate fully.
 */
export interface SourceHost {
  listCommits(ref: PullRef): Promise<CommitFacts[]>;
  listFiles(ref: PullRef): Promise<ChangedFile[]>;
  /** The CODEOWNERS file GitHub would use on `baseRef`, or null when there is none. */
  readCodeowners(ref: PullRef, baseRef: string): Promise<CodeownersText | null>;
  /**
   * Whether `after` holds the same code as `before`: the same tree, or (after a rebase)
   * the same diff against `baseRef`. Null when the code differs or cannot be told apart.
   */
  sameCode?(ref: PullRef, baseRef: string, before: string, after: string): Promise<SameCode | null>;
  /** The first hundred comments on issue (or pull request) `number` of the pull request's repository, oldest first. */
  issueComments?(ref: PullRef, number: number): Promise<IssueComment[]>;
}

export interface IssueComment {
  author: string;
  /** GitHub's account type ("User", "Bot"); null when not given. */
  type: string | null;
  body: string;
}

/**
 * Who is in a GitHub team (`org`, `slug`), by login, read with the GitHub App's
 * Members permission. Errors say what failed (TransientError for an outage or a rate
 * limit); an unknown team or a missing permission is an Error naming the fix.
 */
export interface TeamDirectory {
  teamMembers(org: string, slug: string): Promise<string[]>;
}

/**
 * Thrown by adapters when the outside service is unreachable, failing (5xx) or
 * rate-limiting us. The work is retried later and never parked for it.
 */
export class TransientError extends Error {
  readonly retryAfterMs: number | null;
  constructor(message: string, options: { retryAfterMs?: number | null; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'TransientError';
    this.retryAfterMs = options.retryAfterMs ?? null;
  }
}

/**
 * A service turned our credentials away (a wrong or revoked Slack token, a GitHub App
 * key it does not know). No single message is at fault and none is dropped: they wait
 * until the credentials are fixed (usually a restart with a new secret). Transient in
 * that sense, so nothing is parked because of it.
 */
export class CredentialsRejected extends TransientError {
  constructor(readonly service: string, message: string, options: { retryAfterMs?: number | null; cause?: unknown } = {}) {
    super(message, options);
    this.name = 'CredentialsRejected';
  }
}

/** The clock is an input: use cases receive `now`, jobs ask this. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Structured logging, pino-compatible; fields first so they stay machine-readable. */
export interface Logger {
  debug(fields: object, message: string): void;
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
  child(bindings: object): Logger;
}

/**
 * Where a chat message lives, as the adapter that posted it describes it (Slack: channel
 * and ts; Teams: tenant, service URL, conversation and activity ids; the playground: its
 * conversation and message id). Opaque to everything but that adapter, and serialisable:
 * it is stored as text beside the change and handed back unchanged (see chat-ref.ts).
 */
export type ChatRef = string & { readonly __chatRef: 'ChatRef' };

/**
 * How fast the dispatcher may write to one conversation of a platform: its own rate
 * limits, declared by the adapter rather than configured for all of them.
 */
export interface ChannelPacing {
  /** Minimum milliseconds between two writes to one conversation (Slack: about one per second). */
  intervalMs: number;
}

/**
 * The one chat port: Slack, Teams and the local playground implement it. Views are
 * platform-neutral; each adapter renders them. `destination` is a conversation as the
 * config names it (a Slack channel id, a Teams channel, a playground channel), or a
 * person's platform user id for direct messages. Errors: `TransientError` to retry
 * (rate limits, outages), `PermanentChatError` to park with a reason.
 */
export interface ChatPort {
  readonly platform: 'slack' | 'teams' | 'local';
  readonly pacing: ChannelPacing;
  postReviewRequest(destination: string, view: ReviewRequestView, delivery: DeliveryAttempt): Promise<ChatRef>;
  updateReviewRequest(ref: ChatRef, view: ReviewRequestView): Promise<void>;
  replyInThread(ref: ChatRef, notice: ThreadNoticeView, delivery: DeliveryAttempt): Promise<void>;
  /** A direct message to one person (their platform user id). */
  sendDirect(userId: string, alert: AlertView, delivery: DeliveryAttempt): Promise<void>;
  /** A team's daily digest, posted in its channel. */
  postDigest(destination: string, digest: DigestView, delivery: DeliveryAttempt): Promise<void>;
  /** An alert posted in a channel (a team's escalation channel). */
  postAlert(destination: string, alert: AlertView, delivery: DeliveryAttempt): Promise<void>;
}

/**
 * The outbox row behind a post. On a retry the platform may already hold the message
 * (the answer to the first attempt was lost): adapters that can look up what they
 * posted by `key` do so before posting again.
 */
export interface DeliveryAttempt {
  key: string;
  retrying: boolean;
}

/** A chat error no retry will fix (channel not found, bot not in channel, bad token). */
export class PermanentChatError extends Error {
  constructor(readonly code: string, message: string) {
    super(message);
    this.name = 'PermanentChatError';
  }
}

/** Where a GitHub write goes: a repository, through one installation of the app. */
export interface RepoRef {
  owner: string;
  repo: string;
  installationId: number | null;
}

export interface CheckRunOutput {
  title: string;
  summary: string;
  text?: string;
}

export interface CheckRunUpdate {
  headSha: string;
  /** Identifies Countersign's run for one change at one head, so a retry finds it instead of creating another. */
  externalId: string;
  status: 'in_progress' | 'completed';
  conclusion?: 'success' | 'failure' | 'neutral';
  output: CheckRunOutput;
  detailsUrl?: string;
}

/**
 * What the sign-off gate writes to GitHub. Every write is an upsert keyed by something
 * GitHub stores (a check run's external id, a marker in a comment), so a retried or
 * repeated write never creates a second run or comment.
 */
export interface GitHubGate {
  /** The one `Countersign / senior sign-off` run for `externalId` at the head: created, or found and updated. Returns its id. */
  upsertCheckRun(ref: RepoRef, run: CheckRunUpdate): Promise<number>;
  /** A commit status mirror, for installations that do not use check runs. */
  setCommitStatus(ref: RepoRef, status: { sha: string; state: 'pending' | 'success' | 'failure'; description: string; context: string; targetUrl?: string }): Promise<void>;
  /** The one pull-request comment carrying `marker` (an HTML comment): created, or found and edited. Returns its id. */
  upsertComment(ref: RepoRef & { number: number }, marker: string, body: string): Promise<number>;
}

export const CHECK_NAME = 'Countersign / senior sign-off';
