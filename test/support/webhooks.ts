import { randomUUID } from 'node:crypto';
import examples from '@octokit/webhooks-examples';
import { Webhooks } from '@octokit/webhooks';

type Example = { name: string; examples: Record<string, any>[] };

/**
 * A real payload from @octokit/webhooks-examples (deep-copied so a test can adapt it:
 * give it AI markers, another number, a new head).
 */
export function examplePayload(event: string, action?: string, index = 0): Record<string, any> {
  const group = (examples as unknown as Example[]).find((e) => e.name === event);
  const matching = (group?.examples ?? []).filter((e) => action === undefined || e.action === action);
  const found = matching[index];
  if (!found) throw new Error(`no @octokit/webhooks-examples payload for ${event}.${action ?? '*'} #${index}`);
  return structuredClone(found);
}

/** A pull_request payload from the examples, with the installation a GitHub App delivery carries. */
export function pullRequestPayload(action: string, changes: {
  repo?: string; number?: number; author?: string; authorType?: string; branch?: string; sha?: string; title?: string;
  body?: string | null; labels?: string[]; draft?: boolean; merged?: boolean; additions?: number; deletions?: number; changedFiles?: number; installationId?: number | null;
} = {}): Record<string, any> {
  const payload = examplePayload('pull_request', action, action === 'opened' ? 1 : 0);
  const pr = payload.pull_request;
  if (changes.repo) {
    const [owner, name] = changes.repo.split('/');
    payload.repository.full_name = changes.repo;
    payload.repository.name = name;
    payload.repository.owner.login = owner;
  }
  if (changes.number !== undefined) { pr.number = changes.number; payload.number = changes.number; pr.html_url = `https://github.com/${payload.repository.full_name}/pull/${changes.number}`; }
  if (changes.author) pr.user = { ...pr.user, login: changes.author, type: changes.authorType ?? 'User' };
  if (changes.branch) pr.head.ref = changes.branch;
  if (changes.sha) pr.head.sha = changes.sha;
  if (changes.title) pr.title = changes.title;
  if (changes.body !== undefined) pr.body = changes.body;
  if (changes.labels) pr.labels = changes.labels.map((name, i) => ({ id: i + 1, name, color: 'ededed', default: false }));
  if (changes.draft !== undefined) pr.draft = changes.draft;
  if (changes.merged !== undefined) { pr.merged = changes.merged; pr.merged_at = changes.merged ? '2026-11-20T12:00:00Z' : null; }
  if (changes.additions !== undefined) pr.additions = changes.additions;
  if (changes.deletions !== undefined) pr.deletions = changes.deletions;
  if (changes.changedFiles !== undefined) pr.changed_files = changes.changedFiles;
  if (changes.installationId === null) delete payload.installation;
  else payload.installation = { id: changes.installationId ?? 4242, node_id: 'MDIzOkludGVncmF0aW9uSW5zdGFsbGF0aW9uNDI0Mg==' };
  return payload;
}

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
