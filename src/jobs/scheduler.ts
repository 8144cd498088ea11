import { randomUUID } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import type { AppContext } from '../app/context.js';
import type { Clock } from '../app/ports.js';
import { acquireLease, releaseLease } from '../store/leases.js';
import { ClaimRenewer } from './claim-renewer.js';

export interface ScheduledJob {
  name: string;
  /** Do what is due at `now`, computed from stored state (so a missed tick is caught up by the next). */
  run(now: Date): Promise<void>;
}

/**
 * node-cron only says "look now", every minute. What is due is computed from stored
 * state at `now`, so a tick missed while the process was down is caught up by the
 * next one, and a lease row makes one replica at a time run each job. The lease is
 * renewed while the job runs, so a job that outlasts a term (a backlog of escalations,
 * a thousand teams' digests) is not started a second time by another replica.
 */
export class Scheduler {
  private task: ScheduledTask | null = null;
  private running: Promise<void> | null = null;
  readonly holder = `${process.pid}-${randomUUID().slice(0, 8)}`;
  /** Renews the lease of the job that is running, a third of a term at a time, however long it runs. */
  private readonly renewer: ClaimRenewer<string>;

  constructor(private readonly ctx: AppContext, private readonly clock: Clock, readonly jobs: ScheduledJob[], private readonly leaseMs = 5 * 60_000) {
    this.renewer = new ClaimRenewer({
      renew: (leases) => this.renew(leases),
      everyMs: leaseMs / 3,
      onError: (error) => ctx.log.warn({ err: error }, 'could not renew the lease of a running job; retrying'),
    });
  }

  start(): void {
    this.task = cron.schedule('* * * * *', () => { void this.tick(); }, { name: 'countersign-scheduler', noOverlap: true });
    this.task.unref?.();
    void this.tick(); // catch up at once after a restart
  }

  async stop(): Promise<void> {
    await this.task?.stop();
    await this.task?.destroy();
    await this.running;
    // Hand the jobs over at once rather than making another replica wait out the lease.
    for (const job of this.jobs) await releaseLease(this.ctx.store.db, `job:${job.name}`, this.holder).catch(() => {});
  }

  /** Run every job this replica can lease; each job's failure is logged, not thrown. */
  tick(): Promise<void> {
    this.running ??= this.runJobs().finally(() => { this.running = null; });
    return this.running;
  }

  private async runJobs(): Promise<void> {
    for (const [index, job] of this.jobs.entries()) {
      const now = this.clock.now();
      const lease = `job:${job.name}`;
      try {
        const held = await acquireLease(this.ctx.store.db, lease, this.holder, now.toISOString(), this.until(now));
        if (!held) continue;
        this.renewer.hold(index, lease);
        try {
          await job.run(now);
        } finally {
          this.renewer.release(index);
        }
      } catch (error) {
        this.ctx.log.error({ err: error, job: job.name }, 'scheduled job failed; the next tick tries again');
      }
    }
  }

  /** Extend the running jobs' leases by a term from now. A lease another replica took meanwhile is not taken back. */
  private async renew(leases: readonly string[]): Promise<void> {
    const now = this.clock.now();
    for (const lease of leases) {
      if (!(await acquireLease(this.ctx.store.db, lease, this.holder, now.toISOString(), this.until(now)))) {
        this.ctx.log.warn({ lease }, 'another replica holds the lease of a job still running here (this replica was paused past its term)');
      }
    }
  }

  private until(now: Date): string {
    return new Date(now.getTime() + this.leaseMs).toISOString();
  }
}
