import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';

/** The built CLI, as an operator runs it (`npm test` builds it first). */
export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface Run { code: number | null; stdout: string; stderr: string; lines: string[] }

/** Temporary directories for one test file, removed after it; fails early without a build. */
export function cliFixtures(prefix: string): { tempDir(files?: Record<string, string>): string } {
  const dirs: string[] = [];
  beforeAll(() => {
    if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first (npm test does)`);
  });
  afterAll(() => { for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true }); });
  return {
    tempDir(files = {}) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
      dirs.push(dir);
      for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
      }
      return dir;
    },
  };
}

/** Run the CLI in `cwd` with only PATH, HOME and `env` set. */
export function runCli(args: string[], { cwd, env = {}, input }: { cwd: string; env?: Record<string, string>; input?: string }): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd, ...env }, timeout: 20_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk; });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr, lines: stdout.split('\n').filter((l) => l !== '') }));
    child.stdin.end(input);
  });
}
