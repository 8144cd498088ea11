#!/usr/bin/env node
// The inbox worker's poll while retries pile up: 1,145 deliveries waiting out a backoff
// (real pull_request payloads, about 30 KB each) beside a few ready ones, against the
// same ready deliveries in an inbox with nothing retrying, in the same run. Prints the
// time per poll for each and the ratio; a poll's cost should follow what is ready,
// not what is waiting (ratio near 1).
// Usage: npm run build && node scripts/bench/inbox-poll.mjs [--retrying 1145] [--polls 200]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import examples from '@octokit/webhooks-examples' with { type: 'json' };
import { openStore } from '../../dist/store/db.js';
import { claimDeliveries, readyDeliveries } from '../../dist/store/inbox.js';
import { migrateToLatest } from '../../dist/store/migrate.js';

const { values } = parseArgs({ options: { retrying: { type: 'string', default: '1145' }, polls: { type: 'string', default: '200' } } });
const RETRYING = Number(values.retrying);
const POLLS = Number(values.polls);
const NOW = '2026-11-25T10:00:00.000Z';
const LATER = '2026-11-25T11:00:00.000Z';
const dir = mkdtempSync(join(tmpdir(), 'countersign-inbox-bench-'));
const pr = examples.find((e) => e.name === 'pull_request').examples.find((e) => e.action === 'opened');
const payload = JSON.stringify({ ...pr, pull_request: { ...pr.pull_request, body: 'x'.repeat(20_000) } });

async function inbox(name, retrying) {
  const store = openStore(`sqlite:${join(dir, `${name}.db`)}`);
  await migrateToLatest(store.db, store.flavor);
  const row = (i, due) => ({
    delivery_id: `${name}-${i}`, event: 'pull_request', action: 'opened', order_key: `org/repo#${i}`, payload,
    received_at: NOW, state: 'pending', attempts: due ? 0 : 3, next_attempt_at: due ? NOW : LATER,
  });
  const rows = [...Array.from({ length: retrying }, (_, i) => row(i, false)), ...Array.from({ length: 16 }, (_, i) => row(retrying + i, true))];
  for (let i = 0; i < rows.length; i += 200) await store.db.insertInto('inbox').values(rows.slice(i, i + 200)).execute();
  return store;
}

/** One poll as the worker makes it: read what is ready, claim it (claims here never expire the next poll's view). */
async function poll(store) {
  const ready = await readyDeliveries(store.db, NOW, 16);
  await claimDeliveries(store.db, [], 'bench', NOW, LATER);
  return ready.length;
}

async function timePolls(store) {
  for (let i = 0; i < 20; i++) await poll(store);
  const started = performance.now();
  for (let i = 0; i < POLLS; i++) if ((await poll(store)) !== 16) throw new Error('expected 16 ready deliveries');
  return (performance.now() - started) / POLLS;
}

const quiet = await inbox('quiet', 0);
const busy = await inbox('busy', RETRYING);
const base = await timePolls(quiet);
const loaded = await timePolls(busy);
console.log(`inbox poll, 16 ready deliveries, mean of ${POLLS} polls`);
console.log(`nothing retrying (baseline)   ${base.toFixed(3)} ms`);
console.log(`${String(RETRYING).padStart(5)} retrying            ${loaded.toFixed(3)} ms  ${(loaded / base).toFixed(2)}x`);
await quiet.close();
await busy.close();
rmSync(dir, { recursive: true, force: true });
