import { createHash } from 'node:crypto';
import { pullRequestPayload } from './payloads.js';

/**
 * What `countersign demo` replays: one repository of the demo organisation, its pull
 * requests as GitHub's REST API would describe them (for the local GitHub double), and
 * the webhook deliveries that announce them. The AI markers are the ones real tools
 * write (see the default detection rules); the human and Dependabot pull requests show
 * what is deliberately not a marker. Everything is deterministic, so a demo run can be
 * compared with the last one.
 */

export interface DemoRepo {
  fullName: string;
  installationId: number;
  /** The text of `.github/CODEOWNERS` on the default branch. */
  codeowners: string;
}

export interface DemoCommit {
  sha: string;
  message: string;
  /** The GitHub account the author address belongs to, or null when it belongs to none. */
  authorLogin: string | null;
  authorName: string;
  authorEmail: string;
  /** The author when absent (a commit made on the author's machine). */
  committerLogin?: string | null;
  committerName?: string;
  committerEmail?: string;
}

export interface DemoFile {
  filename: string;
  status: 'added' | 'modified' | 'removed';
  additions: number;
  deletions: number;
  changes: number;
}

export interface DemoPull {
  number: number;
  title: string;
  author: string;
  headRef: string;
  /** The head after the last push the scenario replays; earlier heads are among `commits`. */
  headSha: string;
  baseRef: string;
  baseSha: string;
  /** Oldest first, as GitHub lists a pull request's commits. */
  commits: DemoCommit[];
  files: DemoFile[];
}

export interface DemoDelivery {
  event: string;
  /** The `X-GitHub-Delivery` id. */
  id: string;
  payload: Record<string, unknown>;
  /** One line saying what the delivery shows, for the demo to print. */
  caption: string;
}

export interface DemoScenario {
  repo: DemoRepo;
  pulls: DemoPull[];
  deliveries: DemoDelivery[];
}

const REPO: DemoRepo = {
  fullName: 'acme/storefront',
  installationId: 4242,
  codeowners: [
    '# Who reviews what in acme/storefront. The last matching line wins.',
    '/payments/  @acme/payments',
    '/platform/  @acme/platform',
    '/infra/     @acme/platform',
    '',
  ].join('\n'),
};
const BASE = { ref: 'main', sha: shaOf('acme/storefront main') };

/** A stable, commit-shaped SHA for a name. */
function shaOf(name: string): string {
  return createHash('sha1').update(name).digest('hex');
}

/** Someone at Acme, committing from their own machine. */
const human = (login: string, name: string) => ({ authorLogin: login, authorName: name, authorEmail: `${login}@acme.example` });

const CLAUDE_FOOTER = '🤖 Generated with [Claude Code](https://claude.com/claude-code)';
const CLAUDE_TRAILER = 'Co-Authored-By: Claude Opus 4.5 <noreply@anthropic.com>';

interface PullSpec {
  number: number;
  title: string;
  author: string;
  authorType?: string;
  branch: string;
  body: string;
  labels?: string[];
  commits: Omit<DemoCommit, 'sha'>[];
  files: [filename: string, status: DemoFile['status'], additions: number, deletions: number][];
}

function pullOf(spec: PullSpec): DemoPull {
  return {
    number: spec.number,
    title: spec.title,
    author: spec.author,
    headRef: spec.branch,
    headSha: shaOf(`storefront#${spec.number} commit ${spec.commits.length}`),
    baseRef: BASE.ref,
    baseSha: BASE.sha,
    commits: spec.commits.map((c, i) => ({ ...c, sha: shaOf(`storefront#${spec.number} commit ${i + 1}`) })),
    files: spec.files.map(([filename, status, additions, deletions]) => ({ filename, status, additions, deletions, changes: additions + deletions })),
  };
}

/**
 * The payload GitHub would send for `pull` in `action`, at `head` (the pull's last head by
 * default): a real example payload with this scenario's repository, people and markers.
 */
function deliveryOf(spec: PullSpec, pull: DemoPull, action: string, head = pull.headSha): Record<string, unknown> {
  const upTo = pull.commits.findIndex((c) => c.sha === head) + 1;
  const payload = pullRequestPayload(action, {
    repo: REPO.fullName, number: pull.number, author: spec.author, authorType: spec.authorType ?? 'User',
    branch: pull.headRef, sha: head, title: pull.title, body: spec.body, labels: spec.labels ?? [], draft: false,
    additions: pull.files.reduce((n, f) => n + f.additions, 0), deletions: pull.files.reduce((n, f) => n + f.deletions, 0),
    changedFiles: pull.files.length, installationId: REPO.installationId,
  });
  // The examples' base is Hello-World's master; the double serves CODEOWNERS at this scenario's base.
  payload.pull_request.base = { ...payload.pull_request.base, ref: pull.baseRef, sha: pull.baseSha };
  payload.pull_request.commits = upTo;
  payload.sender = { ...payload.sender, login: spec.author, type: spec.authorType ?? 'User' };
  return payload;
}

const SPECS: (PullSpec & { caption: string })[] = [
  {
    caption: 'Claude Code footer in the body and a Co-Authored-By: Claude trailer in the commits',
    number: 101, title: 'Make refunds idempotent with an Idempotency-Key header', author: 'dan', branch: 'dan/refund-idempotency',
    body: 'Retries from the mobile app could refund an order twice. Refunds now take an `Idempotency-Key` header and replay the first answer for 24 hours.\n\n## Test plan\n- [x] replayed and conflicting keys are unit tested\n\n' + CLAUDE_FOOTER,
    commits: [
      { ...human('dan', 'Dan Okafor'), message: `Add idempotency keys to the refund endpoint\n\nStore the first answer per key for 24 hours and replay it.\n\n${CLAUDE_FOOTER}\n\n${CLAUDE_TRAILER}` },
      { ...human('dan', 'Dan Okafor'), message: `Reject a reused key that comes with a different body\n\n${CLAUDE_FOOTER}\n\n${CLAUDE_TRAILER}` },
    ],
    files: [['payments/refunds/idempotency.ts', 'added', 84, 0], ['payments/refunds/handler.ts', 'modified', 22, 6], ['payments/refunds/idempotency.test.ts', 'added', 61, 0]],
  },
  {
    caption: 'GitHub Copilot coding agent: opened by Copilot on a copilot/ branch, commits by copilot-swe-agent[bot]',
    number: 102, title: 'Send Retry-After with 429 answers from the rate limiter', author: 'Copilot', authorType: 'Bot', branch: 'copilot/fix-412',
    body: [
      'The rate limiter answered 429 without telling clients when to come back, so the mobile app retried at once.',
      '', 'Changes:', '- compute the seconds until the bucket refills and send them as `Retry-After`', '- test the header for a full and a partly refilled bucket',
      '', 'Fixes #412.', '', '<!-- START COPILOT CODING AGENT SUFFIX -->', '', '<details>', '', '<summary>Original prompt</summary>', '',
      '> Rate-limited answers should carry Retry-After', '', '</details>', '', '<!-- START COPILOT CODING AGENT TIPS -->', '---', '',
      "💬 We'd love your input! Share your thoughts on Copilot coding agent in our [2 minute survey](https://gh.io/copilot-coding-agent-survey).",
    ].join('\n'),
    commits: [
      { authorLogin: 'Copilot', authorName: 'copilot-swe-agent[bot]', authorEmail: '198982749+Copilot@users.noreply.github.com', message: 'Initial plan' },
      {
        authorLogin: 'Copilot', authorName: 'copilot-swe-agent[bot]', authorEmail: '198982749+Copilot@users.noreply.github.com',
        message: 'Send Retry-After with 429 answers\n\nCo-authored-by: lena <5551234+lena@users.noreply.github.com>',
      },
    ],
    files: [['platform/ratelimit/limiter.ts', 'modified', 18, 3], ['platform/ratelimit/limiter.test.ts', 'modified', 27, 0]],
  },
  {
    caption: 'OpenAI Codex cloud task: codex/ branch and a chatgpt.com/codex task link in the body',
    number: 103, title: 'Give the storefront readiness probe a timeout', author: 'omar', branch: 'codex/readiness-probe-timeout',
    body: '## Summary\n- give the readiness probe a 2 s timeout and three failures before the pod leaves the service\n- document the probe settings\n\n## Testing\n- ✅ `kubectl apply --dry-run=server -f infra/k8s/storefront.yaml`\n\n------\nhttps://chatgpt.com/codex/tasks/task_e_68c1f2a3b4d58191a2b3c4d5e6f70819',
    commits: [{ ...human('omar', 'Omar Haddad'), message: 'Add a timeout to the readiness probe' }],
    files: [['infra/k8s/storefront.yaml', 'modified', 6, 1], ['infra/k8s/README.md', 'modified', 9, 0]],
  },
  {
    caption: 'Cursor: a Co-authored-by: Cursor Agent trailer, only in the commits',
    number: 104, title: 'Round ledger amounts half-to-even', author: 'yuki', branch: 'yuki/ledger-rounding',
    body: 'Ledger totals drifted by a cent on split payments. Amounts now round half-to-even, as the bank rounds them.',
    commits: [{ ...human('yuki', 'Yuki Tanaka'), message: 'Round ledger amounts half-to-even\n\nCo-authored-by: Cursor Agent <cursoragent@cursor.com>' }],
    files: [['payments/ledger/rounding.ts', 'modified', 14, 9], ['payments/ledger/rounding.test.ts', 'modified', 40, 2]],
  },
  {
    caption: 'Declared by its author with the ai-assisted label',
    number: 105, title: 'Warm the product cache after a deploy', author: 'lena', branch: 'lena/cache-warmup', labels: ['ai-assisted', 'performance'],
    body: "Warms the 500 most viewed products after a deploy, so the first visitors don't pay for a cold cache.",
    commits: [{ ...human('lena', 'Lena Vogel'), message: 'Warm the product cache after a deploy' }],
    files: [['platform/cache/warmup.ts', 'added', 73, 0], ['platform/cache/index.ts', 'modified', 4, 1]],
  },
  {
    caption: 'Written by hand: a human co-author and a "text cursor" in the prose are not AI markers',
    number: 106, title: 'Show net prices in the VAT note for business customers', author: 'dan', branch: 'dan/vat-note',
    body: 'Business customers pay net, but the VAT note said "incl. VAT". Also keeps the text cursor in the amount field after an error. Paired with Yuki.',
    commits: [{ ...human('dan', 'Dan Okafor'), message: 'Show net prices in the VAT note for business customers\n\nCo-authored-by: Yuki Tanaka <yuki@acme.example>' }],
    files: [['payments/checkout/vat-note.ts', 'modified', 6, 2]],
  },
  {
    caption: 'Dependabot version bump: a bot, but not an AI tool',
    number: 107, title: 'Bump express from 4.21.1 to 4.21.2', author: 'dependabot[bot]', authorType: 'Bot', branch: 'dependabot/npm_and_yarn/express-4.21.2', labels: ['dependencies', 'javascript'],
    body: 'Bumps [express](https://github.com/expressjs/express) from 4.21.1 to 4.21.2.\n\nDependabot will resolve any conflicts with this PR as long as you don\'t alter it yourself.',
    commits: [{
      authorLogin: 'dependabot[bot]', authorName: 'dependabot[bot]', authorEmail: '49699333+dependabot[bot]@users.noreply.github.com',
      committerLogin: 'web-flow', committerName: 'GitHub', committerEmail: 'noreply@github.com',
      message: 'Bump express from 4.21.1 to 4.21.2\n\nBumps [express](https://github.com/expressjs/express) from 4.21.1 to 4.21.2.\n\n---\nupdated-dependencies:\n- dependency-name: express\n  dependency-type: direct:production\n  update-type: version-update:semver-patch\n...\n\nSigned-off-by: dependabot[bot] <support@github.com>',
    }],
    files: [['package.json', 'modified', 1, 1], ['package-lock.json', 'modified', 4, 4]],
  },
];

export function demoScenario(): DemoScenario {
  const pulls = SPECS.map(pullOf);
  const deliveries: DemoDelivery[] = SPECS.map((spec, i) => {
    // #101 is opened at its first commit; its second commit arrives as the push below.
    const head = spec.number === 101 ? pulls[i]!.commits[0]!.sha : pulls[i]!.headSha;
    return { event: 'pull_request', id: `demo-${i + 1}`, payload: deliveryOf(spec, pulls[i]!, 'opened', head), caption: spec.caption };
  });
  const pushed = deliveryOf(SPECS[0]!, pulls[0]!, 'synchronize');
  pushed.before = pulls[0]!.commits[0]!.sha;
  pushed.after = pulls[0]!.headSha;
  deliveries.push({
    event: 'pull_request', id: `demo-${deliveries.length + 1}`, payload: pushed,
    caption: 'A new push to #101: the request moves to the new head, and a sign-off must cover it',
  });
  return { repo: { ...REPO }, pulls, deliveries };
}
