import { createAppAuth } from '@octokit/auth-app';
import { Octokit } from '@octokit/rest';
import { systemClock, type Clock, type TeamDirectory } from '../app/ports.js';
import { explained, httpStatus, installationClients, type GitHubAppOptions } from './octokit.js';

/**
 * GitHub teams' members through the app's installation on their organisation
 * (GET /orgs/{org}/installation with the app's JWT, then
 * GET /orgs/{org}/teams/{team_slug}/members with that installation's token, every page),
 * which needs the Members (read) organisation permission.
 */
export function createGitHubTeamDirectory(options: GitHubAppOptions & { clock?: Clock }): TeamDirectory {
  const clientOf = installationClients(options);
  const clock = options.clock ?? systemClock;
  const installations = new Map<string, number>();
  return {
    async teamMembers(org, slug) {
      const installationId = await explained(`finding the app's installation on ${org}`, () => orgInstallation(options, org, installations), clock);
      const octokit = clientOf(installationId);
      return explained(`listing the members of @${org}/${slug}`, async () => {
        try {
          const members = await octokit.paginate(octokit.rest.teams.listMembersInOrg, { org, team_slug: slug, per_page: 100 });
          return members.map((m) => m.login);
        } catch (error) {
          if (httpStatus(error) === 403) throw new Error(`GitHub refused (403): give the GitHub App the "Members: read" organisation permission and accept it on ${org}'s installation`, { cause: error });
          if (httpStatus(error) === 404) throw new Error(`GitHub has no team "${slug}" in ${org} that the app can see (404): check the slug (as in the team's URL)`, { cause: error });
          throw error;
        }
      }, clock);
    },
  };
}

/** The app's installation on `org`, with the organisation permissions it was granted. */
export async function orgInstallationOf(options: GitHubAppOptions, org: string): Promise<{ id: number; permissions: Record<string, string | undefined> }> {
  const app = new Octokit({
    authStrategy: createAppAuth, auth: { appId: options.appId, privateKey: options.privateKey },
    ...(options.baseUrl ? { baseUrl: options.baseUrl } : {}), userAgent: 'countersign',
    request: { signal: AbortSignal.timeout(30_000) }, log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  try {
    const { data } = await app.rest.apps.getOrgInstallation({ org });
    return { id: data.id, permissions: data.permissions as Record<string, string | undefined> };
  } catch (error) {
    if (httpStatus(error) === 404) throw new Error(`the GitHub App is not installed on the organisation "${org}" (404): install it there`, { cause: error });
    throw error;
  }
}

async function orgInstallation(options: GitHubAppOptions, org: string, known: Map<string, number>): Promise<number> {
  const id = known.get(org.toLowerCase()) ?? (await orgInstallationOf(options, org)).id;
  known.set(org.toLowerCase(), id);
  return id;
}
