import type { FakeGitHub, FakeRequest, FakeResponse } from './fake-github.js';
import { pageOf } from './fake-github.js';

/**
 * Organisations, their teams and the app's installation on each, answered like GitHub:
 *
 *   GET /orgs/:org/installation                   app JWT; 404 when the app is not installed there
 *   GET /orgs/:org/teams/:team_slug/members       that installation's token; paginated (30 by default, at most 100),
 *                                                 `role=member|maintainer|all`; 403 "Resource not accessible by
 *                                                 integration" without the Members permission; 404 for an unknown team
 */
export interface FakeOrganisation {
  installationId: number;
  /** The organisation permissions granted to the installation; `members` decides whether teams may be read. */
  permissions: Record<string, string>;
  /** Team slug → its members, maintainers marked. */
  teams: Map<string, { login: string; maintainer?: boolean }[]>;
}

export interface FakeOrganisations {
  /** Creates the organisation (installed, with Members: read) if needed and sets the team's members. */
  setTeam(org: string, slug: string, members: readonly (string | { login: string; maintainer?: boolean })[]): void;
  /** Replaces the organisation permissions of the app's installation on `org`. */
  setPermissions(org: string, permissions: Record<string, string>): void;
  get(org: string): FakeOrganisation | undefined;
}

const DOCS = 'https://docs.github.com/rest';
const notFound: FakeResponse = { status: 404, body: { message: 'Not Found', documentation_url: DOCS } };

export function fakeOrganisations(fake: Pick<FakeGitHub, 'route' | 'tokens'>, defaultInstallationId = 4242): FakeOrganisations {
  const orgs = new Map<string, FakeOrganisation>();
  const orgOf = (org: string) => {
    let o = orgs.get(org.toLowerCase());
    if (!o) orgs.set(org.toLowerCase(), (o = { installationId: defaultInstallationId, permissions: { members: 'read', metadata: 'read' }, teams: new Map() }));
    return o;
  };
  let userIds = 5_000_000;
  const ids = new Map<string, number>();
  const userJson = (login: string) => {
    if (!ids.has(login.toLowerCase())) ids.set(login.toLowerCase(), ++userIds);
    return { login, id: ids.get(login.toLowerCase()), type: 'User', site_admin: false, url: `https://api.github.com/users/${login}`, html_url: `https://github.com/${login}` };
  };

  fake.route('GET', '/orgs/:org/installation', ({ params }) => {
    const org = orgs.get(params.org!.toLowerCase());
    if (!org) return notFound;
    return { status: 200, body: {
      id: org.installationId, account: { login: params.org, type: 'Organization' }, target_type: 'Organization', repository_selection: 'all',
      permissions: { ...org.permissions }, events: ['pull_request'], app_id: 12345,
    } };
  }, 'app');

  fake.route('GET', '/orgs/:org/teams/:slug/members', (req: FakeRequest) => {
    const org = orgs.get(req.params.org!.toLowerCase());
    const token = /^(?:token|bearer)\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
    // Another organisation's installation token sees nothing of this one.
    if (!org || fake.tokens.get(token) !== org.installationId) return notFound;
    if (org.permissions.members !== 'read' && org.permissions.members !== 'write') {
      return { status: 403, body: { message: 'Resource not accessible by integration', documentation_url: `${DOCS}/teams/members#list-team-members` } };
    }
    const team = org.teams.get(req.params.slug!.toLowerCase());
    if (!team) return notFound;
    const role = req.query.role ?? 'all';
    const members = team.filter((m) => role === 'all' || (role === 'maintainer') === (m.maintainer === true));
    return pageOf(req, members.map((m) => userJson(m.login)));
  });

  return {
    setTeam(org, slug, members) {
      orgOf(org).teams.set(slug.toLowerCase(), members.map((m) => (typeof m === 'string' ? { login: m } : m)));
    },
    setPermissions(org, permissions) {
      orgOf(org).permissions = { ...permissions };
    },
    get: (org) => orgs.get(org.toLowerCase()),
  };
}
