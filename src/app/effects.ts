import type { Change } from '../domain/change.js';
import type { Effect } from '../domain/effects.js';
import type { Config, ConfiguredTeam } from '../config/load.js';
import type { OutboxMessage } from '../store/outbox.js';

export type ChatPlatform = 'slack' | 'teams' | 'local';

/** Where a team's requests go: each configured channel, or the local playground when none is. */
export function chatDestinations(team: Pick<ConfiguredTeam, 'channels'> | undefined): { platform: ChatPlatform; channel: string }[] {
  const out: { platform: ChatPlatform; channel: string }[] = [];
  if (team?.channels.slack) out.push({ platform: 'slack', channel: team.channels.slack });
  if (team?.channels.teams) out.push({ platform: 'teams', channel: team.channels.teams });
  return out.length > 0 ? out : [{ platform: 'local', channel: 'local' }];
}

/**
 * Turn a decision's effects into outbox rows. Keys name the change, the revision
 * and the target, so the same decision applied twice queues nothing new, while a
 * later revision queues its own update. Rows carry ids, not rendered text: the
 * dispatcher renders the change as it stands when it delivers.
 */
export function outboxMessagesFor(change: Pick<Change, 'id' | 'owning_teams' | 'revision' | 'head_sha' | 'ai_assisted'>, effects: readonly Effect[], config: Pick<Config, 'teams' | 'people' | 'gate'>): OutboxMessage[] {
  const { teams, people, gate } = config;
  const messages: OutboxMessage[] = [];
  const teamNamed = (name: string) => teams.find((t) => t.name === name);
  const perTeam = (names: readonly string[], make: (team: string, platform: ChatPlatform, channel: string) => OutboxMessage) => {
    for (const team of names) for (const { platform, channel } of chatDestinations(teamNamed(team))) messages.push(make(team, platform, channel));
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
          const person = people.find((p) => p.github.toLowerCase() === login.toLowerCase());
          for (const [platform, user] of [['slack', person?.slack], ['teams', person?.teams]] as const) {
            if (user) messages.push(base('dm.alert', `${effect.key}:${login.toLowerCase()}:${platform}`, platform, { user, alert: effect.alert, waiting_minutes: effect.waiting_minutes ?? null }));
          }
        }
        break;
      case 'escalation_post': {
        const channels = teamNamed(effect.team)?.escalation.channels ?? {};
        for (const [platform, channel] of [['slack', channels.slack], ['teams', channels.teams]] as const) {
          if (channel) messages.push(base('channel.alert', `${effect.key}:${platform}`, platform, { channel, alert: 'escalation', waiting_minutes: effect.waiting_minutes }));
        }
        break;
      }
      case 'alert_leads':
        for (const lead of new Set(teams.filter((t) => change.owning_teams.includes(t.name)).flatMap((t) => t.leads))) {
          const person = people.find((p) => p.github.toLowerCase() === lead.toLowerCase());
          for (const [platform, user] of [['slack', person?.slack], ['teams', person?.teams]] as const) {
            if (user) messages.push(base('dm.alert', `alert:${change.id}:${effect.alert}:${lead}:${platform}`, platform, { user, alert: effect.alert }));
          }
        }
        break;
    }
  }
  return messages;
}
