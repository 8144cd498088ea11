/**
 * A stand-in for GitHub's REST API on a real socket, for end-to-end tests: point a real
 * Octokit at `url`. It records every request, answers from a route table, and can be told
 * to fail. Built-in routes cover GitHub App auth and the reads of the source host:
 *
 *   POST /app/installations/:id/access_tokens        JWT whose `iss` is the app id → { token, expires_at }
 *   GET  /repos/:owner/:repo/pulls/:number           the PR (base/head, commit count)
 *   GET  /repos/:owner/:repo/pulls/:number/commits   paginated, capped at 250 like GitHub
 *   GET  /repos/:owner/:repo/pulls/:number/files     paginated, capped at 3,000 like GitHub
 *   GET  /repos/:owner/:repo/compare/:base...:head   a registered PR's base...head or an addCompare, paginated, files with patch
 *   GET  /repos/:owner/:repo/commits/:ref            one commit (tree sha, parents, files) from addPull / addCommit
 *   GET  /repos/:owner/:repo/contents/*path?ref=     files registered with addFile
 *   GET  /app                                         the app itself (app JWT)
 *   GET  /orgs/:org/installation, /orgs/:org/teams/:slug/members   organisations set up through `orgs` (fake-github-orgs.ts)
 *
 * and the writes of the sign-off gate, kept as state tests can read back (`checkRuns`,
 * `statuses`, `comments`):
 *
 *   POST  /repos/:owner/:repo/check-runs                     201; validated like GitHub (see createCheckRun)
 *   PATCH /repos/:owner/:repo/check-runs/:id                 200
 *   GET   /repos/:owner/:repo/check-runs/:id
 *   GET   /repos/:owner/:repo/commits/:ref/check-runs        check_name, status, app_id, filter=latest|all; { total_count, check_runs }, paginated
 *   POST  /repos/:owner/:repo/statuses/:sha                  201; description at most 140 characters
 *   GET   /repos/:owner/:repo/commits/:ref/statuses          newest first, paginated
 *   GET   /repos/:owner/:repo/commits/:ref/status            the combined status
 *   GET   /repos/:owner/:repo/issues/:number/comments        oldest first, paginated
 *   POST  /repos/:owner/:repo/issues/:number/comments        201, authored by `countersign-test[bot]`
 *   GET   /repos/:owner/:repo/issues/comments/:id
 *   PATCH /repos/:owner/:repo/issues/comments/:id
 *
 * Repository routes want an installation token this fake issued. Add more routes with
 * `route()`; the latest route added wins, so a test can override a built-in one. Anything
 * unrouted is recorded and answered 404.
 */
import { createHash } from 'node:crypto';
import { createServer, STATUS_CODES, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { appPrivateKey } from './github-app.js';
import { fakeOrganisations, type FakeOrganisations } from './fake-github-orgs.js';

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

export interface FakeFailure extends FakeResponse {
  /**
   * Route the request as usual first (its effect happens), then answer with this failure:
   * the answer GitHub sent was lost on the way back.
   */
  applied?: boolean;
}

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
  /** The commit's tree SHA; by default one derived from `sha` (so every commit has its own tree). */
  tree?: string;
  parents?: string[];
  /** What `GET /commits/:sha` lists as the commit's changes. */
  files?: FakeFile[];
}

export interface FakeFile {
  filename: string;
  previous_filename?: string;
  additions: number;
  deletions: number;
  status?: 'added' | 'removed' | 'modified' | 'renamed';
  /** The unified diff hunk text, as GitHub sends it (absent for binary or very large files). */
  patch?: string;
}

/** An explicit `GET /compare/:base...:head` answer, for comparisons that are not a PR's base...head. */
export interface FakeComparison {
  commits?: FakeCommit[];
  files?: FakeFile[];
  status?: 'ahead' | 'behind' | 'diverged' | 'identical';
  merge_base?: string;
}

/** A check run as GitHub returns it (the fields the REST API documents). */
export interface FakeCheckRun {
  id: number;
  node_id: string;
  name: string;
  head_sha: string;
  external_id: string | null;
  url: string;
  html_url: string;
  details_url: string | null;
  status: 'queued' | 'in_progress' | 'completed';
  conclusion: string | null;
  started_at: string | null;
  completed_at: string | null;
  output: { title: string | null; summary: string | null; text: string | null; annotations_count: number; annotations_url: string };
  check_suite: { id: number };
  app: FakeAppJson;
  pull_requests: unknown[];
}

export interface FakeStatus {
  id: number;
  node_id: string;
  url: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  description: string | null;
  target_url: string | null;
  context: string;
  created_at: string;
  updated_at: string;
  creator: FakeUser;
}

export interface FakeComment {
  id: number;
  node_id: string;
  url: string;
  html_url: string;
  issue_url: string;
  body: string;
  user: FakeUser;
  created_at: string;
  updated_at: string;
  author_association: string;
  performed_via_github_app: FakeAppJson | null;
}

export interface FakeUser {
  login: string;
  id: number;
  type: 'User' | 'Bot';
}

export interface FakeAppJson {
  id: number;
  slug: string;
  name: string;
  owner: FakeUser;
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
  /** Organisations with teams and the app's installation on them (none until a test adds one). */
  readonly orgs: FakeOrganisations;
  /** Registers a PR of `repo` ("owner/name"); its base and head refs and SHAs become known refs. */
  addPull(repo: string, pull: FakePull): void;
  /** Puts a file at `path` on `ref` (a branch name or SHA) for the contents API. */
  addFile(repo: string, ref: string, path: string, text: string): void;
  /** Registers a commit outside any PR (an old head, a rebased one) for `GET /commits/:sha`. */
  addCommit(repo: string, commit: FakeCommit): void;
  /** Registers the answer of `GET /compare/:base...:head` (base and head as the request names them). */
  addCompare(repo: string, base: string, head: string, comparison: FakeComparison): void;
  /** A comment on issue or PR `number` by someone else (a person by default), as if made on github.com. */
  addComment(repo: string, number: number, body: string, user?: { login: string; type?: 'User' | 'Bot' }): FakeComment;
  /**
   * The next `times` requests matching `match` get `response` instead of being routed; with
   * `applied: true` they are routed first and the answer is then replaced (a lost answer).
   */
  failNext(match: RequestMatch, response: FakeFailure, times?: number): void;
  route(method: string, pattern: string, handler: FakeHandler, auth?: FakeAuth): void;
  /**
   * A one-time code as GitHub's manifest flow puts it in its redirect;
   * `POST /app-manifests/:code/conversions` turns it into a new app (once).
   */
  issueManifestCode(): string;
  /** Recorded requests with this method and path (exact or pattern). */
  find(method: string, path: string | RegExp): RecordedRequest[];
  /** Every check run on `sha` of `repo`, by any app, oldest first: what the PR's checks tab is built from. */
  checkRuns(repo: string, sha: string): FakeCheckRun[];
  /** Every commit status on `sha` of `repo`, oldest first. */
  statuses(repo: string, sha: string): FakeStatus[];
  /** The comments on issue or PR `number` of `repo`, oldest first, as the conversation shows them. */
  comments(repo: string, number: number): FakeComment[];
  close(): Promise<void>;
}

const DOCS = 'https://docs.github.com/rest';
const PULL_COMMITS_CAP = 250;
const PULL_FILES_CAP = 3000;
/** The limits GitHub enforces on what the gate writes (see the routes below). */
const CHECK_OUTPUT_MAX_BYTES = 65535;
const STATUS_DESCRIPTION_MAX = 140;
const COMMENT_BODY_MAX = 65536;
export const FAKE_APP_SLUG = 'countersign-test';

interface Route { method: string; regex: RegExp; names: string[]; handler: FakeHandler; auth: FakeAuth }
interface Repo {
  pulls: Map<number, FakePull>;
  files: Map<string, string>;
  refs: Set<string>;
  commits: Map<string, FakeCommit>;
  comparisons: Map<string, FakeComparison>;
  checkRuns: FakeCheckRun[];
  statuses: (FakeStatus & { sha: string })[];
  comments: (FakeComment & { number: number })[];
  /** Issue numbers that exist without a registered PR (commented on through addComment). */
  issues: Set<number>;
}

export async function startFakeGitHub(options: { appId?: number | string } = {}): Promise<FakeGitHub> {
  const appId = String(options.appId ?? 12345);
  const requests: RecordedRequest[] = [];
  const routes: Route[] = [];
  const failures: { match: RequestMatch; response: FakeFailure; left: number }[] = [];
  const tokens = new Map<string, number>();
  const repos = new Map<string, Repo>();
  const repoOf = (fullName: string) => {
    let repo = repos.get(fullName);
    if (!repo) {
      repo = {
        pulls: new Map(), files: new Map(), refs: new Set(['main']), commits: new Map(), comparisons: new Map(),
        checkRuns: [], statuses: [], comments: [], issues: new Set(),
      };
      repos.set(fullName, repo);
    }
    return repo;
  };
  let lastId = 0;
  const nextId = () => ++lastId; // GitHub's ids are unique across repositories

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
    if (failure) failure.left--;
    if (failure?.response.applied) await routed(recorded, req, url);
    if (failure) {
      const { applied: _applied, ...response } = failure.response;
      return { ...response, body: response.body ?? error(STATUS_CODES[response.status] ?? 'Error') };
    }
    return routed(recorded, req, url);
  }

  async function routed(recorded: RecordedRequest, req: IncomingMessage, url: URL): Promise<FakeResponse> {
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
  const manifestCodes = new Set<string>();
  let codesIssued = 0;
  let orgs: FakeOrganisations | null = null;
  const fake: FakeGitHub = {
    get orgs() {
      return orgs!;
    },
    issueManifestCode() {
      const code = `manifest-code-${++codesIssued}`;
      manifestCodes.add(code);
      return code;
    },
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
      for (const commit of pull.commits ?? []) r.commits.set(commit.sha, commit);
    },
    addFile(repo, ref, path, text) {
      const r = repoOf(repo);
      r.refs.add(ref);
      r.files.set(`${ref}:${path}`, text);
    },
    addCommit(repo, commit) {
      const r = repoOf(repo);
      r.refs.add(commit.sha);
      r.commits.set(commit.sha, commit);
    },
    addCompare(repo, base, head, comparison) {
      repoOf(repo).comparisons.set(`${base}...${head}`, comparison);
    },
    addComment(repo, number, body, user = { login: 'octocat' }) {
      const r = repoOf(repo);
      r.issues.add(number);
      const type = user.type ?? (user.login.endsWith('[bot]') ? 'Bot' : 'User');
      const comment = newComment(repo, number, body, { login: user.login, id: 1000 + user.login.length, type }, null);
      r.comments.push(comment);
      return clone(withoutKeys(comment, 'number'));
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
    checkRuns: (repo, sha) => clone(repos.get(repo)?.checkRuns.filter((run) => run.head_sha === sha) ?? []),
    statuses: (repo, sha) => clone(repos.get(repo)?.statuses.filter((st) => st.sha === sha).map((st) => withoutKeys(st, 'sha')) ?? []),
    comments: (repo, number) => clone(repos.get(repo)?.comments.filter((c) => c.number === number).map((c) => withoutKeys(c, 'number')) ?? []),
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

  const app: FakeAppJson = { id: Number(appId), slug: FAKE_APP_SLUG, name: 'Countersign (test)', owner: { login: 'acme', id: 1, type: 'User' } };
  const appUser: FakeUser = { login: `${FAKE_APP_SLUG}[bot]`, id: 41_000_000 + Number(appId), type: 'Bot' };

  // GitHub's manifest flow: the code is single-use and needs no authentication.
  fake.route('POST', '/app-manifests/:code/conversions', ({ params }) => {
    if (!manifestCodes.delete(params.code!)) return { status: 404, body: error('Not Found') };
    return {
      status: 201,
      body: {
        id: 424242, slug: 'countersign-acme', node_id: 'A_1', name: 'Countersign (acme)', owner: { login: 'acme', id: 1, type: 'Organization' },
        html_url: 'https://github.com/apps/countersign-acme', client_id: 'Iv1.fake', client_secret: 'fake-client-secret',
        webhook_secret: 'fake-webhook-secret-from-github', pem: appPrivateKey(),
        permissions: { checks: 'write', pull_requests: 'write', contents: 'read', members: 'read', metadata: 'read' }, events: ['pull_request'],
        created_at: '2026-11-23T09:00:00Z', updated_at: '2026-11-23T09:00:00Z',
      },
    };
  }, 'none');

  orgs = fakeOrganisations(fake);

  fake.route('GET', '/app', () => ({
    status: 200,
    body: { ...app, installations_count: tokens.size || 1 },
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

  // Only comparisons registered with addCompare, or a registered PR's base...head (by SHA or branch name).
  fake.route('GET', '/repos/:owner/:repo/compare/:basehead', (req) => {
    const repo = `${req.params.owner}/${req.params.repo}`;
    const [base = '', head = ''] = (req.params.basehead ?? '').split('...');
    const explicit = repos.get(repo)?.comparisons.get(`${base}...${head}`);
    const pull = explicit ? undefined : [...(repos.get(repo)?.pulls.values() ?? [])].find(
      (p) => [p.base.sha, p.base.ref].includes(base) && [p.head.sha, p.head.ref].includes(head),
    );
    const found: FakeComparison | undefined = explicit ?? (pull ? { commits: pull.commits ?? [], files: pull.files ?? [], merge_base: pull.base.sha } : undefined);
    if (!found) return notFound;
    const all = (found.commits ?? []).map((c) => commitJson(fake.url, repo, c));
    const paged = 'page' in req.query || 'per_page' in req.query;
    // Unpaged, GitHub returns the newest 250; paged, the files come on the first page only.
    const page = paged ? pageOf(req, all) : { status: 200, headers: {}, body: all.slice(-PULL_COMMITS_CAP) };
    const firstPage = !paged || Number(req.query.page ?? 1) <= 1;
    return {
      ...page,
      body: {
        url: `${fake.url}/repos/${repo}/compare/${base}...${head}`,
        status: found.status ?? (all.length ? 'ahead' : 'identical'), ahead_by: all.length, behind_by: 0, total_commits: all.length,
        base_commit: { sha: found.merge_base ?? base }, merge_base_commit: { sha: found.merge_base ?? base },
        commits: page.body,
        files: firstPage ? (found.files ?? []).slice(0, 300).map(fileJson) : [],
      },
    };
  });

  /** A SHA, or a branch a registered PR names, as the commit it points to (null when unknown). */
  function commitAt(repo: Repo | undefined, ref: string): FakeCommit | null {
    if (!repo) return null;
    const known = repo.commits.get(ref);
    if (known) return known;
    for (const p of repo.pulls.values()) {
      if (ref === p.head.ref || ref === p.head.sha) return repo.commits.get(p.head.sha) ?? { sha: p.head.sha, message: `Commit ${p.head.sha.slice(0, 7)}` };
      if (ref === p.base.ref || ref === p.base.sha) return repo.commits.get(p.base.sha) ?? { sha: p.base.sha, message: `Commit ${p.base.sha.slice(0, 7)}` };
    }
    return SHA.test(ref) && repo.refs.has(ref) ? { sha: ref, message: `Commit ${ref.slice(0, 7)}` } : null;
  }
  const noCommit = (ref: string): FakeResponse => ({ status: 422, body: error(`No commit found for SHA: ${ref}`) });
  /** Check runs and statuses may be written for any SHA-shaped ref; GitHub would also want the commit to exist. */
  const shaOf = (repo: Repo | undefined, ref: string) => commitAt(repo, ref)?.sha ?? (SHA.test(ref) ? ref : null);

  fake.route('GET', '/repos/:owner/:repo/commits/:ref', ({ params }) => {
    const repo = `${params.owner}/${params.repo}`;
    const commit = commitAt(repos.get(repo), params.ref ?? '');
    if (!commit) return noCommit(params.ref ?? '');
    const files = commit.files ?? [];
    const additions = files.reduce((n, f) => n + f.additions, 0);
    const deletions = files.reduce((n, f) => n + f.deletions, 0);
    return { status: 200, body: { ...commitJson(fake.url, repo, commit), stats: { additions, deletions, total: additions + deletions }, files: files.map(fileJson) } };
  });

  // --- Check runs -------------------------------------------------------------------------

  const checkRunOf = (p: Record<string, string>) => repos.get(`${p.owner}/${p.repo}`)?.checkRuns.find((r) => r.id === Number(p.id));

  /**
   * As GitHub validates a create: name and head_sha required; a `conclusion` makes the run
   * completed; a completed run (or a `completed_at`) needs a conclusion; output needs title and
   * summary, and summary and text are limited to 65535 *bytes* (GitHub's docs say characters,
   * its validator counts UTF-8 bytes: github/docs#35252).
   */
  fake.route('POST', '/repos/:owner/:repo/check-runs', ({ params, body }) => {
    const repoName = `${params.owner}/${params.repo}`;
    const repo = repoOf(repoName);
    const input = asObject(body);
    for (const field of ['name', 'head_sha'] as const) if (typeof input[field] !== 'string' || !input[field]) return missing(field);
    const sha = shaOf(repo, String(input.head_sha));
    if (!sha) return noCommit(String(input.head_sha));
    const invalid = invalidCheckRun(input, null);
    if (invalid) return invalid;
    const id = nextId();
    const run: FakeCheckRun = {
      id,
      node_id: `CR_fake${id}`,
      name: String(input.name),
      head_sha: sha,
      external_id: typeof input.external_id === 'string' ? input.external_id : '',
      url: `${fake.url}/repos/${repoName}/check-runs/${id}`,
      html_url: `https://github.com/${repoName}/runs/${id}`,
      details_url: typeof input.details_url === 'string' ? input.details_url : null,
      status: 'queued',
      conclusion: null,
      started_at: now(),
      completed_at: null,
      output: { title: null, summary: null, text: null, annotations_count: 0, annotations_url: `${fake.url}/repos/${repoName}/check-runs/${id}/annotations` },
      // GitHub makes one suite per app and head commit; later runs of the app on that commit join it.
      check_suite: { id: repo.checkRuns.find((r) => r.head_sha === sha)?.check_suite.id ?? nextId() },
      app,
      pull_requests: [],
    };
    applyCheckRun(run, input);
    repo.checkRuns.push(run);
    return { status: 201, body: run };
  });

  fake.route('PATCH', '/repos/:owner/:repo/check-runs/:id', ({ params, body }) => {
    const run = checkRunOf(params);
    if (!run) return notFound;
    const input = asObject(body);
    const invalid = invalidCheckRun(input, run);
    if (invalid) return invalid;
    applyCheckRun(run, input);
    return { status: 200, body: run };
  });

  fake.route('GET', '/repos/:owner/:repo/check-runs/:id', ({ params }) => {
    const run = checkRunOf(params);
    return run ? { status: 200, body: run } : notFound;
  });

  /** `filter=latest` (GitHub's default) keeps the newest run of each name; lists are newest first. */
  fake.route('GET', '/repos/:owner/:repo/commits/:ref/check-runs', (req) => {
    const repo = repos.get(`${req.params.owner}/${req.params.repo}`);
    const sha = shaOf(repo, req.params.ref ?? '');
    if (!sha) return noCommit(req.params.ref ?? '');
    const { check_name: name, status, app_id: appFilter, filter = 'latest' } = req.query;
    let runs = (repo?.checkRuns ?? [])
      .filter((r) => r.head_sha === sha && (!name || r.name === name) && (!status || r.status === status) && (!appFilter || String(r.app.id) === appFilter))
      .sort((a, b) => b.id - a.id);
    if (filter === 'latest') runs = runs.filter((r, i) => runs.findIndex((o) => o.name === r.name) === i);
    const page = pageOf(req, runs);
    return { ...page, body: { total_count: runs.length, check_runs: page.body } };
  });

  // --- Commit statuses --------------------------------------------------------------------

  fake.route('POST', '/repos/:owner/:repo/statuses/:sha', ({ params, body }) => {
    const repoName = `${params.owner}/${params.repo}`;
    const repo = repoOf(repoName);
    const sha = shaOf(repo, params.sha ?? '');
    if (!sha) return noCommit(params.sha ?? '');
    const input = asObject(body);
    if (!['error', 'failure', 'pending', 'success'].includes(String(input.state))) return validation('Status', 'state', 'invalid', `state is not included in the list`);
    const description = typeof input.description === 'string' ? input.description : null;
    if (description !== null && [...description].length > STATUS_DESCRIPTION_MAX) {
      return validation('Status', 'description', 'custom', `description is too long (maximum is ${STATUS_DESCRIPTION_MAX} characters)`);
    }
    const id = nextId();
    const at = now();
    const status: FakeStatus & { sha: string } = {
      id,
      node_id: `SC_fake${id}`,
      url: `${fake.url}/repos/${repoName}/statuses/${sha}`,
      state: input.state as FakeStatus['state'],
      description,
      target_url: typeof input.target_url === 'string' ? input.target_url : null,
      context: typeof input.context === 'string' && input.context ? input.context : 'default',
      created_at: at,
      updated_at: at,
      creator: appUser,
      sha,
    };
    repo.statuses.push(status);
    return { status: 201, body: withoutKeys(status, 'sha') };
  });

  const statusesAt = (p: Record<string, string>) => {
    const repo = repos.get(`${p.owner}/${p.repo}`);
    const sha = shaOf(repo, p.ref ?? '');
    return sha ? (repo?.statuses ?? []).filter((st) => st.sha === sha).map((st) => withoutKeys(st, 'sha')).reverse() : null;
  };

  fake.route('GET', '/repos/:owner/:repo/commits/:ref/statuses', (req) => {
    const all = statusesAt(req.params);
    return all ? pageOf(req, all) : noCommit(req.params.ref ?? '');
  });

  fake.route('GET', '/repos/:owner/:repo/commits/:ref/status', (req) => {
    const all = statusesAt(req.params);
    if (!all) return noCommit(req.params.ref ?? '');
    const latest = all.filter((st, i) => all.findIndex((o) => o.context === st.context) === i);
    const states = latest.map((st) => st.state);
    const state = states.some((st) => st === 'failure' || st === 'error') ? 'failure' : states.length && states.every((st) => st === 'success') ? 'success' : 'pending';
    return { status: 200, body: { state, sha: shaOf(repos.get(`${req.params.owner}/${req.params.repo}`), req.params.ref ?? ''), total_count: latest.length, statuses: latest } };
  });

  // --- Issue comments ---------------------------------------------------------------------

  const issueExists = (p: Record<string, string>) => {
    const repo = repos.get(`${p.owner}/${p.repo}`);
    return repo?.pulls.has(Number(p.number)) || repo?.issues.has(Number(p.number)) ? repo : undefined;
  };
  const commentOf = (p: Record<string, string>) => repos.get(`${p.owner}/${p.repo}`)?.comments.find((c) => c.id === Number(p.id));

  fake.route('GET', '/repos/:owner/:repo/issues/:number/comments', (req) => {
    const repo = issueExists(req.params);
    if (!repo) return notFound;
    return pageOf(req, repo.comments.filter((c) => c.number === Number(req.params.number)).map((c) => withoutKeys(c, 'number')));
  });

  fake.route('POST', '/repos/:owner/:repo/issues/:number/comments', ({ params, body }) => {
    const repo = issueExists(params);
    if (!repo) return notFound;
    const text = asObject(body).body;
    const invalid = invalidCommentBody(text);
    if (invalid) return invalid;
    const comment = newComment(`${params.owner}/${params.repo}`, Number(params.number), String(text), appUser, app);
    repo.comments.push(comment);
    return { status: 201, body: withoutKeys(comment, 'number') };
  });

  fake.route('GET', '/repos/:owner/:repo/issues/comments/:id', ({ params }) => {
    const comment = commentOf(params);
    return comment ? { status: 200, body: withoutKeys(comment, 'number') } : notFound;
  });

  fake.route('PATCH', '/repos/:owner/:repo/issues/comments/:id', ({ params, body }) => {
    const comment = commentOf(params);
    if (!comment) return notFound;
    const text = asObject(body).body;
    const invalid = invalidCommentBody(text);
    if (invalid) return invalid;
    comment.body = String(text);
    comment.updated_at = now();
    return { status: 200, body: withoutKeys(comment, 'number') };
  });

  function newComment(repo: string, number: number, body: string, user: FakeUser, via: FakeAppJson | null): FakeComment & { number: number } {
    const id = nextId();
    const at = now();
    return {
      id,
      node_id: `IC_fake${id}`,
      url: `${fake.url}/repos/${repo}/issues/comments/${id}`,
      html_url: `https://github.com/${repo}/pull/${number}#issuecomment-${id}`,
      issue_url: `${fake.url}/repos/${repo}/issues/${number}`,
      body,
      user,
      created_at: at,
      updated_at: at,
      author_association: user.type === 'Bot' ? 'NONE' : 'MEMBER',
      performed_via_github_app: via,
      number,
    };
  }

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

const SHA = /^[0-9a-f]{40}$/;

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const clone = <T>(value: T): T => structuredClone(value);

function withoutKeys<T extends object, K extends keyof T>(value: T, ...keys: K[]): Omit<T, K> {
  const copy = { ...value };
  for (const key of keys) delete copy[key];
  return copy;
}

function asObject(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** GitHub's answer for a required parameter left out. */
const missing = (field: string): FakeResponse => ({ status: 422, body: error(`Invalid request.\n\n"${field}" wasn't supplied.`) });

function validation(resource: string, field: string, code: string, message: string): FakeResponse {
  return { status: 422, body: { message: 'Validation Failed', errors: [{ resource, code, field, message }], documentation_url: DOCS } };
}

function invalidCheckRun(input: Record<string, unknown>, existing: FakeCheckRun | null): FakeResponse | null {
  const statuses = ['queued', 'in_progress', 'completed'];
  if (input.status !== undefined && !statuses.includes(String(input.status))) return validation('CheckRun', 'status', 'invalid', 'status is not included in the list');
  const conclusions = ['action_required', 'cancelled', 'failure', 'neutral', 'success', 'skipped', 'timed_out'];
  if (input.conclusion !== undefined && !conclusions.includes(String(input.conclusion))) return validation('CheckRun', 'conclusion', 'invalid', 'conclusion is not included in the list');
  const completing = input.status === 'completed' || input.completed_at !== undefined;
  if (completing && input.conclusion === undefined && !existing?.conclusion) {
    return { status: 422, body: error('Invalid request.\n\n"conclusion" wasn\'t supplied. "completed_at" and a status of "completed" need a conclusion.') };
  }
  if (input.output !== undefined) {
    const output = asObject(input.output);
    if (!existing && (typeof output.title !== 'string' || !output.title)) return missing('title');
    if (typeof output.summary !== 'string') return missing('summary');
    for (const field of ['summary', 'text'] as const) {
      const value = output[field];
      if (typeof value === 'string' && Buffer.byteLength(value) > CHECK_OUTPUT_MAX_BYTES) {
        return validation('CheckRun', field, 'custom', `${field} exceeds a maximum bytesize of ${CHECK_OUTPUT_MAX_BYTES}`);
      }
    }
  }
  return null;
}

/**
 * Applies a validated create or update. Like GitHub, a conclusion completes the run, and moving
 * a completed run back to `queued`/`in_progress` changes its status but keeps its conclusion
 * and completed_at (GitHub cannot be told to clear them: Mergifyio/mergify#444).
 */
function applyCheckRun(run: FakeCheckRun, input: Record<string, unknown>): void {
  if (typeof input.name === 'string') run.name = input.name;
  if (typeof input.external_id === 'string') run.external_id = input.external_id;
  if (typeof input.details_url === 'string') run.details_url = input.details_url;
  if (typeof input.started_at === 'string') run.started_at = input.started_at;
  if (typeof input.status === 'string') run.status = input.status as FakeCheckRun['status'];
  if (typeof input.conclusion === 'string') {
    run.conclusion = input.conclusion;
    run.status = 'completed';
  }
  if (typeof input.completed_at === 'string') run.completed_at = input.completed_at;
  else if (run.status === 'completed' && (input.conclusion !== undefined || !run.completed_at)) run.completed_at = now();
  if (input.output !== undefined) {
    const output = asObject(input.output);
    if (typeof output.title === 'string') run.output.title = output.title;
    if (typeof output.summary === 'string') run.output.summary = output.summary;
    if (typeof output.text === 'string') run.output.text = output.text;
  }
}

/** Issue comments: a body is required and GitHub counts its limit in characters. */
function invalidCommentBody(body: unknown): FakeResponse | null {
  if (typeof body !== 'string' || !body) return missing('body');
  if ([...body].length > COMMENT_BODY_MAX) return validation('IssueComment', 'body', 'custom', `body is too long (maximum is ${COMMENT_BODY_MAX} characters)`);
  return null;
}

/** A tree SHA for commits registered without one: distinct per commit, stable across runs. */
export const treeOf = (sha: string) => createHash('sha1').update(`tree of ${sha}`).digest('hex');

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
    commit: {
      author: person(author), committer: person(committer), message: c.message, comment_count: 0,
      tree: { sha: c.tree ?? treeOf(c.sha), url: `${base}/repos/${repo}/git/trees/${c.tree ?? treeOf(c.sha)}` },
    },
    author: account(author),
    committer: account(committer),
    parents: (c.parents ?? []).map((sha) => ({ sha, url: `${base}/repos/${repo}/commits/${sha}` })),
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
    ...(f.patch !== undefined ? { patch: f.patch } : {}),
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
