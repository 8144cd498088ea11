import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TransientError, type PullRef } from '../../src/app/ports.js';
import { createGitHubSourceHost } from '../../src/github/source-host.js';
import { startFakeGitHub, type FakeCommit, type FakeFile, type FakeGitHub } from '../support/fake-github.js';
import { appPrivateKey } from '../support/github-app.js';

const APP_ID = 4242;
const REPO = 'acme/api';
const PR: PullRef = { owner: 'acme', repo: 'api', number: 12, installationId: 77 };
const NOW = new Date('2024-05-01T12:00:00Z');
const BASE = { ref: 'main', sha: 'b'.repeat(40) };
const HEAD = { ref: 'feature/x', sha: 'f'.repeat(40) };

let privateKey: string;
let gh: FakeGitHub;

beforeAll(() => { privateKey = appPrivateKey(); });
beforeEach(async () => {
  gh = await startFakeGitHub({ appId: APP_ID });
});
afterEach(() => gh.close());

const host = (baseUrl = gh.url) => createGitHubSourceHost({ appId: APP_ID, privateKey, baseUrl, clock: { now: () => NOW } });
const commits = (n: number): FakeCommit[] =>
  Array.from({ length: n }, (_, i) => ({ sha: String(i).padStart(40, '0'), message: `commit ${i}` }));
const files = (n: number): FakeFile[] =>
  Array.from({ length: n }, (_, i) => ({ filename: `src/f${i}.ts`, additions: i, deletions: 1 }));
const pull = (extra: { commits?: FakeCommit[]; files?: FakeFile[] } = {}) => gh.addPull(REPO, { number: 12, base: BASE, head: HEAD, ...extra });
const failure = (p: Promise<unknown>) => p.then(() => expect.fail('expected a rejection'), (e: unknown) => e);

describe('GitHub App authentication', () => {
  it('exchanges the app JWT for an installation token once and reuses it', async () => {
    pull({ commits: commits(2), files: files(2) });
    gh.addFile(REPO, 'main', 'CODEOWNERS', '* @acme/core\n');
    const source = host();

    await source.listCommits(PR);
    await source.listFiles(PR);
    await source.readCodeowners(PR, 'main');

    expect(gh.find('POST', '/app/installations/77/access_tokens')).toHaveLength(1);
    const [token] = [...gh.tokens.keys()];
    const repoCalls = gh.requests.filter((r) => r.path.startsWith('/repos/'));
    expect(repoCalls.length).toBeGreaterThanOrEqual(3);
    for (const call of repoCalls) expect(call.headers.authorization).toBe(`token ${token}`);
  });

  it('keeps one token per installation', async () => {
    gh.addPull('acme/web', { number: 3, base: BASE, head: HEAD, files: files(1) });
    pull({ files: files(1) });
    const source = host();

    await source.listFiles(PR);
    await source.listFiles({ owner: 'acme', repo: 'web', number: 3, installationId: 78 });
    await source.listFiles(PR);

    expect(gh.find('POST', /^\/app\/installations\/\d+\/access_tokens$/).map((r) => r.path)).toEqual([
      '/app/installations/77/access_tokens',
      '/app/installations/78/access_tokens',
    ]);
  });

  it('refuses a pull request with no installation, without calling GitHub', async () => {
    const error = await failure(host().listCommits({ ...PR, installationId: null }));
    expect(String(error)).toMatch(/cannot read acme\/api#12: no GitHub App installation id/);
    expect(gh.requests).toHaveLength(0);
  });
});

describe('listCommits', () => {
  it('maps author and committer names, emails and logins', async () => {
    pull({
      commits: [{
        sha: 'a'.repeat(40),
        message: 'Add parser\n\nCo-authored-by: Claude <noreply@anthropic.com>',
        author: { name: 'Ada', email: 'ada@acme.test', login: 'ada' },
        committer: { name: 'GitHub', email: 'noreply@github.com', login: null },
      }],
    });
    expect(await host().listCommits(PR)).toEqual([{
      sha: 'a'.repeat(40),
      message: 'Add parser\n\nCo-authored-by: Claude <noreply@anthropic.com>',
      author_name: 'Ada', author_email: 'ada@acme.test', author_login: 'ada',
      committer_name: 'GitHub', committer_email: 'noreply@github.com', committer_login: null,
    }]);
  });

  it('pages through the pull request commits when there are fewer than 250', async () => {
    pull({ commits: commits(120) });
    const listed = await host().listCommits(PR);
    expect(listed.map((c) => c.sha)).toEqual(commits(120).map((c) => c.sha));
    expect(gh.find('GET', '/repos/acme/api/pulls/12/commits').map((r) => r.query)).toEqual([{ per_page: '100' }, { per_page: '100', page: '2' }]);
    expect(gh.find('GET', '/repos/acme/api/pulls/12')).toHaveLength(0);
  });

  it('keeps to the pull request endpoint at exactly 250 commits', async () => {
    pull({ commits: commits(250) });
    expect(await host().listCommits(PR)).toHaveLength(250);
    expect(gh.find('GET', '/repos/acme/api/pulls/12')).toHaveLength(1);
    expect(gh.find('GET', /\/compare\//)).toHaveLength(0);
  });

  it('compares base...head for more than 250 commits and returns them all, in order', async () => {
    pull({ commits: commits(260) });
    const listed = await host().listCommits(PR);

    expect(listed.map((c) => c.sha)).toEqual(commits(260).map((c) => c.sha));
    expect(gh.find('GET', '/repos/acme/api/pulls/12/commits')).toHaveLength(1); // the capped list is abandoned after page 1
    expect(gh.find('GET', `/repos/acme/api/compare/${BASE.sha}...${HEAD.sha}`).map((r) => r.query.page)).toEqual(['1', '2', '3']);
  });
});

describe('listFiles', () => {
  it('reads all 3,000 files GitHub returns, over 30 pages', async () => {
    pull({ files: [{ filename: 'src/new.ts', previous_filename: 'src/old.ts', additions: 3, deletions: 2 }, ...files(3100)] });
    const listed = await host().listFiles(PR);

    expect(listed).toHaveLength(3000);
    expect(listed[0]).toEqual({ path: 'src/new.ts', previousPath: 'src/old.ts', additions: 3, deletions: 2 });
    expect(listed[2999]).toEqual({ path: 'src/f2998.ts', previousPath: null, additions: 2998, deletions: 1 });
    expect(gh.find('GET', '/repos/acme/api/pulls/12/files')).toHaveLength(30);
  });
});

describe('readCodeowners', () => {
  const cases: { name: string; present: string[]; found: string | null }[] = [
    { name: '.github/ wins over root and docs/', present: ['.github/CODEOWNERS', 'CODEOWNERS', 'docs/CODEOWNERS'], found: '.github/CODEOWNERS' },
    { name: 'root wins over docs/', present: ['CODEOWNERS', 'docs/CODEOWNERS'], found: 'CODEOWNERS' },
    { name: 'docs/ is the last resort', present: ['docs/CODEOWNERS'], found: 'docs/CODEOWNERS' },
    { name: 'none anywhere', present: [], found: null },
  ];
  for (const { name, present, found } of cases) {
    it(name, async () => {
      pull();
      for (const path of present) gh.addFile(REPO, 'main', path, `# ${path}\n* @acme/core\n`);
      gh.addFile(REPO, 'other', '.github/CODEOWNERS', '* @acme/wrong-branch\n');

      const result = await host().readCodeowners(PR, 'main');

      expect(result).toEqual(found ? { path: found, text: `# ${found}\n* @acme/core\n` } : null);
      for (const r of gh.find('GET', /\/contents\//)) expect(r.query.ref).toBe('main');
    });
  }

  it('fails instead of answering "no CODEOWNERS" when the base ref does not exist', async () => {
    pull();
    const error = await failure(host().readCodeowners(PR, 'gone'));
    expect(error).not.toBeInstanceOf(TransientError);
    expect(String(error)).toMatch(/reading CODEOWNERS of acme\/api#12 at gone: No commit found/);
  });
});

describe('errors', () => {
  const commitsPath = '/repos/acme/api/pulls/12/commits';

  it('treats a 503 as transient', async () => {
    pull({ commits: commits(1) });
    gh.failNext({ path: commitsPath }, { status: 503 });
    const error = await failure(host().listCommits(PR));
    expect(error).toBeInstanceOf(TransientError);
    expect(error).toMatchObject({ retryAfterMs: null, message: expect.stringMatching(/^listing commits of acme\/api#12: /) });
  });

  it('treats an exhausted rate limit as transient until x-ratelimit-reset', async () => {
    pull({ commits: commits(1) });
    const reset = NOW.getTime() / 1000 + 90;
    gh.failNext({ path: commitsPath }, {
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
      body: { message: 'API rate limit exceeded for installation ID 77.', documentation_url: 'https://docs.github.com/rest' },
    });
    expect(await failure(host().listCommits(PR))).toMatchObject({ name: 'TransientError', retryAfterMs: 90_000 });
  });

  it('treats a 429 as transient for retry-after seconds', async () => {
    pull({ files: files(1) });
    gh.failNext({ path: '/repos/acme/api/pulls/12/files' }, { status: 429, headers: { 'retry-after': '7' } });
    expect(await failure(host().listFiles(PR))).toMatchObject({ name: 'TransientError', retryAfterMs: 7000 });
  });

  it('waits a minute on a secondary rate limit that names no wait', async () => {
    pull({ commits: commits(1) });
    gh.failNext({ path: commitsPath }, { status: 403, body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' } });
    expect(await failure(host().listCommits(PR))).toMatchObject({ name: 'TransientError', retryAfterMs: 60_000 });
  });

  it('treats a failing token exchange as transient', async () => {
    pull({ commits: commits(1) });
    gh.failNext({ method: 'POST', path: '/app/installations/77/access_tokens' }, { status: 502 });
    expect(await failure(host().listCommits(PR))).toBeInstanceOf(TransientError);
  });

  it('treats an unreachable GitHub as transient', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));

    expect(await failure(host(`http://127.0.0.1:${port}`).listCommits(PR))).toBeInstanceOf(TransientError);
  });

  it('lets a missing pull request fail for good, saying what it was doing', async () => {
    const error = await failure(host().listCommits(PR));
    expect(error).not.toBeInstanceOf(TransientError);
    expect(error).toMatchObject({ status: 404, message: 'listing commits of acme/api#12: Not Found - https://docs.github.com/rest' });
  });
});
