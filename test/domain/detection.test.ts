/**
 * AI-assisted detection, case by case from what AI coding tools really write into commits and pull requests: every tool's
 * real markers must be seen, and every trap (non-AI bots, humans named after tools,
 * prose, quoted markers, unticked boxes) must not be.
 */
import { describe, it, expect } from 'vitest';
import type { ChangeFacts, CommitFacts } from '../../src/domain/facts.js';
import {
  DEFAULT_RULES,
  compileRules,
  detect,
  effectiveRules,
  type DetectionRule,
  type RuleKind,
} from '../../src/domain/detection/index.js';

const DEFAULTS = compileRules(DEFAULT_RULES);

// ---------------------------------------------------------------- builders

const JANE: CommitFacts = {
  author_name: 'Jane Doe', author_email: 'jane@corp.example', author_login: 'jane-doe',
  committer_name: 'GitHub', committer_email: 'noreply@github.com', committer_login: 'web-flow',
};

/** A 40-character sha whose short form is `n` padded to 7 hex digits. */
const sha = (n: number) => n.toString(16).padStart(7, '0') + 'e'.repeat(33);

/** A commit by Jane unless `who` says otherwise. */
const commit = (message: string, who: Partial<CommitFacts> = {}, n = 1): CommitFacts => ({ sha: sha(n), message, ...JANE, ...who });

/** Author and committer are the same identity (what agents do). */
const by = (name: string, email: string, login: string | null = null): Partial<CommitFacts> => ({
  author_name: name, author_email: email, author_login: login,
  committer_name: name, committer_email: email, committer_login: login,
});

/** A pull request by a human on an ordinary branch, with `over` applied. */
const pr = (over: ChangeFacts = {}): ChangeFacts => ({
  author: { login: 'jane-doe', type: 'User', id: 1001 },
  branch: 'fix/login-timeout',
  labels: [],
  title: 'Fix login timeout',
  body: 'Raises the login timeout to 30 s.\n\nFixes #12',
  commits: [commit('Fix login timeout')],
  ...over,
});

const withCommits = (...messages: (string | CommitFacts)[]) =>
  pr({ commits: messages.map((m, i) => (typeof m === 'string' ? commit(m, {}, i + 1) : m)) });

const noreply = (id: number, login: string) => `${id}+${login}@users.noreply.github.com`;

// ---------------------------------------------------------------- AI-assisted

interface AiCase {
  name: string;
  facts: ChangeFacts;
  kind: RuleKind;
  tool: string | RegExp;
  /** The matching signal's detail must say this (where, what). */
  detail?: RegExp;
}

const CLAUDE_FOOTER_2025 = '🤖 Generated with [Claude Code](https://claude.ai/code)';
const CLAUDE_FOOTER = '🤖 Generated with [Claude Code](https://claude.com/claude-code)';
const CLAUDE_TRAILER = 'Co-Authored-By: Claude <noreply@anthropic.com>';

const copilot: AiCase[] = [
  { name: 'Copilot coding agent PR author login Copilot', facts: pr({ author: { login: 'Copilot', type: 'Bot', id: 198982749 } }), kind: 'author', tool: 'GitHub Copilot', detail: /Copilot/ },
  { name: 'Copilot PR author as the assignment APIs name it', facts: pr({ author: { login: 'copilot-swe-agent[bot]', type: 'Bot' } }), kind: 'author', tool: 'GitHub Copilot' },
  {
    name: 'Copilot agent commit: author = committer copilot-swe-agent[bot], "Initial plan"',
    facts: pr({ commits: [commit('Initial plan', by('copilot-swe-agent[bot]', noreply(198982749, 'Copilot'), 'Copilot'), 7)] }),
    kind: 'commit_author', tool: 'GitHub Copilot', detail: /copilot-swe-agent\[bot\].*0000007/,
  },
  {
    name: 'Copilot agent commit identified by address only (no login resolved)',
    facts: pr({ commits: [commit('Add retry to fetch', by('copilot-swe-agent[bot]', noreply(198982749, 'Copilot')))] }),
    kind: 'commit_author', tool: 'GitHub Copilot',
  },
  { name: 'Copilot agent body SUFFIX comment', facts: pr({ body: 'Adds retries.\n\n<!-- START COPILOT CODING AGENT SUFFIX -->\nFixes #3' }), kind: 'body', tool: 'GitHub Copilot', detail: /pull request body/ },
  { name: 'Copilot agent body TIPS comment', facts: pr({ body: 'Adds retries.\n\n<!-- START COPILOT CODING AGENT TIPS -->\n---' }), kind: 'body', tool: 'GitHub Copilot' },
  {
    name: 'Copilot agent opening line while working',
    facts: pr({ title: '[WIP] Fix login timeout', body: "Thanks for assigning this issue to me. I'm starting to work on it and will keep this PR's description up to date as I form a plan and make progress.\n\nOriginal issue description:\n> Login times out" }),
    kind: 'body', tool: 'GitHub Copilot',
  },
  {
    name: 'Copilot agent 2025 footer "make Copilot smarter"',
    facts: pr({ body: 'Done.\n\n---\n\n💡 You can make Copilot smarter by setting up custom instructions, customizing its development environment and configuring Model Context Protocol (MCP) servers. Learn more [Copilot coding agent tips](https://gh.io/copilot-coding-agent-tips) in the docs.' }),
    kind: 'body', tool: 'GitHub Copilot',
  },
  {
    name: 'Copilot agent footer "Let Copilot coding agent set things up"',
    facts: pr({ body: 'Done.\n\n---\n\n✨ Let Copilot coding agent [set things up for you](https://github.com/acme/app/issues/new?title=setup) — coding agent works faster and does higher quality work when set up for your repo.' }),
    kind: 'body', tool: 'GitHub Copilot',
  },
  {
    name: 'Copilot agent late-2025 survey footer',
    facts: pr({ body: "Done.\n\n---\n\n💬 We'd love your input! Share your thoughts on Copilot coding agent in our [2 minute survey](https://gh.io/copilot-coding-agent-survey)." }),
    kind: 'body', tool: 'GitHub Copilot',
  },
  { name: 'Copilot branch copilot/fix-<n>', facts: pr({ branch: 'copilot/fix-123' }), kind: 'branch', tool: 'GitHub Copilot', detail: /copilot\/fix-123/ },
  { name: 'Copilot branch copilot/<slug>', facts: pr({ branch: 'copilot/add-dark-mode' }), kind: 'branch', tool: 'GitHub Copilot' },
  { name: 'branch given as a full ref', facts: pr({ branch: 'refs/heads/copilot/fix-123' }), kind: 'branch', tool: 'GitHub Copilot' },
  {
    name: 'Copilot CLI co-author trailer on a human commit',
    facts: withCommits(`Tidy config loader\n\nCo-authored-by: Copilot <${noreply(223556219, 'Copilot')}>`),
    kind: 'trailer', tool: 'GitHub Copilot', detail: /223556219\+Copilot.*commit 0000001/,
  },
  {
    name: 'accepted Copilot review suggestion (co-author 175728472)',
    facts: withCommits(`Update src/app.ts\n\nCo-authored-by: Copilot <${noreply(175728472, 'Copilot')}>`),
    kind: 'trailer', tool: 'GitHub Copilot',
  },
  {
    name: '2026 "Copilot Autofix powered by AI" name, same address',
    facts: withCommits(`Potential fix for pull request finding 'Unused variable'\n\nCo-authored-by: Copilot Autofix powered by AI <${noreply(175728472, 'Copilot')}>`),
    kind: 'trailer', tool: 'GitHub Copilot',
  },
  {
    name: 'code scanning Autofix via github-advanced-security[bot]',
    facts: withCommits(`Potential fix for code scanning alert no. 4: Incomplete string escaping\n\nCo-authored-by: Copilot Autofix powered by AI <${noreply(62310815, 'github-advanced-security[bot]')}>`),
    kind: 'trailer', tool: 'GitHub Copilot',
  },
  { name: 'Copilot Workspace session link', facts: pr({ body: 'Plan: https://copilot-workspace.githubnext.com/acme/app?shareId=abc123' }), kind: 'body', tool: 'GitHub Copilot' },
];

const claude: AiCase[] = [
  {
    name: 'Claude Code CLI commit: 2025 footer and Co-Authored-By trailer',
    facts: withCommits(`Add rate limiter\n\nAdds a token bucket.\n\n${CLAUDE_FOOTER_2025}\n\n${CLAUDE_TRAILER}`),
    kind: 'trailer', tool: 'Claude Code', detail: /noreply@anthropic\.com.*commit 0000001/,
  },
  {
    name: 'Claude Code footer (claude.com) in a commit body',
    facts: withCommits(`Add rate limiter\n\n${CLAUDE_FOOTER}`),
    kind: 'body', tool: 'Claude Code', detail: /commit 0000001/,
  },
  { name: 'model-named trailer Claude Opus 4.5', facts: withCommits('Add cache\n\nCo-Authored-By: Claude Opus 4.5 <noreply@anthropic.com>'), kind: 'trailer', tool: 'Claude Code' },
  { name: 'model-named trailer Claude Sonnet 4.6 (1M context)', facts: withCommits('Add cache\n\nCo-Authored-By: Claude Sonnet 4.6 (1M context) <noreply@anthropic.com>'), kind: 'trailer', tool: 'Claude Code' },
  { name: 'trailer key spelled Co-authored-by', facts: withCommits('Add cache\n\nCo-authored-by: Claude <noreply@anthropic.com>'), kind: 'trailer', tool: 'Claude Code' },
  { name: 'trailer key in lower case', facts: withCommits('Add cache\n\nco-authored-by: Claude <noreply@anthropic.com>'), kind: 'trailer', tool: 'Claude Code' },
  { name: 'trailer key in upper case, address in mixed case', facts: withCommits('Add cache\n\nCO-AUTHORED-BY: Claude <NoReply@Anthropic.com>'), kind: 'trailer', tool: 'Claude Code' },
  {
    name: '2026 Claude-Session trailer',
    facts: withCommits(`Add cache\n\nClaude-Session: https://claude.ai/code/session_01AbCdEfGh\n${CLAUDE_TRAILER}`),
    kind: 'trailer', tool: 'Claude Code', detail: /Claude-Session/,
  },
  {
    name: 'Claude on the web: commit authored by Claude <noreply@anthropic.com>',
    facts: pr({ commits: [commit('Fix flaky test\n\nhttps://claude.ai/code/session_011CUNu8ZZabc', by('Claude', 'noreply@anthropic.com'))] }),
    kind: 'commit_author', tool: 'Claude Code', detail: /authored by Claude <noreply@anthropic\.com>/,
  },
  {
    name: 'Claude on the web: session link at the end of a commit body',
    facts: withCommits('Fix flaky test\n\nRetries the socket.\n\nhttps://claude.ai/code/session_011CUNu8ZZabc'),
    kind: 'body', tool: 'Claude Code',
  },
  { name: 'Claude on the web branch claude/<adjective>-<noun>-<5 chars>', facts: pr({ branch: 'claude/happy-turing-a1b2c' }), kind: 'branch', tool: 'Claude Code' },
  { name: 'Claude on the web branch seen with 6 chars', facts: pr({ branch: 'claude/gallant-dirac-97yoyb' }), kind: 'branch', tool: 'Claude Code' },
  { name: 'Claude on the web branch ending in the session id', facts: pr({ branch: 'claude/fix-login-011CUNu8ZZabcdEFGHijklMN' }), kind: 'branch', tool: 'Claude Code' },
  { name: 'Claude GitHub app PR author claude[bot]', facts: pr({ author: { login: 'claude[bot]', type: 'Bot', id: 209825114 } }), kind: 'author', tool: 'Claude Code' },
  {
    name: 'Claude GitHub app commit by claude[bot] (id 209825114)',
    facts: pr({ commits: [commit('Fix typo', by('claude[bot]', noreply(209825114, 'claude[bot]')))] }),
    kind: 'commit_author', tool: 'Claude Code',
  },
  {
    name: 'claude[bot] seen with the github-actions id 41898282',
    facts: pr({ commits: [commit('Fix typo', by('claude[bot]', noreply(41898282, 'claude[bot]')))] }),
    kind: 'commit_author', tool: 'Claude Code',
  },
  {
    name: 'squash co-author claude[bot] added by GitHub',
    facts: withCommits(`Fix typo (#40)\n\nCo-authored-by: claude[bot] <${noreply(209825114, 'claude[bot]')}>`),
    kind: 'trailer', tool: 'Claude Code',
  },
  { name: 'Claude GitHub action branch claude/issue-<n>-<YYYYMMDD_HHMMSS>', facts: pr({ branch: 'claude/issue-42-20250612_093015' }), kind: 'branch', tool: 'Claude Code' },
  { name: 'Claude GitHub action branch, later timestamp form', facts: pr({ branch: 'claude/issue-42-20251026-1529' }), kind: 'branch', tool: 'Claude Code' },
  { name: 'Claude GitHub action branch for a PR', facts: pr({ branch: 'claude/pr-7-20251026-1529' }), kind: 'branch', tool: 'Claude Code' },
  {
    name: 'Claude Code footer in the PR body',
    facts: pr({ body: `## Summary\n- Adds a rate limiter\n\n## Test plan\n- [x] unit tests\n\n${CLAUDE_FOOTER}` }),
    kind: 'body', tool: 'Claude Code', detail: /Generated with \[Claude Code\].*pull request body/,
  },
  { name: 'Claude Code 2025 footer in the PR body', facts: pr({ body: `Adds a rate limiter.\n\n${CLAUDE_FOOTER_2025}` }), kind: 'body', tool: 'Claude Code' },
  { name: 'Claude Code session link in the PR body', facts: pr({ body: 'Docs only.\n\nhttps://claude.ai/code/session_016zDtLCBzXPJMid6gYx6B7c' }), kind: 'body', tool: 'Claude Code' },
  {
    name: 'Assisted-by: Claude:<model> (Kubernetes AGENT:MODEL convention)',
    facts: withCommits('Refactor scheduler\n\nAssisted-by: Claude:claude-opus-4-5\nSigned-off-by: Jane Doe <jane@corp.example>'),
    kind: 'trailer', tool: /Claude/,
  },
];

const codex: AiCase[] = [
  { name: 'Codex cloud branch codex/<slug>', facts: pr({ branch: 'codex/add-retry-to-fetch' }), kind: 'branch', tool: 'OpenAI Codex' },
  { name: 'Codex task link in the PR body', facts: pr({ body: 'Adds retries.\n\nhttps://chatgpt.com/codex/tasks/task_e_68a1b2c3d4e5f60718293a4b5c6d7e8f' }), kind: 'body', tool: 'OpenAI Codex' },
  { name: '[Codex Task] link in the PR body', facts: pr({ body: 'Adds retries.\n\n------\n[Codex Task](https://chatgpt.com/codex/tasks/task_e_68a1b2c3)' }), kind: 'body', tool: 'OpenAI Codex' },
  { name: 'Codex label', facts: pr({ labels: ['codex'] }), kind: 'label', tool: 'OpenAI Codex', detail: /codex/ },
  { name: 'Codex CLI trailer Codex <noreply@openai.com>', facts: withCommits('Add CLI flag\n\nCo-authored-by: Codex <noreply@openai.com>'), kind: 'trailer', tool: 'OpenAI Codex' },
  { name: 'Codex CLI trailer OpenAI <codex@openai.com>', facts: withCommits('Add CLI flag\n\nCo-authored-by: OpenAI <codex@openai.com>'), kind: 'trailer', tool: 'OpenAI Codex' },
  { name: 'Codex CLI trailer Codex <codex@openai.com>', facts: withCommits('Add CLI flag\n\nCo-authored-by: Codex <codex@openai.com>'), kind: 'trailer', tool: 'OpenAI Codex' },
  { name: 'Codex GitHub connector as PR author', facts: pr({ author: { login: 'chatgpt-codex-connector[bot]', type: 'Bot', id: 199175422 } }), kind: 'author', tool: 'OpenAI Codex' },
];

const cursor: AiCase[] = [
  {
    name: 'Cursor agent commit authored by Cursor Agent <cursoragent@cursor.com>',
    facts: pr({ commits: [commit('Fix flaky test', by('Cursor Agent', 'cursoragent@cursor.com'))] }),
    kind: 'commit_author', tool: 'Cursor',
  },
  { name: 'Cursor Agent co-author trailer', facts: withCommits('Fix flaky test\n\nCo-authored-by: Cursor Agent <cursoragent@cursor.com>'), kind: 'trailer', tool: 'Cursor' },
  { name: '2026 rename to "Cursor", same address', facts: withCommits('Fix flaky test\n\nCo-authored-by: Cursor <cursoragent@cursor.com>'), kind: 'trailer', tool: 'Cursor' },
  { name: 'Cursor cloud agent PR author cursor[bot]', facts: pr({ author: { login: 'cursor[bot]', type: 'Bot', id: 206951365 } }), kind: 'author', tool: 'Cursor' },
  { name: 'Cursor branch cursor/<slug>-<4 hex>', facts: pr({ branch: 'cursor/fix-flaky-test-3f9a' }), kind: 'branch', tool: 'Cursor' },
  { name: 'Open in Cursor footer', facts: pr({ body: 'Fixes the test.\n\n[Open in Cursor](https://cursor.com/background-agent?bcId=bc-1f2e3d4c) • [Open in Web](https://cursor.com/agents?id=bc-1f2e3d4c)' }), kind: 'body', tool: 'Cursor' },
  {
    name: 'Open in Cursor footer written as HTML',
    facts: pr({ body: 'Fixes the test.\n\n---\n<a href="https://cursor.com/background-agent?bcId=bc-1f2e3d4c"><img alt="Open in Cursor" src="https://cursor.com/open-in-cursor.svg"></a>' }),
    kind: 'body', tool: 'Cursor',
  },
  { name: 'Made with Cursor footer', facts: pr({ body: 'Fixes the test.\n\nMade with [Cursor](https://cursor.com)' }), kind: 'body', tool: 'Cursor' },
  { name: 'a footer after an unclosed <pre> still counts', facts: pr({ body: 'Log: <pre>stack trace\n\nMade with [Cursor](https://cursor.com)' }), kind: 'body', tool: 'Cursor' },
];

const devin: AiCase[] = [
  {
    name: 'Devin commit author',
    facts: pr({ commits: [commit('Add pagination', by('Devin AI', noreply(158243242, 'devin-ai-integration[bot]'), 'devin-ai-integration[bot]'))] }),
    kind: 'commit_author', tool: 'Devin',
  },
  { name: 'Devin PR author', facts: pr({ author: { login: 'devin-ai-integration[bot]', type: 'Bot' } }), kind: 'author', tool: 'Devin' },
  { name: 'Devin branch devin/<unix time>-<slug>', facts: pr({ branch: 'devin/1718036540-add-pagination' }), kind: 'branch', tool: 'Devin' },
  { name: 'Devin session link in the PR body', facts: pr({ body: 'Link to Devin run: https://app.devin.ai/sessions/4f1c2b9e8d7a6c5b4a3f2e1d0c9b8a7f\nRequested by: Jane' }), kind: 'body', tool: 'Devin' },
  {
    name: 'a Devin commit that mentions Renovate in its subject is still Devin',
    facts: pr({ commits: [commit('chore: update renovate config to group eslint packages', by('Devin AI', noreply(158243242, 'devin-ai-integration[bot]')))] }),
    kind: 'commit_author', tool: 'Devin',
  },
];

const aider: AiCase[] = [
  { name: 'Aider 2023 subject prefix', facts: withCommits('aider: Added retry to fetch_user'), kind: 'commit_subject', tool: 'Aider' },
  { name: 'Aider 2024 (aider) suffix on the author name', facts: pr({ commits: [commit('Add retry', by('Jane Doe (aider)', 'jane@corp.example'))] }), kind: 'commit_author', tool: 'Aider' },
  {
    name: 'Aider (aider) suffix on the committer name only',
    facts: pr({ commits: [commit('Add retry', { committer_name: 'Jane Doe (aider)', committer_email: 'jane@corp.example', committer_login: null })] }),
    kind: 'commit_author', tool: 'Aider', detail: /committed by/,
  },
  { name: 'Aider co-author with model and noreply@aider.dev', facts: withCommits('Add retry\n\nCo-authored-by: aider (openai/gpt-4o) <noreply@aider.dev>'), kind: 'trailer', tool: 'Aider' },
  { name: 'Aider co-author with aider@aider.chat', facts: withCommits('Add retry\n\nCo-authored-by: aider (anthropic/claude-sonnet-4-20250514) <aider@aider.chat>'), kind: 'trailer', tool: 'Aider' },
];

const jules: AiCase[] = [
  {
    name: 'Jules commit author',
    facts: pr({ commits: [commit('Fix README typo', by('google-labs-jules[bot]', noreply(161369871, 'google-labs-jules[bot]'), 'google-labs-jules[bot]'))] }),
    kind: 'commit_author', tool: 'Google Jules',
  },
  {
    name: 'Jules PR footer',
    facts: pr({ body: 'Fixes the typo.\n\n---\n*PR created automatically by Jules for task [1234567890123456789](https://jules.google.com/task/1234567890123456789)*' }),
    kind: 'body', tool: 'Google Jules',
  },
  { name: 'Jules branch ending in a 19-digit task id', facts: pr({ branch: 'fix-readme-typo-1234567890123456789' }), kind: 'branch', tool: 'Google Jules' },
  { name: 'Jules persona ⚡ Bolt:', facts: withCommits('⚡ Bolt: cache parsed config'), kind: 'commit_subject', tool: 'Google Jules' },
  { name: 'Jules persona 🎨 Palette:', facts: withCommits('🎨 Palette: add focus ring to buttons'), kind: 'commit_subject', tool: 'Google Jules' },
  { name: 'Jules persona 🛡️ Sentinel:', facts: withCommits('🛡️ Sentinel: escape HTML in comments'), kind: 'commit_subject', tool: 'Google Jules' },
];

const others: AiCase[] = [
  {
    name: 'Gemini Code Assist accepted suggestion',
    facts: withCommits(`Update src/app.ts\n\nCo-authored-by: gemini-code-assist[bot] <${noreply(176961590, 'gemini-code-assist[bot]')}>`),
    kind: 'trailer', tool: /Gemini/,
  },
  { name: 'OpenHands commit author', facts: pr({ commits: [commit('Fix issue #5', by('openhands', 'openhands@all-hands.dev'))] }), kind: 'commit_author', tool: 'OpenHands' },
  { name: 'OpenHands co-author trailer', facts: withCommits('Fix issue #5\n\nCo-authored-by: openhands <openhands@all-hands.dev>'), kind: 'trailer', tool: 'OpenHands' },
  { name: 'OpenHands "created by an AI agent" body', facts: pr({ body: 'Fixes #5.\n\nThis PR was created by an AI agent (OpenHands) on behalf of the user.' }), kind: 'body', tool: 'OpenHands' },
  { name: 'OpenHands "Updated by an AI agent" body', facts: pr({ body: 'Fixes #5.\n\n_Updated by an AI agent (OpenHands) on behalf of the user._' }), kind: 'body', tool: 'OpenHands' },
  { name: 'OpenHands review bot accepted suggestion', facts: withCommits('Apply suggestion\n\nCo-authored-by: OpenHands Bot <contact@all-hands.dev>'), kind: 'trailer', tool: 'OpenHands' },
  {
    name: 'Amp thread and co-author trailers',
    facts: withCommits('Add search\n\nAmp-Thread-ID: https://ampcode.com/threads/T-5f3c2a1b-0d9e-4c8b-a7f6-e5d4c3b2a190\nCo-authored-by: Amp <amp@ampcode.com>'),
    kind: 'trailer', tool: 'Amp',
  },
  { name: 'Amp thread trailer alone', facts: withCommits('Add search\n\nAmp-Thread-ID: https://ampcode.com/threads/T-5f3c2a1b-0d9e-4c8b-a7f6-e5d4c3b2a190'), kind: 'trailer', tool: 'Amp' },
  { name: '2026 Amp as commit author', facts: pr({ commits: [commit('Add search', by('Amp', 'amp@ampcode.com'))] }), kind: 'commit_author', tool: 'Amp' },
  { name: 'Replit agent trailers', facts: withCommits('Add login page\n\nReplit-Commit-Author: Agent\nReplit-Commit-Session-Id: 7c1e0f9a-2b3d-4e5f'), kind: 'trailer', tool: /Replit/ },
  { name: 'Replit Assistant trailer', facts: withCommits('Add login page\n\nReplit-Commit-Author: Assistant\nReplit-Commit-Session-Id: 7c1e0f9a-2b3d-4e5f'), kind: 'trailer', tool: /Replit/ },
  { name: 'claude-flow co-author', facts: withCommits('Add swarm\n\nCo-Authored-By: claude-flow <ruv@ruv.net>'), kind: 'trailer', tool: 'claude-flow' },
  { name: 'Codegen PR author', facts: pr({ author: { login: 'codegen-sh[bot]', type: 'Bot' } }), kind: 'author', tool: 'Codegen' },
  { name: 'Open SWE footer', facts: pr({ body: 'Adds search.\n\nMade by [Open SWE](https://swe.langchain.com)' }), kind: 'body', tool: 'Open SWE' },
  {
    name: 'CodeRabbit autofix commit',
    facts: pr({ commits: [commit('fix: apply CodeRabbit autofixes\n\nCo-authored-by: CodeRabbit <noreply@coderabbit.ai>', by('coderabbitai[bot]', noreply(136622811, 'coderabbitai[bot]'), 'coderabbitai[bot]'))] }),
    kind: 'commit_author', tool: 'CodeRabbit',
  },
  { name: 'CodeRabbit autofix co-author', facts: withCommits('fix: apply CodeRabbit autofixes\n\nCo-authored-by: CodeRabbit <noreply@coderabbit.ai>'), kind: 'trailer', tool: 'CodeRabbit' },
  {
    name: 'accepted CodeRabbit suggestion',
    facts: withCommits(`Update src/app.ts\n\nCo-authored-by: coderabbitai[bot] <${noreply(136622811, 'coderabbitai[bot]')}>`),
    kind: 'trailer', tool: 'CodeRabbit',
  },
  { name: 'Amazon Q Developer PR author', facts: pr({ author: { login: 'amazon-q-developer[bot]', type: 'Bot' } }), kind: 'author', tool: 'Amazon Q Developer' },
  { name: 'Windsurf PR author', facts: pr({ author: { login: 'windsurf-bot[bot]', type: 'Bot' } }), kind: 'author', tool: 'Windsurf' },
];

const declared: AiCase[] = [
  { name: 'label ai-assisted', facts: pr({ labels: ['bug', 'ai-assisted'] }), kind: 'label', tool: /declared/, detail: /ai-assisted/ },
  { name: 'label AI-Generated in another case', facts: pr({ labels: ['AI-Generated'] }), kind: 'label', tool: /declared/ },
  { name: 'label "AI assisted" spelled with a space', facts: pr({ labels: ['AI assisted'] }), kind: 'label', tool: /declared/ },
  { name: 'ticked AI box in the PR template', facts: pr({ body: '## Checklist\n- [x] Tests added\n- [x] This change is AI-assisted\n' }), kind: 'checkbox', tool: /template/, detail: /pull request body/ },
  { name: 'ticked AI box with a capital X and a star bullet', facts: pr({ body: '* [X] I used AI tools to write parts of this change' }), kind: 'checkbox', tool: /template/ },
  { name: 'ticked box "contains AI-generated code"', facts: pr({ body: '### AI disclosure\n- [ ] No AI was used\n- [x] This PR contains AI-generated code (Claude, Copilot)' }), kind: 'checkbox', tool: /template/ },
  { name: 'ticked nested AI box', facts: pr({ body: '- [x] Checklist\n  - [x] AI-assisted' }), kind: 'checkbox', tool: /template/ },
  { name: 'ticked box "written with the help of AI"', facts: pr({ body: '- [x] Parts of this were written with the help of AI' }), kind: 'checkbox', tool: /template/ },
  { name: 'ticked box "AI tools were used"', facts: pr({ body: '- [x] AI tools were used for this change' }), kind: 'checkbox', tool: /template/ },
  { name: 'ticked numbered box "Generated using an LLM"', facts: pr({ body: '1. [x] Generated using an LLM' }), kind: 'checkbox', tool: /template/ },
  { name: 'AI-assisted: true trailer', facts: withCommits('Add search\n\nAI-assisted: true'), kind: 'trailer', tool: /declared/ },
  { name: 'AI-Assisted: Yes trailer', facts: withCommits('Add search\n\nAI-Assisted: Yes\nSigned-off-by: Jane Doe <jane@corp.example>'), kind: 'trailer', tool: /declared/ },
  { name: 'Generated-by trailer names the tool', facts: withCommits('Add search\n\nGenerated-by: GitHub Copilot'), kind: 'trailer', tool: 'GitHub Copilot' },
];

const placement: AiCase[] = [
  {
    name: 'trailer in the last paragraph of the PR body (to survive a squash)',
    facts: pr({ body: `## Summary\nAdds a cache.\n\n${CLAUDE_TRAILER}` }),
    kind: 'trailer', tool: 'Claude Code', detail: /pull request body/,
  },
  { name: 'a PR body that is only a trailer block', facts: pr({ body: 'Co-authored-by: Codex <noreply@openai.com>' }), kind: 'trailer', tool: 'OpenAI Codex' },
  {
    name: 'squash commit keeps the Claude footer from the PR body',
    facts: withCommits(`Add rate limiter (#88)\n\n## Summary\n- token bucket\n\n${CLAUDE_FOOTER}`),
    kind: 'body', tool: 'Claude Code', detail: /commit 0000001/,
  },
  {
    name: 'squash commit keeps the Jules footer',
    facts: withCommits('Fix README typo (#9)\n\nPR created automatically by Jules for task [1234567890123456789](https://jules.google.com/task/1234567890123456789)'),
    kind: 'body', tool: 'Google Jules',
  },
  {
    name: 'squash commit keeps the Devin session link and GitHub co-author lines',
    facts: withCommits('Add pagination (#77)\n\n* Add pagination\n\nLink to Devin run: https://app.devin.ai/sessions/4f1c2b9e8d7a6c5b\n\nCo-authored-by: Jane Doe <jane@corp.example>'),
    kind: 'body', tool: 'Devin',
  },
  {
    name: 'squash commit: GitHub adds Co-authored-by for the Copilot agent',
    facts: withCommits(`Fix login timeout (#12)\n\n* Initial plan\n\n* Raise timeout\n\n---------\n\nCo-authored-by: copilot-swe-agent[bot] <${noreply(198982749, 'Copilot')}>\nCo-authored-by: Jane Doe <jane@corp.example>`),
    kind: 'trailer', tool: 'GitHub Copilot',
  },
  {
    name: 'a bot became the squash author',
    facts: pr({ commits: [commit('Add pagination (#77)\n\n* Add pagination', { author_name: 'devin-ai-integration[bot]', author_email: noreply(158243242, 'devin-ai-integration[bot]'), author_login: 'devin-ai-integration[bot]' })] }),
    kind: 'commit_author', tool: 'Devin',
  },
  {
    name: 'a revert commit authored by an AI bot counts',
    facts: pr({ commits: [commit('Revert "Add retry to fetch"\n\nThis reverts commit 1a2b3c4d5e6f.', by('copilot-swe-agent[bot]', noreply(198982749, 'Copilot'), 'Copilot'))] }),
    kind: 'commit_author', tool: 'GitHub Copilot',
  },
  {
    name: "git's 25% rule: a last paragraph mixing prose with known trailers is a trailer block",
    facts: withCommits(`Add cache\n\nReviewed on the call.\nTested on staging.\nSigned-off-by: Jane Doe <jane@corp.example>\n${CLAUDE_TRAILER}`),
    kind: 'trailer', tool: 'Claude Code',
  },
  {
    name: "git's 25% rule: exactly a quarter trailers, one of them known",
    facts: withCommits(`Add cache\n\nReviewed on the call.\nTested on staging.\nBenchmarked on the laptop.\n${CLAUDE_TRAILER}`),
    kind: 'trailer', tool: 'Claude Code',
  },
  {
    name: 'trailer continuation lines and a cherry-pick note',
    facts: withCommits(`Add cache\n\nReviewed-by: Jane Doe\n  <jane@corp.example>\n(cherry picked from commit 0123456789abcdef)\n${CLAUDE_TRAILER}`),
    kind: 'trailer', tool: 'Claude Code',
  },
  {
    name: 'Windows line endings',
    facts: withCommits(`Add cache\r\n\r\nBody.\r\n\r\n${CLAUDE_TRAILER}\r\n`),
    kind: 'trailer', tool: 'Claude Code',
  },
  {
    name: 'commits missing: PR-level fields still decide',
    facts: { author: { login: 'Copilot' }, branch: 'copilot/fix-9', body: null },
    kind: 'author', tool: 'GitHub Copilot',
  },
  {
    name: 'commits null: the PR body still decides',
    facts: { author: { login: 'jane-doe' }, body: `Summary.\n\n${CLAUDE_FOOTER}`, commits: null },
    kind: 'body', tool: 'Claude Code',
  },
  {
    name: 'a marker in the second of several commits, commit without sha',
    facts: pr({ commits: [commit('Start'), { message: `Finish\n\n${CLAUDE_TRAILER}`, author_name: 'Jane Doe' }] }),
    kind: 'trailer', tool: 'Claude Code', detail: /commit 2/,
  },
];

const aiCases = [...copilot, ...claude, ...codex, ...cursor, ...devin, ...aider, ...jules, ...others, ...declared, ...placement];

describe('AI-assisted changes are detected', () => {
  it.each(aiCases)('$name', ({ facts, kind, tool, detail }) => {
    const result = detect(facts, DEFAULTS);
    expect(result.ai_assisted).toBe(true);
    const matching = result.signals.filter((s) => s.kind === kind && (typeof tool === 'string' ? s.tool === tool : tool.test(s.tool)));
    expect(matching, JSON.stringify(result.signals)).not.toHaveLength(0);
    if (detail) expect(matching.some((s) => detail.test(s.detail)), JSON.stringify(matching)).toBe(true);
  });
});

// ---------------------------------------------------------------- traps

interface HumanCase { name: string; facts: ChangeFacts }

const bots: HumanCase[] = [
  {
    name: 'Dependabot PR and commit',
    facts: {
      author: { login: 'dependabot[bot]', type: 'Bot', id: 49699333 },
      branch: 'dependabot/npm_and_yarn/vite-5.4.1',
      labels: ['dependencies', 'javascript'],
      title: 'Bump vite from 5.4.0 to 5.4.1',
      body: 'Bumps [vite](https://github.com/vitejs/vite) from 5.4.0 to 5.4.1.\n<details>\n<summary>Release notes</summary>\n<blockquote>\n<h2>v5.4.1</h2>\n<ul><li>fix: cursor position in overlay</li></ul>\n</blockquote>\n</details>\n\nDependabot will resolve any conflicts with this PR as long as you don\'t alter it yourself.',
      commits: [commit('Bump vite from 5.4.0 to 5.4.1\n\nBumps [vite](https://github.com/vitejs/vite) from 5.4.0 to 5.4.1.\n\n---\nupdated-dependencies:\n- dependency-name: vite\n  dependency-type: direct:development\n...\n\nSigned-off-by: dependabot[bot] <support@github.com>', by('dependabot[bot]', noreply(49699333, 'dependabot[bot]'), 'dependabot[bot]'))],
    },
  },
  {
    name: 'Dependabot bump of Claude Code whose quoted release notes carry its footer',
    facts: {
      author: { login: 'dependabot[bot]', type: 'Bot', id: 49699333 },
      branch: 'dependabot/npm_and_yarn/anthropic-ai/claude-code-2.0.1',
      body: `Bumps @anthropic-ai/claude-code from 2.0.0 to 2.0.1.\n<details>\n<summary>Commits</summary>\n<blockquote>\n<p>Fix hooks</p>\n<p>${CLAUDE_FOOTER}</p>\n<p>${CLAUDE_TRAILER}</p>\n</blockquote>\n</details>`,
      commits: [commit('Bump @anthropic-ai/claude-code from 2.0.0 to 2.0.1\n\nSigned-off-by: dependabot[bot] <support@github.com>', by('dependabot[bot]', noreply(49699333, 'dependabot[bot]'), 'dependabot[bot]'))],
    },
  },
  {
    name: 'Renovate app PR and commit',
    facts: {
      author: { login: 'renovate[bot]', type: 'Bot', id: 29139614 },
      branch: 'renovate/eslint-monorepo',
      labels: ['dependencies'],
      body: 'This PR contains the following updates:\n\n| Package | Change |\n|---|---|\n| eslint | `9.1.0` -> `9.2.0` |\n\n---\n\n- [ ] <!-- rebase-check -->If you want to rebase/retry this PR, check this box\n\nThis PR was generated by [Mend Renovate](https://mend.io/renovate/).',
      commits: [commit('chore(deps): update eslint monorepo to v9.2.0', by('renovate[bot]', noreply(29139614, 'renovate[bot]'), 'renovate[bot]'))],
    },
  },
  {
    name: 'legacy Renovate Bot <bot@renovateapp.com>',
    facts: pr({ author: { login: 'renovate-bot', type: 'User' }, branch: 'renovate/lodash-4.x', commits: [commit('Update dependency lodash to v4.17.21', by('Renovate Bot', 'bot@renovateapp.com', 'renovate-bot'))] }),
  },
  {
    name: 'self-hosted Renovate app renovate-sh-app[bot]',
    facts: pr({ author: { login: 'renovate-sh-app[bot]', type: 'Bot' }, branch: 'renovate/node-22.x', commits: [commit('chore(deps): update node to v22', by('renovate-sh-app[bot]', noreply(123456789, 'renovate-sh-app[bot]'), 'renovate-sh-app[bot]'))] }),
  },
  {
    name: 'github-actions[bot] create-pull-request PR',
    facts: pr({
      author: { login: 'github-actions[bot]', type: 'Bot', id: 41898282 },
      branch: 'create-pull-request/patch',
      body: 'Automated changes by [create-pull-request](https://github.com/peter-evans/create-pull-request) GitHub action',
      commits: [commit('[create-pull-request] automated change\n\nCo-authored-by: jane-doe <1001+jane-doe@users.noreply.github.com>', by('github-actions[bot]', noreply(41898282, 'github-actions[bot]'), 'github-actions[bot]'))],
    }),
  },
  { name: 'release bot', facts: pr({ author: { login: 'release-please[bot]', type: 'Bot' }, branch: 'release-please--branches--main', commits: [commit('chore(main): release 1.2.0', by('release-please[bot]', noreply(55107282, 'release-please[bot]')))] }) },
];

const people: HumanCase[] = [
  { name: 'human co-author with a users.noreply.github.com address', facts: withCommits(`Pair on parser\n\nCo-authored-by: Sam Lee <${noreply(12345678, 'samlee')}>`) },
  { name: 'co-author named Copilot but with a human <id>+<login> address', facts: withCommits(`Pair on parser\n\nCo-authored-by: Copilot <${noreply(12345678, 'copilot-fan')}>`) },
  { name: 'Claude Martin as author and co-author', facts: pr({ commits: [commit('Add i18n\n\nCo-authored-by: Claude Martin <claude@martin.dev>', by('Claude Martin', 'claude@martin.dev', 'cmartin'))] }) },
  { name: 'a person called Claude with a GitHub noreply address', facts: pr({ commits: [commit('Add i18n', by('Claude', noreply(7654321, 'claude')))] }) },
  { name: 'an Anthropic employee (not the noreply address)', facts: withCommits('Add i18n\n\nCo-authored-by: Claude Dupont <claude@anthropic.com>') },
  {
    name: 'Devin Smith: login devin-smith, branch devin/<topic>, own commits',
    facts: pr({ author: { login: 'devin-smith', type: 'User' }, branch: 'devin/fix-login', commits: [commit('Fix login', by('Devin Smith', 'devin@smith.io', 'devin-smith'))] }),
  },
  { name: 'Claude Martin pushes claude/<topic>', facts: pr({ author: { login: 'claude-martin', type: 'User' }, branch: 'claude/fix-login' }) },
  { name: 'logins containing jules', facts: pr({ author: { login: 'jules-verne', type: 'User' }, branch: 'jules/fix-login', commits: [commit('Fix login', by('Jules Verne', 'jules@corp.example', 'julesv'))] }) },
  { name: 'email containing gemini', facts: pr({ commits: [commit('Fix login\n\nCo-authored-by: Gemini Lee <gemini.lee@corp.com>', by('Gemini Lee', 'gemini.lee@corp.com', 'glee'))] }) },
  { name: 'amp look-alike addresses', facts: pr({ commits: [commit('Track events\n\nCo-authored-by: Amp Analytics <amp@amplitude.io>', by('Amp', 'amp@amplitude.com'))] }) },
  { name: 'claude-flow\'s author co-authoring by hand (same address, his own name)', facts: withCommits('Fix swarm\n\nCo-authored-by: Reuven Cohen <ruv@ruv.net>') },
  { name: 'Claude Martin pushes claude/<verb>-<noun>-<word>', facts: pr({ author: { login: 'claude-martin', type: 'User' }, branch: 'claude/add-dark-theme' }) },
  { name: 'a provider named Claudexia', facts: withCommits('Add Claudexia provider\n\nCo-authored-by: Claudexia <noreply@claudexia.ai>', 'class ClaudexiaClient extends Provider') },
  { name: "Aider's own authors committing by hand", facts: pr({ commits: [commit('Release 0.80.0', by('Paul Gauthier', 'paul@aider.chat', 'paul-gauthier'))] }) },
  { name: 'a Cursor employee', facts: withCommits('Fix docs\n\nCo-authored-by: Jane <jane@cursor.com>') },
  { name: 'an OpenAI employee', facts: withCommits('Fix docs\n\nCo-authored-by: Sam <sam@openai.com>') },
  { name: 'logins that merely contain copilot', facts: pr({ author: { login: 'copilot-fan', type: 'User' }, commits: [commit('Fix', by('Copilot Fan', 'fan@corp.example', 'mycopilot'))] }) },
];

const prose: HumanCase[] = [
  { name: 'fixes the bug Copilot flagged', facts: withCommits('Fix the null check Copilot flagged\n\nfixes the bug Copilot flagged in review') },
  { name: 'Update CLAUDE.md', facts: pr({ title: 'Update CLAUDE.md', body: 'Tells Claude Code to run the tests.', commits: [commit('Update CLAUDE.md')] }) },
  { name: 'class ClaudeLLM', facts: withCommits('Add class ClaudeLLM wrapper\n\nclass ClaudeLLM wraps the Anthropic SDK.') },
  { name: 'move the text cursor', facts: withCommits('Move the text cursor to the end of the line\n\nThe cursor/selection logic now lives in editor.ts.') },
  { name: 'Generated with: protoc', facts: withCommits('Regenerate protobufs\n\nGenerated with: protoc --go_out=. api.proto') },
  { name: 'docs about the tools', facts: pr({ title: 'Docs: using AI tools', body: 'How to use Claude Code, Cursor, Devin, Jules and Copilot here.\nCursor users: enable the agent. Devin sessions need a token.' }) },
  { name: 'a [WIP] title and an "Initial plan" subject from a human', facts: pr({ title: '[WIP] Fix login', commits: [commit('Initial plan')] }) },
  { name: 'Co-authored-by in the subject', facts: withCommits(CLAUDE_TRAILER) },
  { name: 'Co-authored-by in the subject, with a body', facts: withCommits(`${CLAUDE_TRAILER}\n\nFix the changelog script.`) },
  { name: 'Co-authored-by mid-message, prose after it', facts: withCommits(`Fix parser\n\n${CLAUDE_TRAILER}\n\nThe line above used to break the changelog script; now it does not.`) },
  { name: 'Drive-by: line in the middle of the message', facts: withCommits(`Fix parser\n\nDrive-by: ${CLAUDE_TRAILER} lines no longer break the changelog\n\nTested locally.`) },
  {
    name: "git's 25% rule: one trailer in a long prose paragraph is prose",
    facts: withCommits(`Fix parser\n\nThis explains the change.\nIt goes on.\nAnd on.\nAnd on some more.\n${CLAUDE_TRAILER}`),
  },
  { name: 'PR body quotes the footer in backticks while forbidding it', facts: pr({ body: `Stops adding \`${CLAUDE_FOOTER}\` to commits; our policy forbids it.` }) },
  { name: 'PR body quotes the trailer in backticks as its last paragraph', facts: pr({ body: `Strips the trailer.\n\n\`${CLAUDE_TRAILER}\`` }) },
  { name: 'PR body quotes footer and trailer in a code fence', facts: pr({ body: `Our hook now rejects messages like:\n\n\`\`\`\nAdd cache\n\n${CLAUDE_FOOTER}\n\n${CLAUDE_TRAILER}\n\`\`\`` }) },
  { name: 'PR body quotes the footer in a tilde fence', facts: pr({ body: `Rejects:\n~~~text\n${CLAUDE_FOOTER}\n~~~\nDo not use it.` }) },
  { name: 'PR body quotes the footer in a block quote', facts: pr({ body: `> ${CLAUDE_FOOTER}\n>\n> ${CLAUDE_TRAILER}\n\nPlease remove this from commit messages; our policy forbids it.` }) },
  { name: 'PR body quotes the Cursor footer in an HTML block quote', facts: pr({ body: '<blockquote>\nMade with [Cursor](https://cursor.com)\n</blockquote>\nNot allowed here.' }) },
  { name: 'unchecked AI box in the template', facts: pr({ body: '## Checklist\n- [x] Tests added\n- [ ] This change is AI-assisted\n- [ ] I used AI tools to write parts of this change' }) },
  { name: 'ticked box: No AI tools were used', facts: pr({ body: '## AI disclosure\n- [x] No AI tools were used\n- [ ] AI-assisted' }) },
  { name: 'ticked box: not AI-generated', facts: pr({ body: '- [x] This change is not AI-generated' }) },
  { name: 'ticked box about an AI policy, not AI use', facts: pr({ body: '- [x] I have read the AI policy\n- [x] Works with AI features disabled' }) },
  { name: 'a ticked box in prose, not at the start of a list item', facts: pr({ body: 'Tick - [x] This change is AI-assisted in the template when it applies.' }) },
  { name: 'a box with no text after it, then the declaration on the next line', facts: pr({ body: '- [x]\nThis change is AI-assisted' }) },
  { name: 'an AI box ticked inside a quoted template', facts: pr({ body: 'Our template reads:\n\n```md\n- [x] This change is AI-assisted\n```' }) },
  {
    name: 'Bugbot CURSOR_SUMMARY in the PR body',
    facts: pr({ body: 'Fixes #12\n\n<!-- CURSOR_SUMMARY -->\n---\n\n> [!NOTE]\n> Raises the login timeout.\n>\n> <sup>Written by [Cursor Bugbot](https://cursor.com/dashboard?tab=bugbot) for commit 1a2b3c4. This will update automatically on new commits. Configure [here](https://cursor.com/dashboard?tab=bugbot).</sup>\n<!-- /CURSOR_SUMMARY -->' }),
  },
  {
    name: 'Summary by CodeRabbit in the PR body',
    facts: pr({ body: 'Fixes #12\n\n<!-- This is an auto-generated comment: release notes by coderabbit.ai -->\n## Summary by CodeRabbit\n\n* **Bug Fixes**\n  * Raised the login timeout.\n<!-- end of auto-generated comment: release notes by coderabbit.ai -->' }),
  },
  { name: 'Replit-Commit-Author: Deployment', facts: withCommits('Published your App\n\nReplit-Commit-Author: Deployment\nReplit-Commit-Session-Id: 7c1e0f9a-2b3d-4e5f\nReplit-Commit-Deployment-Build-Id: 1f2e') },
  { name: 'AI-assisted: false', facts: withCommits('Fix parser\n\nAI-assisted: false\nSigned-off-by: Jane Doe <jane@corp.example>') },
  { name: 'AI-assisted: false in the PR body', facts: pr({ body: 'Fix parser.\n\nAI-assisted: false' }) },
  { name: 'a human revert of an AI commit', facts: withCommits('Revert "Add retry to fetch"\n\nThis reverts commit 1a2b3c4d5e6f.') },
  { name: 'a human co-author trailer in the PR body', facts: pr({ body: `Pairing session.\n\nCo-authored-by: Sam Lee <${noreply(12345678, 'samlee')}>` }) },
  { name: 'a branch that merely contains an agent name', facts: pr({ branch: 'feature/copilot/cursor-claude-codex' }) },
];

const empty: HumanCase[] = [
  { name: 'empty facts', facts: {} },
  { name: 'every field null', facts: { author: null, branch: null, labels: null, title: null, body: null, commits: null } },
  { name: 'author with null login', facts: { author: { login: null, type: null, id: null }, commits: [] } },
  { name: 'a commit whose every field is null', facts: { commits: [{ sha: null, message: null, author_name: null, author_email: null, author_login: null, committer_name: null, committer_email: null, committer_login: null }] } },
  { name: 'an empty commit object', facts: { commits: [{}] } },
];

describe('traps are not AI-assisted', () => {
  it.each([...bots, ...people, ...prose, ...empty])('$name', ({ facts }) => {
    const result = detect(facts, DEFAULTS);
    expect(result.signals, JSON.stringify(result.signals)).toEqual([]);
    expect(result.ai_assisted).toBe(false);
  });
});

// ---------------------------------------------------------------- evidence

describe('signals are evidence the author can read', () => {
  const KINDS: RuleKind[] = ['label', 'author', 'commit_author', 'trailer', 'body', 'checkbox', 'branch', 'commit_subject'];

  it.each(aiCases)('every signal names its kind, tool and detail: $name', ({ facts }) => {
    for (const s of detect(facts, DEFAULTS).signals) {
      expect(KINDS).toContain(s.kind);
      expect(s.tool.trim()).not.toBe('');
      expect(s.detail.trim()).not.toBe('');
    }
  });

  const many = (n: number, message: (i: number) => string, who: Partial<CommitFacts> = {}) =>
    pr({ commits: Array.from({ length: n }, (_, i) => commit(message(i), who, i + 1)) });

  const cases: { name: string; facts: ChangeFacts; signals: { kind: RuleKind; tool: string; detail: RegExp }[] }[] = [
    {
      name: 'the same trailer in 12 commits is one signal with a count',
      facts: many(12, (i) => `Step ${i}\n\n${CLAUDE_TRAILER}`),
      signals: [{ kind: 'trailer', tool: 'Claude Code', detail: /^Co-Authored-By: Claude <noreply@anthropic\.com> \(in commit 0000001 and 11 other commits\)$/ }],
    },
    {
      name: 'model names change, the address stays: still one signal',
      facts: withCommits(
        'One\n\nCo-Authored-By: Claude Opus 4.5 <noreply@anthropic.com>',
        'Two\n\nCo-Authored-By: Claude Sonnet 4.6 <noreply@anthropic.com>',
        'Three\n\nco-authored-by: Claude <noreply@anthropic.com>',
      ),
      signals: [{ kind: 'trailer', tool: 'Claude Code', detail: /Claude Opus 4\.5 <noreply@anthropic\.com>.*commit 0000001 and 2 other commits/ }],
    },
    {
      name: 'the same agent author on 5 commits is one signal',
      facts: many(5, (i) => `Step ${i}`, by('copilot-swe-agent[bot]', noreply(198982749, 'Copilot'), 'Copilot')),
      signals: [{ kind: 'commit_author', tool: 'GitHub Copilot', detail: /^authored by copilot-swe-agent\[bot\] <198982749\+Copilot@users\.noreply\.github\.com> \(in commit 0000001 and 4 other commits\)$/ }],
    },
    {
      name: 'a footer in the PR body and in three commits is one signal saying both',
      facts: pr({ body: `Summary.\n\n${CLAUDE_FOOTER}`, commits: [1, 2, 3].map((i) => commit(`Step ${i}\n\n${CLAUDE_FOOTER}`, {}, i)) }),
      signals: [{ kind: 'body', tool: 'Claude Code', detail: /Generated with \[Claude Code\].*\(in the pull request body and 3 commits\)$/ }],
    },
    {
      name: 'a single commit is named',
      facts: withCommits(`Add cache\n\n${CLAUDE_TRAILER}`),
      signals: [{ kind: 'trailer', tool: 'Claude Code', detail: /\(in commit 0000001\)$/ }],
    },
    {
      name: 'PR-level signals say what they saw',
      facts: pr({ author: { login: 'Copilot' }, branch: 'copilot/fix-1', labels: ['AI-Assisted'], commits: null }),
      signals: [
        { kind: 'label', tool: 'declared by label', detail: /AI-Assisted/ },
        { kind: 'author', tool: 'GitHub Copilot', detail: /opened by Copilot/ },
        { kind: 'branch', tool: 'GitHub Copilot', detail: /copilot\/fix-1/ },
      ],
    },
    {
      name: 'distinct tools stay distinct',
      facts: withCommits(`One\n\n${CLAUDE_TRAILER}`, 'Two\n\nCo-authored-by: Cursor Agent <cursoragent@cursor.com>'),
      signals: [
        { kind: 'trailer', tool: 'Claude Code', detail: /commit 0000001\)$/ },
        { kind: 'trailer', tool: 'Cursor', detail: /commit 0000002\)$/ },
      ],
    },
  ];

  it.each(cases)('$name', ({ facts, signals }) => {
    const found = detect(facts, DEFAULTS).signals;
    expect(found.map((s) => ({ kind: s.kind, tool: s.tool })), JSON.stringify(found))
      .toEqual(expect.arrayContaining(signals.map(({ kind, tool }) => ({ kind, tool }))));
    expect(found).toHaveLength(signals.length);
    for (const want of signals) {
      expect(found.some((s) => s.kind === want.kind && s.tool === want.tool && want.detail.test(s.detail)), JSON.stringify(found)).toBe(true);
    }
  });
});

// ---------------------------------------------------------------- rules as data

describe('default rules', () => {
  it('have unique, non-empty ids and tools', () => {
    const ids = DEFAULT_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of DEFAULT_RULES) {
      expect(r.id).toMatch(/^[a-z0-9-]+$/);
      expect(r.tool.trim()).not.toBe('');
    }
  });

  it('never match an identity by the bare users.noreply.github.com domain', () => {
    for (const r of DEFAULT_RULES) {
      const emails = 'emails' in r ? r.emails ?? [] : [];
      for (const e of emails) expect(e).toMatch(/^(?:\d+\+[^@]+@users\.noreply\.github\.com|[^@+]+@(?!users\.noreply\.github\.com$)[^@]+)$/);
    }
  });
});

describe('effectiveRules', () => {
  const internalAgent: DetectionRule = { id: 'label-internal-agent', kind: 'label', tool: 'Internal agent', names: ['made-by-robot'] };
  const internalTrailer: DetectionRule = { id: 'trailer-x-agent', kind: 'trailer', tool: 'Internal agent', keys: ['X-Agent'] };
  const run = (options: Parameters<typeof effectiveRules>[0], facts: ChangeFacts) => detect(facts, compileRules(effectiveRules(options)));

  it('keeps every default when nothing is disabled', () => {
    expect(effectiveRules({ useDefaults: true, disable: [], rules: [] })).toEqual([...DEFAULT_RULES]);
  });

  it('disables a default by id and keeps the others', () => {
    const options = { useDefaults: true, disable: ['branch-codex'], rules: [] };
    const ids = effectiveRules(options).map((r) => r.id);
    expect(ids).not.toContain('branch-codex');
    expect(ids).toHaveLength(DEFAULT_RULES.length - 1);
    expect(run(options, pr({ branch: 'codex/add-retry' })).ai_assisted).toBe(false);
    expect(run(options, pr({ branch: 'codex/add-retry', labels: ['codex'] })).signals).toEqual([
      expect.objectContaining({ kind: 'label', tool: 'OpenAI Codex' }),
    ]);
  });

  it('adds custom rules after the defaults', () => {
    const options = { useDefaults: true, disable: [], rules: [internalAgent, internalTrailer] };
    expect(effectiveRules(options).slice(-2)).toEqual([internalAgent, internalTrailer]);
    expect(run(options, pr({ labels: ['Made-By-Robot'] })).signals).toEqual([{ kind: 'label', tool: 'Internal agent', detail: 'label "Made-By-Robot"' }]);
    expect(run(options, withCommits('Fix\n\nX-Agent: robo-1')).signals).toEqual([
      expect.objectContaining({ kind: 'trailer', tool: 'Internal agent', detail: expect.stringMatching(/X-Agent: robo-1.*commit 0000001/) }),
    ]);
    expect(run(options, pr({ author: { login: 'Copilot' } })).ai_assisted).toBe(true);
  });

  it('turns the defaults off and keeps only custom rules', () => {
    const options = { useDefaults: false, disable: [], rules: [internalAgent] };
    expect(effectiveRules(options)).toEqual([internalAgent]);
    expect(run(options, pr({ author: { login: 'Copilot' }, body: CLAUDE_FOOTER })).ai_assisted).toBe(false);
    expect(run(options, pr({ labels: ['made-by-robot'] })).ai_assisted).toBe(true);
  });

  it('with no rules at all nothing is AI-assisted', () => {
    expect(run({ useDefaults: false, disable: [], rules: [] }, pr({ author: { login: 'Copilot' } })).ai_assisted).toBe(false);
  });

  it('custom commit-author, body and subject rules match as configured', () => {
    const rules: DetectionRule[] = [
      { id: 'author-robo', kind: 'commit_author', tool: 'Robo', emails: ['robo@corp.example'] },
      { id: 'body-robo', kind: 'body', tool: 'Robo', pattern: String.raw`^Robo session: https://robo\.corp\.example/s/\w+` },
      { id: 'subject-robo', kind: 'commit_subject', tool: 'Robo', pattern: '^robo: ' },
    ];
    const options = { useDefaults: false, disable: [], rules };
    expect(run(options, pr({ commits: [commit('Fix', by('Robo', 'ROBO@corp.example'))] })).signals.map((s) => s.kind)).toEqual(['commit_author']);
    expect(run(options, pr({ body: 'Done.\n\nRobo session: https://robo.corp.example/s/abc' })).signals.map((s) => s.kind)).toEqual(['body']);
    expect(run(options, withCommits('robo: fix')).signals.map((s) => s.kind)).toEqual(['commit_subject']);
    expect(run(options, withCommits('Fix the robo: thing', 'Talk to robo@corp.example')).ai_assisted).toBe(false);
  });
});

// ---------------------------------------------------------------- hostile input

describe('hostile input within GitHub limits', () => {
  const CLAUDE_TRAILER = 'Co-Authored-By: Claude <noreply@anthropic.com>';
  const fill = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

  it('reads the shapes that froze the service and still finds markers after them', () => {
    // Each of these once took seconds (quadratic backtracking); see scripts/bench/detection.mjs for time.
    const shapes = [fill('\n', 65_000), `Fix\n\n${fill('Co-authored-by: x <a@a@', 36_000)}`, `Fix\n\nCo-authored-by: x <${fill('a@', 60_000)}`, fill(' \n', 60_000), fill('<pre ', 60_000)];
    for (const junk of shapes) {
      expect(detect(pr({ body: junk, commits: [commit(junk)] }), DEFAULTS).ai_assisted).toBe(false);
      const marked = detect(pr({ body: `${junk}\n\n${CLAUDE_FOOTER}` }), DEFAULTS);
      expect(marked.signals.map((s) => s.tool)).toEqual(['Claude Code']);
    }
  });

  it('reads a pull request body to GitHub\'s limit and says what it cut', () => {
    const past = detect(pr({ body: `${fill('word ', 65_536)}\n\n${CLAUDE_FOOTER}` }), DEFAULTS);
    expect(past).toEqual({ ai_assisted: false, signals: [], cut: ['the pull request body after 65,536 characters'] });
    expect(detect(pr({ body: `${CLAUDE_FOOTER}\n\n${fill('word ', 70_000)}` }), DEFAULTS)).toMatchObject({ ai_assisted: true, cut: ['the pull request body after 65,536 characters'] });
    expect(detect(pr({ body: fill('word ', 65_536) }), DEFAULTS).cut).toBeUndefined();
  });

  it('keeps a long commit message\'s subject and trailer block, and names the cut', () => {
    const message = `aider: rework the parser\n\n${fill('All work and no play. ', 100_000)}\n\n${CLAUDE_TRAILER}`;
    const found = detect(pr({ commits: [commit(message)] }), DEFAULTS);
    expect(found.signals.map((s) => s.kind).sort()).toEqual(['commit_subject', 'trailer']);
    expect(found.cut).toEqual([expect.stringMatching(/^the middle of commit 0000001's message \(83,6\d\d of 100,0\d\d characters\)$/)]);
  });

  it('reads at most 250 commits and a 255-character branch, as GitHub does', () => {
    const many = Array.from({ length: 260 }, (_, i) => commit(i === 255 ? `Fix\n\n${CLAUDE_TRAILER}` : 'Fix', {}, i + 1));
    expect(detect(pr({ commits: many }), DEFAULTS)).toMatchObject({ ai_assisted: false, cut: ['commits after the first 250'] });
    expect(detect(pr({ branch: `copilot/${fill('x', 300)}` }), DEFAULTS)).toMatchObject({ ai_assisted: true, cut: ['the head branch name after 255 characters'] });
  });

  it('finds a co-author address only at the end of the value, well formed', () => {
    const trailer = (value: string) => detect(withCommits(`Fix\n\nCo-authored-by: ${value}`), DEFAULTS).ai_assisted;
    expect(trailer('Claude <noreply@anthropic.com>  ')).toBe(true);
    expect(trailer('Claude <noreply@anthropic.com> and friends')).toBe(false);
    expect(trailer('Claude <x <noreply@anthropic.com>')).toBe(true);
    expect(trailer('Claude <no reply@anthropic.com>')).toBe(false);
    expect(trailer('Claude <@anthropic.com>')).toBe(false);
    expect(trailer(`x <${fill('a@', 5_000)}`)).toBe(false);
  });

  it('does not take a paragraph of a thousand lines or more for a trailer block', () => {
    const lines = (n: number) => Array.from({ length: n }, (_, i) => `Key-${i}: value`).join('\n');
    expect(detect(withCommits(`Fix\n\n${lines(998)}\n${CLAUDE_TRAILER}`), DEFAULTS).ai_assisted).toBe(true);
    expect(detect(withCommits(`Fix\n\n${lines(1_000)}\n${CLAUDE_TRAILER}`), DEFAULTS).ai_assisted).toBe(false);
  });

  it('runs of blank or quoted lines still keep paragraphs apart', () => {
    // The trailer block is its own paragraph whether one or a thousand blank lines precede it.
    expect(detect(withCommits(`Fix\n\nSome prose.${fill(' \n', 2_000)}${CLAUDE_TRAILER}`), DEFAULTS).ai_assisted).toBe(true);
    expect(detect(pr({ body: `Prose.\n> a\n> b\n> c\n${CLAUDE_TRAILER}` }), DEFAULTS).ai_assisted).toBe(true);
    expect(detect(pr({ body: `Prose.\n<pre>a\nb</pre>\n${CLAUDE_TRAILER}` }), DEFAULTS).ai_assisted).toBe(true);
    expect(detect(pr({ body: `Prose.\n\n<pre>${CLAUDE_TRAILER}</pre>` }), DEFAULTS).ai_assisted).toBe(false);
  });
});
