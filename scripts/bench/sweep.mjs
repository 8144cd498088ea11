#!/usr/bin/env node
// Escalation sweep and daily digests at scale: 100,000 open changes across 1,000 teams
// with 1% due. Baseline, in the same run: the same number of due changes among ten times
// fewer open ones; a ratio near 1 means the sweep's cost follows what is due, not what
// is open. Targets (issue "Escalation ladder…"): sweep < 100 ms, digests < 3 s.
// Usage: npm run build && node scripts/bench/sweep.mjs [--open 100000] [--teams 1000]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { policyFrom } from '../../dist/app/context.js';
import { digestDay, digestViews } from '../../dist/app/digests.js';
import { sweepEscalations } from '../../dist/app/escalate.js';
import { snapshotFor } from '../../dist/app/team-calendar.js';
import { parseConfig } from '../../dist/config/load.js';
import { createLogger } from '../../dist/logger.js';
import { dueEscalations } from '../../dist/store/escalations.js';
import { openStore } from '../../dist/store/db.js';
import { migrateToLatest } from '../../dist/store/migrate.js';

const { values } = parseArgs({ options: { open: { type: 'string', default: '100000' }, teams: { type: 'string', default: '1000' } } });
const OPEN = Number(values.open);
const TEAMS = Number(values.teams);
const NOW = new Date('2026-11-25T10:00:00Z'); // a Wednesday, 11:00 in Berlin
const dir = mkdtempSync(join(tmpdir(), 'countersign-sweep-bench-'));

const yaml = ['teams:', ...Array.from({ length: TEAMS }, (_, i) =>
  `  - { name: team-${i}, seniors: [senior-${i}a, senior-${i}b], leads: [lead-${i}], channels: { slack: C${i} }, time_zone: Europe/Berlin }`)].join('\n');

async function store(name, open) {
  const config = parseConfig(yaml, { env: { DATABASE_URL: `sqlite:${join(dir, `${name}.db`)}` } });
  const s = openStore(config.database.url);
  await migrateToLatest(s.db, s.flavor);
  const ctx = { store: s, config, policy: policyFrom(config), sourceHost: null, log: createLogger('silent') };
  const snapshots = config.teams.map((t) => JSON.stringify(snapshotFor(t)));
  const due = Math.round(OPEN / 100);
  const rows = [];
  for (let i = 0; i < open; i++) {
    const team = i % TEAMS;
    // The first `due` changes were requested five working days ago; the rest have their next step next week.
    const isDue = i < due;
    rows.push({
      repo: `org/repo-${team}`, number: i + 1, installation_id: null, url: `https://github.com/org/repo-${team}/pull/${i + 1}`, title: `Change ${i + 1}`,
      author: 'Copilot', head_sha: 'a'.repeat(40), head_ref: 'copilot/x', base_ref: 'main', draft: 0, additions: 120, deletions: 30, changed_files: 4,
      ai_assisted: 1, signals: '[]', commits_read: 0, owning_teams: JSON.stringify([`team-${team}`]), ownership: '{}', risk_tier: 'medium',
      risk_reasons: '[]', required_signoffs: 1, committers: '[]', status: 'awaiting', requested_at: isDue ? '2026-11-18T09:00:00Z' : '2026-11-25T09:00:00Z',
      opened_at: '2026-11-18T09:00:00Z', updated_at: '2026-11-18T09:00:00Z', revision: 1, assignee: `senior-${team}a`, ladder: snapshots[team],
      due_at: isDue ? '2026-11-24T09:00:00.000Z' : '2026-12-02T09:00:00.000Z',
    });
    if (rows.length === 1000) await flush(s, rows);
  }
  await flush(s, rows);
  return { ctx, due };
}

async function flush(s, rows) {
  if (rows.length === 0) return;
  const batch = rows.splice(0);
  await s.db.transaction().execute(async (trx) => {
    const ids = await trx.insertInto('changes').values(batch.map(({ due_at, ...change }) => change)).returning('id').execute();
    await trx.insertInto('escalations').values(ids.map(({ id }, k) => ({ change_id: id, due_at: batch[k].due_at, awaiting: 1 }))).execute();
  });
}

async function measure(name, open) {
  const { ctx, due } = await store(name, open);
  const findStart = performance.now();
  const dueIds = await dueEscalations(ctx.store.db, NOW.toISOString(), open);
  const findMs = performance.now() - findStart;
  const sweepStart = performance.now();
  const { read, fired } = await sweepEscalations(ctx, NOW, open);
  const sweepMs = performance.now() - sweepStart;
  const digestStart = performance.now();
  const day = await digestDay(ctx, NOW);
  await digestViews(ctx, day, ctx.config.teams.map((t) => ({ team: t.name, localDate: '2026-11-25' })), NOW);
  const digestMs = performance.now() - digestStart;
  await ctx.store.close();
  return { name, open, due, found: dueIds.length, findMs, read, fired, sweepMs, digestMs };
}

try {
  const baseline = await measure('baseline', Math.round(OPEN / 10));
  // Same due count as the full run, so only what is open differs.
  const full = await measure('full', OPEN);
  const row = (r) => `${r.name.padEnd(9)} open ${String(r.open).padStart(7)}  due ${String(r.due).padStart(5)}  find-due ${r.findMs.toFixed(1).padStart(7)} ms (${r.found} rows)  sweep ${r.sweepMs.toFixed(0).padStart(6)} ms (read ${r.read}, fired ${r.fired})  ${TEAMS} digests ${r.digestMs.toFixed(0).padStart(6)} ms`;
  console.log(row(baseline));
  console.log(row(full));
  console.log(`rows read by the sweep: ${full.read} for ${full.open} open (${full.due} due): grows with what is due`);
  console.log(`find-due time ratio full/baseline: ${(full.findMs / baseline.findMs).toFixed(2)}x for ${(full.due / baseline.due).toFixed(0)}x the due changes and ${(full.open / baseline.open).toFixed(0)}x the open ones`);
  console.log(`sweep (find and fire ${full.fired} steps): ${full.sweepMs.toFixed(0)} ms (target < 100 ms): ${full.sweepMs < 100 ? 'met' : 'MISSED'}`);
  console.log(`${TEAMS} digests: ${full.digestMs.toFixed(0)} ms (target < 3000 ms): ${full.digestMs < 3000 ? 'met' : 'MISSED'}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
