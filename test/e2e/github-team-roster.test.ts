import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditTrail } from '../../src/app/audit-trail.js';
import { parseConfig } from '../../src/config/load.js';
import { diagnose } from '../../src/doctor.js';
import { startTestApp, WEBHOOK_SECRET, type TestApp } from '../support/app.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { githubAppEnv } from '../support/github-app.js';
import { slackAppEnv } from '../support/slack-requests.js';
import { eventually, slackUser } from '../support/slack-flow.js';
import { pullRequestPayload, sendWebhook } from '../support/webhooks.js';

/**
 * Seniors named by GitHub team: `@acme/payments-seniors` counts whoever GitHub lists in
 * that team (every page), a change on GitHub counts once the cached list expires, the
 * sign-off's audit event says through which team its signer was a senior, and a GitHub
 * that cannot answer refuses the sign-off with that reason instead of a silent "no".
 */
const REPO = 'acme/payments-api';
const CHANNEL = 'C0PAYMENTS';
const CONFIG = `
teams:
  - name: payments
    channels: { slack: ${CHANNEL} }
    seniors: [alice, "@acme/payments-seniors"]
ownership: { fallback_team: payments }
people:
  - { github: alice, slack: U0ALICE }
  - { github: bob, slack: U0BOB }
  - { github: carol, slack: U0CAROL }
slack: { channel_interval_ms: 0, request_timeout_ms: 5000 }
`;
const MEMBERS_PATH = /^\/orgs\/acme\/teams\/payments-seniors\/members$/;
/** More than one page of GitHub's largest (100): bob is on the second. */
const SENIORS_TEAM = [...Array.from({ length: 120 }, (_, i) => `engineer-${i}`), 'bob'];
const ELEVEN_MINUTES = 11 * 60_000;

let github: FakeGitHub;
let slack: FakeSlack;
let app: TestApp;
let user: ReturnType<typeof slackUser>;
const head = 'a'.repeat(40);

beforeAll(async () => { github = await startFakeGitHub(); });
afterAll(async () => { await github.close(); });
beforeEach(async () => {
  github.orgs.setPermissions('acme', { members: 'read', metadata: 'read' });
  github.orgs.setTeam('acme', 'payments-seniors', SENIORS_TEAM);
  slack = await startFakeSlack();
  const read = github.find('GET', MEMBERS_PATH).length;
  app = await startTestApp(CONFIG, { ...githubAppEnv(github), ...slackAppEnv(slack) });
  user = slackUser(app, slack, CHANNEL);
  // The service reads the team (both pages) once at start, in the background: let it finish first.
  await eventually(() => github.find('GET', MEMBERS_PATH).length, (n) => n === read + 2);
});
afterEach(async () => { await app.close(); await slack.close(); });

async function claudePullRequest() {
  github.addPull(REPO, {
    number: 7, base: { ref: 'master', sha: 'b'.repeat(40) }, head: { ref: 'refunds', sha: head },
    commits: [{ sha: head, message: 'Refunds\n\nCo-Authored-By: Claude <noreply@anthropic.com>', author: { name: 'Dana', email: 'dana@acme.test', login: 'dana' } }],
    files: [{ filename: 'billing/refunds.ts', additions: 12, deletions: 3 }],
  });
  await sendWebhook(app.url, { event: 'pull_request', payload: pullRequestPayload('opened', { repo: REPO, number: 7, sha: head, author: 'dana', branch: 'refunds', installationId: 4242 }), secret: WEBHOOK_SECRET });
  await app.worker.drain();
  await app.dispatcher.drain();
}

const audit = async () => (await app.ctx.store.db.selectFrom('audit_events').select(['action', 'actor', 'details']).orderBy('seq').execute()).map((e) => ({ ...e, details: JSON.parse(e.details) }));
const status = async () => (await app.ctx.store.db.selectFrom('changes').select('status').executeTakeFirstOrThrow()).status;

describe('seniors named by GitHub team', () => {
  it('a member of @acme/payments-seniors on the second page signs off, and the audit event says through which team', async () => {
    // Read at start with the installation's token, every page of GitHub's largest; the delivery reads nothing more within ten minutes.
    const reads = github.find('GET', MEMBERS_PATH).slice(-2);
    await claudePullRequest();
    expect(github.find('GET', MEMBERS_PATH).slice(-2)).toEqual(reads);
    expect(reads.map((r) => [r.query.per_page, r.query.page ?? '1'])).toEqual([['100', '1'], ['100', '2']]);
    expect(JSON.stringify(slack.messages(CHANNEL)[0]!.blocks)).toMatch(/May sign:\* alice, engineer-0, [^"]*…and 107 more/);

    await user.click('U0CAROL', 'countersign_signoff');
    await user.submit('U0CAROL');
    expect(await user.lastEphemeral('U0CAROL')).toMatch(/Only seniors of payments may sign/);

    await user.click('U0BOB', 'countersign_signoff');
    await user.submit('U0BOB');
    expect(await status()).toBe('signed_off');
    const approved = (await audit()).find((e) => e.action === 'approved')!;
    expect(approved).toMatchObject({ actor: 'bob', details: { senior: { team: 'payments', via: '@acme/payments-seniors' } } });
    expect(await verifyAuditTrail(app.ctx.store.db)).toMatchObject({ ok: true });
  });

  it('someone taken off the team on GitHub may no longer sign once the cached list expires; a senior by login is recorded as such', async () => {
    await claudePullRequest();
    github.orgs.setTeam('acme', 'payments-seniors', SENIORS_TEAM.filter((l) => l !== 'bob'));
    const firstPages = () => github.find('GET', MEMBERS_PATH).filter((r) => (r.query.page ?? '1') === '1').length;
    const read = firstPages();
    app.clock.advance(ELEVEN_MINUTES);
    await user.click('U0BOB', 'countersign_signoff');
    await user.submit('U0BOB');
    expect(await user.lastEphemeral('U0BOB')).toMatch(/Only seniors of payments may sign/);
    expect(firstPages()).toBe(read + 1); // read again once, the cached list having expired

    await user.click('U0ALICE', 'countersign_signoff');
    await user.submit('U0ALICE');
    expect((await audit()).find((e) => e.action === 'approved')).toMatchObject({ actor: 'alice', details: { senior: { team: 'payments', via: 'login' } } });
  });

  it('a GitHub that cannot say who is in the team refuses the sign-off with that reason, audited; it goes through once GitHub answers', async () => {
    await claudePullRequest();
    app.clock.advance(ELEVEN_MINUTES);
    github.failNext({ method: 'GET', path: MEMBERS_PATH }, { status: 503 }, 1);
    await user.click('U0BOB', 'countersign_signoff');
    await user.submit('U0BOB');
    expect(await user.lastEphemeral('U0BOB')).toMatch(/could not check who may decide here: cannot read the members of GitHub team @acme\/payments-seniors/);
    expect(await status()).toBe('awaiting');
    expect(await app.ctx.store.db.selectFrom('signoffs').selectAll().execute()).toEqual([]);
    expect((await audit()).at(-1)).toMatchObject({ action: 'signoff_refused', actor: 'bob', details: { code: 'roster_unavailable', team: '@acme/payments-seniors' } });

    await user.click('U0BOB', 'countersign_signoff');
    await user.submit('U0BOB');
    expect(await status()).toBe('signed_off');
  });

  it('a pull request arriving while GitHub cannot list the team waits and is retried, not decided with no seniors', async () => {
    app.clock.advance(ELEVEN_MINUTES);
    github.failNext({ method: 'GET', path: MEMBERS_PATH }, { status: 503 }, 1);
    await claudePullRequest();
    expect(slack.messages(CHANNEL)).toEqual([]);
    const row = await app.ctx.store.db.selectFrom('inbox').select(['state', 'last_error']).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ state: 'pending', last_error: expect.stringMatching(/members of GitHub team @acme\/payments-seniors/) });
    // Once GitHub answers, the retry asks the team (alice and its 121 members).
    app.clock.advance(ELEVEN_MINUTES);
    await app.worker.drain();
    await app.dispatcher.drain();
    expect(JSON.stringify(slack.messages(CHANNEL)[0]!.blocks)).toMatch(/May sign:\* alice, engineer-0, [^"]*…and 107 more/);
  });

  it('a team GitHub refuses to list for good (a wrong slug: 404) adds no one, and holds no delivery back', async () => {
    app.clock.advance(ELEVEN_MINUTES);
    github.failNext({ method: 'GET', path: MEMBERS_PATH }, { status: 404 }, 1); // read once, then known for ten minutes
    await claudePullRequest();
    expect(await app.ctx.store.db.selectFrom('inbox').select('state').executeTakeFirstOrThrow()).toEqual({ state: 'done' });
    expect(JSON.stringify(slack.messages(CHANNEL)[0]!.blocks)).toMatch(/May sign:\* alice\b(?!, engineer)/);
    await user.click('U0BOB', 'countersign_signoff');
    await user.submit('U0BOB');
    expect(await user.lastEphemeral('U0BOB')).toMatch(/Only seniors of payments may sign/);
    await user.click('U0ALICE', 'countersign_signoff');
    await user.submit('U0ALICE');
    expect(await status()).toBe('signed_off');
  });
});

describe('countersign doctor', () => {
  const config = () => parseConfig(CONFIG, { env: { ...githubAppEnv(github), GITHUB_WEBHOOK_SECRET: WEBHOOK_SECRET, ...slackAppEnv(slack) } });
  const teamLines = async () => (await diagnose(config(), app.ctx.store)).filter((f) => f.topic === 'github teams');

  it('checks the Members permission on each organisation and reads each named team', async () => {
    expect(await teamLines()).toEqual([
      { level: 'ok', topic: 'github teams', message: "the app may read acme's team members (Members: read)" },
      { level: 'ok', topic: 'github teams', message: '@acme/payments-seniors: 121 members' },
    ]);
    github.orgs.setPermissions('acme', { metadata: 'read' });
    expect(await teamLines()).toEqual([expect.objectContaining({ level: 'problem', message: expect.stringContaining('has no Members permission'), fix: expect.stringContaining('"Members: read"') })]);
  });
});
