import { Webhooks } from '@octokit/webhooks';
import { describe, expect, it } from 'vitest';
import { payloadFacts, type PullRequestPayload } from '../../src/app/pull-request-facts.js';
import { parseConfig } from '../../src/config/load.js';
import { DEMO_CONFIG } from '../../src/demo/config.js';
import { demoScenario, type DemoCommit } from '../../src/demo/scenarios.js';
import { parseCodeowners } from '../../src/domain/codeowners.js';
import { compileRules, detect, effectiveRules } from '../../src/domain/detection/index.js';
import type { CommitFacts } from '../../src/domain/facts.js';
import { resolveOwnership } from '../../src/domain/ownership.js';

const scenario = demoScenario();
const config = parseConfig(DEMO_CONFIG, { env: {} });
const rules = compileRules(effectiveRules({ useDefaults: config.detection.use_defaults, disable: config.detection.disable, rules: config.detection.rules as Parameters<typeof effectiveRules>[0]['rules'] }));

const pullOf = (number: number) => scenario.pulls.find((p) => p.number === number)!;
const payloadOf = (id: string) => scenario.deliveries.find((d) => d.id === id)!.payload as unknown as PullRequestPayload & { before?: string; after?: string };
const facts = (c: DemoCommit): CommitFacts => ({
  sha: c.sha, message: c.message, author_name: c.authorName, author_email: c.authorEmail, author_login: c.authorLogin,
  committer_name: c.committerName ?? c.authorName, committer_email: c.committerEmail ?? c.authorEmail,
  committer_login: c.committerLogin === undefined ? c.authorLogin : c.committerLogin,
});

/** What the worker decides from: the payload, plus the commits GitHub lists up to the payload's head. */
function detectionOf(payload: PullRequestPayload) {
  const pull = pullOf(payload.pull_request.number);
  const upTo = pull.commits.findIndex((c) => c.sha === payload.pull_request.head.sha) + 1;
  return detect({ ...payloadFacts(payload), commits: pull.commits.slice(0, upTo).map(facts) }, rules);
}

function ownersOf(number: number) {
  const pull = pullOf(number);
  return resolveOwnership({
    repo: scenario.repo.fullName,
    files: pull.files.map((f) => ({ path: f.filename, additions: f.additions, deletions: f.deletions })),
    codeowners: parseCodeowners(scenario.repo.codeowners),
    teams: config.teams, people: config.people, policy: config.ownership,
  });
}

describe('the demo config', () => {
  it('parses without any environment, with two teams and no chat channels', () => {
    expect(config.teams.map((t) => t.name)).toEqual(['payments', 'platform']);
    for (const team of config.teams) {
      expect(team.seniors).toHaveLength(2);
      expect(team.leads).toHaveLength(1);
      expect(team.channels).toEqual({});
      expect(team.time_zone).toBe('Europe/Berlin');
    }
    const logins = config.teams.flatMap((t) => [...t.seniors, ...t.leads, ...t.members]);
    expect(config.people.map((p) => p.github).sort()).toEqual([...logins].sort());
  });

  it('parses CODEOWNERS without errors', () => {
    expect(parseCodeowners(scenario.repo.codeowners).errors).toEqual([]);
  });
});

describe('the demo deliveries', () => {
  it('are real pull_request payloads that verify and are received as GitHub sends them', async () => {
    const webhooks = new Webhooks({ secret: 'demo-secret' });
    const received: string[] = [];
    webhooks.on('pull_request', ({ id, payload }) => { received.push(`${id}:${payload.action}:${payload.pull_request.number}`); });
    for (const d of scenario.deliveries) {
      const body = JSON.stringify(d.payload);
      await webhooks.verifyAndReceive({ id: d.id, name: d.event as 'pull_request', payload: body, signature: await webhooks.sign(body) });
    }
    expect(received).toEqual(scenario.deliveries.map((d) => `${d.id}:${String(d.payload.action)}:${payloadOf(d.id).pull_request.number}`));
  });

  it('have distinct ids and captions, and come out the same every time', () => {
    expect(new Set(scenario.deliveries.map((d) => d.id)).size).toBe(scenario.deliveries.length);
    expect(scenario.deliveries.every((d) => d.caption.length > 0)).toBe(true);
    expect(demoScenario()).toEqual(scenario);
  });

  it.each([
    ['demo-1', 101, 'Claude Code', 'payments'],
    ['demo-2', 102, 'GitHub Copilot', 'platform'],
    ['demo-3', 103, 'OpenAI Codex', 'platform'],
    ['demo-4', 104, 'Cursor', 'payments'],
    ['demo-5', 105, 'declared by label', 'platform'],
    ['demo-8', 101, 'Claude Code', 'payments'],
  ])('%s (#%i) is AI-assisted (%s) and owned by %s through CODEOWNERS', (id, number, tool, team) => {
    const payload = payloadOf(id);
    expect(payload.pull_request.number).toBe(number);
    const detection = detectionOf(payload);
    expect(detection.ai_assisted).toBe(true);
    expect(detection.signals.map((s) => s.tool)).toContain(tool);
    const owners = ownersOf(number);
    expect(owners).toMatchObject({ source: 'codeowners', teams: [team] });
    // The author must not be someone who would have to sign their own change.
    const seniors = config.teams.find((t) => t.name === team)!.seniors;
    const writers = [payload.pull_request.user?.login, ...pullOf(number).commits.map((c) => c.authorLogin)];
    expect(writers.filter((w) => w && seniors.includes(w))).toEqual([]);
  });

  it('marks #104 only through its commits: the payload alone shows nothing', () => {
    expect(detect(payloadFacts(payloadOf('demo-4')), rules).ai_assisted).toBe(false);
  });

  it.each([['demo-6', 106], ['demo-7', 107]])('%s (#%i) is not AI-assisted', (id, number) => {
    const payload = payloadOf(id);
    expect(payload.pull_request.number).toBe(number);
    expect(detectionOf(payload)).toEqual({ ai_assisted: false, signals: [] });
  });

  it('pushes a new head to #101 after it was opened at the first commit', () => {
    const pull = pullOf(101);
    const [opened, pushed] = [payloadOf('demo-1'), payloadOf('demo-8')];
    expect(opened.pull_request.head.sha).toBe(pull.commits[0]!.sha);
    expect(pushed).toMatchObject({ action: 'synchronize', before: pull.commits[0]!.sha, after: pull.headSha, pull_request: { head: { sha: pull.headSha } } });
    expect(scenario.deliveries.at(-1)?.id).toBe('demo-8');
  });
});
