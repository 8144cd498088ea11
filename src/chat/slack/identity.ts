import type { WebClient } from '@slack/web-api';
import type { Policy } from '../../app/context.js';
import { personFor, type Actor } from '../../app/identity.js';

/**
 * Who clicked: the config's `people` by Slack user id; with `lookup_by_email`, also the
 * e-mail address Slack verified for the account. Slack's own word on `is_bot` is
 * asked only when a lookup is needed anyway.
 */
export async function slackActor(policy: Pick<Policy, 'people'>, client: WebClient, userId: string, lookupByEmail: boolean): Promise<Actor> {
  const person = personFor(policy, 'slack', userId);
  if (person || !lookupByEmail) return { platform: 'slack', id: userId, person, isBot: false };
  try {
    const info = await client.users.info({ user: userId });
    const user = info.user as { is_bot?: boolean; deleted?: boolean; profile?: { email?: string } } | undefined;
    if (!user || user.deleted) return { platform: 'slack', id: userId, person: null, isBot: false };
    return { platform: 'slack', id: userId, person: personFor(policy, 'slack', userId, user.profile?.email ?? null), isBot: user.is_bot === true };
  } catch {
    // Slack could not say who this is: treat the user as unmapped rather than guess.
    return { platform: 'slack', id: userId, person: null, isBot: false };
  }
}
