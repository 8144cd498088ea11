import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditTrail } from '../../src/app/audit-trail.js';
import { diagnose } from '../../src/doctor.js';
import { startTestApp, WEBHOOK_SECRET, type TestApp } from '../support/app.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { appPrivateKey, githubAppEnv } from '../support/github-app.js';
import { pullRequestPayload, sendWebhook } from '../support/webhooks.js';

const REPO = 'Codertocat/Hello-World';
const CONFIG = `
teams:
  - name: payments
    github_teams: ['@acme/payments']
    channels: { slack: C0PAYMENTS }
    seniors: [alice, bob]
    leads: [carol]
  - name: platform
    github_teams: [acme/platform]
    seniors: [pat]
ownership:
  fallback_team: platform
risk:
  critical_paths: ['db/migrations/**']
  reviewable_lines: 400
people:
  - { github: alice, slack: U0ALICE }
  - { github: bob, slack: U0BOB }
`;
const CODEOWNERS = '* @acme/platform\n/billing/ @acme/payments\n/db/ @acme/payments\n';
const claudeCommit = (sha: string) => ({
  sha, message: 'Add refund endpoint\n\nCo-Authored-By: Claude Opus 4.5 <noreply@anthropic.com>',
  author: { name: 'Dana Dev', email: 'dana@acme.test', login: 'Codertocat' },
});

let github: FakeGitHub;
let app: TestApp;
const key = appPrivateKey();

function addPull(number: number, head: string, options: { files?: { filename: string; additions: number; deletions: number }[]; commits?: ReturnType<typeof claudeCommit>[] } = {}) {
  github.addPull(REPO, {
    number,
    base: { ref: 'master', sha: 'base000000000000000000000000000000000000' },
    head: { ref: 'changes', sha: head },
    commits: options.commits ?? [claudeCommit(head)],
    files: options.files ?? [{ filename: 'billing/refunds.ts', additions: 40, deletions: 2 }],
  });
}

const send = (action: string, changes: Parameters<typeof pullRequestPayload>[1] = {}, deliveryId?: string) =>
  sendWebhook(app.url, { event: 'pull_request', payload: pullRequestPayload(action, changes), secret: WEBHOOK_SECRET, deliveryId });
const change = (number = 2) => app.ctx.store.db.selectFrom('changes').selectAll().where('number', '=', number).executeTakeFirstOrThrow();
const auditActions = async () => (await app.ctx.store.db.selectFrom('audit_events').select('action').orderBy('seq').execute()).map((r) => r.action);
const outbox = () => app.ctx.store.db.selectFrom('outbox').selectAll().orderBy('id').execute();
const inbox = () => app.ctx.store.db.selectFrom('inbox').selectAll().orderBy('id').execute();

describe('from webhook to decision, with a GitHub App', () => {
  beforeAll(async () => { github = await startFakeGitHub(); github.addFile(REPO, 'master', '.github/CODEOWNERS', CODEOWNERS); });
  afterAll(async () => { await github.close(); });
  beforeEach(async () => { app = await startTestApp(CONFIG, githubAppEnv(github, key)); });
  afterEach(async () => { await app.close(); });

  it('turns an AI-assisted pull request into a tracked change, an audit trail and queued effects', async () => {
    addPull(2, 'a'.repeat(40), { files: [{ filename: 'db/migrations/0042_refunds.sql', additions: 30, deletions: 0 }, { filename: 'billing/refunds.ts', additions: 40, deletions: 2 }] });
    expect((await send('opened', { sha: 'a'.repeat(40) })).status).toBe(202);
    await app.worker.drain();

    const row = await change();
    expect(row).toMatchObject({ ai_assisted: 1, commits_read: 1, status: 'awaiting', risk_tier: 'high', required_signoffs: 2, head_sha: 'a'.repeat(40) });
    expect(JSON.parse(row.signals)).toEqual([expect.objectContaining({ kind: 'trailer', tool: 'Claude Code' })]);
    expect(JSON.parse(row.owning_teams)).toEqual(['payments']);
    expect(JSON.parse(row.ownership)).toMatchObject({ source: 'codeowners', lines: [{ path: 'db/migrations/0042_refunds.sql', line: 3, owners: ['@acme/payments'] }, expect.anything()] });
    expect(JSON.parse(row.risk_reasons)[0]).toContain('db/migrations/0042_refunds.sql');

    expect(await auditActions()).toEqual(['change_tracked', 'signoff_requested', 'assigned']);
    expect((await outbox()).map((o) => [o.kind, o.destination, JSON.parse(o.payload).team ?? JSON.parse(o.payload).state ?? JSON.parse(o.payload).user ?? null])).toEqual([
      ['review_request.post', 'slack', 'payments'],
      ['comment.upsert', 'github', null],
      ['check.set', 'github', 'pending'],
      ['thread.notice', 'slack', 'payments'],
      ['dm.alert', 'slack', 'U0ALICE'],
    ]);
    expect(await verifyAuditTrail(app.ctx.store.db)).toMatchObject({ ok: true, events: 3 });
    // It authenticated as the installation the payload named, and read CODEOWNERS from the base branch.
    expect(github.find('POST', '/app/installations/4242/access_tokens')).toHaveLength(1);
    expect(github.find('GET', /\/contents\/(\.github\/|\.github%2F)CODEOWNERS$/).map((r) => r.query.ref)).toContain('master');
  });

  it('applies a redelivered webhook once', async () => {
    addPull(2, 'b'.repeat(40));
    const first = await send('opened', { sha: 'b'.repeat(40) });
    await send('opened', { sha: 'b'.repeat(40) }, first.deliveryId);
    await app.worker.drain();
    expect(await auditActions()).toEqual(['change_tracked', 'signoff_requested', 'assigned']);
    expect(await outbox()).toHaveLength(5);
  });

  it('supersedes sign-offs when new commits are pushed, and asks again at the new head', async () => {
    addPull(2, 'c'.repeat(40));
    await send('opened', { sha: 'c'.repeat(40) });
    await app.worker.drain();
    const { id } = await change();
    await app.ctx.store.db.insertInto('signoffs').values({ change_id: id, head_sha: 'c'.repeat(40), reviewer: 'alice', decision: 'approve', attestation: '{}', note: null, at: app.clock.now().toISOString(), source: 'slack' }).execute();

    addPull(2, 'd'.repeat(40));
    await send('synchronize', { sha: 'd'.repeat(40) });
    await app.worker.drain();

    expect(await change()).toMatchObject({ head_sha: 'd'.repeat(40), status: 'awaiting', revision: 2 });
    expect(await auditActions()).toEqual(['change_tracked', 'signoff_requested', 'assigned', 'signoffs_superseded']);
    const superseded = await app.ctx.store.db.selectFrom('audit_events').selectAll().where('action', '=', 'signoffs_superseded').executeTakeFirstOrThrow();
    expect(JSON.parse(superseded.details)).toMatchObject({ previous_head: 'c'.repeat(40), new_head: 'd'.repeat(40), reviewers: ['alice'] });
    const kinds = (await outbox()).map((o) => { const p = JSON.parse(o.payload); return `${o.kind}:${o.kind === 'thread.notice' ? p.notice : p.head_sha ?? ''}`; });
    expect(kinds).toEqual(expect.arrayContaining(['thread.notice:superseded', `check.set:${'d'.repeat(40)}`, 'review_request.update:']));
  });

  it('records a merge without sign-off', async () => {
    addPull(2, 'e'.repeat(40));
    await send('opened', { sha: 'e'.repeat(40) });
    await send('closed', { sha: 'e'.repeat(40), merged: true });
    await app.worker.drain();
    expect((await change()).status).toBe('merged');
    expect(await auditActions()).toEqual(['change_tracked', 'signoff_requested', 'assigned', 'merged', 'merged_without_signoff']);
  });

  it('does not ask for a sign-off of a Dependabot change', async () => {
    addPull(3, 'f'.repeat(40), { commits: [{ sha: 'f'.repeat(40), message: 'Bump lodash from 4.17.20 to 4.17.21\n\nSigned-off-by: dependabot[bot] <support@github.com>', author: { name: 'dependabot[bot]', email: '49699333+dependabot[bot]@users.noreply.github.com', login: 'dependabot[bot]' } }] as never });
    await send('opened', { number: 3, sha: 'f'.repeat(40), author: 'dependabot[bot]', authorType: 'Bot', branch: 'dependabot/npm_and_yarn/lodash-4.17.21', body: 'Bumps lodash.' });
    await app.worker.drain();
    expect(await change(3)).toMatchObject({ ai_assisted: 0, status: 'not_required', requested_at: null });
    expect((await outbox()).map((o) => [o.kind, JSON.parse(o.payload).state])).toEqual([['check.set', 'success']]);
  });

  it('retries a pull request while GitHub is down, without holding back others, and applies its deliveries in order', async () => {
    addPull(2, '1'.repeat(40));
    addPull(4, '4'.repeat(40));
    github.failNext({ method: 'GET', path: `/repos/${REPO}/pulls/2/commits` }, { status: 503 }, 30);
    await send('opened', { sha: '1'.repeat(40) });
    await send('closed', { sha: '1'.repeat(40), merged: true });
    await send('opened', { number: 4, sha: '4'.repeat(40) });

    await app.worker.drain();
    expect(await change(4)).toMatchObject({ status: 'awaiting' });
    const [opened, closed] = await inbox();
    expect(opened).toMatchObject({ state: 'pending', attempts: 1 });
    expect(opened!.last_error).toMatch(/503|unavailable/i);
    expect(closed).toMatchObject({ state: 'pending', attempts: 0 });

    // GitHub stays down far past the attempt limit: the delivery waits, it is never parked.
    for (let i = 0; i < 20; i++) { app.clock.advance(11 * 60_000); await app.worker.drain(); }
    expect((await inbox())[0]).toMatchObject({ state: 'pending', attempts: 21 });

    // GitHub recovers: both deliveries apply, the opening first.
    github.failNext({ method: 'GET', path: `/repos/${REPO}/pulls/2/commits` }, { status: 200 }, 0);
    for (let i = 0; i < 10 && (await inbox())[0]!.state === 'pending'; i++) { app.clock.advance(11 * 60_000); await app.worker.drain(); }
    expect((await inbox()).map((d) => d.state)).toEqual(['done', 'done', 'done']);
    expect(await change(2)).toMatchObject({ status: 'merged' });
  });

  it('waits out GitHub\'s rate limits as GitHub asks, and they add nothing to the wait after an outage', async () => {
    addPull(2, '7'.repeat(40));
    github.failNext({ method: 'GET', path: `/repos/${REPO}/pulls/2/commits` }, { status: 429, headers: { 'retry-after': '1' }, body: { message: 'API rate limit exceeded' } }, 3);
    github.failNext({ method: 'GET', path: `/repos/${REPO}/pulls/2/commits` }, { status: 503 });
    await send('opened', { sha: '7'.repeat(40) });
    for (let limited = 0; limited < 3; limited++) {
      await app.worker.drain();
      app.clock.advance(1_000); // as GitHub asked
    }
    await app.worker.drain(); // the 503
    expect((await inbox())[0]).toMatchObject({ state: 'pending', attempts: 4 });
    // A first failure waits 1–2 s; counted with the rate limits as failures, this one would wait 8–16 s.
    app.clock.advance(2_000);
    await app.worker.drain();
    expect((await inbox())[0]).toMatchObject({ state: 'done' });
    expect(await change(2)).toMatchObject({ status: 'awaiting' });
  });

  it('parks a delivery that keeps failing for a reason other than availability, and says so in doctor', async () => {
    addPull(2, '9'.repeat(40));
    github.failNext({ method: 'GET', path: `/repos/${REPO}/pulls/2/files` }, { status: 422, body: { message: 'Sorry, the diff exceeded the maximum number of files' } }, 100);
    await send('opened', { sha: '9'.repeat(40) });
    for (let i = 0; i < 12; i++) { app.clock.advance(11 * 60_000); await app.worker.drain(); }
    const [parked] = await inbox();
    expect(parked).toMatchObject({ state: 'parked', attempts: 8 });
    expect(parked!.last_error).toContain('diff exceeded');
    const findings = await diagnose(app.ctx.config, app.ctx.store);
    expect(findings).toContainEqual(expect.objectContaining({ level: 'problem', topic: 'inbox', message: expect.stringContaining(parked!.delivery_id) }));
  });
});

describe('from webhook to decision, without a GitHub App', () => {
  beforeEach(async () => { app = await startTestApp(CONFIG); });
  afterEach(async () => { await app.close(); });

  it('decides from the payload alone and records that commits were not read', async () => {
    await send('opened', { branch: 'copilot/fix-login-redirect', author: 'Copilot', authorType: 'Bot', installationId: null });
    await app.worker.drain();
    const row = await change();
    expect(row).toMatchObject({ ai_assisted: 1, commits_read: 0, status: 'awaiting' });
    expect(JSON.parse(row.owning_teams)).toEqual(['platform']);
    expect(JSON.parse(row.ownership).source).toBe('fallback');
    const tracked = await app.ctx.store.db.selectFrom('audit_events').selectAll().where('action', '=', 'change_tracked').executeTakeFirstOrThrow();
    expect(JSON.parse(tracked.details)).toMatchObject({ commits_read: false });
    expect((await inbox())[0]!.state).toBe('done');
  });
});
