import type { SignedChange, TracedLink } from '../domain/accountability/quality.js';
import { formOpenSeconds } from '../domain/accountability/review-time.js';
import type { DigestChange, DigestTrace, QualityInput } from '../domain/digest.js';
import type { Signal } from '../domain/detection/rule.js';
import type { Db } from '../store/changes.js';
import { approvalsSince, linksSince } from '../store/quality.js';

/** How far back the digest's quality table reaches: the same week `/signoff stats` shows by default. */
export const DIGEST_QUALITY_DAYS = 7;

/** Per team: the reverts and incidents of the digest's day, and the week's quality table input. */
export interface DigestAccountability {
  tracedByTeam: Map<string, DigestTrace[]>;
  qualityByTeam: Map<string, QualityInput>;
}

/**
 * Reverts, incidents and sign-offs for every team's digest, read with two queries for
 * all teams (not one per team or per change) and grouped by owning team in memory.
 * A team's quality rows name that team alone, its seniors and its changes' tools.
 */
export async function digestAccountability(db: Db, dayStart: string, now: Date): Promise<DigestAccountability> {
  const since = new Date(now.getTime() - DIGEST_QUALITY_DAYS * 86_400_000).toISOString();
  // Changes share a few team lists and evidence sets: each distinct text is parsed once.
  const tools = new Map<string, string[]>();
  const toolsOf = (signals: string) => tools.get(signals) ?? tools.set(signals, [...new Set((JSON.parse(signals) as Signal[]).map((s) => s.tool))]).get(signals)!;
  const teamLists = new Map<string, string[]>();
  const teamsOf = (owning: string) => teamLists.get(owning) ?? teamLists.set(owning, JSON.parse(owning) as string[]).get(owning)!;

  const signed = new Map<number, { teams: string[]; tools: string[]; lines: number; signoffs: { reviewer: string; formSeconds: number | null }[] }>();
  for (const a of await approvalsSince(db, since)) {
    const change = signed.get(a.change_id)
      ?? signed.set(a.change_id, { teams: teamsOf(a.owning_teams), tools: toolsOf(a.signals), lines: a.additions + a.deletions, signoffs: [] }).get(a.change_id)!;
    change.signoffs.push({ reviewer: a.reviewer, formSeconds: formOpenSeconds(a.form_opened_at, a.at) });
  }

  const qualityByTeam = new Map<string, QualityInput & { signed: SignedChange[]; links: TracedLink[] }>();
  const qualityOf = (team: string) => qualityByTeam.get(team) ?? qualityByTeam.set(team, { days: DIGEST_QUALITY_DAYS, signed: [], links: [] }).get(team)!;
  for (const c of signed.values()) {
    const signers = [...new Set(c.signoffs.map((s) => s.reviewer))];
    for (const team of c.teams) qualityOf(team).signed.push({ teams: [team], tools: c.tools, signers, lines: c.lines, signoffs: c.signoffs });
  }

  const tracedByTeam = new Map<string, DigestTrace[]>();
  for (const l of await linksSince(db, since)) {
    const teams = teamsOf(l.owning_teams);
    const signers = JSON.parse(l.signers) as string[];
    for (const team of teams) qualityOf(team).links.push({ kind: l.kind, teams: [team], tools: toolsOf(l.signals), signers });
    if (l.at < dayStart) continue;
    const change: DigestChange = {
      changeId: l.change_id, repo: l.repo, number: l.number, title: l.title, url: l.url, author: l.author, riskTier: l.risk_tier as DigestChange['riskTier'],
      additions: l.additions, deletions: l.deletions, requestedAt: l.requested_at, assignee: l.assignee, approvals: [], status: l.status,
    };
    const trace: DigestTrace = { change, kind: l.kind, reference: l.reference, by: l.by, at: l.at, signers, overriddenBy: l.overridden_by, mergedWithoutSignoff: l.merged_without_signoff === 1 };
    for (const team of teams) (tracedByTeam.get(team) ?? tracedByTeam.set(team, []).get(team)!).push(trace);
  }
  return { tracedByTeam, qualityByTeam };
}
