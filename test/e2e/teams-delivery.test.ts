import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { diagnose } from '../../src/doctor.js';
import { WEBHOOK_SECRET } from '../support/app.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { githubAppEnv } from '../support/github-app.js';
import { AUTHOR, installedInTeam, SENIOR, startTeamsApp, TEAMS, type TeamsTestApp } from '../support/teams.js';
import { cardText } from '../support/teams-cards.js';
import { pullRequestPayload, sendWebhook } from '../support/webhooks.js';

const REPO = 'Codertocat/Hello-World';
const head = 'a'.repeat(40);
const CONFIG = `
teams:
  - name: platform
    channels: { teams: '${TEAMS.channel}' }
    seniors: [sam]
    leads: [sam]
    time_zone: UTC
    working_days: [mon, tue, wed, thu, fri, sat, sun]
    working_hours: { start: '00:00', end: '23:59' }
    escalation:
      steps: [{ after: 1h, target: dm_seniors }]
    digest_cron: '0 9 * * *'
  - name: elsewhere
    channels: { teams: '19:other@thread.tacv2' }
    seniors: [sam]
ownership: { fallback_team: platform }
people:
  - { github: sam, teams: ${SENIOR.aadObjectId} }
  - { github: Codertocat, teams: ${AUTHOR.aadObjectId} }
`;

let github: FakeGitHub;
let app: TeamsTestApp;

beforeAll(async () => { github = await startFakeGitHub(); });
afterAll(async () => { await github.close(); });
beforeEach(async () => {
  app = await startTeamsApp(CONFIG, { appEnv: githubAppEnv(github) });
  expect((await app.send(installedInTeam(app.connector.serviceUrl))).status).toBe(200);
});
afterEach(async () => { await app.close(); });

async function openPullRequest(number = 2) {
  github.addPull(REPO, {
    number, base: { ref: 'master', sha: 'b'.repeat(40) }, head: { ref: 'feature', sha: head },
    commits: [{ sha: head, message: 'Add refunds\n\nCo-Authored-By: Claude <noreply@anthropic.com>', author: { name: 'Coder Tocat', email: 'c@acme.test', login: 'Codertocat' } }],
    files: [{ filename: 'billing/refunds.ts', additions: 12, deletions: 3 }],
  });
  await sendWebhook(app.url, { event: 'pull_request', payload: pullRequestPayload('opened', { number, sha: head, title: `Refunds #${number}` }), secret: WEBHOOK_SECRET });
  await app.worker.drain();
}

const channelPosts = () => app.connector.messages.filter((m) => m.conversationId === `${TEAMS.channel};messageid=${m.id}`);
const personal = () => app.connector.messages.filter((m) => m.conversationId === `a:personal-${SENIOR.id}`);
const teamsFindings = async () => (await diagnose(app.ctx.config, app.ctx.store, { teamsFetch: app.identity.loginFetch })).filter((f) => f.topic === 'microsoft teams');

describe('Teams delivery through the outbox', () => {
  it('a 429 with Retry-After and a 502 are retried later, and the request is posted once', async () => {
    app.connector.failNext({ status: 429, retryAfterSeconds: 1 }, { status: 502 });
    await openPullRequest();
    await app.dispatcher.drain();
    expect(channelPosts()).toHaveLength(0);
    for (let i = 0; i < 3; i++) {
      app.clock.advance(60_000);
      await app.dispatcher.drain();
    }
    expect(channelPosts()).toHaveLength(1);
    expect(app.connector.calls.filter((c) => c.method === 'POST' && c.path === '/v3/conversations' && c.body?.isGroup)).toHaveLength(3);
  });

  it('an answer lost after Teams took the post is not posted again: parked, and doctor says why', async () => {
    app.connector.failNext({ status: 200, loseAnswer: true });
    await openPullRequest();
    for (let i = 0; i < 3; i++) {
      await app.dispatcher.drain();
      app.clock.advance(15 * 60_000);
    }
    expect(channelPosts()).toHaveLength(1);
    expect((await teamsFindings()).map((f) => f.message)).toContainEqual(expect.stringMatching(/review_request\.post for change 1 parked .*Teams did not answer .*not posted again/));
  });

  it('a direct message to someone who blocked the app is parked with a readable reason', async () => {
    app.connector.blockedUsers.add(SENIOR.id);
    await openPullRequest();
    await app.dispatcher.drain();
    expect(channelPosts()).toHaveLength(1);
    const parked = (await teamsFindings()).filter((f) => f.level === 'problem');
    expect(parked.map((f) => f.message)).toContainEqual(expect.stringMatching(/dm\.alert .*MessageWritesBlocked: .*has not installed Countersign in Teams or has blocked it/));
  });

  it('escalation direct messages and the digest arrive', async () => {
    await openPullRequest();
    await app.dispatcher.drain();
    const before = personal().length;
    app.clock.advance(2 * 3600_000);
    await app.scheduler.tick();
    await app.dispatcher.drain();
    expect(personal().slice(before).map((m) => cardText(m.activity.attachments[0].content)).join('\n')).toMatch(/Still waiting for sign-off/);
    app.clock.set('2026-11-21T09:00:30Z');
    await app.scheduler.tick();
    await app.dispatcher.drain();
    const digest = channelPosts().map((m) => cardText(m.activity.attachments[0].content)).find((t) => t.includes('Countersign digest'));
    expect(digest).toMatch(/Countersign digest · platform[\s\S]*Waiting for sign-off \(1\)[\s\S]*Codertocat\/Hello-World#2/);
  });

  it('doctor checks the credentials against the token endpoint and names the teams still without the app', async () => {
    const findings = await teamsFindings();
    expect(findings[0]).toMatchObject({ level: 'ok', message: expect.stringContaining(`bot ${TEAMS.appId} (SingleTenant) got a token from https://login.test`) });
    expect(findings.map((f) => f.message)).toContainEqual(expect.stringMatching(/team elsewhere: the Teams channel 19:other@thread\.tacv2 is not in a team that has installed Countersign/));
    expect(findings.map((f) => f.message).join('\n')).not.toMatch(/team platform:/);
    const wrong = { ...app.ctx.config, microsoft_teams: { ...app.ctx.config.microsoft_teams, app_password: 'not-the-secret' } };
    const refused = (await diagnose(wrong, app.ctx.store, { teamsFetch: app.identity.loginFetch })).find((f) => f.topic === 'microsoft teams')!;
    expect(refused).toMatchObject({ level: 'problem', message: expect.stringMatching(/could not get a token from https:\/\/login\.test/) });
  });
});
