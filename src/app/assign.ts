import { teamNamed } from './config-index.js';
import { chooseAssignee } from '../domain/assignment.js';
import type { Db } from '../store/changes.js';
import { awayUntil, lastAssigned, openAssignments, recordAssigned } from '../store/escalations.js';
import type { AppContext } from './context.js';
import { eligibleSeniors } from './review-view.js';
import { localDate, type LadderSnapshot } from './team-calendar.js';

/**
 * Pick the senior a request is assigned to: fewest open assignments, round-robin on
 * ties, nobody away, nobody over the cap. Null when nobody qualifies.
 */
export async function pickAssignee(db: Db, ctx: AppContext, change: Parameters<typeof eligibleSeniors>[0], snapshot: LadderSnapshot, now: Date, exclude: readonly string[] = []): Promise<string | null> {
  const teamSeniors = new Set(teamNamed(ctx.policy, snapshot.team)?.seniors.map((s) => s.toLowerCase()) ?? []);
  const eligible = eligibleSeniors(change, ctx.policy).filter((s) => teamSeniors.has(s.toLowerCase()));
  const away = await awayUntil(db);
  for (const p of ctx.policy.people) if (p.away_until && !away.has(p.github.toLowerCase())) away.set(p.github.toLowerCase(), p.away_until);
  const chosen = chooseAssignee({
    eligible, openAssignments: await openAssignments(db, eligible), away, today: localDate(now, snapshot.calendar.time_zone),
    cap: snapshot.assignment_cap, lastAssigned: await lastAssigned(db, snapshot.team), exclude,
  });
  if (chosen) await recordAssigned(db, snapshot.team, chosen);
  return chosen;
}
