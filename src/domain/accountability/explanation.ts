import type { RiskTier } from '../policy.js';

/**
 * The author's explanation of a change (issue 15): what it changes, how they
 * verified it, what could break. Given in the pull request body under configurable
 * headings, or in chat through the same three questions.
 */
export type ExplanationQuestion = 'what' | 'verified' | 'risks';
export const EXPLANATION_QUESTIONS: readonly ExplanationQuestion[] = ['what', 'verified', 'risks'];

export type Explanation = Record<ExplanationQuestion, string>;

/** Headings that introduce each answer (any one of them, case-insensitive). */
export type ExplanationHeadings = Readonly<Record<ExplanationQuestion, readonly string[]>>;

export const DEFAULT_EXPLANATION_HEADINGS: ExplanationHeadings = {
  what: ['What this changes', 'What changes'],
  verified: ['How I verified it', 'How it was verified'],
  risks: ['What could break'],
};

/** The questions as the chat form and the request ask them. */
export const EXPLANATION_LABELS: Readonly<Record<ExplanationQuestion, string>> = {
  what: 'What this changes',
  verified: 'How I verified it',
  risks: 'What could break',
};

/** `off`: never required; `high`: for high-risk changes; `all`: for every AI-assisted change. */
export type ExplanationRequirement = 'off' | 'high' | 'all';

export function explanationRequired(requirement: ExplanationRequirement, tier: RiskTier): boolean {
  return requirement === 'all' || (requirement === 'high' && tier === 'high');
}

/** Does any owning team want the author's explanation at this risk tier? */
export function explanationNeededBy(
  teams: readonly { name: string; explanation?: ExplanationRequirement }[], owningTeams: readonly string[], tier: RiskTier,
): boolean {
  return teams.some((t) => owningTeams.includes(t.name) && explanationRequired(t.explanation ?? 'off', tier));
}

export interface ParsedExplanation {
  /** Every answer given (empty string: missing). */
  answers: Explanation;
  missing: ExplanationQuestion[];
}

// Linear time on hostile bodies: no lazy match before a trailing class, no scan per unclosed comment.
const ATX_HEADING = /^ {0,3}#{1,6}[ \t]+(.*)$/;
const EMPHASIS_HEADING = /^ {0,3}(\*\*|__)([^*_]{1,200})\1[ \t:]*$/;

/**
 * The answers under the configured headings. A section runs to the next heading of
 * any kind. Empty sections and template placeholders left as they were count as
 * missing: HTML comments (template hints), lines that only name what to write
 * (`[describe the change]`, `<!-- … -->`, `_Describe …_`, `TODO`, `TBD`, `...`), and
 * any text the organisation lists in `placeholders` (its template's own wording).
 */
export function parseExplanation(body: string | null | undefined, headings: ExplanationHeadings, placeholders: readonly string[] = []): ParsedExplanation {
  const sections = sectionsOf(withoutHtmlComments(body ?? ''));
  const templateText = new Set(placeholders.map(normalise));
  const answers = { what: '', verified: '', risks: '' } as Explanation;
  for (const question of EXPLANATION_QUESTIONS) {
    const names = new Set(headings[question].map(normalise));
    const section = sections.find((s) => names.has(normalise(s.heading)));
    if (!section) continue;
    const lines = section.lines.filter((l) => !isPlaceholder(l, templateText));
    answers[question] = lines.join('\n').replace(/^\n+|\n+$/g, '');
  }
  return { answers, missing: EXPLANATION_QUESTIONS.filter((q) => answers[q] === '') };
}

/** Every answer given: an explanation from chat is checked with the same rule. */
export function missingAnswers(answers: Partial<Explanation>, placeholders: readonly string[] = []): ExplanationQuestion[] {
  const templateText = new Set(placeholders.map(normalise));
  return EXPLANATION_QUESTIONS.filter((q) => (answers[q] ?? '').split('\n').every((l) => isPlaceholder(l, templateText)));
}

function sectionsOf(body: string): { heading: string; lines: string[] }[] {
  const sections: { heading: string; lines: string[] }[] = [];
  let fence = false;
  for (const line of body.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^ {0,3}(```|~~~)/.test(line)) fence = !fence;
    const atx = fence ? null : ATX_HEADING.exec(line);
    const heading = fence ? null : atx ? trimClosingHashes(atx[1]!) : (EMPHASIS_HEADING.exec(line)?.[2] ?? null);
    if (heading !== null) sections.push({ heading, lines: [] });
    else sections[sections.length - 1]?.lines.push(line.replace(/\s+$/, ''));
  }
  return sections;
}

function isPlaceholder(line: string, templateText: ReadonlySet<string>): boolean {
  const text = line.trim();
  if (text === '') return true;
  if (templateText.has(normalise(text))) return true;
  const bare = text.replace(/^([-*+]|\d+[.)])\s+/, '').trim();
  if (bare === '' || /^\[[^\]]*\]$/.test(bare) || /^<[^<>]*>$/.test(bare) || /^\{[^{}]*\}$/.test(bare)) return true;
  if (/^_[^_]+_$/.test(bare) || /^\*[^*]+\*$/.test(bare)) return true; // "_Describe the change_": a template's italic hint
  return /^(todo|tbd|tba|\.{3}|…|-+)$/i.test(bare);
}

/** Headings compare without case, emphasis, trailing colon or extra space. */
function normalise(text: string): string {
  return text.replace(/[*_`]/g, '').replace(/:\s*$/, '').replace(/\s+/g, ' ').trim().toLowerCase();
}

/** `## Title ##` → `Title` (CommonMark's optional closing sequence). */
function trimClosingHashes(text: string): string {
  let end = text.length;
  while (end > 0 && ' \t#'.includes(text[end - 1]!)) end--;
  return text.slice(0, end);
}

/** Drop `<!-- … -->` (an unclosed one runs to the end, as in HTML). */
function withoutHtmlComments(text: string): string {
  let out = '';
  let from = 0;
  for (;;) {
    const open = text.indexOf('<!--', from);
    if (open < 0) return out + text.slice(from);
    out += text.slice(from, open);
    const close = text.indexOf('-->', open + 4);
    if (close < 0) return out;
    from = close + 3;
  }
}
