import { applyDelivery } from '../app/apply-delivery.js';
import type { AppContext } from '../app/context.js';
import { toDelivery } from '../app/delivery.js';
import type { Clock } from '../app/ports.js';
import { planRetry } from '../app/retry.js';
import type { InboxRow } from '../store/schema.js';
import { claimDeliveries, DeliveryAlreadySettled, loadDelivery, readyDeliveries, recordDeliveryFailure, renewDeliveryClaims } from '../store/inbox.js';
import { ClaimRenewer } from './claim-renewer.js';
import { replicaId } from './replica.js';
import { PollLoop } from './poll-loop.js';

export interface InboxWorkerOptions {
  /** Deliveries read per batch (each for a different pull request). */
  batchSize?: number;
  /** Apply a batch's deliveries side by side (Postgres) or one after another (SQLite, one writer). */
  concurrent?: boolean;
  /** How often to look for work when not nudged (retries coming due). */
  pollMs?: number;
  /** Attempts before a delivery that keeps failing for a non-transient reason is parked. */
  maxAttempts?: number;
  /**
   * While webhooks keep arriving, the worker takes at most this share of the process's
   * busy time: after each step it steps back in proportion (see `foregroundActivity`).
   */
  busyShare?: number;
  /** Called after a delivery is applied (its side effects are queued: wake their dispatcher). */
  onApplied?: () => void;
  /** How long a claim on a delivery lasts unless renewed (renewed every third of it while applying). */
  claimMs?: number;
}

/** How recently a webhook must have arrived for the worker to count intake as busy. */
const BUSY_WINDOW_MS = 50;
/** The longest pause between steps while intake is busy, whatever one step cost. */
const MAX_PAUSE_MS = 50;

/**
 * Applies stored deliveries. Everything it needs to resume is in the inbox table, so
 * a crash between receiving and applying loses nothing: on restart it carries on.
 */
export class InboxWorker {
  private readonly loop: PollLoop;
  private readonly batchSize: number;
  private readonly concurrent: boolean;
  private readonly maxAttempts: number;
  private readonly busyShare: number;
  private lastStepMs = 0;
  private readonly onApplied: () => void;
  private readonly claimMs: number;
  private readonly holder = replicaId();
  private readonly renewer: ClaimRenewer<number>;
  private lastForeground = -Infinity;
  /** Claimed in an earlier step and not applied yet (while intake is busy, one is applied per step). */
  private claimedAhead: number[] = [];

  constructor(private readonly ctx: AppContext, private readonly clock: Clock, options: InboxWorkerOptions = {}) {
    this.batchSize = options.batchSize ?? 16;
    this.concurrent = options.concurrent ?? false;
    this.maxAttempts = options.maxAttempts ?? 8;
    this.busyShare = options.busyShare ?? 0.5;
    this.onApplied = options.onApplied ?? (() => {});
    this.claimMs = options.claimMs ?? 10_000;
    this.renewer = new ClaimRenewer({
      renew: (ids) => renewDeliveryClaims(this.ctx.store.db, ids, this.holder, this.claimUntil()),
      everyMs: this.claimMs / 3,
      onError: (error) => this.ctx.log.warn({ err: error }, 'could not renew claims on deliveries being applied; retrying'),
    });
    this.loop = new PollLoop({
      step: () => this.runOnce(),
      pollMs: options.pollMs ?? 500,
      onError: (error) => this.ctx.log.error({ err: error }, 'inbox worker could not read the inbox; retrying'),
      between: () => this.stepBack(),
    });
  }

  /**
   * A webhook just arrived. Applying deliveries shares the process (and SQLite's one
   * writer) with the intake, and the intake must answer GitHub fast; so while webhooks
   * arrive the worker applies one delivery per step and then leaves the process to the
   * intake for a time in proportion to the process's busy time during that step. Its rate follows the arrival rate (a
   * fixed 50 ms pause capped it at 20 a second, and a steady 30 a second grew the
   * backlog without end: issue 12) while an answer waits at most one delivery's apply.
   */
  foregroundActivity(): void {
    this.lastForeground = performance.now();
  }

  start(): void {
    this.loop.start();
  }

  /** A delivery was just stored: look now rather than at the next poll. */
  nudge(): void {
    this.loop.nudge();
  }

  /** Stop taking work and wait for what is in flight to finish; claims not applied run out. */
  async stop(): Promise<void> {
    await this.loop.stop();
    for (const id of this.claimedAhead.splice(0)) this.renewer.release(id);
  }

  /**
   * Apply one batch of ready deliveries (one while intake is busy); returns how many were
   * attempted. Each is claimed first, so beside other replicas it is applied (and GitHub
   * read for it) by one of them.
   */
  async runOnce(): Promise<number> {
    // The process's busy time during the step, not its wall time: waiting on GitHub keeps
    // no answer waiting, so it earns no pause.
    const started = performance.eventLoopUtilization();
    try {
      return await this.applyBatch(this.intakeBusy() ? 1 : this.batchSize);
    } finally {
      this.lastStepMs = performance.eventLoopUtilization(started).active;
    }
  }

  /** Between steps that found work: at once when intake is quiet, else a pause in proportion to the last step. */
  private stepBack(): Promise<void> {
    const pauseMs = this.intakeBusy() ? Math.min(this.lastStepMs * (1 - this.busyShare) / this.busyShare, MAX_PAUSE_MS) : 0;
    return new Promise((resolve) => (pauseMs >= 1 ? setTimeout(resolve, pauseMs) : setImmediate(resolve)));
  }

  private async applyBatch(limit: number): Promise<number> {
    if (this.claimedAhead.length === 0) {
      // A whole batch is claimed even when only one is applied now: a claim is a commit of
      // its own, and one per delivery doubled what each cost while webhooks kept arriving
      // (issue 12). The rest wait, claimed and renewed, for the next steps.
      const now = this.clock.now().toISOString();
      const ready = await readyDeliveries(this.ctx.store.db, now, this.batchSize);
      const claimed = new Set(await claimDeliveries(this.ctx.store.db, ready, this.holder, now, this.claimUntil()));
      this.claimedAhead = ready.filter((id) => claimed.has(id));
      for (const id of this.claimedAhead) this.renewer.hold(id, id);
    }
    const ids = this.claimedAhead.splice(0, limit);
    if (this.concurrent) await Promise.all(ids.map((id) => this.applyOne(id)));
    else for (const id of ids) await this.applyOne(id);
    return ids.length;
  }

  private claimUntil(): string {
    return new Date(this.clock.now().getTime() + this.claimMs).toISOString();
  }

  private intakeBusy(): boolean {
    return performance.now() - this.lastForeground < BUSY_WINDOW_MS;
  }

  /** Apply until nothing is ready (tests, the CLI). */
  async drain(): Promise<void> {
    while ((await this.runOnce()) > 0);
  }

  /** Load a claimed delivery's payload only now, when it is applied. */
  private async applyOne(id: number): Promise<void> {
    this.renewer.hold(id, id);
    try {
      const row = await loadDelivery(this.ctx.store.db, id);
      if (row) await this.applyRow(row);
    } finally {
      this.renewer.release(id);
    }
  }

  private async applyRow(row: InboxRow): Promise<void> {
    const log = this.ctx.log.child({ delivery: row.delivery_id, event: row.event, action: row.action });
    try {
      await applyDelivery(this.ctx, toDelivery(row), this.clock.now());
      log.debug({}, 'delivery applied');
      this.onApplied();
    } catch (error) {
      if (error instanceof DeliveryAlreadySettled) return;
      const now = this.clock.now();
      const plan = planRetry(error, row.attempts - row.rate_limited, now, this.maxAttempts);
      await recordDeliveryFailure(this.ctx.store.db, row.id, plan.reason, plan.retryAt?.toISOString() ?? null, now.toISOString(), plan.rateLimited);
      if (plan.retryAt) log.warn({ err: error, attempts: row.attempts + 1, retry_at: plan.retryAt.toISOString() }, 'delivery failed; will retry');
      else log.error({ err: error, attempts: row.attempts + 1 }, 'delivery keeps failing; parked (see countersign doctor)');
    }
  }
}
