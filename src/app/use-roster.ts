import type { Config } from '../config/load.js';
import { policyFrom, type AppContext } from './context.js';

/** Make `config` (as read from the file) the running config, with the members known now. */
export function useConfig(ctx: AppContext, config: Config): void {
  ctx.roster.configure(config);
  applyRoster(ctx);
}

/**
 * Read what is due of the named teams' GitHub teams (all: null), before any transaction
 * (no network inside one), and apply it. Throws RosterUnavailable.
 */
export async function resolveRoster(ctx: AppContext, teamNames: readonly string[] | null, now: Date): Promise<void> {
  if (await ctx.roster.refresh(teamNames, now)) applyRoster(ctx);
}

function applyRoster(ctx: AppContext): void {
  const config = ctx.roster.effective();
  const policy = policyFrom(config);
  // Both at once, with no await between: a use case never sees one roster's teams with another's policy.
  ctx.config = config;
  ctx.policy = policy;
}

