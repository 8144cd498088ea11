import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditTrail } from '../../src/app/audit-trail.js';
import { startTestApp, WEBHOOK_SECRET, type TestApp } from '../support/app.js';
import { hostileText, int, oddValue, pick, PULL_REQUEST_PATHS, seeded, withValueAt, type Rng } from '../support/fuzz.js';
import { examplePayload, pullRequestPayload, sendWebhook } from '../support/webhooks.js';

/**
 * Seeded fuzzing of the webhook endpoint, the worker and the audit chain: forged,
 * malformed, oddly typed and odd-header deliveries, redeliveries, and pull requests
 * whose body, title and branch are hostile text up to GitHub's limits.
 * `COUNTERSIGN_FUZZ_CASES` (default 1,500) and `COUNTERSIGN_FUZZ_SEED` run more, or
 * replay a failure. Invariants: nothing answers 5xx (the database is up), /healthz
 * always answers, nothing forged or malformed leaves a row, and `audit verify` passes.
 */
const CASES = Number(process.env.COUNTERSIGN_FUZZ_CASES ?? 1_500);
const SEED = Number(process.env.COUNTERSIGN_FUZZ_SEED ?? 20261201);
const GROUP = 12; // sent together, so they share group commits
const CONFIG = 'teams: [{ name: core, seniors: [alice, bob], leads: [carol] }]\nownership: { fallback_team: core }';

interface Case {
  kind: string;
  event: string;
  body: string;
  deliveryId: string;
  headers?: Record<string, string | null>;
  secret?: string;
  /** Statuses this case may get; anything else fails the run. */
  allowed: number[];
}

let app: TestApp;
beforeAll(async () => { app = await startTestApp(CONFIG); });
afterAll(() => app.close());

function pullRequest(rng: Rng): Record<string, any> {
  const payload = pullRequestPayload(pick(rng, ['opened', 'synchronize', 'reopened', 'labeled', 'closed', 'ready_for_review']), {
    number: 1 + int(rng, 40), installationId: null, author: pick(rng, ['Copilot', 'octocat', 'dependabot[bot]']), authorType: 'User',
    sha: int(rng, 16).toString(16).repeat(40), branch: pick(rng, ['copilot/fix', 'main-fix', 'claude/issue-1-20260101_120000']),
  });
  return payload;
}

function makeCase(rng: Rng, n: number): Case {
  const base = (kind: string, payload: unknown, allowed = [202]): Case => ({ kind, event: 'pull_request', body: JSON.stringify(payload), deliveryId: `fuzz-${n}-${randomUUID()}`, allowed });
  switch (pick(rng, ['forged', 'malformed', 'headers', 'typed', 'typed', 'typed', 'hostile', 'hostile', 'other-event'])) {
    case 'forged': {
      const c = base('forged', pullRequest(rng), [401]);
      const how = pick(rng, ['secret', 'missing', 'tampered']);
      if (how === 'secret') c.secret = 'not-the-secret';
      if (how === 'missing') c.headers = { 'x-hub-signature-256': null };
      if (how === 'tampered') c.headers = { 'x-hub-signature-256': `sha256=${'0'.repeat(64)}` };
      return c;
    }
    case 'malformed': {
      const c = base('malformed', null, [400]);
      c.body = pick(rng, ['{', '[]', '"opened"', 'null', '42', '{"action":', '{"a":1}{', '\u0000', '{"action":"opened",}']);
      return c;
    }
    case 'headers': {
      const c = base('headers', pullRequest(rng));
      const how = pick(rng, ['type', 'no-event', 'no-id', 'event-name', 'long-id', 'charset']);
      if (how === 'type') { c.headers = { 'content-type': 'text/plain' }; c.allowed = [415]; }
      if (how === 'no-event') { c.headers = { 'x-github-event': null }; c.allowed = [400]; }
      if (how === 'no-id') { c.headers = { 'x-github-delivery': null }; c.allowed = [400]; }
      if (how === 'event-name') { c.event = pick(rng, ['Pull Request', 'pull-request', 'x'.repeat(80)]); c.allowed = [400]; }
      if (how === 'long-id') { c.deliveryId = 'x'.repeat(300); c.allowed = [400]; }
      if (how === 'charset') c.headers = { 'content-type': 'application/json; charset=utf-8' };
      return c;
    }
    case 'typed':
      return base('typed', withValueAt(pullRequest(rng), pick(rng, PULL_REQUEST_PATHS), oddValue(rng)), [202, 400]);
    case 'hostile': {
      const payload = pullRequest(rng);
      payload.pull_request.body = hostileText(rng, 65_536);
      if (rng() < 0.3) payload.pull_request.title = hostileText(rng, 256);
      if (rng() < 0.3) payload.pull_request.head.ref = hostileText(rng, 255);
      return base('hostile', payload);
    }
    default: {
      const event = pick(rng, ['pull_request_review', 'check_run', 'installation', 'push', 'issues']);
      const payload = examplePayload(event);
      return { ...base('other-event', rng() < 0.5 ? withValueAt(payload, pick(rng, ['sender', 'sender.login', 'repository.full_name', 'action']), oddValue(rng)) : payload, [202, 400]), event };
    }
  }
}

describe('fuzzing the webhook endpoint', () => {
  it(`${CASES} seeded hostile deliveries (seed ${SEED}): no 5xx, health answers, nothing refused is stored, the audit chain verifies`, async () => {
    const rng = seeded(SEED);
    const sent: { c: Case; status: number }[] = [];
    const failures: string[] = [];
    for (let i = 0; i < CASES; i += GROUP) {
      const group = Array.from({ length: Math.min(GROUP, CASES - i) }, (_, j) => {
        // Now and then, a redelivery of something already sent (same id, same body).
        const earlier = sent.length > 0 && rng() < 0.08 ? pick(rng, sent).c : null;
        return earlier ? { ...earlier, kind: `redelivered ${earlier.kind}` } : makeCase(rng, i + j);
      });
      const [health, ...answers] = await Promise.all([
        fetch(`${app.url}/healthz`).then((r) => r.status),
        ...group.map((c) => sendWebhook(app.url, { event: c.event, payload: null, rawBody: c.body, deliveryId: c.deliveryId, secret: c.secret ?? WEBHOOK_SECRET, headers: c.headers ?? {} })),
      ]);
      expect(health).toBe(200);
      group.forEach((c, j) => {
        const status = answers[j]!.status;
        const first = sent.find((s) => s.c.deliveryId === c.deliveryId && s.c.body === c.body);
        const allowed = first ? (first.status === 202 || first.status === 200 ? [200] : [first.status]) : c.allowed;
        if (!allowed.includes(status)) failures.push(`${c.kind} ${c.deliveryId}: ${status} (allowed ${allowed.join('/')}) ${JSON.stringify(answers[j]!.body).slice(0, 200)}`);
        if (!first) sent.push({ c, status });
      });
      if (i % (GROUP * 25) === 0) await app.worker.drain();
    }
    expect(failures).toEqual([]);
    await app.worker.drain();

    const stored = await app.ctx.store.db.selectFrom('inbox').select(['delivery_id', 'state', 'last_error']).execute();
    const accepted = new Set(sent.filter((s) => s.status === 202).map((s) => s.c.deliveryId));
    expect(new Set(stored.map((r) => r.delivery_id))).toEqual(accepted);
    expect(stored.filter((r) => r.state === 'pending')).toEqual([]);
    // Parked only for the payload's own fault, never for a crash of ours.
    for (const r of stored.filter((s) => s.state === 'parked')) expect(r.last_error).toMatch(/payload refused/);
    expect(await verifyAuditTrail(app.ctx.store.db)).toMatchObject({ ok: true });
  });
});
