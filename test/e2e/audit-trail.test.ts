import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, WEBHOOK_SECRET, type TestApp } from '../support/app.js';
import { pullRequestPayload, sendWebhook } from '../support/webhooks.js';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '../../dist/cli.js');
let app: TestApp;

/** `countersign audit …` against the test database, as an operator runs it. */
function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return cliWith({ DATABASE_URL: app.ctx.config.database.url }, ...args);
}

async function cliWith(extraEnv: Record<string, string>, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { PATH: process.env.PATH!, ...extraEnv };
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env, cwd: app.dir });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** Ten PRs opened by the Copilot agent: forty chained events (tracked, who asked the agent, requested, assigned). */
async function recordSomeHistory() {
  for (let n = 1; n <= 10; n++) {
    await sendWebhook(app.url, { event: 'pull_request', payload: pullRequestPayload('opened', { number: n, author: 'Copilot', authorType: 'Bot', installationId: null }), secret: WEBHOOK_SECRET });
  }
  await app.worker.drain();
}

/** What someone with database access would do to cover their tracks. */
async function dropTriggers() {
  const triggers = app.ctx.store.flavor === 'postgres' ? ['audit_events_no_rewrite ON audit_events'] : ['audit_events_no_update', 'audit_events_no_delete'];
  for (const trigger of triggers) await sql.raw(`DROP TRIGGER ${trigger}`).execute(app.ctx.store.db);
}

describe('the audit trail', () => {
  beforeEach(async () => { app = await startTestApp('teams: [{ name: core, seniors: [alice] }]\nownership: { fallback_team: core }'); await recordSomeHistory(); });
  afterEach(async () => { await app.close(); });

  it('verifies an untouched trail', async () => {
    const result = await cli('audit', 'verify');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/audit trail intact: 40 events, head [0-9a-f]{64}/);
  });

  it('is refused UPDATE and DELETE by the database itself', async () => {
    await expect(sql.raw(`UPDATE audit_events SET actor = 'mallory' WHERE seq = 3`).execute(app.ctx.store.db)).rejects.toThrow(/append-only/);
    await expect(sql.raw('DELETE FROM audit_events WHERE seq = 3').execute(app.ctx.store.db)).rejects.toThrow(/append-only/);
  });

  const tampering: { name: string; act: () => Promise<unknown>; seq: number; fault: RegExp }[] = [
    { name: 'an edited row', act: () => sql.raw(`UPDATE audit_events SET actor = 'mallory' WHERE seq = 7`).execute(app.ctx.store.db), seq: 7, fault: /event 7 was altered/ },
    { name: 'an edited row whose hash was recomputed by hand', act: () => sql.raw(`UPDATE audit_events SET hash = '${'f'.repeat(64)}', details = '{}' WHERE seq = 12`).execute(app.ctx.store.db), seq: 12, fault: /event 12 was altered/ },
    { name: 'a deleted row', act: () => sql.raw('DELETE FROM audit_events WHERE seq = 5').execute(app.ctx.store.db), seq: 5, fault: /event 5 is missing/ },
    { name: 'the first row deleted', act: () => sql.raw('DELETE FROM audit_events WHERE seq = 1').execute(app.ctx.store.db), seq: 1, fault: /event 1 is missing/ },
    {
      name: 'an inserted row',
      act: async () => {
        // Shift the tail up by one and slip a forged event in at 9, linked to nothing real.
        await sql.raw('UPDATE audit_events SET seq = seq + 1000 WHERE seq >= 9').execute(app.ctx.store.db);
        await sql.raw('UPDATE audit_events SET seq = seq - 999 WHERE seq >= 1009').execute(app.ctx.store.db);
        await sql.raw(`INSERT INTO audit_events (seq, at, actor, action, subject, head_sha, details, prev_hash, hash) VALUES (9, '2026-11-20T09:00:00.000Z', 'mallory', 'signed_off', 'Codertocat/Hello-World#4', NULL, '{}', '${'0'.repeat(64)}', '${'1'.repeat(64)}')`).execute(app.ctx.store.db);
      },
      seq: 9, fault: /event 9 does not follow event 8/,
    },
  ];

  for (const t of tampering) {
    it(`names the exact sequence number of ${t.name}`, async () => {
      await dropTriggers();
      await t.act();
      const result = await cli('audit', 'verify');
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(t.fault);
      expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, first_bad_seq: t.seq });
    });
  }

  it('needs only the database settings: the service\'s own config file works without its Slack and GitHub secrets', async () => {
    writeFileSync(join(app.dir, 'countersign.yml'), [
      'database:',
      `  url: "${app.ctx.config.database.url}"`,
      'github: { app_id: "${GITHUB_APP_ID}", private_key_path: "${GITHUB_PRIVATE_KEY_PATH}", webhook_secret: "${GITHUB_WEBHOOK_SECRET}" }',
      'slack: { bot_token: "${SLACK_BOT_TOKEN}", signing_secret: "${SLACK_SIGNING_SECRET}" }',
      'teams: [{ name: core, seniors: [alice] }]',
    ].join('\n'));
    // The service itself refuses that file without its secrets...
    const doctor = await cliWith({}, 'doctor');
    expect(doctor.code).toBe(78);
    expect(doctor.stderr).toContain('SLACK_BOT_TOKEN is not set');
    // ...while the auditor's commands read the trail from the database it names.
    const verify = await cliWith({}, 'audit', 'verify');
    expect(verify.stderr).toBe('');
    expect(verify.stdout).toMatch(/audit trail intact: 40 events/);
    const exported = await cliWith({}, 'audit', 'export');
    expect(exported.stdout.trim().split('\n')).toHaveLength(40);
  });

  it('a broken database setting is still reported with its key path', async () => {
    writeFileSync(join(app.dir, 'countersign.yml'), 'database:\n  url: "${AUDIT_DATABASE_URL}"\nslack: { bot_token: "${SLACK_BOT_TOKEN}" }\n');
    const result = await cliWith({}, 'audit', 'verify');
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('database.url: uses ${AUDIT_DATABASE_URL}, but AUDIT_DATABASE_URL is not set');
    expect(result.stderr).not.toContain('SLACK_BOT_TOKEN');
  });

  it('exports every field as JSON Lines that link into one chain', async () => {
    const result = await cli('audit', 'export', '--format', 'jsonl');
    const events = result.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(events).toHaveLength(40);
    expect(Object.keys(events[0])).toEqual(['seq', 'at', 'actor', 'action', 'subject', 'head_sha', 'details', 'prev_hash', 'hash']);
    for (let i = 1; i < events.length; i++) expect(events[i].prev_hash).toBe(events[i - 1].hash);
    expect(result.stderr).toContain('exported 40 events');
  });

  it('exports CSV to a file, and only events since a time', async () => {
    const out = join(app.dir, 'audit.csv');
    const all = await cli('audit', 'export', '--format', 'csv', '--out', out);
    expect(all.code).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('seq,at,actor,action,subject,head_sha,details,prev_hash,hash');
    expect(lines).toHaveLength(41);
    expect(lines[1]).toContain('"{""title"":');

    const future = await cli('audit', 'export', '--format', 'jsonl', '--since', '2030-01-01T00:00:00Z');
    expect(future.stdout).toBe('');
    const bad = await cli('audit', 'export', '--format', 'xml');
    expect(bad.code).toBe(2);
  });
});
