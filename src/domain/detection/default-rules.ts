import type { DetectionRule } from './rule.js';

/**
 * The built-in markers, taken from what AI coding tools really write into commits
 * and pull requests (2025–2026). Identities are matched as whole addresses or
 * `<id>+<login>` pairs, never the bare `users.noreply.github.com` domain. Markers
 * that humans produce as often as tools (a `[WIP]` title, an `Initial plan`
 * subject, Bugbot's or CodeRabbit's review summaries) are deliberately absent.
 */
const noreply = (id: number, login: string) => `${id}+${login}@users.noreply.github.com`;

const COPILOT = 'GitHub Copilot';
const CLAUDE = 'Claude Code';
const CODEX = 'OpenAI Codex';
const CURSOR = 'Cursor';
const DEVIN = 'Devin';
const AIDER = 'Aider';
const JULES = 'Google Jules';
const GEMINI = 'Gemini Code Assist';
const OPENHANDS = 'OpenHands';
const AMP = 'Amp';
const AMAZON_Q = 'Amazon Q Developer';
const KIRO = 'Kiro';
const WINDSURF = 'Windsurf';
const CODERABBIT = 'CodeRabbit';
const REPLIT = 'Replit Agent';
const CODEGEN = 'Codegen';
const OPEN_SWE = 'Open SWE';

/** Keys whose value names a person or tool that co-wrote the commit. */
const CO_AUTHOR_KEYS = ['Co-authored-by', 'Co-developed-by'];

const coAuthor = (id: string, tool: string, emails: string[]): DetectionRule => ({
  id, kind: 'trailer', tool, keys: CO_AUTHOR_KEYS, emails,
});

/**
 * What a ticked PR-template box says when it declares AI use ("- [x] This change is
 * AI-assisted"), unless it denies it ("- [x] No AI tools were used"). The box itself is
 * found by the `checkbox` rule; this pattern reads the item's text from its start.
 */
const AI = String.raw`(?:an? )?(?:AI|LLMs?)(?: coding)?(?: tools?| assistants?| agents?| models?)?`;
// The phrases that end in the tool share one copy of it: V8 compiles the pattern on
// first use, and every copy of the case-insensitive tool group adds to that.
const DECLARES_AI = [
  String.raw`(?:AI|LLM)[- ](?:assisted|generated|authored|written|assistance)`,
  String.raw`(?:(?:generated|written|authored|created|assisted) (?:with|by|using)|used|uses|using|(?:help|assistance) (?:of|from)) ${AI}`,
  String.raw`${AI} (?:was|were|has been|have been) used`,
].join('|');
const DENIES = String.raw`(?![^\n]{0,500}(?:\bnot|\bno|\bwithout|\bnever|\bnone|n't)\b)`;
// An item is read to 500 characters, so one 65,536-character item is not rescanned for
// every word that might begin a declaration.
const TICKED_AI_BOX = String.raw`^${DENIES}[^\n]{0,500}?\b(?:${DECLARES_AI})\b`;

export const DEFAULT_RULES: readonly DetectionRule[] = [
  // Self-declaration: the strongest signal an organisation controls.
  {
    id: 'label-ai-assisted', kind: 'label', tool: 'declared by label',
    names: ['ai-assisted', 'ai-generated', 'ai-authored', 'generated-by-ai', 'ai-written', 'llm-generated'],
  },
  { id: 'label-codex', kind: 'label', tool: CODEX, names: ['codex'] },
  // Bare tool names that are also ordinary words or project names ("cursor", "devin",
  // "gemini") are not default labels; organisations add them when they mean it.
  { id: 'label-copilot', kind: 'label', tool: COPILOT, names: ['copilot-generated', 'copilot-agent'] },
  { id: 'label-claude-code', kind: 'label', tool: CLAUDE, names: ['claude-code'] },
  { id: 'label-amazon-q', kind: 'label', tool: AMAZON_Q, names: ['amazon-q', 'amazon-q-developer'] },
  { id: 'label-kiro', kind: 'label', tool: KIRO, names: ['kiro'] },
  { id: 'label-windsurf', kind: 'label', tool: WINDSURF, names: ['windsurf'] },
  { id: 'label-gemini', kind: 'label', tool: 'Gemini', names: ['gemini-cli', 'gemini-code-assist'] },
  { id: 'body-ai-checkbox', kind: 'checkbox', tool: 'declared in PR template', pattern: TICKED_AI_BOX },

  // Pull requests opened by agents.
  { id: 'author-copilot', kind: 'author', tool: COPILOT, logins: ['Copilot', 'copilot-swe-agent[bot]', 'copilot-swe-agent'] },
  { id: 'author-claude', kind: 'author', tool: CLAUDE, logins: ['claude[bot]'] },
  { id: 'author-cursor', kind: 'author', tool: CURSOR, logins: ['cursor[bot]'] },
  { id: 'author-devin', kind: 'author', tool: DEVIN, logins: ['devin-ai-integration[bot]'] },
  { id: 'author-jules', kind: 'author', tool: JULES, logins: ['google-labs-jules[bot]'] },
  { id: 'author-codex', kind: 'author', tool: CODEX, logins: ['chatgpt-codex-connector[bot]'] },
  { id: 'author-amazon-q', kind: 'author', tool: AMAZON_Q, logins: ['amazon-q-developer[bot]'] },
  { id: 'author-windsurf', kind: 'author', tool: WINDSURF, logins: ['windsurf-bot[bot]'] },
  { id: 'author-codegen', kind: 'author', tool: CODEGEN, logins: ['codegen-sh[bot]'] },
  { id: 'author-coderabbit', kind: 'author', tool: CODERABBIT, logins: ['coderabbitai[bot]'] },

  // Commits written by agents.
  {
    id: 'commit-author-copilot', kind: 'commit_author', tool: COPILOT,
    logins: ['copilot-swe-agent[bot]', 'Copilot'],
    emails: [noreply(198982749, 'Copilot')],
  },
  {
    id: 'commit-author-claude', kind: 'commit_author', tool: CLAUDE,
    logins: ['claude[bot]'],
    emails: ['noreply@anthropic.com', noreply(209825114, 'claude[bot]'), noreply(41898282, 'claude[bot]')],
  },
  {
    id: 'commit-author-cursor', kind: 'commit_author', tool: CURSOR,
    logins: ['cursor[bot]'], emails: ['cursoragent@cursor.com', noreply(206951365, 'cursor[bot]')],
  },
  {
    id: 'commit-author-devin', kind: 'commit_author', tool: DEVIN,
    logins: ['devin-ai-integration[bot]'], emails: [noreply(158243242, 'devin-ai-integration[bot]')],
  },
  {
    id: 'commit-author-jules', kind: 'commit_author', tool: JULES,
    logins: ['google-labs-jules[bot]'], emails: [noreply(161369871, 'google-labs-jules[bot]')],
  },
  { id: 'commit-author-openhands', kind: 'commit_author', tool: OPENHANDS, emails: ['openhands@all-hands.dev'] },
  { id: 'commit-author-amp', kind: 'commit_author', tool: AMP, emails: ['amp@ampcode.com'] },
  {
    id: 'commit-author-aider', kind: 'commit_author', tool: AIDER,
    emails: ['noreply@aider.dev', 'aider@aider.chat'], name_suffixes: [' (aider)'],
  },
  {
    id: 'commit-author-codex', kind: 'commit_author', tool: CODEX,
    logins: ['chatgpt-codex-connector[bot]'], emails: ['noreply@openai.com', 'codex@openai.com', noreply(199175422, 'chatgpt-codex-connector[bot]')],
  },
  {
    id: 'commit-author-coderabbit', kind: 'commit_author', tool: CODERABBIT,
    logins: ['coderabbitai[bot]'], emails: ['noreply@coderabbit.ai', noreply(136622811, 'coderabbitai[bot]')],
  },
  { id: 'commit-author-amazon-q', kind: 'commit_author', tool: AMAZON_Q, logins: ['amazon-q-developer[bot]'] },
  { id: 'commit-author-windsurf', kind: 'commit_author', tool: WINDSURF, logins: ['windsurf-bot[bot]'] },
  { id: 'commit-author-codegen', kind: 'commit_author', tool: CODEGEN, logins: ['codegen-sh[bot]'] },

  // Co-author trailers naming an AI identity (matched by address: names change per model).
  coAuthor('trailer-copilot', COPILOT, [
    noreply(223556219, 'Copilot'), noreply(175728472, 'Copilot'), noreply(198982749, 'Copilot'),
    noreply(62310815, 'github-advanced-security[bot]'),
  ]),
  coAuthor('trailer-claude', CLAUDE, ['noreply@anthropic.com', noreply(209825114, 'claude[bot]'), noreply(41898282, 'claude[bot]')]),
  coAuthor('trailer-codex', CODEX, ['noreply@openai.com', 'codex@openai.com', noreply(199175422, 'chatgpt-codex-connector[bot]')]),
  coAuthor('trailer-cursor', CURSOR, ['cursoragent@cursor.com', noreply(206951365, 'cursor[bot]')]),
  coAuthor('trailer-aider', AIDER, ['noreply@aider.dev', 'aider@aider.chat']),
  coAuthor('trailer-openhands', OPENHANDS, ['openhands@all-hands.dev', 'contact@all-hands.dev']),
  coAuthor('trailer-amp', AMP, ['amp@ampcode.com']),
  coAuthor('trailer-gemini', GEMINI, [noreply(176961590, 'gemini-code-assist[bot]')]),
  coAuthor('trailer-coderabbit', CODERABBIT, ['noreply@coderabbit.ai', noreply(136622811, 'coderabbitai[bot]')]),
  coAuthor('trailer-devin', DEVIN, [noreply(158243242, 'devin-ai-integration[bot]')]),
  coAuthor('trailer-jules', JULES, [noreply(161369871, 'google-labs-jules[bot]')]),
  // claude-flow signs with its author's own address: match the whole identity, or every
  // commit he co-authors by hand would count.
  { id: 'trailer-claude-flow', kind: 'trailer', tool: 'claude-flow', keys: CO_AUTHOR_KEYS, values: ['claude-flow <ruv@ruv.net>'] },

  // Declarative trailers.
  { id: 'trailer-generated-by', kind: 'trailer', tool: 'declared by trailer', keys: ['Generated-by'], tool_from_value: true },
  { id: 'trailer-assisted-by', kind: 'trailer', tool: 'declared by trailer', keys: ['Assisted-by'], tool_from_value: true },
  { id: 'trailer-ai-assisted', kind: 'trailer', tool: 'declared by trailer', keys: ['AI-assisted', 'AI-generated'], values: ['true', 'yes', 'y', '1'] },
  { id: 'trailer-claude-session', kind: 'trailer', tool: CLAUDE, keys: ['Claude-Session'] },
  { id: 'trailer-amp-thread', kind: 'trailer', tool: AMP, keys: ['Amp-Thread-ID', 'Amp-Thread'] },
  { id: 'trailer-replit', kind: 'trailer', tool: REPLIT, keys: ['Replit-Commit-Author'], values: ['Agent', 'Assistant'] },

  // Footers and links agents write into PR bodies (and, after a squash, commit bodies).
  { id: 'body-claude-code', kind: 'body', tool: CLAUDE, pattern: String.raw`Generated with \[Claude Code\]\(https://(?:claude\.ai/code|claude\.com/claude-code|docs\.anthropic\.com/[^)\s]*claude-code[^)\s]*)\)` },
  { id: 'body-claude-session', kind: 'body', tool: CLAUDE, pattern: String.raw`https://claude\.ai/code/session_[A-Za-z0-9]+` },
  { id: 'body-copilot-agent', kind: 'body', tool: COPILOT, pattern: String.raw`<!--\s*START COPILOT CODING AGENT (?:SUFFIX|TIPS)\s*-->` },
  { id: 'body-copilot-start', kind: 'body', tool: COPILOT, pattern: String.raw`^Thanks for assigning this issue to me\. I'm starting to work on it` },
  { id: 'body-copilot-footer', kind: 'body', tool: COPILOT, pattern: String.raw`^[^\w\n]*(?:You can make Copilot smarter by setting up custom instructions|Let Copilot coding agent \[set things up for you\]|We'd love your input! Share your thoughts on Copilot coding agent)` },
  { id: 'body-copilot-workspace', kind: 'body', tool: COPILOT, pattern: String.raw`https://copilot-workspace\.githubnext\.com/` },
  { id: 'body-codex-task', kind: 'body', tool: CODEX, pattern: String.raw`https://chatgpt\.com/codex/tasks/task_[A-Za-z0-9_]+|\[Codex Task\]\(https://chatgpt\.com/` },
  { id: 'body-cursor', kind: 'body', tool: CURSOR, pattern: String.raw`https://(?:www\.)?cursor\.com/background-agent\?bcId=|Made with \[Cursor\]\(https://(?:www\.)?cursor\.com` },
  { id: 'body-devin', kind: 'body', tool: DEVIN, pattern: String.raw`https://app\.devin\.ai/sessions/[0-9a-f]+` },
  { id: 'body-jules', kind: 'body', tool: JULES, pattern: String.raw`PR created automatically by Jules for task|https://jules\.google\.com/task/\d+` },
  { id: 'body-openhands', kind: 'body', tool: OPENHANDS, pattern: String.raw`(?:created|Updated) by an AI agent \(OpenHands\) on behalf of the user` },
  { id: 'body-open-swe', kind: 'body', tool: OPEN_SWE, pattern: String.raw`Made by \[Open SWE\]\(` },

  // Subject conventions specific to one tool.
  { id: 'subject-aider', kind: 'commit_subject', tool: AIDER, pattern: '^aider: ' },
  { id: 'subject-jules-persona', kind: 'commit_subject', tool: JULES, pattern: String.raw`^(?:⚡\uFE0F? Bolt|🎨 Palette|🛡\uFE0F? Sentinel): ` },

  // Branch names agents create (a pull-request signal only: humans push to them too).
  { id: 'branch-copilot', kind: 'branch', tool: COPILOT, prefixes: ['copilot/'] },
  { id: 'branch-codex', kind: 'branch', tool: CODEX, prefixes: ['codex/'] },
  { id: 'branch-cursor', kind: 'branch', tool: CURSOR, prefixes: ['cursor/'] },
  // People called Claude or Devin name branches `claude/<topic>` and `devin/<topic>`:
  // match the agents' own shapes, not the bare prefix.
  {
    id: 'branch-claude', kind: 'branch', tool: CLAUDE,
    pattern: String.raw`^claude/(?:` + [
      String.raw`(?:issue|pr)-\d+-\d{8}[-_]\d{4,6}`, // the GitHub action: issue-<n>-<YYYYMMDD_HHMMSS> or -<YYYYMMDD-HHMM>
      String.raw`[a-z]+-[a-z]+-(?=[a-z]*\d)[a-z0-9]{5,6}`, // on the web: <adjective>-<noun>-<random>
      String.raw`.+-(?:session_)?01[a-z0-9]{20,}`, // on the web: <slug>-<session id>
    ].join('|') + ')$',
  },
  { id: 'branch-devin', kind: 'branch', tool: DEVIN, pattern: String.raw`^devin/\d{10}-` },
  { id: 'branch-jules', kind: 'branch', tool: JULES, pattern: String.raw`[-/]\d{19}$` },
];
