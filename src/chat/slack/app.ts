import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import type { AppContext } from '../../app/context.js';
import type { Clock } from '../../app/ports.js';
import { botTokenAuthorization } from './authorize.js';
import { boltLogger } from './bolt-logger.js';
import { createSlackClient } from './client.js';
import { publishHome, registerCommands } from './commands.js';
import { HomeRefresher } from './home-refresh.js';
import type { SlackDeps } from './deps.js';
import { slackActor } from './identity.js';
import { registerInteractions } from './interactions.js';
import { SlackChatPort } from './port.js';

export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackRuntime {
  port: SlackChatPort;
  /** HTTP mode: the handler for POST /slack/events on the service's one listener. Null in Socket Mode. */
  handle: ((req: IncomingMessage, res: ServerResponse) => void) | null;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Ask Slack who the bot is: the workspace and bot name, or the error Slack gave. */
  whoAmI(): Promise<string>;
}

export interface SlackOptions {
  botToken: string;
  signingSecret: string | undefined;
  appToken: string | undefined;
  apiUrl: string;
  timeoutMs: number;
  /** Called after a decision is stored (wake the outbox dispatcher). */
  onDecided: () => void;
}

/**
 * Bolt in HTTP mode on the service's own listener (its receiver verifies the signing
 * secret and the five-minute replay window), or in Socket Mode when an app-level token
 * is configured, for teams without a public URL.
 */
export function createSlack(ctx: AppContext, clock: Clock, options: SlackOptions): SlackRuntime {
  const logger = boltLogger(ctx.log);
  const clientOptions = { slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`, retryConfig: { retries: 0 }, timeout: options.timeoutMs };
  const receiver = options.appToken
    ? new SocketModeReceiver({ appToken: options.appToken, logger, installerOptions: { clientOptions } as never })
    : new HTTPReceiver({ signingSecret: options.signingSecret!, endpoints: SLACK_EVENTS_PATH, logger, unhandledRequestTimeoutMillis: 3001 });
  const client = createSlackClient({ token: options.botToken, apiUrl: options.apiUrl, timeoutMs: options.timeoutMs });
  const app = new App({ authorize: botTokenAuthorization(client, options.botToken), receiver, logger, clientOptions });
  const deps: SlackDeps = {
    ctx,
    clock,
    identify: (client, userId) => slackActor(ctx.policy, client, userId, ctx.config.slack.lookup_by_email),
    onDecided: (actor) => {
      options.onDecided();
      // The decider's own queue changed: refresh their App Home (best-effort).
      void publishHome(deps, client, actor.id).catch(() => {});
    },
  };
  registerInteractions(app, deps);
  registerCommands(app, deps);
  app.error(async (error) => { ctx.log.error({ err: error }, 'Slack handler failed'); });

  // A request's state changed: the App Home of every senior who may sign it is out of date.
  const homes = new HomeRefresher(
    (slackId) => publishHome(deps, client, slackId),
    (error) => ctx.log.debug({ err: error }, 'App Home refresh failed'),
  );
  const refreshHomes = (seniors: readonly string[]) => {
    for (const login of seniors) {
      const slackId = ctx.policy.people.find((p) => p.github.toLowerCase() === login.toLowerCase())?.slack;
      if (slackId) homes.request(slackId);
    }
  };
  // Read at each post, so a reloaded config's pacing applies at once.
  const port = new SlackChatPort(client, { get intervalMs() { return ctx.config.slack.channel_interval_ms; } }, (view) => refreshHomes(view.eligibleSeniors));
  return {
    port,
    handle: receiver instanceof HTTPReceiver ? (req, res) => receiver.requestListener(req, res) : null,
    start: async () => { if (receiver instanceof SocketModeReceiver) await receiver.start(); },
    stop: async () => {
      homes.stop();
      if (receiver instanceof SocketModeReceiver) await receiver.stop();
    },
    whoAmI: async () => {
      const auth = await client.auth.test();
      return `workspace ${auth.team ?? auth.team_id} as ${auth.user ?? auth.user_id}`;
    },
  };
}
