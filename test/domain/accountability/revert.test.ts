import { describe, it, expect } from 'vitest';
import { revertTargets, sameCommit, type RevertFacts, type RevertTargets } from '../../../src/domain/accountability/revert.js';

const SHA = '1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d';

describe('revertTargets', () => {
  const cases: { name: string; facts: Omit<RevertFacts, 'repo'>; want: RevertTargets }[] = [
    {
      name: 'githubRevertPullRequest',
      facts: { title: 'Revert "Add retries"', body: 'Reverts acme/api#42' },
      want: { pulls: [{ repo: 'acme/api', number: 42 }], commits: [] },
    },
    {
      name: 'githubRevertWithExplanationBelow',
      facts: { title: 'Revert "Add retries"', body: 'Reverts acme/api#42\r\n\r\nIt broke checkout.' },
      want: { pulls: [{ repo: 'acme/api', number: 42 }], commits: [] },
    },
    { name: 'shortReferenceMeansThisRepository', facts: { title: 'Revert "x"', body: 'Reverts #7' }, want: { pulls: [{ repo: 'acme/web', number: 7 }], commits: [] } },
    { name: 'revertsLineWithoutTheRevertTitleIsNot', facts: { title: 'Fix checkout', body: 'Reverts acme/api#42' }, want: { pulls: [], commits: [] } },
    { name: 'proseAboutRevertingIsNot', facts: { title: 'Revert "x"', body: 'This reverts acme/api#42 partially, see Reverts acme/api#42 above' }, want: { pulls: [], commits: [] } },
    { name: 'quotedRevertsLineIsNot', facts: { title: 'Revert "x"', body: '> Reverts acme/api#42' }, want: { pulls: [], commits: [] } },
    { name: 'titleMentioningRevertIsNot', facts: { title: 'Document how to revert a deploy', body: 'We should revert faster.' }, want: { pulls: [], commits: [] } },
    {
      name: 'gitRevertCommit',
      facts: { title: 'Undo retries', commits: [{ message: `Revert "Add retries"\n\nThis reverts commit ${SHA}.` }] },
      want: { pulls: [], commits: [SHA] },
    },
    {
      name: 'gitRevertOfAMergeCommit',
      facts: { commits: [{ message: `Revert "Merge pull request #3"\n\nThis reverts commit ${SHA}, reversing\nchanges made to 9f8e7d6.` }] },
      want: { pulls: [], commits: [SHA] },
    },
    { name: 'commitMentioningARevertInProseIsNot', facts: { commits: [{ message: `Fix\n\nAn earlier change reverts commit ${SHA} by accident.` }] }, want: { pulls: [], commits: [] } },
    { name: 'tooShortAShaIsNot', facts: { commits: [{ message: 'This reverts commit abc12.' }] }, want: { pulls: [], commits: [] } },
    {
      name: 'sameTargetCountedOnce',
      facts: { title: 'Revert "x"', body: `Reverts acme/api#42\nReverts ACME/api#42\n\nThis reverts commit ${SHA}.`, commits: [{ message: `This reverts commit ${SHA.toUpperCase()}.` }] },
      want: { pulls: [{ repo: 'acme/api', number: 42 }], commits: [SHA] },
    },
  ];
  for (const c of cases) {
    it(c.name, () => expect(revertTargets({ repo: 'acme/web', ...c.facts })).toEqual(c.want));
  }

  it('runsInLinearTimeOnHostileBodies', () => {
    const body = `Reverts ${'a'.repeat(200_000)}/\nThis reverts commit ${'a'.repeat(200_000)}`;
    expect(revertTargets({ repo: 'acme/web', title: 'Revert "x"', body }).pulls).toEqual([]);
  });
});

describe('sameCommit', () => {
  it('anAbbreviatedShaNamesItsCommit', () => {
    expect(sameCommit('1a2b3c4', SHA)).toBe(true);
    expect(sameCommit('1A2B3C4D', SHA)).toBe(true);
    expect(sameCommit('1a2b3c5', SHA)).toBe(false);
    expect(sameCommit('1a2b', SHA)).toBe(false);
  });
});
