import { evidenceLineText } from './evidence-view.js';
import { CHECK_NAME, type CheckRunUpdate } from './ports.js';
import type { ReviewRequestView } from './views.js';
import { notReadText } from './wording.js';
import { askedBy, EXPLANATION_BLOCKS, explanationAnswers, explanationOrigin, NOT_EXPLAINED, SPLIT_HEADING, splitLine } from './accountability-wording.js';

/**
 * What GitHub shows: the check run's output and the one PR comment. Markdown, with
 * every piece of user text escaped and every login in a code span, so a title cannot
 * inject markup and a login cannot @-mention anyone.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]<>()#+\-.!|~@]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

const code = (text: string) => `\`${text.replace(/`/g, 'ˋ')}\``;
const short = (sha: string) => code(sha.slice(0, 7));

export function checkRunFor(view: ReviewRequestView, state: 'pending' | 'success' | 'failure', publicUrl: string | undefined): CheckRunUpdate {
  const externalId = `countersign:${view.changeId}:${view.headSha}`;
  const detailsUrl = publicUrl ? `${publicUrl.replace(/\/$/, '')}/` : undefined;
  const base = { headSha: view.headSha, externalId, ...(detailsUrl ? { detailsUrl } : {}) };
  if (state === 'pending') {
    return { ...base, status: 'in_progress', output: { title: `Waiting for senior sign-off (${view.approvals.length} of ${view.requiredSignoffs})`, summary: summary(view) } };
  }
  if (state === 'failure') {
    const who = view.changesRequested.map((c) => code(c.reviewer)).join(', ');
    return { ...base, status: 'completed', conclusion: 'failure', output: { title: `Changes requested${who ? ` by ${view.changesRequested.map((c) => c.reviewer).join(', ')}` : ''}`, summary: summary(view) } };
  }
  const title = view.override
    ? `Overridden by ${view.override.by}: ${view.override.reason}`.slice(0, 250)
    : view.evidence.length === 0 ? 'No AI-assistance markers: no sign-off needed'
      : `Signed off by ${view.approvals.map((a) => a.reviewer).join(', ')} at ${view.headSha.slice(0, 7)}`;
  return { ...base, status: 'completed', conclusion: 'success', output: { title, summary: summary(view) } };
}

function summary(view: ReviewRequestView): string {
  const lines: string[] = [];
  if (view.evidence.length === 0) {
    lines.push('Countersign found no marker of an AI coding tool in this pull request, so it needs no senior sign-off.');
  } else {
    lines.push(`**Why it needs sign-off:** this change shows signs of AI assistance, and ${view.requiredSignoffs} senior sign-off${view.requiredSignoffs === 1 ? '' : 's'} ${view.requiredSignoffs === 1 ? 'is' : 'are'} required at ${view.riskTier} risk (${view.riskReasons.map(escapeMarkdown).join('; ')}).`, '', '**Evidence**');
    for (const g of view.evidence.slice(0, 20)) {
      lines.push(`- **${escapeMarkdown(g.tool)}**`);
      for (const l of g.lines) lines.push(`  - ${escapeMarkdown(evidenceLineText(l))}`);
    }
    if (view.evidence.length > 20) lines.push(`- …and ${view.evidence.length - 20} more`);
    if (!view.commitsRead) lines.push('- (commits were not read: no GitHub App access)');
    const notRead = notReadText(view.notRead);
    if (notRead) lines.push(`- (${escapeMarkdown(notRead)})`);
  }
  lines.push(...accountability(view));
  if (view.override) {
    lines.push('', `**Overridden** by ${code(view.override.by)} at ${view.override.at}: ${escapeMarkdown(view.override.reason)}`);
  }
  if (view.approvals.length > 0) {
    lines.push('', `**Signed off at ${short(view.headSha)}**`);
    for (const a of view.approvals) lines.push(`- ${code(a.reviewer)} at ${a.at}`);
  }
  for (const c of view.changesRequested) lines.push('', `**Changes requested** by ${code(c.reviewer)}: ${escapeMarkdown(c.note ?? '')}`);
  if (view.evidence.length > 0 && view.status === 'awaiting') {
    lines.push('', `**Who may sign off:** ${view.eligibleSeniors.length > 0 ? view.eligibleSeniors.map(code).join(', ') : 'no senior of the owning team is available'} (${view.owningTeams.map(code).join(', ') || 'no owning team'}).`);
  }
  return truncate(lines.join('\n'), 60_000);
}

/** Who asked the agent, the author's explanation (or that it is missing), and how to split an oversized change. */
function accountability(view: ReviewRequestView): string[] {
  const lines: string[] = [];
  const asked = askedBy(view.accountableAuthor, `${view.repo}#${view.number}`);
  if (asked) lines.push('', `**Author:** ${escapeMarkdown(asked)}`);
  if (view.explanation) {
    lines.push('', `**Author's explanation** (${escapeMarkdown(explanationOrigin(view.explanation))})`);
    for (const a of explanationAnswers(view.explanation)) lines.push(`- **${a.label}:** ${escapeMarkdown(a.text.slice(0, 2000))}`);
  } else if (view.explanationRequired && view.evidence.length > 0) {
    lines.push('', `**Author's explanation:** ${NOT_EXPLAINED} ${EXPLANATION_BLOCKS}`);
  }
  if (view.split) {
    lines.push('', `**${SPLIT_HEADING}**`);
    for (const part of view.split.slice(0, 20)) lines.push(`- ${escapeMarkdown(splitLine(part))}`);
  }
  return lines;
}

export function commentMarker(changeId: number): string {
  return `<!-- countersign:change:${changeId} -->`;
}

/** The one PR comment: the same facts, and the state as JSON a machine can read back. */
export function commentBody(view: ReviewRequestView): string {
  const state = {
    change_id: view.changeId, status: view.status, head_sha: view.headSha, required_signoffs: view.requiredSignoffs,
    signoffs: view.approvals.map((a) => ({ reviewer: a.reviewer, at: a.at })), override: view.override,
  };
  const heading = view.status === 'signed_off'
    ? (view.override ? `### ${CHECK_NAME}: overridden` : `### ${CHECK_NAME}: signed off at ${short(view.headSha)}`)
    : view.status === 'changes_requested' ? `### ${CHECK_NAME}: changes requested` : `### ${CHECK_NAME}: waiting (${view.approvals.length} of ${view.requiredSignoffs})`;
  // `--` cannot appear inside an HTML comment; JSON never needs it unescaped.
  const json = JSON.stringify(state).replace(/--/g, '-\\u002d');
  return truncate([commentMarker(view.changeId), `<!-- countersign:state ${json} -->`, heading, '', summary(view)].join('\n'), 65_000);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 20)}\n\n…(truncated)`;
}
