import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CHECK_NAME, TransientError, type CheckRunUpdate, type RepoRef } from '../../src/app/ports.js';
import { createGitHubGate } from '../../src/github/gate.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { appPrivateKey } from '../support/github-app.js';

const APP_ID = 4242;
const REPO = 'acme/api';
const REF: RepoRef = { owner: 'acme', repo: 'api', installationId: 77 };
const PR = { ...REF, number: 12 };
const HEAD = 'f'.repeat(40);
const NEWER = 'e'.repeat(40);
const NOW = new Date('2024-05-01T12:00:00.250Z');
const MARKER = '<!-- countersign:change=acme/api#12 -->';

let privateKey: string;
let gh: FakeGitHub;

beforeAll(() => { privateKey = appPrivateKey(); });
beforeEach(async () => {
  gh = await startFakeGitHub({ appId: APP_ID });
  gh.addPull(REPO, { number: 12, base: { ref: 'main', sha: 'b'.repeat(40) }, head: { ref: 'feature/x', sha: HEAD } });
});
afterEach(() => gh.close());

const gate = () => createGitHubGate({ appId: APP_ID, privateKey, baseUrl: gh.url, clock: { now: () => NOW } });
const failure = (p: Promise<unknown>) => p.then(() => expect.fail('expected a rejection'), (e: unknown) => e);
const waiting = (extra: Partial<CheckRunUpdate> = {}): CheckRunUpdate => ({
  headSha: HEAD,
  externalId: `acme/api#12@${extra.headSha ?? HEAD}`,
  status: 'in_progress',
  output: { title: 'Waiting for a senior sign-off', summary: 'Needs one senior of @acme/payments.' },
  ...extra,
});
const signedOff = (extra: Partial<CheckRunUpdate> = {}) =>
  waiting({ status: 'completed', conclusion: 'success', output: { title: 'Signed off by @ada', summary: 'Ada signed off at f…f.' }, ...extra });
const checkRunWrites = () => gh.requests.filter((r) => /\/check-runs(\/\d+)?$/.test(r.path) && r.method !== 'GET');

describe('upsertCheckRun', () => {
  it('creates the run once, then updates it for the same external id', async () => {
    const g = gate();
    const id = await g.upsertCheckRun(REF, waiting());
    const again = await g.upsertCheckRun(REF, signedOff());

    expect(again).toBe(id);
    const runs = gh.checkRuns(REPO, HEAD);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      id, name: CHECK_NAME, head_sha: HEAD, external_id: `acme/api#12@${HEAD}`,
      status: 'completed', conclusion: 'success', started_at: '2024-05-01T12:00:00Z', completed_at: '2024-05-01T12:00:00Z',
      output: { title: 'Signed off by @ada', summary: 'Ada signed off at f…f.' },
      app: { id: APP_ID },
    });
    expect(checkRunWrites().map((r) => r.method)).toEqual(['POST', 'PATCH']);
    const [lookup] = gh.find('GET', `/repos/acme/api/commits/${HEAD}/check-runs`);
    expect(lookup?.query).toMatchObject({ check_name: CHECK_NAME, filter: 'all', app_id: String(APP_ID) });
  });

  it('sends no conclusion or completed_at while the run is in progress', async () => {
    await gate().upsertCheckRun(REF, waiting({ conclusion: 'failure', detailsUrl: 'https://countersign.acme.test/changes/1' }));

    const [create] = gh.find('POST', '/repos/acme/api/check-runs');
    expect(create?.body).not.toHaveProperty('conclusion');
    expect(create?.body).not.toHaveProperty('completed_at');
    expect(gh.checkRuns(REPO, HEAD)[0]).toMatchObject({ status: 'in_progress', conclusion: null, completed_at: null, details_url: 'https://countersign.acme.test/changes/1' });
  });

  it('leaves exactly one run when the answer to the create was lost and the write is retried', async () => {
    gh.failNext({ method: 'POST', path: '/repos/acme/api/check-runs' }, { status: 502, applied: true });
    const g = gate();

    expect(await failure(g.upsertCheckRun(REF, waiting()))).toBeInstanceOf(TransientError);
    expect(gh.checkRuns(REPO, HEAD)).toHaveLength(1); // GitHub did create it

    const id = await g.upsertCheckRun(REF, waiting());
    expect(gh.checkRuns(REPO, HEAD).map((r) => r.id)).toEqual([id]);
    expect(checkRunWrites().map((r) => r.method)).toEqual(['POST', 'PATCH']);
  });

  it('finds its run among many on the commit, past the first page', async () => {
    const g = gate();
    for (let i = 0; i < 120; i++) await g.upsertCheckRun(REF, waiting({ externalId: `other-${i}` }));
    const id = await g.upsertCheckRun(REF, waiting());
    expect(await g.upsertCheckRun(REF, signedOff({ externalId: `other-0` }))).toBe(gh.checkRuns(REPO, HEAD)[0]?.id);
    expect(await g.upsertCheckRun(REF, signedOff())).toBe(id);
    expect(gh.checkRuns(REPO, HEAD)).toHaveLength(121);
    expect(gh.find('GET', `/repos/acme/api/commits/${HEAD}/check-runs`).at(-1)).toMatchObject({ query: { page: '2', per_page: '100' } });
  });

  it('gives a different head SHA its own run', async () => {
    const g = gate();
    const first = await g.upsertCheckRun(REF, signedOff());
    const second = await g.upsertCheckRun(REF, waiting({ headSha: NEWER }));

    expect(second).not.toBe(first);
    expect(gh.checkRuns(REPO, HEAD)).toMatchObject([{ id: first, conclusion: 'success' }]);
    expect(gh.checkRuns(REPO, NEWER)).toMatchObject([{ id: second, status: 'in_progress' }]);
  });

  it('reopens a completed run as a new run, which GitHub then reports as the latest', async () => {
    const g = gate();
    const done = await g.upsertCheckRun(REF, signedOff());
    const reopened = await g.upsertCheckRun(REF, waiting({ output: { title: 'Sign-off revoked', summary: 'Ada revoked.' } }));
    const retried = await g.upsertCheckRun(REF, waiting({ output: { title: 'Sign-off revoked', summary: 'Ada revoked.' } }));

    expect(reopened).not.toBe(done);
    expect(retried).toBe(reopened);
    expect(gh.checkRuns(REPO, HEAD)).toMatchObject([
      { id: done, status: 'completed', conclusion: 'success' },
      { id: reopened, status: 'in_progress', conclusion: null },
    ]);
  });

  it('ignores a run of the same name and external id made by another app', async () => {
    const g = gate();
    const ours = await g.upsertCheckRun(REF, waiting());
    const run = gh.checkRuns(REPO, HEAD)[0]!;
    // As if GitHub had ignored app_id: the other app's run must still not be edited (GitHub would answer 403).
    gh.route('GET', '/repos/:owner/:repo/commits/:ref/check-runs', () => ({
      status: 200,
      body: { total_count: 1, check_runs: [{ ...run, id: 1, app: { ...run.app, id: 999, slug: 'impostor' } }] },
    }));

    const id = await g.upsertCheckRun(REF, signedOff());
    expect(id).not.toBe(1);
    expect(id).not.toBe(ours);
    expect(gh.find('PATCH', /\/check-runs\/\d+$/)).toHaveLength(0);
    expect(gh.find('POST', '/repos/acme/api/check-runs')).toHaveLength(2);
  });

  it('cuts a summary over 65535 bytes at a character boundary and says so', async () => {
    const summary = 'é'.repeat(40_000); // 80,000 bytes, 40,000 characters: GitHub counts the bytes
    await gate().upsertCheckRun(REF, waiting({ output: { title: 'Large', summary, text: 'x'.repeat(70_000) } }));

    const [run] = gh.checkRuns(REPO, HEAD);
    expect(Buffer.byteLength(run!.output.summary!)).toBeLessThanOrEqual(65535);
    expect(Buffer.byteLength(run!.output.summary!)).toBeGreaterThan(65400);
    expect(run!.output.summary).not.toContain('\uFFFD');
    expect(run!.output.summary).toMatch(/^é+\n\n… \(cut short/);
    expect(run!.output.text!.length).toBeLessThanOrEqual(65535);
  });

  it('refuses a completed run without a conclusion before calling GitHub', async () => {
    const error = await failure(gate().upsertCheckRun(REF, waiting({ status: 'completed' })));
    expect(String(error)).toMatch(/a completed check run needs a conclusion/);
    expect(gh.requests).toHaveLength(0);
  });
});

describe('setCommitStatus', () => {
  it('posts the status, with the description cut to 140 characters', async () => {
    await gate().setCommitStatus(REF, {
      sha: HEAD, state: 'pending', context: CHECK_NAME, description: `Waiting for ${'a very patient senior '.repeat(10)}`, targetUrl: 'https://countersign.acme.test/changes/1',
    });
    await gate().setCommitStatus(REF, { sha: HEAD, state: 'success', context: CHECK_NAME, description: 'Signed off by @ada' });

    const statuses = gh.statuses(REPO, HEAD);
    expect(statuses).toMatchObject([
      { state: 'pending', context: CHECK_NAME, target_url: 'https://countersign.acme.test/changes/1' },
      { state: 'success', context: CHECK_NAME, description: 'Signed off by @ada', target_url: null },
    ]);
    expect(statuses[0]!.description).toHaveLength(140);
    expect(statuses[0]!.description!.endsWith('…')).toBe(true);
  });
});

describe('upsertComment', () => {
  it('creates the comment once, then edits it, and leaves an unchanged body alone', async () => {
    const g = gate();
    const id = await g.upsertComment(PR, MARKER, `${MARKER}\nSigned off by @ada at ${HEAD.slice(0, 7)}.`);
    expect(await g.upsertComment(PR, MARKER, `${MARKER}\nSigned off by @ada and @bob.`)).toBe(id);
    expect(await g.upsertComment(PR, MARKER, `${MARKER}\nSigned off by @ada and @bob.`)).toBe(id);

    expect(gh.comments(REPO, 12)).toMatchObject([{ id, body: `${MARKER}\nSigned off by @ada and @bob.`, user: { login: 'countersign-test[bot]', type: 'Bot' } }]);
    expect(gh.find('POST', '/repos/acme/api/issues/12/comments')).toHaveLength(1);
    expect(gh.find('PATCH', `/repos/acme/api/issues/comments/${id}`)).toHaveLength(1);
    expect(gh.find('GET', '/repos/acme/api/issues/12/comments')[0]?.query).toMatchObject({ per_page: '100' });
  });

  it('ignores comments of people and other bots that quote the marker', async () => {
    const human = gh.addComment(REPO, 12, `> ${MARKER}\n> Signed off by @ada\nWhy was this signed off?`, { login: 'mallory' });
    const otherBot = gh.addComment(REPO, 12, `Mirrored: ${MARKER}`, { login: 'mirror[bot]' });
    const id = await gate().upsertComment(PR, MARKER, `${MARKER}\nSigned off by @ada.`);

    expect(id).not.toBe(human.id);
    expect(id).not.toBe(otherBot.id);
    expect(gh.comments(REPO, 12).map((c) => [c.user.login, c.body])).toEqual([
      ['mallory', human.body],
      ['mirror[bot]', otherBot.body],
      ['countersign-test[bot]', `${MARKER}\nSigned off by @ada.`],
    ]);
  });

  it('finds its comment among more than a page of others', async () => {
    for (let i = 0; i < 130; i++) gh.addComment(REPO, 12, `comment ${i}`);
    const g = gate();
    const id = await g.upsertComment(PR, MARKER, `${MARKER}\nfirst`);
    expect(await g.upsertComment(PR, MARKER, `${MARKER}\nsecond`)).toBe(id);
    expect(gh.comments(REPO, 12)).toHaveLength(131);
    expect(gh.find('GET', '/repos/acme/api/issues/12/comments').map((r) => r.query.page ?? '1')).toEqual(['1', '2', '1', '2']);
  });

  it('survives a lost answer to the create', async () => {
    gh.failNext({ method: 'POST', path: '/repos/acme/api/issues/12/comments' }, { status: 502, applied: true });
    const g = gate();
    expect(await failure(g.upsertComment(PR, MARKER, `${MARKER}\nSigned off.`))).toBeInstanceOf(TransientError);
    const id = await g.upsertComment(PR, MARKER, `${MARKER}\nSigned off.`);

    expect(gh.comments(REPO, 12).map((c) => c.id)).toEqual([id]);
    expect(gh.find('PATCH', /^\/repos\/acme\/api\/issues\/comments\//)).toHaveLength(0);
  });

  it('adds the marker when the body lacks it and keeps it when cutting a long body', async () => {
    const g = gate();
    await g.upsertComment(PR, MARKER, 'Signed off.');
    expect(gh.comments(REPO, 12).map((c) => c.body)).toEqual([`${MARKER}\nSigned off.`]);

    const id = await g.upsertComment(PR, MARKER, `${'🙂'.repeat(40_000)}\n${MARKER}`); // 80,000 UTF-16 units

    const [comment] = gh.comments(REPO, 12);
    expect(comment?.id).toBe(id);
    expect(comment?.body.startsWith(`${MARKER}\n🙂`)).toBe(true);
    expect(comment!.body.length).toBeLessThanOrEqual(65536);
    expect(comment!.body).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/); // no half emoji
  });
});

describe('the fake refuses what GitHub refuses', () => {
  const api = async () => {
    const { Octokit } = await import('@octokit/rest');
    const { createAppAuth } = await import('@octokit/auth-app');
    // These calls are refused on purpose: Octokit's default log would print each refusal.
    const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
    return new Octokit({ authStrategy: createAppAuth, auth: { appId: APP_ID, privateKey, installationId: 77 }, baseUrl: gh.url, log: quiet });
  };
  const status = (p: Promise<unknown>) => p.then(() => 'ok', (e: { status?: number; message?: string }) => `${e.status} ${e.message}`);

  it('a completed run without a conclusion, a summary over 65535 bytes, a long status or comment', async () => {
    const octokit = await api();
    const run = { owner: 'acme', repo: 'api', name: CHECK_NAME, head_sha: HEAD };
    expect(await status(octokit.rest.checks.create({ ...run, status: 'completed' }))).toMatch(/^422 .*"conclusion" wasn't supplied/s);
    expect(await status(octokit.rest.checks.create({ ...run, output: { title: 't', summary: 'é'.repeat(33_000) } }))).toMatch(/^422 .*summary exceeds a maximum bytesize of 65535/s);
    expect(await status(octokit.rest.repos.createCommitStatus({ owner: 'acme', repo: 'api', sha: HEAD, state: 'success', description: 'x'.repeat(141) }))).toMatch(/^422 .*maximum is 140/);
    expect(await status(octokit.rest.issues.createComment({ owner: 'acme', repo: 'api', issue_number: 12, body: 'x'.repeat(65_537) }))).toMatch(/^422 .*maximum is 65536/);
    expect(await status(octokit.rest.issues.createComment({ owner: 'acme', repo: 'api', issue_number: 99, body: 'x' }))).toMatch(/^404/);
    expect(gh.checkRuns(REPO, HEAD)).toEqual([]);
  });

  it('keeps the conclusion of a completed run moved back to in_progress, as GitHub does', async () => {
    const octokit = await api();
    const { data } = await octokit.rest.checks.create({ owner: 'acme', repo: 'api', name: CHECK_NAME, head_sha: HEAD, conclusion: 'success' });
    expect(data).toMatchObject({ status: 'completed', conclusion: 'success' });
    await octokit.rest.checks.update({ owner: 'acme', repo: 'api', check_run_id: data.id, status: 'in_progress' });
    expect(gh.checkRuns(REPO, HEAD)).toMatchObject([{ status: 'in_progress', conclusion: 'success' }]);
  });

  it('serves commits with their tree and comparisons with patches', async () => {
    const octokit = await api();
    const rebased = '1'.repeat(40);
    gh.addCommit(REPO, { sha: rebased, message: 'Rebased', tree: 't'.repeat(40), parents: ['b'.repeat(40)], files: [{ filename: 'a.ts', additions: 1, deletions: 0, patch: '@@ -0,0 +1 @@\n+x' }] });
    gh.addCompare(REPO, HEAD, rebased, { files: [] });

    const { data: commit } = await octokit.rest.repos.getCommit({ owner: 'acme', repo: 'api', ref: rebased });
    expect(commit).toMatchObject({ sha: rebased, commit: { tree: { sha: 't'.repeat(40) } }, parents: [{ sha: 'b'.repeat(40) }], files: [{ filename: 'a.ts', patch: '@@ -0,0 +1 @@\n+x' }] });
    const { data: head } = await octokit.rest.repos.getCommit({ owner: 'acme', repo: 'api', ref: HEAD });
    expect(head.commit.tree.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(head.commit.tree.sha).not.toBe(commit.commit.tree.sha);
    const { data: same } = await octokit.rest.repos.compareCommitsWithBasehead({ owner: 'acme', repo: 'api', basehead: `${HEAD}...${rebased}` });
    expect(same).toMatchObject({ status: 'identical', total_commits: 0, files: [] });
    expect(await status(octokit.rest.repos.getCommit({ owner: 'acme', repo: 'api', ref: '2'.repeat(40) }))).toMatch(/^422 No commit found/);
  });
});

describe('errors', () => {
  const lookup = `/repos/acme/api/commits/${HEAD}/check-runs`;

  it('treats a 503 as transient, saying what it was doing', async () => {
    gh.failNext({ path: lookup }, { status: 503 });
    const error = await failure(gate().upsertCheckRun(REF, waiting()));
    expect(error).toBeInstanceOf(TransientError);
    expect(error).toMatchObject({ retryAfterMs: null, message: expect.stringMatching(/^writing the "Countersign \/ senior sign-off" check run on acme\/api@fffffff: /) });
  });

  it('treats a 429 as transient for retry-after seconds', async () => {
    gh.failNext({ path: '/repos/acme/api/issues/12/comments' }, { status: 429, headers: { 'retry-after': '7' } });
    expect(await failure(gate().upsertComment(PR, MARKER, 'x'))).toMatchObject({ name: 'TransientError', retryAfterMs: 7000 });
  });

  it('treats an exhausted rate limit (403) as transient until x-ratelimit-reset', async () => {
    gh.failNext({ path: `/repos/acme/api/statuses/${HEAD}` }, {
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(NOW.getTime() / 1000) + 90) },
      body: { message: 'API rate limit exceeded for installation ID 77.' },
    });
    const error = await failure(gate().setCommitStatus(REF, { sha: HEAD, state: 'pending', context: CHECK_NAME, description: 'Waiting' }));
    expect(error).toBeInstanceOf(TransientError);
    expect((error as TransientError).retryAfterMs).toBeGreaterThan(89_000);
    expect((error as TransientError).retryAfterMs).toBeLessThanOrEqual(90_000);
  });

  it('lets a refused write fail for good, keeping its status', async () => {
    gh.failNext({ method: 'POST', path: '/repos/acme/api/check-runs' }, { status: 403, body: { message: 'Resource not accessible by integration' } });
    const error = await failure(gate().upsertCheckRun(REF, waiting()));
    expect(error).not.toBeInstanceOf(TransientError);
    expect(error).toMatchObject({ status: 403, message: expect.stringMatching(/^writing the .* check run on acme\/api@fffffff: Resource not accessible by integration/) });
  });

  it('refuses a repository with no installation, without calling GitHub', async () => {
    const g = gate();
    const none = { ...REF, installationId: null };
    for (const attempt of [
      g.upsertCheckRun(none, waiting()),
      g.setCommitStatus(none, { sha: HEAD, state: 'pending', context: CHECK_NAME, description: 'Waiting' }),
      g.upsertComment({ ...none, number: 12 }, MARKER, 'x'),
    ]) {
      expect(String(await failure(attempt))).toMatch(/^Error: cannot write a (check run|commit status|comment) to acme\/api: no GitHub App installation id/);
    }
    expect(gh.requests).toHaveLength(0);
  });
});
