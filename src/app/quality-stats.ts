import type { TracedLink } from '../domain/accountability/quality.js';
import type { Change } from '../domain/change.js';
import { findChangeById } from '../store/changes.js';
import { incidentsSince } from '../store/incidents.js';
import type { AppContext } from './context.js';

/** The AI tools a change's evidence names. */
export function toolsOf(change: Pick<Change, 'signals'>): string[] {
  return [...new Set(change.signals.map((s) => s.tool))];
}

/** Reverts and incidents linked since `since`, with the teams, tools and signers of the change they trace to. */
export async function tracedLinksSince(ctx: AppContext, since: string, visible: (c: Change) => boolean = () => true): Promise<(TracedLink & { change: Change; reference: string; by: string; at: string })[]> {
  const out = [];
  for (const row of await incidentsSince(ctx.store.db, since)) {
    const change = await findChangeById(ctx.store.db, row.change_id);
    if (!change || !visible(change)) continue;
    out.push({
      kind: row.kind, teams: change.owning_teams, tools: toolsOf(change), signers: JSON.parse(row.signers) as string[],
      change, reference: row.reference, by: row.by, at: row.at,
    });
  }
  return out;
}
