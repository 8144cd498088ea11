import type { ChangeFacts, CommitFacts } from '../facts.js';
import { bounded } from './bounds.js';
import { tickedItems } from './checklist.js';
import { Evidence, type Place } from './evidence.js';
import { withoutQuotedText } from './markdown.js';
import type { BranchRule, CheckboxRule, CommitAuthorRule, Detection, DetectionRule, TrailerRule } from './rule.js';
import { parseTrailers, trailerAddress, type Trailer } from './trailers.js';

/** Rules compiled once (regular expressions, lower-cased sets), reused for every change. */
export interface CompiledRules {
  readonly rules: readonly CompiledRule[];
  readonly knownTrailerKeys: ReadonlySet<string>;
}

type CompiledRule =
  | { kind: 'label' | 'author'; rule: DetectionRule; names: Set<string> }
  | { kind: 'commit_author'; rule: CommitAuthorRule; logins: Set<string>; emails: Set<string>; suffixes: string[] }
  | { kind: 'trailer'; rule: TrailerRule; keys: Set<string>; emails: Set<string> | null; values: Set<string> | null }
  | { kind: 'body' | 'commit_subject'; rule: DetectionRule; regex: RegExp }
  | { kind: 'checkbox'; rule: CheckboxRule; regex: RegExp }
  | { kind: 'branch'; rule: BranchRule; prefixes: string[]; regex: RegExp | null };

/** Case and spacing never make two values different. */
const normal = (value: string) => value.trim().replace(/\s+/g, ' ').toLowerCase();
const normalSet = (values: readonly string[] | undefined) => new Set((values ?? []).map(normal));
/** `AI assisted`, `ai_assisted` and `AI-Assisted` are one label. */
const labelName = (label: string) => normal(label).replace(/[ _]/g, '-');

export function compileRules(rules: readonly DetectionRule[]): CompiledRules {
  const compiled = rules.map((rule): CompiledRule => {
    switch (rule.kind) {
      case 'label': return { kind: 'label', rule, names: new Set(rule.names.map(labelName)) };
      case 'author': return { kind: 'author', rule, names: normalSet(rule.logins) };
      case 'commit_author':
        return { kind: 'commit_author', rule, logins: normalSet(rule.logins), emails: normalSet(rule.emails), suffixes: rule.name_suffixes ?? [] };
      case 'trailer':
        return { kind: 'trailer', rule, keys: normalSet(rule.keys), emails: rule.emails ? normalSet(rule.emails) : null, values: rule.values ? normalSet(rule.values) : null };
      case 'body': return { kind: 'body', rule, regex: new RegExp(rule.pattern, 'imu') };
      // V8 compiles a pattern when it first runs: a body without a ticked box never pays for this one.
      case 'checkbox': return { kind: 'checkbox', rule, regex: new RegExp(rule.pattern, 'iu') };
      case 'commit_subject': return { kind: 'commit_subject', rule, regex: new RegExp(rule.pattern, 'u') };
      case 'branch':
        return { kind: 'branch', rule, prefixes: (rule.prefixes ?? []).map(normal), regex: rule.pattern ? new RegExp(rule.pattern, 'iu') : null };
    }
  });
  const knownTrailerKeys = new Set(['signed-off-by', 'co-authored-by']);
  for (const c of compiled) if (c.kind === 'trailer') for (const k of c.keys) knownTrailerKeys.add(k);
  return { rules: compiled, knownTrailerKeys };
}

/** Logins and commit addresses the rules know as AI tools: who asked the agent is never one of them. */
export function agentIdentitiesOf(compiled: CompiledRules): { logins: Set<string>; emails: Set<string> } {
  const logins = new Set<string>();
  const emails = new Set<string>();
  for (const c of compiled.rules) {
    if (c.kind === 'author') for (const l of c.names) logins.add(l);
    if (c.kind === 'commit_author') {
      for (const l of c.logins) logins.add(l);
      for (const e of c.emails) emails.add(e);
    }
    if (c.kind === 'trailer' && c.emails) for (const e of c.emails) emails.add(e);
  }
  return { logins, emails };
}

const BODY: Place = { in: 'body' };

/** Decide whether a change is AI-assisted, and say which markers were seen. */
export function detect(input: ChangeFacts, compiled: CompiledRules): Detection {
  const { facts, cut } = bounded(input);
  const evidence = new Evidence();
  const author = facts.author?.login ? normal(facts.author.login) : null;
  const branch = facts.branch ? facts.branch.trim().replace(/^refs\/heads\//, '') : null;
  const body = withoutQuotedText(facts.body ?? '');
  const commits = (facts.commits ?? []).map((commit, i) => {
    const { subject, rest } = splitMessage(commit.message ?? '');
    return { commit, place: commitPlace(commit, i), subject, rest: withoutQuotedText(rest) };
  });
  const trailers = trailersByKey([
    { trailers: parseTrailers(body, compiled.knownTrailerKeys, false), place: BODY },
    ...commits.map((c) => ({ trailers: parseTrailers(c.commit.message ?? '', compiled.knownTrailerKeys), place: c.place })),
  ]);

  for (const c of compiled.rules) {
    switch (c.kind) {
      case 'label':
        for (const label of facts.labels ?? []) if (c.names.has(labelName(label))) evidence.add(c.rule, labelName(label), `label "${label}"`, null);
        break;
      case 'author':
        if (author && c.names.has(author)) evidence.add(c.rule, '', `pull request opened by ${facts.author!.login}`, null);
        break;
      case 'branch':
        if (branch) matchBranch(c, branch, evidence);
        break;
      case 'body': {
        // Empty texts are common (a PR without a description, a one-line commit) and
        // cannot hold a marker: skipping them spares V8 compiling a pattern for nothing.
        const inBody = body ? c.regex.exec(body) : null;
        if (inBody) evidence.add(c.rule, '', `"${clip(inBody[0])}"`, BODY);
        for (const { rest, place } of commits) {
          const inCommit = rest ? c.regex.exec(rest) : null;
          if (inCommit) evidence.add(c.rule, '', `"${clip(inCommit[0])}"`, place);
        }
        break;
      }
      case 'checkbox':
        for (const { text, place } of [{ text: body, place: BODY }, ...commits.map((c) => ({ text: c.rest, place: c.place }))]) {
          for (const item of tickedItems(text)) if (c.regex.test(item)) evidence.add(c.rule, '', `"${clip(item)}"`, place);
        }
        break;
      case 'commit_subject':
        for (const { subject, place } of commits) if (c.regex.test(subject)) evidence.add(c.rule, '', `subject "${clip(subject)}"`, place);
        break;
      case 'commit_author':
        for (const { commit, place } of commits) matchCommitAuthor(c, commit, place, evidence);
        break;
      case 'trailer':
        for (const t of withKeys(trailers, c.keys)) matchTrailer(c, t, evidence);
        break;
    }
  }
  const signals = evidence.signals();
  return cut.length === 0 ? { ai_assisted: signals.length > 0, signals } : { ai_assisted: signals.length > 0, signals, cut };
}

function matchBranch(c: Extract<CompiledRule, { kind: 'branch' }>, branch: string, evidence: Evidence): void {
  const prefix = c.prefixes.find((p) => normal(branch).startsWith(p));
  if (prefix) evidence.add(c.rule, '', `head branch ${branch} starts with "${prefix}"`, null);
  else if (c.regex?.test(branch)) evidence.add(c.rule, '', `head branch ${branch} is named the way ${c.rule.tool} names its branches`, null);
}

/** A trailer where it was seen, with what every rule compares computed once. */
interface SeenTrailer {
  trailer: Trailer;
  place: Place;
  /** Position in reading order (body first, then commits), so evidence keeps that order. */
  seq: number;
  address: string | null;
}

/**
 * Trailers grouped by normalised key: each rule looks up its few keys instead of
 * walking every trailer, so a block of ten thousand trailers is read once, not once per rule.
 */
function trailersByKey(sources: { trailers: Trailer[]; place: Place }[]): Map<string, SeenTrailer[]> {
  const byKey = new Map<string, SeenTrailer[]>();
  let seq = 0;
  for (const { trailers, place } of sources) {
    for (const trailer of trailers) {
      if (trailer.value === '') continue;
      const key = trailer.key.toLowerCase(); // keys are letters, digits and dashes: nothing else to normalise
      const seen = { trailer, place, seq: seq++, address: trailerAddress(trailer.value) };
      const list = byKey.get(key);
      if (list) list.push(seen);
      else byKey.set(key, [seen]);
    }
  }
  return byKey;
}

function withKeys(byKey: Map<string, SeenTrailer[]>, keys: ReadonlySet<string>): SeenTrailer[] {
  const lists = [...keys].flatMap((k) => byKey.get(k) ?? []);
  return keys.size > 1 ? lists.sort((a, b) => a.seq - b.seq) : lists;
}

function matchTrailer(c: Extract<CompiledRule, { kind: 'trailer' }>, seen: SeenTrailer, evidence: Evidence): void {
  const { trailer, address, place } = seen;
  if (c.emails && !(address && c.emails.has(address))) return;
  if (c.values && !c.values.has(normal(trailer.value))) return;
  const tool = c.rule.tool_from_value ? toolNamed(trailer.value) : c.rule.tool;
  // One signal per identity: model names change from commit to commit, the address stays.
  const same = c.emails ? address! : c.rule.tool_from_value ? tool : '';
  evidence.add(c.rule, same, `${trailer.key}: ${clip(trailer.value)}`, place, tool);
}

function matchCommitAuthor(c: Extract<CompiledRule, { kind: 'commit_author' }>, commit: CommitFacts, place: Place, evidence: Evidence): void {
  const sides = [
    { role: 'authored', login: commit.author_login, name: commit.author_name, email: commit.author_email },
    { role: 'committed', login: commit.committer_login, name: commit.committer_name, email: commit.committer_email },
  ];
  for (const side of sides) {
    const login = side.login ? normal(side.login) : null;
    const email = side.email ? normal(side.email) : null;
    const name = side.name?.trim() ?? null;
    if ((login && c.logins.has(login)) || (email && c.emails.has(email)) || (name && c.suffixes.some((s) => name.endsWith(s)))) {
      const who = side.email ? `${name ?? ''} <${side.email}>`.trim() : side.login ?? name ?? '';
      evidence.add(c.rule, side.role, `${side.role} by ${clip(who)}`, place);
      return;
    }
  }
}

function splitMessage(message: string): { subject: string; rest: string } {
  const newline = message.indexOf('\n');
  return newline < 0 ? { subject: message.trim(), rest: '' } : { subject: message.slice(0, newline).trim(), rest: message.slice(newline + 1) };
}

function commitPlace(commit: CommitFacts, index: number): Place {
  return { in: 'commit', commit: commit.sha ? commit.sha.slice(0, 7) : String(index + 1) };
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
