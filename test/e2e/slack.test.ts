import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditTrail } from '../../src/app/audit-trail.js';
import { startTestApp, WEBHOOK_SECRET, type TestApp } from '../support/app.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { githubAppEnv } from '../support/github-app.js';
import { blockActionRequest, sendToSlackEndpoint, viewSubmissionRequest, slackAppEnv } from '../support/slack-requests.js';
import { pullRequestPayload, sendWebhook } from '../support/webhooks.js';

const REPO = 'Codertocat/Hello-World';
const CHANNEL = 'C0PAYMENTS';
const CONFIG = `
teams:
  - name: payments
    github_teams: [acme/payments]
    channels: { slack: ${CHANNEL} }
    seniors: [alice, bob, carol, 'renovate[bot]']
    leads: [lead]
    members: [dev]
  - name: platform
    github_teams: [acme/platform]
    channels: { slack: C0PLATFORM }
    seniors: [pat]
ownership: { fallback_team: payments }
people:
  - { github: alice, slack: U0ALICE }
  - { github: bob, slack: U0BOB }
  - { github: Codertocat, slack: U0AUTHOR }
  - { github: carol, slack: U0CAROL }
  - { github: dev, slack: U0DEV }
  - { github: pat, slack: U0PAT }
  - { github: 'renovate[bot]', slack: U0RENOVATE }
slack: { channel_interval_ms: 0, request_timeout_ms: 300 }
`;

let github: FakeGitHub;
let slack: FakeSlack;
let app: TestApp;
let head = 'a'.repeat(40);

beforeAll(async () => { github = await startFakeGitHub(); });
afterAll(async () => { await github.close(); });
beforeEach(async () => {
  slack = await startFakeSlack();
  app = await startTestApp(CONFIG, { ...githubAppEnv(github), ...slackAppEnv(slack) });
});
afterEach(async () => { await app.close(); await slack.close(); });

/** An AI-assisted PR (Claude co-author trailer) whose second commit carol wrote. */
async function openPullRequest(number = 2, sha = head) {
  github.addPull(REPO, {
    number, base: { ref: 'master', sha: 'b'.repeat(40) }, head: { ref: 'feature', sha },
    commits: [
      { sha, message: 'Add refunds\n\nCo-Authored-By: Claude <noreply@anthropic.com>', author: { name: 'Coder Tocat', email: 'c@acme.test', login: 'Codertocat' } },
      { sha: 'c'.repeat(40), message: 'Fix typo', author: { name: 'Carol', email: 'carol@acme.test', login: 'carol' } },
    ],
    files: [{ filename: 'billing/refunds.ts', additions: 12, deletions: 3 }],
  });
  await sendWebhook(app.url, { event: 'pull_request', payload: pullRequestPayload('opened', { number, sha, title: `Refunds #${number}` }), secret: WEBHOOK_SECRET });
  await app.worker.drain();
  await app.dispatcher.drain();
}

/** Slack acks first and acts after: wait (briefly) for what follows the ack. */
async function eventually<T>(read: () => T | Promise<T>, ok: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const value = await read();
    if (ok(value)) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
  return read();
}

const posted = () => slack.calls('chat.postMessage').filter((c) => !c.args.thread_ts && c.args.channel === CHANNEL);
const buttons = (blocks: any[]) => blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements);

/** Click a button on the review request as it currently reads in the channel. */
async function click(user: string, actionId: string, options: { timestamp?: number; signingSecret?: string } = {}) {
  const message = slack.messages(CHANNEL)[0]!;
  const button = buttons(message.blocks ?? []).find((b: any) => b.action_id === actionId);
  const opened = slack.calls('views.open').length;
  const response = await sendToSlackEndpoint(app.url, blockActionRequest({ user, channel: CHANNEL, messageTs: message.ts, actionId, value: button?.value, ...options }));
  if (response.status === 200 && actionId !== 'countersign_revoke') await eventually(() => slack.calls('views.open').length, (n) => n > opened);
  return response;
}

async function submitSignoff(user: string) {
  const open = slack.calls('views.open').at(-1)!;
  const view = open.args.view;
  const attestBlock = view.blocks.find((b: any) => b.block_id === 'attest');
  const values = { attest: { boxes: attestBlock.element.options.map((o: any) => o.value) }, note: { value: 'Read it twice.' } };
  return sendToSlackEndpoint(app.url, viewSubmissionRequest({ user, callbackId: view.callback_id, privateMetadata: view.private_metadata, values }));
}

const signoffRows = () => app.ctx.store.db.selectFrom('signoffs').selectAll().execute();
const change = () => app.ctx.store.db.selectFrom('changes').selectAll().where('number', '=', 2).executeTakeFirstOrThrow();
const lastAudit = async () => (await app.ctx.store.db.selectFrom('audit_events').selectAll().orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow());

describe('Slack: from pull request to sign-off', () => {
  it('posts the review request, opens the attestation modal, records the sign-off and updates the message and thread', async () => {
    await openPullRequest();
    expect(posted()).toHaveLength(1);
    const request = posted()[0]!;
    expect(request.args.channel).toBe(CHANNEL);
    expect(buttons(request.args.blocks).map((b: any) => b.action_id)).toEqual(['countersign_signoff', 'countersign_claim', 'countersign_request_changes', 'countersign_override', 'countersign_view']);
    expect(JSON.parse(buttons(request.args.blocks)[0].value)).toEqual({ c: 1, s: head });
    expect(JSON.stringify(request.args.blocks)).toContain('Claude Code');

    const clicked = await click('U0ALICE', 'countersign_signoff');
    expect(clicked.status).toBe(200);
    const opened = slack.calls('views.open');
    expect(opened).toHaveLength(1);
    expect(opened[0]!.args.view.callback_id).toBe('countersign_signoff_modal');

    const submitted = await submitSignoff('U0ALICE');
    expect(submitted.status).toBe(200);
    expect(await signoffRows()).toMatchObject([{ reviewer: 'alice', decision: 'approve', head_sha: head, note: 'Read it twice.', source: 'slack' }]);
    expect(await change()).toMatchObject({ status: 'signed_off' });

    await app.dispatcher.drain();
    const update = slack.calls('chat.update').at(-1)!;
    expect(update.args.ts).toBe(slack.messages(CHANNEL)[0]!.ts);
    expect(JSON.stringify(update.args.blocks)).toMatch(/[Ss]igned off/);
    const thread = slack.messages(CHANNEL)[0]!.replies!;
    expect(thread.map((r) => r.text).join('\n')).toMatch(/alice/);
    expect(await verifyAuditTrail(app.ctx.store.db)).toMatchObject({ ok: true });
    const actions = (await app.ctx.store.db.selectFrom('audit_events').select('action').orderBy('seq').execute()).map((r) => r.action);
    expect(actions).toEqual(['change_tracked', 'signoff_requested', 'assigned', 'approved', 'signed_off']);
  });

  it('refuses a modal with an unticked attestation, in the modal, and records nothing', async () => {
    await openPullRequest();
    await click('U0ALICE', 'countersign_signoff');
    const view = slack.calls('views.open')[0]!.args.view;
    const response = await sendToSlackEndpoint(app.url, viewSubmissionRequest({ user: 'U0ALICE', callbackId: view.callback_id, privateMetadata: view.private_metadata, values: { attest: { boxes: ['0'] }, note: { value: null } } }));
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ response_action: 'errors', errors: { attest: expect.stringContaining('Tick every statement') } });
    expect(await signoffRows()).toEqual([]);
  });

  const refusals: { name: string; user: string; code: string; reason: RegExp; before?: () => Promise<void> }[] = [
    { name: 'the author', user: 'U0AUTHOR', code: 'author', reason: /You opened this pull request/ },
    { name: 'a committer of one of its commits', user: 'U0CAROL', code: 'committer', reason: /authored or committed part of this change/ },
    { name: 'a non-senior of the owning team', user: 'U0DEV', code: 'not_senior', reason: /Only seniors of payments/ },
    { name: 'a senior of another team', user: 'U0PAT', code: 'other_team', reason: /senior of another team/ },
    { name: 'an unmapped Slack user', user: 'U0STRANGER', code: 'unmapped', reason: /not linked to a GitHub login/ },
    { name: 'a bot', user: 'U0RENOVATE', code: 'bot', reason: /Bots cannot sign off/ },
    {
      name: 'someone whose form a later push made stale', user: 'U0BOB', code: 'stale_form', reason: /changed since you opened it; open it again/,
      before: async () => {
        const newer = 'd'.repeat(40);
        github.addPull(REPO, { number: 2, base: { ref: 'master', sha: 'b'.repeat(40) }, head: { ref: 'feature', sha: newer }, commits: [{ sha: newer, message: 'More\n\nCo-Authored-By: Claude <noreply@anthropic.com>', author: { name: 'Coder Tocat', email: 'c@acme.test', login: 'Codertocat' } }], files: [{ filename: 'billing/refunds.ts', additions: 14, deletions: 3 }] });
        await sendWebhook(app.url, { event: 'pull_request', payload: pullRequestPayload('synchronize', { number: 2, sha: newer }), secret: WEBHOOK_SECRET });
        await app.worker.drain();
      },
    },
  ];

  for (const r of refusals) {
    it(`refuses a sign-off by ${r.name}, privately, with an audit event and no other change`, async () => {
      await openPullRequest();
      await click(r.user, 'countersign_signoff');
      await r.before?.();
      const before = await change();
      const updatesBefore = slack.calls('chat.update').length;
      const response = await submitSignoff(r.user);
      expect(response.status).toBe(200);
      const ephemeral = (await eventually(() => slack.calls('chat.postEphemeral'), (c) => c.length > 0)).at(-1)!;
      expect(ephemeral.args).toMatchObject({ channel: CHANNEL, user: r.user });
      expect(JSON.stringify(ephemeral.args.blocks) + ephemeral.args.text).toMatch(r.reason);
      expect(await signoffRows()).toEqual([]);
      expect(await change()).toMatchObject({ status: before.status, revision: before.revision });
      const audit = await lastAudit();
      expect(audit.action).toBe('signoff_refused');
      expect(JSON.parse(audit.details)).toMatchObject({ code: r.code, platform: 'slack', platform_user: r.user });
      await app.dispatcher.drain();
      expect(slack.calls('chat.update').length).toBe(updatesBefore + (r.before ? 1 : 0));
    });
  }

  it('rejects interactions signed more than five minutes ago, or with the wrong secret', async () => {
    await openPullRequest();
    const stale = await click('U0ALICE', 'countersign_signoff', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(stale.status).toBe(401);
    const forged = await click('U0ALICE', 'countersign_signoff', { signingSecret: 'not-the-secret' });
    expect(forged.status).toBe(401);
    expect(slack.calls('views.open')).toEqual([]);
  });

  it('records a change request with its reason and lets a senior revoke their own sign-off', async () => {
    await openPullRequest();
    await click('U0BOB', 'countersign_request_changes');
    const view = slack.calls('views.open')[0]!.args.view;
    expect(view.callback_id).toBe('countersign_request_changes_modal');
    await sendToSlackEndpoint(app.url, viewSubmissionRequest({ user: 'U0BOB', callbackId: view.callback_id, privateMetadata: view.private_metadata, values: { reason: { value: 'No test for partial refunds.' } } }));
    expect(await change()).toMatchObject({ status: 'changes_requested' });

    await click('U0ALICE', 'countersign_signoff');
    await submitSignoff('U0ALICE');
    await app.dispatcher.drain();
    const revoke = await click('U0ALICE', 'countersign_revoke');
    expect(revoke.status).toBe(200);
    const rows = await eventually(signoffRows, (r) => r.length === 3);
    expect(rows.map((r) => [r.reviewer, r.decision])).toEqual([['bob', 'request_changes'], ['alice', 'approve'], ['alice', 'revoke']]);
    await app.dispatcher.drain();
    const notes = slack.messages(CHANNEL)[0]!.replies!.map((m) => m.text).join('\n');
    expect(notes).toMatch(/No test for partial refunds/);
  });

  it('renders a hostile title inert in the request, the thread and the modal', async () => {
    github.addPull(REPO, { number: 2, base: { ref: 'master', sha: 'b'.repeat(40) }, head: { ref: '<!here>', sha: head }, commits: [{ sha: head, message: 'x\n\nCo-Authored-By: Claude <noreply@anthropic.com>', author: { name: 'C', email: 'c@acme.test', login: 'Codertocat' } }], files: [] });
    await sendWebhook(app.url, { event: 'pull_request', payload: pullRequestPayload('opened', { number: 2, sha: head, branch: '<!here>', title: '<!channel> urgent <https://evil.example|docs>' }), secret: WEBHOOK_SECRET });
    await app.worker.drain();
    await app.dispatcher.drain();
    await click('U0ALICE', 'countersign_signoff');
    await submitSignoff('U0ALICE');
    await app.dispatcher.drain();
    const everything = JSON.stringify([slack.calls('chat.postMessage'), slack.calls('chat.update'), slack.calls('views.open')].flat().map((c) => c.args));
    expect(everything).not.toMatch(/<!channel>|<!here>|<https:\/\/evil/);
    expect(everything).toContain('&lt;!channel&gt;');
  });
});

/**
 * Replays and stale forms through the real Bolt app: a signed request re-sent byte for
 * byte inside Slack's five-minute window, a modal submitted again, a modal opened before
 * a push or a revoke. None may touch the trail, the thread, the message or the check.
 */
describe('Slack: replayed and stale submissions change nothing', () => {
  /** The sign-off modal `user` last had opened, filled in and signed as Slack would send it (same view id and hash each time). */
  const signoffSubmission = (user: string) => {
    const modal = slack.views().at(-1)!;
    const attest = modal.blocks.find((b: any) => b.block_id === 'attest');
    const values = { attest: { boxes: attest.element.options.map((o: any) => o.value) }, note: { value: 'Read it twice.' } };
    return viewSubmissionRequest({ user, callbackId: modal.callback_id, view: modal, values });
  };
  const snapshot = async () => {
    await app.dispatcher.drain();
    const top = slack.messages(CHANNEL)[0]!;
    return {
      trail: await app.ctx.store.db.selectFrom('audit_events').select(['seq', 'action', 'hash']).orderBy('seq').execute(),
      thread: (top.replies ?? []).map((r) => r.text),
      message: JSON.stringify(top.blocks),
      updates: slack.calls('chat.update').length,
      check: JSON.stringify(github.checkRuns(REPO, head)),
      change: await change(),
      signoffs: await signoffRows(),
    };
  };

  it('a byte-identical replay of a sign-off submission records nothing', async () => {
    await openPullRequest();
    await click('U0ALICE', 'countersign_signoff');
    const submission = signoffSubmission('U0ALICE');
    expect((await sendToSlackEndpoint(app.url, submission)).status).toBe(200);
    const before = await snapshot();
    expect(before.change.status).toBe('signed_off');
    expect(before.check).toContain('success');

    const replay = await sendToSlackEndpoint(app.url, submission);
    expect(replay.status).toBe(200);
    expect(await snapshot()).toEqual(before);
  });

  it('a month on, housekeeping deletes the applied delivery and the used form key, and nothing a person decided', async () => {
    await openPullRequest();
    await click('U0ALICE', 'countersign_signoff');
    const submission = signoffSubmission('U0ALICE');
    await sendToSlackEndpoint(app.url, submission);
    const count = async () => ({
      deliveries: (await app.ctx.store.db.selectFrom('inbox').select('id').execute()).length,
      forms: (await app.ctx.store.db.selectFrom('used_forms').select('form_key').execute()).length,
    });
    const kept = await count();
    expect(kept.deliveries).toBeGreaterThan(0);
    expect(kept.forms).toBe(1);

    app.clock.advance(29 * 24 * 60 * 60_000);
    await app.scheduler.tick();
    expect(await count()).toEqual(kept);

    app.clock.advance(2 * 24 * 60 * 60_000);
    await app.scheduler.tick();
    const before = await snapshot();
    expect(await count()).toEqual({ deliveries: 0, forms: 0 });
    expect(before.change.status).toBe('signed_off');
    expect(before.signoffs).toHaveLength(1);
    expect(before.trail.map((e) => e.action)).toContain('signed_off');
    expect(await verifyAuditTrail(app.ctx.store.db)).toMatchObject({ ok: true });
  });

  it('a modal opened before a push is refused as stale, audited once; submitting it again records nothing more', async () => {
    await openPullRequest();
    await click('U0BOB', 'countersign_signoff');
    const newer = 'e'.repeat(40);
    github.addPull(REPO, { number: 2, base: { ref: 'master', sha: 'b'.repeat(40) }, head: { ref: 'feature', sha: newer }, commits: [{ sha: newer, message: 'More\n\nCo-Authored-By: Claude <noreply@anthropic.com>', author: { name: 'Coder Tocat', email: 'c@acme.test', login: 'Codertocat' } }], files: [{ filename: 'billing/refunds.ts', additions: 14, deletions: 3 }] });
    await sendWebhook(app.url, { event: 'pull_request', payload: pullRequestPayload('synchronize', { number: 2, sha: newer }), secret: WEBHOOK_SECRET });
    await app.worker.drain();

    expect((await sendToSlackEndpoint(app.url, signoffSubmission('U0BOB'))).status).toBe(200);
    const ephemeral = (await eventually(() => slack.calls('chat.postEphemeral'), (c) => c.length > 0)).at(-1)!;
    expect(JSON.stringify(ephemeral.args)).toContain('changed since you opened it; open it again');
    const before = await snapshot();
    expect(before.trail.at(-1)!.action).toBe('signoff_refused');
    expect(before.signoffs).toEqual([]);

    expect((await sendToSlackEndpoint(app.url, signoffSubmission('U0BOB'))).status).toBe(200);
    expect(await snapshot()).toEqual(before);
  });

  it('a replay of a sign-off after its revoke does not sign again', async () => {
    await openPullRequest();
    await click('U0ALICE', 'countersign_signoff');
    const submission = signoffSubmission('U0ALICE');
    await sendToSlackEndpoint(app.url, submission);
    await app.dispatcher.drain();
    await click('U0ALICE', 'countersign_revoke');
    await eventually(signoffRows, (rows) => rows.length === 2);
    const before = await snapshot();
    expect(before.change.status).toBe('awaiting');

    expect((await sendToSlackEndpoint(app.url, submission)).status).toBe(200);
    expect(await snapshot()).toEqual(before);
  });
});
