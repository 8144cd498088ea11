import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DemoCommit, DemoPull, DemoScenario } from './scenarios.js';

/**
 * GitHub's REST API, as much of it as Countersign's GitHub App clients use, answered from
 * a demo scenario. `countersign demo` has no real GitHub to talk to, yet should run the
 * real adapters (installation tokens, reading commits, files and CODEOWNERS, writing check
 * runs and comments) rather than stubs: so it points them at this server by base URL, and
 * shows what they wrote. Reads come from the scenario; writes are kept in memory.
 */

export type DemoGitHubWrite =
  | { kind: 'check_run'; action: 'created' | 'updated'; id: number; name: string; head_sha: string; status: string; conclusion: string | null; title: string | null }
  | { kind: 'commit_status'; sha: string; context: string; state: string; description: string | null }
  | { kind: 'comment'; action: 'created' | 'updated'; id: number; number: number; body: string };

export interface DemoCheckRun {
  id: number;
  name: string;
  head_sha: string;
  external_id: string | null;
  status: string;
  conclusion: string | null;
  details_url: string | null;
  output: { title: string | null; summary: string | null; text: string | null };
}

export interface DemoComment {
  id: number;
  number: number;
  body: string;
  user: { login: string; type: 'Bot' };
}

export interface DemoGitHub {
  /** The base URL to give the clients (`github.api_url`), e.g. `http://127.0.0.1:PORT`. */
  url: string;
  appId: number;
  /** The app's private key (PKCS#1 PEM, as GitHub issues them). */
  privateKey: string;
  checkRuns(): DemoCheckRun[];
  comments(): DemoComment[];
  close(): Promise<void>;
}

type Reply = { status: number; body?: unknown; headers?: Record<string, string> };
type Query = URLSearchParams;

const APP = { id: 424242, slug: 'countersign-demo', name: 'Countersign (demo)' };
const DATE = '2026-03-02T09:00:00Z';
const notFound = (message = 'Not Found'): Reply => ({ status: 404, body: { message, documentation_url: 'https://docs.github.com/rest' } });
const unauthorized: Reply = { status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' } };
const missing = (field: string): Reply => ({ status: 422, body: { message: `Invalid request.\n\n"${field}" wasn't supplied.` } });
const object = (v: unknown): Record<string, any> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, any>) : {});

export async function startDemoGitHub(scenario: DemoScenario, options: { host?: string; onWrite?: (event: DemoGitHubWrite) => void } = {}): Promise<DemoGitHub> {
  const { repo, pulls } = scenario;
  const onWrite = options.onWrite ?? (() => {});
  const privateKey = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey;
  const tokens = new Set<string>();
  const runs: DemoCheckRun[] = [];
  const comments: DemoComment[] = [];
  let lastId = 0;
  let url = '';

  const pullOf = (n: string) => pulls.find((p) => String(p.number) === n);
  const pullWith = (sha: string) => pulls.find((p) => p.headSha === sha || p.headRef === sha || p.commits.some((c) => c.sha === sha));
  const knownRef = (ref: string) => pulls.some((p) => [p.baseRef, p.baseSha, p.headRef].includes(ref) || p.commits.some((c) => c.sha === ref));

  const account = (login: string | null | undefined) =>
    login ? { login, id: Number.parseInt(createHash('sha1').update(login).digest('hex').slice(0, 7), 16), type: /\[bot\]$|^Copilot$/.test(login) ? 'Bot' : 'User' } : null;
  const commitJson = (c: DemoCommit, parent: string | undefined) => ({
    sha: c.sha,
    url: `${url}/repos/${repo.fullName}/commits/${c.sha}`,
    commit: {
      message: c.message,
      author: { name: c.authorName, email: c.authorEmail, date: DATE },
      committer: { name: c.committerName ?? c.authorName, email: c.committerEmail ?? c.authorEmail, date: DATE },
      tree: { sha: createHash('sha1').update(`tree of ${c.sha}`).digest('hex') }, // its own tree: no two heads hold the same code
    },
    author: account(c.authorLogin),
    committer: account(c.committerLogin === undefined ? c.authorLogin : c.committerLogin),
    parents: parent ? [{ sha: parent }] : [],
  });
  const commitsOf = (p: DemoPull, upTo = p.commits.length) => p.commits.slice(0, upTo).map((c, i) => commitJson(c, i === 0 ? p.baseSha : p.commits[i - 1]!.sha));
  const pullJson = (p: DemoPull) => ({
    number: p.number, state: 'open', title: p.title, user: account(p.author), html_url: `https://github.com/${repo.fullName}/pull/${p.number}`,
    head: { ref: p.headRef, sha: p.headSha }, base: { ref: p.baseRef, sha: p.baseSha }, commits: p.commits.length, changed_files: p.files.length,
    additions: p.files.reduce((n, f) => n + f.additions, 0), deletions: p.files.reduce((n, f) => n + f.deletions, 0),
  });

  /** GitHub's paging: `per_page` (default 30, at most 100) and `page`, with `next`/`last` links while more remain. */
  function page(items: readonly unknown[], query: Query, path: string): { body: unknown[]; headers: Record<string, string> } {
    const perPage = Math.min(100, Math.max(1, Number(query.get('per_page') ?? 30) || 30));
    const at = Math.max(1, Number(query.get('page') ?? 1) || 1);
    const last = Math.max(1, Math.ceil(items.length / perPage));
    const link = (n: number, rel: string) => `<${url}${path}?per_page=${perPage}&page=${n}>; rel="${rel}"`;
    return { body: items.slice((at - 1) * perPage, at * perPage), headers: at < last ? { link: `${link(at + 1, 'next')}, ${link(last, 'last')}` } : {} };
  }

  const write = (event: DemoGitHubWrite) => {
    try { onWrite(event); } catch { /* showing a write is best effort: it must not change GitHub's answer */ }
  };

  function applyRun(run: DemoCheckRun, input: Record<string, any>) {
    for (const key of ['name', 'external_id', 'status', 'details_url'] as const) if (typeof input[key] === 'string') run[key] = input[key];
    if (typeof input.conclusion === 'string') Object.assign(run, { conclusion: input.conclusion, status: 'completed' });
    const output = object(input.output);
    for (const key of ['title', 'summary', 'text'] as const) if (typeof output[key] === 'string') run.output[key] = output[key];
  }
  const runWritten = (run: DemoCheckRun, action: 'created' | 'updated') =>
    write({ kind: 'check_run', action, id: run.id, name: run.name, head_sha: run.head_sha, status: run.status, conclusion: run.conclusion, title: run.output.title });

  /** Routes under `/repos/{owner}/{repo}`, for the scenario's repository only. */
  function repoRoute(method: string, path: string, query: Query, body: Record<string, any>, accept: string): Reply {
    let m: RegExpExecArray | null;
    const at = (re: RegExp, ...verbs: string[]) => ((verbs.length ? verbs : ['GET']).includes(method) ? re.exec(path) : null);
    const full = `/repos/${repo.fullName}${path}`;

    if ((m = at(/^\/pulls\/(\d+)(?:\/(commits|files))?$/))) {
      const pull = pullOf(m[1]!);
      if (!pull) return notFound();
      if (m[2] === 'commits') return { status: 200, ...page(commitsOf(pull), query, full) };
      if (m[2] === 'files') return { status: 200, ...page(pull.files, query, full) };
      return { status: 200, body: pullJson(pull) };
    }
    if ((m = at(/^\/contents\/(.+)$/))) {
      const ref = query.get('ref') ?? 'main';
      if (!knownRef(ref)) return notFound(`No commit found for the ref ${ref}`);
      if (decodeURIComponent(m[1]!) !== '.github/CODEOWNERS') return notFound();
      if (accept.includes('.raw')) return { status: 200, body: repo.codeowners, headers: { 'content-type': 'text/plain; charset=utf-8' } };
      const content = Buffer.from(repo.codeowners).toString('base64'); // the JSON format, for a client that asks for it
      return { status: 200, body: { type: 'file', encoding: 'base64', name: 'CODEOWNERS', path: '.github/CODEOWNERS', size: Buffer.byteLength(repo.codeowners), content } };
    }
    if ((m = at(/^\/commits\/([^/]+)$/))) {
      const ref = m[1]!;
      const pull = pullWith(ref);
      const index = pull?.commits.findIndex((c) => c.sha === ref || (c.sha === pull.headSha && ref === pull.headRef)) ?? -1;
      return pull && index >= 0 ? { status: 200, body: commitsOf(pull, index + 1)[index] } : { status: 422, body: { message: `No commit found for SHA: ${ref}` } };
    }
    if ((m = at(/^\/compare\/([^/]+)\.\.\.([^/]+)$/))) {
      // Base to head of a pull request: its commits up to that head, and files whose blobs
      // differ per head, so a push is never mistaken for a rebase of the same code.
      const [base, head] = [decodeURIComponent(m[1]!), decodeURIComponent(m[2]!)];
      const pull = pullWith(head);
      if (!pull || ![pull.baseRef, pull.baseSha].includes(base)) return notFound();
      const upTo = pull.commits.findIndex((c) => c.sha === head) + 1 || pull.commits.length;
      const all = commitsOf(pull, upTo);
      const files = pull.files.map((f) => ({ ...f, sha: createHash('sha1').update(`${head}:${f.filename}`).digest('hex') }));
      const paged = page(all, query, full);
      return { status: 200, headers: paged.headers, body: { status: 'ahead', ahead_by: all.length, behind_by: 0, total_commits: all.length, merge_base_commit: { sha: pull.baseSha }, commits: paged.body, files } };
    }
    if ((m = at(/^\/commits\/([^/]+)\/check-runs$/))) {
      const [sha, name, appId, status] = [m[1], query.get('check_name'), query.get('app_id'), query.get('status')];
      let found = runs.filter((r) => r.head_sha === sha && (!name || r.name === name) && (!status || r.status === status) && (!appId || appId === String(APP.id))).reverse();
      if ((query.get('filter') ?? 'latest') === 'latest') found = found.filter((r, i) => found.findIndex((o) => o.name === r.name) === i);
      const paged = page(found.map(runJson), query, full);
      return { status: 200, headers: paged.headers, body: { total_count: found.length, check_runs: paged.body } };
    }
    if ((m = at(/^\/check-runs$/, 'POST'))) {
      for (const field of ['name', 'head_sha']) if (typeof body[field] !== 'string' || !body[field]) return missing(field);
      const run: DemoCheckRun = { id: ++lastId, name: body.name, head_sha: body.head_sha, external_id: null, status: 'queued', conclusion: null, details_url: null, output: { title: null, summary: null, text: null } };
      applyRun(run, body);
      runs.push(run);
      runWritten(run, 'created');
      return { status: 201, body: runJson(run) };
    }
    if ((m = at(/^\/check-runs\/(\d+)$/, 'PATCH'))) {
      const id = Number(m[1]);
      const run = runs.find((r) => r.id === id);
      if (!run) return notFound();
      applyRun(run, body);
      runWritten(run, 'updated');
      return { status: 200, body: runJson(run) };
    }
    if ((m = at(/^\/statuses\/([0-9a-f]{40})$/, 'POST'))) {
      if (typeof body.state !== 'string') return missing('state');
      const status = { id: ++lastId, state: body.state, context: body.context ?? 'default', description: body.description ?? null, target_url: body.target_url ?? null };
      write({ kind: 'commit_status', sha: m[1]!, context: status.context, state: status.state, description: status.description });
      return { status: 201, body: status };
    }
    if ((m = at(/^\/issues\/(\d+)\/comments$/, 'GET', 'POST'))) {
      const number = Number(m[1]);
      if (!pullOf(m[1]!)) return notFound();
      if (method === 'GET') return { status: 200, ...page(comments.filter((c) => c.number === number).map(commentJson), query, full) };
      if (typeof body.body !== 'string' || !body.body) return missing('body');
      const comment: DemoComment = { id: ++lastId, number, body: body.body, user: { login: `${APP.slug}[bot]`, type: 'Bot' } };
      comments.push(comment);
      write({ kind: 'comment', action: 'created', id: comment.id, number, body: comment.body });
      return { status: 201, body: commentJson(comment) };
    }
    if ((m = at(/^\/issues\/comments\/(\d+)$/, 'PATCH'))) {
      const id = Number(m[1]);
      const comment = comments.find((c) => c.id === id);
      if (!comment) return notFound();
      if (typeof body.body !== 'string' || !body.body) return missing('body');
      comment.body = body.body;
      write({ kind: 'comment', action: 'updated', id: comment.id, number: comment.number, body: comment.body });
      return { status: 200, body: commentJson(comment) };
    }
    return notFound();
  }

  const runJson = (r: DemoCheckRun) => ({ ...r, app: { id: APP.id, slug: APP.slug, name: APP.name }, html_url: `https://github.com/${repo.fullName}/runs/${r.id}` });
  const commentJson = (c: DemoComment) => ({ ...c, html_url: `https://github.com/${repo.fullName}/pull/${c.number}#issuecomment-${c.id}`, created_at: DATE, updated_at: DATE });

  function route(req: IncomingMessage, body: Record<string, any>): Reply {
    const { pathname, searchParams } = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const [scheme, credential] = (req.headers.authorization ?? '').split(/\s+/);
    // The app's JWT is taken on trust: the double serves one app, and the key never leaves this process.
    const asApp = /^bearer$/i.test(scheme ?? '') && Boolean(credential);
    if (method === 'GET' && pathname === '/app') return asApp ? { status: 200, body: { ...APP, owner: account('acme'), installations_count: 1 } } : unauthorized;
    const install = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(pathname);
    if (method === 'POST' && install) {
      if (!asApp) return unauthorized;
      if (Number(install[1]) !== repo.installationId) return notFound();
      const token = `ghs_demo${randomBytes(12).toString('hex')}`;
      tokens.add(token);
      const expires_at = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
      return { status: 201, body: { token, expires_at, permissions: { checks: 'write', contents: 'read', pull_requests: 'write', statuses: 'write' }, repository_selection: 'selected' } };
    }
    const prefix = `/repos/${repo.fullName}/`;
    if (!pathname.toLowerCase().startsWith(prefix.toLowerCase())) return notFound();
    if (!/^token$/i.test(scheme ?? '') || !tokens.has(credential ?? '')) return unauthorized;
    return repoRoute(method, pathname.slice(prefix.length - 1), searchParams, body, String(req.headers.accept ?? ''));
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      let reply: Reply;
      try {
        reply = route(req, object(chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {}));
      } catch (error) {
        reply = { status: error instanceof SyntaxError ? 400 : 500, body: { message: (error as Error).message } };
      }
      const text = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
      res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers }).end(text);
    });
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, options.host ?? '127.0.0.1', resolve));
  const { address, port } = server.address() as AddressInfo;
  url = `http://${address.includes(':') ? `[${address}]` : address}:${port}`;

  return {
    url, appId: APP.id, privateKey,
    checkRuns: () => structuredClone(runs),
    comments: () => structuredClone(comments),
    close: () => new Promise<void>((resolve, reject) => {
      server.close((e) => (e ? reject(e) : resolve()));
      server.closeAllConnections(); // clients keep connections alive; close() alone would wait for them
    }),
  };
}
