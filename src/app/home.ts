import type { Change } from '../domain/change.js';
import type { Person } from '../domain/policy.js';
import { openRequests, signedOffSince } from '../store/changes.js';
import { decisionsFor } from '../store/signoffs.js';
import type { AppContext } from './context.js';
import { awaitsDecisionFrom, linesOf, visibility } from './queries.js';
import type { HomeView } from './views.js';

const RECENT_DAYS = 7;

/** The viewer's queue: what they may sign now, what waits on others, what they signed lately. */
export async function homeView(ctx: AppContext, viewer: Person | null, now: Date): Promise<HomeView> {
  const renderedAt = now.toISOString();
  if (!viewer) return { viewer: null, maySign: [], waitingOnOthers: [], recentlySigned: [], renderedAt };
  const visible = visibility(ctx, viewer);
  const open = (await openRequests(ctx.store.db)).filter(visible);
  const maySign: Change[] = [];
  const others: Change[] = [];
  for (const change of open) (await awaitsDecisionFrom(ctx, change, viewer) ? maySign : others).push(change);
  const me = viewer.github.toLowerCase();
  const since = new Date(now.getTime() - RECENT_DAYS * 86_400_000).toISOString();
  const signed: Change[] = [];
  for (const change of await signedOffSince(ctx.store.db, since)) {
    const decisions = await decisionsFor(ctx.store.db, change.id);
    if (decisions.some((d) => d.decision === 'approve' && d.reviewer.toLowerCase() === me && d.at >= since)) signed.push(change);
  }
  return { viewer: viewer.github, maySign: await linesOf(ctx, maySign), waitingOnOthers: await linesOf(ctx, others), recentlySigned: await linesOf(ctx, signed), renderedAt };
}
