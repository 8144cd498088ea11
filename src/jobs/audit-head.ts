import type { Logger } from '../app/ports.js';
import type { Db } from '../store/changes.js';
import { auditHead } from '../store/audit.js';

const HOUR_MS = 60 * 60_000;

/**
 * Writes the audit chain's head (sequence number and hash) to the logs every hour and
 * on shutdown, as its own event, so a log pipeline keeps a copy outside the database:
 * `countersign audit verify --expect-head SEQ:HASH` then shows nothing was cut off the end.
 */
export class AuditHeadReporter {
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly db: Db, private readonly log: Logger, private readonly everyMs = HOUR_MS) {}

  start(): void {
    this.timer = setInterval(() => { void this.report(); }, this.everyMs).unref();
  }

  /** Stop the hourly report and write a last one (before the database closes). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.report();
  }

  async report(): Promise<void> {
    try {
      const head = await auditHead(this.db);
      this.log.info({ audit_head: head ? `${head.seq}:${head.hash}` : null, seq: head?.seq ?? 0 }, 'audit chain head');
    } catch (error) {
      this.log.warn({ err: error }, 'could not read the audit chain head; the next report tries again');
    }
  }
}
