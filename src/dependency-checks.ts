import type { Logger } from './app/ports.js';
import { classifyFailure } from './reachability.js';

export interface DependencyCheck {
  service: 'slack' | 'github';
  /** Where it is reached (logged, so an operator sees a wrong URL at once). */
  url: string;
  /** Resolves with a one-line description (workspace, app name), or throws. */
  check(): Promise<string>;
}

/**
 * Say at start whether Slack and GitHub take our credentials, without waiting on them
 * and without falling over when they do not: webhooks are still stored and side
 * effects wait in the outbox either way. An unreachable service is checked again with
 * backoff until it answers, so the logs also say when it came back.
 */
export function checkDependencies(log: Logger, checks: readonly DependencyCheck[], retry = { firstMs: 5_000, maxMs: 5 * 60_000 }): { stop(): void } {
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  const run = async (c: DependencyCheck, waitMs: number, failedBefore: boolean): Promise<void> => {
    try {
      const detail = await c.check();
      log.info({ dependency: c.service, url: c.url }, `${c.service} ${failedBefore ? 'is reachable again' : 'is reachable'}: ${detail}`);
    } catch (error) {
      const failure = classifyFailure(error);
      const fields = { dependency: c.service, url: c.url, failure: failure.kind, reason: failure.reason };
      if (failure.kind === 'rejected') {
        log.error(fields, `${c.service} rejected our credentials: webhooks are still stored and side effects wait in the outbox; fix the credentials and restart (countersign doctor says more)`);
        return;
      }
      log.warn(fields, `${c.service} ${failure.kind === 'unreachable' ? 'cannot be reached' : 'is failing'}: side effects wait in the outbox; checking again in ${Math.round(waitMs / 1000)} s`);
      if (stopped) return;
      const timer = setTimeout(() => { timers.delete(timer); void run(c, Math.min(waitMs * 2, retry.maxMs), true); }, waitMs).unref();
      timers.add(timer);
    }
  };
  for (const c of checks) void run(c, retry.firstMs, false);
  return { stop: () => { stopped = true; for (const t of timers) clearTimeout(t); } };
}

/**
 * Keep trying `connect` with backoff until it succeeds (Slack's Socket Mode at start):
 * a service that is down when we start is not a reason to exit.
 */
export function connectInBackground(log: Logger, what: string, connect: () => Promise<void>, retry = { firstMs: 2_000, maxMs: 60_000 }): { stop(): void } {
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const attempt = (waitMs: number) => {
    connect().then(
      () => log.info({}, `${what} connected`),
      (error: unknown) => {
        const failure = classifyFailure(error);
        log.warn({ err: error, failure: failure.kind }, `${what} could not connect; trying again in ${Math.round(waitMs / 1000)} s`);
        if (!stopped) timer = setTimeout(() => attempt(Math.min(waitMs * 2, retry.maxMs)), waitMs).unref();
      },
    );
  };
  attempt(retry.firstMs);
  return { stop: () => { stopped = true; if (timer) clearTimeout(timer); } };
}
