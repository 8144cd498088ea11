import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sendDigests } from '../../src/app/digests.js';
import { verifyAuditTrail } from '../../src/app/audit-trail.js';
import { CHECK_NAME } from '../../src/app/ports.js';
import { startTestApp, WEBHOOK_SECRET, type TestApp } from '../support/app.js';
import { startFakeGitHub, treeOf, type FakeGitHub } from '../support/fake-github.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { githubAppEnv } from '../support/github-app.js';
import { blockActionRequest, sendToSlackEndpoint, slashCommandRequest, viewSubmissionRequest, slackAppEnv } from '../support/slack-requests.js';
import { examplePayload, pullRequestPayload, sendWebhook } from '../support/webhooks.js';

const REPO = 'Codertocat/Hello-World';
const CHANNEL = 'C0GATE';
const BASE = 'b'.repeat(40);
const CONFIG = `
teams:
  - { name: payments, seniors: [alice, bob], leads: [lead], channels: { slack: ${CHANNEL} }, accept_github_reviews: true }
ownership: { fallback_team: payments }
people:
  - { github: alice, slack: U0ALICE }
  - { github: bob, slack: U0BOB }
  - { github: lead, slack: U0LEAD }
slack: { channel_interval_ms: 0, request_timeout_ms: 300 }
`;

let github: FakeGitHub;
let slack: FakeSlack;
let app: TestApp;

beforeAll(async () => { github = await startFakeGitHub(); });
afterAll(async () => { await github.close(); });
beforeEach(async () => {
  slack = await startFakeSlack();
  app = await startTestApp(CONFIG, { ...githubAppEnv(github), ...slackAppEnv(slack) });
});
afterEach(async () => { await app.close(); await slack.close(); });

let prNumber = 100;
// Check runs live on commits: each test gets its own SHAs so runs never mix across tests.
let SHA1 = '', SHA2 = '', SHA3 = '';
beforeEach(() => {
  const n = prNumber + 1;
  [SHA1, SHA2, SHA3] = [1, 2, 3].map((k) => `${n}${k}`.padEnd(40, 'a')) as [string, string, string];
});
/** A fresh AI-assisted PR (Claude trailer) per test, so runs and comments never mix. */
function registerHead(number: number, sha: string, options: { tree?: string; patch?: string } = {}) {
  github.addPull(REPO, {
    number, base: { ref: 'master', sha: BASE }, head: { ref: 'feature', sha },
    commits: [{ sha, tree: options.tree, message: 'Refunds\n\nCo-Authored-By: Claude <noreply@anthropic.com>', author: { name: 'Coder', email: 'c@acme.test', login: 'Codertocat' } }],
    files: [{ filename: 'billing/refunds.ts', additions: 10, deletions: 1, patch: options.patch ?? `@@ ${sha.slice(0, 4)} @@` }],
  });
  github.addCompare(REPO, 'master', sha, { files: [{ filename: 'billing/refunds.ts', additions: 10, deletions: 1, status: 'modified', patch: options.patch ?? `@@ ${sha.slice(0, 4)} @@` }] });
}

async function pullRequest(action: string, number: number, sha: string, extra: Record<string, unknown> = {}) {
  const payload = { ...pullRequestPayload(action, { number, sha, merged: action === 'closed' ? Boolean(extra.merged) : undefined }), ...(extra.before ? { before: extra.before } : {}) };
  await sendWebhook(app.url, { event: 'pull_request', payload, secret: WEBHOOK_SECRET });
  await settle();
}

/** Apply deliveries and send every side effect, as the running service would. */
async function settle() {
  await app.worker.drain();
  for (let i = 0; i < 5; i++) { await app.dispatcher.drain(); app.clock.advance(60_000); }
}

const runs = (sha: string) => github.checkRuns(REPO, sha).filter((r) => r.name === CHECK_NAME);
const ourComments = (number: number) => github.comments(REPO, number).filter((c) => c.body.includes('countersign:change'));

async function signOff(user: string) {
  const message = slack.messages(CHANNEL).at(-1)!;
  const button = message.blocks!.flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id === 'countersign_signoff');
  const opened = slack.calls('views.open').length;
  await sendToSlackEndpoint(app.url, blockActionRequest({ user, channel: CHANNEL, messageTs: message.ts, actionId: 'countersign_signoff', value: button.value }));
  for (let i = 0; i < 100 && slack.calls('views.open').length === opened; i++) await new Promise((r) => setTimeout(r, 20));
  const view = slack.calls('views.open').at(-1)!.args.view;
  const boxes = view.blocks.find((b: any) => b.block_id === 'attest').element.options.map((o: any) => o.value);
  await sendToSlackEndpoint(app.url, viewSubmissionRequest({ user, callbackId: view.callback_id, privateMetadata: view.private_metadata, values: { attest: { boxes }, note: { value: null } } }));
  await settle();
}

describe('the sign-off gate on GitHub', () => {
  it('follows the whole lifecycle: pending, a new push, signed off, a same-tree rebase, merged', async () => {
    const n = ++prNumber;
    registerHead(n, SHA1);
    await pullRequest('opened', n, SHA1);
    expect(runs(SHA1)).toMatchObject([{ status: 'in_progress', conclusion: null, external_id: 'countersign:1:' + SHA1 }]);
    expect(runs(SHA1)[0]!.output.summary).toContain('Claude Code');
    expect(ourComments(n)).toHaveLength(1);

    registerHead(n, SHA2);
    await pullRequest('synchronize', n, SHA2, { before: SHA1 });
    expect(runs(SHA2)).toMatchObject([{ status: 'in_progress' }]);

    await signOff('U0ALICE');
    expect(runs(SHA2)).toMatchObject([{ status: 'completed', conclusion: 'success' }]);
    expect(runs(SHA2)[0]!.output.title).toBe(`Signed off by alice at ${SHA2.slice(0, 7)}`);
    const comment = ourComments(n);
    expect(comment).toHaveLength(1);
    expect(comment[0]!.body).toContain(`signed off at \`${SHA2.slice(0, 7)}\``);
    expect(comment[0]!.body).toMatch(/<!-- countersign:state \{"change_id":1,"status":"signed_off"/);

    // A rebase onto the same base with the same tree: the sign-off stands at the new head.
    registerHead(n, SHA3, { tree: treeOf(SHA2) });
    await pullRequest('synchronize', n, SHA3, { before: SHA2 });
    expect(runs(SHA3)).toMatchObject([{ status: 'completed', conclusion: 'success' }]);
    const carried = await app.ctx.store.db.selectFrom('audit_events').selectAll().where('action', '=', 'signoffs_carried').executeTakeFirstOrThrow();
    expect(JSON.parse(carried.details)).toMatchObject({ previous_head: SHA2, new_head: SHA3, reviewers: ['alice'], reason: 'identical tree' });

    await pullRequest('closed', n, SHA3, { merged: true });
    const actions = (await app.ctx.store.db.selectFrom('audit_events').select('action').orderBy('seq').execute()).map((r) => r.action);
    expect(actions).not.toContain('merged_without_signoff');
    expect(ourComments(n)).toHaveLength(1);
    expect(await verifyAuditTrail(app.ctx.store.db)).toMatchObject({ ok: true });
  });

  it('fails the check when changes are requested, and passes it after a lead overrides with a reason', async () => {
    const n = ++prNumber;
    registerHead(n, SHA1);
    await pullRequest('opened', n, SHA1);
    const message = slack.messages(CHANNEL).at(-1)!;
    const value = message.blocks!.flatMap((b: any) => b.elements ?? []).find((e: any) => e.action_id === 'countersign_request_changes').value;
    await sendToSlackEndpoint(app.url, blockActionRequest({ user: 'U0BOB', channel: CHANNEL, messageTs: message.ts, actionId: 'countersign_request_changes', value }));
    for (let i = 0; i < 100 && slack.calls('views.open').length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    const view = slack.calls('views.open').at(-1)!.args.view;
    await sendToSlackEndpoint(app.url, viewSubmissionRequest({ user: 'U0BOB', callbackId: view.callback_id, privateMetadata: view.private_metadata, values: { reason: { value: 'Refund rounding is wrong.' } } }));
    await settle();
    expect(runs(SHA1).at(-1)).toMatchObject({ status: 'completed', conclusion: 'failure' });

    const refused = await sendToSlackEndpoint(app.url, slashCommandRequest({ user: 'U0ALICE', channel: CHANNEL, text: `override ${REPO}#${n} release blocker` }));
    expect(JSON.stringify(refused.json)).toContain('Only leads');
    const overridden = await sendToSlackEndpoint(app.url, slashCommandRequest({ user: 'U0LEAD', channel: CHANNEL, text: `override ${REPO}#${n} outage fix, reviewed in the incident call` }));
    expect(JSON.stringify(overridden.json)).toContain('Overridden');
    await settle();
    const run = runs(SHA1).at(-1)!;
    expect(run).toMatchObject({ status: 'completed', conclusion: 'success' });
    expect(run.output.title).toBe('Overridden by lead: outage fix, reviewed in the incident call');
    const audit = await app.ctx.store.db.selectFrom('audit_events').selectAll().where('action', '=', 'overridden').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.details)).toMatchObject({ note: 'outage fix, reviewed in the incident call' });

    // The day's digest puts the override first, found from the audit event's repo#number.
    await sendDigests(app.ctx, [{ team: app.ctx.config.teams[0]!, localDate: '2026-12-01' }], 'test', app.clock.now());
    await app.dispatcher.drain();
    const digest = JSON.stringify(slack.messages(CHANNEL).find((m) => /digest/i.test(m.text))!.blocks);
    expect(digest).toContain('Overridden by a lead (1)');
    expect(digest).toMatch(new RegExp(`Hello-World#${n}>\\*[^"]* overridden by \\*lead\\* [^"]*: _outage fix, reviewed in the incident call_`));
  });

  it('alerts the leads and the channel when a change merges without sign-off', async () => {
    const n = ++prNumber;
    registerHead(n, SHA1);
    await pullRequest('opened', n, SHA1);
    await pullRequest('closed', n, SHA1, { merged: true });
    const dm = slack.calls('chat.postMessage').find((c) => String(c.args.channel).startsWith('D') && /Merged without/.test(c.args.text));
    expect(dm?.args.text).toMatch(/Merged without sign-off/);
    const broadcast = slack.calls('chat.postMessage').find((c) => c.args.thread_ts && String(c.args.reply_broadcast) === 'true');
    expect(broadcast?.args.text).toMatch(/without the required sign-off/);
  });

  it('counts a GitHub approval by an eligible senior as a sign-off, and a dismissal withdraws it', async () => {
    const n = ++prNumber;
    registerHead(n, SHA1);
    await pullRequest('opened', n, SHA1);
    const review = (action: string, state: string) => {
      const payload = examplePayload('pull_request_review', 'submitted');
      payload.action = action;
      payload.review = { ...payload.review, state, commit_id: SHA1, user: { login: 'bob', type: 'User' }, body: 'LGTM' };
      payload.pull_request = { ...payload.pull_request, number: n };
      return sendWebhook(app.url, { event: 'pull_request_review', payload, secret: WEBHOOK_SECRET });
    };
    await review('submitted', 'approved');
    await settle();
    expect(runs(SHA1).at(-1)).toMatchObject({ conclusion: 'success' });
    const row = await app.ctx.store.db.selectFrom('signoffs').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ reviewer: 'bob', source: 'github', attestation: '["via GitHub review"]' });
    await review('dismissed', 'dismissed');
    await settle();
    expect(runs(SHA1).at(-1)).toMatchObject({ status: 'in_progress' });
  });

  it('reports the check again when someone presses Re-run on GitHub', async () => {
    const n = ++prNumber;
    registerHead(n, SHA1);
    await pullRequest('opened', n, SHA1);
    const before = github.requests.filter((r) => r.method === 'PATCH' && /check-runs\/\d+$/.test(r.path)).length;
    const payload = examplePayload('check_run', 'rerequested');
    payload.check_run = { ...payload.check_run, external_id: runs(SHA1)[0]!.external_id, head_sha: SHA1, pull_requests: [{ number: n, head: { sha: SHA1 }, base: { ref: 'master' } }] };
    await sendWebhook(app.url, { event: 'check_run', payload, secret: WEBHOOK_SECRET });
    await settle();
    expect(github.requests.filter((r) => r.method === 'PATCH' && /check-runs\/\d+$/.test(r.path)).length).toBe(before + 1);
    expect(runs(SHA1)).toHaveLength(1);
    const audit = await app.ctx.store.db.selectFrom('audit_events').select('action').where('action', '=', 'check_rerequested').execute();
    expect(audit).toHaveLength(1);
  });

  it('never duplicates a check run or a comment under 5xx, lost answers and a restart mid-delivery', async () => {
    const n = ++prNumber;
    registerHead(n, SHA1);
    github.failNext({ method: 'POST', path: /\/check-runs$/ }, { status: 502, applied: true }, 1);
    github.failNext({ method: 'POST', path: /\/issues\/\d+\/comments$/ }, { status: 502, applied: true }, 1);
    github.failNext({ method: 'GET', path: /\/check-runs$/ }, { status: 503 }, 2);
    await pullRequest('opened', n, SHA1);
    // A restart after GitHub acted but before the outbox row was marked: it is delivered again.
    await app.ctx.store.db.updateTable('outbox').set({ state: 'pending', next_attempt_at: app.clock.now().toISOString() }).where('destination', '=', 'github').execute();
    await settle();
    expect(runs(SHA1)).toHaveLength(1);
    expect(ourComments(n)).toHaveLength(1);
  });
});
