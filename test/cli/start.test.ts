import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI, cliFixtures, runCli } from '../support/cli.js';
import { openPlayground, textOf } from '../support/playground.js';

const fixtures = cliFixtures('countersign-start-');
let child: ChildProcess | null = null;

/** Start the built CLI and wait until its output matches `ready`; returns the match and all output so far. */
function launch(args: string[], cwd: string, ready: RegExp, env: Record<string, string> = {}): Promise<{ match: RegExpExecArray; output: () => string }> {
  child = spawn(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd, ...env } });
  let output = '';
  return new Promise((resolve, reject) => {
    const look = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = ready.exec(output);
      if (match) resolve({ match, output: () => output });
    };
    child!.stdout!.on('data', look);
    child!.stderr!.on('data', look);
    child!.once('exit', (code) => reject(new Error(`exited with ${code} before it was ready:\n${output}`)));
  });
}

/** SIGTERM, as a process manager stops it; resolves with the exit code. */
function stop(): Promise<number | null> {
  const c = child!;
  child = null;
  return new Promise((resolve) => { c.once('exit', (code) => resolve(code)); c.kill('SIGTERM'); });
}

afterEach(() => { child?.kill('SIGKILL'); child = null; });

describe('a fresh clone', () => {
  it('`start` with no config and no credentials serves the playground on loopback, and stops cleanly on SIGTERM', async () => {
    const dir = fixtures.tempDir();
    const { match, output } = await launch(['start'], dir, /Countersign playground: open (http:\/\/127\.0\.0\.1:\d+\/\?token=\w+)/, { PORT: '0' });
    // The token is for the console, never for the logs.
    const token = new URL(match[1]!).searchParams.get('token')!;
    expect(output().split('\n').filter((l) => l.startsWith('{') && l.includes(token))).toEqual([]);
    expect((await fetch(new URL('/', match[1]))).status).toBe(401);
    const browser = await openPlayground(match[1]!);
    expect(textOf((await browser.get()).html)).toContain('No people are configured');
    expect(await stop()).toBe(0);
  });

  it('`demo` replays the sample pull requests into the playground', async () => {
    const dir = fixtures.tempDir();
    const { match, output } = await launch(['demo', '--port', '0'], dir, /open (http:\/\/127\.0\.0\.1:\d+\/\?token=\w+) in a browser[\s\S]*synchronize #101 → 202/);
    expect(output()).toContain('webhook pull_request.opened #107 → 202: Dependabot');
    const browser = await openPlayground(match[1]!);
    const page = textOf((await browser.get({ channel: 'payments', as: 'priya' })).html);
    expect(page).toContain('acme/storefront#101');
    expect(page).toContain('priya (senior in payments)');
    expect(await stop()).toBe(0);
  });
});

describe('a port already taken', () => {
  it.each(['start', 'demo'])('stops `%s` with a clear message and exit 1', async (command) => {
    const { createServer } = await import('node:net');
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
    const port = (taken.address() as { port: number }).port;
    try {
      // PORT names the port for both; the demo reads it when --port is not given.
      const run = await runCli([command], { cwd: fixtures.tempDir(), env: { PORT: String(port) } });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`countersign: cannot listen on 127.0.0.1:${port} (another process uses that port)`);
    } finally {
      taken.close();
    }
  });
});

describe('a second demo', () => {
  const keep = (dir: string) => {
    fs.mkdirSync(path.join(dir, 'data', 'demo'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'data', 'demo', 'countersign.db'), 'the running demo\'s data');
  };
  const kept = (dir: string) => fs.readFileSync(path.join(dir, 'data', 'demo', 'countersign.db'), 'utf8');

  it('leaves the running demo\'s data alone when its port is taken', async () => {
    const { createServer } = await import('node:net');
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', () => r()));
    const port = (taken.address() as { port: number }).port;
    const dir = fixtures.tempDir();
    keep(dir);
    try {
      const run = await runCli(['demo', '--port', String(port)], { cwd: dir });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`cannot listen on 127.0.0.1:${port}`);
      expect(kept(dir)).toBe('the running demo\'s data');
    } finally {
      taken.close();
    }
  });

  it('refuses while another live demo holds the data directory, and says which', async () => {
    const dir = fixtures.tempDir();
    keep(dir);
    // The lock a running demo leaves: its process id (this test's process is alive).
    fs.writeFileSync(path.join(dir, 'data', 'demo.lock'), String(process.pid));
    const run = await runCli(['demo', '--port', '0'], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`countersign: another demo (process ${process.pid}) is running from this directory`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(kept(dir)).toBe('the running demo\'s data');
  });
});
