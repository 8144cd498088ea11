/**
 * The only module that imports the Bot Framework SDK (botbuilder, botframework-connector,
 * @azure/msal-node). The SDK is archived (see docs/teams.md); everything else in
 * chat/teams/ sees plain JSON through this file, so moving to its successor touches
 * this file alone.
 */
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, TeamsInfo, TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import { MsalServiceClientCredentialsFactory } from 'botframework-connector';
import { ConfidentialClientApplication, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';
import { defuseMentions } from './render/text.js';
import type { InboundActivity, InvokeAnswer, OutgoingMessage, TeamsConversation, TeamsMember, TeamsPostRef } from './wire.js';

export interface BotFrameworkSettings {
  appId: string;
  appPassword: string;
  /** Required for SingleTenant; MultiTenant bots get their tokens from the botframework.com tenant. */
  tenantId?: string | undefined;
  appType: 'SingleTenant' | 'MultiTenant';
  auth: { openidMetadataUrl: string; tokenIssuer: string; loginUrl: string; oauthScope: string };
  /** How the bot reaches the login host for its own tokens; tests pass one that reaches a local stand-in. */
  fetch?: typeof fetch;
}

/** What a turn may do besides answering: reply in its conversation, look a member up. */
export interface Turn {
  reply(message: OutgoingMessage): Promise<string>;
  member(userId: string): Promise<TeamsMember | null>;
  /** The channels of the team this activity came from (empty outside a team). */
  teamChannels(): Promise<{ id: string; name: string | null }[]>;
  /** Everyone in the team (or chat) this activity came from, page by page. */
  members(): Promise<TeamsMember[]>;
}

export type TurnLogic = (activity: InboundActivity, turn: Turn) => Promise<InvokeAnswer | void>;

export type Received =
  | { status: 401; reason: string }
  | { status: number; body?: unknown };

const CHANNEL = 'msteams';
export const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';

export interface BotFramework {
  /** Authenticate the Bot Connector's request, then run `logic`. Any failure to authenticate is a 401 before `logic` runs. */
  receive(authorization: string, body: Record<string, unknown>, logic: TurnLogic): Promise<Received>;
  /** A new thread in a channel of an installed team. */
  postToChannel(target: { tenantId: string; serviceUrl: string; channelId: string }, message: OutgoingMessage): Promise<TeamsPostRef>;
  /** A message in an existing conversation (a channel thread, a personal chat). */
  send(conversation: TeamsConversation, message: OutgoingMessage): Promise<TeamsPostRef>;
  update(ref: TeamsPostRef, message: OutgoingMessage): Promise<void>;
  /** The bot's personal chat with a user who has the app (their `29:` id). */
  openPersonalChat(user: { tenantId: string; serviceUrl: string; userId: string }): Promise<TeamsConversation>;
  /** A token for the Bot Connector from the login host: proves the credentials work. */
  checkCredentials(): Promise<{ expiresOn: Date | null }>;
}

export function createBotFramework(settings: BotFrameworkSettings): BotFramework {
  const { appId } = settings;
  const authority = `${settings.auth.loginUrl.replace(/\/+$/, '')}/${settings.appType === 'SingleTenant' ? settings.tenantId : 'botframework.com'}`;
  const msal = new ConfidentialClientApplication({
    auth: { clientId: appId, clientSecret: settings.appPassword, authority, knownAuthorities: [new URL(authority).host] },
    system: { networkClient: fetchNetworkClient(settings.fetch ?? fetch) },
  });
  // botbuilder takes every endpoint or none: one missing makes it refuse all tokens.
  const endpoints = {
    ToBotFromChannelOpenIdMetadataUrl: settings.auth.openidMetadataUrl,
    ToBotFromChannelTokenIssuer: settings.auth.tokenIssuer,
    ToBotFromEmulatorOpenIdMetadataUrl: settings.auth.openidMetadataUrl,
    ToChannelFromBotLoginUrl: authority,
    ToChannelFromBotOAuthScope: settings.auth.oauthScope,
    OAuthUrl: settings.auth.tokenIssuer,
    CallerId: 'urn:botframework:azure',
    ValidateAuthority: true,
  };
  // msal-node's ESM declarations are not assignable to the CJS type the factory names (same class).
  const credentials = new MsalServiceClientCredentialsFactory(appId, msal as unknown as ConstructorParameters<typeof MsalServiceClientCredentialsFactory>[1]);
  const auth = new ConfigurationBotFrameworkAuthentication(endpoints, credentials);
  const createConnectorFactory = auth.createConnectorFactory.bind(auth);
  auth.createConnectorFactory = (identity) => withoutRetries(createConnectorFactory(identity));
  const adapter = new AuthenticatedAdapter(auth);
  const audience = settings.auth.oauthScope;

  const reference = (c: TeamsConversation): Partial<ConversationReference> => ({
    channelId: CHANNEL, serviceUrl: c.serviceUrl, bot: { id: `28:${appId}`, name: '' },
    conversation: { id: c.conversationId, tenantId: c.tenantId, isGroup: true, conversationType: '', name: '' },
  });
  const proactive = async <T>(c: TeamsConversation, work: (ctx: TurnContext) => Promise<T>): Promise<T> => {
    let result: T | undefined;
    await adapter.continueConversationAsync(appId, reference(c), async (ctx) => { result = await work(ctx); });
    return result as T;
  };

  return {
    async receive(authorization, body, logic) {
      const activity = body as unknown as Activity;
      let authenticated;
      try {
        authenticated = await auth.authenticateRequest(activity, authorization);
      } catch (error) {
        // Not only AuthenticationError: a forged signature surfaces as jsonwebtoken's own error.
        return { status: 401, reason: (error as Error).message };
      }
      if (authenticated.connectorFactory) authenticated.connectorFactory = withoutRetries(authenticated.connectorFactory);
      const answer = await adapter.runAuthenticated(authenticated, activity, async (ctx) => {
        const result = await logic(inbound(ctx.activity), {
          reply: async (message) => (await ctx.sendActivity(toActivity(message)))?.id ?? '',
          member: (userId) => memberOf(ctx, userId),
          teamChannels: async () => {
            const teamId = (ctx.activity.channelData as { team?: { id?: string } } | undefined)?.team?.id;
            if (!teamId) return [];
            return (await TeamsInfo.getTeamChannels(ctx, teamId)).map((c) => ({ id: c.id ?? '', name: c.name ?? null })).filter((c) => c.id);
          },
          members: async () => {
            const all: TeamsMember[] = [];
            let token: string | undefined;
            do {
              const page = await TeamsInfo.getPagedMembers(ctx, 500, token);
              all.push(...page.members.map(memberFrom));
              token = page.continuationToken || undefined;
            } while (token);
            return all;
          },
        });
        if (result) await ctx.sendActivity({ type: 'invokeResponse', value: { status: result.status, body: result.body } });
      });
      return answer ? { status: answer.status, body: answer.body } : { status: 200 };
    },

    async postToChannel(target, message) {
      let conversationId = '';
      await adapter.createConversationAsync(appId, CHANNEL, target.serviceUrl, audience, {
        isGroup: true, channelData: { channel: { id: target.channelId }, tenant: { id: target.tenantId } }, activity: toActivity(message) as Activity,
        bot: { id: `28:${appId}`, name: '' }, members: [], tenantId: target.tenantId,
      }, async (ctx) => { conversationId = ctx.activity.conversation.id; });
      // Teams names the new thread "<channel>;messageid=<root activity id>".
      const activityId = conversationId.split(';messageid=')[1] ?? '';
      return { tenantId: target.tenantId, serviceUrl: target.serviceUrl, conversationId, activityId };
    },

    async send(conversation, message) {
      const id = await proactive(conversation, async (ctx) => (await ctx.sendActivity(toActivity(message)))?.id ?? '');
      return { ...conversation, activityId: id };
    },

    async update(ref, message) {
      await proactive(ref, async (ctx) => { await ctx.updateActivity({ ...toActivity(message), id: ref.activityId }); });
    },

    async openPersonalChat(user) {
      let conversationId = '';
      await adapter.createConversationAsync(appId, CHANNEL, user.serviceUrl, audience, {
        isGroup: false, bot: { id: `28:${appId}`, name: '' }, members: [{ id: user.userId, name: '' }], tenantId: user.tenantId,
        channelData: { tenant: { id: user.tenantId } },
      } as Parameters<typeof adapter.createConversationAsync>[4], async (ctx) => { conversationId = ctx.activity.conversation.id; });
      return { tenantId: user.tenantId, serviceUrl: user.serviceUrl, conversationId };
    },

    async checkCredentials() {
      const result = await msal.acquireTokenByClientCredential({ scopes: [`${audience.replace(/\/+$/, '')}/.default`] });
      if (!result?.accessToken) throw new Error('the login host returned no token');
      return { expiresOn: result.expiresOn ?? null };
    },
  };
}

type ConnectorFactory = ReturnType<ConfigurationBotFrameworkAuthentication['createConnectorFactory']>;

/**
 * Connector clients that never retry on their own. The SDK's HTTP pipeline retries 429s,
 * 5xx and dropped connections itself; a retried POST whose first answer was lost posts
 * twice, and its waiting ignores our pacing. The outbox retries instead, after
 * recording what was sent.
 */
function withoutRetries(factory: ConnectorFactory): ConnectorFactory {
  return {
    create: async (serviceUrl, audience) => {
      const client = await factory.create(serviceUrl, audience);
      const pipeline = (client as unknown as { client?: { pipeline?: { removePolicy(options: { name: string }): unknown } } }).client?.pipeline;
      if (!pipeline) throw new Error('the Bot Framework connector client has no pipeline to configure: check the botbuilder version');
      pipeline.removePolicy({ name: 'defaultRetryPolicy' });
      return client;
    },
  } as ConnectorFactory;
}

/** CloudAdapter with its authenticated entry point opened: we authenticate first, so a bad token never reaches a turn. */
class AuthenticatedAdapter extends CloudAdapter {
  runAuthenticated(...args: Parameters<CloudAdapter['processActivity']>): ReturnType<CloudAdapter['processActivity']> {
    return this.processActivity(...args);
  }
}

function toActivity(message: OutgoingMessage): Partial<Activity> {
  return {
    type: 'message',
    // Plain: the text is a card's summary or an answer that may echo user input; never Markdown.
    ...(message.text !== undefined ? { text: defuseMentions(message.text) } : {}),
    textFormat: 'plain',
    ...(message.card ? { attachments: [{ contentType: ADAPTIVE_CARD, content: message.card }] } : {}),
    ...(message.entities ? { entities: message.entities as Activity['entities'] } : {}),
  };
}

async function memberOf(ctx: TurnContext, userId: string): Promise<TeamsMember | null> {
  try {
    return memberFrom(await TeamsInfo.getMember(ctx, userId));
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return null;
    throw error;
  }
}

function memberFrom(m: { id: string; aadObjectId?: string; email?: string; userPrincipalName?: string; name?: string; tenantId?: string }): TeamsMember {
  return { id: m.id, aadObjectId: m.aadObjectId ?? null, email: m.email ?? null, userPrincipalName: m.userPrincipalName ?? null, name: m.name ?? null, tenantId: m.tenantId ?? null };
}

/** The SDK's activity as our own plain shape (copied, so nothing of the SDK leaks out). */
function inbound(a: Activity): InboundActivity {
  const data = (a.channelData ?? {}) as { team?: { id?: string; name?: string }; channel?: { id?: string }; tenant?: { id?: string }; eventType?: string };
  return structuredClone({
    type: a.type, name: a.name ?? null, id: a.id ?? null, text: a.text ?? null, value: a.value ?? null, replyToId: a.replyToId ?? null,
    serviceUrl: a.serviceUrl,
    from: { id: a.from?.id ?? '', aadObjectId: a.from?.aadObjectId ?? null, name: a.from?.name ?? null },
    recipientId: a.recipient?.id ?? '',
    conversation: { id: a.conversation?.id ?? '', type: a.conversation?.conversationType ?? null },
    tenantId: data.tenant?.id ?? a.conversation?.tenantId ?? null,
    teamId: data.team?.id ?? null,
    teamName: data.team?.name ?? null,
    channelId: data.channel?.id ?? null,
    eventType: data.eventType ?? null,
    action: (a as { action?: string }).action ?? null,
    membersAdded: (a.membersAdded ?? []).map((m) => m.id),
    membersRemoved: (a.membersRemoved ?? []).map((m) => m.id),
    mentions: (a.entities ?? []).filter((e) => e.type === 'mention').map((e) => ({ id: String((e as { mentioned?: { id?: string } }).mentioned?.id ?? ''), text: String(e.text ?? '') })),
  });
}

/** MSAL's HTTP client over fetch, so the login host's address stays injectable. */
function fetchNetworkClient(fetchFn: typeof fetch): INetworkModule {
  const send = async <T>(method: string, url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> => {
    const response = await fetchFn(url, { method, headers: options?.headers, body: options?.body, signal: AbortSignal.timeout(10_000) });
    const text = await response.text();
    let body: unknown = text;
    try { body = JSON.parse(text); } catch { /* MSAL reports the status with the raw text */ }
    return { headers: Object.fromEntries(response.headers), body: body as T, status: response.status };
  };
  return { sendGetRequestAsync: (url, options) => send('GET', url, options), sendPostRequestAsync: (url, options) => send('POST', url, options) };
}
