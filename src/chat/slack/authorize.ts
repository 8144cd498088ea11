import type { Authorize, AuthorizeResult } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';

/**
 * Bolt's `authorize` for the one workspace's bot token. Given a `token`, Bolt calls
 * auth.test while it is constructed and keeps the promise: a rejected token or an
 * unreachable Slack at start became an unhandled rejection that crashed the process,
 * and even when caught the failure would be cached for good. Here auth.test is asked
 * when the first request needs it, remembered once it succeeds, and asked again on the
 * next request while it fails, so a Slack that comes back is used again.
 */
export function botTokenAuthorization(client: WebClient, botToken: string): Authorize<boolean> {
  let known: Promise<AuthorizeResult> | null = null;
  return () => (known ??= client.auth.test().then(
    (auth) => ({ botToken, botId: auth.bot_id, botUserId: auth.user_id, teamId: auth.team_id, enterpriseId: auth.enterprise_id }),
    (error: unknown) => { known = null; throw error; },
  ));
}
