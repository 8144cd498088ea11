import type { Config } from './config/load.js';
import { createSlackClient } from './chat/slack/client.js';
import { describeGitHubApp } from './github/app-check.js';
import { readiness } from './main.js';
import { classifyFailure } from './reachability.js';
import type { Store } from './store/db.js';
import { inboxHealth } from './store/inbox.js';
import { outboxBacklog } from './store/outbox.js';
import { teamsFindings } from './doctor-teams.js';
import { githubTeamFindings } from './doctor-github-teams.js';
import type { Finding } from './doctor-finding.js';

export type { Finding };

/** Everything an operator should know before trusting the service; problems make doctor fail. */
export async function diagnose(config: Config, store: Store, options: { teamsFetch?: typeof fetch } = {}): Promise<Finding[]> {
  const findings: Finding[] = [{ level: 'ok', topic: 'config', message: config.source ? `loaded ${config.source}` : 'no config file: embedded defaults' }];

  const ready = await readiness(store);
  if (ready.database !== 'reachable') {
    findings.push({ level: 'problem', topic: 'database', message: `${store.description} is ${ready.database}`, fix: 'check database.url / DATABASE_URL and that the server is running' });
    return findings;
  }
  const migrated = ready.pending_migrations.length === 0;
  findings.push(migrated
    ? { level: 'ok', topic: 'database', message: `${store.description} reachable, schema current` }
    : { level: 'warn', topic: 'database', message: `migrations not applied yet: ${ready.pending_migrations.join(', ')}`, fix: 'run "countersign migrate" (start also applies them)' });
  findings.push(...(await githubFindings(config)));
  findings.push(...(await githubTeamFindings(config)));
  findings.push(...(await slackFindings(config)));
  findings.push(...(await teamsFindings(config, store, migrated, options.teamsFetch)));
  findings.push(...teamFindings(config));
  if (!migrated) return findings; // no inbox or outbox to look at yet

  const inbox = await inboxHealth(store.db);
  if (inbox.parked > 0) {
    for (const d of inbox.parkedDeliveries) {
      findings.push({ level: 'problem', topic: 'inbox', message: `delivery ${d.delivery_id} (${d.event}${d.order_key ? `, ${d.order_key}` : ''}) parked after ${d.attempts} attempts: ${d.last_error ?? 'unknown error'}`, fix: 'fix the cause, then redeliver it from the GitHub App\'s "Advanced" settings page' });
    }
  }
  findings.push({ level: 'ok', topic: 'inbox', message: `${inbox.pending} pending deliveries${inbox.oldestPendingAt ? `, oldest received ${inbox.oldestPendingAt}` : ''}; ${inbox.parked} parked` });

  for (const row of await outboxBacklog(store.db)) {
    const waiting = `${row.count} ${row.state} side effects for ${row.destination}, oldest from ${row.oldest}`;
    if (row.state === 'parked') findings.push({ level: 'problem', topic: 'outbox', message: waiting, fix: 'see the logs for each row\'s error' });
    else findings.push({ level: 'warn', topic: 'outbox', message: waiting, fix: deliveryHint(row.destination) });
  }
  return findings;
}

function deliveryHint(destination: string): string {
  switch (destination) {
    case 'slack': return 'they are delivered while the service runs with Slack configured (SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET)';
    case 'teams': return 'they are delivered while the service runs with Microsoft Teams configured, once each team has installed the app (see the microsoft teams lines above)';
    case 'github': return 'check runs are reported once the GitHub App is configured and its checks are delivered';
    default: return 'they are shown in the local playground while it runs (see playground.enabled)';
  }
}

async function githubFindings(config: Config): Promise<Finding[]> {
  const gh = config.github;
  if (gh.app_id === undefined || gh.private_key === undefined) {
    return [{ level: 'warn', topic: 'github', message: 'no GitHub App configured: commits, files and CODEOWNERS are not read', fix: 'set GITHUB_APP_ID, GITHUB_PRIVATE_KEY_PATH and GITHUB_WEBHOOK_SECRET (see the README)' }];
  }
  try {
    const app = await describeGitHubApp({ appId: gh.app_id, privateKey: gh.private_key, baseUrl: gh.api_url });
    return [{ level: 'ok', topic: 'github', message: `GitHub App "${app.name}" reachable at ${gh.api_url}, ${app.installations} installations` }];
  } catch (error) {
    const failure = classifyFailure(error);
    if (failure.kind === 'rejected') return [{ level: 'problem', topic: 'github', message: `GitHub at ${gh.api_url} rejected GitHub App ${gh.app_id}'s credentials: ${failure.reason}`, fix: 'check GITHUB_APP_ID and the private key (regenerate it on the app settings page if unsure)' }];
    if (failure.kind === 'unreachable') return [{ level: 'problem', topic: 'github', message: `cannot reach GitHub at ${gh.api_url} (network): ${failure.reason}`, fix: 'check GITHUB_API_URL, DNS, the firewall and any HTTPS proxy between this host and GitHub; the credentials were not checked' }];
    return [{ level: 'problem', topic: 'github', message: `GitHub App ${gh.app_id} at ${gh.api_url}: ${failure.reason}`, fix: 'check GITHUB_APP_ID, the private key and GITHUB_API_URL; GitHub may be having an outage (githubstatus.com)' }];
  }
}

async function slackFindings(config: Config): Promise<Finding[]> {
  const s = config.slack;
  if (!s.bot_token) return [];
  try {
    const auth = await createSlackClient({ token: s.bot_token, apiUrl: s.api_url, timeoutMs: 10_000 }).auth.test();
    const mode = s.app_token ? 'Socket Mode' : `HTTP mode (${config.server.public_url ?? 'this server'}/slack/events)`;
    return [{ level: 'ok', topic: 'slack', message: `connected to workspace ${auth.team ?? auth.team_id} as ${auth.user ?? auth.user_id}, ${mode}` }];
  } catch (error) {
    const failure = classifyFailure(error);
    if (failure.kind === 'rejected') return [{ level: 'problem', topic: 'slack', message: `Slack rejected the bot token: ${failure.reason}`, fix: 'check SLACK_BOT_TOKEN (xoxb-…, "OAuth & Permissions" page) and that the app is installed' }];
    if (failure.kind === 'unreachable') return [{ level: 'problem', topic: 'slack', message: `cannot reach Slack at ${s.api_url} (network): ${failure.reason}`, fix: 'check SLACK_API_URL, DNS, the firewall and any HTTPS proxy between this host and Slack; the token was not checked' }];
    return [{ level: 'problem', topic: 'slack', message: `Slack at ${s.api_url} failed: ${failure.reason}`, fix: 'Slack may be having an outage (slack-status.com); try again shortly' }];
  }
}

function teamFindings(config: Config): Finding[] {
  const findings: Finding[] = [];
  if (config.teams.length === 0) {
    findings.push({ level: 'warn', topic: 'teams', message: 'no teams configured: AI-assisted changes are recorded but nobody is asked to sign them off', fix: 'add teams with seniors to the config file' });
  }
  if (config.teams.length > 0 && !config.ownership.fallback_team) {
    findings.push({ level: 'warn', topic: 'ownership', message: 'no fallback team: a change no CODEOWNERS line or repo mapping claims goes to nobody', fix: 'set ownership.fallback_team' });
  }
  const linked = new Set(config.people.map((p) => p.github.toLowerCase()));
  for (const team of config.teams) {
    const unlinked = team.seniors.filter((s) => !s.startsWith('@') && !linked.has(s.toLowerCase()));
    if (unlinked.length > 0) findings.push({ level: 'warn', topic: 'people', message: `team ${team.name}: seniors ${unlinked.join(', ')} have no chat identity, so they cannot sign off in chat`, fix: 'add them under people with their Slack or Teams ids' });
  }
  config.teams.forEach((team, i) => {
    const { steps, channels } = team.escalation;
    const step = steps.findIndex((s) => s.target === 'escalation_channel');
    if (step >= 0 && !channels.slack && !channels.teams) {
      findings.push({
        level: 'warn', topic: 'escalation',
        message: `team ${team.name}: ladder step ${step + 1} (after ${steps[step]!.after}) posts to the escalation channel, but the team has none, so that step reaches nobody`,
        fix: `set teams[${i}].escalation.channels.slack (a channel id such as C0123ABCD) or .teams, or give the step another target (thread, dm_assignee, dm_seniors, dm_leads)`,
      });
    }
  });
  return findings;
}
