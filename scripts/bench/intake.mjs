#!/usr/bin/env node
// Durable intake: throughput and latency of POST /github/webhooks against a baseline
// measured in the same run (scripts/bench/baseline-intake.mjs). Targets (issue "The
// spine"): throughput >= 0.5x the baseline's; p99 < 25 ms at 500 deliveries/s.
// Usage: npm run build && node scripts/bench/intake.mjs [--deliveries 3000] [--rate 500] [--seconds 5]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runningChildren, startProcess, stopProcess } from './processes.mjs';
import { Webhooks } from '@octokit/webhooks';
import examples from '@octokit/webhooks-examples' with { type: 'json' };

const { values } = parseArgs({ options: { deliveries: { type: 'string', default: '3000' }, rate: { type: 'string', default: '500' }, seconds: { type: 'string', default: '5' }, concurrency: { type: 'string', default: '32' } } });
const SECRET = 'bench-secret';
const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'countersign-bench-'));

const template = structuredClone(examples.find((e) => e.name === 'pull_request').examples.find((e) => e.action === 'opened'));
template.pull_request.head.ref = 'copilot/fix-login';
template.pull_request.user = { ...template.pull_request.user, login: 'Copilot', type: 'Bot' };
const webhooks = new Webhooks({ secret: SECRET });
let counter = 0;
async function delivery() {
  const n = ++counter;
  const payload = { ...template, number: n, pull_request: { ...template.pull_request, number: n } };
  const body = JSON.stringify(payload);
  return { body, headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': `bench-${n}`, 'x-hub-signature-256': await webhooks.sign(body) } };
}

async function post(url, d) {
  const started = performance.now();
  const res = await fetch(`${url}/github/webhooks`, { method: 'POST', headers: d.headers, body: d.body });
  await res.arrayBuffer();
  if (res.status >= 300) throw new Error(`HTTP ${res.status}`);
  return performance.now() - started;
}

/** As fast as `concurrency` connections allow: deliveries per second. */
async function throughput(url, total, concurrency) {
  const prepared = await Promise.all(Array.from({ length: total }, delivery));
  let next = 0;
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => { while (next < total) await post(url, prepared[next++]); }));
  return total / ((performance.now() - started) / 1000);
}

/** An open loop at a fixed rate (arrivals do not wait for answers): latency percentiles. */
async function latencyAtRate(url, rate, seconds) {
  const total = rate * seconds;
  const prepared = await Promise.all(Array.from({ length: total }, delivery));
  const latencies = [];
  const started = performance.now();
  const inFlight = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(post(url, prepared[i]).then((ms) => latencies.push(ms)));
  }
  await Promise.all(inFlight);
  latencies.sort((a, b) => a - b);
  const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  return { p50: at(0.5), p99: at(0.99) };
}

async function measure(name, server) {
  await throughput(server.url, 300, 8); // warm up JIT, connections and the database file
  const perSecond = await throughput(server.url, Number(values.deliveries), Number(values.concurrency));
  const { p50, p99 } = await latencyAtRate(server.url, Number(values.rate), Number(values.seconds));
  await stopProcess(server.child);
  return { name, perSecond, p50, p99 };
}

try {
  const baseline = await measure('baseline (node:http + HMAC + one WAL insert)', await startProcess('baseline', [join(root, 'scripts/bench/baseline-intake.mjs'), join(dir, 'baseline.db'), SECRET], { cwd: dir }));
  const ours = await measure('countersign POST /github/webhooks', await startProcess('countersign', [join(root, 'dist/cli.js'), 'start'], { cwd: dir, env: {
    PORT: '0', DATABASE_URL: `sqlite:${join(dir, 'countersign.db')}`, GITHUB_WEBHOOK_SECRET: SECRET, LOG_LEVEL: 'info',
  } }));
  const row = (r) => `${r.name.padEnd(48)} ${r.perSecond.toFixed(0).padStart(8)}/s   p50 ${r.p50.toFixed(2).padStart(7)} ms   p99 ${r.p99.toFixed(2).padStart(7)} ms`;
  console.log(`durable intake, ${values.deliveries} deliveries at ${values.concurrency} connections; latency at ${values.rate}/s for ${values.seconds}s`);
  console.log(row(baseline));
  console.log(row(ours));
  const ratio = ours.perSecond / baseline.perSecond;
  console.log(`throughput ratio ${ratio.toFixed(2)}x the baseline (target >= 0.5x): ${ratio >= 0.5 ? 'met' : 'MISSED'}`);
  console.log(`p99 at ${values.rate}/s ${ours.p99.toFixed(2)} ms (target < 25 ms): ${ours.p99 < 25 ? 'met' : 'MISSED'}`);
} finally {
  await Promise.all(runningChildren().map(stopProcess));
  rmSync(dir, { recursive: true, force: true });
}
