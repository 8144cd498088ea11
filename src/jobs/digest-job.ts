import type { AppContext } from '../app/context.js';
import { sendDigests } from '../app/digests.js';
import { resolveRoster } from '../app/use-roster.js';
import type { ConfiguredTeam } from '../config/load.js';
import { DigestSchedule } from './digest-schedule.js';
import type { ScheduledJob } from './scheduler.js';

/**
 * Each team's daily digest, at the first time its `digest_cron` matches on the team's
 * local date. Due means "that time has passed today and today's digest was not sent",
 * so a process that was down at nine sends it when it comes back, once.
 *
 * Teams with the same expression and time zone share one schedule (most keep the
 * default), so a tick costs one date and, once a day, one computation per distinct pair.
 */
export function digestJob(ctx: AppContext, holder: string): ScheduledJob {
  const schedules = new Map<string, { schedule: DigestSchedule; localDate: string | null; first: number | null }>();
  const entryOf = (team: ConfiguredTeam) => {
    const key = `${team.time_zone}\n${team.digest_cron}`;
    let entry = schedules.get(key);
    if (!entry) schedules.set(key, (entry = { schedule: new DigestSchedule(team.digest_cron, team.time_zone), localDate: null, first: null }));
    return entry;
  };

  // Team → the local date whose digest is known to be queued (by any replica): an idle
  // tick after nine then asks the database nothing.
  const queuedOn = new Map<string, string>();

  return {
    name: 'digests',
    async run(now) {
      const seen = new Set<object>();
      const due: { team: ConfiguredTeam; localDate: string }[] = [];
      for (const team of ctx.config.teams) {
        const entry = entryOf(team);
        if (!seen.has(entry)) {
          seen.add(entry);
          // One remembered day per schedule, so a long-running process does not accumulate days.
          const localDate = entry.schedule.localDate(now);
          if (entry.localDate !== localDate) Object.assign(entry, { localDate, first: entry.schedule.firstOn(localDate) });
        }
        if (entry.first !== null && now.getTime() >= entry.first && queuedOn.get(team.name) !== entry.localDate) due.push({ team, localDate: entry.localDate! });
      }
      if (due.length === 0) return;
      await resolveRoster(ctx, due.map((d) => d.team.name), now); // a digest names the team's seniors
      const sent = new Set((await ctx.store.db.selectFrom('job_runs').select('job').where('job', 'in', due.map((d) => `digest:${d.team.name}:${d.localDate}`)).execute()).map((r) => r.job));
      const pending = due.filter((d) => !sent.has(`digest:${d.team.name}:${d.localDate}`));
      const queuedTeams = await sendDigests(ctx, pending, holder, now);
      // Whether this replica or another queued it, it is queued once for that date.
      for (const d of due) queuedOn.set(d.team.name, d.localDate);
      if (queuedTeams.length > 0) ctx.log.info({ teams: queuedTeams }, 'digests queued');
    },
  };
}
