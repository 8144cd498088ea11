import cron from 'node-cron';
import picomatch from 'picomatch';
import { z } from 'zod';
import { DEFAULT_EXPLANATION_HEADINGS } from '../domain/accountability/explanation.js';
import { DEFAULT_AGENT_MENTIONS } from '../domain/accountability/requester.js';

/**
 * The config file's schema. Objects are strict: an unknown key is a mistake
 * (a typo silently ignored is a policy silently not applied).
 */
export const DEFAULT_ATTESTATIONS = [
  'I read the whole diff',
  'I understand this change well enough to explain it',
  'Tests cover the behaviour it changes',
] as const;

const nonEmpty = z.string().trim().min(1, 'must not be empty');
const DEFAULT_HEADINGS_CONFIG = {
  what: [...DEFAULT_EXPLANATION_HEADINGS.what],
  verified: [...DEFAULT_EXPLANATION_HEADINGS.verified],
  risks: [...DEFAULT_EXPLANATION_HEADINGS.risks],
};
const login = nonEmpty.regex(/^[A-Za-z0-9](?:[A-Za-z0-9-]|\[bot\])*$/, 'must be a GitHub login such as "octocat"');
/** A login, or a GitHub team whose members count (`@org/team-slug`), read with the app's Members permission. */
const rosterEntry = nonEmpty.regex(/^(?:[A-Za-z0-9](?:[A-Za-z0-9-]|\[bot\])*|@[A-Za-z0-9][A-Za-z0-9-]*\/[A-Za-z0-9][A-Za-z0-9_.-]*)$/, 'must be a GitHub login such as "octocat" or a GitHub team such as "@acme/payments-seniors"');

const glob = nonEmpty.superRefine((value, ctx) => {
  try {
    picomatch.makeRe(value, { strictBrackets: true, dot: true });
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `is not a valid glob: ${(error as Error).message}` });
  }
});

const cronExpression = nonEmpty.refine((value) => cron.validate(value), {
  message: 'is not a valid cron expression (five or six fields, e.g. "0 9 * * 1-5")',
});

const timeZone = nonEmpty.refine((value) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}, { message: 'is not an IANA time zone such as "Europe/Berlin"' });

const regex = nonEmpty.superRefine((value, ctx) => {
  try {
    new RegExp(value, 'imu');
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `is not a valid regular expression: ${(error as Error).message}` });
  }
});

const ruleBase = { id: nonEmpty, tool: nonEmpty };
const detectionRule = z.discriminatedUnion('kind', [
  z.strictObject({ ...ruleBase, kind: z.literal('label'), names: z.array(nonEmpty).min(1) }),
  z.strictObject({ ...ruleBase, kind: z.literal('author'), logins: z.array(nonEmpty).min(1) }),
  z.strictObject({
    ...ruleBase, kind: z.literal('commit_author'),
    logins: z.array(nonEmpty).optional(), emails: z.array(nonEmpty).optional(), name_suffixes: z.array(nonEmpty).optional(),
  }),
  z.strictObject({
    ...ruleBase, kind: z.literal('trailer'), keys: z.array(nonEmpty).min(1),
    emails: z.array(nonEmpty).optional(), values: z.array(nonEmpty).optional(), tool_from_value: z.boolean().optional(),
  }),
  z.strictObject({ ...ruleBase, kind: z.literal('body'), pattern: regex }),
  z.strictObject({ ...ruleBase, kind: z.literal('checkbox'), pattern: regex }),
  z.strictObject({ ...ruleBase, kind: z.literal('commit_subject'), pattern: regex }),
  z.strictObject({ ...ruleBase, kind: z.literal('branch'), prefixes: z.array(nonEmpty).min(1).optional(), pattern: regex.optional() })
    .refine((r) => r.prefixes !== undefined || r.pattern !== undefined, { message: 'a branch rule needs prefixes or a pattern' }),
]);

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const clockTime = nonEmpty.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time such as "09:00"');
/** Business time: "4h", "30m", "1h30m". */
const businessDuration = nonEmpty.regex(/^(?:(\d+)h)?(?:(\d+)m)?$/, 'must be a duration in working hours such as "4h", "30m" or "1h30m"')
  .refine((v) => v !== '' && v !== '0h' && v !== '0m', 'must be longer than zero');
const escalationStep = z.strictObject({
  after: businessDuration,
  target: z.enum(['thread', 'dm_assignee', 'dm_seniors', 'dm_leads', 'escalation_channel']),
  /** Hand the change to another senior when the assignee has not acted by now. */
  reassign: z.boolean().default(false),
});
const DEFAULT_LADDER = {
  steps: [
    { after: '4h', target: 'thread' as const, reassign: false },
    { after: '8h', target: 'dm_assignee' as const, reassign: false },
    { after: '16h', target: 'dm_seniors' as const, reassign: true },
    { after: '24h', target: 'dm_leads' as const, reassign: false },
  ],
  channels: {},
};

const team = z.strictObject({
  name: nonEmpty.regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, "-" or "_" (it is used in commands)'),
  github_teams: z.array(nonEmpty.transform((s) => s.replace(/^@/, ''))).default([]),
  channels: z.strictObject({ slack: nonEmpty.optional(), teams: nonEmpty.optional() }).default({}),
  seniors: z.array(rosterEntry).min(1, 'needs at least one senior who may sign off'),
  leads: z.array(rosterEntry).default([]),
  members: z.array(rosterEntry).default([]),
  time_zone: timeZone.default('UTC'),
  digest_cron: cronExpression.default('0 9 * * 1-5'),
  /** A GitHub review approval by an eligible senior counts as a sign-off ("via GitHub review"). */
  accept_github_reviews: z.boolean().default(false),
  working_days: z.array(z.enum(WEEKDAYS)).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']),
  working_hours: z.strictObject({ start: clockTime, end: clockTime }).refine((h) => h.end > h.start, 'end must be after start').default({ start: '09:00', end: '17:00' }),
  holidays: z.array(nonEmpty.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as "2026-12-25"')).default([]),
  escalation: z.strictObject({
    steps: z.array(escalationStep).min(1),
    /** Repeat the last step this often (working hours) until someone acts. */
    repeat_last_every: businessDuration.optional(),
    /** Where `escalation_channel` steps post. */
    channels: z.strictObject({ slack: nonEmpty.optional(), teams: nonEmpty.optional() }).default({}),
  }).default(DEFAULT_LADDER),
  /** Most open assignments one senior carries at a time. */
  assignment_cap: z.number().int().min(1).default(5),
  /** How long (working time) an "I'm on it" claim pauses the ladder. */
  claim_window: businessDuration.default('4h'),
  /** The author's explanation before a senior signs: off, for high-risk changes only, or for all. */
  explanation: z.enum(['off', 'high', 'all']).default('off'),
});

const person = z.strictObject({
  github: login,
  /** Away (holiday, leave) until this date inclusive: not assigned, not chased. */
  away_until: nonEmpty.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as "2026-12-31"').optional(),
  slack: nonEmpty.optional(),
  teams: nonEmpty.optional(),
  email: z.email('must be an e-mail address').optional(),
});

/**
 * Where the Bot Framework's tokens come from and are checked. The defaults are
 * Microsoft's public cloud; sovereign clouds (and the tests' local stand-ins) set
 * their own. All four are always passed to botbuilder together: setting only some
 * of them makes it reject every valid token (see docs/teams.md).
 */
const BOT_FRAMEWORK_PUBLIC_CLOUD = {
  openid_metadata_url: 'https://login.botframework.com/v1/.well-known/openidconfiguration',
  token_issuer: 'https://api.botframework.com',
  login_url: 'https://login.microsoftonline.com',
  oauth_scope: 'https://api.botframework.com',
};
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an absolute http(s) URL' });

const MICROSOFT_TEAMS_DEFAULTS = {
  app_type: 'SingleTenant' as const, lookup_by_email: false, channel_interval_ms: 1000,
  auth: BOT_FRAMEWORK_PUBLIC_CLOUD,
};

const microsoftTeams = z.strictObject({
  /** The Azure Bot's Microsoft App ID (the Entra application's client id). Teams is off without it. */
  app_id: nonEmpty.optional(),
  /** The Entra application's client secret. */
  app_password: nonEmpty.optional(),
  /** The Entra directory (tenant) id the bot is registered in; required for SingleTenant. */
  tenant_id: nonEmpty.optional(),
  /** SingleTenant for new bots (Azure no longer creates multi-tenant bots). */
  app_type: z.enum(['SingleTenant', 'MultiTenant']).default('SingleTenant'),
  /** Map an unlisted Teams user to a person by the verified e-mail or UPN Teams reports for them. */
  lookup_by_email: z.boolean().default(false),
  /** Milliseconds between messages to one conversation (Teams allows about 7 a second per thread, 60 in 30 s). */
  channel_interval_ms: z.number().int().min(0).default(1000),
  auth: z.strictObject({
    /** OpenID metadata whose keys sign the tokens Teams sends to /api/messages. */
    openid_metadata_url: httpUrl.default(BOT_FRAMEWORK_PUBLIC_CLOUD.openid_metadata_url),
    /** The issuer those tokens must carry. */
    token_issuer: nonEmpty.default(BOT_FRAMEWORK_PUBLIC_CLOUD.token_issuer),
    /** The Entra login host the bot gets its own tokens from (the tenant id is appended). */
    login_url: z.url({ protocol: /^https$/, error: 'must be an https URL such as https://login.microsoftonline.com' }).default(BOT_FRAMEWORK_PUBLIC_CLOUD.login_url),
    /** The scope of the bot's own tokens (the Bot Connector service). */
    oauth_scope: nonEmpty.default(BOT_FRAMEWORK_PUBLIC_CLOUD.oauth_scope),
  }).default(BOT_FRAMEWORK_PUBLIC_CLOUD),
});

export const configSchema = z.strictObject({
  log_level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  server: z.strictObject({
    port: z.coerce.number().int().min(0).max(65535).default(3000),
    host: nonEmpty.default('127.0.0.1'),
    public_url: z.url('must be an absolute URL such as https://countersign.example.com').optional(),
  }).default({ port: 3000, host: '127.0.0.1' }),
  database: z.strictObject({
    url: nonEmpty.refine((u) => /^(sqlite:|postgres(ql)?:\/\/)/.test(u), {
      message: 'must start with "sqlite:" (a file path) or "postgres://"',
    }).default('sqlite:./data/countersign.db'),
  }).default({ url: 'sqlite:./data/countersign.db' }),
  github: z.strictObject({
    app_id: z.coerce.number().int().positive().optional(),
    private_key: nonEmpty.optional(),
    private_key_path: nonEmpty.optional(),
    webhook_secret: nonEmpty.optional(),
    previous_webhook_secret: nonEmpty.optional(),
    api_url: z.url('must be an absolute URL such as https://api.github.com').default('https://api.github.com'),
  }).default({ api_url: 'https://api.github.com' }),
  detection: z.strictObject({
    use_defaults: z.boolean().default(true),
    disable: z.array(nonEmpty).default([]),
    rules: z.array(detectionRule).default([]),
  }).default({ use_defaults: true, disable: [], rules: [] }),
  teams: z.array(team).default([]),
  ownership: z.strictObject({
    use_codeowners: z.boolean().default(true),
    repos: z.record(nonEmpty.regex(/^[^/\s]+\/[^/\s]+$/, 'must be "owner/repo"'), nonEmpty).default({}),
    fallback_team: nonEmpty.nullable().default(null),
  }).default({ use_codeowners: true, repos: {}, fallback_team: null }),
  risk: z.strictObject({
    critical_paths: z.array(glob).default([]),
    reviewable_lines: z.number().int().positive().default(400),
    reviewable_files: z.number().int().positive().default(40),
    signoffs_required: z.strictObject({
      low: z.number().int().min(1).default(1),
      medium: z.number().int().min(1).default(1),
      high: z.number().int().min(1).default(2),
    }).default({ low: 1, medium: 1, high: 2 }),
  }).default({ critical_paths: [], reviewable_lines: 400, reviewable_files: 40, signoffs_required: { low: 1, medium: 1, high: 2 } }),
  people: z.array(person).default([]),
  slack: z.strictObject({
    bot_token: nonEmpty.regex(/^xoxb-/, 'must be a bot token (xoxb-…), from "OAuth & Permissions"').optional(),
    signing_secret: nonEmpty.optional(),
    /** An app-level token (xapp-…) switches to Socket Mode: no public URL needed. */
    app_token: nonEmpty.regex(/^xapp-/, 'must be an app-level token (xapp-…) with connections:write').optional(),
    api_url: z.url().default('https://slack.com/api/'),
    /** Map an unlisted Slack user to a person by their verified Slack e-mail (users:read.email scope). */
    lookup_by_email: z.boolean().default(false),
    /** Milliseconds between messages to one channel (Slack allows about one per second). */
    channel_interval_ms: z.number().int().min(0).default(1000),
    /** How long one Web API call may take before it is abandoned and retried later. */
    request_timeout_ms: z.number().int().min(100).default(10_000),
  }).default({ api_url: 'https://slack.com/api/', lookup_by_email: false, channel_interval_ms: 1000, request_timeout_ms: 10_000 }),
  microsoft_teams: microsoftTeams.default(MICROSOFT_TEAMS_DEFAULTS),
  playground: z.strictObject({
    /**
     * The local playground at "/": a web page that is one of Countersign's chat platforms.
     * auto: on for a trial install (no Slack, no GitHub App), so a fresh clone shows
     * something; true/false: always/never.
     */
    enabled: z.union([z.literal('auto'), z.boolean()]).default('auto'),
    /** Serve it on a non-loopback server.host. Needs access_token: anyone who reaches the page can act as any configured person. */
    allow_remote: z.boolean().default(false),
    /** The token a browser presents (?token=… once; then a cookie). At least 24 characters; without it one is generated and kept beside the data. */
    access_token: nonEmpty.min(24, 'must be at least 24 characters (e.g. "openssl rand -hex 24")').optional(),
  }).default({ enabled: 'auto', allow_remote: false }),
  gate: z.strictObject({
    /** Report the `Countersign / senior sign-off` check run that branch protection can require. */
    check_run: z.boolean().default(true),
    /** Mirror it as a commit status (context "countersign/senior-sign-off"), for installations without checks. */
    commit_status: z.boolean().default(false),
    /** Give pull requests without AI-assistance markers a passing check saying so (false: report nothing). */
    report_unassisted: z.boolean().default(true),
    /** Keep one comment on the pull request that tracks the sign-off. */
    pr_comment: z.boolean().default(true),
  }).default({ check_run: true, commit_status: false, report_unassisted: true, pr_comment: true }),
  accountability: z.strictObject({
    /** Headings in the PR description that introduce each answer of the author's explanation (any one of each list). */
    explanation_headings: z.strictObject({
      what: z.array(nonEmpty.max(200)).min(1).default([...DEFAULT_EXPLANATION_HEADINGS.what]),
      verified: z.array(nonEmpty.max(200)).min(1).default([...DEFAULT_EXPLANATION_HEADINGS.verified]),
      risks: z.array(nonEmpty.max(200)).min(1).default([...DEFAULT_EXPLANATION_HEADINGS.risks]),
    }).default(DEFAULT_HEADINGS_CONFIG),
    /** Lines of your PR template that mean "not filled in yet" (besides comments, [brackets], TODO and the like). */
    explanation_placeholders: z.array(nonEmpty.max(500)).default([]),
    /** Handles that summon an agent in a comment (without @): the commenter asked the agent. */
    agent_mentions: z.array(nonEmpty.regex(/^[A-Za-z0-9-]+(\[bot\])?$/, 'must be a GitHub handle without @')).default([...DEFAULT_AGENT_MENTIONS]),
  }).default({ explanation_headings: DEFAULT_HEADINGS_CONFIG, explanation_placeholders: [], agent_mentions: [...DEFAULT_AGENT_MENTIONS] }),
  signoff: z.strictObject({
    /** Statements a senior ticks to sign off; every one is required. */
    attestations: z.array(nonEmpty.max(300)).min(1).default([...DEFAULT_ATTESTATIONS]),
    /** Answer /signoff queries about every repository, not only those the asker's teams own. */
    show_all_repositories: z.boolean().default(false),
  }).default({ attestations: [...DEFAULT_ATTESTATIONS], show_all_repositories: false }),
});


export type ConfigInput = z.input<typeof configSchema>;
export type ParsedConfig = z.output<typeof configSchema>;
export type TeamConfig = ParsedConfig['teams'][number];
