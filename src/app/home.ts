import type { Change } from '../domain/change.js';
import type { Person } from '../domain/policy.js';
import { signedOffSince } from '../store/changes.js';
import { awaitingSignoffPage, pendingPage } from '../store/open-queue.js';
import { decisionsForChanges } from '../store/signoffs.js';
import type { AppContext } from './context.js';
import { LIST_PAGE, linesOf, pendingFilterFor, teamsWhere } from './queries.js';
import type { HomeView } from './views.js';

const RECENT_DAYS = 7;

/** The viewer's queue: what they may sign now, what waits on others, what they signed lately. */
export async function homeView(ctx: AppContext, viewer: Person | null, now: Date): Promise<HomeView> {
  const renderedAt = now.toISOString();
  if (!viewer) return { viewer: null, maySign: [], maySignTotal: 0, waitingOnOthers: [], waitingOnOthersTotal: 0, recentlySigned: [], renderedAt };
  // Paged and counted in SQL like /signoff pending and mine: a home is refreshed after
  // every post, so it reads the oldest few of each queue, never everyone's (issue 12).
  const filter = pendingFilterFor(ctx, viewer);
  const seniorOf = teamsWhere(ctx, viewer, 'seniors');
  const none = { changes: [], total: 0 };
  const maySign = filter ? await awaitingSignoffPage(ctx.store.db, viewer.github, seniorOf, LIST_PAGE) : none;
  const others = filter ? await pendingPage(ctx.store.db, { ...filter, notAwaiting: { login: viewer.github, seniorOf } }, LIST_PAGE) : none;
  const me = viewer.github.toLowerCase();
  const since = new Date(now.getTime() - RECENT_DAYS * 86_400_000).toISOString();
  const recent = await signedOffSince(ctx.store.db, since);
  const decisions = await decisionsForChanges(ctx.store.db, recent.map((c) => c.id)); // one read for all, not one per change
  const signed: Change[] = recent.filter((c) => (decisions.get(c.id) ?? []).some((d) => d.decision === 'approve' && d.reviewer.toLowerCase() === me && d.at >= since));
  return {
    viewer: viewer.github, maySign: await linesOf(ctx, maySign.changes), maySignTotal: maySign.total,
    waitingOnOthers: await linesOf(ctx, others.changes), waitingOnOthersTotal: others.total, recentlySigned: await linesOf(ctx, signed), renderedAt,
  };
}
