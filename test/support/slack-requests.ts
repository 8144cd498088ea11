/**
 * Requests as Slack sends them to an app's Request URL, signed with the signing secret
 * (https://api.slack.com/authentication/verifying-requests-from-slack):
 * `X-Slack-Signature: v0=hex(HMAC_SHA256(secret, 'v0:' + timestamp + ':' + rawBody))`.
 *
 * Interactivity payloads come form-encoded as `payload=<json>`, slash commands as plain
 * form fields, events as JSON. The Content-Type is exactly `application/x-www-form-urlencoded`
 * (no charset) as Slack sends it: Bolt 5.1 compares it with `===`, and with a charset it
 * JSON-parses the form and answers 400.
 *
 * Every builder takes `signingSecret` (a wrong one → 401) and `timestamp` (Unix seconds;
 * older than 5 minutes → 401, the future is accepted) in its options.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { SLACK_DEFAULTS, type FakeSlack } from './fake-slack.js';

export const SLACK_SIGNING_SECRET = 'test-slack-signing-secret';

/** The environment an operator sets to point Countersign's Slack app at Slack's API (here: the fake). */
export function slackAppEnv(slack: Pick<FakeSlack, 'apiUrl'>): Record<string, string> {
  return { SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET, SLACK_API_URL: slack.apiUrl };
}
/** The deprecated verification token Slack still puts in every payload. */
export const SLACK_VERIFICATION_TOKEN = 'legacyVerificationTokenXYZ';

export interface SlackRequest {
  body: string;
  headers: Record<string, string>;
}

export interface SignOptions {
  signingSecret?: string;
  /** Unix seconds; now by default. */
  timestamp?: number;
}

/** A user id, or an id with a name (the name defaults to one derived from the id). */
export type UserRef = string | { id: string; name?: string };
export type ChannelRef = string | { id: string; name?: string };

/** What a view state value may be given as: a string/null is a plain_text_input, a string array checkboxes. */
export type SubmittedValue = string | null | Array<string | { value: string; text: string }> | { type: string; [key: string]: unknown };

export function slackSignature(signingSecret: string, timestamp: number | string, body: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** The two headers Slack signs a request with. */
export function signSlackRequest(body: string, options: SignOptions = {}): Record<string, string> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    'x-slack-request-timestamp': String(timestamp),
    'x-slack-signature': slackSignature(options.signingSecret ?? SLACK_SIGNING_SECRET, timestamp, body),
  };
}

export function blockActionRequest(options: SignOptions & {
  user: UserRef; channel: ChannelRef; messageTs: string; actionId: string; value?: string; triggerId?: string; teamId?: string;
  blockId?: string; responseUrl?: string; buttonText?: string;
  /** The message the button is on, as Slack echoes it back (defaults: some text, no blocks). */
  message?: { text?: string; blocks?: unknown[] };
}): SlackRequest {
  const teamId = options.teamId ?? SLACK_DEFAULTS.teamId;
  const channel = ref(options.channel);
  const payload = {
    type: 'block_actions',
    user: userJson(options.user, teamId),
    api_app_id: SLACK_DEFAULTS.appId,
    token: SLACK_VERIFICATION_TOKEN,
    container: { type: 'message', message_ts: options.messageTs, channel_id: channel.id, is_ephemeral: false },
    trigger_id: options.triggerId ?? triggerId(),
    team: { id: teamId, domain: SLACK_DEFAULTS.teamDomain },
    enterprise: null,
    is_enterprise_install: false,
    channel,
    message: {
      type: 'message', user: SLACK_DEFAULTS.botUserId, bot_id: SLACK_DEFAULTS.botId, app_id: SLACK_DEFAULTS.appId,
      team: teamId, ts: options.messageTs, text: options.message?.text ?? 'Sign-off requested', blocks: options.message?.blocks ?? [],
    },
    state: { values: {} },
    response_url: options.responseUrl ?? `https://hooks.slack.com/actions/${teamId}/${digits(13)}/${hex(24)}`,
    actions: [{
      action_id: options.actionId,
      block_id: options.blockId ?? 'countersign_actions',
      text: { type: 'plain_text', text: options.buttonText ?? options.actionId, emoji: true },
      ...(options.value !== undefined ? { value: options.value } : {}),
      type: 'button',
      action_ts: actionTs(),
    }],
  };
  return form({ payload: JSON.stringify(payload) }, options);
}

export function viewSubmissionRequest(options: SignOptions & {
  user: UserRef; callbackId: string; privateMetadata?: string; viewId?: string; teamId?: string; triggerId?: string;
  /** `values[blockId][actionId]`, shaped as Slack shapes `view.state.values`. */
  values?: Record<string, Record<string, SubmittedValue>>;
  /** The view as opened (e.g. `fake.view(id)`): its blocks, title, hash, … are echoed back. */
  view?: Record<string, unknown>;
}): SlackRequest {
  const teamId = options.teamId ?? SLACK_DEFAULTS.teamId;
  const id = options.viewId ?? (options.view?.id as string | undefined) ?? `V${digits(9)}`;
  const values = Object.fromEntries(Object.entries(options.values ?? {}).map(([block, actions]) =>
    [block, Object.fromEntries(Object.entries(actions).map(([action, v]) => [action, stateValue(v)]))]));
  const payload = {
    type: 'view_submission',
    team: { id: teamId, domain: SLACK_DEFAULTS.teamDomain },
    user: userJson(options.user, teamId),
    api_app_id: SLACK_DEFAULTS.appId,
    token: SLACK_VERIFICATION_TOKEN,
    trigger_id: options.triggerId ?? triggerId(),
    view: {
      type: 'modal', blocks: [], title: { type: 'plain_text', text: 'Countersign', emoji: true },
      submit: { type: 'plain_text', text: 'Submit', emoji: true }, close: null, clear_on_close: false, notify_on_close: false,
      external_id: '', previous_view_id: null, root_view_id: id,
      ...options.view,
      id, team_id: teamId, app_id: SLACK_DEFAULTS.appId, app_installed_team_id: teamId, bot_id: SLACK_DEFAULTS.botId,
      callback_id: options.callbackId,
      private_metadata: options.privateMetadata ?? (options.view?.private_metadata as string | undefined) ?? '',
      hash: (options.view?.hash as string | undefined) ?? `${Math.floor(Date.now() / 1000)}.${hex(8)}`,
      state: { values },
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
  return form({ payload: JSON.stringify(payload) }, options);
}

export function slashCommandRequest(options: SignOptions & {
  user: UserRef; channel: ChannelRef; command?: string; text?: string; triggerId?: string; responseUrl?: string; teamId?: string;
}): SlackRequest {
  const teamId = options.teamId ?? SLACK_DEFAULTS.teamId;
  const user = ref(options.user);
  const channel = ref(options.channel);
  return form({
    token: SLACK_VERIFICATION_TOKEN,
    team_id: teamId,
    team_domain: SLACK_DEFAULTS.teamDomain,
    channel_id: channel.id,
    channel_name: channel.name,
    user_id: user.id,
    user_name: user.name,
    command: options.command ?? '/signoff',
    text: options.text ?? '',
    api_app_id: SLACK_DEFAULTS.appId,
    is_enterprise_install: 'false',
    response_url: options.responseUrl ?? `https://hooks.slack.com/commands/${teamId}/${digits(13)}/${hex(24)}`,
    trigger_id: options.triggerId ?? triggerId(),
  }, options);
}

/** An Events API `event_callback` envelope around `event` (Bolt acks these itself). */
export function eventRequest(event: Record<string, unknown>, options: SignOptions & {
  eventId?: string; teamId?: string; eventTime?: number;
  /** Sent as `X-Slack-Retry-Num` / `X-Slack-Retry-Reason`, as Slack does on redelivery. */
  retryNum?: number; retryReason?: string;
} = {}): SlackRequest {
  const teamId = options.teamId ?? SLACK_DEFAULTS.teamId;
  const body = JSON.stringify({
    token: SLACK_VERIFICATION_TOKEN,
    team_id: teamId,
    context_team_id: teamId,
    context_enterprise_id: null,
    api_app_id: SLACK_DEFAULTS.appId,
    event,
    type: 'event_callback',
    event_id: options.eventId ?? `Ev${hex(10).toUpperCase()}`,
    event_time: options.eventTime ?? Math.floor(Date.now() / 1000),
    authorizations: [{ enterprise_id: null, team_id: teamId, user_id: SLACK_DEFAULTS.botUserId, is_bot: true, is_enterprise_install: false }],
    is_ext_shared_channel: false,
    event_context: `4-${hex(40)}`,
  });
  const retry: Record<string, string> = {};
  if (options.retryNum !== undefined) retry['x-slack-retry-num'] = String(options.retryNum);
  if (options.retryReason !== undefined) retry['x-slack-retry-reason'] = options.retryReason;
  return { body, headers: { ...baseHeaders('application/json'), ...retry, ...signSlackRequest(body, options) } };
}

/** The `app_home_opened` event Slack sends when a user opens the app's Home tab. */
export function appHomeOpenedEvent(user: string, options: { tab?: 'home' | 'messages'; channel?: string } = {}): Record<string, unknown> {
  return { type: 'app_home_opened', user, channel: options.channel ?? `D${user.slice(1)}`, tab: options.tab ?? 'home', event_ts: actionTs() };
}

/** The handshake Slack sends when the Events Request URL is saved. */
export function urlVerificationRequest(challenge: string, options: SignOptions = {}): SlackRequest {
  const body = JSON.stringify({ token: SLACK_VERIFICATION_TOKEN, challenge, type: 'url_verification' });
  return { body, headers: { ...baseHeaders('application/json'), ...signSlackRequest(body, options) } };
}

export interface SlackEndpointResponse {
  status: number;
  text: string;
  /** The parsed body when the app answered with a JSON content type. */
  json?: any;
}

export async function sendToSlackEndpoint(baseUrl: string, request: SlackRequest, path = '/slack/events'): Promise<SlackEndpointResponse> {
  const res = await fetch(new URL(path, baseUrl), { method: 'POST', headers: request.headers, body: request.body });
  const text = await res.text();
  const json = (res.headers.get('content-type') ?? '').includes('json') && text ? (JSON.parse(text) as unknown) : undefined;
  return json === undefined ? { status: res.status, text } : { status: res.status, text, json };
}

function form(fields: Record<string, string>, options: SignOptions): SlackRequest {
  const body = new URLSearchParams(fields).toString();
  return { body, headers: { ...baseHeaders('application/x-www-form-urlencoded'), ...signSlackRequest(body, options) } };
}

function baseHeaders(contentType: string): Record<string, string> {
  return { 'content-type': contentType, 'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)', accept: '*/*' };
}

function stateValue(v: SubmittedValue): Record<string, unknown> {
  if (v === null || typeof v === 'string') return { type: 'plain_text_input', value: v };
  if (Array.isArray(v)) {
    return {
      type: 'checkboxes',
      selected_options: v.map((o) => {
        const { value, text } = typeof o === 'string' ? { value: o, text: o } : o;
        return { text: { type: 'plain_text', text, emoji: true }, value };
      }),
    };
  }
  return v;
}

function ref(r: UserRef | ChannelRef): { id: string; name: string } {
  return typeof r === 'string' ? { id: r, name: r.toLowerCase() } : { id: r.id, name: r.name ?? r.id.toLowerCase() };
}

function userJson(user: UserRef, teamId: string) {
  const { id, name } = ref(user);
  return { id, username: name, name, team_id: teamId };
}

const hex = (n: number) => randomBytes(Math.ceil(n / 2)).toString('hex').slice(0, n);
const digits = (n: number) => Array.from({ length: n }, () => randomBytes(1)[0]! % 10).join('');
const triggerId = () => `${digits(13)}.${digits(13)}.${hex(32)}`;
const actionTs = () => `${Math.floor(Date.now() / 1000)}.${digits(6)}`;
