/**
 * Reverts and incidents per team, per senior and per AI tool, beside the changes
 * signed and how long their sign-off forms were open for the lines they changed
 * (issue 15). A quality signal for the sign-off rule itself, not a blame board: the
 * counts say where review needs more time, smaller changes or better tools.
 */
export interface Attribution {
  teams: readonly string[];
  tools: readonly string[];
  /** Seniors who signed it (in the period). */
  signers: readonly string[];
}

/** A change signed in the period, with each sign-off's time with the form open. */
export interface SignedChange extends Attribution {
  /** Lines changed (additions + deletions). */
  lines: number;
  /** One per sign-off in the period: seconds the form was open, null when unknown. */
  signoffs: readonly { reviewer: string; formSeconds: number | null }[];
}

export interface TracedLink extends Attribution {
  kind: 'reverted' | 'incident';
}

export interface QualityRow {
  name: string;
  signed: number;
  /** Lines changed by the changes counted in `signed`. */
  lines: number;
  /** Seconds with the form open, summed over the row's sign-offs whose time is known… */
  formSeconds: number;
  /** …and how many those are (the others were GitHub reviews or untimed forms). */
  timedSignoffs: number;
  reverted: number;
  incidents: number;
}

export interface QualityTable {
  byTeam: QualityRow[];
  bySenior: QualityRow[];
  byTool: QualityRow[];
}

export function qualityTable(signed: readonly SignedChange[], links: readonly TracedLink[]): QualityTable {
  const table = (pick: (c: Attribution) => readonly string[], ownSignoffs: boolean): QualityRow[] => {
    const rows = new Map<string, QualityRow>();
    const row = (name: string) => rows.get(name.toLowerCase())
      ?? rows.set(name.toLowerCase(), { name, signed: 0, lines: 0, formSeconds: 0, timedSignoffs: 0, reverted: 0, incidents: 0 }).get(name.toLowerCase())!;
    for (const change of signed) {
      for (const name of unique(pick(change))) {
        const r = row(name);
        r.signed++;
        r.lines += change.lines;
        // A senior's row counts their own forms; a team's or a tool's counts every sign-off of the change.
        for (const s of change.signoffs) {
          if (s.formSeconds === null || (ownSignoffs && s.reviewer.toLowerCase() !== name.toLowerCase())) continue;
          r.formSeconds += s.formSeconds;
          r.timedSignoffs++;
        }
      }
    }
    for (const link of links) {
      for (const name of unique(pick(link))) {
        if (link.kind === 'reverted') row(name).reverted++;
        else row(name).incidents++;
      }
    }
    return [...rows.values()].sort((a, b) => b.reverted + b.incidents - (a.reverted + a.incidents) || b.signed - a.signed || a.name.localeCompare(b.name));
  };
  return { byTeam: table((c) => c.teams, false), bySenior: table((c) => c.signers, true), byTool: table((c) => c.tools, false) };
}

/** Names once each, case-insensitively (the first spelling wins). */
function unique(names: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const n of names) if (!seen.has(n.toLowerCase())) seen.set(n.toLowerCase(), n);
  return [...seen.values()];
}
