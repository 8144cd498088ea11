/**
 * A team's seniors, leads and members may name GitHub teams (`@acme/payments-seniors`)
 * beside logins. These rules expand such entries with members looked up elsewhere; the
 * lookup itself (GitHub, a cache) is not the domain's business.
 */

/** `@org/team-slug`: GitHub's organisation login and team slug rules. */
const TEAM_REF = /^@([A-Za-z0-9][A-Za-z0-9-]*)\/([A-Za-z0-9][A-Za-z0-9_.-]*)$/;

/** Members of each GitHub team, keyed by `teamRefKey`. A team not in the map is not resolved yet. */
export type TeamMembers = ReadonlyMap<string, readonly string[]>;

/** The organisation and slug an entry names, or null for a plain login. */
export function parseTeamRef(entry: string): { org: string; slug: string } | null {
  const m = TEAM_REF.exec(entry);
  return m ? { org: m[1]!, slug: m[2]! } : null;
}

/** GitHub compares organisation logins and team slugs without regard to case. */
export const teamRefKey = (entry: string) => entry.toLowerCase();

/** Every GitHub team named by these teams' seniors, leads and members (keys, once each). */
export function teamRefsOf(teams: readonly { seniors: readonly string[]; leads: readonly string[]; members: readonly string[] }[]): string[] {
  const refs = new Set<string>();
  for (const t of teams) for (const entry of [...t.seniors, ...t.leads, ...t.members]) if (parseTeamRef(entry)) refs.add(teamRefKey(entry));
  return [...refs];
}

/** The logins an entry list stands for: its logins, then each named team's members, once each (by login, case-insensitively). */
export function expandEntries(entries: readonly string[], members: TeamMembers): string[] {
  const out = new Map<string, string>();
  for (const entry of entries) {
    const logins = parseTeamRef(entry) ? members.get(teamRefKey(entry)) ?? [] : [entry];
    for (const login of logins) if (!out.has(login.toLowerCase())) out.set(login.toLowerCase(), login);
  }
  return [...out.values()];
}

/**
 * How `login` comes to be in an entry list: "login" when listed by name, else the first
 * GitHub team (as written in the config) that has them as a member; null when neither.
 */
export function listedVia(entries: readonly string[], login: string, members: TeamMembers): string | null {
  const me = login.toLowerCase();
  if (entries.some((e) => !parseTeamRef(e) && e.toLowerCase() === me)) return 'login';
  return entries.find((e) => parseTeamRef(e) && (members.get(teamRefKey(e)) ?? []).some((l) => l.toLowerCase() === me)) ?? null;
}
