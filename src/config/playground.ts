import type { Config } from './load.js';
import { isLoopbackHost } from './load.js';

export interface PlaygroundMode {
  on: boolean;
  /** Served beyond loopback (allowed, with the configured access token). */
  remote: boolean;
  /** Why it is off, for the log. */
  reason: string | null;
}

/**
 * Whether the local playground runs. `auto` means a trial install: no chat platform
 * and no GitHub App. An install with either is a real one, where a page that lets its
 * visitor act as anyone has no place unless asked for (`enabled: true`). Beyond
 * loopback it runs only when explicitly allowed.
 */
export function playgroundMode(config: Pick<Config, 'playground' | 'server' | 'slack' | 'github' | 'microsoft_teams'>): PlaygroundMode {
  const { enabled, allow_remote } = config.playground;
  const remote = !isLoopbackHost(config.server.host);
  if (enabled === false) return { on: false, remote, reason: 'playground.enabled is false' };
  if (enabled === 'auto' && (config.slack.bot_token || config.microsoft_teams.app_id || config.github.app_id !== undefined)) {
    return { on: false, remote, reason: 'a chat platform or a GitHub App is configured (set playground.enabled: true to have it anyway)' };
  }
  if (remote && !allow_remote) return { on: false, remote, reason: `server.host ${config.server.host} is beyond loopback (set playground.allow_remote and COUNTERSIGN_PLAYGROUND_TOKEN to serve it there)` };
  return { on: true, remote, reason: null };
}
