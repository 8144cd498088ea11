import type { Person } from '../domain/policy.js';
import type { Policy } from './context.js';

/** Who acted, as the platform says, and the person that maps to (null: nobody). */
export interface Actor {
  platform: 'slack' | 'teams' | 'local' | 'github';
  /** The platform's user id (Slack U…, Teams AAD object id, GitHub login). */
  id: string;
  person: Person | null;
  isBot: boolean;
}

/**
 * Map a chat user to a person. Only the config's `people` list or an e-mail address
 * the platform itself verified can link a chat account to a GitHub login; nothing a
 * user types does, so nobody can claim someone else's login.
 */
export function personFor(policy: Pick<Policy, 'people'>, platform: 'slack' | 'teams', userId: string, verifiedEmail?: string | null): Person | null {
  const byId = policy.people.find((p) => (platform === 'slack' ? p.slack : p.teams)?.toLowerCase() === userId.toLowerCase());
  if (byId) return byId;
  if (!verifiedEmail) return null;
  const email = verifiedEmail.toLowerCase();
  // An e-mail match never overrides an explicit link: a person already linked to another chat id stays theirs.
  return policy.people.find((p) => p.email?.toLowerCase() === email && !(platform === 'slack' ? p.slack : p.teams)) ?? null;
}
