import { describe, it, expect } from 'vitest';
import { suggestSplit, type OwnedFile, type SplitPart } from '../../../src/domain/accountability/split.js';

const f = (path: string, lines: number, teams: string[] = []): OwnedFile => ({ path, additions: lines, deletions: 0, teams });
const part = (team: string | null, directory: string, lines: number, files: number, oversized = false): SplitPart => ({ team, directory, lines, files, oversized });

describe('suggestSplit', () => {
  const cases: { name: string; files: OwnedFile[]; want: SplitPart[] | null }[] = [
    { name: 'reviewableChangeNeedsNoSplit', files: [f('api/a.ts', 200), f('web/b.ts', 200)], want: null },
    {
      name: 'byTopLevelDirectoryLargestFirst',
      files: [f('api/a.ts', 100), f('web/b.ts', 300), f('api/sub/c.ts', 50), f('README.md', 10)],
      want: [part(null, 'web', 300, 1), part(null, 'api', 150, 2), part(null, '(root)', 10, 1)],
    },
    {
      name: 'byOwningTeamThenDirectory',
      files: [f('api/a.ts', 300, ['payments']), f('api/b.ts', 200, ['platform']), f('web/c.ts', 100, ['payments'])],
      want: [part('payments', 'api', 300, 1), part('platform', 'api', 200, 1), part('payments', 'web', 100, 1)],
    },
    {
      name: 'aFileOwnedByTwoTeamsCountsForEach',
      files: [f('db/m.sql', 300, ['payments', 'platform']), f('api/a.ts', 150, ['payments'])],
      want: [part('payments', 'db', 300, 1), part('platform', 'db', 300, 1), part('payments', 'api', 150, 1)],
    },
    { name: 'onePartOnlyHasNothingToSplitAlong', files: [f('api/a.ts', 300), f('api/b.ts', 300)], want: null },
    {
      name: 'aPartStillTooLargeSaysSo',
      files: [f('api/a.ts', 500), f('web/b.ts', 10)],
      want: [part(null, 'api', 500, 1, true), part(null, 'web', 10, 1)],
    },
  ];
  for (const c of cases) it(c.name, () => expect(suggestSplit(c.files, 400)).toEqual(c.want));
});
