import type { Change } from '../domain/change.js';
import type { Person } from '../domain/policy.js';
import { signedOffSince } from '../store/changes.js';
import { pendingPage } from '../store/open-queue.js';
import { decisionsFor, decisionsForChanges } from '../store/signoffs.js';
import type { AppContext } from './context.js';
import { awaitsDecisionIn, linesOf, pendingFilterFor } from './queries.js';
import type { HomeView } from './views.js';

const RECENT_DAYS = 7;
/** Open requests a home reads at most: far more than it lists, so its counts stay right. */
const HOME_OPEN_LIMIT = 500;

/** The viewer's queue: what they may sign now, what waits on others, what they signed lately. */
export async function homeView(ctx: AppContext, viewer: Person | null, now: Date): Promise<HomeView> {
  const renderedAt = now.toISOString();
  if (!viewer) return { viewer: null, maySign: [], waitingOnOthers: [], recentlySigned: [], renderedAt };
  // Only the viewer's teams' requests and their own, and their decisions in one query:
  // a home is refreshed after every post, so it must not read everyone's queue.
  const filter = pendingFilterFor(ctx, viewer);
  const open = filter ? (await pendingPage(ctx.store.db, filter, HOME_OPEN_LIMIT)).changes : [];
  const decisions = await decisionsForChanges(ctx.store.db, open.map((c) => c.id));
  const maySign: Change[] = [];
  const others: Change[] = [];
  for (const change of open) (awaitsDecisionIn(ctx, change, viewer, decisions.get(change.id) ?? []) ? maySign : others).push(change);
  const me = viewer.github.toLowerCase();
  const since = new Date(now.getTime() - RECENT_DAYS * 86_400_000).toISOString();
  const signed: Change[] = [];
  for (const change of await signedOffSince(ctx.store.db, since)) {
    const decisions = await decisionsFor(ctx.store.db, change.id);
    if (decisions.some((d) => d.decision === 'approve' && d.reviewer.toLowerCase() === me && d.at >= since)) signed.push(change);
  }
  return { viewer: viewer.github, maySign: await linesOf(ctx, maySign), waitingOnOthers: await linesOf(ctx, others), recentlySigned: await linesOf(ctx, signed), renderedAt };
}
