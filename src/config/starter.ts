/**
 * The commented starter config that `countersign init` writes. It must parse with
 * parseConfig once the variables it names are set (STARTER_ENV), and validate against
 * the JSON Schema as written; test/cli/init.test.ts and test/config/json-schema.test.ts
 * hold it to that.
 */

/** The environment variables the starter reads (`${VAR}` without a fallback). */
export const STARTER_ENV = ['GITHUB_WEBHOOK_SECRET', 'SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET'] as const;

/** Where the JSON Schema lives inside the Countersign package (and repository). */
export const SCHEMA_FILE = 'manifests/config/countersign.schema.json';

/** The body of the starter: every section, with the values most installations start from. */
export const STARTER_CONFIG = `# Countersign configuration, written by "countersign init". Edit it to fit your
# organisation, then check it with "countersign doctor".
#
# Every key may be left out; a key left out takes its default (most values below are
# the defaults). The full list is "Configuration reference" in the README.
#
# \${VAR} reads an environment variable when Countersign starts, so secrets stay out
# of this file; an unset variable stops start-up with its key named. \${VAR:-text}
# falls back to text; $\${ is a literal \${. As written, this file needs
# GITHUB_WEBHOOK_SECRET, SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET.
# These variables also win over the file when set: PORT, HOST, PUBLIC_URL,
# DATABASE_URL, GITHUB_APP_ID, GITHUB_PRIVATE_KEY, GITHUB_PRIVATE_KEY_PATH,
# GITHUB_WEBHOOK_SECRET, GITHUB_WEBHOOK_SECRET_PREVIOUS, GITHUB_API_URL, LOG_LEVEL,
# SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET, SLACK_APP_TOKEN, SLACK_API_URL.

log_level: info                    # fatal | error | warn | info | debug | trace | silent

server:
  port: 3000
  host: 127.0.0.1                  # 0.0.0.0 to accept connections from other hosts
  # public_url: https://countersign.example.com   # where GitHub and Slack reach this service

database:
  url: sqlite:./data/countersign.db   # or postgres://user:password@host:5432/countersign

github:
  # The GitHub App Countersign acts as ("countersign github-app create" registers one). Until
  # app_id and a private key are set, Countersign decides from what webhooks carry.
  # app_id: 123456
  # private_key_path: ./countersign.private-key.pem   # or private_key: (PEM text)
  webhook_secret: \${GITHUB_WEBHOOK_SECRET}           # as entered on the GitHub App settings page
  # previous_webhook_secret: \${GITHUB_WEBHOOK_SECRET_PREVIOUS}   # still accepted while rotating
  # api_url: https://github.example.com/api/v3       # GitHub Enterprise Server

detection:
  use_defaults: true               # the built-in rules (Copilot, Claude Code, Codex, Cursor, Devin, ...)
  disable: []                      # ids of built-in rules to turn off, e.g. [branch-codex]
  rules: []                        # your own rules; replace [] with a list such as:
  #   - { id: label-made-with-ai, kind: label, tool: declared by label, names: [made-with-ai] }
  #   - { id: our-agent, kind: author, tool: Internal agent, logins: ['acme-agent[bot]'] }
  #   - { id: our-trailer, kind: trailer, tool: Internal agent, keys: [Generated-by] }
  #   - { id: agent-branches, kind: branch, tool: Internal agent, prefixes: [agent/] }

teams:
  - name: payments                 # lower-case letters, digits, "-" and "_"; used in chat commands
    github_teams: [acme/payments]  # CODEOWNERS entries for @acme/payments map to this team
    seniors: [alice, bob]          # GitHub logins who may sign off (at least one)
    # seniors: [alice, '@acme/payments-seniors']  # or a GitHub team's members (needs the GitHub App; read every ten minutes)
    leads: [carol]                 # may override and snooze; told about merges without sign-off
    members: [dan]                 # CODEOWNERS entries for @dan map to this team too
    channels:
      slack: C0123456789           # where sign-off requests go: a channel ID, not its name
      # teams: '19:abc@thread.tacv2'   # a Microsoft Teams channel
    time_zone: Europe/Berlin       # an IANA name; working hours and the digest follow it
    working_days: [mon, tue, wed, thu, fri]
    working_hours: { start: '09:00', end: '17:00' }
    holidays: []                   # dates without working hours, e.g. ['2026-12-24', '2026-12-25']
    digest_cron: '0 9 * * 1-5'     # the daily digest of open requests, in time_zone
    accept_github_reviews: false   # true: a GitHub approval by an eligible senior counts as a sign-off
    assignment_cap: 5              # most open requests one senior carries at a time
    claim_window: 4h               # how long "I'm on it" pauses the reminders (working time)
    escalation:                    # "after" counts working time since the request went out
      steps:
        - { after: 4h, target: thread }                       # a reminder in the request's thread
        - { after: 8h, target: dm_assignee }                  # a direct message to the assigned senior
        - { after: 16h, target: dm_seniors, reassign: true }  # every senior; hand it to another one
        - { after: 24h, target: dm_leads }                    # the team's leads
        # - { after: 32h, target: escalation_channel }        # a post in escalation.channels
      repeat_last_every: 8h        # repeat the last step until someone acts
      # channels: { slack: C0987654321 }

ownership:
  use_codeowners: true             # CODEOWNERS decides first, through github_teams and members
  repos: {}                        # then whole repositories, e.g. { acme/billing: payments }
  fallback_team: payments          # then this team (null: a change nobody owns asks nobody)

risk:
  critical_paths: ['db/migrations/**', '.github/workflows/**']   # touching one makes a change high risk
  reviewable_lines: 400            # more changed lines than this is high risk; a quarter of it, medium
  reviewable_files: 40             # the same for changed files
  signoffs_required: { low: 1, medium: 1, high: 2 }   # distinct seniors per risk tier

people:                            # each person's chat identities; used to check who clicked
  - { github: alice, slack: U0123456781, email: alice@example.com }
  - { github: bob, slack: U0123456782 }
  - { github: carol, slack: U0123456783 }
  # - { github: dan, teams: 00000000-0000-0000-0000-000000000004, away_until: '2026-08-31' }   # teams: the Entra object id

slack:                             # leave out bot_token and signing_secret to run without Slack
  bot_token: \${SLACK_BOT_TOKEN}    # xoxb-..., from "OAuth & Permissions"
  signing_secret: \${SLACK_SIGNING_SECRET}   # from "Basic Information"
  # app_token: \${SLACK_APP_TOKEN}  # xapp-...: Socket Mode, no public URL needed
  lookup_by_email: false           # link people not listed above by their verified Slack e-mail
  channel_interval_ms: 1000        # pause between posts to one channel
  request_timeout_ms: 10000

# microsoft_teams:                 # Microsoft Teams (see "Connecting Microsoft Teams" in the README)
#   app_id: \${MicrosoftAppId}       # the Azure Bot's Microsoft App ID
#   app_password: \${MicrosoftAppPassword}
#   tenant_id: \${MicrosoftAppTenantId}
#   lookup_by_email: false         # link people not listed above by the e-mail or UPN Teams reports

playground:                        # the local web chat at "/" (see "The local playground" in the README)
  enabled: auto                    # auto: only while neither Slack nor a GitHub App is configured; true | false
  # allow_remote: true             # serve it beyond 127.0.0.1; anyone with the token can act as anyone
  # access_token: \${COUNTERSIGN_PLAYGROUND_TOKEN}   # 24+ characters; default: generated and kept in ./data

gate:
  check_run: true                  # the "Countersign / senior sign-off" check run branch protection can require
  commit_status: false             # also mirror it as a commit status
  report_unassisted: true          # a passing check on pull requests without AI-assistance markers
  pr_comment: true                 # one comment on the pull request that tracks the sign-off

signoff:
  attestations:                    # a senior ticks every one to sign off
    - I read the whole diff
    - I understand this change well enough to explain it
    - Tests cover the behaviour it changes
  show_all_repositories: false     # true: /signoff answers about every repository
`;

/**
 * Where the schema is, for the first lines of the written file.
 * `modeline`: the schema's path relative to the written file, when it exists there
 * (a Countersign checkout, or a project with countersign in node_modules); it becomes
 * a yaml-language-server modeline. Otherwise `installed`: this installation's copy (an
 * absolute path, or null), named in a comment only, because an absolute or climbing
 * path would be wrong on every other machine the file is committed to.
 */
export interface StarterSchemaLocation {
  modeline: string | null;
  installed: string | null;
}

/** The whole starter file: how to get editor support for it, then STARTER_CONFIG. */
export function starterConfig({ modeline, installed }: StarterSchemaLocation): string {
  const header = modeline !== null
    ? [
        `# yaml-language-server: $schema=${modeline}`,
        '# The line above gives editors (the VS Code YAML extension, or any other that uses',
        '# yaml-language-server) completion and checks from Countersign\'s JSON Schema;',
        '# update the path if this file moves.',
      ]
    : [
        '# Editor completion and checks: Countersign ships a JSON Schema for this file,',
        `# ${SCHEMA_FILE} in the Countersign package${installed !== null ? ', here:' : '.'}`,
        ...(installed !== null ? [`#   ${installed}`] : []),
        '# With the VS Code YAML extension (or any other editor that uses yaml-language-server),',
        '# make this the first line:  # yaml-language-server: $schema=<path or URL of the schema>',
      ];
  return `${header.join('\n')}\n#\n${STARTER_CONFIG}`;
}
