/**
 * What to write for a setting, by its key (`key:type` where one key means different
 * things in different sections): a config error names the key path, says
 * what is wrong, and shows a line that would be right, so nobody has to translate
 * "expected array, received undefined" into YAML.
 */
const EXAMPLES: Record<string, string> = {
  name: 'name: payments',
  seniors: 'seniors: [octocat, hubot] (the GitHub logins of who may sign off)',
  leads: 'leads: [monalisa] (GitHub logins)',
  members: 'members: [octocat] (GitHub logins)',
  github_teams: 'github_teams: [acme/payments] (the org/team slugs CODEOWNERS names)',
  'github:string': 'github: octocat (a GitHub login)',
  'slack:string': 'slack: U0123ABCD (a Slack user or channel id)',
  'teams:string': 'teams: 19:abc@thread.tacv2 (a Microsoft Teams id)',
  'teams:array': 'teams: [{ name: payments, seniors: [octocat] }]',
  steps: 'steps: [{ after: 4h, target: thread }, { after: 8h, target: dm_assignee }]',
  after: 'after: 4h (working hours; also 30m or 1h30m)',
  target: 'target: thread (or dm_assignee, dm_seniors, dm_leads, escalation_channel)',
  kind: 'kind: label (or author, commit_author, trailer, body, checkbox, commit_subject, branch)',
  id: 'id: label-our-ai-flag (unique among rules)',
  tool: 'tool: Claude Code (the name shown as evidence)',
  names: 'names: [ai-assisted] (label names)',
  logins: 'logins: [my-agent[bot]]',
  keys: 'keys: [Assisted-by] (trailer keys)',
  pattern: 'pattern: "Generated with \\\\[MyTool\\\\]" (a regular expression)',
  prefixes: 'prefixes: [agent/] (branch name prefixes)',
  start: 'start: "09:00"',
  end: 'end: "17:00"',
  time_zone: 'time_zone: Europe/Berlin',
  digest_cron: 'digest_cron: "0 9 * * 1-5"',
  port: 'port: 3000',
  'url:string': 'url: sqlite:./data/countersign.db (or postgres://user@host/db)',
  attestations: 'attestations: ["I read the whole diff"]',
};

const BY_TYPE: Record<string, (key: string) => string> = {
  array: (key) => `${key}: [first, second] (a list)`,
  string: (key) => `${key}: some-text`,
  number: (key) => `${key}: 10 (a number)`,
  boolean: (key) => `${key}: true (or false)`,
  object: (key) => `${key}: followed by indented settings`,
};

/** A line that would be right at this key, or null when there is nothing useful to show. */
export function exampleFor(key: string | undefined, expected: string | undefined): string | null {
  if (key === undefined || /^\d+$/.test(key)) return expected === 'object' ? 'a mapping of settings such as { name: payments, seniors: [octocat] }' : null;
  return EXAMPLES[`${key}:${expected}`] ?? EXAMPLES[key] ?? (expected ? BY_TYPE[expected]?.(key) ?? null : null);
}
