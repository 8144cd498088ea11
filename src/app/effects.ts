import type { Change } from '../domain/change.js';
import type { Effect } from '../domain/effects.js';
import type { Config, ConfiguredTeam } from '../config/load.js';
import type { OutboxMessage } from '../store/outbox.js';
import { personNamed, teamNamed } from './config-index.js';
import { playgroundMode } from '../config/playground.js';

export type ChatPlatform = 'slack' | 'teams' | 'local';

type PlaygroundConfig = Pick<Config, 'playground' | 'server' | 'slack' | 'github' | 'microsoft_teams'>;

/**
 * Where a team's requests go: each configured channel, or, when none is and the
 * playground runs, the team's channel there (named after the team). Without either
 * they go nowhere (doctor reports teams without a channel).
 */
export function chatDestinations(team: Pick<ConfiguredTeam, 'name' | 'channels'> | undefined, config: PlaygroundConfig): { platform: ChatPlatform; channel: string }[] {
  const out: { platform: ChatPlatform; channel: string }[] = [];
  if (team?.channels.slack) out.push({ platform: 'slack', channel: team.channels.slack });
  if (team?.channels.teams) out.push({ platform: 'teams', channel: team.channels.teams });
  return out.length > 0 || !playgroundMode(config).on ? out : [{ platform: 'local', channel: team?.name ?? 'local' }];
}

/** Where a person's direct messages go: their Slack and Teams accounts, or the playground (when it runs) if they have neither. */
export function directDestinations(person: Pick<Config['people'][number], 'github' | 'slack' | 'teams'> | undefined, config: PlaygroundConfig): { platform: ChatPlatform; user: string }[] {
  if (!person) return [];
  const out: { platform: ChatPlatform; user: string }[] = [];
  if (person.slack) out.push({ platform: 'slack', user: person.slack });
  if (person.teams) out.push({ platform: 'teams', user: person.teams });
  return out.length > 0 || !playgroundMode(config).on ? out : [{ platform: 'local', user: person.github }];
}

/**
 * Turn a decision's effects into outbox rows. Keys name the change, the revision
 * and the target, so the same decision applied twice queues nothing new, while a
 * later revision queues its own update. Rows carry ids, not rendered text: the
 * dispatcher renders the change as it stands when it delivers.
 */
export function outboxMessagesFor(change: Pick<Change, 'id' | 'owning_teams' | 'revision' | 'head_sha' | 'ai_assisted'>, effects: readonly Effect[], config: Pick<Config, 'teams' | 'people' | 'gate'> & PlaygroundConfig): OutboxMessage[] {
  const { gate } = config;
  const messages: OutboxMessage[] = [];
  const team = (name: string) => teamNamed(config, name);
  const person = (login: string) => personNamed(config, login);
  const perTeam = (names: readonly string[], make: (team: string, platform: ChatPlatform, channel: string) => OutboxMessage) => {
    for (const name of names) for (const { platform, channel } of chatDestinations(team(name), config)) messages.push(make(name, platform, channel));
  };
  const base = (kind: string, key: string, destination: string, payload: Record<string, unknown>): OutboxMessage =>
    ({ idempotency_key: key, kind, destination, change_id: change.id, payload: { change_id: change.id, revision: change.revision, ...payload } });

  for (const effect of effects) {
    switch (effect.type) {
      case 'request_review':
        perTeam(effect.teams, (team, platform, channel) => base('review_request.post', `review_request:${change.id}:${team}:${platform}`, platform, { team, channel }));
        if (gate.pr_comment) messages.push(base('comment.upsert', `comment:${change.id}:r${change.revision}`, 'github', {}));
        break;
      case 'refresh_request':
        perTeam(change.owning_teams, (team, platform, channel) => base('review_request.update', `review_request.update:${change.id}:r${change.revision}:${team}:${platform}`, platform, { team, channel }));
        if (gate.pr_comment) messages.push(base('comment.upsert', `comment:${change.id}:r${change.revision}`, 'github', {}));
        break;
      case 'thread_notice':
        perTeam(change.owning_teams, (team, platform, channel) => base('thread.notice', `${effect.key ?? `notice:${change.id}:${effect.notice}:r${change.revision}`}:${team}:${platform}`, platform, {
          team, channel, notice: effect.notice, actor: effect.actor ?? null, note: effect.note ?? null, head_sha: change.head_sha, previous_sha: effect.previous_sha ?? null,
        }));
        break;
      case 'set_check':
        if ((gate.check_run || gate.commit_status) && (change.ai_assisted || gate.report_unassisted)) {
          messages.push(base('check.set', `check:${change.id}:${effect.head_sha}:${effect.state}:r${change.revision}`, 'github', { head_sha: effect.head_sha, state: effect.state }));
        }
        break;
      case 'direct':
        for (const login of new Set(effect.to)) {
          for (const { platform, user } of directDestinations(person(login), config)) {
            messages.push(base('dm.alert', `${effect.key}:${login.toLowerCase()}:${platform}`, platform, { user, login, alert: effect.alert, waiting_minutes: effect.waiting_minutes ?? null, note: effect.note ?? null }));
          }
        }
        break;
      case 'escalation_post': {
        const owner = team(effect.team);
        const channels = owner?.escalation.channels ?? {};
        const targets = [['slack', channels.slack], ['teams', channels.teams]].filter((t): t is [ChatPlatform, string] => Boolean(t[1]));
        // A team that lives in the playground (its only destination there) escalates in its playground channel.
        const home = chatDestinations(owner, config);
        const inPlayground = targets.length === 0 && home[0]?.platform === 'local';
        for (const [platform, channel] of inPlayground ? [['local', home[0]!.channel] as const] : targets) {
          messages.push(base('channel.alert', `${effect.key}:${platform}`, platform, { channel, alert: 'escalation', waiting_minutes: effect.waiting_minutes }));
        }
        break;
      }
      case 'alert_leads':
        for (const lead of new Set(change.owning_teams.flatMap((name) => team(name)?.leads ?? []))) {
          for (const { platform, user } of directDestinations(person(lead), config)) {
            messages.push(base('dm.alert', `alert:${change.id}:${effect.alert}:${lead}:${platform}`, platform, { user, login: lead, alert: effect.alert }));
          }
        }
        break;
    }
  }
  return messages;
}
