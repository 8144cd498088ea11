import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppContext } from '../../src/app/context.js';
import { claimChange, submitDecision } from '../../src/app/door.js';
import type { Actor } from '../../src/app/identity.js';
import { buildContext } from '../../src/context.js';
import { appendAudit } from '../../src/store/audit.js';
import { lockChange } from '../../src/store/changes.js';
import { enqueue } from '../../src/store/outbox.js';
import { createLogger } from '../../src/logger.js';
import { ON_POSTGRES, startTestApp, WEBHOOK_SECRET, type TestApp } from '../support/app.js';
import { pullRequestPayload, sendWebhook } from '../support/webhooks.js';

/**
 * Two people acting on one change at the same instant. On PostgreSQL they go through two
 * separate connection pools, as two replicas would, and nothing but the change's row
 * lock orders them; each race runs 100 times there. SQLite serves one process, whose
 * one connection queues writers (a second connection in the same process would block
 * the event loop in busy_timeout): 20 runs, interleaved on that connection.
 */
const RUNS = ON_POSTGRES ? 100 : 20;
const CONFIG = `
teams: [{ name: core, seniors: [alice, bob], leads: [lena] }]
ownership: { fallback_team: core }
people: [{ github: alice }, { github: bob }, { github: lena }]
risk: { signoffs_required: { low: 2, medium: 2, high: 2 } }
`;

let app: TestApp;
let other: AppContext;
beforeEach(async () => {
  app = await startTestApp(CONFIG);
  // A second connection pool on the same database: the other replica.
  other = ON_POSTGRES ? buildContext(app.ctx.config, app.dir, createLogger('silent')) : app.ctx;
});
afterEach(async () => { if (other !== app.ctx) await other.store.close(); await app.close(); });

const person = (login: string): Actor => ({ platform: 'local', id: login, person: app.ctx.policy.people.find((p) => p.github === login)!, isBot: false });
const allTicked = () => new Set(app.ctx.config.signoff.attestations.map((_, i) => i));

/** `count` AI-assisted pull requests, each waiting for two sign-offs. */
async function openChanges(count: number) {
  for (let n = 1; n <= count; n++) {
    await sendWebhook(app.url, { event: 'pull_request', payload: pullRequestPayload('opened', { number: n, author: 'Copilot', authorType: 'Bot', installationId: null, sha: headOf(n, 1) }), secret: WEBHOOK_SECRET });
  }
  await app.worker.drain();
  return app.ctx.store.db.selectFrom('changes').selectAll().orderBy('number').execute();
}
const headOf = (n: number, push: number) => `${String(push).repeat(8)}${String(n).padStart(32, '0')}`;

function signOff(ctx: AppContext, who: string, change: { id: number; head_sha: string; revision: number }) {
  return submitDecision(ctx, {
    changeId: change.id, seenHeadSha: change.head_sha, decision: 'approve', ticked: allTicked(), note: null,
    form: { key: `test:${who}:${change.id}:${change.revision}`, revision: change.revision },
  }, person(who), app.clock.now());
}

const audit = (subject: string, action: string) => app.ctx.store.db.selectFrom('audit_events').select('seq').where('subject', '=', subject).where('action', '=', action).execute();
const signoffsOf = (id: number) => app.ctx.store.db.selectFrom('signoffs').selectAll().where('change_id', '=', id).orderBy('id').execute();
const changeOf = (id: number) => app.ctx.store.db.selectFrom('changes').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe(`decisions at the same instant through two connections (${ON_POSTGRES ? 'PostgreSQL' : 'SQLite'})`, () => {
  it(`two seniors signing at once: signed off every time, two approvals, one signed_off event, no revision written twice (${RUNS} runs)`, async () => {
    for (const change of await openChanges(RUNS)) {
      const results = await Promise.all([signOff(app.ctx, 'alice', change), signOff(other, 'bob', change)]);
      expect(results.map((r) => r.kind)).toEqual(['recorded', 'recorded']);
      const after = await changeOf(change.id);
      expect(after.status).toBe('signed_off');
      const rows = await signoffsOf(change.id);
      expect(rows.map((r) => r.reviewer).sort()).toEqual(['alice', 'bob']);
      expect(rows.map((r) => r.revision)).toEqual([change.revision + 1, change.revision + 2]);
      expect(after.revision).toBe(change.revision + 2);
      expect(await audit(`${change.repo}#${change.number}`, 'signed_off')).toHaveLength(1);
    }
  }, 120_000);

  it(`a sign-off racing a push counts only for the head it saw (${RUNS} runs)`, async () => {
    for (const change of await openChanges(RUNS)) {
      const pushed = headOf(change.number, 2);
      const payload = { ...pullRequestPayload('synchronize', { number: change.number, author: 'Copilot', authorType: 'Bot', installationId: null, sha: pushed }), before: change.head_sha };
      expect((await sendWebhook(app.url, { event: 'pull_request', payload, secret: WEBHOOK_SECRET })).status).toBe(202);
      const [, result] = await Promise.all([app.worker.drain(), signOff(other, 'alice', change)]);
      const after = await changeOf(change.id);
      const rows = await signoffsOf(change.id);
      expect(after.head_sha).toBe(pushed);
      expect(after.status).toBe('awaiting');
      // Either the sign-off came first and was superseded, or the push came first and the form was stale.
      if (result.kind === 'recorded') {
        expect(rows.map((r) => [r.reviewer, r.head_sha, r.revision])).toEqual([['alice', change.head_sha, change.revision + 1]]);
        expect(after.revision).toBe(change.revision + 2);
      } else {
        expect(result).toMatchObject({ kind: 'refused', code: 'stale_form' });
        expect(rows).toEqual([]);
        expect(after.revision).toBe(change.revision + 1);
      }
    }
  }, 120_000);

  it(`two claims at once: one claimant, one claimed event (${RUNS} runs)`, async () => {
    for (const change of await openChanges(RUNS)) {
      const [a, b] = await Promise.all([claimChange(app.ctx, { changeId: change.id }, person('alice'), app.clock.now()), claimChange(other, { changeId: change.id }, person('bob'), app.clock.now())]);
      expect([a.kind, b.kind].sort()).toEqual(['done', 'error']);
      const winner = a.kind === 'done' ? 'alice' : 'bob';
      expect((a.kind === 'error' ? a : b).message).toContain(`${winner} is already reviewing this`);
      expect((await app.ctx.store.db.selectFrom('escalations').select('claimed_by').where('change_id', '=', change.id).executeTakeFirstOrThrow()).claimed_by).toBe(winner);
      expect(await audit(`${change.repo}#${change.number}`, 'claimed')).toHaveLength(1);
    }
  }, 120_000);

  it.runIf(ON_POSTGRES)('a decision holding a change and a revert holding the audit chain while it refers to that change both finish', async () => {
    const [change] = await openChanges(1);
    const event = (action: string) => ({ at: app.clock.now().toISOString(), actor: 'test', action, subject: `${change!.repo}#${change!.number}`, head_sha: null, details: {} });
    let chainHeld!: () => void;
    const held = new Promise<void>((resolve) => { chainHeld = resolve; });
    // A decision: the change first, the chain last (as every decision orders them).
    const decision = app.ctx.store.db.transaction().execute(async (trx) => {
      await lockChange(trx, 'postgres', change!.id);
      await held;
      await appendAudit(trx, [event('decided')]);
    });
    // A merged revert: its own change and the chain, then rows that refer to the change it traces.
    const revert = other.store.db.transaction().execute(async (trx) => {
      await appendAudit(trx, [event('traced')]);
      chainHeld();
      await enqueue(trx, [{ idempotency_key: 'traced', kind: 'thread.notice', destination: 'local', change_id: change!.id, payload: {} }], app.clock.now().toISOString());
    });
    await Promise.all([decision, revert]);
    expect((await audit(`${change!.repo}#${change!.number}`, 'traced')).length + (await audit(`${change!.repo}#${change!.number}`, 'decided')).length).toBe(2);
  }, 30_000);
});
