import { PermanentChatError, TransientError } from '../../app/ports.js';

/** Statuses Teams asks bots to retry, with backoff and Retry-After (rate-limit.md). */
const RETRY = new Set([408, 412, 429, 500, 502, 503, 504]);

/** Failures where the request never reached Teams: safe to send again. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * Whether Teams may have acted on a request whose answer never came (the connection
 * dropped or timed out after the request went out). Posting again could post twice.
 */
export function answerLost(error: unknown): boolean {
  if (error instanceof TransientError || error instanceof PermanentChatError) return false; // ours: nothing was sent
  const e = error as { statusCode?: number; response?: { status?: number }; code?: string; cause?: { code?: string } };
  if (e.statusCode !== undefined || e.response?.status !== undefined) return false;
  const code = e.code ?? e.cause?.code;
  return !(code && NOT_SENT.has(code));
}

/**
 * Map a connector failure to the port's error contract. Duck-typed on purpose: the SDK's
 * error classes stay inside bot-framework.ts.
 */
export function toPortError(error: unknown, doing: string): Error {
  if (error instanceof TransientError || error instanceof PermanentChatError) return error;
  const e = error as { statusCode?: number; response?: { status?: number; headers?: unknown; bodyAsText?: string }; message?: string };
  const status = e.statusCode ?? e.response?.status;
  const body = e.response?.bodyAsText ?? e.message ?? '';
  if (status === undefined || RETRY.has(status)) {
    return new TransientError(`${doing}: ${status ? `Teams answered ${status}` : (e.message ?? 'no answer')}`, { retryAfterMs: retryAfterMs(e.response?.headers), cause: error });
  }
  if (status === 403) {
    const blocked = /MessageWritesBlocked/.test(body);
    return new PermanentChatError(blocked ? 'MessageWritesBlocked' : 'forbidden', `${doing}: ${blocked
      ? 'the person has not installed Countersign in Teams or has blocked it; install it for them (an app setup policy does this for seniors and leads)'
      : 'Teams refused the bot (is the app still installed in that team?)'}`);
  }
  if (status === 401) return new PermanentChatError('unauthorized', `${doing}: the Bot Connector refused the bot's token; check MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId (countersign doctor)`);
  if (status === 404) return new PermanentChatError('not_found', `${doing}: the conversation or message no longer exists in Teams`);
  if (status === 413) return new PermanentChatError('MessageSizeTooBig', `${doing}: the message is over Teams' size limit`);
  return new PermanentChatError(`http_${status}`, `${doing}: Teams answered ${status}: ${body.slice(0, 200)}`);
}

function retryAfterMs(headers: unknown): number | null {
  const h = headers as { get?: (name: string) => string | null | undefined } | Record<string, string> | undefined;
  const raw = typeof h?.get === 'function' ? h.get('retry-after') : (h as Record<string, string> | undefined)?.['retry-after'];
  if (!raw) return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}
