import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditTrail } from '../../src/app/audit-trail.js';
import { sendDigests } from '../../src/app/digests.js';
import { startTestApp, WEBHOOK_SECRET, type TestApp } from '../support/app.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { githubAppEnv } from '../support/github-app.js';
import { blockActionRequest, sendToSlackEndpoint, slackAppEnv } from '../support/slack-requests.js';
import { eventually, slackUser } from '../support/slack-flow.js';
import { examplePayload, pullRequestPayload, sendWebhook } from '../support/webhooks.js';

const REPO = 'Codertocat/Hello-World';
const CHANNEL = 'C0PAYMENTS';
const CONFIG = `
teams:
  - name: payments
    channels: { slack: ${CHANNEL} }
    seniors: [alice, bob]
    leads: [lena]
    explanation: \${EXPLANATION:-off}
ownership: { fallback_team: payments }
people:
  - { github: alice, slack: U0ALICE }
  - { github: bob, slack: U0BOB }
  - { github: lena, slack: U0LENA }
  - { github: Codertocat, slack: U0AUTHOR }
slack: { channel_interval_ms: 0, request_timeout_ms: 5000 }
`;

let github: FakeGitHub;
let slack: FakeSlack;
let app: TestApp;
let user: ReturnType<typeof slackUser>;
const head = 'a'.repeat(40);

beforeAll(async () => { github = await startFakeGitHub(); });
afterAll(async () => { await github.close(); });
let explanation = 'off';
beforeEach(async () => {
  slack = await startFakeSlack();
  app = await startTestApp(CONFIG, { ...githubAppEnv(github), ...slackAppEnv(slack), EXPLANATION: explanation });
  user = slackUser(app, slack, CHANNEL);
});
afterEach(async () => { await app.close(); await slack.close(); });

async function deliver(action: string, changes: Parameters<typeof pullRequestPayload>[1], adapt: (p: Record<string, any>) => void = () => {}) {
  const payload = pullRequestPayload(action, changes);
  adapt(payload);
  await sendWebhook(app.url, { event: 'pull_request', payload, secret: WEBHOOK_SECRET });
  await app.worker.drain();
  await app.dispatcher.drain();
}

/** A pull request opened on GitHub (one commit, one file there) and delivered as `opened`. */
async function openedPull(number: number, sha: string, branch: string, commit: { message: string; author: { name: string; email: string; login: string } }, opened: Parameters<typeof pullRequestPayload>[1] = {}) {
  github.addPull(REPO, {
    number, base: { ref: 'master', sha: 'b'.repeat(40) }, head: { ref: branch, sha },
    commits: [{ sha, ...commit }], files: [{ filename: 'billing/refunds.ts', additions: 12, deletions: 3 }],
  });
  await deliver('opened', { number, sha, branch, ...opened }, (p) => { p.pull_request.assignees = []; });
}

/** A pull request the Copilot coding agent opened itself (its commits are the agent's). */
async function copilotPullRequest(number = 2) {
  await openedPull(number, head, 'copilot/fix-refunds', { message: 'Initial plan', author: { name: 'Copilot', email: '198982749+Copilot@users.noreply.github.com', login: 'Copilot' } },
    { author: 'Copilot', authorType: 'Bot', title: 'Fix refunds' });
}

const requestText = () => JSON.stringify(slack.messages(CHANNEL)[0]!.blocks);
const actions = async () => (await app.ctx.store.db.selectFrom('audit_events').select(['action', 'details']).orderBy('seq').execute());

describe('whoever asked the agent is the author', () => {
  it('a senior who assigned the Copilot agent cannot sign off its pull request, and the request names them with the evidence', async () => {
    await copilotPullRequest();
    expect(requestText()).toContain('Nobody is known to have asked the agent');
    await deliver('assigned', { number: 2, sha: head, author: 'Copilot', authorType: 'Bot', branch: 'copilot/fix-refunds', title: 'Fix refunds' }, (p) => {
      p.assignee = { login: 'Copilot', type: 'Bot' };
      p.sender = { login: 'alice', type: 'User' };
      p.pull_request.assignees = [];
    });
    expect(requestText()).toContain('asked by alice: assigned Copilot to this pull request');
    expect(requestText()).not.toMatch(/May sign:\*[^"]*alice/);

    await user.click('U0ALICE', 'countersign_signoff');
    await user.submit('U0ALICE');
    expect(await user.lastEphemeral('U0ALICE')).toMatch(/You asked the agent for this change/);
    expect(await app.ctx.store.db.selectFrom('signoffs').selectAll().execute()).toEqual([]);
    const trail = await actions();
    expect(trail.find((e) => e.action === 'accountable_author')?.details).toContain('"login":"alice"');
    expect(JSON.parse(trail.at(-1)!.details)).toMatchObject({ code: 'requester' });

    await user.click('U0BOB', 'countersign_signoff');
    await user.submit('U0BOB');
    expect((await app.ctx.store.db.selectFrom('changes').select('status').executeTakeFirstOrThrow()).status).toBe('signed_off');
    // How long bob had the form open is recorded beside the lines changed, and the audit answer shows it.
    const [signoff] = await app.ctx.store.db.selectFrom('signoffs').selectAll().execute();
    expect(signoff!.form_opened_at).toMatch(/^\d{4}-/);
    const approved = (await actions()).find((e) => e.action === 'approved')!;
    expect(JSON.parse(approved.details)).toMatchObject({ form_opened_at: signoff!.form_opened_at, lines: 2, form_seconds: expect.any(Number) });
    expect(await user.command('U0LENA', `audit ${REPO}#2`)).toMatch(/form open \d+s for 2 lines/);
  });

  it('an agent whose requester is unknown: a lead names one, audited, and that person may not sign it off', async () => {
    await copilotPullRequest();
    expect(await user.command('U0BOB', `author ${REPO}#2 @alice`)).toMatch(/Only leads of payments/);
    expect(await user.command('U0LENA', `author ${REPO}#2 @alice`)).toMatch(/alice is now the author/);
    await app.dispatcher.drain();
    expect(requestText()).toContain('alice, named by lena (lead)');
    const thread = slack.messages(CHANNEL)[0]!.replies!.map((r) => r.text).join('\n');
    expect(thread).toMatch(/lena named the author who asked the agent/);

    await user.click('U0ALICE', 'countersign_signoff');
    await user.submit('U0ALICE');
    expect(await user.lastEphemeral('U0ALICE')).toMatch(/You asked the agent for this change/);
    const trail = await actions();
    expect(trail.map((e) => e.action)).toEqual(expect.arrayContaining(['author_naming_refused', 'author_named', 'signoff_refused']));
    expect(await verifyAuditTrail(app.ctx.store.db)).toMatchObject({ ok: true });
  });
});

describe('who asked the agent, from comments and workflow runs', () => {
  const claudeHead = 'd'.repeat(40);

  /** A pull request the Claude Code GitHub app opened itself, on its own branch. */
  const claudePullRequest = (branch = 'claude/issue-1-20261201_090000') => openedPull(2, claudeHead, branch,
    { message: 'Fix refunds', author: { name: 'claude[bot]', email: '209825114+claude[bot]@users.noreply.github.com', login: 'claude[bot]' } },
    { author: 'claude[bot]', authorType: 'Bot', title: 'Fix refunds' });

  /** GitHub's issue_comment payload (from the examples), as a comment on pull request #number, or on a plain issue. */
  async function comment(by: string, body: string, options: { onPullRequest?: boolean; number?: number } = {}) {
    const payload = examplePayload('issue_comment', 'created');
    payload.issue.number = options.number ?? 2;
    if (options.onPullRequest ?? true) payload.issue.pull_request = { url: `https://api.github.com/repos/${REPO}/pulls/2`, html_url: `https://github.com/${REPO}/pull/2` };
    else delete payload.issue.pull_request;
    Object.assign(payload.comment, { body, user: { ...payload.comment.user, login: by, type: 'User' } });
    payload.sender = { ...payload.sender, login: by };
    await sendWebhook(app.url, { event: 'issue_comment', payload, secret: WEBHOOK_SECRET });
    await app.worker.drain();
    await app.dispatcher.drain();
  }

  /** GitHub's workflow_run payload (from the examples) for a run `actor` started by `event`, naming pull request #2. */
  async function workflowRun(actor: string, event: string, name = 'Claude Code') {
    const payload = examplePayload('workflow_run', 'completed', 2);
    Object.assign(payload.workflow_run, { event, name, actor: { ...payload.workflow_run.actor, login: actor }, triggering_actor: { ...payload.workflow_run.triggering_actor, login: actor } });
    payload.workflow_run.pull_requests[0].number = 2;
    payload.repository.full_name = REPO;
    await sendWebhook(app.url, { event: 'workflow_run', payload, secret: WEBHOOK_SECRET });
    await app.worker.drain();
    await app.dispatcher.drain();
  }

  it('the first person who summoned the agent in a comment on its pull request is its author; prose, quotes and issues are not', async () => {
    await claudePullRequest();
    expect(requestText()).toContain('Nobody is known to have asked the agent');
    await comment('alice', '> @claude said it was done\n\nNice, and `@claude` is the handle.');
    await comment('alice', '@claude please fix the flaky test', { onPullRequest: false, number: 1 });
    expect(requestText()).toContain('Nobody is known to have asked the agent');

    await comment('alice', '@claude please also handle partial refunds');
    expect(requestText()).toContain('asked by alice: asked @claude in a comment on this pull request');
    const trail = await actions();
    expect(JSON.parse(trail.find((e) => e.action === 'accountable_author')!.details)).toMatchObject({ login: 'alice', source: 'mention' });
    // A later comment by someone else does not move it.
    await comment('bob', '@claude and the docs');
    expect(requestText()).toContain('asked by alice');

    await user.click('U0ALICE', 'countersign_signoff');
    await user.submit('U0ALICE');
    expect(await user.lastEphemeral('U0ALICE')).toMatch(/You asked the agent for this change/);
    expect(await app.ctx.store.db.selectFrom('signoffs').selectAll().execute()).toEqual([]);
  });

  it('the comment on the issue the agent worked from names who asked it, read when its pull request opens', async () => {
    // (The fake GitHub lives as long as the file: an issue of this test's own.)
    github.addComment(REPO, 41, 'Looks like a rounding bug.', { login: 'lena' });
    github.addComment(REPO, 41, 'I am on it', { login: 'claude[bot]', type: 'Bot' });
    github.addComment(REPO, 41, '@claude please fix the refunds rounding', { login: 'bob' });
    await claudePullRequest('claude/issue-41-20261201_090000');
    expect(requestText()).toContain('asked by bob: asked @claude in a comment on issue #41');
    expect(github.find('GET', `/repos/${REPO}/issues/41/comments`)).toHaveLength(1);
    await user.click('U0BOB', 'countersign_signoff');
    await user.submit('U0BOB');
    expect(await user.lastEphemeral('U0BOB')).toMatch(/You asked the agent for this change/);
  });

  it('comments that cannot be read (an app installed before it asked for issues) leave the author unknown and the request going out', async () => {
    github.failNext({ method: 'GET', path: /\/issues\/\d+\/comments$/ }, { status: 403, body: { message: 'Resource not accessible by integration' } }, 2);
    await claudePullRequest();
    expect(requestText()).toContain('Nobody is known to have asked the agent');
  });

  it('the person who started a workflow run of the agent on the pull request is its author, over a comment; CI runs say nothing', async () => {
    await claudePullRequest();
    await workflowRun('bob', 'pull_request', 'CI');
    expect(requestText()).toContain('Nobody is known to have asked the agent');
    await comment('alice', '@claude please fix the flaky test');
    await workflowRun('bob', 'workflow_dispatch');
    expect(requestText()).toContain('asked by bob: started the workflow run \\"Claude Code\\" on this pull request');
    expect(github.checkRuns(REPO, claudeHead).at(-1)!.output.summary).toContain('asked by bob');
    const found = (await actions()).filter((e) => e.action === 'accountable_author').map((e) => JSON.parse(e.details));
    expect(found.map((d) => [d.login, d.source])).toEqual([['alice', 'mention'], ['bob', 'workflow_actor']]);

    await user.click('U0BOB', 'countersign_signoff');
    await user.submit('U0BOB');
    expect(await user.lastEphemeral('U0BOB')).toMatch(/You asked the agent for this change/);
    // alice only commented once bob's run was the stronger evidence; she may sign.
    await user.click('U0ALICE', 'countersign_signoff');
    await user.submit('U0ALICE');
    expect((await app.ctx.store.db.selectFrom('changes').select('status').executeTakeFirstOrThrow()).status).toBe('signed_off');
    expect(await verifyAuditTrail(app.ctx.store.db)).toMatchObject({ ok: true });
  });
});

describe('reverts and incidents are traced back to the sign-off', () => {
  const signedHead = 'c'.repeat(40);

  /** An AI-assisted change bob signed off, then merged. */
  async function signedOffAndMerged() {
    await openedPull(3, signedHead, 'refunds', { message: 'Refunds\n\nCo-Authored-By: Claude <noreply@anthropic.com>', author: { name: 'Coder Tocat', email: 'c@acme.test', login: 'Codertocat' } }, { title: 'Refunds' });
    await user.click('U0BOB', 'countersign_signoff');
    await user.submit('U0BOB');
    await deliver('closed', { number: 3, sha: signedHead, title: 'Refunds', branch: 'refunds', merged: true }, (p) => { p.pull_request.merge_commit_sha = 'e'.repeat(40); });
  }

  /** A pull request that merges at once (opened, then closed as merged). */
  async function mergedPullRequest(number: number, title: string, body: string, message = title) {
    const sha = String(number).repeat(40).slice(0, 40);
    github.addPull(REPO, {
      number, base: { ref: 'master', sha: 'b'.repeat(40) }, head: { ref: `topic-${number}`, sha },
      commits: [{ sha, message, author: { name: 'Dana', email: 'dana@acme.test', login: 'dana' } }], files: [{ filename: 'billing/refunds.ts', additions: 3, deletions: 12 }],
    });
    for (const action of ['opened', 'closed']) {
      await deliver(action, { number, sha, title, body, author: 'dana', branch: `topic-${number}`, merged: action === 'closed' });
    }
  }

  const dmsTo = (userId: string) => slack.calls('chat.postMessage').filter((c) => c.args.channel === `D${userId.slice(1)}`).map((c) => c.args.text as string);

  it('a merged GitHub revert of a signed-off change records `reverted` with the sign-off, tells the thread, the signer and the lead, and shows in stats', async () => {
    await signedOffAndMerged();
    await mergedPullRequest(4, 'Revert "Refunds"', 'Reverts Codertocat/Hello-World#3\n\nCheckout broke.');
    const reverted = await app.ctx.store.db.selectFrom('audit_events').selectAll().where('action', '=', 'reverted').execute();
    expect(reverted).toHaveLength(1);
    expect(reverted[0]!.subject).toBe(`${REPO}#3`);
    expect(JSON.parse(reverted[0]!.details)).toMatchObject({ revert: `${REPO}#4`, head_sha: signedHead, signoffs: [{ reviewer: 'bob' }], overridden_by: null, merged_without_signoff: false });
    const thread = slack.messages(CHANNEL).find((m) => m.blocks && JSON.stringify(m.blocks).includes('Refunds'))!.replies!.map((r) => r.text).join('\n');
    expect(thread).toMatch(/This change was reverted/);
    expect(dmsTo('U0BOB').join('\n')).toMatch(/reverted/);
    expect(dmsTo('U0LENA').join('\n')).toMatch(/reverted/);
    const stats = await user.command('U0LENA', 'stats');
    expect(stats).toMatch(/reverted/i);
    expect(stats).toMatch(/not a blame board/);
    expect(await verifyAuditTrail(app.ctx.store.db)).toMatchObject({ ok: true });

    // The next digest lists the revert, traced to bob's sign-off, and the week's quality table
    // with the time bob had the form open beside the lines the change touched.
    await sendDigests(app.ctx, [{ team: app.ctx.config.teams[0]!, localDate: '2026-12-01' }], 'test', app.clock.now());
    await app.dispatcher.drain();
    const digest = JSON.stringify(slack.messages(CHANNEL).find((m) => /digest/i.test(m.text))!.blocks);
    expect(digest).toContain('Reverted or linked to an incident (1)');
    expect(digest).toMatch(new RegExp(`Hello-World#3>\\* Refunds [^"]* reverted by \\w+ in ${REPO}#4 [^"]*had been signed off by bob`));
    expect(digest).toContain('Reverted and linked to incidents, last 7 days');
    expect(digest).toContain('not a blame board');
    expect(digest).toMatch(/bob: 1 signed · 2 lines · form open \d+s over 1 sign-off · 1 reverted · 0 incidents/);
    expect(digest).toMatch(/payments: 1 signed · 2 lines · form open \d+s over 1 sign-off · 1 reverted/);
    expect(digest).toMatch(/Claude Code: 1 signed/);
  });

  it('a revert by commit names the merge commit; a revert of an unrelated change and prose about reverting record nothing', async () => {
    await signedOffAndMerged();
    await mergedPullRequest(5, 'Revert "Docs"', 'Reverts Codertocat/Hello-World#99');
    await mergedPullRequest(6, 'We should revert the refunds change', 'I think this reverts Codertocat/Hello-World#3 in spirit. This reverts commit eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee by hand.');
    expect(await app.ctx.store.db.selectFrom('audit_events').selectAll().where('action', '=', 'reverted').execute()).toEqual([]);
    await mergedPullRequest(7, 'Undo refunds', '', `Revert "Refunds"\n\nThis reverts commit ${'e'.repeat(40)}.`);
    const reverted = await app.ctx.store.db.selectFrom('audit_events').selectAll().where('action', '=', 'reverted').execute();
    expect(reverted.map((e) => [e.subject, JSON.parse(e.details).revert])).toEqual([[`${REPO}#3`, `${REPO}#7 (reverts eeeeeee)`]]);
  });

  it('a lead links an incident once, traced to the same sign-off', async () => {
    await signedOffAndMerged();
    expect(await user.command('U0BOB', `incident ${REPO}#3 refunds double-charged`)).toMatch(/Only leads/);
    expect(await user.command('U0LENA', `incident ${REPO}#3 refunds double-charged`)).toMatch(/traced to the sign-offs/);
    expect(await user.command('U0LENA', `incident ${REPO}#3 refunds double-charged`)).toMatch(/already linked/);
    const linked = await app.ctx.store.db.selectFrom('audit_events').selectAll().where('action', '=', 'incident_linked').execute();
    expect(linked.map((e) => JSON.parse(e.details))).toMatchObject([{ reason: 'refunds double-charged', signoffs: [{ reviewer: 'bob' }] }]);
    const refused = await app.ctx.store.db.selectFrom('audit_events').selectAll().where('action', '=', 'incident_link_refused').execute();
    expect(refused.map((e) => [e.actor, JSON.parse(e.details).reason])).toEqual([['bob', 'refunds double-charged']]);
    await app.dispatcher.drain();
    expect(dmsTo('U0BOB').join('\n')).toMatch(/incident/i);
  });
});

describe('the author explains the change before a senior signs', () => {
  beforeAll(() => { explanation = 'all'; });
  afterAll(() => { explanation = 'off'; });

  it('refuses a sign-off until the author explains in chat; the request, the check and the trail then hold the explanation', async () => {
    const sha = 'f'.repeat(40);
    github.addPull(REPO, {
      number: 8, base: { ref: 'master', sha: 'b'.repeat(40) }, head: { ref: 'retries', sha },
      commits: [{ sha, message: 'Retries\n\nCo-Authored-By: Claude <noreply@anthropic.com>', author: { name: 'Coder Tocat', email: 'c@acme.test', login: 'Codertocat' } }],
      files: [{ filename: 'billing/retries.ts', additions: 12, deletions: 3 }],
    });
    await deliver('opened', { number: 8, sha, title: 'Retries', branch: 'retries', body: 'Adds retries.' });
    expect(requestText()).toContain('The author has not explained this change yet.');
    const pending = github.checkRuns(REPO, sha).at(-1)!;
    expect(pending.output.summary).toContain('The author has not explained this change yet.');

    await user.click('U0ALICE', 'countersign_signoff');
    await user.submit('U0ALICE');
    expect(await user.lastEphemeral('U0ALICE')).toMatch(/The author has not explained this change yet/);
    expect(await app.ctx.store.db.selectFrom('signoffs').selectAll().execute()).toEqual([]);

    // The author was asked directly, with the one button only they are offered.
    const dm = slack.messages('D0AUTHOR')[0]!;
    expect(dm.text).toMatch(/Please explain your change/);
    const explain = (dm.blocks ?? []).filter((b: any) => b.type === 'actions').flatMap((b: any) => b.elements).find((b: any) => b.action_id === 'countersign_explain');
    expect(explain).toBeDefined();
    expect(requestText()).not.toContain('countersign_explain');
    const opened = slack.calls('views.open').length;
    await sendToSlackEndpoint(app.url, blockActionRequest({ user: 'U0AUTHOR', channel: 'D0AUTHOR', messageTs: dm.ts, actionId: 'countersign_explain', value: explain.value }));
    await eventually(() => slack.calls('views.open').length, (n) => n > opened);
    const empty = await user.submit('U0AUTHOR', { what: { value: 'Retries failed payment calls.' }, verified: { value: 'TODO' }, risks: { value: 'Double charges if the provider is slow.' } });
    expect(JSON.stringify(empty.json)).toContain('Answer each question');
    await user.submit('U0AUTHOR', { what: { value: 'Retries failed payment calls.' }, verified: { value: 'Replayed 502s against the sandbox.' }, risks: { value: 'Double charges if the provider is slow.' } });
    await app.dispatcher.drain();

    expect(requestText()).toContain('Replayed 502s against the sandbox.');
    expect(github.checkRuns(REPO, sha).at(-1)!.output.summary).toContain('Replayed 502s against the sandbox');
    await user.click('U0ALICE', 'countersign_signoff');
    await user.submit('U0ALICE');
    expect((await app.ctx.store.db.selectFrom('changes').select('status').where('number', '=', 8).executeTakeFirstOrThrow()).status).toBe('signed_off');
    const given = await app.ctx.store.db.selectFrom('audit_events').selectAll().where('action', '=', 'explanation_given').execute();
    expect(given.map((e) => [e.actor, e.head_sha, JSON.parse(e.details).source, JSON.parse(e.details).verified])).toEqual([['Codertocat', sha, 'chat', 'Replayed 502s against the sandbox.']]);
    expect(await verifyAuditTrail(app.ctx.store.db)).toMatchObject({ ok: true });
  });
});
