import { matchCodeowners, type CodeownersFile } from './codeowners.js';
import type { ChangedFile } from './facts.js';
import type { OwnershipPolicy, Person, TeamPolicy } from './policy.js';

export type OwnershipSource = 'codeowners' | 'repo_map' | 'fallback' | 'none';

export interface Ownership {
  teams: string[];
  source: OwnershipSource;
  /** CODEOWNERS lines that decided it (first few), so an operator can see why. */
  lines: { path: string; line: number; owners: string[] }[];
  /** CODEOWNERS owners that no configured team claims. */
  unmapped: string[];
  /** Each changed file's configured teams by CODEOWNERS (for the split suggestion). */
  fileTeams: Record<string, string[]>;
}

const MAX_LINES_SHOWN = 20;

/**
 * Which configured teams own a change: CODEOWNERS (each file's last matching line,
 * for both sides of a rename), then the repo map, then the fallback team.
 */
export function resolveOwnership(input: {
  repo: string;
  files: readonly ChangedFile[];
  codeowners: CodeownersFile | null;
  teams: readonly TeamPolicy[];
  people: readonly Person[];
  policy: OwnershipPolicy;
}): Ownership {
  const { repo, files, codeowners, teams, people, policy } = input;
  const owning = new Set<string>();
  const unmapped = new Set<string>();
  const lines: Ownership['lines'] = [];
  const fileTeams: Record<string, string[]> = {};
  if (policy.use_codeowners && codeowners) {
    const teamsOf = ownerIndex(teams, people);
    for (const file of files) {
      for (const path of [file.path, file.previousPath]) {
        if (!path) continue;
        const rule = matchCodeowners(codeowners, path);
        if (!rule) continue;
        if (lines.length < MAX_LINES_SHOWN) lines.push({ path, line: rule.line, owners: rule.owners });
        for (const owner of rule.owners) {
          const found = teamsOf(owner);
          if (found.length === 0) unmapped.add(owner);
          for (const team of found) owning.add(team);
          if (path === file.path) fileTeams[path] = [...new Set([...(fileTeams[path] ?? []), ...found])].sort();
        }
      }
    }
  }
  if (owning.size > 0) return { teams: [...owning].sort(), source: 'codeowners', lines, unmapped: [...unmapped], fileTeams };
  const mapped = Object.entries(policy.repos).find(([name]) => name.toLowerCase() === repo.toLowerCase())?.[1];
  if (mapped) return { teams: [mapped], source: 'repo_map', lines, unmapped: [...unmapped], fileTeams: {} };
  if (policy.fallback_team) return { teams: [policy.fallback_team], source: 'fallback', lines, unmapped: [...unmapped], fileTeams: {} };
  return { teams: [], source: 'none', lines, unmapped: [...unmapped], fileTeams: {} };
}

/** `@org/team` → teams with that slug; `@user` and e-mails → teams that list the person. */
function ownerIndex(teams: readonly TeamPolicy[], people: readonly Person[]): (owner: string) => string[] {
  const index = new Map<string, Set<string>>();
  const add = (key: string, team: string) => {
    const k = key.toLowerCase();
    (index.get(k) ?? index.set(k, new Set()).get(k)!).add(team);
  };
  const emailOf = new Map(people.filter((p) => p.email).map((p) => [p.github.toLowerCase(), p.email!]));
  for (const team of teams) {
    for (const slug of team.github_teams) add(`@${slug}`, team.name);
    for (const login of [...team.seniors, ...team.leads, ...team.members]) {
      add(`@${login}`, team.name);
      const email = emailOf.get(login.toLowerCase());
      if (email) add(email, team.name);
    }
  }
  return (owner) => [...(index.get(owner.toLowerCase()) ?? [])];
}
