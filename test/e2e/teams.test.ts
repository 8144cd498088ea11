import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHECK_NAME } from '../../src/app/ports.js';
import { WEBHOOK_SECRET } from '../support/app.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { githubAppEnv } from '../support/github-app.js';
import { ALL_TICKED, AUTHOR, executeInvoke, TEAMS_CONFIG, installedInTeam, SENIOR, startTeamsApp, TEAMS, type TeamsTestApp } from '../support/teams.js';
import { pullRequestPayload, sendWebhook } from '../support/webhooks.js';

const REPO = 'Codertocat/Hello-World';
const CONFIG = TEAMS_CONFIG;

let github: FakeGitHub;
let app: TeamsTestApp;
const head = 'a'.repeat(40);

beforeAll(async () => { github = await startFakeGitHub(); });
afterAll(async () => { await github.close(); });
beforeEach(async () => { app = await startTeamsApp(CONFIG, { appEnv: githubAppEnv(github) }); });
afterEach(async () => { await app.close(); });

async function openPullRequest(number = 2) {
  github.addPull(REPO, {
    number, base: { ref: 'master', sha: 'b'.repeat(40) }, head: { ref: 'feature', sha: head },
    commits: [{ sha: head, message: 'Add refunds\n\nCo-Authored-By: Claude <noreply@anthropic.com>', author: { name: 'Coder Tocat', email: 'c@acme.test', login: 'Codertocat' } }],
    files: [{ filename: 'billing/refunds.ts', additions: 12, deletions: 3 }],
  });
  await sendWebhook(app.url, { event: 'pull_request', payload: pullRequestPayload('opened', { number, sha: head, title: `Refunds **now** <at>Sam Senior</at> [x](https://evil.example)` }), secret: WEBHOOK_SECRET });
  await app.worker.drain();
  await app.dispatcher.drain();
}

async function install() {
  expect((await app.send(installedInTeam(app.connector.serviceUrl))).status).toBe(200);
  // A delivery that waited for the install is retried on its schedule.
  app.clock.advance(15 * 60_000);
  await app.dispatcher.drain();
}

const roots = () => app.connector.messages.filter((m) => m.conversationId === `${TEAMS.channel};messageid=${m.id}`);
const thread = (root: { id: string }) => app.connector.messages.filter((m) => m.conversationId === `${TEAMS.channel};messageid=${root.id}` && m.id !== root.id);
const cardOf = (activity: any) => activity.attachments?.[0]?.content;
const texts = (card: any): string => JSON.stringify(card);
const runs = () => github.checkRuns(REPO, head).filter((r) => r.name === CHECK_NAME);
const signoffs = async () => (await sql<{ reviewer: string; decision: string }>`select reviewer, decision from signoffs`.execute(app.ctx.store.db)).rows;
const press = (root: { id: string }, verb: string, data: object, who = SENIOR) =>
  app.send(executeInvoke(app.connector.serviceUrl, `${TEAMS.channel};messageid=${root.id}`, root.id, verb, data, who));

describe('Teams end to end, authentication on', () => {
  it('a request for a team without the app waits in the outbox, and goes out once the team installs it', async () => {
    await openPullRequest();
    expect(roots()).toHaveLength(0);
    await install();
    expect(roots()).toHaveLength(1);
    const card = cardOf(roots()[0]!.activity);
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    // The senior, known from the install's member list, gets their own view by refresh.
    expect(card.refresh.userIds).toEqual([SENIOR.id]);
    // The hostile title is one inert TextRun: no Markdown, no link, no mention that could match.
    const runsOfTitle = card.body.flatMap((b: any) => b.inlines ?? []).filter((r: any) => r.text.includes('Refunds'));
    expect(runsOfTitle[0]).toMatchObject({ type: 'TextRun', text: 'Refunds **now** <\u200Bat>Sam Senior<\u200B/at> [x](https://evil.example)' });
    expect(texts(card)).not.toContain('<at>');
    expect(app.connector.calls.filter((c) => c.method === 'POST' && c.path === '/v3/conversations').every((c) => c.auth?.startsWith('Bearer bot-token-'))).toBe(true);
  });

  it('a senior signs with every toggle: recorded, the card updated for everyone, a thread reply, the check turns success; a replay changes nothing', async () => {
    await install();
    await openPullRequest();
    const root = roots()[0]!;
    const form = await press(root, 'openSignoff', { changeId: 1, headSha: head });
    expect(form.status).toBe(200);
    expect(form.body.type).toBe('application/vnd.microsoft.card.adaptive');
    const toggles = form.body.value.body.filter((b: any) => b.type === 'Input.Toggle');
    expect(toggles.map((t: any) => t.id)).toEqual(['attest_0', 'attest_1', 'attest_2']);

    // Teams sends the submit button's data with the inputs merged in.
    const submit = form.body.value.body.filter((b: any) => b.type === 'ActionSet').flatMap((b: any) => b.actions).find((a: any) => a.verb === 'signoff');
    expect(submit.data).toMatchObject({ changeId: 1, headSha: head, revision: expect.any(Number), formKey: expect.stringMatching(/^teams:form:/) });
    const signing = executeInvoke(app.connector.serviceUrl, `${TEAMS.channel};messageid=${root.id}`, root.id, 'signoff', { ...submit.data, ...ALL_TICKED, note: 'Ran it *locally*' }, SENIOR);
    const answer = await app.send(signing);
    expect(answer.status).toBe(200);
    expect(texts(answer.body.value)).toContain('Signed off');
    expect(await signoffs()).toEqual([{ reviewer: 'sam', decision: 'approve' }]);

    await app.dispatcher.drain();
    expect(texts(cardOf(root.activity))).toContain('Signed off');
    expect(root.edits).toBeGreaterThan(0);
    const replies = thread(root).map((r) => texts(cardOf(r.activity)));
    expect(replies).toEqual([expect.stringContaining('Assigned to sam'), expect.stringContaining('sam signed off at aaaaaaa')]);
    expect(replies[1]).toContain('Ran it *locally*');
    expect(runs().at(-1)).toMatchObject({ status: 'completed', conclusion: 'success' });

    const edits = root.edits;
    const checks = runs().length;
    const replayed = await app.send(signing);
    expect(replayed.body).toMatchObject({ type: 'application/vnd.microsoft.activity.message', value: expect.stringMatching(/^Already recorded/) });
    await app.dispatcher.drain();
    expect(await signoffs()).toEqual([{ reviewer: 'sam', decision: 'approve' }]);
    expect(thread(root)).toHaveLength(2);
    expect(root.edits).toBe(edits);
    expect(runs()).toHaveLength(checks);
  });

  it('records how long the sign-off form was open, from Countersign\'s own clock: a time sent back in the card is ignored', async () => {
    await install();
    await openPullRequest();
    const root = roots()[0]!;
    const form = await press(root, 'openSignoff', { changeId: 1, headSha: head });
    const submit = form.body.value.body.filter((b: any) => b.type === 'ActionSet').flatMap((b: any) => b.actions).find((a: any) => a.verb === 'signoff');
    expect(JSON.stringify(submit.data)).not.toMatch(/opened/i);
    app.clock.advance(95_000);
    const answer = await press(root, 'signoff', { ...submit.data, ...ALL_TICKED, openedAt: '2000-01-01T00:00:00Z' });
    expect(texts(answer.body.value)).toContain('Signed off');
    const signed = await app.ctx.store.db.selectFrom('audit_events').select('details').where('action', '=', 'approved').executeTakeFirstOrThrow();
    expect(JSON.parse(signed.details)).toMatchObject({ form_seconds: 95, lines: 2 });
    const { mentionMessage } = await import('../support/teams.js');
    await app.send(mentionMessage(app.connector.serviceUrl, `audit ${REPO}#2`, SENIOR, { personal: true }));
    expect(texts(cardOf(app.connector.messages.at(-1)!.activity))).toContain('form open 95s for 2 lines');
  });

  it('the author is refused privately, and an unticked statement brings the form back', async () => {
    await install();
    await openPullRequest();
    const root = roots()[0]!;
    const refused = await press(root, 'signoff', { changeId: 1, headSha: head, ...ALL_TICKED }, AUTHOR);
    expect(refused.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.activity.message' });
    expect(refused.body.value).toMatch(/^You opened this pull request; another senior/);
    const unticked = await press(root, 'signoff', { changeId: 1, headSha: head, attest_0: 'true', attest_1: 'false', attest_2: 'true' });
    expect(texts(unticked.body.value)).toContain('Tick every statement');
    await app.dispatcher.drain();
    expect(await signoffs()).toEqual([]);
    expect(thread(root).map((r) => texts(cardOf(r.activity)))).toEqual([expect.stringContaining('Assigned to sam')]);
    expect(root.edits).toBe(0);
  });

  it('an automatic refresh shows each person only what they may do, and edits nothing', async () => {
    await install();
    await openPullRequest();
    const root = roots()[0]!;
    const verbs = (card: any) => card.body.filter((b: any) => b.type === 'ActionSet').flatMap((b: any) => b.actions).map((a: any) => a.verb ?? a.type);
    const senior = await app.send(executeInvoke(app.connector.serviceUrl, `${TEAMS.channel};messageid=${root.id}`, root.id, 'refresh', { changeId: 1, headSha: head }, SENIOR, 'automatic'));
    expect(verbs(senior.body.value)).toEqual(['openSignoff', 'claim', 'openRequestChanges', 'Action.OpenUrl']);
    const author = await app.send(executeInvoke(app.connector.serviceUrl, `${TEAMS.channel};messageid=${root.id}`, root.id, 'refresh', { changeId: 1, headSha: head }, AUTHOR, 'automatic'));
    expect(verbs(author.body.value)).toEqual(['Action.OpenUrl']);
    expect(root.edits).toBe(0);
    expect(app.connector.calls.filter((c) => c.method === 'PUT')).toHaveLength(0);
  });

  it('@mention commands answer in the channel and in personal chat', async () => {
    await install();
    await openPullRequest();
    const { mentionMessage } = await import('../support/teams.js');
    expect((await app.send(mentionMessage(app.connector.serviceUrl, 'pending', SENIOR))).status).toBe(200);
    const inChannel = app.connector.messages.at(-1)!;
    expect(inChannel.conversationId).toBe(`${TEAMS.channel};messageid=1700000000001`);
    expect(texts(cardOf(inChannel.activity))).toContain(`${REPO}#2`);
    expect((await app.send(mentionMessage(app.connector.serviceUrl, '/signoff show Codertocat/Hello-World#2', SENIOR, { personal: true }))).status).toBe(200);
    const personal = app.connector.messages.at(-1)!;
    expect(personal.conversationId).toBe(`a:personal-${SENIOR.id}`);
    expect(texts(cardOf(personal.activity))).toContain('AI evidence');
  });
});

describe('Teams identity and installs', () => {
  const STRANGER = { id: '29:stranger', name: 'Kim Stranger', aadObjectId: 'bbbbbbbb-0000-4000-8000-0000000000c1' };

  it('links an unlisted user by the e-mail Teams reports only when lookup_by_email is on, and never a user of another tenant', async () => {
    const people = CONFIG.replace(`  - { github: sam, teams: ${SENIOR.aadObjectId} }`, '  - { github: sam, email: sam@acme.test }');
    const members = [{ ...SENIOR, email: 'sam@acme.test', userPrincipalName: 'sam@acme.test', tenantId: TEAMS.tenantId }, { ...STRANGER, email: 'kim@acme.test', tenantId: TEAMS.tenantId }];
    const { mentionMessage } = await import('../support/teams.js');
    const away = async (teamsApp: TeamsTestApp, tenant?: string) => {
      const msg = mentionMessage(teamsApp.connector.serviceUrl, 'away until 2026-12-31', SENIOR);
      if (tenant) Object.assign(msg, { conversation: { ...msg.conversation, tenantId: tenant }, channelData: { ...msg.channelData, tenant: { id: tenant } } });
      expect((await teamsApp.send(msg)).status).toBe(200);
      return texts(cardOf(teamsApp.connector.messages.at(-1)!.activity));
    };
    const off = await startTeamsApp(people, { members });
    try {
      expect(await away(off)).toContain('Your chat account is not linked to a GitHub login');
    } finally { await off.close(); }
    const on = await startTeamsApp(people, { members, lookupByEmail: true });
    try {
      expect(await away(on)).toContain('You are away until 2026-12-31');
      expect(await away(on, '99999999-0000-4000-8000-000000000000')).toContain('Your chat account is not linked to a GitHub login');
    } finally { await on.close(); }
  });

  it('forgets a team that removes the app: its requests wait again', async () => {
    await install();
    expect((await app.send({ ...installedInTeam(app.connector.serviceUrl), channelData: { tenant: { id: TEAMS.tenantId }, team: { id: TEAMS.teamId }, eventType: 'teamMemberRemoved' }, membersAdded: undefined, membersRemoved: [{ id: `28:${TEAMS.appId}` }] })).status).toBe(200);
    await openPullRequest();
    expect(roots()).toHaveLength(0);
  });
});
