import type { Config } from './config/load.js';
import type { Finding } from './doctor-finding.js';
import { parseTeamRef, teamRefsOf } from './domain/roster.js';
import { createGitHubTeamDirectory, orgInstallationOf } from './github/team-directory.js';

/**
 * Teams whose seniors, leads or members name GitHub teams need the app's Members (read)
 * permission on each organisation, and every named team must be readable.
 */
export async function githubTeamFindings(config: Config): Promise<Finding[]> {
  const refs = teamRefsOf(config.teams);
  const { app_id, private_key, api_url } = config.github;
  if (refs.length === 0 || app_id === undefined || private_key === undefined) return [];
  const app = { appId: app_id, privateKey: private_key, baseUrl: api_url };
  const findings: Finding[] = [];
  const readable = new Set<string>();
  for (const org of new Set(refs.map((r) => parseTeamRef(r)!.org))) {
    try {
      const installation = await orgInstallationOf(app, org);
      const members = installation.permissions.members;
      if (members === 'read' || members === 'write') {
        readable.add(org);
        findings.push({ level: 'ok', topic: 'github teams', message: `the app may read ${org}'s team members (Members: ${members})` });
      } else {
        findings.push({ level: 'problem', topic: 'github teams', message: `the app's installation on ${org} has no Members permission, so the GitHub teams named in teams cannot be read`, fix: `give the GitHub App "Members: read" (Organization permissions) and accept the new permission on ${org}'s installation (manifests/github/app.json asks for it)` });
      }
    } catch (error) {
      findings.push({ level: 'problem', topic: 'github teams', message: `${org}: ${(error as Error).message}`, fix: `install the GitHub App on ${org}, or name people by login` });
    }
  }
  const directory = createGitHubTeamDirectory(app);
  for (const ref of refs) {
    const { org, slug } = parseTeamRef(ref)!;
    if (!readable.has(org)) continue;
    try {
      const members = await directory.teamMembers(org, slug);
      findings.push({ level: members.length > 0 ? 'ok' : 'warn', topic: 'github teams', message: `@${org}/${slug}: ${members.length} members`, ...(members.length > 0 ? {} : { fix: 'a team with no members adds nobody; check it on GitHub' }) });
    } catch (error) {
      findings.push({ level: 'problem', topic: 'github teams', message: (error as Error).message, fix: 'check the team slug (as in the team\'s URL on GitHub)' });
    }
  }
  return findings;
}
