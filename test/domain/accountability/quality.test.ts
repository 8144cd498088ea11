import { describe, it, expect } from 'vitest';
import { qualityTable } from '../../../src/domain/accountability/quality.js';

describe('qualityTable', () => {
  it('countsSignedRevertedAndIncidentsPerTeamSeniorAndTool', () => {
    const signed = [
      { teams: ['payments'], tools: ['Claude Code'], signers: ['bob'], lines: 100, signoffs: [{ reviewer: 'bob', formSeconds: 60 }] },
      { teams: ['payments', 'platform'], tools: ['Copilot', 'Claude Code'], signers: ['alice', 'Bob'], lines: 900, signoffs: [{ reviewer: 'alice', formSeconds: 5 }, { reviewer: 'Bob', formSeconds: null }] },
    ];
    const links = [
      { kind: 'reverted' as const, teams: ['payments'], tools: ['Claude Code'], signers: ['bob'] },
      { kind: 'incident' as const, teams: ['platform'], tools: ['Copilot'], signers: ['alice'] },
    ];
    const got = qualityTable(signed, links);
    // A team's row: every timed sign-off of its changes, beside the lines they changed.
    expect(got.byTeam).toEqual([
      { name: 'payments', signed: 2, lines: 1000, formSeconds: 65, timedSignoffs: 2, reverted: 1, incidents: 0 },
      { name: 'platform', signed: 1, lines: 900, formSeconds: 5, timedSignoffs: 1, reverted: 0, incidents: 1 },
    ]);
    // Ties on reverts and incidents: the busier senior first; a senior's row counts their own forms only.
    expect(got.bySenior).toEqual([
      { name: 'bob', signed: 2, lines: 1000, formSeconds: 60, timedSignoffs: 1, reverted: 1, incidents: 0 },
      { name: 'alice', signed: 1, lines: 900, formSeconds: 5, timedSignoffs: 1, reverted: 0, incidents: 1 },
    ]);
    expect(got.byTool.map((r) => [r.name, r.signed, r.reverted, r.incidents])).toEqual([['Claude Code', 2, 1, 0], ['Copilot', 1, 0, 1]]);
  });

  it('aChangeCountsOncePerNameAndNothingIsEmpty', () => {
    expect(qualityTable([{ teams: ['a', 'A'], tools: [], signers: [], lines: 3, signoffs: [] }], [])).toEqual({
      byTeam: [{ name: 'a', signed: 1, lines: 3, formSeconds: 0, timedSignoffs: 0, reverted: 0, incidents: 0 }], bySenior: [], byTool: [],
    });
  });
});
