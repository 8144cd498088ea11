import type { AppContext } from '../../app/context.js';
import type { Clock } from '../../app/ports.js';
import { createBotFramework, type BotFramework } from './bot-framework.js';
import { teamsMessagesRoute, TEAMS_MESSAGES_PATH } from './route.js';
import { teamsTurn } from './turn.js';

export { TEAMS_MESSAGES_PATH };

export interface TeamsRuntime {
  bot: BotFramework;
  handle: ReturnType<typeof teamsMessagesRoute>;
}

export interface TeamsOptions {
  onDecided: () => void;
  /** How the bot reaches its login host (tests: a local stand-in). */
  fetch?: typeof fetch;
}

/** Microsoft Teams, when configured: the Bot Framework client and POST /api/messages. */
export function createTeams(ctx: AppContext, clock: Clock, options: TeamsOptions): TeamsRuntime | null {
  const t = ctx.config.microsoft_teams;
  if (!t.app_id || !t.app_password) return null;
  const bot = createBotFramework({
    appId: t.app_id, appPassword: t.app_password, tenantId: t.tenant_id, appType: t.app_type, fetch: options.fetch,
    auth: { openidMetadataUrl: t.auth.openid_metadata_url, tokenIssuer: t.auth.token_issuer, loginUrl: t.auth.login_url, oauthScope: t.auth.oauth_scope },
  });
  const logic = teamsTurn({
    ctx, clock, onDecided: options.onDecided,
    identity: { tenantId: t.app_type === 'SingleTenant' ? t.tenant_id ?? null : null, lookupByEmail: t.lookup_by_email },
  });
  return { bot, handle: teamsMessagesRoute(bot, logic, ctx.log.child({ platform: 'teams' })) };
}
