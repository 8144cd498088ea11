#!/usr/bin/env node
// The outbox dispatcher with backlogs beside the review requests: how long 300 review
// requests, one per team channel, take to go out
//   - alone (the baseline, measured in the same run);
//   - beside 300 GitHub writes queued with them (GitHub's pace: one write a second);
//   - behind 200 requests already waiting in one busy team's channel (Slack's pace: one
//     message a second per channel).
// Each is printed with its ratio to the baseline: a backlog should hold back only its
// own channel (ratio near 1). The deliverers answer at once; what is measured is the
// dispatcher and its reads of the outbox, on a SQLite file (or --database postgres://…).
// Usage: npm run build && node scripts/bench/outbox-backlog.mjs [--requests 300] [--backlog 200] [--database URL of a scratch database]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { OutboxDispatcher } from '../../dist/jobs/outbox-dispatcher.js';
import { createLogger } from '../../dist/logger.js';
import { openStore } from '../../dist/store/db.js';
import { migrateToLatest } from '../../dist/store/migrate.js';
import { enqueue } from '../../dist/store/outbox.js';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '300' }, backlog: { type: 'string', default: '200' }, database: { type: 'string' } } });
const REQUESTS = Number(values.requests);
const BACKLOG = Number(values.backlog);
const PACE_MS = 1000;
const dir = mkdtempSync(join(tmpdir(), 'countersign-outbox-bench-'));
const log = createLogger('silent');
const clock = { now: () => new Date() };

const request = (key, channel) => ({ idempotency_key: key, kind: 'review_request.post', destination: 'slack', change_id: null, payload: { channel } });
const check = (key) => ({ idempotency_key: key, kind: 'check.set', destination: 'github', change_id: null, payload: { state: 'pending' } });

/** Time until every review request in `messages` was delivered, the dispatcher looping as the service runs it. */
async function timeToPost(name, messages) {
  const store = openStore(values.database ?? `sqlite:${join(dir, `${name}.db`)}`);
  await migrateToLatest(store.db, store.flavor);
  await store.db.deleteFrom('outbox').execute();
  await enqueue(store.db, messages, clock.now().toISOString());
  const waiting = new Set(messages.filter((m) => m.idempotency_key.startsWith('request-')).map((m) => m.idempotency_key));
  let allPosted;
  const posted = new Promise((resolve) => { allPosted = resolve; });
  const deliver = async (row) => {
    if (waiting.delete(row.idempotency_key) && waiting.size === 0) allPosted(performance.now());
    await store.db.updateTable('outbox').set({ state: 'done' }).where('id', '=', row.id).execute();
  };
  const dispatcher = new OutboxDispatcher({ store, log }, clock, {
    slack: { deliver, pacing: { intervalMs: PACE_MS } },
    github: { deliver, pacing: { intervalMs: PACE_MS } },
  }, { pollMs: 50 });
  const started = performance.now();
  dispatcher.start();
  const ms = (await posted) - started;
  await dispatcher.stop();
  await store.close();
  return ms;
}

/** The median of three runs: the host's pauses vary. */
async function median(name, messages) {
  const times = [];
  for (let i = 0; i < 3; i++) times.push(await timeToPost(`${name}-${i}`, messages));
  return times.sort((a, b) => a - b)[1];
}

const requests = Array.from({ length: REQUESTS }, (_, i) => request(`request-${i}`, `C${i}`));
await timeToPost('warm-up', requests); // the first run compiles the code and warms the database
const base = await median('alone', requests);
// The GitHub writes are queued with the requests, as a pull request's decision queues both.
const withGitHub = await median('github', requests.flatMap((r, i) => [check(`check-${i}`), r]));
const behindBusy = await median('busy', [...Array.from({ length: BACKLOG }, (_, i) => request(`busy-${i}`, 'C-busy')), ...requests]);

console.log(`time until ${REQUESTS} review requests (one per channel) are posted, median of 3, ${values.database ? 'PostgreSQL' : 'SQLite'}`);
console.log(`alone (baseline)                         ${base.toFixed(0).padStart(6)} ms`);
console.log(`beside ${REQUESTS} GitHub writes                 ${withGitHub.toFixed(0).padStart(6)} ms  ${(withGitHub / base).toFixed(2)}x`);
console.log(`behind ${BACKLOG} waiting in one busy channel    ${behindBusy.toFixed(0).padStart(6)} ms  ${(behindBusy / base).toFixed(2)}x`);
rmSync(dir, { recursive: true, force: true });
