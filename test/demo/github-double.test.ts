import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECK_NAME, type PullRef } from '../../src/app/ports.js';
import { startDemoGitHub, type DemoGitHub, type DemoGitHubWrite } from '../../src/demo/github-double.js';
import { demoScenario } from '../../src/demo/scenarios.js';
import { createGitHubGate } from '../../src/github/gate.js';
import { createGitHubSourceHost } from '../../src/github/source-host.js';

const scenario = demoScenario();
const [owner = '', repo = ''] = scenario.repo.fullName.split('/');
const claude = scenario.pulls.find((p) => p.number === 101)!;
const PR: PullRef = { owner, repo, number: claude.number, installationId: scenario.repo.installationId };
const MARKER = '<!-- countersign:change=acme/storefront#101 -->';

let double: DemoGitHub;
const writes: DemoGitHubWrite[] = [];
const logged: string[] = [];
const options = () => ({ appId: double.appId, privateKey: double.privateKey, baseUrl: double.url, log: (m: string) => logged.push(m) });

beforeAll(async () => {
  double = await startDemoGitHub(scenario, { onWrite: (w) => writes.push(w) });
});
afterAll(() => double.close());

describe('the real source host against the demo GitHub', () => {
  it('reads the commits of a pull request, authors and trailers included', async () => {
    const commits = await createGitHubSourceHost(options()).listCommits(PR);
    expect(commits).toEqual(claude.commits.map((c) => ({
      sha: c.sha, message: c.message,
      author_name: c.authorName, author_email: c.authorEmail, author_login: c.authorLogin,
      committer_name: c.authorName, committer_email: c.authorEmail, committer_login: c.authorLogin,
    })));
  });

  it('keeps the committer apart from the author (a commit made on github.com)', async () => {
    const bump = scenario.pulls.find((p) => p.number === 107)!;
    const [commit] = await createGitHubSourceHost(options()).listCommits({ ...PR, number: bump.number });
    expect(commit).toMatchObject({ author_login: 'dependabot[bot]', committer_login: 'web-flow', committer_email: 'noreply@github.com' });
  });

  it('lists the changed files', async () => {
    const files = await createGitHubSourceHost(options()).listFiles(PR);
    expect(files).toEqual(claude.files.map((f) => ({ path: f.filename, previousPath: null, additions: f.additions, deletions: f.deletions })));
  });

  it('reads CODEOWNERS from .github/ on the base branch, and refuses an unknown ref', async () => {
    const host = createGitHubSourceHost(options());
    expect(await host.readCodeowners(PR, 'main')).toEqual({ path: '.github/CODEOWNERS', text: scenario.repo.codeowners });
    await expect(host.readCodeowners(PR, 'no-such-branch')).rejects.toThrow(/No commit found for the ref no-such-branch/);
  });

  it('says a push changed the code', async () => {
    const host = createGitHubSourceHost(options());
    expect(await host.sameCode!(PR, 'main', claude.commits[0]!.sha, claude.headSha)).toBeNull();
  });

  it('serves only the installation the scenario names', async () => {
    await expect(createGitHubSourceHost(options()).listFiles({ ...PR, installationId: 1 })).rejects.toThrow(/Not Found/);
  });
});

describe('the real gate against the demo GitHub', () => {
  it('creates the check run once, then updates it for the same external id', async () => {
    writes.length = 0;
    const gate = createGitHubGate(options());
    const run = { headSha: claude.headSha, externalId: `acme/storefront#101@${claude.headSha}`, output: { title: 'Waiting for a senior sign-off', summary: 'Needs one senior of payments.' } };
    const id = await gate.upsertCheckRun(PR, { ...run, status: 'in_progress' });
    const again = await gate.upsertCheckRun(PR, { ...run, status: 'completed', conclusion: 'success', output: { title: 'Signed off by @priya', summary: 'Priya signed off.' } });

    expect(again).toBe(id);
    expect(double.checkRuns()).toEqual([expect.objectContaining({
      id, name: CHECK_NAME, head_sha: claude.headSha, external_id: run.externalId, status: 'completed', conclusion: 'success',
      output: expect.objectContaining({ title: 'Signed off by @priya', summary: 'Priya signed off.' }),
    })]);
    expect(writes).toEqual([
      { kind: 'check_run', action: 'created', id, name: CHECK_NAME, head_sha: claude.headSha, status: 'in_progress', conclusion: null, title: 'Waiting for a senior sign-off' },
      { kind: 'check_run', action: 'updated', id, name: CHECK_NAME, head_sha: claude.headSha, status: 'completed', conclusion: 'success', title: 'Signed off by @priya' },
    ]);
  });

  it('creates the comment once, then edits it for the same marker', async () => {
    writes.length = 0;
    const gate = createGitHubGate(options());
    const id = await gate.upsertComment(PR, MARKER, 'Waiting for a senior of payments.');
    const again = await gate.upsertComment(PR, MARKER, 'Signed off by @priya.');

    expect(again).toBe(id);
    expect(double.comments()).toEqual([{ id, number: 101, body: `${MARKER}\nSigned off by @priya.`, user: { login: 'countersign-demo[bot]', type: 'Bot' } }]);
    expect(writes.map((w) => w.kind === 'comment' && [w.action, w.id])).toEqual([['created', id], ['updated', id]]);
  });

  it('records a commit status', async () => {
    writes.length = 0;
    await createGitHubGate(options()).setCommitStatus(PR, { sha: claude.headSha, state: 'pending', description: 'Waiting for a senior sign-off', context: 'countersign/senior-sign-off' });
    expect(writes).toEqual([{ kind: 'commit_status', sha: claude.headSha, context: 'countersign/senior-sign-off', state: 'pending', description: 'Waiting for a senior sign-off' }]);
  });
});

describe('the API surface itself', () => {
  const token = async () => {
    const res = await fetch(`${double.url}/app/installations/${scenario.repo.installationId}/access_tokens`, { method: 'POST', headers: { authorization: 'Bearer a.b.c' } });
    expect(res.status).toBe(201);
    return ((await res.json()) as { token: string }).token;
  };

  it('answers unknown routes with GitHub\'s 404', async () => {
    const res = await fetch(`${double.url}/repos/${scenario.repo.fullName}/releases`, { headers: { authorization: `token ${await token()}` } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  });

  it('wants an installation token for repository routes', async () => {
    const res = await fetch(`${double.url}/repos/${scenario.repo.fullName}/pulls/101`);
    expect(res.status).toBe(401);
  });

  it('serves CODEOWNERS as JSON with base64 content when the raw format is not asked for', async () => {
    const res = await fetch(`${double.url}/repos/${scenario.repo.fullName}/contents/.github%2FCODEOWNERS?ref=main`, { headers: { authorization: `token ${await token()}` } });
    const body = (await res.json()) as { type: string; encoding: string; content: string };
    expect(body).toMatchObject({ type: 'file', encoding: 'base64' });
    expect(Buffer.from(body.content, 'base64').toString('utf8')).toBe(scenario.repo.codeowners);
  });

  it('pages lists by per_page and page', async () => {
    const headers = { authorization: `token ${await token()}` };
    const first = await fetch(`${double.url}/repos/${scenario.repo.fullName}/pulls/101/files?per_page=2`, { headers });
    const second = await fetch(`${double.url}/repos/${scenario.repo.fullName}/pulls/101/files?per_page=2&page=2`, { headers });
    expect(((await first.json()) as unknown[]).length).toBe(2);
    expect(first.headers.get('link')).toMatch(/page=2>; rel="next"/);
    expect(((await second.json()) as unknown[]).length).toBe(1);
    expect(second.headers.get('link')).toBeNull();
  });
});
