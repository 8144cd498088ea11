import { policyFrom, type AppContext } from './app/context.js';
import type { Logger, SourceHost } from './app/ports.js';
import type { Config } from './config/load.js';
import { createGitHubSourceHost } from './github/source-host.js';
import { openStore } from './store/db.js';

/** The use cases' context from the config: a database connection, the policy, the GitHub reader. */
export function buildContext(config: Config, cwd: string, log: Logger): AppContext {
  return { store: openStore(config.database.url, cwd), config, policy: policyFrom(config), sourceHost: sourceHostFrom(config, log), log };
}

function sourceHostFrom(config: Config, log: Logger): SourceHost | null {
  const { app_id, private_key, api_url } = config.github;
  if (app_id === undefined || private_key === undefined) return null;
  return createGitHubSourceHost({ appId: app_id, privateKey: private_key, baseUrl: api_url, log: (msg, fields) => log.info(fields ?? {}, msg) });
}
