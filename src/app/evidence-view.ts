import type { RuleKind, Signal } from '../domain/detection/index.js';
import { SIGNAL_KIND } from './wording.js';

/** The evidence of one tool: one line per kind of signal, each listing what was seen. */
export interface EvidenceGroup {
  tool: string;
  lines: EvidenceLine[];
}

export interface EvidenceLine {
  kind: RuleKind;
  /** Where it was seen ("PR description"); null when the tool's name already says it ("declared by label"). */
  where: string | null;
  /** What was seen, readable: markers quoted, hidden HTML comments named as such. */
  seen: string[];
}

/**
 * Signals grouped by tool, in the order tools were first seen, with one line per kind:
 * the Copilot agent's author, branch, commits and three body markers are one group of
 * four lines, not six bullets that repeat "GitHub Copilot".
 */
export function groupEvidence(signals: readonly Signal[]): EvidenceGroup[] {
  const groups = new Map<string, Map<RuleKind, string[]>>();
  for (const s of signals) {
    const kinds = groups.get(s.tool) ?? groups.set(s.tool, new Map()).get(s.tool)!;
    const seen = kinds.get(s.kind) ?? kinds.set(s.kind, []).get(s.kind)!;
    const text = readable(s);
    if (!seen.includes(text)) seen.push(text);
  }
  return [...groups].map(([tool, kinds]) => ({
    tool,
    lines: [...kinds].map(([kind, seen]) => ({ kind, where: toolSaysWhere(tool, kind) ? null : SIGNAL_KIND[kind] ?? kind, seen })),
  }));
}

/** One line of evidence as plain text: `PR description: "…", "…"`. Renderers escape it for their platform. */
export function evidenceLineText(line: EvidenceLine): string {
  return line.where ? `${line.where}: ${line.seen.join('; ')}` : line.seen.join('; ');
}

/** "declared by label" already says the signal is a label; "label: …" would say it a third time. */
function toolSaysWhere(tool: string, kind: RuleKind): boolean {
  const word = (SIGNAL_KIND[kind] ?? kind).split(' ').at(-1)!.toLowerCase();
  return tool.toLowerCase().split(/\W+/).includes(word);
}

/**
 * What detection recorded, without the words the line's heading already says
 * (`label "ai-assisted"` under "label", `head branch …` under "branch name") and with
 * HTML comments, which agents use as hidden markers, named rather than shown raw.
 */
function readable(signal: Signal): string {
  let text = signal.detail;
  switch (signal.kind) {
    case 'label': text = text.replace(/^label /, ''); break;
    case 'author': text = text.replace(/^pull request opened by /, ''); break;
    case 'branch': text = text.replace(/^head branch (\S+) .*$/, '$1'); break;
    case 'commit_subject': text = text.replace(/^subject /, ''); break;
    case 'body': text = text.replace(/ \(in the pull request body\)$/, ''); break;
    default: break;
  }
  return namedComments(text);
}

/** `"<!-- START COPILOT CODING AGENT SUFFIX -->"` → `hidden marker "START COPILOT CODING AGENT SUFFIX"` (by search, not a backtracking pattern). */
function namedComments(text: string): string {
  let out = '';
  let at = 0;
  for (let open = text.indexOf('<!--'); open >= 0; open = text.indexOf('<!--', at)) {
    const close = text.indexOf('-->', open + 4);
    if (close < 0) break;
    const quoted = text[open - 1] === '"' && text[close + 3] === '"';
    out += text.slice(at, quoted ? open - 1 : open) + `hidden marker "${text.slice(open + 4, close).trim()}"`;
    at = close + (quoted ? 4 : 3);
  }
  return out + text.slice(at);
}
