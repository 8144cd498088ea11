import type { Config } from './load.js';

/**
 * What a reload may change while the service runs, and what only a restart can.
 *
 * Who may sign, where requests go, ladders, digests, detection, pacing and wording are
 * read from the config at each use, so a new file applies to the next decision. The
 * listener, the database, credentials and the playground are wired into clients and
 * routes at start: their new values are kept for the next start and named, so the
 * operator is not left believing a rotated secret is in use.
 */
const RESTART_ONLY = ['log_level', 'server', 'database', 'github', 'playground'] as const;
/** Sections where only these keys are read at use; the rest configure clients at start. */
const RELOADABLE_KEYS = { slack: ['lookup_by_email', 'channel_interval_ms'], microsoft_teams: ['lookup_by_email', 'channel_interval_ms'] } as const;

export interface Reloaded {
  /** The next config with the restart-only settings of the running one. */
  config: Config;
  /** Settings whose new value waits for a restart, such as "server.port" or "slack.bot_token". */
  needsRestart: string[];
}

export function reloadedConfig(running: Config, next: Config): Reloaded {
  const needsRestart: string[] = [];
  const merged: Record<string, unknown> = { ...next };
  for (const key of RESTART_ONLY) {
    needsRestart.push(...changedKeys(key, running[key], next[key]));
    merged[key] = running[key];
  }
  for (const [section, keys] of Object.entries(RELOADABLE_KEYS) as [keyof typeof RELOADABLE_KEYS, readonly string[]][]) {
    const kept: Record<string, unknown> = { ...running[section] };
    for (const key of keys) kept[key] = (next[section] as Record<string, unknown>)[key];
    needsRestart.push(...changedKeys(section, kept, next[section]));
    merged[section] = kept;
  }
  return { config: Object.freeze(merged) as unknown as Config, needsRestart };
}

/** The dotted names of keys that differ (the section itself for a scalar); values are never named: they may be secrets. */
function changedKeys(section: string, before: unknown, after: unknown): string[] {
  if (typeof before !== 'object' || before === null || typeof after !== 'object' || after === null) return same(before, after) ? [] : [section];
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((k) => !same((before as Record<string, unknown>)[k], (after as Record<string, unknown>)[k])).map((k) => `${section}.${k}`);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
