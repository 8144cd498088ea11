import type { Policy } from '../../app/context.js';
import { personFor, type Actor } from '../../app/identity.js';
import type { InboundActivity, TeamsMember } from './wire.js';

export interface TeamsIdentitySettings {
  /** The bot's tenant: users of any other tenant map to nobody. Null for multi-tenant bots. */
  tenantId: string | null;
  lookupByEmail: boolean;
}

/**
 * Who acted: the config's `people[].teams` is the user's Entra object id (aadObjectId)
 * in the bot's tenant. With `lookup_by_email`, an unlisted user is matched by the
 * e-mail or UPN Teams reports for the member (the directory's, not anything typed).
 */
export async function teamsActor(policy: Pick<Policy, 'people'>, settings: TeamsIdentitySettings, activity: InboundActivity, member: (userId: string) => Promise<TeamsMember | null>): Promise<Actor> {
  const id = activity.from.aadObjectId ?? '';
  const nobody: Actor = { platform: 'teams', id: id || activity.from.id, person: null, isBot: activity.from.id.startsWith('28:') };
  if (!id || nobody.isBot) return nobody;
  if (settings.tenantId !== null && activity.tenantId?.toLowerCase() !== settings.tenantId.toLowerCase()) return nobody;
  const person = personFor(policy, 'teams', id);
  if (person || !settings.lookupByEmail) return { ...nobody, person };
  try {
    const m = await member(activity.from.id);
    // The member record must be the same account, in the same tenant, as the activity says.
    if (!m || m.aadObjectId?.toLowerCase() !== id.toLowerCase()) return nobody;
    return { ...nobody, person: personFor(policy, 'teams', id, m.email ?? m.userPrincipalName) };
  } catch {
    // Teams could not say who this is: unmapped rather than a guess.
    return nobody;
  }
}
