import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { verifyAuditTrail } from '../../src/app/audit-trail.js';
import { openStore } from '../../src/store/db.js';
import { freshPostgresDatabase, POSTGRES_SERVER } from '../support/app.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { appPrivateKey, githubAppEnv } from '../support/github-app.js';
import { startService, type ServiceProcess } from '../support/processes.js';
import { pullRequestPayload, sendWebhook } from '../support/webhooks.js';

/**
 * Acceptance: three real `countersign start` processes on one PostgreSQL database, a
 * Slack that answers a fifth of calls with 429 and a tenth with 500, a GitHub that
 * counts reads; signed deliveries spread over the replicas plus redeliveries,
 * and one replica killed with SIGKILL midway.
 */
const SECRET = 'replicas-acceptance-secret';
const TEAMS = 10;
/**
 * The issue asks for 300 deliveries and 50 redeliveries: `.ci/run` sets
 * ACCEPTANCE_DELIVERIES=300 (about three and a half minutes on a shared two-core
 * machine, most of it the fake Slack's 429s and 500s being waited out); a plain
 * `npm test` runs the same scenario at 60 and 10.
 */
const DELIVERIES = Number(process.env.ACCEPTANCE_DELIVERIES ?? 60);
const REDELIVERIES = Math.round(DELIVERIES / 6);
/** Half-second looks for the outbox to drain, and the test's own limit, in proportion to its size. */
const DRAIN_LOOKS = Math.max(360, DELIVERIES * 3);
const TIMEOUT_MS = 60_000 + DRAIN_LOOKS * 500;
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => { for (const c of cleanups.reverse()) await c(); });

/** In front of the fake Slack: every 5th call gets 429 (Retry-After: 1), every 10th (not already a 429) a 500. */
async function unreliableSlack(slack: FakeSlack): Promise<{ apiUrl: string; server: Server; answered: Record<number, number> }> {
  let n = 0;
  const answered: Record<number, number> = {};
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      n++;
      const fail = n % 5 === 0 ? 429 : n % 10 === 3 ? 500 : 0;
      if (fail) {
        answered[fail] = (answered[fail] ?? 0) + 1;
        res.writeHead(fail, fail === 429 ? { 'retry-after': '1', 'content-type': 'application/json' } : { 'content-type': 'text/plain' });
        res.end(fail === 429 ? '{"ok":false,"error":"ratelimited"}' : 'upstream failure');
        return;
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'content-length') headers[k] = v;
      fetch(`${slack.url}${req.url}`, { method: req.method!, headers, ...(chunks.length ? { body: Buffer.concat(chunks) } : {}) })
        .then(async (r) => { res.writeHead(r.status, Object.fromEntries(r.headers)); res.end(Buffer.from(await r.arrayBuffer())); })
        .catch(() => { res.writeHead(502).end(); });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return { apiUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`, server, answered };
}

const repoOf = (i: number) => `acme/r${i % TEAMS}`;
const channelOf = (t: number) => `C0TEAM${String(t).padStart(4, '0')}`;

describe.skipIf(!POSTGRES_SERVER)('three replicas on one PostgreSQL database', () => {
  it('turns every acknowledged delivery into one change and one review request, reading GitHub once per delivery, through 429s, 500s and a SIGKILL', async () => {
    const trace = (what: string) => { if (process.env.ACCEPTANCE_TRACE) appendFileSync(process.env.ACCEPTANCE_TRACE, `${new Date().toISOString()} ${what}\n`); };
    trace('start');
    const database = await freshPostgresDatabase();
    cleanups.push(database.drop);
    const github: FakeGitHub = await startFakeGitHub();
    cleanups.push(() => github.close());
    const slack = await startFakeSlack();
    cleanups.push(() => slack.close());
    const flaky = await unreliableSlack(slack);
    cleanups.push(() => new Promise<void>((r) => flaky.server.close(() => r())));

    const teams = Array.from({ length: TEAMS }, (_, t) => `  - { name: t${t}, seniors: [alice], channels: { slack: ${channelOf(t)} } }`).join('\n');
    const repos = Array.from({ length: TEAMS }, (_, t) => `acme/r${t}: t${t}`).join(', ');
    const config = `teams:\n${teams}\nownership: { use_codeowners: false, repos: { ${repos} }, fallback_team: t0 }\nslack: { channel_interval_ms: 0 }\n`;
    const env = { DATABASE_URL: database.url, GITHUB_WEBHOOK_SECRET: SECRET, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'signing', SLACK_API_URL: flaky.apiUrl, LOG_LEVEL: 'info', ...githubAppEnv(github, appPrivateKey()) };
    const replicas: ServiceProcess[] = await Promise.all([0, 1, 2].map(async (r) => {
      const dir = mkdtempSync(join(tmpdir(), `countersign-replica-${r}-`));
      cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
      writeFileSync(join(dir, 'countersign.yml'), config);
      const service = await startService(dir, env);
      cleanups.push(() => { service.child.kill('SIGKILL'); });
      return service;
    }));

    trace('replicas up');
    const acknowledged: { id: string; payload: Record<string, unknown>; number: number }[] = [];
    let alive = [...replicas];
    const sendOne = async (i: number) => {
      const number = i + 1;
      const sha = number.toString(16).padStart(40, 'a');
      github.addPull(repoOf(i), { number, base: { ref: 'main', sha: 'b'.repeat(40) }, head: { ref: `copilot/fix-${number}`, sha }, commits: [], files: [{ filename: `src/f${number}.ts`, additions: 5, deletions: 1 }] });
      const payload = pullRequestPayload('opened', { repo: repoOf(i), number, sha, branch: `copilot/fix-${number}` });
      const target = alive[i % alive.length]!;
      const sent = await sendWebhook(target.url, { event: 'pull_request', payload, secret: SECRET }).catch(() => null);
      if (sent && sent.status >= 200 && sent.status < 300) acknowledged.push({ id: sent.deliveryId, payload, number });
    };
    for (let i = 0; i < DELIVERIES; i += 10) {
      await Promise.all(Array.from({ length: 10 }, (_, k) => sendOne(i + k)));
      if (i + 10 === DELIVERIES / 2) {
        // A replica dies mid-flight (an OOM kill, a node lost): whatever it had claimed it never finishes.
        replicas[1]!.child.kill('SIGKILL');
        alive = [replicas[0]!, replicas[2]!];
      }
    }
    trace('deliveries sent');
    // GitHub redelivers some of them (same delivery id): nothing new may come of it.
    for (let k = 0; k < REDELIVERIES; k++) {
      const again = acknowledged[(k * 7) % acknowledged.length]!;
      const sent = await sendWebhook(alive[k % 2]!.url, { event: 'pull_request', payload: again.payload, secret: SECRET, deliveryId: again.id });
      expect(sent.status).toBeLessThan(300);
    }

    trace('redeliveries sent');
    const store = openStore(database.url);
    cleanups.push(() => store.close());
    const db = store.db;
    const outstanding = async () => {
      const inbox = await db.selectFrom('inbox').select('id').where('state', '=', 'pending').execute();
      const posts = await db.selectFrom('outbox').select('id').where('state', '=', 'pending').where('kind', '=', 'review_request.post').execute();
      return inbox.length + posts.length;
    };
    for (let i = 0; i < DRAIN_LOOKS && (await outstanding()) > 0; i++) {
      if (process.env.ACCEPTANCE_TRACE && i % 10 === 0) {
        const inbox = await db.selectFrom('inbox').select(['state']).execute();
        const out = await db.selectFrom('outbox').select(['state', 'kind', 'attempts', 'next_attempt_at']).where('state', '=', 'pending').execute();
        console.log(new Date().toISOString(), 'inbox pending', inbox.filter((r) => r.state === 'pending').length, 'outbox pending', out.length, JSON.stringify(out.slice(0, 4)));
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    if ((await outstanding()) > 0) {
      console.log(JSON.stringify(await db.selectFrom('inbox').select(['state', 'attempts', 'next_attempt_at', 'claimed_by', 'claim_expires_at', 'last_error']).where('state', '=', 'pending').limit(5).execute()));
      console.log(JSON.stringify(await db.selectFrom('outbox').select(['kind', 'change_id', 'attempts', 'next_attempt_at', 'claimed_by', 'claim_expires_at', 'last_error']).where('state', '=', 'pending').orderBy('id').limit(8).execute()));
      console.log(new Date().toISOString(), JSON.stringify(replicas.map((r) => r.logs.filter((l) => (l.level ?? 0) >= 50).slice(-3).map((l) => l.msg))));
    }
    expect(await outstanding()).toBe(0);

    trace('all applied and posted');
    expect(acknowledged.length).toBeGreaterThan(DELIVERIES * 0.95);
    const changes = await db.selectFrom('changes').select(['id', 'repo', 'number']).execute();
    expect(changes).toHaveLength(acknowledged.length);
    expect(new Set(changes.map((c) => `${c.repo}#${c.number}`)).size).toBe(acknowledged.length);

    // Exactly one review request per change in Slack, whatever the 429s, 500s and the kill did.
    const requests = Array.from({ length: TEAMS }, (_, t) => slack.messages(channelOf(t))).flat()
      .filter((m) => /Awaiting sign-off/.test(m.text ?? ''));
    const perChange = new Map<string, number>();
    for (const m of requests) {
      const key = /(acme\/r\d+#\d+)/.exec(m.text ?? '')?.[1] ?? '?';
      perChange.set(key, (perChange.get(key) ?? 0) + 1);
    }
    expect(perChange.size).toBe(acknowledged.length);
    expect([...perChange.values()].filter((n) => n !== 1)).toEqual([]);
    expect((flaky.answered[429] ?? 0) + (flaky.answered[500] ?? 0)).toBeGreaterThan(0);

    // GitHub read once per delivery, give or take those the killed replica had claimed (one worker batch at most).
    const reads = github.find('GET', /\/pulls\/\d+\/files$/).length;
    expect(reads).toBeGreaterThanOrEqual(acknowledged.length);
    expect(reads - acknowledged.length).toBeLessThanOrEqual(16);

    expect(await verifyAuditTrail(db)).toMatchObject({ ok: true });
    for (const r of alive) expect(await r.stop()).toBe(0);
    trace('stopped');
  }, TIMEOUT_MS);
});
