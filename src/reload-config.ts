import { policyFrom, type AppContext } from './app/context.js';
import { useConfig } from './app/use-roster.js';
import { ConfigError } from './config/errors.js';
import type { Config } from './config/load.js';
import { reloadedConfig } from './config/reload.js';

/**
 * Read the config file again and, only if it is valid, make it the running config.
 * A bad file changes nothing: every problem is logged and the running config stays.
 * Requests already sent keep the ladder they were snapshotted with (team-calendar.ts).
 */
export function reloadConfig(ctx: AppContext, load: () => Config): boolean {
  let next: ReturnType<typeof reloadedConfig>;
  try {
    next = reloadedConfig(ctx.config, load());
    policyFrom(next.config); // whatever could still fail, before anything changes
  } catch (error) {
    if (error instanceof ConfigError) {
      ctx.log.error({ source: error.source, problems: error.problems }, `config reload refused, the running config is kept: ${error.message}`);
    } else {
      ctx.log.error({ err: error }, 'config reload failed, the running config is kept');
    }
    return false;
  }
  useConfig(ctx, next.config);
  ctx.log.info({ source: next.config.source, teams: next.config.teams.length, people: next.config.people.length }, 'config reloaded');
  if (next.needsRestart.length > 0) ctx.log.warn({ settings: next.needsRestart }, 'changed settings that take effect at the next start only (the running values are kept)');
  return true;
}
