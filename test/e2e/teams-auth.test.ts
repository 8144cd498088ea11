import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newSigningKey, signJwt, channelClaims } from '../support/fake-bot-identity.js';
import { AUTHOR, mentionMessage, SENIOR, startTeamsApp, TEAMS, type TeamsTestApp } from '../support/teams.js';

const CONFIG = `
teams:
  - name: platform
    channels: { teams: '${TEAMS.channel}' }
    seniors: [sam]
people:
  - { github: sam, teams: ${SENIOR.aadObjectId} }
  - { github: ada, teams: ${AUTHOR.aadObjectId} }
`;

/**
 * POST /api/messages authenticates every request as the Bot Framework requires, with
 * authentication on, against the local identity stand-in: a request whose token does
 * not hold up is a 401, whatever is wrong with it, and nothing of it runs.
 */
describe('Teams: inbound authentication', () => {
  let app: TeamsTestApp;
  beforeAll(async () => { app = await startTeamsApp(CONFIG); });
  afterAll(async () => { await app?.close(); });

  const auditCount = async () => Number((await sql<{ n: number }>`select cast(count(*) as integer) as n from audit_events`.execute(app.ctx.store.db)).rows[0]!.n);
  // A command that writes when it runs: Sam declares an absence.
  const writing = () => mentionMessage(app.connector.serviceUrl, 'away until 2026-12-31', SENIOR);

  it('answers a correctly signed command, replying with the bot\'s own token from the login host', async () => {
    const r = await app.send(mentionMessage(app.connector.serviceUrl, 'help', AUTHOR));
    expect(r.status).toBe(200);
    const reply = app.connector.calls.at(-1)!;
    expect(reply.method).toBe('POST');
    expect(reply.parts.slice(0, 3)).toEqual(['v3', 'conversations', `${TEAMS.channel};messageid=1700000000001`]);
    expect(reply.auth).toMatch(/^Bearer bot-token-\d+$/);
    expect(JSON.stringify(reply.body.attachments[0].content)).toContain('pending [team|owner/repo]');
    const grant = new URLSearchParams(app.identity.requests.find((q) => q.path.endsWith('/oauth2/v2.0/token'))!.body);
    expect(grant.get('grant_type')).toBe('client_credentials');
    expect(grant.get('client_id')).toBe(TEAMS.appId);
    expect(grant.get('scope')).toBe('https://api.botframework.com/.default');
  });

  const now = () => Math.floor(Date.now() / 1000);
  const claims = (over: Record<string, unknown> = {}) => ({ ...channelClaims(TEAMS.appId, app.connector.serviceUrl), ...over });
  const refused: [string, () => string | null][] = [
    ['missing', () => null],
    ['not a JWT', () => 'Bearer abc.def'],
    ['forged (the right key id, another key)', () => `Bearer ${signJwt(claims(), newSigningKey(app.identity.key.kid))}`],
    ['signed by an unknown key', () => `Bearer ${signJwt(claims(), newSigningKey())}`],
    ['expired ten minutes ago', () => `Bearer ${signJwt(claims({ exp: now() - 600 }), app.identity.key)}`],
    ['for another bot (wrong audience)', () => `Bearer ${signJwt(claims({ aud: '99999999-0000-4000-8000-000000000000' }), app.identity.key)}`],
    ['from another issuer', () => `Bearer ${signJwt(claims({ iss: 'https://evil.example' }), app.identity.key)}`],
    ['issued for another service URL', () => `Bearer ${signJwt(claims({ serviceurl: 'https://smba.trafficmanager.net/emea/' }), app.identity.key)}`],
  ];
  it.each(refused)('refuses a token that is %s with 401 and runs nothing', async (_name, token) => {
    const calls = app.connector.calls.length;
    const audits = await auditCount();
    const r = await app.send(writing(), token());
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ error: { code: 'unauthorized', message: 'the Bot Framework token was missing or invalid' } });
    expect(app.connector.calls.length).toBe(calls);
    expect(await auditCount()).toBe(audits);
  });

  it('the same command with a good token does write (so the refusals above prove something)', async () => {
    const audits = await auditCount();
    expect((await app.send(writing())).status).toBe(200);
    expect(await auditCount()).toBeGreaterThan(audits);
  });

  it('refuses what is not an activity before looking at the token', async () => {
    const post = (body: string) => fetch(`${app.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect((await post('{not json')).status).toBe(400);
    expect((await post('[1,2]')).status).toBe(400);
    expect((await post(JSON.stringify({ text: 'no type' }))).status).toBe(400);
    expect((await post(JSON.stringify({ type: 'message', text: 'x'.repeat(300_000) }))).status).toBe(413);
    expect((await fetch(`${app.url}/api/messages`)).status).toBe(405);
  });
});
