import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Scheduler } from '../../src/jobs/scheduler.js';
import { digestJob } from '../../src/jobs/digest-job.js';
import { escalationJob } from '../../src/jobs/escalation-job.js';
import { ManualClock, startTestApp, WEBHOOK_SECRET, type TestApp } from '../support/app.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { sendToSlackEndpoint, slashCommandRequest, slackAppEnv } from '../support/slack-requests.js';
import { pullRequestPayload, sendWebhook } from '../support/webhooks.js';

const CHANNEL = 'C0ESC';
const ladderConfig = (steps: string) => `
teams:
  - name: payments
    seniors: [alice, bob]
    leads: [lead]
    channels: { slack: ${CHANNEL} }
    time_zone: Europe/Berlin
    working_hours: { start: '09:00', end: '17:00' }
    holidays: ['2026-12-25']
    digest_cron: '0 9 * * 1-5'
    claim_window: 2h
    escalation:
      steps: ${steps}
      channels: { slack: C0ESCALATE }
ownership: { fallback_team: payments }
people:
  - { github: alice, slack: U0ALICE }
  - { github: bob, slack: U0BOB }
  - { github: lead, slack: U0LEAD }
slack: { channel_interval_ms: 0 }
`;
const LADDER = `[{ after: 4h, target: thread }, { after: 8h, target: dm_assignee }, { after: 16h, target: dm_leads }, { after: 24h, target: escalation_channel }]`;

let slack: FakeSlack;
let app: TestApp;
let dir: string;
const clock = new ManualClock();

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'countersign-escalation-'));
  slack = await startFakeSlack();
  app = await startTestApp(ladderConfig(LADDER), slackAppEnv(slack), { dir, clock });
});
afterEach(async () => { await app.close(); await slack.close(); rmSync(dir, { recursive: true, force: true }); });

/** A PR opened by the Copilot agent at `iso`, its request sent. */
async function openAt(iso: string, number = 1) {
  clock.set(iso);
  await sendWebhook(app.url, { event: 'pull_request', payload: pullRequestPayload('opened', { number, author: 'Copilot', authorType: 'Bot', installationId: null }), secret: WEBHOOK_SECRET });
  await app.worker.drain();
  await app.dispatcher.drain();
}

/** One scheduler tick at `iso`, then deliver what it queued. */
async function tickAt(iso: string, scheduler = app.scheduler) {
  clock.set(iso);
  await scheduler.tick();
  await app.dispatcher.drain();
}

const escalations = async () => (await app.ctx.store.db.selectFrom('audit_events').select(['details', 'at']).where('action', '=', 'escalated').orderBy('seq').execute())
  .map((e) => ({ at: e.at, ...(JSON.parse(e.details) as { position: number; target: string; collapsed: number[] }) }));
const threadReplies = () => slack.messages(CHANNEL)[0]?.replies ?? [];
const dms = (user: string) => slack.calls('chat.postMessage').filter((c) => c.args.channel === `D${user.slice(1)}` || c.args.channel === user);

describe('the escalation ladder, on working time in the team\'s zone', () => {
  it('offers each person in a direct message only what they may do: the lead Override, the assignee Sign off', async () => {
    await openAt('2026-11-23T08:00:00Z'); // Monday 09:00 in Berlin
    await tickAt('2026-11-24T08:00:00Z'); // eight working hours: the assignee is reminded
    await tickAt('2026-11-25T08:00:00Z'); // sixteen: the leads are told
    const { assignee } = await app.ctx.store.db.selectFrom('changes').select('assignee').executeTakeFirstOrThrow();
    const buttonsTo = (user: string) => dms(user).flatMap((c) => (c.args.blocks ?? []).filter((b: any) => b.type === 'actions').flatMap((b: any) => b.elements.map((e: any) => e.text.text)));
    expect(buttonsTo('U0LEAD')).toContain('Override (leads)');
    expect(buttonsTo('U0LEAD')).not.toContain('Sign off');
    expect(buttonsTo(assignee === 'alice' ? 'U0ALICE' : 'U0BOB')).toContain('Sign off');
    expect(buttonsTo(assignee === 'alice' ? 'U0ALICE' : 'U0BOB')).not.toContain('Override (leads)');
  });

  it('tells the lead what a lead can do, not to sign off; the assignee is told to sign off', async () => {
    await openAt('2026-11-23T08:00:00Z');
    await tickAt('2026-11-24T08:00:00Z');
    await tickAt('2026-11-25T08:00:00Z');
    const { assignee } = await app.ctx.store.db.selectFrom('changes').select('assignee').executeTakeFirstOrThrow();
    const textTo = (user: string) => dms(user).map((c) => JSON.stringify(c.args.blocks ?? c.args.text)).join('\n');
    const lead = textTo('U0LEAD');
    expect(lead).toContain('As its lead: ask one of its seniors to act');
    expect(lead).toContain('/signoff snooze');
    expect(lead).not.toContain('Sign it off');
    expect(textTo(assignee === 'alice' ? 'U0ALICE' : 'U0BOB')).toContain('Sign it off, request changes');
  });

  it('counts only working hours: a Friday-afternoon request is chased on Monday, each step once', async () => {
    await openAt('2026-11-20T15:00:00Z'); // Friday 16:00 in Berlin
    await tickAt('2026-11-21T10:00:00Z'); // Saturday: no working time has passed
    await tickAt('2026-11-23T10:59:00Z'); // Monday 11:59: 1h Friday + 2h59 Monday
    expect(await escalations()).toEqual([]);
    await tickAt('2026-11-23T11:00:00Z'); // Monday 12:00: four working hours
    expect(await escalations()).toMatchObject([{ position: 0, target: 'thread', collapsed: [] }]);
    await tickAt('2026-11-23T11:05:00Z');
    expect(await escalations()).toHaveLength(1);
    await tickAt('2026-11-23T15:00:00Z'); // Monday 16:00: eight working hours
    expect((await escalations()).map((e) => e.target)).toEqual(['thread', 'dm_assignee']);
    const assignee = (await app.ctx.store.db.selectFrom('changes').select('assignee').executeTakeFirstOrThrow()).assignee!;
    const assigneeSlack = assignee === 'alice' ? 'U0ALICE' : 'U0BOB';
    expect(dms(assigneeSlack).map((c) => c.args.text).join('\n')).toMatch(/Waiting for sign-off/);
    expect(threadReplies().map((r) => r.text).join('\n')).toMatch(/Still waiting for sign-off/);
  });

  it('after three days down, fires only the latest due step and says the earlier ones were collapsed', async () => {
    await openAt('2026-11-23T08:00:00Z'); // Monday 09:00
    await tickAt('2026-11-27T08:30:00Z'); // Friday: 32 working hours later
    expect(await escalations()).toMatchObject([{ position: 3, target: 'escalation_channel', collapsed: [0, 1, 2] }]);
    expect(slack.messages('C0ESCALATE')).toHaveLength(1);
    expect(threadReplies().filter((r) => /Still waiting/.test(r.text))).toHaveLength(1);
  });

  it('lets one of two replicas fire a step, once', async () => {
    await openAt('2026-11-23T08:00:00Z');
    const other = new Scheduler(app.ctx, clock, []);
    other.jobs.push(escalationJob(app.ctx), digestJob(app.ctx, other.holder));
    clock.set('2026-11-23T12:30:00Z');
    await Promise.all([app.scheduler.tick(), other.tick()]);
    await tickAt('2026-11-23T12:31:00Z', other);
    expect(await escalations()).toHaveLength(1);
  });

  it('keeps the ladder a request started with when the config changes', async () => {
    await openAt('2026-11-23T08:00:00Z');
    await app.close();
    // The operator lengthens the first step to 40 working hours and restarts.
    app = await startTestApp(ladderConfig('[{ after: 40h, target: thread }]'), slackAppEnv(slack), { dir, clock });
    await tickAt('2026-11-23T12:00:00Z'); // Monday 13:00: four working hours in
    expect(await escalations()).toMatchObject([{ position: 0, target: 'thread' }]);
  });

  it('pauses for a claim, then releases it and reminds the claimant when the window passes', async () => {
    await openAt('2026-11-23T08:00:00Z');
    clock.set('2026-11-23T10:00:00Z'); // 11:00, claim for two working hours
    const claimed = await sendToSlackEndpoint(app.url, slashCommandRequest({ user: 'U0BOB', channel: CHANNEL, text: 'claim Codertocat/Hello-World#1' }));
    expect(JSON.stringify(claimed.json)).toContain('You are reviewing');
    await tickAt('2026-11-23T11:30:00Z'); // 12:30: the thread step is due, but the claim holds it
    expect(await escalations()).toEqual([]);
    await tickAt('2026-11-23T12:00:00Z'); // 13:00: the claim ran out
    const actions = (await app.ctx.store.db.selectFrom('audit_events').select('action').orderBy('seq').execute()).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['claimed', 'claim_released', 'escalated']));
    expect(dms('U0BOB').map((c) => c.args.text).join('\n')).toMatch(/Claim ran out/);
  });

  it('lets the claimant release a claim, and only them or a lead: reminders resume at once', async () => {
    await openAt('2026-11-23T08:00:00Z');
    clock.set('2026-11-23T10:00:00Z');
    const command = async (user: string, text: string) => JSON.stringify((await sendToSlackEndpoint(app.url, slashCommandRequest({ user, channel: CHANNEL, text }))).json);
    expect(await command('U0BOB', 'claim Codertocat/Hello-World#1')).toContain('You are reviewing');
    expect(await command('U0BOB', 'claim Codertocat/Hello-World#1')).toContain('already reviewing');
    expect(await command('U0ALICE', 'release Codertocat/Hello-World#1')).toContain('only they or a lead can release it');
    expect(await command('U0BOB', 'release Codertocat/Hello-World#1')).toContain('no longer claimed');
    expect(await app.ctx.store.db.selectFrom('escalations').select(['claimed_by', 'claimed_until']).executeTakeFirstOrThrow()).toEqual({ claimed_by: null, claimed_until: null });
    await tickAt('2026-11-23T12:00:00Z'); // 13:00: the ladder goes on; bob is not told a claim he gave back ran out
    expect(await escalations()).toMatchObject([{ target: 'thread' }]);
    expect(dms('U0BOB').map((c) => c.args.text).join('\n')).not.toMatch(/Claim ran out/);
    const actions = (await app.ctx.store.db.selectFrom('audit_events').select('action').orderBy('seq').execute()).map((r) => r.action);
    expect(actions.filter((a) => a === 'claimed' || a === 'claim_released')).toEqual(['claimed', 'claim_released']);
  });

  it('does not chase a change that went back to draft, and resumes when it is ready again', async () => {
    await openAt('2026-11-23T08:00:00Z');
    clock.set('2026-11-23T09:00:00Z');
    await sendWebhook(app.url, { event: 'pull_request', payload: pullRequestPayload('converted_to_draft', { number: 1, author: 'Copilot', authorType: 'Bot', installationId: null, draft: true }), secret: WEBHOOK_SECRET });
    await app.worker.drain();
    await tickAt('2026-11-23T15:00:00Z');
    expect(await escalations()).toEqual([]);
    clock.set('2026-11-24T08:00:00Z');
    await sendWebhook(app.url, { event: 'pull_request', payload: pullRequestPayload('ready_for_review', { number: 1, author: 'Copilot', authorType: 'Bot', installationId: null, draft: false }), secret: WEBHOOK_SECRET });
    await app.worker.drain();
    await tickAt('2026-11-24T08:01:00Z');
    expect((await escalations()).length).toBeGreaterThan(0);
  });

  it('does not chase on a holiday', async () => {
    await openAt('2026-12-24T12:00:00Z'); // Thursday 13:00; Friday is Christmas
    await tickAt('2026-12-24T16:00:00Z'); // Thursday 17:00: four working hours
    expect(await escalations()).toHaveLength(1);
    await tickAt('2026-12-25T15:00:00Z'); // Christmas Day: no working time
    expect(await escalations()).toHaveLength(1);
    await tickAt('2026-12-28T08:30:00Z'); // Monday 09:30: four and a half working hours
    expect(await escalations()).toHaveLength(1);
    await tickAt('2026-12-28T12:00:00Z'); // Monday 13:00: eight
    expect((await escalations()).map((e) => e.target)).toEqual(['thread', 'dm_assignee']);
  });
});

describe('the daily digest', () => {
  it('is posted once per team per day at the team\'s local time, even with two replicas and a restart', async () => {
    await openAt('2026-11-23T06:00:00Z', 7);
    await tickAt('2026-11-23T07:59:00Z'); // 08:59 in Berlin
    expect(slack.messages(CHANNEL).filter((m) => /digest/i.test(m.text))).toHaveLength(0);
    await tickAt('2026-11-23T08:00:00Z');
    const other = new Scheduler(app.ctx, clock, []);
    other.jobs.push(escalationJob(app.ctx), digestJob(app.ctx, other.holder));
    await tickAt('2026-11-23T08:01:00Z', other);
    await tickAt('2026-11-23T13:00:00Z');
    const digests = slack.messages(CHANNEL).filter((m) => /digest/i.test(m.text));
    expect(digests).toHaveLength(1);
    expect(JSON.stringify(digests[0]!.blocks)).toContain('Hello-World#7');
    await tickAt('2026-11-24T08:00:00Z'); // the next day's
    expect(slack.messages(CHANNEL).filter((m) => /digest/i.test(m.text))).toHaveLength(2);
  });
});
