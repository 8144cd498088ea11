/**
 * `countersign github-app create` as an operator runs it: the built CLI serves a local
 * page that posts the manifest to GitHub; "GitHub" (the test) sends the browser back
 * with a code; the CLI exchanges it at the fake GitHub's POST /app-manifests/{code}/conversions
 * and writes the credentials where the config reads them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { CLI, cliFixtures } from '../support/cli.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';

const fixtures = cliFixtures('countersign-github-app-');
let gh: FakeGitHub;
let child: ChildProcess | null = null;

beforeAll(async () => { gh = await startFakeGitHub(); });
afterAll(async () => { await gh.close(); });
afterEach(() => { child?.kill(); child = null; });

/** Start the command; resolves with the local page's address and a promise of its exit. */
function create(args: string[], cwd: string): Promise<{ page: string; exit: Promise<{ code: number | null; out: string }> }> {
  child = spawn(process.execPath, [CLI, 'github-app', 'create', '--api-url', gh.url, ...args], { cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd } });
  let out = '';
  const exit = new Promise<{ code: number | null; out: string }>((r) => child!.once('close', (code) => r({ code, out })));
  return new Promise((resolve, reject) => {
    const look = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Open (http:\/\/127\.0\.0\.1:\d+)\//.exec(out);
      if (match) resolve({ page: match[1]!, exit });
    };
    child!.stdout!.on('data', look);
    child!.stderr!.on('data', (c: Buffer) => { out += c.toString(); });
    void exit.then(({ out: all }) => reject(new Error(`exited before serving its page: ${all}`)));
  });
}

/** The form GitHub receives: where it posts, and the manifest it carries. */
async function formOn(page: string): Promise<{ action: string; manifest: Record<string, unknown> }> {
  const text = await (await fetch(`${page}/`)).text();
  const action = /<form method="post" action="([^"]+)"/.exec(text)![1]!.replace(/&amp;/g, '&');
  const value = /name="manifest" value="([^"]+)"/.exec(text)![1]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  return { action, manifest: JSON.parse(value) as Record<string, unknown> };
}

describe('countersign github-app create', () => {
  it('posts the manifest to the organisation\'s new-app page, exchanges the code, and writes a config that loads', async () => {
    const dir = fixtures.tempDir({ 'countersign.yml': '# our settings\nserver:\n  public_url: https://cs.acme.example\ngithub:\n  webhook_secret: ${GITHUB_WEBHOOK_SECRET}   # set below\nteams:\n  - { name: core, seniors: [octocat] }\n' });
    const { page, exit } = await create(['--org', 'acme'], dir);
    const { action, manifest } = await formOn(page);
    const state = new URL(action).searchParams.get('state');
    expect(action).toBe(`https://github.com/organizations/acme/settings/apps/new?state=${state}`);
    expect(manifest).toMatchObject({
      name: 'Countersign', hook_attributes: { url: 'https://cs.acme.example/github/webhooks', active: true }, redirect_url: `${page}/callback`,
      default_permissions: { checks: 'write', pull_requests: 'write', contents: 'read', members: 'read', actions: 'read', issues: 'read' },
      default_events: ['pull_request', 'pull_request_review', 'check_run', 'issue_comment', 'workflow_run'],
    });

    // GitHub sends the browser back with a code and the state it was given.
    const done = await fetch(`${page}/callback?code=${gh.issueManifestCode()}&state=${state}`);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('https://github.com/apps/countersign-acme/installations/new');
    const { code, out } = await exit;
    expect(code).toBe(0);
    expect(out).toContain('created GitHub App "Countersign (acme)" (id 424242) for acme');
    expect(gh.find('POST', /^\/app-manifests\/manifest-code-\d+\/conversions$/)).toHaveLength(1);

    const key = path.join(dir, 'countersign.private-key.pem');
    expect(fs.readFileSync(key, 'utf8')).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    expect(fs.statSync(key).mode & 0o777).toBe(0o600);
    const file = path.join(dir, 'countersign.yml');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain('# our settings');
    const config = parseConfig(text, { source: file, env: {}, cwd: dir });
    expect(config.github).toMatchObject({ app_id: 424242, private_key_path: './countersign.private-key.pem', webhook_secret: 'fake-webhook-secret-from-github' });
    expect(config.teams.map((t) => t.name)).toEqual(['core']);
  });

  it('without a config file, for a personal account: writes a new one, webhook off until a public URL is known', async () => {
    const dir = fixtures.tempDir();
    const { page, exit } = await create([], dir);
    const { action, manifest } = await formOn(page);
    expect(action).toMatch(/^https:\/\/github\.com\/settings\/apps\/new\?state=[0-9a-f]{32}$/);
    expect(manifest).toMatchObject({ hook_attributes: { active: false } });
    const state = new URL(action).searchParams.get('state');
    expect((await fetch(`${page}/callback?code=${gh.issueManifestCode()}&state=${state}`)).status).toBe(200);
    expect((await exit).code).toBe(0);
    const config = parseConfig(fs.readFileSync(path.join(dir, 'countersign.yml'), 'utf8'), { env: {}, cwd: dir });
    expect(config.github.app_id).toBe(424242);
  });

  it('refuses an answer with another state, and writes nothing', async () => {
    const dir = fixtures.tempDir();
    const { page } = await create([], dir);
    const refused = await fetch(`${page}/callback?code=${gh.issueManifestCode()}&state=forged`);
    expect(refused.status).toBe(400);
    expect(fs.existsSync(path.join(dir, 'countersign.private-key.pem'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'countersign.yml'))).toBe(false);
  });

  it('will not replace the key of an existing app without --force', async () => {
    const dir = fixtures.tempDir({ 'countersign.private-key.pem': 'the old key' });
    child = spawn(process.execPath, [CLI, 'github-app', 'create', '--api-url', gh.url], { cwd: dir, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir } });
    let err = '';
    child.stderr!.on('data', (c: Buffer) => { err += c.toString(); });
    const code = await new Promise((r) => child!.once('close', r));
    expect(code).toBe(2);
    expect(err).toContain('countersign.private-key.pem already exists');
    expect(fs.readFileSync(path.join(dir, 'countersign.private-key.pem'), 'utf8')).toBe('the old key');
  });
});
