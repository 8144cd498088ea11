#!/usr/bin/env node
// Slack interaction ack latency: p50/p99 of the HTTP answer to a signed block_actions
// request for the Sign off button, at a fixed arrival rate (open loop: arrivals do not
// wait for answers), for
//   (a) Countersign (`node dist/cli.js start`), clicking a real tracked change, and
//   (b) a bare Bolt app (scripts/bench/bare-bolt.mjs: same Bolt, HTTPReceiver and signing
//       secret; its handler acks, then calls views.open),
// in the same run, both against one fake Slack Web API (scripts/bench/fake-slack-api.mjs).
// Target: Countersign's p99 < 100 ms at 100 interactions/s.
// Usage: npm run build && node scripts/bench/slack-ack.mjs [--rate 100] [--seconds 10] [--warmup 3]
//        [--cpu-prof DIR]   (write a V8 CPU profile of the Countersign server into DIR)
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { runningChildren, startProcess, stopProcess } from './processes.mjs';
import { Webhooks } from '@octokit/webhooks';
import examples from '@octokit/webhooks-examples' with { type: 'json' };

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '100' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    'cpu-prof': { type: 'string' },
  },
});
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const WARMUP = Number(values.warmup);
const TARGET_P99_MS = 100;
if (!(RATE > 0) || !(SECONDS > 0) || !(WARMUP >= 0)) throw new Error('--rate and --seconds must be positive numbers, --warmup >= 0');

const GITHUB_SECRET = 'bench-github-secret';
const SIGNING_SECRET = 'bench-slack-signing-secret';
const BOT_TOKEN = 'xoxb-bench';
const CHANNEL = 'C0BENCH';
const CLICKER = 'U0BENCHSENIOR';
const TEAM = 'T0BENCH001';
const ACTION_ID = 'countersign_signoff';
const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'countersign-slack-bench-'));
let cleaned = false;
async function cleanup() {
  if (cleaned) return;
  cleaned = true;
  agent.destroy();
  await Promise.all(runningChildren().map(stopProcess));
  rmSync(dir, { recursive: true, force: true });
}
// Last resort (an uncaught error, process.exit): no child outlives the benchmark.
process.on('exit', () => {
  for (const child of runningChildren()) child.kill('SIGKILL');
  if (!cleaned) rmSync(dir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => { void cleanup().finally(() => process.exit(130)); });
}

// ---------------------------------------------------------------- HTTP

// node:http with keep-alive is cheaper per request than fetch: the load generator shares
// two cores with the servers.
const agent = new Agent({ keepAlive: true, maxSockets: Infinity, keepAliveMsecs: 10_000 });

function send(url, method, headers, body) {
  return new Promise((resolveSend, reject) => {
    const req = request(url, { method, agent, headers: body === undefined ? headers : { ...headers, 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolveSend({ status: res.statusCode, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const getJson = async (url) => JSON.parse((await send(url, 'GET', {})).text);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- Slack requests

const digits = (n) => Array.from(randomBytes(n), (b) => b % 10).join('');
const hex = (n) => randomBytes(Math.ceil(n / 2)).toString('hex').slice(0, n);

/** A block_actions request as Slack sends it: form-encoded payload, fresh trigger id and timestamp. */
function blockAction(button) {
  const now = Math.floor(Date.now() / 1000);
  const payload = {
    type: 'block_actions',
    user: { id: CLICKER, username: 'senior', name: 'senior', team_id: TEAM },
    api_app_id: 'A0BENCH001',
    token: 'legacyVerificationTokenXYZ',
    container: { type: 'message', message_ts: button.ts, channel_id: CHANNEL, is_ephemeral: false },
    trigger_id: `${digits(13)}.${digits(13)}.${hex(32)}`,
    team: { id: TEAM, domain: 'bench' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: CHANNEL, name: 'bench' },
    message: { type: 'message', user: 'U0BENCHBOT', bot_id: 'B0BENCHBOT', app_id: 'A0BENCH001', team: TEAM, ts: button.ts, text: button.text, blocks: button.blocks },
    state: { values: {} },
    response_url: `https://hooks.slack.com/actions/${TEAM}/${digits(13)}/${hex(24)}`,
    actions: [{ action_id: ACTION_ID, block_id: button.blockId, text: { type: 'plain_text', text: 'Sign off', emoji: true }, value: button.value, type: 'button', action_ts: `${now}.${digits(6)}` }],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return {
    body,
    headers: {
      // Exactly this content type, no charset: Bolt 5.1 compares it with ===.
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
      'x-slack-request-timestamp': String(now),
      'x-slack-signature': `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${now}:${body}`).digest('hex')}`,
    },
  };
}

// ---------------------------------------------------------------- measuring

/** Cumulative user+system CPU of a child, in ms (Linux /proc; clock ticks of 10 ms). */
function childCpuMs(child) {
  try {
    const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return NaN;
  }
}

/** An open loop at a fixed rate: latency (to the complete HTTP answer) of every request. */
async function openLoop(server, button, rate, seconds) {
  const total = Math.round(rate * seconds);
  const latencies = [];
  const statuses = {};
  let maxLag = 0;
  const inFlight = [];
  const started = performance.now();
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    const { body, headers } = blockAction(button);
    const sent = performance.now();
    maxLag = Math.max(maxLag, sent - due);
    inFlight.push(send(`${server.url}/slack/events`, 'POST', headers, body).then(
      (res) => { latencies.push(performance.now() - sent); statuses[res.status] = (statuses[res.status] ?? 0) + 1; },
      (error) => { statuses[error.code ?? 'error'] = (statuses[error.code ?? 'error'] ?? 0) + 1; },
    ));
  }
  await Promise.all(inFlight);
  latencies.sort((a, b) => a - b);
  const at = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN;
  return { total, statuses, p50: at(0.5), p99: at(0.99), max: latencies.at(-1) ?? NaN, maxLag };
}

async function viewsOpened(fake) {
  return (await getJson(`${fake.url}/_bench/stats`)).counts['views.open'] ?? 0;
}

async function measure(server, fake, button) {
  const opensBefore = await viewsOpened(fake);
  const cpu0 = process.cpuUsage();
  const serverCpu0 = childCpuMs(server.child);
  const wall0 = performance.now();
  const result = await openLoop(server, button, RATE, SECONDS);
  const wall = performance.now() - wall0;
  const cpu = process.cpuUsage(cpu0);
  const serverCpu = childCpuMs(server.child) - serverCpu0;
  // views.open follows the ack: give the last handlers a moment to finish.
  let opened = 0;
  for (let i = 0; i < 50; i++) {
    opened = (await viewsOpened(fake)) - opensBefore;
    if (opened >= result.total) break;
    await sleep(50);
  }
  return { ...result, opened, loadCpuPct: ((cpu.user + cpu.system) / 1000 / wall) * 100, serverCpuPerReq: serverCpu / result.total };
}

// ---------------------------------------------------------------- setup

/** One signed pull_request.opened delivery by Copilot, without an installation (no GitHub App). */
async function openPullRequest(server) {
  const payload = structuredClone(examples.find((e) => e.name === 'pull_request').examples.find((e) => e.action === 'opened'));
  payload.pull_request.user = { ...payload.pull_request.user, login: 'Copilot', type: 'Bot' };
  delete payload.installation;
  const body = JSON.stringify(payload);
  const webhooks = new Webhooks({ secret: GITHUB_SECRET });
  const res = await send(`${server.url}/github/webhooks`, 'POST', {
    'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': `bench-${hex(12)}`,
    'x-hub-signature-256': await webhooks.sign(body),
  }, body);
  if (res.status >= 300) throw new Error(`the pull_request webhook got HTTP ${res.status}: ${res.text}`);
}

/** Wait for Countersign's review request in the channel; its Sign off button's value. */
async function waitForReviewRequest(fake) {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const { posted } = await getJson(`${fake.url}/_bench/posted`);
    for (const message of posted) {
      if (message.channel !== CHANNEL || message.thread_ts || !Array.isArray(message.blocks)) continue;
      for (const block of message.blocks) {
        const button = block.type === 'actions' && block.elements?.find((e) => e.action_id === ACTION_ID);
        if (button) return { ts: message.ts, text: message.text ?? '', blocks: message.blocks, blockId: block.block_id, value: button.value };
      }
    }
    await sleep(100);
  }
  throw new Error(`no review request with a ${ACTION_ID} button reached the fake Slack API in 20 s`);
}

const CONFIG = `# written by scripts/bench/slack-ack.mjs
teams:
  - name: bench
    channels: { slack: ${CHANNEL} }
    seniors: [bench-senior]
ownership: { fallback_team: bench }
people:
  - { github: bench-senior, slack: ${CLICKER} }
slack: { channel_interval_ms: 0 }
`;

// ---------------------------------------------------------------- run

function row(name, r) {
  const ok = r.statuses[200] ?? 0;
  const other = Object.entries(r.statuses).filter(([s]) => s !== '200').map(([s, n]) => `${s}:${n}`).join(' ');
  return `${name.padEnd(44)} p50 ${r.p50.toFixed(2).padStart(7)} ms   p99 ${r.p99.toFixed(2).padStart(7)} ms   max ${r.max.toFixed(2).padStart(7)} ms   ` +
    `200s ${ok}/${r.total}${other ? ` (${other})` : ''}   views.open ${r.opened}/${r.total}   server CPU ${r.serverCpuPerReq.toFixed(2)} ms/req`;
}

let exitCode = 0;
try {
  writeFileSync(join(dir, 'countersign.yml'), CONFIG);
  const fake = await startProcess('fake Slack API', [join(root, 'scripts/bench/fake-slack-api.mjs')], { cwd: dir });
  const profDir = values['cpu-prof'] ? resolve(values['cpu-prof']) : null;
  const ours = await startProcess('countersign', [...(profDir ? ['--cpu-prof', `--cpu-prof-dir=${profDir}`] : []), join(root, 'dist/cli.js'), 'start'], { cwd: dir, env: {
    PORT: '0', DATABASE_URL: `sqlite:${join(dir, 'countersign.db')}`, GITHUB_WEBHOOK_SECRET: GITHUB_SECRET, LOG_LEVEL: 'info',
    SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl,
  } });
  const bare = await startProcess('bare Bolt', [join(root, 'scripts/bench/bare-bolt.mjs')], { cwd: dir, env: {
    SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl,
  } });

  await openPullRequest(ours);
  const button = await waitForReviewRequest(fake);

  // Warm up JIT, connections, Bolt's auth.test and SQLite's page cache in both servers.
  if (WARMUP > 0) {
    await openLoop(bare, button, RATE, WARMUP);
    await openLoop(ours, button, RATE, WARMUP);
    await sleep(500);
  }
  const baseline = await measure(bare, fake, button);
  await sleep(500);
  const measured = await measure(ours, fake, button);

  console.log(`Slack interaction ack (block_actions ${ACTION_ID}), open loop at ${RATE}/s for ${SECONDS}s after ${WARMUP}s warm-up; latency = time to the HTTP answer`);
  console.log(row('bare Bolt (ack, then views.open)', baseline));
  console.log(row('countersign POST /slack/events', measured));
  console.log(`load generator: ${Math.max(baseline.loadCpuPct, measured.loadCpuPct).toFixed(1)}% of one core, max send lag ${Math.max(baseline.maxLag, measured.maxLag).toFixed(1)} ms`);
  const ratio = measured.p99 / baseline.p99;
  console.log(`p99 ratio ${ratio.toFixed(2)}x the bare Bolt app's`);
  const met = measured.p99 < TARGET_P99_MS && (measured.statuses[200] ?? 0) === measured.total;
  console.log(`p99 at ${RATE}/s ${measured.p99.toFixed(2)} ms (target < ${TARGET_P99_MS} ms${(measured.statuses[200] ?? 0) === measured.total ? '' : ', every ack a 200'}): ${met ? 'met' : 'MISSED'}`);
  if (profDir) console.log(`CPU profile of the Countersign server: ${profDir} (written when it stops)`);
} catch (error) {
  console.error(`slack-ack: ${error?.stack ?? error}`);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exitCode = exitCode;
