import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { startService } from '../support/processes.js';

/**
 * The package as an operator gets it: `npm pack` (which builds first, through the
 * `prepare` script), installed into an empty directory with production dependencies
 * only, and its `countersign start` answering /healthz. The Dockerfile runs the same steps.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

describe('npm pack', () => {
  it('gives a built package that installs without dev dependencies and starts', async () => {
    const out = mkdtempSync(join(tmpdir(), 'countersign-pack-'));
    dirs.push(out);
    const { stdout } = await run('npm', ['pack', '--pack-destination', out, '--json'], { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 });
    const [packed] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[];
    const paths = packed!.files.map((f) => f.path);
    expect(paths).toContain('dist/cli.js');
    expect(paths).toContain('manifests/slack/manifest.yml');
    expect(paths.filter((p) => /^(src|test|scripts)\//.test(p) || p.endsWith('.map'))).toEqual([]);

    const app = join(out, 'install');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), '{ "name": "countersign-install-test", "version": "1.0.0", "private": true }\n');
    // --ignore-scripts: better-sqlite3 would compile its addon from source here (no prebuilt
    // download offline), minutes of CPU that prove nothing about the package; this checkout's
    // copy is the same version built for the same Node, and is put where the build would put it.
    await run('npm', ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', join(out, packed!.filename)], { cwd: app, maxBuffer: 16 * 1024 * 1024 });
    const addon = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
    expect(JSON.parse(readFileSync(join(app, 'node_modules/better-sqlite3/package.json'), 'utf8')).version)
      .toBe(JSON.parse(readFileSync(join(ROOT, 'node_modules/better-sqlite3/package.json'), 'utf8')).version);
    mkdirSync(join(app, 'node_modules/better-sqlite3/build/Release'), { recursive: true });
    copyFileSync(join(ROOT, addon), join(app, addon));

    // The build and test tools stay behind (some @types packages come along as other packages' dependencies).
    expect(['typescript', 'vitest', 'playwright-core'].filter((name) => existsSync(join(app, 'node_modules', name)))).toEqual([]);

    const service = await startService(app, {}, join(app, 'node_modules/.bin/countersign'));
    try {
      const health = await fetch(`${service.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
    } finally {
      expect(await service.stop()).toBe(0);
    }
  }, 300_000);
});
