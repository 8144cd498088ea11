import { CredentialsRejected } from './app/ports.js';
import { TOKEN_REJECTED } from './chat/slack/client.js';

/**
 * Why a call to Slack or GitHub failed, in the terms an operator acts on: the service
 * turned our credentials away (fix the secret), could not be reached at all (DNS,
 * firewall, proxy, outage), or answered with an error of its own.
 */
export type Failure = { kind: 'rejected' | 'unreachable' | 'failing'; reason: string };

/** Error codes of a connection that never got an answer (Node's and undici's). */
const NETWORK_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE',
  'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'ABORT_ERR']);

export function classifyFailure(error: unknown): Failure {
  const e = error as { code?: unknown; status?: unknown; data?: { error?: string }; message?: string };
  const message = e?.message ?? String(error);
  if (error instanceof CredentialsRejected) return { kind: 'rejected', reason: message };
  if (e?.code === 'slack_webapi_platform_error' && e.data?.error && TOKEN_REJECTED[e.data.error]) return { kind: 'rejected', reason: `${e.data.error}: ${TOKEN_REJECTED[e.data.error]}` };
  if (e?.status === 401 || (e?.status === 403 && !/rate limit/i.test(message))) return { kind: 'rejected', reason: message };
  const network = networkCode(error);
  if (network) return { kind: 'unreachable', reason: network };
  // Octokit reports a request that got no answer as status 500 without a response.
  if ((e?.status === 500 && !(error as { response?: unknown }).response) || e?.code === 'slack_webapi_request_error' || /fetch failed|timed? ?out|aborted/i.test(message)) return { kind: 'unreachable', reason: message };
  return { kind: 'failing', reason: message };
}

/** The first network error code along the error's causes (web-api keeps it under `original`). */
function networkCode(error: unknown, depth = 0): string | null {
  if (!error || typeof error !== 'object' || depth > 6) return null;
  const e = error as { code?: unknown; cause?: unknown; original?: unknown; name?: unknown; hostname?: unknown };
  if (typeof e.code === 'string' && NETWORK_CODES.has(e.code)) return typeof e.hostname === 'string' ? `${e.code} ${e.hostname}` : e.code;
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'timed out';
  return networkCode(e.cause, depth + 1) ?? networkCode(e.original, depth + 1);
}
