import cron, { type ScheduledTask } from 'node-cron';
import { DateTime } from 'luxon';
import type { AppContext } from '../app/context.js';
import { sendDigests } from '../app/digests.js';
import type { ConfiguredTeam } from '../config/load.js';
import type { ScheduledJob } from './scheduler.js';

/**
 * Each team's daily digest, at the first time its `digest_cron` matches on the team's
 * local date. Due means "that time has passed today and today's digest was not sent",
 * so a process that was down at nine sends it when it comes back, once.
 */
export function digestJob(ctx: AppContext, holder: string): ScheduledJob {
  const matchers = new Map<string, ScheduledTask>();
  const firstOfDay = new Map<string, number | null>(); // "team|date" → first matching instant that day
  const matcher = (team: ConfiguredTeam) => {
    let task = matchers.get(team.name);
    if (!task) matchers.set(team.name, (task = cron.createTask(team.digest_cron, () => {}, { timezone: team.time_zone })));
    return task;
  };
  const firstMatch = (team: ConfiguredTeam, day: DateTime): number | null => {
    const key = `${team.name}|${day.toISODate()}`;
    if (!firstOfDay.has(key)) {
      let found: number | null = null;
      const task = matcher(team);
      for (let t = day.startOf('day'); t < day.endOf('day'); t = t.plus({ minutes: 1 })) {
        if (task.match(t.toJSDate())) { found = t.toMillis(); break; }
      }
      firstOfDay.set(key, found);
    }
    return firstOfDay.get(key)!;
  };

  return {
    name: 'digests',
    async run(now) {
      const due: { team: ConfiguredTeam; localDate: string }[] = [];
      for (const team of ctx.config.teams) {
        const day = DateTime.fromJSDate(now, { zone: team.time_zone });
        const first = firstMatch(team, day);
        if (first !== null && now.getTime() >= first) due.push({ team, localDate: day.toISODate()! });
      }
      if (due.length === 0) return;
      const sent = new Set((await ctx.store.db.selectFrom('job_runs').select('job').where('job', 'in', due.map((d) => `digest:${d.team.name}:${d.localDate}`)).execute()).map((r) => r.job));
      const pending = due.filter((d) => !sent.has(`digest:${d.team.name}:${d.localDate}`));
      const views = await sendDigests(ctx, pending, holder, now);
      if (views.length > 0) ctx.log.info({ teams: views.map((v) => v.team) }, 'digests queued');
    },
  };
}
