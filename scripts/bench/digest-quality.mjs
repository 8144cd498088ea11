#!/usr/bin/env node
// The digest's accountability part at scale: a week of sign-offs across 1,000 teams (20
// signed changes a team by default) with 1% of them reverted, read for every team's
// digest at once. Baseline, in the same run: the same two reads as plain SQL, rows
// fetched and nothing grouped; the ratio is what grouping them per team costs on top.
// It also prints the bytes the reverts and the quality table add to each digest payload.
// Usage: npm run build && node scripts/bench/digest-quality.mjs [--teams 1000] [--signed 20]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { policyFrom } from '../../dist/app/context.js';
import { digestAccountability } from '../../dist/app/digest-accountability.js';
import { digestDay, digestViews } from '../../dist/app/digests.js';
import { parseConfig } from '../../dist/config/load.js';
import { digestWindowStart } from '../../dist/domain/digest.js';
import { createLogger } from '../../dist/logger.js';
import { openStore } from '../../dist/store/db.js';
import { migrateToLatest } from '../../dist/store/migrate.js';

const { values } = parseArgs({ options: { teams: { type: 'string', default: '1000' }, signed: { type: 'string', default: '20' } } });
const TEAMS = Number(values.teams);
const PER_TEAM = Number(values.signed);
const NOW = new Date('2026-11-25T10:00:00Z');
const RUNS = 5;
const dir = mkdtempSync(join(tmpdir(), 'countersign-digest-quality-bench-'));
const signals = JSON.stringify([{ kind: 'trailer', detail: 'Co-Authored-By: Claude <noreply@anthropic.com>', tool: 'Claude Code' }, { kind: 'branch', detail: 'claude/x', tool: 'Claude Code' }]);

try {
  const yaml = ['teams:', ...Array.from({ length: TEAMS }, (_, i) => `  - { name: team-${i}, seniors: [senior-${i}a, senior-${i}b], leads: [lead-${i}], channels: { slack: C${i} } }`)].join('\n');
  const config = parseConfig(yaml, { env: { DATABASE_URL: `sqlite:${join(dir, 'bench.db')}` } });
  const store = openStore(config.database.url);
  await migrateToLatest(store.db, store.flavor);
  const ctx = { store, config, policy: policyFrom(config), sourceHost: null, log: createLogger('silent') };

  const total = TEAMS * PER_TEAM;
  for (let start = 0; start < total; start += 1000) {
    await store.db.transaction().execute(async (trx) => {
      const n = Math.min(1000, total - start);
      const changes = Array.from({ length: n }, (_, k) => {
        const i = start + k;
        const team = i % TEAMS;
        return {
          repo: `org/repo-${team}`, number: i + 1, installation_id: null, url: `https://github.com/org/repo-${team}/pull/${i + 1}`, title: `Change ${i + 1}`,
          author: 'dev', head_sha: 'a'.repeat(40), head_ref: `topic-${i}`, base_ref: 'main', draft: 0, additions: 300, deletions: 40, changed_files: 6,
          ai_assisted: 1, signals, commits_read: 1, owning_teams: JSON.stringify([`team-${team}`]), ownership: '{}', risk_tier: 'medium', risk_reasons: '[]',
          required_signoffs: 1, committers: '[]', status: 'merged', requested_at: '2026-11-20T09:00:00Z', opened_at: '2026-11-20T09:00:00Z', updated_at: '2026-11-21T09:00:00Z', revision: 2,
        };
      });
      const ids = (await trx.insertInto('changes').values(changes).returning('id').execute()).map((r) => r.id);
      await trx.insertInto('signoffs').values(ids.map((id, k) => ({
        change_id: id, head_sha: 'a'.repeat(40), reviewer: `senior-${(start + k) % TEAMS}a`, decision: 'approve', attestation: '[]', note: null,
        at: '2026-11-21T09:05:00Z', source: 'slack', revision: 2, form_opened_at: '2026-11-21T09:01:00Z',
      }))).execute();
      // One change in a hundred is reverted, half of them within the digest's day.
      const reverted = ids.filter((_, k) => (start + k) % 100 === 0);
      if (reverted.length > 0) {
        await trx.insertInto('change_incidents').values(reverted.map((id, k) => ({
          change_id: id, kind: 'reverted', reference: `org/repo#${id + 100000}`, by: 'dev', at: k % 2 === 0 ? '2026-11-25T08:00:00Z' : '2026-11-22T08:00:00Z',
          head_sha: 'a'.repeat(40), signers: JSON.stringify(['senior-0a']), overridden_by: null, merged_without_signoff: 0,
        }))).execute();
      }
    });
  }
  if (store.flavor === 'sqlite') await sql`analyze`.execute(store.db);

  const since = digestWindowStart(NOW).toISOString();
  const week = new Date(NOW.getTime() - 7 * 86_400_000).toISOString();
  const time = async (f) => {
    const samples = [];
    for (let r = 0; r < RUNS; r++) {
      const t = performance.now();
      await f();
      samples.push(performance.now() - t);
    }
    return samples.sort((a, b) => a - b)[Math.floor(RUNS / 2)];
  };
  const baselineMs = await time(async () => {
    await sql`select s.change_id, s.reviewer, s.at, s.form_opened_at, c.additions, c.deletions, c.owning_teams, c.signals from signoffs s join changes c on c.id = s.change_id where s.decision = 'approve' and s.at >= ${week}`.execute(store.db);
    await sql`select i.*, c.repo, c.number, c.title, c.url, c.author, c.risk_tier, c.additions, c.deletions, c.requested_at, c.status, c.assignee, c.owning_teams, c.signals from change_incidents i join changes c on c.id = i.change_id where i.at >= ${week}`.execute(store.db);
  });
  const accountabilityMs = await time(() => digestAccountability(store.db, since, NOW));
  const day = await digestDay(ctx, NOW);
  const views = await digestViews(ctx, day, config.teams.map((t) => ({ team: t.name, localDate: '2026-11-25' })), NOW);
  const added = [...views.values()].map((v) => JSON.stringify({ traced: v.traced, quality: v.quality }).length);
  const whole = [...views.values()].map((v) => JSON.stringify(v).length);
  const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  await store.close();

  console.log(`${TEAMS} teams, ${total} changes signed in the week, ${Math.ceil(total / 100)} reverted (median of ${RUNS})`);
  console.log(`baseline: the two reads as plain SQL        ${baselineMs.toFixed(1).padStart(7)} ms`);
  console.log(`digestAccountability (reads and grouping)   ${accountabilityMs.toFixed(1).padStart(7)} ms   ratio ${(accountabilityMs / baselineMs).toFixed(2)}x`);
  console.log(`digest payload: ${mean(added).toFixed(0)} bytes a team for reverts and the quality table, of ${mean(whole).toFixed(0)} for the whole digest`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
