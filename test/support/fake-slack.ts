/**
 * A stand-in for Slack's Web API on a real socket, for end-to-end tests: point a real
 * `WebClient` (or Bolt's `clientOptions`) at `apiUrl` (`${url}/api/`). It parses bodies as
 * web-api 8 sends them (form-encoded, nested objects as JSON strings; JSON bodies too),
 * checks the bot token, records every call, keeps the channels' messages and the views,
 * and can be told to fail. Answers follow Slack's: HTTP 200 with `{ ok: false, error }` for
 * API errors, 429 + `Retry-After` for rate limits.
 *
 *   POST /api/auth.test, chat.postMessage|update|delete|postEphemeral, views.open|push|update|publish,
 *        users.info, users.lookupByEmail, conversations.info|open      (GET with a query works too)
 *   POST /response/:id      a `response_url`, recorded for `respond()` assertions (see `responseUrl()`)
 *
 * Unregistered channels exist and the bot is a member, so tests register only the odd ones.
 * A reply whose `thread_ts` names no message is accepted but shown nowhere, as Slack does
 * (https://github.com/slackapi/python-slack-sdk/issues/840).
 */
import { randomBytes } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** IDs the fake answers `auth.test` with; the request builders use the same ones. */
export const SLACK_DEFAULTS = {
  token: 'xoxb-test',
  teamId: 'T0TEST0001',
  teamDomain: 'countersign-test',
  teamName: 'Countersign Test',
  appId: 'A0TEST0001',
  botId: 'B0TEST0001',
  botUserId: 'U0BOT00001',
  botName: 'countersign',
} as const;

export interface SlackCall {
  method: string;
  /** Form fields or JSON body (plus the query); `blocks`, `view`, `metadata`, … decoded to objects. */
  args: Record<string, any>;
  headers: IncomingHttpHeaders;
  /** `Date.now()` when the request arrived. */
  at: number;
}

/** A POST to a `response_url` (what Bolt's `respond()` sends: JSON). */
export interface ResponseUrlPost {
  id: string;
  body: any;
  headers: IncomingHttpHeaders;
  at: number;
}

export interface FakeSlackUser {
  id: string;
  name: string;
  email?: string;
  realName?: string;
  isBot?: boolean;
}

export interface FakeSlackChannel {
  id: string;
  name?: string;
  isPrivate?: boolean;
  /** Whether the bot is in it (default true). Posting to a public channel without it: `not_in_channel`. */
  member?: boolean;
  /** Deleted or never visible to the bot: `channel_not_found`. */
  missing?: boolean;
}

export interface FakeMessage {
  type: 'message';
  channel: string;
  ts: string;
  text: string;
  blocks?: any[];
  attachments?: any[];
  metadata?: any;
  user: string;
  bot_id: string;
  app_id: string;
  team: string;
  thread_ts?: string;
  parent_user_id?: string;
  reply_broadcast?: boolean;
  edited?: { user: string; ts: string };
  /** Parents only: the thread, oldest first (empty when none). */
  replies?: FakeMessage[];
  reply_count?: number;
}

export interface FakeEphemeral {
  channel: string;
  user: string;
  message_ts: string;
  text: string;
  blocks?: any[];
  thread_ts?: string;
}

/** A view as Slack returns it: the app's view plus id, hash, state and friends. */
export type FakeView = Record<string, any> & { id: string; type: string; hash: string };

export type SlackFailure =
  /** HTTP `status` (429 gets `Retry-After: retryAfter` and `{ ok:false, error:'ratelimited' }`). */
  | { status: number; retryAfter?: number; body?: unknown }
  /** No answer until `close()`: for client timeouts. With `applied`, Slack did the work and only the answer is lost. */
  | { hang: true; applied?: boolean }
  /** HTTP 200 `{ ok: false, error, ...fields }`. */
  | { error: string; fields?: Record<string, unknown> };

export interface FakeSlack {
  readonly url: string;
  /** `${url}/api/`: the `slackApiUrl` for WebClient / Bolt's `clientOptions`. */
  readonly apiUrl: string;
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly appId: string;
  addUser(user: FakeSlackUser): void;
  addChannel(channel: FakeSlackChannel): void;
  /** `views.open`/`views.push` with this trigger get `expired_trigger_id`. */
  expireTrigger(triggerId: string): void;
  /** The next `times` calls of `method` (`'*'`: any; `'response_url'`: response URL posts) get `failure`. */
  failNext(method: string, failure: SlackFailure, times?: number): void;
  /** Every API call in arrival order, or those of one method. */
  calls(method?: string): SlackCall[];
  /** What a user sees in `channel` (an id, or a user id for the bot's DM): top-level messages with their threads. */
  messages(channel: string): FakeMessage[];
  /** One message (top-level or reply) as it is now. */
  message(channel: string, ts: string): FakeMessage | undefined;
  ephemerals(channel?: string): FakeEphemeral[];
  /** Modals opened or pushed (as last updated), oldest first. */
  views(): FakeView[];
  view(id: string): FakeView | undefined;
  /** The App Home a user was last published. */
  home(userId: string): FakeView | undefined;
  /** A `response_url` on this server (a fresh id unless given). */
  responseUrl(id?: string): string;
  responses(id?: string): ResponseUrlPost[];
  close(): Promise<void>;
}

type Result = Record<string, unknown>;
type Handler = (args: Record<string, any>) => Result;

/** Fields web-api 8 JSON-encodes in a form body (any non-primitive argument). */
const JSON_FIELDS = new Set(['blocks', 'attachments', 'view', 'metadata', 'unfurls', 'user_auth_blocks', 'options']);
const TS_PATTERN = /^\d+\.\d+$/;

export async function startFakeSlack(options: { tokens?: string[] } = {}): Promise<FakeSlack> {
  const d = SLACK_DEFAULTS;
  const record: SlackCall[] = [];
  const posts: ResponseUrlPost[] = [];
  const failures: { method: string; failure: SlackFailure; left: number }[] = [];
  const users = new Map<string, FakeSlackUser>();
  const channels = new Map<string, FakeSlackChannel>();
  const store = new Map<string, Map<string, FakeMessage>>(); // channel → ts → message (insertion order)
  const ephemeral: FakeEphemeral[] = [];
  const modals = new Map<string, FakeView>();
  const homes = new Map<string, string>(); // user → view id
  const expired = new Set<string>();
  const exchanged = new Set<string>();
  // Message timestamps are the wall-clock time of posting, as Slack's are, kept unique and increasing.
  let lastMicros = 0;
  const nextTs = () => {
    const micros = Math.max(Date.now() * 1000, lastMicros + 100);
    lastMicros = micros;
    return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
  };
  let viewCount = 0;
  const hash = () => `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`;

  const fail = (error: string, fields: Result = {}): Result => ({ ok: false, error, ...fields });
  class SlackError extends Error {}
  const raise = (error: string): never => {
    throw new SlackError(error);
  };

  /** A channel the bot may post to, by id, `#name`, or user id (the bot's DM with them). */
  function writable(arg: unknown, allowUserId = true): string {
    const ref = typeof arg === 'string' ? arg : '';
    if (allowUserId && /^[UW][A-Z0-9]+$/.test(ref)) return dmOf(ref);
    const c = ref.startsWith('#') ? [...channels.values()].find((x) => x.name === ref.slice(1)) : channels.get(ref);
    if (!ref || (ref.startsWith('#') && !c) || c?.missing) raise('channel_not_found');
    if (c && c.member === false) raise(c.isPrivate ? 'channel_not_found' : 'not_in_channel');
    return c?.id ?? ref;
  }
  const dmOf = (userId: string) => `D${userId.slice(1)}`;
  const messagesOf = (channel: string) => {
    let m = store.get(channel);
    if (!m) store.set(channel, (m = new Map()));
    return m;
  };
  const resolve = (channel: string) => (/^[UW]/.test(channel) ? dmOf(channel) : channel);

  function makeView(view: unknown, base: Partial<FakeView> = {}): FakeView {
    if (!view || typeof view !== 'object' || !('type' in view)) raise('invalid_arguments');
    const id = base.id ?? `V${String(++viewCount).padStart(9, '0')}`;
    return {
      team_id: d.teamId, blocks: [], private_metadata: '', callback_id: '', external_id: '',
      title: null, close: null, submit: null, clear_on_close: false, notify_on_close: false,
      previous_view_id: null, root_view_id: id, app_id: d.appId, app_installed_team_id: d.teamId, bot_id: d.botId,
      ...base, ...(view as Result), id, hash: hash(), state: { values: {} },
    } as FakeView;
  }
  function takeTrigger(trigger: unknown): void {
    if (typeof trigger !== 'string' || !trigger) raise('invalid_arguments');
    if (expired.has(trigger as string)) raise('expired_trigger_id');
    if (exchanged.has(trigger as string)) raise('exchanged_trigger_id');
    exchanged.add(trigger as string);
  }
  function findView(args: Record<string, any>): FakeView {
    const all = [...modals.values(), ...[...homes.values()].map((id) => modals.get(id)!)];
    const view = args.view_id ? modals.get(String(args.view_id)) : all.find((v) => args.external_id && v.external_id === args.external_id);
    if (!view) return raise('not_found');
    if (args.hash && args.hash !== view.hash) raise('hash_conflict');
    return view;
  }
  const userJson = (u: FakeSlackUser) => ({
    id: u.id, team_id: d.teamId, name: u.name, deleted: false, real_name: u.realName ?? u.name,
    is_bot: u.isBot ?? false, is_admin: false, is_app_user: false, tz: 'Europe/London',
    profile: { real_name: u.realName ?? u.name, display_name: u.name, ...(u.email ? { email: u.email } : {}) },
  });

  const handlers: Record<string, Handler> = {
    'auth.test': () => ({
      ok: true, url: `https://${d.teamDomain}.slack.com/`, team: d.teamName, user: d.botName,
      team_id: d.teamId, user_id: d.botUserId, bot_id: d.botId, is_enterprise_install: false,
    }),
    'chat.postMessage': (args) => {
      const channel = writable(args.channel);
      if (!args.text && !args.blocks && !args.attachments) raise('no_text');
      const thread = args.thread_ts ? String(args.thread_ts) : undefined;
      if (thread !== undefined && !TS_PATTERN.test(thread)) raise('invalid_thread_ts');
      const ts = nextTs();
      const parent = thread ? messagesOf(channel).get(thread) : undefined;
      const message: FakeMessage = {
        type: 'message', channel, ts, text: String(args.text ?? ''), user: d.botUserId, bot_id: d.botId, app_id: d.appId, team: d.teamId,
        ...(args.blocks ? { blocks: args.blocks } : {}),
        ...(args.attachments ? { attachments: args.attachments } : {}),
        ...(args.metadata ? { metadata: args.metadata } : {}),
        ...(thread ? { thread_ts: thread, parent_user_id: parent?.user ?? d.botUserId } : {}),
        ...(thread && String(args.reply_broadcast) === 'true' ? { reply_broadcast: true } : {}),
      };
      messagesOf(channel).set(ts, message);
      return { ok: true, channel, ts, message: strip(message) };
    },
    'chat.update': (args) => {
      const channel = writable(args.channel, false);
      const message = messagesOf(channel).get(String(args.ts ?? '')) ?? raise('message_not_found');
      // Fields left out are kept (Slack's docs: "If you don't include this field, the message's previous blocks will be retained").
      if ('text' in args) message.text = String(args.text);
      for (const key of ['blocks', 'attachments', 'metadata'] as const) if (key in args) message[key] = args[key];
      message.edited = { user: d.botUserId, ts: nextTs() };
      return { ok: true, channel, ts: message.ts, text: message.text, message: strip(message) };
    },
    'chat.delete': (args) => {
      const channel = writable(args.channel, false);
      if (!messagesOf(channel).delete(String(args.ts ?? ''))) raise('message_not_found');
      return { ok: true, channel, ts: args.ts };
    },
    'chat.postEphemeral': (args) => {
      const channel = writable(args.channel, false);
      if (!args.user) raise('user_not_in_channel');
      if (!args.text && !args.blocks && !args.attachments) raise('no_text');
      const message_ts = nextTs();
      ephemeral.push({
        channel, user: String(args.user), message_ts, text: String(args.text ?? ''),
        ...(args.blocks ? { blocks: args.blocks } : {}), ...(args.thread_ts ? { thread_ts: String(args.thread_ts) } : {}),
      });
      return { ok: true, message_ts };
    },
    'views.open': (args) => {
      const view = makeView(args.view);
      takeTrigger(args.trigger_id);
      modals.set(view.id, view);
      return { ok: true, view };
    },
    'views.push': (args) => {
      const view = makeView(args.view);
      takeTrigger(args.trigger_id);
      const previous = fake.views().pop();
      view.previous_view_id = previous?.id ?? null;
      view.root_view_id = previous?.root_view_id ?? view.id;
      modals.set(view.id, view);
      return { ok: true, view };
    },
    'views.update': (args) => {
      const old = findView(args);
      const view = makeView(args.view, { id: old.id, previous_view_id: old.previous_view_id, root_view_id: old.root_view_id });
      modals.set(view.id, view);
      return { ok: true, view };
    },
    'views.publish': (args) => {
      const user = String(args.user_id ?? '') || raise('invalid_arguments');
      const old = homes.has(user) ? modals.get(homes.get(user)!) : undefined;
      if (old && args.hash && args.hash !== old.hash) raise('hash_conflict');
      const view = makeView(args.view, old ? { id: old.id } : {});
      modals.set(view.id, view);
      homes.set(user, view.id);
      return { ok: true, view };
    },
    'users.info': (args) => {
      const user = users.get(String(args.user ?? '')) ?? raise('user_not_found');
      return { ok: true, user: userJson(user) };
    },
    'users.lookupByEmail': (args) => {
      const email = String(args.email ?? '').toLowerCase();
      const user = [...users.values()].find((u) => u.email?.toLowerCase() === email) ?? raise('users_not_found');
      return { ok: true, user: userJson(user) };
    },
    'conversations.history': (args) => {
      const channel = writable(args.channel, false);
      const oldest = Number(args.oldest ?? 0);
      const withMetadata = String(args.include_all_metadata) === 'true';
      const top = [...messagesOf(channel).values()].filter((m) => !m.thread_ts || m.thread_ts === m.ts).filter((m) => Number(m.ts) > oldest);
      const limit = Number(args.limit ?? 100);
      const messages = top.sort((a, b) => Number(b.ts) - Number(a.ts)).slice(0, limit).map((m) => {
        const { metadata, ...rest } = strip(m);
        return withMetadata && metadata ? { ...rest, metadata } : rest;
      });
      return { ok: true, messages, has_more: top.length > limit };
    },
    'conversations.replies': (args) => {
      const channel = writable(args.channel, false);
      const parent = messagesOf(channel).get(String(args.ts ?? '')) ?? raise('thread_not_found');
      const withMetadata = String(args.include_all_metadata) === 'true';
      const all = [parent, ...[...messagesOf(channel).values()].filter((m) => m.thread_ts === parent.ts && m.ts !== parent.ts)];
      return { ok: true, messages: all.map((m) => { const { metadata, ...rest } = strip(m); return withMetadata && metadata ? { ...rest, metadata } : rest; }), has_more: false };
    },
    'conversations.info': (args) => {
      const id = String(args.channel ?? '');
      const c = channels.get(id);
      if (!id || c?.missing || (c?.isPrivate && c.member === false)) raise('channel_not_found');
      const im = id.startsWith('D');
      return {
        ok: true,
        channel: {
          id, name: c?.name ?? id.toLowerCase(), is_channel: !im && !c?.isPrivate, is_group: false, is_im: im,
          is_private: im || (c?.isPrivate ?? false), is_archived: false, is_member: c?.member ?? true, ...(im ? { user: `U${id.slice(1)}` } : {}),
        },
      };
    },
    'conversations.open': (args) => {
      const ids = String(args.users ?? '').split(',').filter(Boolean);
      if (ids.length !== 1 && !args.channel) raise('users_list_not_supplied'); // multi-party DMs: not needed here
      return { ok: true, channel: { id: args.channel ? String(args.channel) : dmOf(ids[0]!) } };
    },
  };

  function authorized(headers: IncomingHttpHeaders, args: Record<string, any>, json: boolean): Result | null {
    const bearer = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
    const token = bearer ?? (json ? undefined : (args.token as string | undefined)); // JSON bodies must use the header
    if (!token) return fail('not_authed');
    const valid = options.tokens ? options.tokens.includes(token) : token.startsWith('xoxb-');
    return valid ? null : fail('invalid_auth');
  }

  const server = createServer((req, res) => {
    void handle(req, res).catch((e: Error) => send(res, 500, { ok: false, error: 'fake_slack_failed', detail: e.message }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', baseUrl);
    const text = await readText(req);
    const type = String(req.headers['content-type'] ?? '');
    const at = Date.now();

    const response = /^\/response\/([^/]+)$/.exec(url.pathname);
    if (response && req.method === 'POST') {
      posts.push({ id: decodeURIComponent(response[1]!), body: parseJson(text), headers: req.headers, at });
      if (injected('response_url', res)) return;
      return send(res, 200, { ok: true });
    }
    const api = /^\/api\/([\w.]+)$/.exec(url.pathname);
    if (!api) return send(res, 404, { ok: false, error: 'not_found' }); // not Slack-shaped: a test pointed somewhere wrong
    const method = api[1]!;
    const json = type.includes('json');
    const args = { ...Object.fromEntries(url.searchParams), ...parseArgs(text, json) };
    record.push({ method, args, headers: req.headers, at });
    const failure = injected(method, res);
    if (failure === 'applied') {
      try { handlers[method]?.(args); } catch { /* the caller never hears either way */ }
      return;
    }
    if (failure) return;
    const handler = handlers[method];
    if (!handler) return send(res, 200, fail('unknown_method', { req_method: method }));
    const denied = authorized(req.headers, args, json);
    if (denied) return send(res, 200, denied);
    try {
      return send(res, 200, handler(args));
    } catch (e) {
      if (e instanceof SlackError) return send(res, 200, fail(e.message));
      throw e;
    }
  }

  function injected(method: string, res: ServerResponse): boolean | 'applied' {
    const f = failures.find((x) => x.left > 0 && (x.method === method || (x.method === '*' && method !== 'response_url')));
    if (!f) return false;
    f.left--;
    const failure = f.failure;
    if ('hang' in failure) {
      // Leave `res` open: the client's timeout fires, or close() drops the socket.
      if (failure.applied) return 'applied';
    } else if ('error' in failure) {
      send(res, 200, fail(failure.error, failure.fields));
    } else if (failure.status === 429) {
      send(res, 429, failure.body ?? fail('ratelimited'), { 'retry-after': String(failure.retryAfter ?? 1) });
    } else {
      send(res, failure.status, failure.body ?? STATUS_CODES[failure.status] ?? 'Error');
    }
    return true;
  }

  let baseUrl = '';
  const threaded = (m: FakeMessage, all: Map<string, FakeMessage>): FakeMessage => {
    const replies = [...all.values()].filter((r) => r.thread_ts === m.ts && r.ts !== m.ts).map(strip);
    return replies.length ? { ...strip(m), thread_ts: m.ts, reply_count: replies.length, replies } : { ...strip(m), replies: [] };
  };
  const fake: FakeSlack = {
    get url() {
      return baseUrl;
    },
    get apiUrl() {
      return `${baseUrl}/api/`;
    },
    teamId: d.teamId,
    botUserId: d.botUserId,
    botId: d.botId,
    appId: d.appId,
    addUser: (user) => void users.set(user.id, user),
    addChannel: (channel) => void channels.set(channel.id, channel),
    expireTrigger: (id) => void expired.add(id),
    failNext(method, failure, times = 1) {
      failures.push({ method, failure, left: times });
    },
    calls: (method) => record.filter((c) => method === undefined || c.method === method),
    messages(channel) {
      const all = store.get(resolve(channel)) ?? new Map<string, FakeMessage>();
      return [...all.values()].filter((m) => !m.thread_ts || m.reply_broadcast).map((m) => structuredClone(threaded(m, all)));
    },
    message(channel, ts) {
      const all = store.get(resolve(channel));
      const m = all?.get(ts);
      return m && all ? structuredClone(m.thread_ts ? strip(m) : threaded(m, all)) : undefined;
    },
    ephemerals: (channel) => structuredClone(ephemeral.filter((e) => channel === undefined || e.channel === resolve(channel))),
    views: () => structuredClone([...modals.values()].filter((v) => ![...homes.values()].includes(v.id))),
    view: (id) => structuredClone(modals.get(id)),
    home: (userId) => structuredClone(homes.has(userId) ? modals.get(homes.get(userId)!) : undefined),
    responseUrl: (id = randomBytes(6).toString('hex')) => `${baseUrl}/response/${encodeURIComponent(id)}`,
    responses: (id) => posts.filter((p) => id === undefined || p.id === id),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections(); // fetch keeps connections alive, and hung calls never end on their own
      }),
  };

  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

/** Form fields as web-api 8 sends them (JSON fields decoded), or a JSON body as is. */
function parseArgs(text: string, json: boolean): Record<string, any> {
  if (!text) return {};
  const parsed = json ? parseJson(text) : Object.fromEntries(new URLSearchParams(text));
  const raw: Record<string, any> = parsed && typeof parsed === 'object' ? { ...parsed } : {};
  for (const key of Object.keys(raw)) {
    if (JSON_FIELDS.has(key) && typeof raw[key] === 'string') raw[key] = parseJson(raw[key] as string) ?? raw[key];
  }
  return raw;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text || undefined;
  }
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const type = typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
  res.writeHead(status, { 'content-type': type, ...headers }).end(text);
}

/** A message without its thread bookkeeping, as Slack returns it from chat.* methods. */
function strip(m: FakeMessage): FakeMessage {
  const { replies: _replies, reply_count: _count, ...rest } = m;
  return { ...rest };
}
