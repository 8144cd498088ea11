import type { AppContext } from '../app/context.js';
import { CredentialsRejected, PermanentChatError, TransientError, type ChannelPacing, type Clock, type Logger } from '../app/ports.js';
import { planRetry } from '../app/retry.js';
import { channelOf, claimOutbox, markAttempted, readyOutbox, recordOutboxFailure, releaseOutboxClaims, renewOutboxClaims, type OutboxClaim } from '../store/outbox.js';
import type { OutboxRow } from '../store/schema.js';
import { ChannelTurns } from './channel-turns.js';
import { ClaimRenewer } from './claim-renewer.js';
import { PollLoop } from './poll-loop.js';
import { replicaId } from './replica.js';

/**
 * At most this many waiting channels per destination are left out of a read; beyond it,
 * a waiting channel's rows may be read, and the run waits for its turn.
 */
const MAX_CHANNELS_LEFT_OUT = 500;

/** How long a destination that rejected our credentials is left alone before this process tries it again. */
const CREDENTIALS_PAUSE_MS = 60_000;

export interface DispatcherOptions {
  batchSize?: number;
  pollMs?: number;
  maxAttempts?: number;
  /** How long a claim on a row lasts unless renewed (renewed every third of it while the row waits or is sent). */
  claimMs?: number;
}

/** Delivers one outbox row of a destination (Slack, Teams, GitHub…), or throws. */
export type Deliverer = (row: OutboxRow, now: Date) => Promise<void>;

/** A destination's deliverer and the pace its platform allows (declared by its adapter). */
export interface Destination {
  deliver: Deliverer;
  pacing: ChannelPacing;
}

/**
 * Delivers outbox rows at least once through each destination's deliverer. Rows of one change go
 * in order; channels are served side by side, each paced; a 429 pauses its channel
 * for as long as the platform asked; outages are retried with backoff for as long as
 * they last; a permanent error (channel_not_found, not_in_channel) parks the row with
 * its reason, shown by `countersign doctor`.
 */
export class OutboxDispatcher {
  private readonly loop: PollLoop;
  private readonly holder = replicaId();
  private readonly claimMs: number;
  private readonly renewer: ClaimRenewer<OutboxClaim>;
  /** Monotonic time before which a destination gets nothing (its credentials were rejected). */
  private readonly destinationFreeAt = new Map<string, number>();
  private readonly turns = new ChannelTurns();
  private readonly destinations: Map<string, Destination>;
  private readonly batchSize: number;
  private readonly maxAttempts: number;
  private readonly pollMs: number;

  constructor(private readonly ctx: AppContext, private readonly clock: Clock, destinations: Readonly<Record<string, Destination>>, options: DispatcherOptions = {}) {
    this.destinations = new Map(Object.entries(destinations));
    this.batchSize = options.batchSize ?? 64;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.claimMs = options.claimMs ?? 10_000;
    this.pollMs = options.pollMs ?? 250;
    this.renewer = new ClaimRenewer({
      renew: (claims) => renewOutboxClaims(this.ctx.store.db, claims, this.holder, this.claimUntil()),
      everyMs: this.claimMs / 3,
      onError: (error) => this.ctx.log.warn({ err: error }, 'could not renew claims on side effects being sent; retrying'),
    });
    this.loop = new PollLoop({
      step: () => this.runOnce(),
      pollMs: this.pollMs,
      onError: (error) => this.ctx.log.error({ err: error }, 'outbox dispatcher could not read the outbox; retrying'),
    });
  }

  start(): void {
    if (this.destinations.size > 0) this.loop.start();
  }

  /** New rows were queued: look now. */
  nudge(): void {
    this.loop.nudge();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /**
   * Deliver what is ready now; returns how many rows were attempted. Each row is claimed
   * first, so replicas deliver side by side without two sending the same row; a
   * change's next row is not ready until the one before it is done, so one
   * conversation stays in order whichever replica sends it.
   */
  async runOnce(): Promise<number> {
    const now = this.clock.now().toISOString();
    const open = this.openDestinations();
    // Channels whose turn is further off than the next poll are left out: their backlog
    // would take every place in the batch, and waiting for them would hold up every other
    // channel's rows (and the next poll) until then. Those whose turn is nearer are read,
    // and the run waits for them.
    const later = this.turns.later(MAX_CHANNELS_LEFT_OUT, this.pollMs);
    const wanted = this.sendableThisRun(await readyOutbox(this.ctx.store.db, open, now, this.batchSize, later));
    const claims = new Map((await claimOutbox(this.ctx.store.db, [...wanted.values()].flat().map((r) => r.id), this.holder, now, this.claimUntil())).map((c) => [c.id, c]));
    for (const claim of claims.values()) this.renewer.hold(claim.id, claim);
    const byChannel = new Map([...wanted].map(([channel, rows]) => [channel, rows.filter((r) => claims.has(r.id))]));
    let attempted = 0;
    const sent = new Set<number>();
    try {
      await Promise.all([...byChannel.values()].map(async (channelRows) => {
        for (const row of channelRows) {
          const channel = channelOfRow(row);
          await this.turns.waitFor(row.destination, channel);
          attempted++;
          const paused = await this.deliver(row, claims.get(row.id)!);
          sent.add(row.id);
          this.renewer.release(row.id);
          const interval = this.destinations.get(row.destination)!.pacing.intervalMs;
          this.turns.hold(row.destination, channel, Math.max(interval, paused));
          // A paced or paused channel sends one row per run: waiting here for its next slot
          // would hold every other channel's rows until this one's were all sent (GitHub's
          // one write a second held a batch of Slack posts for as many seconds as it had rows).
          if (paused > 0 || interval > 0) return;
        }
      }));
    } finally {
      for (const id of claims.keys()) this.renewer.release(id);
      // Rows a paused channel did not reach go back at once, not when their claim expires.
      await releaseOutboxClaims(this.ctx.store.db, [...claims.values()].filter((c) => !sent.has(c.id)), this.holder);
    }
    return attempted;
  }

  /**
   * Ready rows by channel, as many as each channel may send in one run: all of an unpaced
   * channel's, the first of a paced one's (it sends one row per run), none of a channel
   * whose turn is further off than the next poll. Rows that must wait their turn are not
   * claimed and released again.
   */
  private sendableThisRun(ready: readonly OutboxRow[]): Map<string, OutboxRow[]> {
    const byChannel = new Map<string, OutboxRow[]>();
    for (const row of ready) {
      const channel = channelOfRow(row);
      // Read although its turn is far off (no channel column, or past the cap on those left out): not this run.
      if (this.turns.turnIn(row.destination, channel) > this.pollMs) continue;
      const key = `${row.destination}:${channel}`;
      const rows = byChannel.get(key);
      if (!rows) byChannel.set(key, [row]);
      else if (this.destinations.get(row.destination)!.pacing.intervalMs === 0) rows.push(row);
    }
    return byChannel;
  }

  /** Destinations not resting after rejecting our credentials. */
  private openDestinations(): string[] {
    return [...this.destinations.keys()].filter((d) => (this.destinationFreeAt.get(d) ?? 0) <= performance.now());
  }

  private claimUntil(): string {
    return new Date(this.clock.now().getTime() + this.claimMs).toISOString();
  }

  /** Run until nothing is ready (tests), waiting for channels' turns as they come. */
  async drain(): Promise<void> {
    for (;;) {
      if ((await this.runOnce()) > 0) continue;
      const wait = await this.nextTurnOfReadyRows();
      if (wait === null) return;
      // At most a poll: a channel further down may have its turn sooner than the ones read.
      await new Promise((r) => setTimeout(r, Math.min(Math.max(wait, 10), this.pollMs)));
    }
  }

  /** How long until a channel with rows ready may send again (ms), or null if no row is ready. */
  private async nextTurnOfReadyRows(): Promise<number | null> {
    const ready = await readyOutbox(this.ctx.store.db, this.openDestinations(), this.clock.now().toISOString(), this.batchSize);
    if (ready.length === 0) return null;
    return Math.min(...ready.map((r) => this.turns.turnIn(r.destination, channelOfRow(r))));
  }

  /** Deliver one row; returns how long its channel must now pause (ms), 0 if not at all. */
  private async deliver(row: OutboxRow, claim: OutboxClaim): Promise<number> {
    const { deliver } = this.destinations.get(row.destination)!;
    const log = this.ctx.log.child({ outbox: row.id, kind: row.kind, destination: row.destination, change: row.change_id });
    try {
      if (!(await markAttempted(this.ctx.store.db, claim, this.holder, this.clock.now().toISOString()))) {
        log.warn({}, 'claim on this side effect expired before it was sent; leaving it to whoever holds it now');
        return 0;
      }
      await deliver(row, this.clock.now());
      return 0;
    } catch (error) {
      const now = this.clock.now();
      if (error instanceof CredentialsRejected) return this.holdDestination(row, claim, error, log);
      const plan = error instanceof PermanentChatError ? { retryAt: null, reason: `${error.code}: ${error.message}`, rateLimited: false } : planRetry(error, row.attempts - row.rate_limited, now, this.maxAttempts);
      await recordOutboxFailure(this.ctx.store.db, claim, plan.reason, plan.retryAt?.toISOString() ?? null, plan.rateLimited);
      if (plan.retryAt) log.warn({ err: error, attempts: row.attempts + 1, retry_at: plan.retryAt.toISOString() }, 'side effect failed; will retry');
      else log.error({ err: error, attempts: row.attempts + 1 }, 'side effect parked (see countersign doctor)');
      return error instanceof TransientError && error.retryAfterMs ? error.retryAfterMs : 0;
    }
  }

  /**
   * The destination turned our credentials away: every row for it would fail alike, so
   * none is parked or pushed back. The row stays ready (a restart with fixed
   * credentials sends it at once) and this process leaves the destination alone for a
   * while, saying so once per pause.
   */
  private async holdDestination(row: OutboxRow, claim: OutboxClaim, error: CredentialsRejected, log: Logger): Promise<number> {
    // Counted like a rate limit: the destination turned every call away, and this row's backoff should not grow for it.
    await recordOutboxFailure(this.ctx.store.db, claim, error.message, this.clock.now().toISOString(), true);
    const pausedUntil = this.destinationFreeAt.get(row.destination) ?? 0;
    if (pausedUntil <= performance.now()) {
      log.error({ err: error, dependency: error.service }, `${error.service} rejected our credentials: its side effects wait in the outbox until they are fixed (see countersign doctor)`);
    }
    this.destinationFreeAt.set(row.destination, performance.now() + CREDENTIALS_PAUSE_MS);
    return CREDENTIALS_PAUSE_MS;
  }
}

/** A row written by an older version has no channel column: its payload says. */
function channelOfRow(row: OutboxRow): string {
  return row.channel ?? channelOf(JSON.parse(row.payload) as Record<string, unknown>);
}
