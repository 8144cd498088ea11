import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatPort } from '../../src/app/ports.js';
import type { AlertView, ThreadNoticeView } from '../../src/app/views.js';
import { LocalChatPort } from '../../src/chat/local/port.js';
import { localConversationsIn } from '../../src/app/local-conversations.js';
import { playgroundPage } from '../../src/chat/local/render/page.js';
import { createSlackClient } from '../../src/chat/slack/client.js';
import { SlackChatPort } from '../../src/chat/slack/port.js';
import type { DigestView } from '../../src/domain/digest.js';
import { openStore, type Store } from '../../src/store/db.js';
import { localConversation } from '../../src/store/local-messages.js';
import { migrateToLatest } from '../../src/store/migrate.js';
import type { LocalMessageRow } from '../../src/store/schema.js';
import { ManualClock } from '../support/app.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { textObjects } from '../support/slack-blocks.js';
import { textOf } from '../support/playground.js';
import { HOSTILE_TITLE, reviewRequestView } from '../support/views.js';
import { adapterStateFor } from '../../src/app/adapter-state.js';
import { createBotFramework } from '../../src/chat/teams/bot-framework.js';
import { KEYS } from '../../src/chat/teams/installs.js';
import { TeamsChatPort } from '../../src/chat/teams/port.js';
import { LOGIN_ORIGIN, startFakeBotIdentity } from '../support/fake-bot-identity.js';
import { startFakeTeams } from '../support/fake-teams.js';
import { TEAMS } from '../support/teams.js';
import { cardText } from '../support/teams-cards.js';

/** What a person sees in a conversation: each top-level message's text (as the platform renders it), with its thread's. */
interface Seen { text: string; replies: string[] }

/** One chat platform under the contract: its port, and a way to read what people see there. */
interface Platform {
  port: ChatPort;
  channel: string;
  /** The platform id of the person who gets direct messages. */
  person: string;
  seen(conversation: string): Promise<Seen[]>;
  /** The conversation's markup as the platform receives it (Slack mrkdwn, HTML). */
  markup(conversation: string): Promise<string>;
  close(): Promise<void>;
}

const HOSTILE = HOSTILE_TITLE;
const view = reviewRequestView;
const notice: ThreadNoticeView = { changeId: 1, kind: 'approved', actor: 'alice', headSha: view().headSha, note: 'Read it <!here>', approvals: 1, requiredSignoffs: 1 };
const alert: AlertView = { kind: 'assigned', changeId: 1, repo: 'acme/api', number: 42, title: HOSTILE, url: view().url, headSha: view().headSha, approvals: 0, requiredSignoffs: 1, owningTeams: ['payments'] };
const digest: DigestView = { team: 'payments', timeZone: 'Europe/Berlin', date: '2026-11-23', pending: [], pendingTotal: 0, signed: [], changesRequested: [], changesRequestedTotal: 0, overrides: [], mergedWithoutSignoff: [], rubberStamps: [], traced: [], quality: null, load: [], empty: true };

async function slackPlatform(): Promise<Platform> {
  const fake: FakeSlack = await startFakeSlack();
  fake.addChannel({ id: 'C0PAYMENTS', name: 'payments' });
  fake.addUser({ id: 'U0ALICE', name: 'alice' } as Parameters<FakeSlack['addUser']>[0]);
  const seenOf = (m: { text: string; blocks?: unknown[] }) => (m.blocks ? textObjects(m.blocks).map((t) => t.text).join(' ') : m.text);
  return {
    port: new SlackChatPort(createSlackClient({ token: 'xoxb-test', apiUrl: fake.apiUrl })),
    channel: 'C0PAYMENTS', person: 'U0ALICE',
    seen: async (conversation) => fake.messages(conversation).map((m) => ({ text: seenOf(m), replies: (m.replies ?? []).map(seenOf) })),
    markup: async (conversation) => JSON.stringify(fake.messages(conversation)),
    close: () => fake.close(),
  };
}

async function localPlatform(): Promise<Platform> {
  const dir = mkdtempSync(join(tmpdir(), 'countersign-contract-'));
  const store: Store = openStore(`sqlite:${join(dir, 'c.db')}`, dir);
  await migrateToLatest(store.db, store.flavor);
  const form = { csrf: 'x', actingAs: 'alice', channel: '', attestations: ['I read the whole diff'], formToken: () => 'f', shownAt: '2026-11-23T10:00:00Z' };
  // Messages drawn on a page, as the person would see them there.
  const draw = (conversation: string, messages: LocalMessageRow[]) =>
    playgroundPage({ people: [], channels: [], messages, form: { ...form, channel: conversation }, answer: null, version: '', now: '2026-11-23T10:00:00Z', hints: [] }).value;
  const main = (page: string) => textOf(page.slice(page.indexOf('<main>'), page.indexOf('</main>')).replace(/<form[\s\S]*?<\/form>/g, '').replace(/<details[\s\S]*?<\/details>/g, ''));
  return {
    port: new LocalChatPort(localConversationsIn(store), new ManualClock()),
    channel: 'payments', person: 'alice',
    seen: async (conversation) => {
      const rows = await localConversation(store.db, conversation);
      return rows.filter((r) => r.thread_of === null).map((top) => ({
        text: main(draw(conversation, [top])),
        replies: rows.filter((r) => r.thread_of === top.id).map((r) => main(draw(conversation, [{ ...r, thread_of: null }]))),
      }));
    },
    markup: async (conversation) => draw(conversation, await localConversation(store.db, conversation)),
    close: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); },
  };
}

async function teamsPlatform(): Promise<Platform> {
  const dir = mkdtempSync(join(tmpdir(), 'countersign-contract-'));
  const store: Store = openStore(`sqlite:${join(dir, 'c.db')}`, dir);
  await migrateToLatest(store.db, store.flavor);
  const identity = await startFakeBotIdentity({ appId: TEAMS.appId, appPassword: TEAMS.appPassword, tenantId: TEAMS.tenantId });
  const connector = await startFakeTeams();
  const bot = createBotFramework({
    appId: TEAMS.appId, appPassword: TEAMS.appPassword, tenantId: TEAMS.tenantId, appType: 'SingleTenant', fetch: identity.loginFetch,
    auth: { openidMetadataUrl: identity.openidMetadataUrl, tokenIssuer: 'https://api.botframework.com', loginUrl: LOGIN_ORIGIN, oauthScope: 'https://api.botframework.com' },
  });
  const state = adapterStateFor(store, 'teams', new ManualClock());
  // What the install of the app in the team told the adapter: the channel, and alice.
  const place = { tenantId: TEAMS.tenantId, serviceUrl: connector.serviceUrl };
  await state.put(KEYS.channel(TEAMS.channel), { ...place, teamId: TEAMS.teamId });
  await state.put(KEYS.user('alice-aad'), { ...place, userId: '29:alice' });
  const textOfMessage = (m: { activity: any }) => cardText(m.activity.attachments?.[0]?.content) || String(m.activity.text ?? '');
  const conversationOf = (c: string) => (c === 'alice-aad' ? 'a:personal-29:alice' : c);
  return {
    port: new TeamsChatPort(bot, state, async () => ['29:alice'], { intervalMs: 0 }),
    channel: TEAMS.channel, person: 'alice-aad',
    seen: async (conversation) => {
      const c = conversationOf(conversation);
      if (c.startsWith('a:')) return connector.messages.filter((m) => m.conversationId === c).map((m) => ({ text: textOfMessage(m), replies: [] }));
      const roots = connector.messages.filter((m) => m.conversationId === `${c};messageid=${m.id}`);
      return roots.map((r) => ({ text: textOfMessage(r), replies: connector.messages.filter((m) => m.conversationId === r.conversationId && m !== r).map(textOfMessage) }));
    },
    markup: async (conversation) => JSON.stringify(connector.messages.filter((m) => m.conversationId.startsWith(conversationOf(conversation)))),
    close: async () => { await connector.close(); await identity.close(); await store.close(); rmSync(dir, { recursive: true, force: true }); },
  };
}

/**
 * The chat port's contract, run against every adapter: what a person sees after each
 * call, a retried post that does not post twice, and user text that stays text.
 */
describe.each([['Slack', slackPlatform], ['the local playground', localPlatform], ['Microsoft Teams', teamsPlatform]] as const)('the chat port contract: %s', (_, make) => {
  let p: Platform;
  beforeAll(async () => { p = await make(); });
  afterAll(async () => { await p.close(); });

  it('posts a review request that names the change, its evidence and who may sign', async () => {
    await p.port.postReviewRequest(p.channel, view(), { key: 'review_request:1:payments', retrying: false });
    const [request] = await p.seen(p.channel);
    expect(request!.text).toContain('acme/api#42');
    expect(request!.text).toContain('Claude Code');
    expect(request!.text).toMatch(/alice, bob/);
    expect(request!.text).toContain('Awaiting sign-off');
    // Times in the owning team's zone, with the zone: 09:00 UTC is 10:00 in Berlin.
    expect(request!.text).toContain('requested 2026-11-23 10:00 CET');
  });

  it('finds its own post on a retry instead of posting twice', async () => {
    const first = await p.port.postReviewRequest(p.channel, view(), { key: 'review_request:1:payments', retrying: true });
    const again = await p.port.postReviewRequest(p.channel, view(), { key: 'review_request:1:payments', retrying: true });
    expect(again).toEqual(first);
    expect(await p.seen(p.channel)).toHaveLength(1);
  });

  it('updates the request in place, and threads notices under it', async () => {
    const ref = await p.port.postReviewRequest(p.channel, view(), { key: 'review_request:1:payments', retrying: true });
    await p.port.updateReviewRequest(ref, view({ status: 'signed_off', approvals: [{ reviewer: 'alice', at: '2026-11-23T09:30:00Z' }] }));
    await p.port.replyInThread(ref, notice, { key: 'notice:1:approved', retrying: false });
    const seen = await p.seen(p.channel);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.text).toContain('Signed off');
    expect(seen[0]!.text).toMatch(/Signed by:?\*?\s+alice at 2026-11-23 10:30 CET/);
    expect(seen[0]!.replies).toHaveLength(1);
    expect(seen[0]!.replies[0]).toContain('alice signed off');
  });

  it('sends a direct message to the person, and a digest to the channel', async () => {
    await p.port.sendDirect(p.person, alert, { key: 'assigned:1:alice', retrying: false });
    await p.port.postDigest(p.channel, digest, { key: 'digest:payments:2026-11-23', retrying: false });
    const dm = await p.seen(p.person === 'alice' ? '@alice' : p.person);
    expect(dm).toHaveLength(1);
    expect(dm[0]!.text).toContain('You are asked to sign off');
    const channel = await p.seen(p.channel);
    expect(channel.at(-1)!.text).toMatch(/digest[\s\S]*payments/i);
  });

  it('keeps user text inert: no mention, no markup reaches the platform', async () => {
    const markup = await p.markup(p.channel);
    expect(markup).toContain('acme/api#42');
    expect(markup).not.toContain('<!channel>');
    expect(markup).not.toContain('<!here>');
    expect(markup).not.toContain('<img');
  });

  it('lists the day\'s reverts and the quality table in the digest, with the time the form was open beside the lines', async () => {
    const change = { changeId: 3, repo: 'acme/api', number: 43, title: HOSTILE, url: view().url, author: 'dana', riskTier: 'high' as const, additions: 650, deletions: 50, requestedAt: '2026-11-23T08:00:00Z', assignee: null, approvals: [], status: 'merged' };
    await p.port.postDigest(p.channel, {
      ...digest, date: '2026-11-24', empty: false,
      traced: [{ change, kind: 'reverted', reference: `acme/api#44 ${HOSTILE}`, by: 'dana', at: '2026-11-24T07:00:00Z', signers: ['alice'], overriddenBy: null, mergedWithoutSignoff: false }],
      quality: { days: 7, byTeam: [], bySenior: [{ name: 'alice', signed: 1, lines: 700, formSeconds: 40, timedSignoffs: 1, reverted: 1, incidents: 0 }], byTool: [] },
    }, { key: 'digest:payments:2026-11-24', retrying: false });
    const text = (await p.seen(p.channel)).at(-1)!.text;
    expect(text).toContain('Reverted or linked to an incident (1)');
    expect(text).toContain('reverted by dana in acme/api#44');
    expect(text).toContain('had been signed off by alice');
    expect(text).toContain('not a blame board');
    expect(text).toContain('alice: 1 signed · 700 lines · form open 40s over 1 sign-off · 1 reverted · 0 incidents');
    const markup = await p.markup(p.channel);
    expect(markup).not.toContain('<!channel>');
    expect(markup).not.toContain('<img');
  });

  it('says beside the evidence what detection did not read', async () => {
    const notRead = ['the pull request body after 65,536 characters', 'commits after the first 250'];
    await p.port.postReviewRequest(p.channel, view({ changeId: 2, notRead }), { key: 'review_request:2:payments', retrying: false });
    const posted = (await p.seen(p.channel)).at(-1)!;
    expect(posted.text).toContain('Not read for AI markers: the pull request body after 65,536 characters; commits after the first 250.');
  });
});
