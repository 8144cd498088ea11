import { actionsFor } from '../../app/door.js';
import { adapterStateFor, type AdapterState } from '../../app/adapter-state.js';
import type { AppContext } from '../../app/context.js';
import type { Clock } from '../../app/ports.js';
import { createBotFramework, type BotFramework } from './bot-framework.js';
import { KEYS, type KnownUser } from './installs.js';
import { TeamsChatPort, type RefreshAudience } from './port.js';
import { teamsMessagesRoute, TEAMS_MESSAGES_PATH } from './route.js';
import { teamsTurn } from './turn.js';

export { TEAMS_MESSAGES_PATH };

export interface TeamsRuntime {
  bot: BotFramework;
  port: TeamsChatPort;
  state: AdapterState;
  handle: ReturnType<typeof teamsMessagesRoute>;
}

export interface TeamsOptions {
  /** A decision was recorded, or a team installed the app: deliver what waits. */
  onDecided: () => void;
  /** How the bot reaches its login host (tests: a local stand-in). */
  fetch?: typeof fetch;
}

/** Microsoft Teams, when configured: the Bot Framework client, the chat port and POST /api/messages. */
export function createTeams(ctx: AppContext, clock: Clock, options: TeamsOptions): TeamsRuntime | null {
  const t = ctx.config.microsoft_teams;
  if (!t.app_id || !t.app_password) return null;
  const bot = createBotFramework({
    appId: t.app_id, appPassword: t.app_password, tenantId: t.tenant_id, appType: t.app_type, fetch: options.fetch,
    auth: { openidMetadataUrl: t.auth.openid_metadata_url, tokenIssuer: t.auth.token_issuer, loginUrl: t.auth.login_url, oauthScope: t.auth.oauth_scope },
  });
  const state = adapterStateFor(ctx.store, 'teams', clock);
  // Pacing and e-mail lookup are read at each use, so a reloaded config applies to them.
  const port = new TeamsChatPort(bot, state, seniorsWhoSeeTheirOwnView(ctx, state), { get intervalMs() { return ctx.config.microsoft_teams.channel_interval_ms; } });
  const logic = teamsTurn({
    ctx, clock, state, onDecided: options.onDecided,
    identity: { tenantId: t.app_type === 'SingleTenant' ? t.tenant_id ?? null : null, get lookupByEmail() { return ctx.config.microsoft_teams.lookup_by_email; } },
  });
  return { bot, port, state, handle: teamsMessagesRoute(bot, logic, ctx.log.child({ platform: 'teams' })) };
}

/**
 * The eligible seniors Teams knows, by their id for this bot, and the author while the
 * door offers them Explain: their cards refresh to their own view.
 */
function seniorsWhoSeeTheirOwnView(ctx: AppContext, state: AdapterState): RefreshAudience {
  return async (view) => {
    const ids: string[] = [];
    const author = view.accountableAuthor?.login;
    const explains = author && actionsFor(view, author).includes('explain') ? [author] : [];
    for (const login of [...view.eligibleSeniors, ...explains]) {
      const aad = ctx.policy.people.find((p) => p.github.toLowerCase() === login.toLowerCase())?.teams;
      const user = aad ? ((await state.get(KEYS.user(aad))) as KnownUser | null) : null;
      if (user) ids.push(user.userId);
    }
    return ids;
  };
}
