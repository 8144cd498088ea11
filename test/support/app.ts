import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../src/app/ports.js';
import { parseConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/logger.js';
import { start, type Running } from '../../src/main.js';

export const WEBHOOK_SECRET = 'test-webhook-secret';

/** A clock a test moves by hand. */
export class ManualClock implements Clock {
  constructor(private current = new Date('2026-11-20T09:00:00Z')) {}
  now(): Date { return new Date(this.current); }
  advance(ms: number): void { this.current = new Date(this.current.getTime() + ms); }
  set(iso: string): void { this.current = new Date(iso); }
}

export interface TestApp extends Running {
  dir: string;
  clock: ManualClock;
  close(): Promise<void>;
}

/**
 * The real service on a real socket (port 0) over a fresh SQLite file, configured
 * from YAML text as an operator would. The worker and dispatcher loops are stopped so
 * a test decides when deliveries are applied (`worker.drain()`) and side effects
 * delivered (`dispatcher.drain()`).
 */
export async function startTestApp(yaml = '', env: Record<string, string> = {}, options: { dir?: string; clock?: ManualClock } = {}): Promise<TestApp> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'countersign-test-'));
  const config = parseConfig(yaml, {
    env: { DATABASE_URL: `sqlite:${join(dir, 'countersign.db')}`, GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET, ...env },
    cwd: dir,
  });
  const clock = options.clock ?? new ManualClock();
  const running = await start({ config, clock, cwd: dir, port: 0, log: createLogger(process.env.TEST_LOG ?? 'silent'), scheduler: false });
  await running.worker.stop();
  await running.dispatcher.stop();
  return {
    ...running, dir, clock,
    async close() {
      await running.stop();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
