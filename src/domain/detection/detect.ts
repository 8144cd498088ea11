import type { ChangeFacts, CommitFacts } from '../facts.js';
import { withoutQuotedText } from './markdown.js';
import type { Detection, DetectionRule, Signal, TrailerRule } from './rule.js';
import { parseTrailers, trailerAddress, type Trailer } from './trailers.js';

/** Rules compiled once (regular expressions, lower-cased sets), reused for every change. */
export interface CompiledRules {
  readonly rules: readonly CompiledRule[];
  readonly knownTrailerKeys: ReadonlySet<string>;
}

type CompiledRule =
  | { kind: 'label' | 'author'; rule: DetectionRule; names: Set<string> }
  | { kind: 'commit_author'; rule: DetectionRule; logins: Set<string>; emails: Set<string>; suffixes: string[] }
  | { kind: 'trailer'; rule: TrailerRule; keys: Set<string>; emails: Set<string> | null; values: Set<string> | null }
  | { kind: 'body' | 'commit_subject'; rule: DetectionRule; regex: RegExp }
  | { kind: 'branch'; rule: DetectionRule; prefixes: string[] };

const lower = (values: readonly string[] | undefined) => new Set((values ?? []).map((v) => v.toLowerCase()));

export function compileRules(rules: readonly DetectionRule[]): CompiledRules {
  const compiled = rules.map((rule): CompiledRule => {
    switch (rule.kind) {
      case 'label': return { kind: 'label', rule, names: lower(rule.names) };
      case 'author': return { kind: 'author', rule, names: lower(rule.logins) };
      case 'commit_author':
        return { kind: 'commit_author', rule, logins: lower(rule.logins), emails: lower(rule.emails), suffixes: rule.name_suffixes ?? [] };
      case 'trailer':
        return { kind: 'trailer', rule, keys: lower(rule.keys), emails: rule.emails ? lower(rule.emails) : null, values: rule.values ? lower(rule.values) : null };
      case 'body': return { kind: 'body', rule, regex: new RegExp(rule.pattern, 'imu') };
      case 'commit_subject': return { kind: 'commit_subject', rule, regex: new RegExp(rule.pattern, 'u') };
      case 'branch': return { kind: 'branch', rule, prefixes: rule.prefixes.map((p) => p.toLowerCase()) };
    }
  });
  const knownTrailerKeys = new Set(['signed-off-by', 'co-authored-by']);
  for (const c of compiled) if (c.kind === 'trailer') for (const k of c.rule.keys) knownTrailerKeys.add(k.toLowerCase());
  return { rules: compiled, knownTrailerKeys };
}

/** Where a marker was seen, for the evidence line ("in commit 1a2b3c4"). */
type Place = string;

class Evidence {
  private readonly found = new Map<string, { signal: Signal; places: Place[] }>();
  add(rule: DetectionRule, what: string, place: Place | null, tool = rule.tool): void {
    const key = `${rule.id}\u0000${what}`;
    const entry = this.found.get(key) ?? { signal: { kind: rule.kind, detail: what, tool }, places: [] };
    if (place) entry.places.push(place);
    this.found.set(key, entry);
  }
  signals(): Signal[] {
    return [...this.found.values()].map(({ signal, places }) => {
      if (places.length === 0) return signal;
      const more = places.length > 1 ? ` and ${places.length - 1} more` : '';
      return { ...signal, detail: `${signal.detail} (${places[0]}${more})` };
    });
  }
}

/** Decide whether a change is AI-assisted, and say which markers were seen. */
export function detect(facts: ChangeFacts, compiled: CompiledRules): Detection {
  const evidence = new Evidence();
  const author = facts.author?.login?.toLowerCase() ?? null;
  const branch = facts.branch?.toLowerCase() ?? null;
  const body = withoutQuotedText(facts.body ?? '');
  const bodyTrailers = parseTrailers(body, compiled.knownTrailerKeys, false);
  const commits = (facts.commits ?? []).map((commit, i) => ({ commit, place: commitPlace(commit, i), ...splitMessage(commit.message ?? '') }));
  const commitTrailers = commits.map((c) => parseTrailers(c.commit.message ?? '', compiled.knownTrailerKeys));

  for (const c of compiled.rules) {
    switch (c.kind) {
      case 'label':
        for (const label of facts.labels ?? []) if (c.names.has(label.toLowerCase())) evidence.add(c.rule, `label "${label}"`, null);
        break;
      case 'author':
        if (author && c.names.has(author)) evidence.add(c.rule, `pull request opened by ${facts.author!.login}`, null);
        break;
      case 'branch': {
        const prefix = branch ? c.prefixes.find((p) => branch.startsWith(p)) : undefined;
        if (prefix) evidence.add(c.rule, `head branch ${facts.branch} starts with "${prefix}"`, null);
        break;
      }
      case 'body': {
        const inBody = c.regex.exec(body);
        if (inBody) evidence.add(c.rule, `"${clip(inBody[0])}"`, 'in the pull request body');
        for (const { rest, place } of commits) {
          const inCommit = c.regex.exec(withoutQuotedText(rest));
          if (inCommit) evidence.add(c.rule, `"${clip(inCommit[0])}"`, `in ${place}`);
        }
        break;
      }
      case 'commit_subject':
        for (const { subject, place } of commits) if (c.regex.test(subject)) evidence.add(c.rule, `subject "${clip(subject)}"`, place);
        break;
      case 'commit_author':
        for (const { commit, place } of commits) matchCommitAuthor(c, commit, place, evidence);
        break;
      case 'trailer':
        for (const t of bodyTrailers) matchTrailer(c, t, 'in the pull request body', evidence);
        commitTrailers.forEach((trailers, i) => { for (const t of trailers) matchTrailer(c, t, `in ${commits[i]!.place}`, evidence); });
        break;
    }
  }
  const signals = evidence.signals();
  return { ai_assisted: signals.length > 0, signals };
}

function matchTrailer(c: Extract<CompiledRule, { kind: 'trailer' }>, trailer: Trailer, place: Place, evidence: Evidence): void {
  if (!c.keys.has(trailer.key.toLowerCase()) || trailer.value === '') return;
  if (c.emails) {
    const address = trailerAddress(trailer.value);
    if (!address || !c.emails.has(address)) return;
  }
  if (c.values && !c.values.has(trailer.value.toLowerCase())) return;
  const tool = c.rule.tool_from_value ? toolNamed(trailer.value) : c.rule.tool;
  evidence.add(c.rule, `${trailer.key}: ${clip(trailer.value)}`, place, tool);
}

function matchCommitAuthor(c: Extract<CompiledRule, { kind: 'commit_author' }>, commit: CommitFacts, place: Place, evidence: Evidence): void {
  const sides = [
    { role: 'authored', login: commit.author_login, name: commit.author_name, email: commit.author_email },
    { role: 'committed', login: commit.committer_login, name: commit.committer_name, email: commit.committer_email },
  ];
  for (const side of sides) {
    const login = side.login?.toLowerCase();
    const email = side.email?.toLowerCase();
    const who = side.email ? `${side.name ?? ''} <${side.email}>`.trim() : side.login ?? side.name ?? '';
    if ((login && c.logins.has(login)) || (email && c.emails.has(email)) || (side.name && c.suffixes.some((s) => side.name!.endsWith(s)))) {
      evidence.add(c.rule, `${side.role} by ${clip(who)}`, place);
      return;
    }
  }
}

function splitMessage(message: string): { subject: string; rest: string } {
  const newline = message.indexOf('\n');
  return newline < 0 ? { subject: message.trim(), rest: '' } : { subject: message.slice(0, newline).trim(), rest: message.slice(newline + 1) };
}

function commitPlace(commit: CommitFacts, index: number): Place {
  return commit.sha ? `commit ${commit.sha.slice(0, 7)}` : `commit ${index + 1}`;
}

/** `Claude:claude-opus-4` → `Claude`; `GitHub Copilot <…>` → `GitHub Copilot`. */
function toolNamed(value: string): string {
  const name = value.replace(/<[^>]*>/g, '').split(/[:(]/)[0]!.trim();
  return clip(name || value, 60);
}

function clip(text: string, max = 120): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}
