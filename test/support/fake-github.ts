/**
 * A stand-in for GitHub's REST API on a real socket, for end-to-end tests: point a real
 * Octokit at `url`. It records every request, answers from a route table, and can be told
 * to fail. Built-in routes cover GitHub App auth and the reads of the source host:
 *
 *   POST /app/installations/:id/access_tokens        JWT whose `iss` is the app id → { token, expires_at }
 *   GET  /repos/:owner/:repo/pulls/:number           the PR (base/head, commit count)
 *   GET  /repos/:owner/:repo/pulls/:number/commits   paginated, capped at 250 like GitHub
 *   GET  /repos/:owner/:repo/pulls/:number/files     paginated, capped at 3,000 like GitHub
 *   GET  /repos/:owner/:repo/compare/:base...:head   commits of a registered PR, paginated
 *   GET  /repos/:owner/:repo/contents/*path?ref=     files registered with addFile
 *   GET  /app                                         the app itself (app JWT)
 *
 * Repository routes want an installation token this fake issued. Add more routes (check
 * runs, comments) with `route()`; the latest route added wins, so a test can override a
 * built-in one. Anything unrouted is recorded and answered 404.
 */
import { createServer, STATUS_CODES, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Without the query string, e.g. `/repos/acme/api/pulls/12/commits`. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** Parsed JSON, the raw text, or undefined when there was no body. */
  body: unknown;
}

export interface FakeRequest extends RecordedRequest {
  /** `:name` and `*name` segments of the route pattern, URI-decoded. */
  params: Record<string, string>;
  /** The absolute URL requested, for building `Link` headers. */
  href: string;
}

export interface FakeResponse {
  status: number;
  headers?: Record<string, string>;
  /** Objects are sent as JSON; strings as they are (set `content-type` for anything but text). */
  body?: unknown;
}

export type FakeHandler = (req: FakeRequest) => FakeResponse | Promise<FakeResponse>;

/** `installation`: a token from this fake's token endpoint; `app`: the app's JWT; `none`. */
export type FakeAuth = 'installation' | 'app' | 'none';

export interface RequestMatch {
  method?: string;
  /** Exact path (no query) or a pattern tested against it. */
  path: string | RegExp;
}

export interface FakePerson {
  name: string;
  email: string;
  /** The GitHub account the email belongs to, if any. */
  login?: string | null;
}

export interface FakeCommit {
  sha: string;
  message: string;
  author?: FakePerson;
  /** The author when absent. */
  committer?: FakePerson;
}

export interface FakeFile {
  filename: string;
  previous_filename?: string;
  additions: number;
  deletions: number;
  status?: 'added' | 'removed' | 'modified' | 'renamed';
}

export interface FakePull {
  number: number;
  base: { ref: string; sha: string };
  head: { ref: string; sha: string };
  commits?: FakeCommit[];
  files?: FakeFile[];
  /** Merged into the `GET /pulls/:number` answer (title, user, labels, draft, …). */
  fields?: Record<string, unknown>;
}

export interface FakeGitHub {
  readonly url: string;
  readonly appId: string;
  readonly requests: RecordedRequest[];
  /** Installation token → the installation it was issued for. */
  readonly tokens: ReadonlyMap<string, number>;
  /** Registers a PR of `repo` ("owner/name"); its base and head refs and SHAs become known refs. */
  addPull(repo: string, pull: FakePull): void;
  /** Puts a file at `path` on `ref` (a branch name or SHA) for the contents API. */
  addFile(repo: string, ref: string, path: string, text: string): void;
  /** The next `times` requests matching `match` get `response` instead of being routed. */
  failNext(match: RequestMatch, response: FakeResponse, times?: number): void;
  route(method: string, pattern: string, handler: FakeHandler, auth?: FakeAuth): void;
  /** Recorded requests with this method and path (exact or pattern). */
  find(method: string, path: string | RegExp): RecordedRequest[];
  close(): Promise<void>;
}

const DOCS = 'https://docs.github.com/rest';
const PULL_COMMITS_CAP = 250;
const PULL_FILES_CAP = 3000;

interface Route { method: string; regex: RegExp; names: string[]; handler: FakeHandler; auth: FakeAuth }
interface Repo { pulls: Map<number, FakePull>; files: Map<string, string>; refs: Set<string> }

export async function startFakeGitHub(options: { appId?: number | string } = {}): Promise<FakeGitHub> {
  const appId = String(options.appId ?? 12345);
  const requests: RecordedRequest[] = [];
  const routes: Route[] = [];
  const failures: { match: RequestMatch; response: FakeResponse; left: number }[] = [];
  const tokens = new Map<string, number>();
  const repos = new Map<string, Repo>();
  const repoOf = (fullName: string) => {
    let repo = repos.get(fullName);
    if (!repo) repos.set(fullName, (repo = { pulls: new Map(), files: new Map(), refs: new Set(['main']) }));
    return repo;
  };

  const server = createServer((req, res) => {
    const answer = handle(req).catch((e: Error): FakeResponse => ({ status: 500, body: error(`fake GitHub failed: ${e.message}`) }));
    void answer.then(({ status, headers = {}, body }) => {
      const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
      const type = typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8';
      res.writeHead(status, { 'content-type': type, ...headers }).end(text);
    });
  });

  async function handle(req: IncomingMessage): Promise<FakeResponse> {
    const url = new URL(req.url ?? '/', fake.url);
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: await readBody(req),
    };
    requests.push(recorded);
    const failure = failures.find((f) => f.left > 0 && matches(f.match, recorded));
    if (failure) {
      failure.left--;
      return { ...failure.response, body: failure.response.body ?? error(STATUS_CODES[failure.response.status] ?? 'Error') };
    }
    for (const route of [...routes].reverse()) {
      const m = route.method === recorded.method ? route.regex.exec(recorded.path) : null;
      if (!m) continue;
      const denied = authorize(route.auth, req.headers.authorization);
      if (denied) return denied;
      const params = Object.fromEntries(route.names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? '')]));
      return await route.handler({ ...recorded, params, href: url.href });
    }
    return { status: 404, body: error('Not Found') };
  }

  function authorize(auth: FakeAuth, header: string | undefined): FakeResponse | null {
    if (auth === 'none') return null;
    const credential = /^(?:token|bearer)\s+(\S+)$/i.exec(header ?? '')?.[1] ?? '';
    if (auth === 'installation') return tokens.has(credential) ? null : { status: 401, body: error('Bad credentials') };
    const claims = jwtClaims(credential);
    if (!claims) return { status: 401, body: error('A JSON web token could not be decoded') };
    if (String(claims.iss) !== appId) return { status: 401, body: error(`'Issuer' claim ('iss') must be ${appId}`) };
    if (!(Number(claims.exp) * 1000 > Date.now())) return { status: 401, body: error("'Expiration time' claim ('exp') is too far in the past") };
    return null;
  }

  let baseUrl = '';
  const fake: FakeGitHub = {
    get url() {
      return baseUrl;
    },
    appId,
    requests,
    tokens,
    addPull(repo, pull) {
      const r = repoOf(repo);
      r.pulls.set(pull.number, pull);
      for (const ref of [pull.base.ref, pull.base.sha, pull.head.ref, pull.head.sha]) r.refs.add(ref);
    },
    addFile(repo, ref, path, text) {
      const r = repoOf(repo);
      r.refs.add(ref);
      r.files.set(`${ref}:${path}`, text);
    },
    failNext(match, response, times = 1) {
      failures.push({ match, response, left: times });
    },
    route(method, pattern, handler, auth = 'installation') {
      const names: string[] = [];
      const source = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/([:*])(\w+)/g, (_all, kind: string, n: string) => {
        names.push(n);
        return kind === ':' ? '([^/]+?)' : '(.+)';
      });
      routes.push({ method: method.toUpperCase(), regex: new RegExp(`^${source}$`), names, handler, auth });
    },
    find: (method, path) => requests.filter((r) => matches({ method, path }, r)),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections(); // fetch keeps connections alive; close() would wait for them
      }),
  };

  let issued = 0;
  fake.route('POST', '/app/installations/:id/access_tokens', ({ params }) => {
    const token = `ghs_fake${++issued}_${params.id}`;
    tokens.set(token, Number(params.id));
    const expires_at = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    return { status: 201, body: { token, expires_at, permissions: { contents: 'read', pull_requests: 'read', checks: 'write' }, repository_selection: 'all' } };
  }, 'app');

  fake.route('GET', '/app', () => ({
    status: 200,
    body: { id: Number(appId), slug: 'countersign-test', name: 'Countersign (test)', installations_count: tokens.size || 1 },
  }), 'app');

  const pullOf = (p: Record<string, string>) => repos.get(`${p.owner}/${p.repo}`)?.pulls.get(Number(p.number));
  const notFound: FakeResponse = { status: 404, body: error('Not Found') };

  fake.route('GET', '/repos/:owner/:repo/pulls/:number', ({ params }) => {
    const pull = pullOf(params);
    return pull ? { status: 200, body: pullJson(fake.url, `${params.owner}/${params.repo}`, pull) } : notFound;
  });

  fake.route('GET', '/repos/:owner/:repo/pulls/:number/commits', (req) => {
    const pull = pullOf(req.params);
    const commits = (pull?.commits ?? []).slice(0, PULL_COMMITS_CAP).map((c) => commitJson(fake.url, `${req.params.owner}/${req.params.repo}`, c));
    return pull ? pageOf(req, commits) : notFound;
  });

  fake.route('GET', '/repos/:owner/:repo/pulls/:number/files', (req) => {
    const pull = pullOf(req.params);
    return pull ? pageOf(req, (pull.files ?? []).slice(0, PULL_FILES_CAP).map(fileJson)) : notFound;
  });

  // Only comparisons that are a registered PR's base...head (by SHA or branch name).
  fake.route('GET', '/repos/:owner/:repo/compare/:basehead', (req) => {
    const repo = `${req.params.owner}/${req.params.repo}`;
    const [base, head] = (req.params.basehead ?? '').split('...');
    const pull = [...(repos.get(repo)?.pulls.values() ?? [])].find(
      (p) => [p.base.sha, p.base.ref].includes(base ?? '') && [p.head.sha, p.head.ref].includes(head ?? ''),
    );
    if (!pull) return notFound;
    const all = (pull.commits ?? []).map((c) => commitJson(fake.url, repo, c));
    const paged = 'page' in req.query || 'per_page' in req.query;
    // Unpaged, GitHub returns the newest 250; paged, the files come on the first page only.
    const page = paged ? pageOf(req, all) : { status: 200, headers: {}, body: all.slice(-PULL_COMMITS_CAP) };
    const firstPage = !paged || Number(req.query.page ?? 1) <= 1;
    return {
      ...page,
      body: {
        url: `${fake.url}/repos/${repo}/compare/${base}...${head}`,
        status: 'ahead', ahead_by: all.length, behind_by: 0, total_commits: all.length,
        base_commit: { sha: pull.base.sha }, merge_base_commit: { sha: pull.base.sha },
        commits: page.body,
        files: firstPage ? (pull.files ?? []).slice(0, 300).map(fileJson) : [],
      },
    };
  });

  fake.route('GET', '/repos/:owner/:repo/contents/*path', ({ params, query, headers }) => {
    const repo = repos.get(`${params.owner}/${params.repo}`);
    const ref = query.ref ?? 'main';
    if (!repo?.refs.has(ref)) return { status: 404, body: error(`No commit found for the ref ${ref}`) };
    const text = repo.files.get(`${ref}:${params.path}`);
    if (text === undefined) return notFound;
    if (String(headers.accept).includes('.raw')) return { status: 200, body: text };
    const content = Buffer.from(text).toString('base64').replace(/.{60}/g, '$&\n'); // GitHub wraps its base64
    const name = (params.path ?? '').split('/').pop();
    return { status: 200, body: { type: 'file', encoding: 'base64', name, path: params.path, size: Buffer.byteLength(text), content } };
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

/**
 * One page of `items` as GitHub pages lists: `per_page` (default 30, at most 100) and `page`,
 * with a `Link` header carrying `prev`/`next`/`last`/`first` like api.github.com.
 */
export function pageOf(req: FakeRequest, items: readonly unknown[], defaultPerPage = 30): FakeResponse & { body: unknown[] } {
  const perPage = Math.min(100, Math.max(1, Number(req.query.per_page ?? defaultPerPage) || defaultPerPage));
  const page = Math.max(1, Number(req.query.page ?? 1) || 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (n: number, rel: string) => {
    const url = new URL(req.href);
    url.searchParams.set('page', String(n));
    return `<${url.href}>; rel="${rel}"`;
  };
  const links = [
    ...(page > 1 ? [link(Math.min(page - 1, last), 'prev')] : []),
    ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
    ...(page > 1 ? [link(1, 'first')] : []),
  ];
  const body = items.slice((page - 1) * perPage, page * perPage);
  return { status: 200, headers: links.length ? { link: links.join(', ') } : {}, body };
}

function matches(match: RequestMatch, req: RecordedRequest): boolean {
  if (match.method && match.method.toUpperCase() !== req.method) return false;
  return typeof match.path === 'string' ? match.path === req.path : match.path.test(req.path);
}

const error = (message: string) => ({ message, documentation_url: DOCS });

function jwtClaims(jwt: string): Record<string, unknown> | null {
  const [header, payload, signature] = jwt.split('.');
  if (!header || !payload || !signature) return null;
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return undefined;
  if (!String(req.headers['content-type']).includes('json')) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const DEFAULT_PERSON: FakePerson = { name: 'Dev Eloper', email: 'dev@example.com', login: 'dev' };
const DATE = '2024-05-01T12:00:00Z';

function person(p: FakePerson) {
  return { name: p.name, email: p.email, date: DATE };
}

function account(p: FakePerson) {
  return p.login ? { login: p.login, id: 1000 + p.login.length, type: p.login.endsWith('[bot]') ? 'Bot' : 'User' } : null;
}

function commitJson(base: string, repo: string, c: FakeCommit) {
  const author = c.author ?? DEFAULT_PERSON;
  const committer = c.committer ?? author;
  return {
    sha: c.sha,
    url: `${base}/repos/${repo}/commits/${c.sha}`,
    commit: { author: person(author), committer: person(committer), message: c.message, comment_count: 0 },
    author: account(author),
    committer: account(committer),
    parents: [],
  };
}

function fileJson(f: FakeFile) {
  return {
    filename: f.filename,
    status: f.status ?? (f.previous_filename ? 'renamed' : 'modified'),
    additions: f.additions,
    deletions: f.deletions,
    changes: f.additions + f.deletions,
    ...(f.previous_filename ? { previous_filename: f.previous_filename } : {}),
  };
}

function pullJson(base: string, repo: string, pull: FakePull) {
  const files = pull.files ?? [];
  return {
    url: `${base}/repos/${repo}/pulls/${pull.number}`,
    number: pull.number,
    state: 'open',
    title: `Pull request ${pull.number}`,
    user: { login: 'dev', type: 'User' },
    draft: false,
    base: { ref: pull.base.ref, sha: pull.base.sha, repo: { full_name: repo } },
    head: { ref: pull.head.ref, sha: pull.head.sha, repo: { full_name: repo } },
    commits: pull.commits?.length ?? 0,
    changed_files: files.length,
    additions: files.reduce((n, f) => n + f.additions, 0),
    deletions: files.reduce((n, f) => n + f.deletions, 0),
    ...pull.fields,
  };
}
