import { randomUUID } from 'node:crypto';
import { Webhooks } from '@octokit/webhooks';

export { examplePayload, pullRequestPayload } from '../../src/demo/payloads.js';

export interface SentWebhook {
  status: number;
  body: any;
  deliveryId: string;
}

/** POST a delivery to a real server, signed with `secret` exactly as GitHub signs it. */
export async function sendWebhook(baseUrl: string, options: {
  event: string; payload: unknown; secret: string; deliveryId?: string; rawBody?: string; headers?: Record<string, string | null>;
}): Promise<SentWebhook> {
  const deliveryId = options.deliveryId ?? randomUUID();
  const body = options.rawBody ?? JSON.stringify(options.payload);
  const signature = await new Webhooks({ secret: options.secret }).sign(body);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'user-agent': 'GitHub-Hookshot/abc1234',
    'x-github-event': options.event,
    'x-github-delivery': deliveryId,
    'x-github-hook-id': '123456',
    'x-hub-signature-256': signature,
  };
  for (const [k, v] of Object.entries(options.headers ?? {})) {
    if (v === null) delete headers[k];
    else headers[k] = v;
  }
  const response = await fetch(`${baseUrl}/github/webhooks`, { method: 'POST', headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try { parsed = JSON.parse(text); } catch { /* not JSON */ }
  return { status: response.status, body: parsed, deliveryId };
}
