import type { AccountableAuthor } from '../domain/accountability/requester.js';
import { EXPLANATION_LABELS, EXPLANATION_QUESTIONS, type ExplanationQuestion } from '../domain/accountability/explanation.js';
import type { SplitPart } from '../domain/accountability/split.js';
import type { QualityRow, QualityTable } from '../domain/accountability/quality.js';
import { formOpenSeconds } from '../domain/accountability/review-time.js';
import { formatDuration, plural } from './wording.js';

/**
 * Accountability in words every chat adapter and the check run use alike. Plain text:
 * each adapter escapes it for its own markup.
 */
export const NOT_EXPLAINED = 'The author has not explained this change yet.';
/** Said after NOT_EXPLAINED where the team requires an explanation. */
export const EXPLANATION_BLOCKS = 'A sign-off waits for it.';
/** Heads the suggested split of a change too big to review at once. */
export const SPLIT_HEADING = 'Too big to review in one sitting; it could be split:';

/** How an author gives the explanation (the DM asking for it). */
export const EXPLAIN_HOW = 'Write it in the pull request description under the headings "What this changes", "How I verified it" and "What could break", or press "Explain this change" on the review request.';

/** Stats and digests about reverts say what they are for. */
export const QUALITY_SIGNAL = 'A quality signal for the sign-off rule itself, not a blame board: it shows where review needs more time, smaller changes or better tools.';

/** "asked by alice: assigned Copilot to this pull request"; null when the PR author is accountable. */
export function askedBy(author: AccountableAuthor | undefined, ref: string): string | null {
  if (!author || author.source === 'pr_author') return null;
  if (author.login === null) return `Nobody is known to have asked the agent (${author.evidence}). A lead can name the author: /signoff author ${ref} @login`;
  return author.source === 'named_by_lead' ? `${author.login}, ${author.evidence}` : `asked by ${author.login}: ${author.evidence}`;
}

export function explanationAnswers(answers: Record<ExplanationQuestion, string>): { label: string; text: string }[] {
  return EXPLANATION_QUESTIONS.map((q) => ({ label: EXPLANATION_LABELS[q], text: answers[q] }));
}

/** "written in the pull request description at 2026-12-01 10:00 UTC, for 1a2b3c4" */
export function explanationOrigin(e: { at: string; headSha: string; source: 'body' | 'chat' }): string {
  return `given ${e.source === 'chat' ? 'in chat' : 'in the pull request description'} at ${e.at.slice(0, 16).replace('T', ' ')} UTC, for ${e.headSha.slice(0, 7)}`;
}

/** "payments · api/: 320 lines in 4 files (still too big on its own)" */
export function splitLine(part: SplitPart): string {
  const where = part.directory === '(root)' ? 'top-level files' : `${part.directory}/`;
  return `${part.team ? `${part.team} · ` : ''}${where}: ${plural(part.lines, 'line')} in ${plural(part.files, 'file')}${part.oversized ? ' (still too big on its own)' : ''}`;
}

/** "open 9s" beside "+700 −20" in stats, digest and audit. */
export function formTime(seconds: number | null): string {
  if (seconds === null) return 'form time unknown';
  return seconds < 120 ? `form open ${seconds}s` : `form open ${formatDuration(seconds * 1000)}`;
}

/** "form open 40s" for a sign-off that carries when its form was opened. */
export function approvalFormTime(a: { at: string; formOpenedAt?: string | null }): string {
  return formTime(formOpenSeconds(a.formOpenedAt ?? null, a.at));
}

/** Thread notices about accountability, in plain words; each adapter escapes or decorates `actor` and `at` first. */
export const ACCOUNTABILITY_NOTICES = {
  author_named: (actor: string | null) => `${actor ?? 'A lead'} named the author who asked the agent; they may not sign it off.`,
  explained: (actor: string | null, at: string) => `${actor ?? 'The author'} explained the change at ${at}; it is shown on the request.`,
  reverted: (actor: string | null, at: string) => `This change was reverted${actor ? ` by ${actor}` : ''}. The audit trail links the revert to the sign-offs at ${at}. ${QUALITY_SIGNAL}`,
  incident: (actor: string | null, at: string) => `${actor ?? 'A lead'} linked an incident to this change at ${at}. ${QUALITY_SIGNAL}`,
} as const;

/** Direct messages about accountability: what happened (before and after the linked title) and what to do. */
export function accountabilityAlert(kind: 'explanation_needed' | 'reverted' | 'incident', note: string | null): { before: string; after: string; advice: string } {
  switch (kind) {
    case 'explanation_needed':
      return { before: 'Please explain your change ', after: ' before a senior signs it off: what it changes, how you verified it, what could break.', advice: EXPLAIN_HOW };
    case 'reverted':
      return { before: 'A change you signed off or lead was reverted: ', after: note ? ` (${note}).` : '.', advice: QUALITY_SIGNAL };
    case 'incident':
      return { before: 'An incident was linked to ', after: note ? `: ${note}` : '.', advice: QUALITY_SIGNAL };
  }
}

/** The quality table as sections of plain lines: "payments: 4 signed · 1,240 lines · form open 6m over 3 sign-offs · 1 reverted · 0 incidents". */
export function qualitySections(table: QualityTable): { title: string; lines: string[] }[] {
  const lines = (rows: QualityRow[]) => rows.slice(0, QUALITY_ROWS).map(qualityLine);
  return [
    { title: 'Per team', lines: lines(table.byTeam) },
    { title: 'Per senior', lines: lines(table.bySenior) },
    { title: 'Per AI tool', lines: lines(table.byTool) },
  ].filter((s) => s.lines.length > 0);
}

/** Rows shown per section of the quality table. */
export const QUALITY_ROWS = 15;

function qualityLine(r: QualityRow): string {
  // The time with the form open stands beside the lines it covered: the reader judges the ratio.
  const looked = r.timedSignoffs === 0 ? formTime(null) : `${formTime(r.formSeconds)} over ${plural(r.timedSignoffs, 'sign-off')}`;
  return `${r.name}: ${r.signed} signed · ${plural(r.lines, 'line')} · ${looked} · ${r.reverted} reverted · ${plural(r.incidents, 'incident')}`;
}

/** A revert or incident in the digest, in plain words: what happened and what it traces to. */
export function traceWords(t: { kind: 'reverted' | 'incident'; reference: string; by: string; signers: readonly string[]; overriddenBy: string | null; mergedWithoutSignoff: boolean }): { what: string; tracesTo: string } {
  const what = t.kind === 'reverted' ? `reverted by ${t.by} in ${t.reference}` : `incident linked by ${t.by}: ${t.reference}`;
  const tracesTo = t.signers.length > 0 ? `had been signed off by ${t.signers.join(', ')}`
    : t.overriddenBy ? `had been overridden by ${t.overriddenBy}` : t.mergedWithoutSignoff ? 'had merged without a sign-off' : 'had no recorded sign-off';
  return { what, tracesTo };
}

/** The digest's heading over the quality table. */
export function qualityPeriod(days: number): string {
  return `${QUALITY_TITLE}, last ${plural(days, 'day')}`;
}

export const QUALITY_TITLE = 'Reverted and linked to incidents';
