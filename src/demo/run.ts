import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Webhooks } from '@octokit/webhooks';
import type { Clock, Logger } from '../app/ports.js';
import { parseConfig } from '../config/load.js';
import { localSecret } from '../config/local-secret.js';
import { start, type Running } from '../main.js';
import { claimDemo } from './claim.js';
import { DEMO_CONFIG } from './config.js';
import { FastClock, nextMondayAt } from './fast-clock.js';
import { startDemoGitHub, type DemoGitHub, type DemoGitHubWrite } from './github-double.js';
import { demoScenario, type DemoDelivery } from './scenarios.js';

export interface DemoOptions {
  cwd: string;
  /** Listen here (0: any free port). */
  port: number;
  /** Run a fast clock: a working day in about a minute. */
  fast: boolean;
  /** How much faster than the wall clock the fast clock runs. */
  speed?: number;
  /** A clock of the caller's instead (tests move it by hand). */
  clock?: Clock;
  /** Pause between two deliveries, so the page fills as you watch. */
  pauseMs?: number;
  log: Logger;
  /** Where the demo narrates what it does. */
  say: (line: string) => void;
}

export interface Demo {
  running: Running;
  github: DemoGitHub;
  /** Settles when every delivery was sent. */
  replayed: Promise<void>;
  stop(): Promise<void>;
}

export const DEMO_SPEED = 360;
const DEMO_ZONE = 'Europe/Berlin';
/** The demo serves the playground on loopback only. */
const DEMO_HOST = '127.0.0.1';
/** Just before the working day and its 09:00 digest. */
export const DEMO_START = { hour: 8, minute: 58 };

/**
 * `countersign demo`: the real service with the demo teams, a fresh database under
 * ./data/demo, the local playground as its chat, and a stand-in GitHub serving
 * acme/storefront's commits, files and CODEOWNERS and recording the checks and
 * comments Countersign writes. Real example payloads from @octokit/webhooks-examples,
 * adapted to carry AI markers of several kinds, are signed with the local webhook
 * secret and sent to the real webhook endpoint, as GitHub would send them.
 */
export async function runDemo(options: DemoOptions): Promise<Demo> {
  const dir = resolve(options.cwd, 'data', 'demo');
  // Nothing is deleted before the directory and the port are ours.
  const unlock = await claimDemo(dir, DEMO_HOST, options.port);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const scenario = demoScenario();
  let github: DemoGitHub;
  try {
    github = await startDemoGitHub(scenario, { onWrite: (w) => options.say(describeWrite(w)) });
  } catch (error) {
    unlock();
    throw error;
  }
  // The local webhook secret, kept beside the demo database as `start` keeps its own.
  const secret = localSecret(join(dir, 'webhook-secret'));
  const config = parseConfig(DEMO_CONFIG, {
    source: 'the demo configuration', cwd: options.cwd,
    env: { HOST: DEMO_HOST, DATABASE_URL: `sqlite:${join(dir, 'countersign.db')}`, GITHUB_APP_ID: String(github.appId), GITHUB_PRIVATE_KEY: github.privateKey, GITHUB_API_URL: github.url, GITHUB_WEBHOOK_SECRET: secret },
  });
  const speed = options.speed ?? DEMO_SPEED;
  const fastClock = !options.clock && options.fast ? new FastClock(nextMondayAt(new Date(), DEMO_ZONE, DEMO_START), speed, { held: true }) : null;
  const clock = options.clock ?? fastClock ?? undefined;
  let running: Running;
  try {
    // A fast clock needs the sweep to look every second, not every (wall-clock) minute.
    running = await start({ config, clock, cwd: options.cwd, port: options.port, log: options.log, scheduler: !clock, pacing: { github: 0 } });
  } catch (error) {
    await github.close();
    unlock();
    throw error;
  }
  const sweep = clock ? setInterval(() => { void running.scheduler.tick(); }, 1000) : null;
  sweep?.unref();

  const stopped = { value: false };
  const replayed = replay(running.url, secret, scenario.deliveries, options, stopped);
  // The clock runs once the pull requests are in, so the 09:00 digest lists them.
  if (fastClock) void replayed.then(() => running.worker.drain()).catch(() => {}).finally(() => fastClock.release());
  let stopping: Promise<void> | null = null;
  return {
    running, github, replayed,
    stop: () => (stopping ??= (async () => {
      stopped.value = true;
      if (sweep) clearInterval(sweep);
      await replayed.catch(() => {});
      await running.stop();
      await github.close();
      unlock();
    })()),
  };
}

async function replay(url: string, secret: string, deliveries: readonly DemoDelivery[], options: DemoOptions, stopped: { value: boolean }): Promise<void> {
  const webhooks = new Webhooks({ secret });
  for (const delivery of deliveries) {
    await new Promise((r) => setTimeout(r, options.pauseMs ?? 400));
    if (stopped.value) return;
    const body = JSON.stringify(delivery.payload);
    const res = await fetch(`${url}/github/webhooks`, {
      method: 'POST', body,
      headers: { 'content-type': 'application/json', 'x-github-event': delivery.event, 'x-github-delivery': delivery.id, 'x-hub-signature-256': await webhooks.sign(body) },
    });
    const payload = delivery.payload as { action?: string; number?: number };
    options.say(`webhook ${delivery.event}.${payload.action ?? ''} #${payload.number ?? '?'} → ${res.status}: ${delivery.caption}`);
  }
}

function describeWrite(w: DemoGitHubWrite): string {
  switch (w.kind) {
    case 'check_run': return `GitHub ← check run on ${w.head_sha.slice(0, 7)}: ${w.conclusion ?? w.status}${w.title ? ` (${w.title})` : ''}`;
    case 'commit_status': return `GitHub ← commit status on ${w.sha.slice(0, 7)}: ${w.state}`;
    case 'comment': return `GitHub ← comment ${w.action} on #${w.number}`;
  }
}
