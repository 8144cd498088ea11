/**
 * Reverts and incidents per team, per senior and per AI tool, beside the changes
 * signed (issue 15). A quality signal for the sign-off rule itself, not a blame board:
 * the counts say where review needs more time, smaller changes or better tools.
 */
export interface SignedChange {
  teams: readonly string[];
  tools: readonly string[];
  /** Seniors who signed it (in the period). */
  signers: readonly string[];
}

export interface TracedLink extends SignedChange {
  kind: 'reverted' | 'incident';
}

export interface QualityRow {
  name: string;
  signed: number;
  reverted: number;
  incidents: number;
}

export interface QualityTable {
  byTeam: QualityRow[];
  bySenior: QualityRow[];
  byTool: QualityRow[];
}

export function qualityTable(signed: readonly SignedChange[], links: readonly TracedLink[]): QualityTable {
  const table = (pick: (c: SignedChange) => readonly string[]): QualityRow[] => {
    const rows = new Map<string, QualityRow>();
    const row = (name: string) => rows.get(name.toLowerCase()) ?? rows.set(name.toLowerCase(), { name, signed: 0, reverted: 0, incidents: 0 }).get(name.toLowerCase())!;
    for (const change of signed) for (const name of new Set(pick(change))) row(name).signed++;
    for (const link of links) {
      for (const name of new Set(pick(link))) {
        if (link.kind === 'reverted') row(name).reverted++;
        else row(name).incidents++;
      }
    }
    return [...rows.values()].sort((a, b) => b.reverted + b.incidents - (a.reverted + a.incidents) || b.signed - a.signed || a.name.localeCompare(b.name));
  };
  return { byTeam: table((c) => c.teams), bySenior: table((c) => c.signers), byTool: table((c) => c.tools) };
}
