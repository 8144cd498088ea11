import { ErrorCode, LogLevel, WebClient, type WebAPICallError } from '@slack/web-api';
import { CredentialsRejected, PermanentChatError, TransientError } from '../../app/ports.js';

/**
 * A Web API client that fails fast: the outbox retries with its own backoff and
 * honours Retry-After, so the client itself neither retries (web-api would retry for
 * ~30 minutes by default) nor sits out a rate limit (which would stall every call).
 */
export function createSlackClient(options: { token: string; apiUrl: string; timeoutMs?: number }): WebClient {
  return new WebClient(options.token, {
    slackApiUrl: options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: options.timeoutMs ?? 10_000,
    logLevel: LogLevel.ERROR,
  });
}

/** Slack errors no retry will fix: park the side effect with a readable reason. */
const PERMANENT: Record<string, string> = {
  channel_not_found: 'the channel does not exist or the app cannot see it; check the team\'s channels.slack id',
  not_in_channel: 'the app is not a member of the channel; invite it with /invite @Countersign',
  is_archived: 'the channel is archived',
  missing_scope: 'the app lacks a scope it needs; reinstall it from manifests/slack/manifest.yml',
  msg_too_long: 'the message is too long',
  invalid_blocks: 'Slack rejected the message layout',
  restricted_action: 'the workspace does not allow the app to post there',
};

/** Slack turned the bot token away: every call fails alike until the token is fixed. */
export const TOKEN_REJECTED: Record<string, string> = {
  invalid_auth: 'the bot token was rejected; check SLACK_BOT_TOKEN',
  not_authed: 'no bot token was sent; check SLACK_BOT_TOKEN',
  account_inactive: 'the bot token belongs to a deleted app or user',
  token_revoked: 'the bot token was revoked; reinstall the app',
  token_expired: 'the bot token expired; reinstall the app or rotate the token',
};

/** Map a Web API failure to the port's error contract. */
export function toPortError(error: unknown, doing: string): Error {
  const e = error as WebAPICallError & { retryAfter?: number; data?: { error?: string }; statusCode?: number };
  if (e.code === ErrorCode.RateLimitedError) return new TransientError(`${doing}: rate limited by Slack`, { retryAfterMs: (e.retryAfter ?? 1) * 1000, cause: error });
  if (e.code === ErrorCode.PlatformError) {
    const code = e.data?.error ?? 'unknown_error';
    if (TOKEN_REJECTED[code]) return new CredentialsRejected('slack', `${doing}: ${TOKEN_REJECTED[code]} (${code})`, { cause: error });
    if (PERMANENT[code]) return new PermanentChatError(code, `${doing}: ${PERMANENT[code]}`);
    return new Error(`${doing}: Slack answered ${code}`, { cause: error });
  }
  // HTTP errors (5xx), timeouts and connection failures: Slack is having a bad moment.
  return new TransientError(`${doing}: ${(error as Error).message}`, { cause: error });
}
