#!/usr/bin/env node
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { exportAuditTrail, verifyAuditTrail, type ExportFormat } from './app/audit-trail.js';
import { ConfigError } from './config/errors.js';
import { DEFAULT_CONFIG_FILE, loadConfig, type Config } from './config/load.js';
import { SCHEMA_FILE, STARTER_ENV, starterConfig } from './config/starter.js';
import { parseCodeowners, matchCodeowners } from './domain/codeowners.js';
import { detectLines } from './detect-command.js';
import { diagnose } from './doctor.js';
import { createLogger } from './logger.js';
import { start } from './main.js';
import { openStore } from './store/db.js';
import { migrateToLatest } from './store/migrate.js';

const USAGE = `countersign: senior sign-off for AI-assisted pull requests

Usage:
  countersign init [--out FILE] [--force]  write a commented starter countersign.yml
  countersign start [--config FILE]        run the service (webhooks, chat, jobs)
  countersign demo [--fast] [--port N]     the service on sample teams and pull requests,
                                           with the local playground as its chat
  countersign migrate [--config FILE]      apply database migrations
  countersign doctor [--config FILE]       check config, database and services
  countersign audit verify [--config FILE] recompute the audit hash chain
  countersign audit export --format jsonl|csv [--since ISO-8601] [--out FILE]
  countersign detect --facts FILE|-        explain AI-assistance detection for JSON facts
  countersign owners --codeowners FILE PATH...
                                           show the CODEOWNERS line that owns each path

The config file defaults to ./countersign.yml (or $COUNTERSIGN_CONFIG); without one,
embedded defaults apply (SQLite under ./data, port 3000).`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'init': return initCommand(rest);
    case 'start': return startCommand(rest);
    case 'demo': return demoCommand(rest);
    case 'migrate': return migrateCommand(rest);
    case 'doctor': return doctorCommand(rest);
    case 'audit': return auditCommand(rest);
    case 'detect': return detectCommand(rest);
    case 'owners': return ownersCommand(rest);
    case undefined: case 'help': case '--help': case '-h':
      console.log(USAGE);
      return 0;
    default:
      console.error(`countersign: unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

const configOption = { config: { type: 'string', short: 'c' } } as const;

function config(path: string | undefined): Config {
  return loadConfig({ path });
}

/** `countersign init`: the starter config, never over an existing file unless --force. */
async function initCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { out: { type: 'string', short: 'o' }, force: { type: 'boolean', short: 'f', default: false } } });
  const out = resolve(values.out ?? DEFAULT_CONFIG_FILE);
  const shown = values.out ?? DEFAULT_CONFIG_FILE;
  const refuse = () => {
    console.error(`countersign: ${shown} already exists; not overwriting it. Use --force to replace it, or --out FILE to write elsewhere.`);
    return 1;
  };
  if (existsSync(out) && !values.force) return refuse();
  const text = starterConfig(schemaLocation(dirname(out)));
  try {
    mkdirSync(dirname(out), { recursive: true });
    // "wx": a file that appeared since the check above is still not overwritten.
    writeFileSync(out, text, { flag: values.force ? 'w' : 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return refuse();
    console.error(`countersign: cannot write ${shown}: ${code ?? (error as Error).message}`);
    return 1;
  }
  console.log(`wrote ${shown}`);
  console.log(`next: set ${STARTER_ENV.join(', ')} in the environment (or edit the file), then run "countersign doctor${values.out ? ` --config ${values.out}` : ''}"`);
  return 0;
}

/**
 * The JSON Schema for a config file written into `dir`: a modeline path only where the
 * schema exists relative to that directory (a Countersign checkout, or countersign
 * installed in its node_modules), since the file may be committed and opened elsewhere;
 * otherwise this installation's copy, for a comment.
 */
function schemaLocation(dir: string): { modeline: string | null; installed: string | null } {
  for (const candidate of [SCHEMA_FILE, `node_modules/countersign/${SCHEMA_FILE}`]) {
    if (existsSync(join(dir, candidate))) return { modeline: `./${candidate}`, installed: null };
  }
  const installed = fileURLToPath(new URL(`../${SCHEMA_FILE}`, import.meta.url));
  return { modeline: null, installed: existsSync(installed) ? installed : null };
}

async function startCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: configOption });
  const running = await start({ config: config(values.config) });
  if (running.playgroundUrl) console.error(`Countersign playground: open ${running.playgroundUrl}`);
  await untilSignal(() => running.stop());
  return 0;
}

/** `countersign demo`: sample teams, sample pull requests, the playground; until Ctrl-C. */
async function demoCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { fast: { type: 'boolean', default: false }, port: { type: 'string' }, speed: { type: 'string' } } });
  const port = Number(values.port ?? process.env.PORT ?? 3000);
  const speed = values.speed === undefined ? undefined : Number(values.speed);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a port number');
  if (speed !== undefined && !(speed >= 1)) throw new UsageError('--speed must be a number of at least 1');
  // Loaded here only: the example payloads are large, and no other command needs them.
  const { runDemo, DEMO_SPEED } = await import('./demo/run.js');
  const say = (line: string) => console.log(`  ${line}`);
  const demo = await runDemo({ cwd: process.cwd(), port, fast: values.fast, speed, log: createLogger(process.env.LOG_LEVEL ?? 'error'), say });
  const stopped = untilSignal(() => demo.stop());
  console.log(`\nCountersign demo: open ${demo.running.playgroundUrl} in a browser.`);
  console.log('Act as priya or marco (seniors in payments) or sofia or tomasz (platform) to sign off; helena and kenji are leads.');
  console.log(values.fast
    ? `The clock starts on Monday 08:58 in Berlin and runs ${speed ?? DEMO_SPEED}x faster (a working hour in ${Math.round(3600 / (speed ?? DEMO_SPEED))} s): the 09:00 digest and the first reminders arrive within a minute.\n`
    : 'Add --fast to watch escalations and the morning digest within a minute.\n');
  await demo.replayed.catch((error: unknown) => console.error(`countersign: the replay stopped: ${(error as Error).message}`));
  await stopped;
  return 0;
}

/** Resolves once SIGTERM or SIGINT has stopped the service gracefully. */
function untilSignal(stop: () => Promise<void>): Promise<void> {
  return new Promise<void>((resolve) => {
    const shutdown = () => { void stop().then(resolve); };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  });
}

async function migrateCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: configOption });
  const store = openStore(config(values.config).database.url);
  try {
    const applied = await migrateToLatest(store.db, store.flavor);
    console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'database schema is current');
    return 0;
  } finally {
    await store.close();
  }
}

async function doctorCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: configOption });
  const cfg = config(values.config);
  const store = openStore(cfg.database.url);
  try {
    const findings = await diagnose(cfg, store);
    const mark = { ok: 'ok     ', warn: 'warning', problem: 'PROBLEM' } as const;
    for (const f of findings) {
      console.log(`${mark[f.level]}  ${f.topic}: ${f.message}`);
      if (f.fix && f.level !== 'ok') console.log(`         fix: ${f.fix}`);
    }
    const problems = findings.filter((f) => f.level === 'problem').length;
    console.log(problems === 0 ? '\nno problems found' : `\n${problems} problem${problems === 1 ? '' : 's'} found`);
    return problems === 0 ? 0 : 1;
  } finally {
    await store.close();
  }
}

async function auditCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: { ...configOption, format: { type: 'string', default: 'jsonl' }, since: { type: 'string' }, out: { type: 'string' } },
  });
  const store = openStore(config(values.config).database.url);
  try {
    if (sub === 'verify') {
      const result = await verifyAuditTrail(store.db);
      if (result.ok) {
        console.log(`audit trail intact: ${result.events} events${result.headHash ? `, head ${result.headHash}` : ''}`);
        return 0;
      }
      console.error(`audit trail broken at event ${result.fault!.seq}: ${result.fault!.message}`);
      console.log(JSON.stringify({ ok: false, first_bad_seq: result.fault!.seq, fault: result.fault!.fault, verified_events: result.events }));
      return 1;
    }
    if (sub === 'export') {
      const format = values.format as ExportFormat;
      if (format !== 'jsonl' && format !== 'csv') throw new UsageError('--format must be jsonl or csv');
      if (values.since !== undefined && Number.isNaN(Date.parse(values.since))) throw new UsageError('--since must be an ISO-8601 time such as 2026-01-31T00:00:00Z');
      const since = values.since === undefined ? undefined : new Date(values.since).toISOString();
      const out = values.out ? createWriteStream(values.out) : process.stdout;
      const count = await exportAuditTrail(store.db, out, format, since);
      if (values.out) await new Promise<void>((resolve, reject) => { out.end(() => resolve()); out.once('error', reject); });
      console.error(`exported ${count} events`);
      return 0;
    }
    throw new UsageError('audit takes "verify" or "export"');
  } finally {
    await store.close();
  }
}

async function detectCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { ...configOption, facts: { type: 'string' } } });
  if (!values.facts) throw new UsageError('detect needs --facts FILE (or - for standard input)');
  const text = readFileSync(values.facts === '-' ? 0 : values.facts, 'utf8');
  const cfg = config(values.config);
  let failed = false;
  for (const line of detectLines(text, cfg)) {
    if ('error' in line) failed = true;
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
  return failed ? 1 : 0;
}

async function ownersCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { codeowners: { type: 'string' } }, allowPositionals: true });
  if (!values.codeowners || positionals.length === 0) throw new UsageError('owners needs --codeowners FILE and at least one PATH');
  const file = parseCodeowners(readFileSync(values.codeowners, 'utf8'));
  for (const e of file.errors) console.error(`${values.codeowners}:${e.line}: ${e.message}`);
  for (const path of positionals) {
    const rule = matchCodeowners(file, path);
    process.stdout.write(`${JSON.stringify({ path, line: rule?.line ?? null, owners: rule?.owners ?? [] })}\n`);
  }
  return 0;
}

class UsageError extends Error {}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    const usage = error instanceof UsageError || Boolean((error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'));
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof ConfigError) console.error(`countersign: ${error.message}`);
    else if (code === 'EADDRINUSE' || code === 'EACCES') {
      const { address, port } = error as { address?: string; port?: number };
      console.error(`countersign: cannot listen on ${address ?? 'the address'}:${port ?? '?'} (${code === 'EADDRINUSE' ? 'another process uses that port' : 'not allowed'}); choose another port (PORT, server.port, or --port for the demo)`);
    }
    else if (usage) console.error(`countersign: ${(error as Error).message}\n\n${USAGE}`);
    else console.error(`countersign: ${(error as Error).stack ?? error}`);
    // 78 is EX_CONFIG (sysexits.h): the operator's file, not the program, needs fixing.
    process.exitCode = error instanceof ConfigError ? 78 : usage ? 2 : 1;
  },
);
