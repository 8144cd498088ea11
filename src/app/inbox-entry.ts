import { isStorableText, storableText } from '../domain/stored-text.js';

/** What the inbox keeps beside a delivery's raw payload, or why it cannot keep it. */
export type InboxEntry =
  | { ok: true; action: string | null; order_key: string | null }
  | { ok: false; message: string };

const MAX_HEADER = 200;
/** GitHub's event names and actions are lower-case words joined by underscores. */
const NAME = /^[a-z][a-z0-9_]{0,63}$/;

/**
 * Check that a verified delivery can be stored and ordered, and say exactly why not
 * when it cannot: such a delivery fails the same way however often it is redelivered,
 * so it is answered 4xx, never "try again later". The payload itself is stored as the
 * raw text GitHub signed; only the columns derived from it are checked here.
 */
export function inboxEntryOf(event: string, deliveryId: string, payload: Record<string, unknown>): InboxEntry {
  if (deliveryId.length > MAX_HEADER || !isStorableText(deliveryId) || /[\u0000-\u001f]/.test(deliveryId)) {
    return { ok: false, message: `X-GitHub-Delivery must be at most ${MAX_HEADER} printable characters` };
  }
  if (!NAME.test(event)) return { ok: false, message: 'X-GitHub-Event must be an event name such as pull_request' };
  const action = payload.action;
  if (action !== undefined && action !== null && (typeof action !== 'string' || !NAME.test(action))) {
    return { ok: false, message: 'action must be an action name such as opened (lower-case letters, digits and underscores)' };
  }
  const order = orderKeyOf(event, payload);
  if (!order.ok) return order;
  return { ok: true, action: typeof action === 'string' ? action : null, order_key: order.key };
}

/**
 * Order deliveries per pull request: `owner/repo#N`. Deliveries that name no pull
 * request have no order key; one that names it with the wrong types cannot be ordered.
 */
function orderKeyOf(event: string, payload: Record<string, unknown>): { ok: true; key: string | null } | { ok: false; message: string } {
  const repository = field(payload, 'repository');
  const repo = field(repository, 'full_name');
  if (repository !== undefined && repository !== null && (typeof repository !== 'object' || Array.isArray(repository))) {
    return { ok: false, message: 'repository must be an object' };
  }
  if (repo !== undefined && (typeof repo !== 'string' || repo.length > 300)) {
    return { ok: false, message: 'repository.full_name must be a string such as "octo-org/octo-repo"' };
  }
  const checkRuns = field(field(payload, 'check_run'), 'pull_requests');
  const workflowRuns = field(field(payload, 'workflow_run'), 'pull_requests');
  const issue = field(payload, 'issue');
  const candidates: [string, unknown][] = [
    ['pull_request.number', field(field(payload, 'pull_request'), 'number')],
    ...(event === 'pull_request' ? [['number', field(payload, 'number')] as [string, unknown]] : []),
    ['check_run.pull_requests[0].number', Array.isArray(checkRuns) ? field(checkRuns[0], 'number') : undefined],
    ['workflow_run.pull_requests[0].number', Array.isArray(workflowRuns) ? field(workflowRuns[0], 'number') : undefined],
    // A comment on a pull request is ordered with the pull request's own deliveries.
    ['issue.number', event === 'issue_comment' && field(issue, 'pull_request') ? field(issue, 'number') : undefined],
  ];
  const [name, number] = candidates.find(([, v]) => v !== undefined && v !== null) ?? ['', undefined];
  if (number !== undefined && !(Number.isSafeInteger(number) && (number as number) > 0)) return { ok: false, message: `${name} must be a positive whole number` };
  // As the worker will read the name (see `toDelivery`), so the key matches the change it orders.
  return { ok: true, key: typeof repo === 'string' && typeof number === 'number' ? `${storableText(repo)}#${number}` : null };
}

/** `value[key]` when value is a plain object, else undefined: never calls into the payload. */
function field(value: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return Object.hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}
