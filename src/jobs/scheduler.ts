import { randomUUID } from 'node:crypto';
import cron, { type ScheduledTask } from 'node-cron';
import type { AppContext } from '../app/context.js';
import type { Clock } from '../app/ports.js';
import { acquireLease, releaseLease } from '../store/leases.js';

export interface ScheduledJob {
  name: string;
  /** Do what is due at `now`, computed from stored state (so a missed tick is caught up by the next). */
  run(now: Date): Promise<void>;
}

/**
 * node-cron only says "look now", every minute. What is due is computed from stored
 * state at `now`, so a tick missed while the process was down is caught up by the
 * next one, and a lease row makes one replica at a time run each job.
 */
export class Scheduler {
  private task: ScheduledTask | null = null;
  private running: Promise<void> | null = null;
  readonly holder = `${process.pid}-${randomUUID().slice(0, 8)}`;

  constructor(private readonly ctx: AppContext, private readonly clock: Clock, readonly jobs: ScheduledJob[], private readonly leaseMs = 5 * 60_000) {}

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
    for (const job of this.jobs) {
      const now = this.clock.now();
      try {
        const held = await acquireLease(this.ctx.store.db, `job:${job.name}`, this.holder, now.toISOString(), new Date(now.getTime() + this.leaseMs).toISOString());
        if (!held) continue;
        await job.run(now);
      } catch (error) {
        this.ctx.log.error({ err: error, job: job.name }, 'scheduled job failed; the next tick tries again');
      }
    }
  }
}
