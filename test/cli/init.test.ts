/**
 * `countersign init` as an operator runs it: the built CLI (`node dist/cli.js init`)
 * in a fresh directory with a clean environment. `npm test` builds first; run
 * `npm run build` before running this file on its own.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it, expect } from 'vitest';
import { cliFixtures, runCli } from '../support/cli.js';
import { ConfigError } from '../../src/config/errors.js';
import { parseConfig } from '../../src/config/load.js';

const SCHEMA = 'manifests/config/countersign.schema.json';
const MODELINE = /^# yaml-language-server: \$schema=(\S+)$/;

/** What the starter's `${VAR}` references need. */
const ENV = { GITHUB_WEBHOOK_SECRET: 'webhook-secret', SLACK_BOT_TOKEN: 'xoxb-123-456', SLACK_SIGNING_SECRET: 'signing-secret' };

// ---------------------------------------------------------------- helpers

const { tempDir } = cliFixtures('countersign-init-');
const run = runCli;

/** The ConfigError parsing `text` throws (fails the test if it does not throw one). */
function errorOf(text: string, env: NodeJS.ProcessEnv, cwd: string): ConfigError {
  try {
    parseConfig(text, { env, cwd });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError, but the configuration was accepted');
}

/** `${VAR}` references without a fallback on the file's non-comment lines. */
function requiredVariables(text: string): string[] {
  const code = text.split('\n').map((line) => line.replace(/(^|\s)#.*$/, '')).join('\n');
  return [...new Set([...code.matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g)].map((m) => m[1]!))].sort();
}

// ---------------------------------------------------------------- writing the file

describe('countersign init', () => {
  it('writes ./countersign.yml, which parses once the variables it references are set', async () => {
    const cwd = tempDir();
    const result = await run(['init'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('wrote countersign.yml');
    expect(result.stdout).toContain('GITHUB_WEBHOOK_SECRET');

    const text = fs.readFileSync(path.join(cwd, 'countersign.yml'), 'utf8');
    expect(requiredVariables(text)).toEqual(Object.keys(ENV).sort());
    const config = parseConfig(text, { env: ENV, cwd });
    expect(config.github.webhook_secret).toBe(ENV.GITHUB_WEBHOOK_SECRET);
    expect(config.slack.bot_token).toBe(ENV.SLACK_BOT_TOKEN);
    expect(config.slack.signing_secret).toBe(ENV.SLACK_SIGNING_SECRET);
  });

  it('with no environment, the file fails only on its ${VAR} references, each at its key', async () => {
    const cwd = tempDir();
    expect((await run(['init'], { cwd })).code).toBe(0);
    const text = fs.readFileSync(path.join(cwd, 'countersign.yml'), 'utf8');
    const error = errorOf(text, {}, cwd);
    expect(error.problems.map((p) => p.path).sort()).toEqual(['github.webhook_secret', 'slack.bot_token', 'slack.signing_secret']);
    for (const problem of error.problems) expect(problem.message).toMatch(/^uses \$\{[A-Z_]+\}, but [A-Z_]+ is not set in the environment/);
  });

  it('is what the CLI itself then loads: exit 78 naming the variables without them, a working config with them', async () => {
    const cwd = tempDir();
    expect((await run(['init'], { cwd })).code).toBe(0);
    const facts = JSON.stringify({ author: { login: 'octocat' }, branch: 'copilot/fix-it' });

    const without = await run(['detect', '--facts', '-'], { cwd, input: facts });
    expect(without.code).toBe(78);
    for (const variable of Object.keys(ENV)) expect(without.stderr).toContain(`${variable} is not set in the environment`);

    const withEnv = await run(['detect', '--facts', '-'], { cwd, env: ENV, input: facts });
    expect(withEnv.code, withEnv.stderr).toBe(0);
    expect(JSON.parse(withEnv.stdout)).toMatchObject({ ai_assisted: true });
  });

  it('covers every section of the configuration', async () => {
    const cwd = tempDir();
    await run(['init'], { cwd });
    const text = fs.readFileSync(path.join(cwd, 'countersign.yml'), 'utf8');
    for (const section of ['log_level', 'server', 'database', 'github', 'detection', 'teams', 'ownership', 'risk', 'people', 'slack', 'gate', 'signoff']) {
      expect(text).toMatch(new RegExp(`^${section}:`, 'm'));
    }
    const team = parseConfig(text, { env: ENV, cwd }).teams[0]!;
    expect(team).toMatchObject({ name: 'payments', time_zone: 'Europe/Berlin', working_hours: { start: '09:00', end: '17:00' } });
    expect(team.seniors.length).toBeGreaterThan(0);
    expect(team.leads.length).toBeGreaterThan(0);
    expect(team.channels.slack).toBeDefined();
    expect(team.escalation.steps.length).toBeGreaterThan(1);
  });

  it('refuses to overwrite an existing file without --force (exit 1, file untouched)', async () => {
    const cwd = tempDir({ 'countersign.yml': 'log_level: debug\n' });
    const result = await run(['init'], { cwd });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('countersign.yml already exists');
    expect(result.stderr).toContain('--force');
    expect(fs.readFileSync(path.join(cwd, 'countersign.yml'), 'utf8')).toBe('log_level: debug\n');
  });

  it('overwrites with --force', async () => {
    const cwd = tempDir({ 'countersign.yml': 'log_level: debug\n' });
    const result = await run(['init', '--force'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(fs.readFileSync(path.join(cwd, 'countersign.yml'), 'utf8')).toContain('signoffs_required');
  });

  it('writes elsewhere with --out (creating the directory), and refuses there too', async () => {
    const cwd = tempDir();
    const result = await run(['init', '--out', 'config/prod.yml'], { cwd });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('--config config/prod.yml');
    expect(fs.existsSync(path.join(cwd, 'config/prod.yml'))).toBe(true);
    expect(fs.existsSync(path.join(cwd, 'countersign.yml'))).toBe(false);

    const again = await run(['init', '--out', 'config/prod.yml'], { cwd });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('config/prod.yml already exists');
  });

  it('rejects unknown options as a usage error', async () => {
    const result = await run(['init', '--outt', 'x.yml'], { cwd: tempDir() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('countersign init');
  });

  it('is listed in the usage text', async () => {
    const result = await run(['help'], { cwd: tempDir() });
    expect(result.stdout).toMatch(/countersign init \[--out FILE\] \[--force\]/);
  });
});

// ---------------------------------------------------------------- the schema modeline

describe('countersign init: editor schema', () => {
  it('without the schema next to the file: no modeline, a comment naming where the schema is', async () => {
    const cwd = tempDir();
    await run(['init'], { cwd });
    const text = fs.readFileSync(path.join(cwd, 'countersign.yml'), 'utf8');
    expect(text).not.toMatch(/^# yaml-language-server:/m);
    expect(text.split('\n')[0]).toMatch(/^# /);
    expect(text).toContain(SCHEMA);
    // This installation's copy, so an operator can point an editor at it.
    expect(text).toContain(fileURLToPath(new URL(`../../${SCHEMA}`, import.meta.url)));
  });

  it('in a Countersign checkout: the first line is a modeline with the relative path', async () => {
    const cwd = tempDir({ [SCHEMA]: '{}\n' });
    await run(['init'], { cwd });
    const first = fs.readFileSync(path.join(cwd, 'countersign.yml'), 'utf8').split('\n')[0]!;
    expect(first).toMatch(MODELINE);
    const target = MODELINE.exec(first)![1]!;
    expect(target).toBe(`./${SCHEMA}`);
    expect(fs.existsSync(path.join(cwd, target))).toBe(true);
  });

  it('in a project with countersign in node_modules: the modeline points there', async () => {
    const cwd = tempDir({ [`node_modules/countersign/${SCHEMA}`]: '{}\n' });
    await run(['init'], { cwd });
    const first = fs.readFileSync(path.join(cwd, 'countersign.yml'), 'utf8').split('\n')[0]!;
    expect(MODELINE.exec(first)?.[1]).toBe(`./node_modules/countersign/${SCHEMA}`);
  });

  it('resolves the modeline against the output file\'s directory, not the working directory', async () => {
    const cwd = tempDir({ [`deploy/${SCHEMA}`]: '{}\n', [SCHEMA]: '{}\n' });
    await run(['init', '--out', 'deploy/countersign.yml'], { cwd });
    const first = fs.readFileSync(path.join(cwd, 'deploy/countersign.yml'), 'utf8').split('\n')[0]!;
    expect(MODELINE.exec(first)?.[1]).toBe(`./${SCHEMA}`);

    await run(['init', '--out', 'elsewhere/countersign.yml'], { cwd });
    expect(fs.readFileSync(path.join(cwd, 'elsewhere/countersign.yml'), 'utf8')).not.toMatch(/^# yaml-language-server:/m);
  });
});
