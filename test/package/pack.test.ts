import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/** This checkout's better-sqlite3 addon as the release archive prebuild-install downloads (name and layout). */
async function packAddonAsPrebuild(dir: string): Promise<void> {
  const moduleDir = join(ROOT, 'node_modules/better-sqlite3');
  const { version } = JSON.parse(readFileSync(join(moduleDir, 'package.json'), 'utf8')) as { version: string };
  mkdirSync(dir, { recursive: true });
  const archive = join(dir, `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`);
  await run('tar', ['-czf', archive, '-C', moduleDir, 'build/Release/better_sqlite3.node']);
}

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
    // Installed as a user installs it, install scripts and all, from npm's cache. better-sqlite3's
    // script (prebuild-install) fetches a prebuilt addon from GitHub, which this machine cannot
    // reach; it also looks in a local prebuilds folder first, so this checkout's addon (the same
    // version built for the same Node) is packed there as the archive GitHub would serve.
    const prebuilds = join(out, 'prebuilds');
    await packAddonAsPrebuild(prebuilds);
    const install = await run('npm', ['install', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', '--foreground-scripts', '--loglevel=info', join(out, packed!.filename)], {
      cwd: app, maxBuffer: 16 * 1024 * 1024, env: { ...process.env, npm_config_better_sqlite3_local_prebuilds: prebuilds },
    });
    // The install script ran and took the prebuilt archive, rather than compiling from source.
    expect(`${install.stdout}${install.stderr}`).toMatch(/found local prebuild/);
    expect(existsSync(join(app, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node'))).toBe(true);

    // The build and test tools stay behind (some @types packages come along as other packages' dependencies).
    expect(['typescript', 'vitest', 'playwright-core', 'rolldown'].filter((name) => existsSync(join(app, 'node_modules', name)))).toEqual([]);

    // The quick commands ship as one file each (scripts/bundle-cli.mjs) and still find the
    // modules they share with the CLI: a usage error is explained, not a stack trace.
    const bin = join(app, 'node_modules/.bin/countersign');
    writeFileSync(join(app, 'pr.json'), JSON.stringify({ author: { login: 'jane' }, labels: [{ name: 'ai-assisted' }] }));
    const detected = await run(bin, ['detect', '--facts', 'pr.json'], { cwd: app });
    expect(JSON.parse(detected.stdout)).toMatchObject({ ai_assisted: true, signals: [{ kind: 'label' }] });
    const refused = await run(bin, ['owners', '--codeowners', 'CODEOWNERS'], { cwd: app }).then(() => null, (e: { code: number; stderr: string }) => e);
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringMatching(/^countersign: owners needs --codeowners FILE and at least one PATH\n\nUsage: countersign owners/) });

    const service = await startService(app, {}, bin);
    try {
      const health = await fetch(`${service.url}/healthz`);
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'ok' });
    } finally {
      expect(await service.stop()).toBe(0);
    }
  }, 300_000);
});
