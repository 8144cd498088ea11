import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/config/errors.js';
import { parseConfig } from '../../src/config/load.js';
import { appPrivateKey } from '../support/github-app.js';

const app = { GITHUB_APP_ID: '12345', GITHUB_PRIVATE_KEY: appPrivateKey(), GITHUB_WEBHOOK_SECRET: 'secret' };
const problems = (yaml: string, env: Record<string, string>) => {
  try {
    parseConfig(yaml, { env });
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe('GitHub teams among seniors, leads and members', () => {
  it('are accepted beside logins when a GitHub App is configured', () => {
    const config = parseConfig('teams: [{ name: payments, seniors: [alice, "@acme/payments-seniors"], leads: ["@acme/eng.leads"], members: ["@Acme/Payments"] }]', { env: app });
    expect(config.teams[0]).toMatchObject({ seniors: ['alice', '@acme/payments-seniors'], leads: ['@acme/eng.leads'], members: ['@Acme/Payments'] });
  });

  it('need the GitHub App that reads them, and say so at the entry', () => {
    expect(problems('teams: [{ name: payments, seniors: [alice, "@acme/payments-seniors"] }]', {})).toEqual([
      { path: 'teams[0].seniors[1]', message: 'names the GitHub team "@acme/payments-seniors", whose members are read through the GitHub App: set GITHUB_APP_ID and its private key, or list logins' },
    ]);
  });

  it('must be @org/team-slug', () => {
    expect(problems('teams: [{ name: payments, seniors: ["@acme", "acme/payments"] }]', app)).toEqual([
      { path: 'teams[0].seniors[0]', message: 'must be a GitHub login such as "octocat" or a GitHub team such as "@acme/payments-seniors"' },
      { path: 'teams[0].seniors[1]', message: 'must be a GitHub login such as "octocat" or a GitHub team such as "@acme/payments-seniors"' },
    ]);
  });
});
