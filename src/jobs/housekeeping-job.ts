import type { AppContext } from '../app/context.js';
import { housekeep } from '../app/housekeeping.js';
import type { ScheduledJob } from './scheduler.js';

/** Delete applied deliveries and used form keys past their retention (see `RETENTION`). */
export function housekeepingJob(ctx: AppContext): ScheduledJob {
  return {
    name: 'housekeeping',
    async run(now) {
      const pruned = await housekeep(ctx, now);
      if (pruned.deliveries + pruned.forms > 0) ctx.log.info(pruned, 'deleted applied deliveries and used form keys past their retention');
    },
  };
}
