import { describe, it, expect } from 'vitest';
import { parseCodeowners } from '../../src/domain/codeowners.js';
import type { ChangedFile } from '../../src/domain/facts.js';
import { resolveOwnership, type Ownership } from '../../src/domain/ownership.js';
import type { OwnershipPolicy, Person, TeamPolicy } from '../../src/domain/policy.js';

function team(name: string, over: Partial<TeamPolicy> = {}): TeamPolicy {
  return { name, github_teams: [], seniors: [], leads: [], members: [], ...over };
}

const TEAMS: TeamPolicy[] = [
  team('platform', { github_teams: ['acme/platform'], seniors: ['alice'], leads: ['lena'], members: ['mo'] }),
  team('payments', { github_teams: ['acme/payments', 'acme/billing'], seniors: ['Bob'] }),
  team('web', { seniors: ['carol'], members: ['mo'] }),
];

const PEOPLE: Person[] = [
  { github: 'Carol', email: 'carol@acme.io' },
  { github: 'dave', email: 'dave@acme.io' }, // in people, but on no team
  { github: 'alice' }, // no e-mail
];

const POLICY: OwnershipPolicy = { use_codeowners: true, repos: { 'acme/api': 'payments' }, fallback_team: 'platform' };

function file(path: string, previousPath?: string): ChangedFile {
  return { path, previousPath: previousPath ?? null, additions: 1, deletions: 1 };
}

describe('resolveOwnership', () => {
  const cases: {
    name: string;
    codeowners: string | null;
    files: ChangedFile[];
    repo?: string;
    policy?: Partial<OwnershipPolicy>;
    want: Partial<Ownership>;
  }[] = [
    {
      name: 'orgTeamMapsToTheTeamWithThatSlug',
      codeowners: '/src/ @acme/platform',
      files: [file('src/a.ts')],
      want: { teams: ['platform'], source: 'codeowners', lines: [{ path: 'src/a.ts', line: 1, owners: ['@acme/platform'] }], unmapped: [] },
    },
    {
      name: 'anyOfATeamsSlugsMapsToIt',
      codeowners: '/billing/ @acme/billing',
      files: [file('billing/invoice.ts')],
      want: { teams: ['payments'], source: 'codeowners', unmapped: [] },
    },
    {
      name: 'orgTeamSlugIsCaseInsensitive',
      codeowners: '* @ACME/Platform',
      files: [file('src/a.ts')],
      want: { teams: ['platform'], source: 'codeowners' },
    },
    {
      name: 'userOwnerMapsToTheTeamListingThemAsSenior',
      codeowners: '* @bob',
      files: [file('src/a.ts')],
      want: { teams: ['payments'], source: 'codeowners', unmapped: [] },
    },
    {
      name: 'userOwnerMapsToTheTeamListingThemAsLead',
      codeowners: '* @lena',
      files: [file('src/a.ts')],
      want: { teams: ['platform'], source: 'codeowners' },
    },
    {
      name: 'userOwnerMapsToEveryTeamListingThemAsMember',
      codeowners: '* @mo',
      files: [file('src/a.ts')],
      want: { teams: ['platform', 'web'], source: 'codeowners' },
    },
    {
      name: 'emailOwnerMapsThroughPeopleToTheirTeam',
      codeowners: '* carol@acme.io',
      files: [file('src/a.ts')],
      want: { teams: ['web'], source: 'codeowners', unmapped: [] },
    },
    {
      name: 'emailOwnerIsCaseInsensitive',
      codeowners: '* Carol@ACME.io',
      files: [file('src/a.ts')],
      want: { teams: ['web'], source: 'codeowners' },
    },
    {
      name: 'lastMatchingLineWins',
      codeowners: '* @acme/platform\n/payments/ @acme/payments\n',
      files: [file('payments/charge.ts')],
      want: { teams: ['payments'], source: 'codeowners', lines: [{ path: 'payments/charge.ts', line: 2, owners: ['@acme/payments'] }] },
    },
    {
      name: 'earlierLineStillOwnsWhatTheLaterOneDoesNotMatch',
      codeowners: '* @acme/platform\n/payments/ @acme/payments\n',
      files: [file('src/a.ts')],
      want: { teams: ['platform'], source: 'codeowners', lines: [{ path: 'src/a.ts', line: 1, owners: ['@acme/platform'] }] },
    },
    {
      name: 'teamsOfAllFilesAreUnitedAndSorted',
      codeowners: '/web/ @carol\n/payments/ @acme/payments\n',
      files: [file('web/app.tsx'), file('payments/charge.ts')],
      want: { teams: ['payments', 'web'], source: 'codeowners' },
    },
    {
      name: 'renamedFileIsOwnedByBothSides',
      codeowners: '/web/ @carol\n/payments/ @acme/payments\n',
      files: [file('web/charge.ts', 'payments/charge.ts')],
      want: {
        teams: ['payments', 'web'],
        source: 'codeowners',
        lines: [
          { path: 'web/charge.ts', line: 1, owners: ['@carol'] },
          { path: 'payments/charge.ts', line: 2, owners: ['@acme/payments'] },
        ],
      },
    },
    {
      name: 'lineWithoutOwnersLeavesThePathUnownedSoTheRepoMapDecides',
      codeowners: '* @acme/platform\n/docs/\n',
      repo: 'acme/api',
      files: [file('docs/readme.md')],
      want: { teams: ['payments'], source: 'repo_map', lines: [{ path: 'docs/readme.md', line: 2, owners: [] }], unmapped: [] },
    },
    {
      name: 'unownedFilesDoNotDiluteCodeownersOfOthers',
      codeowners: '/docs/\n/web/ @carol\n',
      repo: 'acme/api',
      files: [file('docs/readme.md'), file('web/app.tsx')],
      want: { teams: ['web'], source: 'codeowners' },
    },
    {
      name: 'unmappedOwnersAreReportedBesideMappedOnes',
      codeowners: '* @acme/ghosts @acme/platform someone@elsewhere.org',
      files: [file('src/a.ts')],
      want: { teams: ['platform'], source: 'codeowners', unmapped: ['@acme/ghosts', 'someone@elsewhere.org'] },
    },
    {
      name: 'personOnNoTeamIsUnmapped',
      codeowners: '/a/ @dave\n/b/ dave@acme.io\n',
      files: [file('a/x.ts'), file('b/y.ts')],
      want: { teams: ['platform'], source: 'fallback', unmapped: ['@dave', 'dave@acme.io'] },
    },
    {
      name: 'onlyUnmappedOwnersFallBackToTheRepoMapAndStillReportThem',
      codeowners: '* @acme/ghosts',
      repo: 'acme/api',
      files: [file('src/a.ts')],
      want: { teams: ['payments'], source: 'repo_map', unmapped: ['@acme/ghosts'] },
    },
    {
      name: 'repoMapIsCaseInsensitive',
      codeowners: null,
      repo: 'Acme/API',
      files: [file('src/a.ts')],
      want: { teams: ['payments'], source: 'repo_map', lines: [], unmapped: [] },
    },
    {
      name: 'noCodeownersFileUsesTheRepoMap',
      codeowners: null,
      repo: 'acme/api',
      files: [file('src/a.ts')],
      want: { teams: ['payments'], source: 'repo_map', lines: [] },
    },
    {
      name: 'codeownersIgnoredWhenTurnedOff',
      codeowners: '* @acme/platform',
      policy: { use_codeowners: false },
      repo: 'acme/api',
      files: [file('src/a.ts')],
      want: { teams: ['payments'], source: 'repo_map', lines: [], unmapped: [] },
    },
    {
      name: 'noMatchingLineAndUnmappedRepoUsesTheFallbackTeam',
      codeowners: '/docs/ @acme/platform',
      repo: 'acme/web',
      files: [file('src/a.ts')],
      want: { teams: ['platform'], source: 'fallback', lines: [], unmapped: [] },
    },
    {
      name: 'filesNotReadUseTheRepoMap',
      codeowners: '* @acme/platform',
      repo: 'acme/api',
      files: [],
      want: { teams: ['payments'], source: 'repo_map' },
    },
    {
      name: 'nothingConfiguredOwnsItIsNone',
      codeowners: null,
      repo: 'acme/web',
      policy: { fallback_team: null },
      files: [file('src/a.ts')],
      want: { teams: [], source: 'none', lines: [], unmapped: [] },
    },
  ];

  for (const c of cases) {
    it(c.name, () => {
      const result = resolveOwnership({
        repo: c.repo ?? 'acme/web',
        files: c.files,
        codeowners: c.codeowners === null ? null : parseCodeowners(c.codeowners),
        teams: TEAMS,
        people: PEOPLE,
        policy: { ...POLICY, ...c.policy },
      });
      expect(result).toMatchObject(c.want);
    });
  }

  it('showsAtMostTwentyLinesButCountsEveryFile', () => {
    const files = [...Array.from({ length: 25 }, (_, i) => file(`src/f${i}.ts`)), file('payments/charge.ts')];
    const result = resolveOwnership({
      repo: 'acme/web',
      files,
      codeowners: parseCodeowners('* @acme/platform\n/payments/ @acme/payments\n'),
      teams: TEAMS,
      people: PEOPLE,
      policy: POLICY,
    });
    expect(result.lines).toHaveLength(20);
    expect(result.teams).toEqual(['payments', 'platform']);
  });
});
