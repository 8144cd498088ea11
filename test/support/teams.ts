/**
 * Teams for end-to-end tests: the service configured as an operator would (the Bot
 * Framework's variables, the auth endpoints pointed at the local identity stand-in),
 * and activities shaped as the Bot Connector sends them, signed as it signs them.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startTestApp, type ManualClock, type TestApp } from './app.js';
import { startFakeGitHub, type FakeGitHub } from './fake-github.js';
import { githubAppEnv } from './github-app.js';
import { LOGIN_ORIGIN, startFakeBotIdentity, type FakeBotIdentity } from './fake-bot-identity.js';
import { startFakeTeams, type FakeTeams, type FakeTeamsMember } from './fake-teams.js';

export const TEAMS = {
  appId: '00000000-0000-4000-8000-0000000000a1',
  appPassword: 'test-bot-secret',
  tenantId: '11111111-2222-4333-8444-555555555555',
  teamId: '19:team-platform@thread.tacv2',
  channel: '19:reviews@thread.tacv2',
} as const;

export interface TeamsUser {
  id: string;
  name: string;
  aadObjectId: string;
}

export const SENIOR: TeamsUser = { id: '29:senior-sam', name: 'Sam Senior', aadObjectId: 'aaaaaaaa-0000-4000-8000-00000000005a' };
export const AUTHOR: TeamsUser = { id: '29:author-ada', name: 'Ada Author', aadObjectId: 'aaaaaaaa-0000-4000-8000-0000000000ad' };

export interface TeamsTestApp extends TestApp {
  identity: FakeBotIdentity;
  connector: FakeTeams;
  /** POST an activity to /api/messages with a valid channel token (or the given Authorization header). */
  send(activity: object, authorization?: string | null): Promise<{ status: number; body: any }>;
}

/** One team in the Teams channel with a senior (sam) and the pull requests' author, both known by their object ids. */
export const TEAMS_CONFIG = `
teams:
  - name: platform
    channels: { teams: '${TEAMS.channel}' }
    seniors: [sam]
    leads: [lead]
ownership: { fallback_team: platform }
people:
  - { github: sam, teams: ${SENIOR.aadObjectId} }
  - { github: Codertocat, teams: ${AUTHOR.aadObjectId} }
`;

/** Every attestation toggle of the default sign-off form, ticked. */
export const ALL_TICKED = { attest_0: 'true', attest_1: 'true', attest_2: 'true' };

/** One fake GitHub for the file, and a fresh Teams app per test configured from `yaml`: read `github` and `app` inside tests. */
export function teamsAppPerTest(yaml: string): { readonly github: FakeGitHub; readonly app: TeamsTestApp } {
  const env = {} as { github: FakeGitHub; app: TeamsTestApp };
  beforeAll(async () => { env.github = await startFakeGitHub(); });
  afterAll(async () => { await env.github.close(); });
  beforeEach(async () => { env.app = await startTeamsApp(yaml, { appEnv: githubAppEnv(env.github) }); });
  afterEach(async () => { await env.app.close(); });
  return env;
}

/** The service with Teams on, its connector and login hosts local stand-ins. */
export async function startTeamsApp(yaml = '', options: { clock?: ManualClock; members?: FakeTeamsMember[]; env?: Record<string, string>; appEnv?: Record<string, string>; lookupByEmail?: boolean } = {}): Promise<TeamsTestApp> {
  const identity = await startFakeBotIdentity({ appId: TEAMS.appId, appPassword: TEAMS.appPassword, tenantId: TEAMS.tenantId });
  const connector = await startFakeTeams({ members: options.members ?? [SENIOR, AUTHOR].map((u) => ({ ...u, tenantId: TEAMS.tenantId })), channels: [{ id: TEAMS.channel, name: 'Reviews' }] });
  const auth = `microsoft_teams:\n  channel_interval_ms: 0\n  lookup_by_email: ${options.lookupByEmail ?? false}\n  auth:\n    openid_metadata_url: ${identity.openidMetadataUrl}\n    login_url: ${LOGIN_ORIGIN}\n`;
  const app = await startTestApp(`${auth}${yaml}`, {
    MicrosoftAppId: TEAMS.appId, MicrosoftAppPassword: TEAMS.appPassword, MicrosoftAppTenantId: TEAMS.tenantId, ...options.appEnv, ...options.env,
  }, { teamsFetch: identity.loginFetch, ...(options.clock ? { clock: options.clock } : {}) });
  const send = async (activity: object, authorization?: string | null) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const auth = authorization === undefined ? `Bearer ${identity.channelToken(connector.serviceUrl)}` : authorization;
    if (auth !== null) headers.authorization = auth;
    const r = await fetch(`${app.url}/api/messages`, { method: 'POST', headers, body: JSON.stringify(activity) });
    const text = await r.text();
    let body: any = text;
    try { body = text ? JSON.parse(text) : undefined; } catch { /* not JSON */ }
    return { status: r.status, body };
  };
  return {
    ...app, identity, connector, send,
    close: async () => { await app.close(); await connector.close(); await identity.close(); },
  };
}

function base(serviceUrl: string, conversationId: string, conversationType: 'channel' | 'personal') {
  return {
    channelId: 'msteams', serviceUrl, locale: 'en-US', timestamp: new Date().toISOString(),
    recipient: { id: `28:${TEAMS.appId}`, name: 'Countersign' },
    conversation: { id: conversationId, conversationType, tenantId: TEAMS.tenantId, ...(conversationType === 'channel' ? { isGroup: true } : {}) },
    channelData: { tenant: { id: TEAMS.tenantId }, ...(conversationType === 'channel' ? { team: { id: TEAMS.teamId }, channel: { id: TEAMS.channel } } : {}) },
  };
}

/** "@Countersign <text>" in the reviews channel (or, with `personal`, plain text in the bot's personal chat). */
export function mentionMessage(serviceUrl: string, text: string, from: TeamsUser, options: { personal?: boolean } = {}) {
  if (options.personal) {
    return { ...base(serviceUrl, `a:personal-${from.id}`, 'personal'), type: 'message', id: randomUUID(), from, text, textFormat: 'plain' };
  }
  return {
    ...base(serviceUrl, `${TEAMS.channel};messageid=1700000000001`, 'channel'), type: 'message', id: randomUUID(), from,
    text: `<at>Countersign</at> ${text}`, textFormat: 'plain',
    entities: [{ type: 'mention', text: '<at>Countersign</at>', mentioned: { id: `28:${TEAMS.appId}`, name: 'Countersign' } }],
  };
}

/** What Teams sends when `from` presses an Action.Execute button on the card message `cardMessageId`. */
export function executeInvoke(serviceUrl: string, conversationId: string, cardMessageId: string, verb: string, data: object, from: TeamsUser, trigger: 'manual' | 'automatic' = 'manual') {
  return {
    ...base(serviceUrl, conversationId, 'channel'), type: 'invoke', name: 'adaptiveCard/action', id: `f:${randomUUID()}`,
    from, replyToId: cardMessageId, value: { action: { type: 'Action.Execute', id: '', verb, data }, trigger },
  };
}

/** What Teams sends when the app is added to the team (the bot joins it). */
export function installedInTeam(serviceUrl: string, by: TeamsUser = SENIOR) {
  return {
    ...base(serviceUrl, TEAMS.teamId, 'channel'), type: 'conversationUpdate', id: randomUUID(), from: by,
    channelData: { tenant: { id: TEAMS.tenantId }, team: { id: TEAMS.teamId, name: 'Platform' }, eventType: 'teamMemberAdded' },
    membersAdded: [{ id: `28:${TEAMS.appId}` }],
  };
}
