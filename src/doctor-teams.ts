import { adapterStateFor } from './app/adapter-state.js';
import { systemClock } from './app/ports.js';
import { createBotFramework } from './chat/teams/bot-framework.js';
import { KEYS } from './chat/teams/installs.js';
import type { Config } from './config/load.js';
import type { Finding } from './doctor-finding.js';
import type { Store } from './store/db.js';
import { parkedSideEffects } from './store/outbox-parked.js';

/**
 * Microsoft Teams, as doctor sees it: the bot's credentials tried against the login
 * host, the teams whose channel has not got the app yet (their requests wait), and
 * side effects Teams refused, each with its reason.
 */
export async function teamsFindings(config: Config, store: Store, migrated: boolean, fetchFn: typeof fetch = fetch): Promise<Finding[]> {
  const t = config.microsoft_teams;
  const wanted = config.teams.filter((team) => team.channels.teams);
  if (!t.app_id || !t.app_password) {
    return wanted.length === 0 ? [] : [{ level: 'warn', topic: 'microsoft teams', message: `teams ${wanted.map((w) => w.name).join(', ')} have a Teams channel, but Microsoft Teams is not configured`, fix: 'set MicrosoftAppId, MicrosoftAppPassword and MicrosoftAppTenantId (see "Microsoft Teams" in the README)' }];
  }
  const findings: Finding[] = [];
  const bot = createBotFramework({
    appId: t.app_id, appPassword: t.app_password, tenantId: t.tenant_id, appType: t.app_type, fetch: fetchFn,
    auth: { openidMetadataUrl: t.auth.openid_metadata_url, tokenIssuer: t.auth.token_issuer, loginUrl: t.auth.login_url, oauthScope: t.auth.oauth_scope },
  });
  try {
    await bot.checkCredentials();
    findings.push({ level: 'ok', topic: 'microsoft teams', message: `bot ${t.app_id} (${t.app_type}) got a token from ${t.auth.login_url}` });
  } catch (error) {
    findings.push({ level: 'problem', topic: 'microsoft teams', message: `bot ${t.app_id} could not get a token from ${t.auth.login_url}: ${(error as Error).message.split('\n')[0]}`,
      fix: 'check MicrosoftAppId (the Entra app\'s client id), MicrosoftAppPassword (a current client secret) and MicrosoftAppTenantId; a single-tenant bot needs its own tenant' });
  }
  if (!migrated) return findings;
  const state = adapterStateFor(store, 'teams', systemClock);
  for (const team of wanted) {
    if (!(await state.get(KEYS.channel(team.channels.teams!)))) {
      findings.push({ level: 'warn', topic: 'microsoft teams', message: `team ${team.name}: the Teams channel ${team.channels.teams} is not in a team that has installed Countersign; its requests wait`,
        fix: 'add the Countersign app to the team that owns that channel (Teams: Apps → Manage your apps, or the team\'s "Apps" tab)' });
    }
  }
  for (const row of await parkedSideEffects(store.db, 'teams')) {
    findings.push({ level: 'problem', topic: 'microsoft teams', message: `${row.kind}${row.change_id ? ` for change ${row.change_id}` : ''} parked after ${row.attempts} attempts: ${row.last_error ?? 'unknown error'}` });
  }
  return findings;
}
