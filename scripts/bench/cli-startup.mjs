#!/usr/bin/env node
// CLI start-up: wall time of `countersign --help`, `detect` (one change, embedded
// defaults) and `owners` (one path), each against `node -e 0` measured in the same run,
// runs interleaved so machine load falls on all alike. Prints medians and the ratio.
// Target (issue "What a newcomer and an operator trip over"): within 2x of node -e 0.
// Usage: npm run build && node scripts/bench/cli-startup.mjs [--runs 15]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
const RUNS = Number(values.runs);
const CLI = resolve(import.meta.dirname, '../../dist/cli.js');
// A directory without countersign.yml: the embedded defaults, as on a fresh clone.
const dir = mkdtempSync(join(tmpdir(), 'countersign-cli-bench-'));
writeFileSync(join(dir, 'pr.json'), JSON.stringify({
  author: { login: 'jane-doe' }, branch: 'feature/x', labels: ['ai-assisted'],
  commits: [{ message: 'Fix\n\nCo-Authored-By: Claude <noreply@anthropic.com>' }],
}));
writeFileSync(join(dir, 'CODEOWNERS'), '* @acme/everyone\n/src/billing/ @acme/payments\n');

const CASES = {
  'node -e 0': ['-e', '0'],
  'countersign --help': [CLI, '--help'],
  'countersign detect': [CLI, 'detect', '--facts', 'pr.json'],
  'countersign owners': [CLI, 'owners', '--codeowners', 'CODEOWNERS', 'src/billing/a.ts'],
};

const times = Object.fromEntries(Object.keys(CASES).map((name) => [name, []]));
for (let i = 0; i < RUNS; i++) {
  for (const [name, args] of Object.entries(CASES)) {
    const started = process.hrtime.bigint();
    const run = spawnSync(process.execPath, args, { cwd: dir, env: { PATH: process.env.PATH, HOME: dir }, encoding: 'utf8' });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (run.status !== 0) throw new Error(`${name} exited with ${run.status}: ${run.stderr}`);
    times[name].push(ms);
  }
}
rmSync(dir, { recursive: true, force: true });

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
// The fastest run is the one least disturbed by whatever else the machine was doing:
// on a shared machine it is the steadier measure of start-up cost; the median is shown too.
const fastest = (xs) => Math.min(...xs);
const baseline = { median: median(times['node -e 0']), fastest: fastest(times['node -e 0']) };
console.log(`runs: ${RUNS} each, interleaved`);
for (const [name, xs] of Object.entries(times)) {
  console.log(`${name.padEnd(20)} median ${median(xs).toFixed(0).padStart(5)} ms  ${(median(xs) / baseline.median).toFixed(2)}x   fastest ${fastest(xs).toFixed(0).padStart(5)} ms  ${(fastest(xs) / baseline.fastest).toFixed(2)}x node -e 0`);
}
