#!/usr/bin/env node
// Countersign at 100,000 open changes and 1,000 teams (issue 12): every acceptance line,
// each printed beside a baseline measured in the same run.
//   - start to /readyz, seeded, against the same with an empty database (target within 2x);
//   - CPU of the idle service over --idle-seconds when nothing is due (target < 2% of a core);
//   - steady RSS (target < 200 MB) and peak RSS while the service posts 1,000 digests (< 300 MB);
//   - /signoff pending, pending TEAM and mine as signed Slack commands: p99 (< 50 ms) beside /signoff help's;
//   - a steady --rate deliveries/s for --load-seconds: deliveries still waiting at the end
//     (< one second's worth) and the intake's p99 (within 2x the bare baseline's p99, the
//     bare server loaded at the same rate at the same time, arrivals interleaved);
//   - firing 1,000 due escalation steps against raw SQL writing the same rows in one
//     transaction (within 3x, and < 100 ms); 1,000 digests built and queued (< 1 s).
// Usage: npm run build && node scripts/bench/scale.mjs [--database postgres://…] [--open 100000] [--teams 1000]
//        [--idle-seconds 60] [--load-seconds 60] [--rate 50] [--commands 200] [--in-process-only]
// Heavy: several minutes of a shared machine; not part of npm test.
import { createHmac, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CompiledQuery } from 'kysely';
import pg from 'pg';
import { Webhooks } from '@octokit/webhooks';
import examples from '@octokit/webhooks-examples' with { type: 'json' };
import { runningChildren, startProcess, stopProcess } from './processes.mjs';
import { policyFrom } from '../../dist/app/context.js';
import { sendDigests } from '../../dist/app/digests.js';
import { sweepEscalations } from '../../dist/app/escalate.js';
import { queuePlace } from '../../dist/domain/digest.js';
import { insertRows, updateRows } from '../../dist/store/bulk-write.js';
import { dueEscalations } from '../../dist/store/escalations.js';
import { snapshotFor } from '../../dist/app/team-calendar.js';
import { parseConfig } from '../../dist/config/load.js';
import { createLogger } from '../../dist/logger.js';
import { openStore } from '../../dist/store/db.js';
import { migrateToLatest } from '../../dist/store/migrate.js';

const { values } = parseArgs({ options: {
  database: { type: 'string' }, open: { type: 'string', default: '100000' }, teams: { type: 'string', default: '1000' },
  'idle-seconds': { type: 'string', default: '60' }, 'load-seconds': { type: 'string', default: '60' }, rate: { type: 'string', default: '50' },
  commands: { type: 'string', default: '200' },
  // Only the in-process lines (firing steps, building digests): seconds rather than minutes.
  'in-process-only': { type: 'boolean', default: false },
} });
const OPEN = Number(values.open);
const TEAMS = Number(values.teams);
const DUE = 1000;
// A running service sweeps every minute, so the measured sweep is not its process's first:
// a first sweep of the same size loads the time-zone data and compiles the code (V8
// optimises each function once it has run often enough), and its time is printed apart
// as the cold start.
const WARM = DUE;
// Five sweeps of DUE steps each, one after another; their median is reported (the host's
// pauses and disk flushes vary).
const ROUNDS = 5;
const RATE = Number(values.rate);
const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'countersign-scale-bench-'));
const GITHUB_SECRET = 'bench-github-secret';
const SIGNING_SECRET = 'bench-slack-signing-secret';
const CLK_TCK = 100; // /proc/<pid>/stat ticks per second on Linux
const dropDatabases = [];

// ---- databases -----------------------------------------------------------------------

async function freshDatabase(name) {
  if (!values.database) return `sqlite:${join(dir, `${name}.db`)}`;
  const db = `cs_scale_${name}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: values.database });
  await admin.connect();
  await admin.query(`create database ${db}`);
  await admin.end();
  dropDatabases.push(db);
  const url = new URL(values.database);
  url.pathname = `/${db}`;
  return url.toString();
}

async function dropAll() {
  if (!values.database || dropDatabases.length === 0) return;
  const admin = new pg.Client({ connectionString: values.database });
  await admin.connect();
  for (const db of dropDatabases) await admin.query(`drop database if exists ${db} with (force)`).catch(() => {});
  await admin.end();
}

// ---- the organisation ----------------------------------------------------------------

const senior = (t) => `senior-${t}a`;
const slackOf = (t) => `U0S${String(t).padStart(6, '0')}`;
/**
 * The teams' time zone. The digests line restarts the service with today's digests not
 * yet sent, so the default schedule (09:00 on weekdays) must have come today, and the
 * day must not end during the run: UTC when it is a weekday between 09:00 and 20:00
 * there, else the zone nearest UTC where it is (a run at 03:00 UTC on a Wednesday uses
 * UTC+6). The schedule itself stays the default.
 */
function digestTimeZone(at) {
  const shifts = [0, ...Array.from({ length: 14 }, (_, h) => [h + 1, -(h + 1)]).flat()].filter((h) => h >= -12 && h <= 14);
  for (const shift of shifts) {
    const zone = shift === 0 ? 'UTC' : `Etc/GMT${shift > 0 ? '-' : '+'}${Math.abs(shift)}`; // Etc/GMT-7 is UTC+7
    const local = new Date(at.getTime() + shift * 3_600_000);
    if (local.getUTCDay() >= 1 && local.getUTCDay() <= 5 && local.getUTCHours() >= 9 && local.getUTCHours() < 20) return zone;
  }
  return 'UTC'; // a weekend everywhere: the digests line says so
}
const TIME_ZONE = digestTimeZone(new Date());

const yaml = [
  'teams:',
  ...Array.from({ length: TEAMS }, (_, i) => `  - { name: team-${i}, seniors: [${senior(i)}, senior-${i}b], leads: [lead-${i}], channels: { slack: C${i} }, time_zone: ${TIME_ZONE} }`),
  'people:',
  ...Array.from({ length: TEAMS }, (_, i) => `  - { github: ${senior(i)}, slack: ${slackOf(i)} }`),
].join('\n');

/** `OPEN` open changes over `TEAMS` teams; the first `due` have an escalation step due at `now`. */
async function seed(url, now, due) {
  const config = parseConfig(yaml, { env: { DATABASE_URL: url } });
  // Opened as the service opens it (buildContext): SQLite's log checkpointed on a worker thread.
  const store = openStore(url, process.cwd(), { checkpointInBackground: (message) => console.error(`checkpoint: ${message}`) });
  await migrateToLatest(store.db, store.flavor);
  const ctx = { store, config, policy: policyFrom(config), sourceHost: null, log: createLogger('silent') };
  const snapshots = config.teams.map((t) => JSON.stringify(snapshotFor(t)));
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000).toISOString();
  const dayAgo = new Date(now.getTime() - 86_400_000).toISOString();
  const nextWeek = new Date(now.getTime() + 7 * 86_400_000).toISOString();
  for (let start = 0; start < OPEN; start += 1000) {
    const rows = [];
    for (let i = start; i < Math.min(OPEN, start + 1000); i++) {
      const team = i % TEAMS;
      rows.push({
        repo: `org/repo-${team}`, number: i + 1, installation_id: null, url: `https://github.com/org/repo-${team}/pull/${i + 1}`, title: `Change ${i + 1}`,
        author: 'Copilot', head_sha: 'a'.repeat(40), head_ref: 'copilot/x', base_ref: 'main', draft: 0, additions: 120, deletions: 30, changed_files: 4,
        ai_assisted: 1, signals: '[]', commits_read: 0, owning_teams: JSON.stringify([`team-${team}`]), ownership: '{}', risk_tier: 'medium',
        risk_reasons: '[]', required_signoffs: 1, committers: '[]', status: 'awaiting',
        // Requested in order, a second apart, so "oldest first" has an order to keep.
        requested_at: new Date(Date.parse(weekAgo) + i * 1000).toISOString(),
        opened_at: weekAgo, updated_at: weekAgo, revision: 1, assignee: senior(team), ladder: snapshots[team],
      });
    }
    await store.db.transaction().execute(async (trx) => {
      const ids = await trx.insertInto('changes').values(rows).returning('id').execute();
      await trx.insertInto('change_teams').values(ids.map(({ id }, k) => {
        const { queue, rank, requestedAt } = queuePlace({ ...rows[k], ai_assisted: rows[k].ai_assisted === 1 });
        return { team: JSON.parse(rows[k].owning_teams)[0], change_id: id, queue, queue_rank: rank, requested_at: requestedAt };
      })).execute();
      await trx.insertInto('escalations').values(ids.map(({ id }, k) => ({ change_id: id, due_at: start + k < due ? dayAgo : nextWeek, awaiting: 1 }))).execute();
    });
  }
  // Postgres's autovacuum visits a table after a bulk load: it gathers planner statistics
  // and marks pages all-visible (which index-only scans rely on). Do it now rather than
  // measure a state a running server leaves within minutes. (SQLite keeps no statistics
  // unless asked, so it is left as is.)
  if (store.flavor === 'postgres') await store.db.executeQuery(CompiledQuery.raw('vacuum analyze'));
  return ctx;
}

// ---- measuring a process -------------------------------------------------------------

function procStat(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK; // utime + stime, seconds
}
function procMemory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const percentile = (list, p) => { const s = [...list].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };

async function startService(url, slackApiUrl) {
  const started = performance.now();
  const server = await startProcess('countersign', [join(root, 'dist/cli.js'), 'start'], { cwd: dir, env: {
    PORT: '0', DATABASE_URL: url, GITHUB_WEBHOOK_SECRET: GITHUB_SECRET, LOG_LEVEL: 'info',
    SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: slackApiUrl, COUNTERSIGN_CONFIG: join(dir, 'countersign.yml'),
  } });
  for (;;) {
    const res = await fetch(`${server.url}/readyz`).catch(() => null);
    if (res?.status === 200) break;
    await sleep(5);
  }
  return { ...server, readyMs: performance.now() - started };
}

// ---- Slack commands ------------------------------------------------------------------

async function slashCommand(url, user, text) {
  const body = new URLSearchParams({
    token: 'bench', team_id: 'T0BENCH001', team_domain: 'bench', channel_id: 'C0', channel_name: 'team-0', user_id: user, user_name: user,
    command: '/signoff', text, api_app_id: 'A0BENCH', is_enterprise_install: 'false',
    response_url: 'https://hooks.slack.com/commands/T0BENCH001/1/x', trigger_id: `1.${randomBytes(6).toString('hex')}`,
  }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SIGNING_SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  const started = performance.now();
  const res = await fetch(`${url}/slack/events`, { method: 'POST', body, headers: {
    'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': signature,
  } });
  const answer = await res.text();
  if (res.status !== 200) throw new Error(`/signoff ${text}: HTTP ${res.status} ${answer}`);
  return { ms: performance.now() - started, answer };
}

async function commandP99(url, text) {
  for (let i = 0; i < 20; i++) await slashCommand(url, slackOf(0), text); // warm up
  const times = [];
  let answer = '';
  for (let i = 0; i < Number(values.commands); i++) ({ ms: times[i], answer } = await slashCommand(url, slackOf(0), text));
  return { p99: percentile(times, 0.99), p50: percentile(times, 0.5), answer: JSON.parse(answer).text };
}

// ---- webhooks at a steady rate -------------------------------------------------------

const template = structuredClone(examples.find((e) => e.name === 'pull_request').examples.find((e) => e.action === 'opened'));
template.pull_request.head.ref = 'copilot/fix-login';
template.pull_request.user = { ...template.pull_request.user, login: 'Copilot', type: 'Bot' };
delete template.installation;
const webhooks = new Webhooks({ secret: GITHUB_SECRET });
let delivered = 0;
async function delivery() {
  const n = ++delivered;
  const payload = { ...template, number: 900_000 + n, pull_request: { ...template.pull_request, number: 900_000 + n } };
  const body = JSON.stringify(payload);
  return { body, headers: { 'content-type': 'application/json', 'x-github-event': 'pull_request', 'x-github-delivery': `scale-${n}`, 'x-hub-signature-256': await webhooks.sign(body) } };
}

/**
 * An open loop (arrivals do not wait for answers) at `RATE`/s to each of `urls` for
 * `seconds`, their arrivals interleaved evenly: each target's p99 of answers. Measured
 * side by side, a pause of this shared host falls on every target alike; measured one
 * after the other, one pause of a few hundred milliseconds in either minute decided the
 * ratio of their p99s.
 */
async function steadyLoad(urls, seconds) {
  const perTarget = RATE * seconds;
  const prepared = await Promise.all(Array.from({ length: perTarget * urls.length }, delivery));
  const latencies = urls.map(() => []);
  const inFlight = [];
  const started = performance.now();
  for (let i = 0; i < prepared.length; i++) {
    const wait = started + (i * 1000) / (RATE * urls.length) - performance.now();
    if (wait > 1) await sleep(wait);
    const target = i % urls.length;
    const sent = performance.now();
    inFlight.push(fetch(`${urls[target]}/github/webhooks`, { method: 'POST', headers: prepared[i].headers, body: prepared[i].body })
      .then(async (res) => { await res.arrayBuffer(); if (res.status >= 300) throw new Error(`HTTP ${res.status}`); latencies[target].push(performance.now() - sent); }));
  }
  await Promise.all(inFlight);
  return latencies.map((list) => ({ p99: percentile(list, 0.99), p50: percentile(list, 0.5) }));
}

// ---- firing steps and digests in process ---------------------------------------------

async function fireAndDigest(now) {
  const ctx = await seed(await freshDatabase('inprocess'), now, WARM + ROUNDS * DUE);
  const db = ctx.store.db;
  // Start every run from the same state: the seed's bulk load is not left in SQLite's WAL
  // for the first commit below to checkpoint.
  if (ctx.store.flavor === 'sqlite') await db.executeQuery(CompiledQuery.raw('pragma wal_checkpoint(truncate)'));
  let started = performance.now();
  await sweepEscalations(ctx, now, WARM);
  const coldMs = performance.now() - started;
  const rounds = [];
  for (let round = 0; round < ROUNDS; round++) rounds.push(await fireRound(ctx, now));
  const median = (key) => percentile(rounds.map((r) => r[key]), 0.5);

  const teams = ctx.config.teams.map((team) => ({ team, localDate: new Intl.DateTimeFormat('en-CA', { timeZone: team.time_zone }).format(now) }));
  started = performance.now();
  const queued = await sendDigests(ctx, teams, 'bench', now);
  const digestMs = performance.now() - started;
  await ctx.store.close();
  return { coldMs, fired: rounds[0].fired, fireMs: median('fireMs'), rawMs: median('rawMs'), setMs: median('setMs'), all: rounds, rows: rounds[0].rows, digests: queued.length, digestMs };
}

/** One sweep of DUE due steps, then the same rows written as raw SQL in one transaction. */
async function fireRound(ctx, now) {
  const db = ctx.store.db;
  const auditBefore = Number((await db.selectFrom('audit_events').select((eb) => eb.fn.max('seq').as('m')).executeTakeFirst())?.m ?? 0);
  const outboxBefore = Number((await db.selectFrom('outbox').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst())?.m ?? 0);
  const dueIds = await dueEscalations(db, now.toISOString(), DUE); // what the sweep is about to read
  let started = performance.now();
  const { fired } = await sweepEscalations(ctx, now, DUE);
  const fireMs = performance.now() - started;

  const schedules = await db.selectFrom('escalations').select(['change_id', 'step', 'due_at']).where('change_id', 'in', dueIds).execute();
  const audit = await db.selectFrom('audit_events').selectAll().where('seq', '>', auditBefore).orderBy('seq').execute();
  const outbox = await db.selectFrom('outbox').select(['idempotency_key', 'kind', 'destination', 'change_id', 'payload', 'state', 'attempts', 'next_attempt_at', 'created_at'])
    .where('id', '>', outboxBefore).execute();
  const p = ctx.store.flavor === 'postgres' ? (i) => `$${i}` : () => '?';
  const seqBase = Number(audit.at(-1)?.seq ?? auditBefore);
  started = performance.now();
  await db.transaction().execute(async (trx) => {
    for (const e of schedules) {
      await trx.executeQuery(CompiledQuery.raw(`update escalations set step = ${p(1)}, due_at = ${p(2)} where change_id = ${p(3)}`, [e.step, e.due_at, e.change_id]));
    }
    for (const [k, e] of audit.entries()) {
      await trx.executeQuery(CompiledQuery.raw(`insert into audit_events (seq, at, actor, action, subject, head_sha, details, prev_hash, hash) values (${[1, 2, 3, 4, 5, 6, 7, 8, 9].map(p).join(', ')})`,
        [seqBase + k + 1, e.at, e.actor, e.action, e.subject, e.head_sha, e.details, e.prev_hash, e.hash]));
    }
    for (const o of outbox) {
      await trx.executeQuery(CompiledQuery.raw(`insert into outbox (idempotency_key, kind, destination, change_id, payload, state, attempts, next_attempt_at, created_at) values (${[1, 2, 3, 4, 5, 6, 7, 8, 9].map(p).join(', ')})`,
        [`${o.idempotency_key}:baseline`, o.kind, o.destination, o.change_id, o.payload, o.state, o.attempts, o.next_attempt_at, o.created_at]));
    }
  });
  const rawMs = performance.now() - started;

  // The same rows once more, as three set-based statements in one transaction: what the
  // database itself needs to write them, with no per-row round trips (the floor under any sweep).
  const seqs = audit.map((_, k) => seqBase + audit.length + k + 1);
  const auditRows = audit.map((e, k) => ({ ...e, seq: seqs[k] }));
  const outboxRows = outbox.map((o) => ({ ...o, idempotency_key: `${o.idempotency_key}:set-based` }));
  started = performance.now();
  await db.transaction().execute(async (trx) => {
    await updateRows(trx, 'escalations', { step: 'integer', due_at: 'text' }, schedules, 'change_id');
    await insertRows(trx, 'audit_events', { seq: 'integer', at: 'text', actor: 'text', action: 'text', subject: 'text', head_sha: 'text', details: 'text', prev_hash: 'text', hash: 'text' }, auditRows);
    await insertRows(trx, 'outbox', { idempotency_key: 'text', kind: 'text', destination: 'text', change_id: 'integer', payload: 'text', state: 'text', attempts: 'integer', next_attempt_at: 'text', created_at: 'text' }, outboxRows);
  });
  const setMs = performance.now() - started;
  return { fired, fireMs, rawMs, setMs, rows: { schedules: schedules.length, audit: audit.length, outbox: outbox.length } };
}



/** Every line measured against the running service (start, idle, commands, load, digests). */
async function serviceLines(now) {
  const slack = await startProcess('fake-slack', [join(root, 'scripts/bench/fake-slack-api.mjs')], { cwd: dir });
  const empty = await startService(await freshDatabase('empty'), slack.apiUrl);
  await stopProcess(empty.child);

  // The service's database: nothing due (steps next week, today's digests already sent).
  const fullUrl = await freshDatabase('service');
  const seeded = await seed(fullUrl, now, 0);
  const today = seeded.config.teams.map((t) => ({ job: `digest:${t.name}:${new Intl.DateTimeFormat('en-CA', { timeZone: t.time_zone }).format(now)}`, ran_at: now.toISOString(), holder: 'bench' }));
  for (let i = 0; i < today.length; i += 500) await seeded.store.db.insertInto('job_runs').values(today.slice(i, i + 500)).execute();
  const service = await startService(fullUrl, slack.apiUrl);
  report('start to /readyz (seeded vs empty database)', `${service.readyMs.toFixed(0)} ms`, `${empty.readyMs.toFixed(0)} ms`,
    `${(service.readyMs / empty.readyMs).toFixed(2)}x (target within 2x): ${met(service.readyMs <= 2 * empty.readyMs)}`);

  await sleep(2000); // let start-up work settle
  const cpuBefore = procStat(service.child.pid);
  await sleep(Number(values['idle-seconds']) * 1000);
  const idleShare = (procStat(service.child.pid) - cpuBefore) / Number(values['idle-seconds']);
  report(`idle CPU over ${values['idle-seconds']} s, nothing due`, `${(idleShare * 100).toFixed(2)} %`, '-', `target < 2% of a core: ${met(idleShare < 0.02)}`);
  const steady = procMemory(service.child.pid);
  report('steady RSS', `${steady.rssMb.toFixed(0)} MB`, '-', `target < 200 MB: ${met(steady.rssMb < 200)}`);

  const help = await commandP99(service.url, 'help');
  for (const text of ['pending', 'pending team-0', 'mine']) {
    const r = await commandP99(service.url, text);
    report(`/signoff ${text} p99 (${values.commands} signed commands)`, `${r.p99.toFixed(1)} ms`, `${help.p99.toFixed(1)} ms`,
      `help's p99; target < 50 ms: ${met(r.p99 < 50)}  ("${r.answer}")`);
  }

  const bare = await startProcess('baseline', [join(root, 'scripts/bench/baseline-intake.mjs'), join(dir, 'baseline.db'), GITHUB_SECRET], { cwd: dir });
  const [load, bareLoad] = await steadyLoad([service.url, bare.url], Number(values['load-seconds']));
  await stopProcess(bare.child);
  const waiting = Number((await seeded.store.db.selectFrom('inbox').select((eb) => eb.fn.countAll().as('n')).where('state', '=', 'pending').executeTakeFirst()).n);
  report(`${RATE} deliveries/s for ${values['load-seconds']} s: still waiting at the end`, `${waiting}`, '-', `target < ${RATE} (one second's worth): ${met(waiting < RATE)}`);
  report(`intake p99 at ${RATE}/s`, `${load.p99.toFixed(2)} ms`, `${bareLoad.p99.toFixed(2)} ms`,
    `${(load.p99 / bareLoad.p99).toFixed(2)}x the bare p99 (target within 2x): ${met(load.p99 <= 2 * bareLoad.p99)}`);

  // Digests in the service: restart it with today's forgotten, so its first tick queues
  // all of them, and keep sampling while the dispatcher posts them.
  await stopProcess(service.child);
  await seeded.store.db.deleteFrom('job_runs').where('job', 'like', 'digest:%').execute();
  const again = await startService(fullUrl, slack.apiUrl);
  service.child = again.child;
  let peak = 0;
  let postedAt = null;
  const deadline = Date.now() + 75_000;
  while (Date.now() < deadline && (postedAt === null || Date.now() < postedAt + 5000)) {
    peak = Math.max(peak, procMemory(service.child.pid).rssMb);
    const queued = Number((await seeded.store.db.selectFrom('job_runs').select((eb) => eb.fn.countAll().as('n')).where('job', 'like', 'digest:%').executeTakeFirst()).n);
    if (queued >= TEAMS && postedAt === null) postedAt = Date.now();
    await sleep(100);
  }
  // The restarted process's high-water mark covers its start and the digests, between samples too.
  peak = Math.max(peak, procMemory(service.child.pid).peakMb);
  report(`peak RSS while the service queues and posts ${TEAMS} digests`, `${peak.toFixed(0)} MB`, `${steady.rssMb.toFixed(0)} MB`,
    `steady RSS; target < 300 MB: ${met(peak < 300)}${postedAt === null ? ' (digests NOT all queued within 75 s)' : ''}`);
  await seeded.store.close();
}

// ---- the run -------------------------------------------------------------------------

const lines = [];
const report = (label, value, baseline, verdict) => {
  const line = `${label.padEnd(58)} ${value.padStart(12)}   baseline ${baseline.padStart(12)}   ${verdict}`;
  lines.push(line);
  console.log(line);
};
const met = (ok) => (ok ? 'met' : 'MISSED');

try {
  const now = new Date();
  writeFileSync(join(dir, 'countersign.yml'), yaml);
  console.log(`${values.database ? 'PostgreSQL' : 'SQLite'}: ${OPEN} open changes over ${TEAMS} teams (default digest schedule, time zone ${TIME_ZONE})`);

  const inProcess = await fireAndDigest(now);
  report(`fire ${inProcess.fired} due steps (sweep) vs raw SQL, same rows, median of ${ROUNDS}`, `${inProcess.fireMs.toFixed(1)} ms`, `${inProcess.rawMs.toFixed(1)} ms`,
    `${(inProcess.fireMs / inProcess.rawMs).toFixed(2)}x (target <= 3x and < 100 ms): ${met(inProcess.fireMs <= 3 * inProcess.rawMs && inProcess.fireMs < 100)}  rows ${JSON.stringify(inProcess.rows)}; each ${inProcess.all.map((r) => `${r.fireMs.toFixed(0)}/${r.rawMs.toFixed(0)}`).join(' ')} ms`);
  report('  the same rows as three set-based statements (the database floor)', `${inProcess.setMs.toFixed(1)} ms`, '-',
    `not a target: how long the database alone takes to write what a sweep writes; each ${inProcess.all.map((r) => r.setMs.toFixed(0)).join(' ')} ms`);
  report(`the process's first sweep: ${WARM} due steps (cold start)`, `${inProcess.coldMs.toFixed(1)} ms`, '-', 'not a target: loads time-zone data and compiles');
  report(`${inProcess.digests} digests built and queued`, `${inProcess.digestMs.toFixed(0)} ms`, '-', `target < 1000 ms: ${met(inProcess.digestMs < 1000)}`);
  if (!values['in-process-only']) await serviceLines(now);
} finally {
  await Promise.all(runningChildren().map(stopProcess));
  await dropAll();
  rmSync(dir, { recursive: true, force: true });
}
