import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { AppContext } from './app/context.js';
import { systemClock, type ChannelPacing, type ChatPort, type Clock, type Logger } from './app/ports.js';
import type { Config } from './config/load.js';
import { deliverChatRow } from './app/deliver-chat.js';
import { deliverGitHubRow } from './app/deliver-github.js';
import type { GitHubGate } from './app/ports.js';
import { createGitHubGate, GITHUB_PACING } from './github/gate.js';
import { createWebhookIntake } from './github/intake.js';
import { describeGitHubApp } from './github/app-check.js';
import { checkDependencies, connectInBackground } from './dependency-checks.js';
import { AuditHeadReporter } from './jobs/audit-head.js';
import { localSecret } from './config/local-secret.js';
import { dataDirectory } from './config/data-directory.js';
import { createSlack, SLACK_EVENTS_PATH, type SlackRuntime } from './chat/slack/app.js';
import { createTeams, TEAMS_MESSAGES_PATH } from './chat/teams/app.js';
import { createPlayground, type Playground } from './chat/local/playground.js';
import { playgroundMode } from './config/playground.js';
import { InboxWorker } from './jobs/inbox-worker.js';
import { digestJob } from './jobs/digest-job.js';
import { escalationJob } from './jobs/escalation-job.js';
import { OutboxDispatcher, type Destination } from './jobs/outbox-dispatcher.js';
import { Scheduler } from './jobs/scheduler.js';
import { housekeepingJob } from './jobs/housekeeping-job.js';
import { createLogger } from './logger.js';
import { createMetrics } from './metrics.js';
import { createHttpServer, json } from './server.js';
import { buildContext } from './context.js';
import { reloadConfig } from './reload-config.js';
import { resolveRoster } from './app/use-roster.js';
import type { Store } from './store/db.js';
import { migrateToLatest, pendingMigrations } from './store/migrate.js';

export interface StartOptions {
  config: Config;
  clock?: Clock;
  log?: Logger;
  cwd?: string;
  /** Listen on this port instead of the configured one (0: any free port). */
  port?: number;
  /** Run the every-minute scheduler (escalations, digests); tests drive it by hand. */
  scheduler?: boolean;
  /** How the Teams bot reaches its login host for its own tokens (tests: a local stand-in); default fetch. */
  teamsFetch?: typeof fetch;
  /** Milliseconds between two writes to one conversation of a destination, where they differ from what its adapter declares (the demo's stand-in GitHub needs none). */
  pacing?: Readonly<Record<string, number>>;
  /** Read the config again for a reload (SIGHUP); without it, reload() reports that there is no file to read. */
  loadConfig?: () => Config;
}

export interface Running {
  server: Server;
  url: string;
  ctx: AppContext;
  worker: InboxWorker;
  dispatcher: OutboxDispatcher;
  scheduler: Scheduler;
  /** The local playground's address with its access token, to open once in a browser (null when it is off). */
  playgroundUrl: string | null;
  /** Read the config file again and apply it if it is valid (false: refused, the running config is kept). */
  reload(): boolean;
  stop(): Promise<void>;
}

/** Compose the service from its config: the only place real clients are wired. */
export async function start(options: StartOptions): Promise<Running> {
  const { config } = options;
  const cwd = options.cwd ?? process.cwd();
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createLogger(config.log_level);
  const ctx = buildContext(config, cwd, log);
  const { store } = ctx;
  await migrateToLatest(store.db, store.flavor);
  if (!ctx.sourceHost) log.warn({}, 'no GitHub App configured: decisions use the webhook payload only (commits and files are not read)');
  const slack = slackFrom(ctx, clock, () => dispatcher.nudge());
  const gate = gateFrom(config, log);
  const teams = createTeams(ctx, clock, { onDecided: () => dispatcher.nudge(), fetch: options.teamsFetch });
  const playground = playgroundFrom(ctx, clock, log, cwd, () => dispatcher.nudge());
  const paced = (name: string, pacing: ChannelPacing): ChannelPacing => (options.pacing?.[name] !== undefined ? { intervalMs: options.pacing[name]! } : pacing);
  const chat = (port: ChatPort): Destination => ({ deliver: (row, now) => deliverChatRow(ctx, port, row, now), pacing: paced(port.platform, port.pacing) });
  const dispatcher = new OutboxDispatcher(ctx, clock, {
    ...(slack ? { slack: chat(slack.port) } : {}),
    ...(teams ? { teams: chat(teams.port) } : {}),
    ...(playground ? { local: chat(playground.port) } : {}),
    ...(gate ? { github: { deliver: (row, now) => deliverGitHubRow(ctx, gate, row, now), pacing: paced('github', GITHUB_PACING) } } : {}),
  });
  // SQLite has one writer, so deliveries are applied one after another; Postgres applies them side by side.
  const worker = new InboxWorker(ctx, clock, { concurrent: store.flavor === 'postgres', onApplied: () => dispatcher.nudge() });
  const scheduler = new Scheduler(ctx, clock, []);
  scheduler.jobs.push(escalationJob(ctx), digestJob(ctx, scheduler.holder), housekeepingJob(ctx));
  const metrics = createMetrics(store, clock);
  const intake = createWebhookIntake({
    store, secrets: webhookSecrets(config, store, cwd, log), clock, log, onStored: () => worker.nudge(),
    onAnswered: (outcome, seconds) => { worker.foregroundActivity(); metrics.observeIntake(outcome, seconds); },
  });

  const server = createHttpServer([
    { method: 'POST', path: '/github/webhooks', handler: intake },
    ...(slack?.handle ? [{ method: 'POST', path: SLACK_EVENTS_PATH, handler: slack.handle }] : []),
    ...(teams ? [{ method: 'POST', path: TEAMS_MESSAGES_PATH, handler: teams.handle }] : []),
    ...(playground?.routes ?? []),
    { method: 'GET', path: '/healthz', handler: (_req, res) => json(res, 200, { status: 'ok' }) },
    { method: 'GET', path: '/metrics', handler: async (_req, res) => { res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(await metrics.registry.metrics()); } },
    { method: 'GET', path: '/readyz', handler: async (_req, res) => { const r = await readiness(store); json(res, r.ready ? 200 : 503, r); } },
  ], log);
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? config.server.port, config.server.host, () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host}:${port}`;
  worker.start();
  dispatcher.start();
  if (options.scheduler !== false) scheduler.start();
  // Slack or GitHub being down, or refusing a secret, is logged and waited out: never a reason to exit.
  const socketMode = slack && !slack.handle ? connectInBackground(log, 'Slack Socket Mode', () => slack.start()) : null;
  // Read the GitHub teams named as seniors, leads or members now, so chat shows them from the start; a decision reads them again if this fails.
  void resolveRoster(ctx, null, clock.now()).catch((error: unknown) => log.warn({ err: error }, 'GitHub team members could not be read at start; decisions read them again and are refused while GitHub cannot say'));
  const auditHeads = new AuditHeadReporter(store.db, log);
  auditHeads.start();
  const checks = checkDependencies(log, [
    ...(slack ? [{ service: 'slack' as const, url: config.slack.api_url, check: () => slack.whoAmI() }] : []),
    ...(gitHubAppSettings(config) ? [{ service: 'github' as const, url: config.github.api_url, check: () => describeGitHubApp(gitHubAppSettings(config)!).then((app) => `app "${app.name}", ${app.installations} installations`) }] : []),
  ]);
  // The address with its token is for the person at the console (the CLI prints it), not for the logs.
  log.info({ url, database: store.description, slack: slack ? (slack.handle ? 'http' : 'socket mode') : 'off', teams: teams ? TEAMS_MESSAGES_PATH : 'off', playground: playground ? `${url}/` : 'off' }, 'countersign is listening');

  let stopping: Promise<void> | null = null;
  const stop = () => (stopping ??= (async () => {
    // Stop accepting, let in-flight requests and the delivery being applied finish, then close the database.
    await new Promise<void>((r) => server.close(() => r()));
    checks.stop();
    socketMode?.stop();
    await slack?.stop().catch((error: unknown) => log.warn({ err: error }, 'Slack Socket Mode did not close cleanly'));
    await scheduler.stop();
    await worker.stop();
    await dispatcher.stop();
    await auditHeads.stop(); // the last head this process saw, after its last write
    await store.close();
    log.info({}, 'countersign stopped');
  })());
  const reload = () => reloadConfig(ctx, options.loadConfig ?? (() => { throw new Error('this service was started without a config loader, so it cannot reload'); }));
  return { server, url, ctx, worker, dispatcher, scheduler, playgroundUrl: playground ? `${url}/?token=${encodeURIComponent(playground.accessToken)}` : null, reload, stop };
}

/**
 * The local playground, when it runs (see playgroundMode). It always asks for an
 * access token: the configured one, or one generated and kept beside the data, since a
 * proxy on this machine could otherwise pass strangers to a loopback-only page.
 */
function playgroundFrom(ctx: AppContext, clock: Clock, log: Logger, cwd: string, onDecided: () => void): Playground | null {
  const mode = playgroundMode(ctx.config);
  if (!mode.on) {
    if (ctx.config.playground.enabled !== false) log.info({ reason: mode.reason }, 'the local playground is off');
    return null;
  }
  if (ctx.config.slack.bot_token) log.warn({}, 'the local playground is on beside Slack: whoever holds its token can act as any configured person');
  const accessToken = ctx.config.playground.access_token ?? localSecret(localSecretFile(ctx.store, cwd, 'playground-token'));
  const publicUrl = ctx.config.server.public_url;
  return createPlayground({ ctx, clock, onDecided, remote: mode.remote, accessToken, publicUrl, secureCookie: publicUrl?.startsWith('https:') ?? false });
}

function gitHubAppSettings(config: Config): { appId: number | string; privateKey: string; baseUrl: string } | null {
  const { app_id, private_key, api_url } = config.github;
  return app_id === undefined || private_key === undefined ? null : { appId: app_id, privateKey: private_key, baseUrl: api_url };
}

function gateFrom(config: Config, log: Logger): GitHubGate | null {
  const { app_id, private_key, api_url } = config.github;
  if (app_id === undefined || private_key === undefined) return null;
  return createGitHubGate({ appId: app_id, privateKey: private_key, baseUrl: api_url, log: (msg, fields) => log.info(fields ?? {}, msg) });
}

function slackFrom(ctx: AppContext, clock: Clock, onDecided: () => void): SlackRuntime | null {
  const s = ctx.config.slack;
  if (!s.bot_token) return null;
  return createSlack(ctx, clock, { botToken: s.bot_token, signingSecret: s.signing_secret, appToken: s.app_token, apiUrl: s.api_url, timeoutMs: s.request_timeout_ms, onDecided });
}

function webhookSecrets(config: Config, store: Store, cwd: string, log: Logger): string[] {
  const { webhook_secret, previous_webhook_secret } = config.github;
  if (webhook_secret) return previous_webhook_secret ? [webhook_secret, previous_webhook_secret] : [webhook_secret];
  const file = localSecretFile(store, cwd);
  log.warn({ file }, 'no webhook secret configured: using a generated local secret (set GITHUB_WEBHOOK_SECRET for a real GitHub App)');
  return [localSecret(file)];
}

/** Beside the SQLite file, or in ./data for Postgres. */
export function localSecretFile(store: Pick<Store, 'description'>, cwd: string, name = 'webhook-secret'): string {
  return join(dataDirectory(store.description, cwd), name);
}

export async function readiness(store: Store): Promise<{ ready: boolean; database: string; pending_migrations: string[] }> {
  try {
    await sql`select 1`.execute(store.db);
    const pending = await pendingMigrations(store.db, store.flavor);
    return { ready: pending.length === 0, database: 'reachable', pending_migrations: pending };
  } catch (error) {
    return { ready: false, database: `unreachable: ${(error as Error).message}`, pending_migrations: [] };
  }
}
