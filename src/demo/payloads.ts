/**
 * Real webhook payloads from @octokit/webhooks-examples, adapted to a scenario: another
 * repository, author, branch, body, labels or head. The demo replays them and the tests
 * send them, so both exercise intake with what GitHub really sends rather than hand-written JSON.
 *
 * The import attribute is what Node's ESM loader needs to load the package's JSON entry
 * point; without it the built CLI fails with ERR_IMPORT_ATTRIBUTE_MISSING (Vitest does not mind).
 */
import examples from '@octokit/webhooks-examples' with { type: 'json' };

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
