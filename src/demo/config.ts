/**
 * The countersign.yml `countersign demo` runs with. The wiring adds the database, server
 * and GitHub App settings (a throwaway database, the local GitHub double); everything
 * here is the policy the demo shows off. No team has a chat channel, so every request
 * goes to the local playground.
 */
export const DEMO_CONFIG = `# The demo configuration of "countersign demo": two teams of acme/storefront, no chat
# channels (requests go to the local playground). Not a template for a real install:
# "countersign init" writes one.

detection:
  use_defaults: true

teams:
  - name: payments
    github_teams: [acme/payments]
    seniors: [priya, marco]
    leads: [helena]
    members: [dan, yuki]
    time_zone: &zone Europe/Berlin
    working_days: &days [mon, tue, wed, thu, fri]
    working_hours: &hours { start: '09:00', end: '17:00' }
    digest_cron: &digest '0 9 * * 1-5'
    escalation: &ladder            # the same calendar and ladder for both teams (YAML anchors)
      steps:
        - { after: 1h, target: thread }                       # shorter than a real ladder, so the
        - { after: 2h, target: dm_assignee }                  # demo's fast clock shows every step
        - { after: 4h, target: dm_seniors, reassign: true }   # within a minute or two
        - { after: 6h, target: dm_leads }
      repeat_last_every: 4h

  - name: platform
    github_teams: [acme/platform]
    seniors: [sofia, tomasz]
    leads: [kenji]
    members: [lena, omar]
    time_zone: *zone
    working_days: *days
    working_hours: *hours
    digest_cron: *digest
    escalation: *ladder

playground:
  enabled: true                    # the demo has a GitHub App (the stand-in), which would turn "auto" off

ownership:
  use_codeowners: true             # acme/storefront's CODEOWNERS names @acme/payments and @acme/platform
  fallback_team: platform          # files no CODEOWNERS line owns (package.json, docs)

risk:
  critical_paths: ['payments/ledger/**', 'infra/**', 'db/migrations/**']
  reviewable_lines: 400
  reviewable_files: 40
  signoffs_required: { low: 1, medium: 1, high: 2 }

people:
  - { github: priya }
  - { github: marco }
  - { github: helena }
  - { github: dan }
  - { github: yuki }
  - { github: sofia }
  - { github: tomasz }
  - { github: kenji }
  - { github: lena }
  - { github: omar }
`;
