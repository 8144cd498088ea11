import { describe, it, expect } from 'vitest';
import { qualityTable } from '../../../src/domain/accountability/quality.js';

describe('qualityTable', () => {
  it('countsSignedRevertedAndIncidentsPerTeamSeniorAndTool', () => {
    const signed = [
      { teams: ['payments'], tools: ['Claude Code'], signers: ['bob'] },
      { teams: ['payments', 'platform'], tools: ['Copilot', 'Claude Code'], signers: ['alice', 'Bob'] },
    ];
    const links = [
      { kind: 'reverted' as const, teams: ['payments'], tools: ['Claude Code'], signers: ['bob'] },
      { kind: 'incident' as const, teams: ['platform'], tools: ['Copilot'], signers: ['alice'] },
    ];
    const got = qualityTable(signed, links);
    expect(got.byTeam).toEqual([
      { name: 'payments', signed: 2, reverted: 1, incidents: 0 },
      { name: 'platform', signed: 1, reverted: 0, incidents: 1 },
    ]);
    // Ties on reverts and incidents: the busier senior first.
    expect(got.bySenior).toEqual([
      { name: 'bob', signed: 2, reverted: 1, incidents: 0 },
      { name: 'alice', signed: 1, reverted: 0, incidents: 1 },
    ]);
    expect(got.byTool.map((r) => [r.name, r.signed, r.reverted, r.incidents])).toEqual([['Claude Code', 2, 1, 0], ['Copilot', 1, 0, 1]]);
  });

  it('aChangeCountsOncePerNameAndNothingIsEmpty', () => {
    expect(qualityTable([{ teams: ['a', 'a'], tools: [], signers: [] }], [])).toEqual({ byTeam: [{ name: 'a', signed: 1, reverted: 0, incidents: 0 }], bySenior: [], byTool: [] });
  });
});
