import { policyFrom, type AppContext } from './app/context.js';
import type { Logger, SourceHost, TeamDirectory } from './app/ports.js';
import { Roster } from './app/roster.js';
import { createGitHubTeamDirectory } from './github/team-directory.js';
import type { Config } from './config/load.js';
import { createGitHubSourceHost } from './github/source-host.js';
import { openStore } from './store/db.js';

/** The use cases' context from the config: a database connection, the policy, the GitHub reader. */
export function buildContext(config: Config, cwd: string, log: Logger): AppContext {
  const roster = new Roster(config, teamDirectoryFrom(config, log), (team, error) =>
    log.error({ team, err: error }, 'GitHub refuses to list this team, so it adds no one until it is read again; fix the entry or the app\'s permission (countersign doctor says which)'));
  const effective = roster.effective();
  const store = openStore(config.database.url, cwd, { checkpointInBackground: (message) => log.warn({ err: message }, 'the write-ahead log could not be checkpointed in the background; commits checkpoint it themselves past a limit') });
  return { store, config: effective, policy: policyFrom(effective), sourceHost: sourceHostFrom(config, log), roster, log };
}

function teamDirectoryFrom(config: Config, log: Logger): TeamDirectory | null {
  const { app_id, private_key, api_url } = config.github;
  if (app_id === undefined || private_key === undefined) return null;
  return createGitHubTeamDirectory({ appId: app_id, privateKey: private_key, baseUrl: api_url, log: (msg, fields) => log.info(fields ?? {}, msg) });
}

function sourceHostFrom(config: Config, log: Logger): SourceHost | null {
  const { app_id, private_key, api_url } = config.github;
  if (app_id === undefined || private_key === undefined) return null;
  return createGitHubSourceHost({ appId: app_id, privateKey: private_key, baseUrl: api_url, log: (msg, fields) => log.info(fields ?? {}, msg) });
}
