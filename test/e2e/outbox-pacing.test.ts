import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, WEBHOOK_SECRET, type TestApp } from '../support/app.js';
import { startFakeGitHub, type FakeGitHub } from '../support/fake-github.js';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack.js';
import { githubAppEnv } from '../support/github-app.js';
import { slackAppEnv } from '../support/slack-requests.js';
import { pullRequestPayload, sendWebhook } from '../support/webhooks.js';

/**
 * GitHub asks for one write a second, Slack allows bursts: a backlog of check runs and
 * comments must not hold review requests back. One dispatcher run posts every review
 * request waiting, and makes one GitHub write; the other writes keep GitHub's pace.
 */
const REPO = 'acme/pacing';
const CHANNEL = 'C0PACING';
let github: FakeGitHub;
let slack: FakeSlack;
let app: TestApp;

beforeAll(async () => { github = await startFakeGitHub(); });
afterAll(async () => { await github.close(); });
beforeEach(async () => {
  slack = await startFakeSlack();
  app = await startTestApp(`
teams: [{ name: core, seniors: [alice], channels: { slack: ${CHANNEL} } }]
ownership: { use_codeowners: false, fallback_team: core }
slack: { channel_interval_ms: 0 }
`, { ...githubAppEnv(github), ...slackAppEnv(slack) });
});
afterEach(async () => { await app.close(); await slack.close(); });

const writes = () => github.requests.filter((r) => r.method !== 'GET' && r.path.startsWith(`/repos/${REPO}/`)).length;

/** Open pull requests `first`…`last` (numbers differ between tests: the fake GitHub is shared). */
async function openPulls(first: number, last: number): Promise<void> {
  for (let n = first; n <= last; n++) {
    const sha = n.toString(16).padStart(40, 'a');
    github.addPull(REPO, { number: n, base: { ref: 'master', sha: 'b'.repeat(40) }, head: { ref: `copilot/fix-${n}`, sha }, commits: [], files: [{ filename: `src/f${n}.ts`, additions: 3, deletions: 1 }] });
    await sendWebhook(app.url, { event: 'pull_request', payload: pullRequestPayload('opened', { repo: REPO, number: n, sha, branch: `copilot/fix-${n}` }), secret: WEBHOOK_SECRET });
  }
  await app.worker.drain();
}

const posted = () => slack.messages(CHANNEL).filter((m) => /Awaiting sign-off/.test(m.text ?? '')).length;

describe('a GitHub backlog beside Slack posts', () => {
  it('posts every waiting review request in one run while GitHub gets one write', async () => {
    await openPulls(1, 6);
    const before = writes();
    await app.dispatcher.runOnce();
    expect(posted()).toBe(6);
    expect(writes() - before).toBe(1);
  });

  it('posts a dispatcher batch of review requests per run however many GitHub writes wait', async () => {
    // 70 changes: 70 GitHub writes and 70 posts wait, more than one batch (64) of each.
    await openPulls(101, 170);
    const before = writes();
    await app.dispatcher.runOnce();
    expect(posted()).toBe(64);
    await app.dispatcher.runOnce();
    expect(posted()).toBe(70);
    // GitHub keeps its pace meanwhile: a write a run at most, the second run not waiting for it.
    expect(writes() - before).toBeGreaterThanOrEqual(1);
    expect(writes() - before).toBeLessThanOrEqual(2);
  });
});
