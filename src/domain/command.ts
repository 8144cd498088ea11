/**
 * The chat command grammar, shared by Slack's `/signoff` and Teams @mentions:
 *
 *   pending [team|owner/repo] · mine · show|why|audit owner/repo#N · stats [7d|30d]
 *   override owner/repo#N REASON · help
 *
 * Anything not understood becomes `help` with a reason; parsing never throws.
 * Reasons echo (at most 40 characters of) the user's input, so adapters must escape
 * them for mrkdwn / HTML like any other user text.
 */
export interface ChangeRef { repo: string /* owner/name, case as typed */; number: number }

export type Command =
  | { kind: 'pending'; scope: { team: string } | { repo: string } | null }
  | { kind: 'mine' }
  | { kind: 'show'; ref: ChangeRef }
  | { kind: 'why'; ref: ChangeRef }
  | { kind: 'audit'; ref: ChangeRef }
  | { kind: 'stats'; days: 7 | 30 }
  | { kind: 'override'; ref: ChangeRef; reason: string }
  | { kind: 'claim'; ref: ChangeRef }
  | { kind: 'release'; ref: ChangeRef }
  | { kind: 'snooze'; ref: ChangeRef; duration: string }
  | { kind: 'away'; until: string }
  | { kind: 'author'; ref: ChangeRef; login: string }
  | { kind: 'incident'; ref: ChangeRef; reason: string }
  | { kind: 'help'; reason?: string };

export const COMMAND_HELP: readonly string[] = [
  'pending [team|owner/repo] — changes awaiting sign-off: everywhere, for one team, or in one repository',
  'mine — changes you may sign off, and your own changes still waiting',
  'show owner/repo#N — one change: status, risk, size and who may sign off',
  'why owner/repo#N — why a change needs sign-off: the AI signals seen and the owning teams',
  'audit owner/repo#N — who signed off which commit of a change, when, attesting to what',
  'stats [7d|30d] — sign-offs, waiting times and rubber-stamping over the last 7 (default) or 30 days',
  'claim owner/repo#N — "I\'m on it": show you are reviewing it and pause reminders for a while',
  'release owner/repo#N — hand back a change you claimed (leads: anyone\'s claim); reminders resume',
  'snooze owner/repo#N 4h — leads only: pause reminders for a number of working hours',
  'away until YYYY-MM-DD — you are away: no assignments or reminders until then',
  'override owner/repo#N REASON — leads only: let a change pass without sign-off (break glass); the reason is recorded',
  'author owner/repo#N @login — leads only: name who asked the agent for a change; they may not sign it off',
  'incident owner/repo#N REASON — leads only: link an incident to a change, traced back to its sign-offs',
  'help — this list',
];

/** verb → usage, read from COMMAND_HELP so the two cannot drift apart. */
const USAGE: Readonly<Record<string, string>> = Object.fromEntries(COMMAND_HELP.map((line) => {
  const usage = line.split(' — ')[0]!;
  return [usage.split(' ')[0]!, usage];
}));
const VERBS = Object.keys(USAGE);

// GitHub: owners are letters, digits and "-" (plus "_" for Enterprise Managed Users),
// at most 39; repositories add "." (but are not "." or "..") and may be 100 long.
// Bounded and anchored, so hostile input cannot make them backtrack.
const OWNER = '[A-Za-z0-9][A-Za-z0-9_-]{0,38}';
const REPO = '(?!\\.\\.?(?![A-Za-z0-9._-]))[A-Za-z0-9._-]{1,100}';
// Optional `https://host/` (any host, for GitHub Enterprise) or a scheme-less `github.com/`.
const HOST = '(?:https?://[^/\\s]+/|[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+(?::\\d+)?/)?';
const SHORT_REF = new RegExp(`^(${OWNER})/(${REPO})#(\\d{1,15})$`);
const PULL_URL = new RegExp(`^${HOST}(${OWNER})/(${REPO})/pull/(\\d{1,15})(?:[/?#].*)?$`, 'i');
const REPO_ONLY = new RegExp(`^${HOST}(${OWNER})/(${REPO})/?$`, 'i');
const TEAM = /^[a-z0-9][a-z0-9_-]*$/;
const GITHUB_LOGIN = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}$/;
const TEAMS_OR_SLACK_MENTIONS = /^(?:(?:<at\b[^>]*>[^<]*<\/at>|<@[A-Z0-9]+(?:\|[^<>]*)?>)\s*)+/i;
const SLACK_LINK = /<(https?:\/\/[^<>|\s]+)(?:\|[^<>]*)?>/gi;

export function parseCommand(text: string): Command {
  const words = normalize(text).split(/\s+/).filter((w) => w !== '');
  const [first, ...args] = words;
  if (first === undefined) return { kind: 'help' };
  const verb = first.toLowerCase();
  switch (verb) {
    case 'help':
    case '?':
      return { kind: 'help' }; // `help anything` is still a request for help
    case 'mine':
      return extra(verb, args, 0) ?? { kind: 'mine' };
    case 'pending':
      return extra(verb, args, 1) ?? pending(args[0]);
    case 'stats':
      return extra(verb, args, 1) ?? stats(args[0]);
    case 'show':
    case 'why':
    case 'audit': {
      // `show acme/api 42` and `show acme/api #42` read as `show acme/api#42`.
      const joined = args.length === 2 && /^#?\d+$/.test(args[1]!) ? [`${args[0]}#${args[1]!.replace('#', '')}`] : args;
      const needs = `${verb} needs owner/repo#N, e.g. ${verb} acme/api#42`;
      if (joined[0] === undefined) return help(needs);
      const ref = parseChangeRef(joined[0]);
      if (!ref) return help(`${needs}; ${quote(joined[0])} is not a change`);
      return extra(verb, joined, 1) ?? { kind: verb, ref };
    }
    case 'claim':
    case 'release': {
      const ref = args[0] === undefined ? null : parseChangeRef(args[0]);
      if (!ref) return help(`${verb} needs owner/repo#N, e.g. ${verb} acme/api#42`);
      return extra(verb, args, 1) ?? { kind: verb, ref };
    }
    case 'snooze': {
      const ref = args[0] === undefined ? null : parseChangeRef(args[0]);
      const duration = args[1]?.toLowerCase();
      if (!ref || !duration || !/^(?:\d+h)?(?:\d+m)?$/.test(duration) || duration === '') return help('snooze needs owner/repo#N and working hours, e.g. snooze acme/api#42 4h');
      return extra(verb, args, 2) ?? { kind: 'snooze', ref, duration };
    }
    case 'away': {
      const date = (args[0]?.toLowerCase() === 'until' ? args[1] : args[0]) ?? '';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) return help('away needs a date, e.g. away until 2026-12-31');
      return { kind: 'away', until: date };
    }
    case 'author': {
      const needs = 'author needs owner/repo#N and a GitHub login, e.g. author acme/api#42 @octocat';
      const ref = args[0] === undefined ? null : parseChangeRef(args[0]);
      const login = args[1]?.replace(/^@/, '');
      if (!ref || !login || !GITHUB_LOGIN.test(login)) return help(needs);
      return extra(verb, args, 2) ?? { kind: 'author', ref, login };
    }
    case 'incident': {
      const needs = 'incident needs owner/repo#N and a reason, e.g. incident acme/api#42 checkout failed for EU cards';
      const ref = args[0] === undefined ? null : parseChangeRef(args[0]);
      const reason = args.slice(1).join(' ').trim();
      if (!ref || !reason) return help(needs);
      return { kind: 'incident', ref, reason: reason.slice(0, 1000) };
    }
    case 'override': {
      const needs = 'override needs owner/repo#N and a reason, e.g. override acme/api#42 hotfix for the outage';
      const ref = args[0] === undefined ? null : parseChangeRef(args[0]);
      if (!ref) return help(args[0] === undefined ? needs : `${needs}; ${quote(args[0])} is not a change`);
      const reason = args.slice(1).join(' ').trim();
      return reason ? { kind: 'override', ref, reason: reason.slice(0, 1000) } : help(`${needs}: the reason is required`);
    }
    default: {
      const ref = parseChangeRef(first);
      if (ref) return help(`unknown command ${quote(first)} (did you mean "show ${ref.repo}#${ref.number}"?)`);
      const guess = suggest(verb);
      return help(`unknown command ${quote(first)}${guess ? ` (did you mean "${guess}"?)` : ''}`);
    }
  }
}

/** `owner/repo#N`, `owner/repo/pull/N`, a pull request URL (any host), or Slack's `<url|label>`. */
export function parseChangeRef(text: string): ChangeRef | null {
  const s = unwrap(text);
  const m = SHORT_REF.exec(s) ?? PULL_URL.exec(s);
  if (!m) return null;
  const number = Number(m[3]);
  return number > 0 ? { repo: `${m[1]}/${m[2]}`, number } : null;
}

function pending(arg: string | undefined): Command {
  if (arg === undefined) return { kind: 'pending', scope: null };
  if (arg.includes('/')) {
    const m = REPO_ONLY.exec(unwrap(arg));
    if (m) return { kind: 'pending', scope: { repo: `${m[1]}/${m[2]}` } };
    const ref = parseChangeRef(arg);
    if (ref) return help(`pending takes a team or owner/repo; for one change use show ${ref.repo}#${ref.number}`);
    return help(`pending takes a team or owner/repo, e.g. pending acme/api; ${quote(arg)} is not a repository`);
  }
  const team = arg.replace(/^@/, '').toLowerCase();
  if (TEAM.test(team)) return { kind: 'pending', scope: { team } };
  return help(`pending takes a team or owner/repo, e.g. pending platform; ${quote(arg)} is not a team name`);
}

function stats(arg: string | undefined): Command {
  const a = (arg ?? '7d').toLowerCase();
  if (/^(?:7|7d|7days?|week|1w)$/.test(a)) return { kind: 'stats', days: 7 };
  if (/^(?:30|30d|30days?|month)$/.test(a)) return { kind: 'stats', days: 30 };
  return help(`stats covers 7d or 30d, not ${quote(String(arg))}`);
}

/** Help naming the unexpected trailing words, or null when there are none. */
function extra(verb: string, args: readonly string[], allowed: number): Command | null {
  if (args.length <= allowed) return null;
  return help(`unexpected ${quote(args.slice(allowed).join(' '))} after ${verb} (usage: ${USAGE[verb]})`);
}

function help(reason: string): Command {
  return { kind: 'help', reason };
}

function normalize(text: string): string {
  return String(text ?? '')
    .replace(/&nbsp;|[\u00a0\u200b\ufeff]/gi, ' ') // Teams pads mentions with &nbsp;
    .trim()
    .replace(TEAMS_OR_SLACK_MENTIONS, '')
    .replace(/^\/signoff(?=\s|$)/i, '')
    .replace(SLACK_LINK, '$1'); // Slack auto-links URLs as <url> or <url|label>
}

/** Strips what people wrap a reference in: a Slack link, backticks, quotes, brackets, final punctuation. */
function unwrap(text: string): string {
  // The lookbehind starts the trailing match only at the start of a run, keeping it linear.
  const s = text.trim().replace(/^[`'"([]+|(?<![`'")\].,;:!?])[`'")\].,;:!?]+$/g, '');
  return s.replace(/^<([^<>|]+)(?:\|[^<>]*)?>$/, '$1');
}

function quote(input: string): string {
  const chars = Array.from(input.slice(0, 100)); // by code point, so an emoji is never cut in half
  return `"${chars.length > 40 ? `${chars.slice(0, 39).join('')}…` : input}"`;
}

/** The verb a typo was probably meant as: one edit away (two for longer words), or a unique prefix. */
function suggest(word: string): string | null {
  if (word.length < 2 || word.length > 20) return null;
  const prefixed = VERBS.filter((v) => v.startsWith(word));
  if (prefixed.length === 1) return prefixed[0]!;
  const near = VERBS.filter((v) => distance(word, v) <= (word.length <= 4 ? 1 : 2));
  return near[0] ?? null;
}

/** Optimal string alignment distance, so a swapped pair ("shwo") counts as one edit. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}
