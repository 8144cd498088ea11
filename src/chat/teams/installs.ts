import type { AdapterState } from '../../app/adapter-state.js';
import type { Turn } from './bot-framework.js';
import type { InboundActivity, TeamsConversation } from './wire.js';

/**
 * What Teams told Countersign about where it is installed, kept in the adapter's state
 * (Teams gives a bot no way to post anywhere it was not installed, and no way to ask
 * later where that is):
 *
 *   team:<team id>        { tenantId, serviceUrl, teamId, name }       the app is in this team
 *   channel:<channel id>  { tenantId, serviceUrl, teamId }             a channel of an installed team
 *   user:<aadObjectId>    { tenantId, serviceUrl, userId }             someone the bot can write to
 *   chat:<aadObjectId>    { tenantId, serviceUrl, conversationId }     the personal chat with them
 *   sent:<outbox key>     { tenantId, serviceUrl, conversationId, activityId }  what a delivery posted
 */
export interface InstalledTeam { tenantId: string; serviceUrl: string; teamId: string; name: string | null }
export interface KnownChannel { tenantId: string; serviceUrl: string; teamId: string }
export interface KnownUser { tenantId: string; serviceUrl: string; userId: string }

export const KEYS = {
  team: (id: string) => `team:${id}`,
  channel: (id: string) => `channel:${id}`,
  user: (aadObjectId: string) => `user:${aadObjectId.toLowerCase()}`,
  chat: (aadObjectId: string) => `chat:${aadObjectId.toLowerCase()}`,
  sent: (key: string) => `sent:${key}`,
  /** When a decision form was opened, by its key: kept here, not in the card, so no client can change it. */
  formOpened: (formKey: string) => `form-opened:${formKey}`,
} as const;

/**
 * Learn from an activity: an install or removal in a team, a new channel, and, from any
 * activity, the sender and the channel it came from. Returns true when something became
 * postable (waiting deliveries may go now).
 */
export async function learnFrom(state: AdapterState, activity: InboundActivity, turn: Turn): Promise<boolean> {
  const { tenantId, serviceUrl, teamId } = activity;
  if (!tenantId || !serviceUrl) return false;
  const botAdded = activity.type === 'installationUpdate' ? activity.action?.startsWith('add') === true : activity.eventType === 'teamMemberAdded' && activity.membersAdded.includes(activity.recipientId);
  const botRemoved = activity.type === 'installationUpdate' ? activity.action?.startsWith('remove') === true : activity.eventType === 'teamMemberRemoved' && activity.membersRemoved.includes(activity.recipientId);
  if (teamId && botRemoved) {
    await forgetTeam(state, teamId);
    return false;
  }
  let opened = false;
  if (teamId && (botAdded || !(await state.get(KEYS.team(teamId))))) {
    await state.put(KEYS.team(teamId), { tenantId, serviceUrl, teamId, name: activity.teamName } satisfies InstalledTeam);
    // The General channel's id is the team's; the others Teams lists on request.
    const channels = [{ id: teamId }, ...(await turn.teamChannels().catch(() => []))];
    for (const c of channels) await state.put(KEYS.channel(c.id), { tenantId, serviceUrl, teamId } satisfies KnownChannel);
    // Direct messages need each person's id for this bot: the members of the team are reachable.
    for (const m of await turn.members().catch(() => [])) {
      if (m.aadObjectId) await state.put(KEYS.user(m.aadObjectId), { tenantId, serviceUrl, userId: m.id } satisfies KnownUser);
    }
    opened = true;
  }
  if (teamId && activity.channelId && !(await state.get(KEYS.channel(activity.channelId)))) {
    await state.put(KEYS.channel(activity.channelId), { tenantId, serviceUrl, teamId } satisfies KnownChannel);
    opened = true;
  }
  const aad = activity.from.aadObjectId;
  if (aad && activity.from.id.startsWith('29:') && !(await state.get(KEYS.user(aad)))) {
    await state.put(KEYS.user(aad), { tenantId, serviceUrl, userId: activity.from.id } satisfies KnownUser);
    opened = true;
  }
  if (aad && activity.conversation.type === 'personal') {
    await state.put(KEYS.chat(aad), { tenantId, serviceUrl, conversationId: activity.conversation.id } satisfies TeamsConversation);
  }
  return opened;
}

async function forgetTeam(state: AdapterState, teamId: string): Promise<void> {
  await state.delete(KEYS.team(teamId));
  for (const { key, value } of await state.list('channel:', 10_000)) {
    if ((value as KnownChannel).teamId === teamId) await state.delete(key);
  }
}
