/**
 * A stand-in for the Bot Framework connector Teams gives a bot (its `serviceUrl`), on a
 * real socket. It answers the REST calls botbuilder makes, checks the bot's bearer
 * token, records every call, keeps each conversation's messages (updates replace them)
 * and can be told to fail:
 *
 *   POST /v3/conversations                          new channel thread or personal chat (201)
 *   POST /v3/conversations/:id/activities[/:reply]  a message (200 {id})
 *   PUT  /v3/conversations/:id/activities/:id       an edit
 *   GET  /v3/conversations/:id/members/:user        one member (email, UPN, aadObjectId)
 *   GET  /v3/conversations/:id/pagedmembers         everyone (one page)
 *   GET  /v3/teams/:id/conversations                the team's channels (General first)
 *
 * Conversation ids arrive URL-encoded (`19%3A…`): each path segment is decoded.
 * A personal chat with a user listed in `blockedUsers` answers 403 MessageWritesBlocked,
 * as Teams does when the user has not installed (or has blocked) the app.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TeamsCall {
  method: string;
  path: string;
  parts: string[];
  auth: string | undefined;
  body: any;
}

export interface PostedActivity {
  id: string;
  conversationId: string;
  activity: any;
  /** How many times it was edited. */
  edits: number;
}

export interface FakeTeamsMember {
  id: string;
  name: string;
  aadObjectId: string;
  email?: string;
  userPrincipalName?: string;
  tenantId?: string;
}

export interface Failure {
  status: number;
  retryAfterSeconds?: number;
  /** Deliver the message, then drop the connection before answering (a lost answer). */
  loseAnswer?: boolean;
}

export interface FakeTeams {
  serviceUrl: string;
  calls: TeamsCall[];
  /** Every message, in order; edits update them in place. */
  messages: PostedActivity[];
  members: FakeTeamsMember[];
  blockedUsers: Set<string>;
  /** The next writes (POST/PUT) fail like this, one failure each. */
  failNext(...failures: Failure[]): void;
  /** Messages in one conversation (a channel thread includes its root). */
  inConversation(conversationId: string): PostedActivity[];
  close(): Promise<void>;
}

export async function startFakeTeams(options: { bearerPrefix?: string; members?: FakeTeamsMember[]; channels?: { id: string; name: string }[] } = {}): Promise<FakeTeams> {
  const calls: TeamsCall[] = [];
  const messages: PostedActivity[] = [];
  const failures: Failure[] = [];
  const blockedUsers = new Set<string>();
  const members = options.members ?? [];
  const channels = options.channels ?? [];
  const personalChats = new Map<string, string>();
  let seq = 1_800_000_000_000;

  const server = createServer((req, res) => void handle(req, res));
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://fake');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    let body: any;
    try { body = raw ? JSON.parse(raw) : undefined; } catch { body = raw; }
    calls.push({ method: req.method ?? '', path: url.pathname, parts, auth: req.headers.authorization, body });
    const json = (status: number, value?: unknown, headers: Record<string, string> = {}): void => void
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(value === undefined ? '' : JSON.stringify(value));
    if (!req.headers.authorization?.startsWith(`Bearer ${options.bearerPrefix ?? 'bot-token-'}`)) return json(401, { error: { code: 'Unauthorized', message: 'bad token' } });
    const write = req.method === 'POST' || req.method === 'PUT';
    const failure = write ? failures.shift() : undefined;
    if (failure && !failure.loseAnswer) {
      return json(failure.status, { error: { code: failure.status === 429 ? 'Throttled' : 'ServiceError', message: `injected ${failure.status}` } },
        failure.retryAfterSeconds !== undefined ? { 'retry-after': String(failure.retryAfterSeconds) } : {});
    }
    const answer = (status: number, value: unknown) => (failure?.loseAnswer ? void req.socket.destroy() : json(status, value));
    const [v3, kind, conversationId, sub, subId] = parts;
    if (v3 === 'v3' && kind === 'teams' && sub === 'conversations' && req.method === 'GET') {
      return json(200, { conversations: [{ id: conversationId, name: null }, ...channels.map((c) => ({ id: c.id, name: c.name }))] });
    }
    if (v3 !== 'v3' || kind !== 'conversations') return json(404, { error: { code: 'NotFound', message: url.pathname } });
    if (!conversationId && req.method === 'POST') {
      const channelId = body?.channelData?.channel?.id;
      if (body?.isGroup && channelId) {
        const id = String(seq++);
        const conv = `${channelId};messageid=${id}`;
        messages.push({ id, conversationId: conv, activity: body.activity, edits: 0 });
        return answer(201, { id: conv, activityId: id });
      }
      const user = body?.members?.[0]?.id ?? 'unknown';
      const conv = personalChats.get(user) ?? `a:personal-${user}`;
      personalChats.set(user, conv);
      return answer(201, { id: conv });
    }
    if (conversationId && sub === 'activities' && req.method === 'POST') {
      const user = [...personalChats].find(([, c]) => c === conversationId)?.[0];
      if (user && blockedUsers.has(user)) {
        return json(403, { errorCode: 209, message: '{"subCode":"MessageWritesBlocked","details":"Thread is blocked from message writes."}' });
      }
      const id = String(seq++);
      messages.push({ id, conversationId, activity: body, edits: 0 });
      return answer(200, { id });
    }
    if (conversationId && sub === 'activities' && subId && req.method === 'PUT') {
      const root = conversationId.split(';messageid=')[0]!;
      const posted = messages.find((m) => m.id === subId && m.conversationId.split(';messageid=')[0] === root);
      if (!posted) return json(404, { error: { code: 'ActivityNotFoundInConversation', message: subId } });
      posted.activity = body;
      posted.edits++;
      return answer(200, { id: subId });
    }
    if (conversationId && sub === 'pagedmembers' && req.method === 'GET') return json(200, { members });
    if (conversationId && sub === 'members' && subId && req.method === 'GET') {
      const m = members.find((x) => x.id === subId || x.aadObjectId === subId);
      return m ? json(200, m) : json(404, { error: { code: 'MemberNotFoundInConversation', message: 'not found' } });
    }
    json(404, { error: { code: 'NotFound', message: `${req.method} ${url.pathname}` } });
  }
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    serviceUrl: `http://127.0.0.1:${port}/`,
    calls, messages, members, blockedUsers,
    failNext: (...f) => { failures.push(...f); },
    inConversation: (id) => messages.filter((m) => m.conversationId === id),
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
