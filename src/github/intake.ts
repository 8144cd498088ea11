import type { IncomingMessage, ServerResponse } from 'node:http';
import { Webhooks } from '@octokit/webhooks';
import type { Clock, Logger } from '../app/ports.js';
import { inboxEntryOf } from '../app/inbox-entry.js';
import type { Store } from '../store/db.js';
import { InboxBatcher } from '../store/inbox-batcher.js';
import { readBody, BodyTooLarge } from './read-body.js';

export const MAX_WEBHOOK_BYTES = 25 * 1024 * 1024; // GitHub caps payloads at 25 MB

export interface IntakeOptions {
  store: Store;
  /** The current webhook secret, then the previous one while a rotation is under way. */
  secrets: readonly string[];
  clock: Clock;
  log: Logger;
  /** Called once a new delivery is durable, to wake the worker. */
  onStored?: () => void;
  /** Observes every answer, for metrics. */
  onAnswered?: (outcome: IntakeOutcome, seconds: number) => void;
  maxBytes?: number;
}

export type IntakeOutcome = 'stored' | 'duplicate' | 'rejected' | 'failed';

/**
 * POST /github/webhooks: verify, then parse, then store, then answer. Only a
 * delivery committed to the inbox gets a 2xx, so GitHub's "delivered" means "will
 * be applied". Nothing slow happens here: GitHub gives up after 10 seconds.
 * https://docs.github.com/en/webhooks/using-webhooks/best-practices-for-using-webhooks#respond-within-10-seconds
 */
export function createWebhookIntake(options: IntakeOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const verifiers = options.secrets.map((secret) => new Webhooks({ secret }));
  const maxBytes = options.maxBytes ?? MAX_WEBHOOK_BYTES;
  const inbox = new InboxBatcher(options.store.db);

  return async (req, res) => {
    const started = process.hrtime.bigint();
    const deliveryId = header(req, 'x-github-delivery');
    const log = options.log.child({ delivery: deliveryId ?? null });
    const answer = (status: number, body: object, outcome: IntakeOutcome) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      options.onAnswered?.(outcome, Number(process.hrtime.bigint() - started) / 1e9);
    };
    const reject = (status: number, code: string, message: string) => {
      log.warn({ status, code }, `webhook rejected: ${message}`);
      answer(status, { error: { code, message } }, 'rejected');
    };

    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      return reject(405, 'method_not_allowed', 'GitHub webhooks are POSTed to this address');
    }
    const contentType = (header(req, 'content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (contentType !== 'application/json') {
      req.resume();
      return reject(415, 'unsupported_media_type', 'expected application/json: set "Content type" to application/json in the webhook settings');
    }
    const event = header(req, 'x-github-event');
    if (!event || !deliveryId) {
      req.resume();
      return reject(400, 'missing_headers', 'X-GitHub-Event and X-GitHub-Delivery headers are required');
    }
    let raw: string;
    try {
      raw = await readBody(req, maxBytes);
    } catch (error) {
      if (error instanceof BodyTooLarge) return reject(413, 'payload_too_large', `payloads over ${maxBytes} bytes are refused`);
      throw error;
    }
    const signature = header(req, 'x-hub-signature-256');
    if (!signature) return reject(401, 'signature_missing', 'X-Hub-Signature-256 is missing: set a webhook secret in the GitHub App settings');
    if (!(await verifiedByAny(verifiers, raw, signature))) {
      return reject(401, 'signature_mismatch', 'signature does not match: the webhook secret configured in GitHub differs from GITHUB_WEBHOOK_SECRET');
    }
    let payload: unknown;
    try {
      payload = JSON.parse(raw);
    } catch {
      return reject(400, 'malformed_json', 'the body is not valid JSON');
    }
    if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return reject(400, 'malformed_json', 'the body must be a JSON object');
    const entry = inboxEntryOf(event, deliveryId, payload as Record<string, unknown>);
    if (!entry.ok) return reject(400, 'invalid_delivery', `${entry.message}; this delivery can never be stored, so redelivering it will not help`);

    try {
      const result = await inbox.store({
        delivery_id: deliveryId,
        event,
        action: entry.action,
        order_key: entry.order_key,
        payload: raw,
        received_at: options.clock.now().toISOString(),
      });
      log.info({ event, action: entry.action, result }, result === 'stored' ? 'webhook stored' : 'webhook redelivered; already stored');
      answer(result === 'stored' ? 202 : 200, { ok: true, delivery: deliveryId, result }, result);
      if (result === 'stored') options.onStored?.();
    } catch (error) {
      // Not stored, so not acknowledged: GitHub shows a failed delivery that can be redelivered.
      log.error({ err: error }, 'webhook could not be stored');
      answer(503, { error: { code: 'not_stored', message: 'the delivery could not be stored; redeliver it later' } }, 'failed');
    }
  };
}

async function verifiedByAny(verifiers: readonly Webhooks[], raw: string, signature: string): Promise<boolean> {
  for (const v of verifiers) if (await v.verify(raw, signature).catch(() => false)) return true;
  return false;
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
