import type { AppContext } from '../app/context.js';
import { sweepEscalations } from '../app/escalate.js';
import { resolveRoster } from '../app/use-roster.js';
import type { ScheduledJob } from './scheduler.js';

/** Fire every escalation step that is due; a backlog is worked through in batches. */
export function escalationJob(ctx: AppContext): ScheduledJob {
  return {
    name: 'escalations',
    async run(now) {
      // Leads and seniors to chase may be GitHub teams' members; when GitHub cannot say, the next tick tries again.
      await resolveRoster(ctx, null, now);
      for (;;) {
        const { read, fired } = await sweepEscalations(ctx, now, 500);
        if (fired > 0) ctx.log.info({ read, fired }, 'escalation steps fired');
        if (read < 500) return;
      }
    },
  };
}
