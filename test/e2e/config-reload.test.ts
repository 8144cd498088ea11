import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshPostgresDatabase, ON_POSTGRES } from '../support/app.js';
import { runCli } from '../support/cli.js';
import { SLACK_DEFAULTS, startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { startService, type ServiceProcess } from '../support/processes.js';
import { pullRequestPayload, sendWebhook } from '../support/webhooks.js';

/**
 * An operator edits countersign.yml and reloads the running service: a valid file
 * changes where requests go and what counts as AI-assisted from the next delivery on;
 * a bad one is refused with every problem logged, and the service carries on as before.
 */
const SECRET = 'reload-test-secret';
const BEFORE = 'C0BEFORE001';
const AFTER = 'C0AFTER0002';
const CONFIG = `teams: [{ name: core, seniors: [alice], channels: { slack: ${BEFORE} } }]\nownership: { fallback_team: core }\n`;
// Moves the team to another channel and recognises an organisation's own label.
const EDITED = `teams: [{ name: core, seniors: [alice], channels: { slack: ${AFTER} } }]
ownership: { fallback_team: core }
detection:
  rules: [{ id: house-label, kind: label, tool: "house policy", names: [vibe-coded] }]
`;
// Two mistakes: a team without seniors and a misspelt key.
const BROKEN = `teams: [{ name: core, seniors: [], channels: { slack: ${BEFORE} } }]\nownershp: { fallback_team: core }\n`;

let slack: FakeSlack;
let service: ServiceProcess | null = null;
const cleanups: (() => Promise<void> | void)[] = [];
beforeEach(async () => { slack = await startFakeSlack({ tokens: [SLACK_DEFAULTS.token] }); });
afterEach(async () => {
  service?.child.kill('SIGKILL');
  service = null;
  await slack.close();
  for (const c of cleanups.splice(0)) await c();
});

async function workspace(): Promise<{ dir: string; env: Record<string, string> }> {
  const dir = mkdtempSync(join(tmpdir(), 'countersign-reload-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'countersign.yml'), CONFIG);
  let database = `sqlite:${join(dir, 'data', 'countersign.db')}`;
  if (ON_POSTGRES) {
    const db = await freshPostgresDatabase();
    cleanups.push(db.drop);
    database = db.url;
  }
  return { dir, env: { DATABASE_URL: database, GITHUB_WEBHOOK_SECRET: SECRET, SLACK_SIGNING_SECRET: 'signing-secret', SLACK_BOT_TOKEN: SLACK_DEFAULTS.token, SLACK_API_URL: slack.apiUrl } };
}

/** The channel each pull request's review request went to. */
const requestChannels = (number: number) => slack.calls('chat.postMessage').filter((c) => !c.args.thread_ts && String(c.args.text).includes(`#${number} `)).map((c) => c.args.channel);
async function postedTo(number: number): Promise<unknown[]> {
  for (let i = 0; i < 200 && requestChannels(number).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
  return requestChannels(number);
}
const open = (number: number, changes: { author?: string; authorType?: string; labels?: string[] }) =>
  sendWebhook(service!.url, { event: 'pull_request', payload: pullRequestPayload('opened', { number, installationId: null, ...changes }), secret: SECRET });
const logsAfter = (count: number, msg: RegExp) => service!.logs.slice(count).filter((l) => msg.test(l.msg ?? ''));

describe('reloading the config of a running service', () => {
  it('`countersign reload` applies an edited file to the next delivery; SIGHUP with a broken file is refused, every problem logged', { timeout: 60_000 }, async () => {
    const { dir, env } = await workspace();
    service = await startService(dir, env);
    expect((await open(101, { author: 'Copilot', authorType: 'Bot' })).status).toBe(202);
    expect(await postedTo(101)).toEqual([BEFORE]);

    writeFileSync(join(dir, 'countersign.yml'), EDITED);
    const reload = await runCli(['reload'], { cwd: dir, env });
    expect(reload.stderr).toBe('');
    expect(reload.code).toBe(0);
    expect(reload.stdout).toContain(`(process ${service.child.pid})`);
    await service.waitForLog('config reloaded');
    // A person's own label, unknown before the reload, now asks the team in its new channel.
    expect((await open(102, { author: 'octocat', labels: ['vibe-coded'] })).status).toBe(202);
    expect(await postedTo(102)).toEqual([AFTER]);

    writeFileSync(join(dir, 'countersign.yml'), BROKEN);
    const seen = service.logs.length;
    service.child.kill('SIGHUP');
    const refused = await service.waitForLog(/^config reload refused/);
    expect(refused.problems).toEqual([
      { path: 'teams[0].seniors', message: 'needs at least one senior who may sign off' },
      expect.objectContaining({ path: '', message: expect.stringContaining('unknown key "ownershp"') }),
    ]);
    expect(logsAfter(seen, /^config reloaded/)).toEqual([]);
    // Still the edited config: the label still counts and the team is still in its new channel.
    expect((await open(103, { author: 'octocat', labels: ['vibe-coded'] })).status).toBe(202);
    expect(await postedTo(103)).toEqual([AFTER]);
    expect(service.child.exitCode).toBeNull();
    expect(await service.stop()).toBe(0);
    service = null;

    // Stopped, it leaves no process to signal, and reload says so.
    const after = await runCli(['reload'], { cwd: dir, env });
    expect(after.code).toBe(1);
    expect(after.stderr).toMatch(/^countersign reload: no running service found \(.*countersign\.pid is missing\)/);
  });
});
