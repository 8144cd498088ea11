import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { reloadedConfig } from '../../src/config/reload.js';

const env = { SLACK_SIGNING_SECRET: 'signing-secret' };
const running = parseConfig(`server: { port: 3000 }
slack: { bot_token: xoxb-old, channel_interval_ms: 1000 }
teams: [{ name: core, seniors: [alice] }]
`, { env });

describe('what a reload changes', () => {
  it('takes teams, pacing and e-mail lookup from the new file, keeps the listener and credentials, and names what waits for a restart', () => {
    const next = parseConfig(`server: { port: 4000 }
slack: { bot_token: xoxb-new, channel_interval_ms: 250, lookup_by_email: true }
teams: [{ name: core, seniors: [alice, bob], digest_cron: "0 8 * * *" }]
`, { env });
    const { config, needsRestart } = reloadedConfig(running, next);
    expect(config.teams[0]!.seniors).toEqual(['alice', 'bob']);
    expect(config.teams[0]!.digest_cron).toBe('0 8 * * *');
    expect(config.slack).toMatchObject({ channel_interval_ms: 250, lookup_by_email: true, bot_token: 'xoxb-old' });
    expect(config.server.port).toBe(3000);
    // Names only, never values: a changed token must not reach the logs.
    expect(needsRestart).toEqual(['server.port', 'slack.bot_token']);
  });

  it('names nothing when only reloadable settings changed', () => {
    const next = parseConfig(`server: { port: 3000 }
slack: { bot_token: xoxb-old, channel_interval_ms: 0 }
teams: [{ name: core, seniors: [bob] }]
`, { env });
    expect(reloadedConfig(running, next).needsRestart).toEqual([]);
  });
});
