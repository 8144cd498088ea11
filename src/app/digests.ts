import type { ConfiguredTeam } from '../config/load.js';
import type { Change } from '../domain/change.js';
import { buildDigest, digestWindowStart, DIGEST_LIST_ITEMS, type DigestChange, type DigestView } from '../domain/digest.js';
import { approvalsAt, type Decision } from '../domain/signoff-state.js';
import { findChange, signedOffSince, type Db } from '../store/changes.js';
import { teamQueues, type QueuedChange } from '../store/digest-queues.js';
import { placeUnplacedQueues } from '../store/queue-places.js';
import type { Store } from '../store/db.js';
import { openAssignments } from '../store/escalations.js';
import { claimJobRuns } from '../store/leases.js';
import { enqueue } from '../store/outbox.js';
import { decisionsForChanges } from '../store/signoffs.js';
import type { AppContext } from './context.js';
import { digestAccountability, type DigestAccountability } from './digest-accountability.js';
import { teamNamed } from './config-index.js';
import { chatDestinations } from './effects.js';
import { RUBBER_STAMP_SECONDS } from './queries.js';

/** The last day's facts every team's digest is cut from, read once for all teams. */
export interface DigestDay {
  signedByTeam: Map<string, DigestChange[]>;
  overrides: { change: DigestChange; by: string; reason: string; at: string; teams: string[] }[];
  merges: { change: DigestChange; at: string; teams: string[] }[];
  load: Map<string, number>;
  /** Reverts and incidents of the day, and the week's quality table, per team. */
  accountability: DigestAccountability;
}

/** One team's open queues as a digest lists them: the first few of each and the counts. */
interface TeamOpen {
  pending: DigestChange[];
  pendingTotal: number;
  changesRequested: DigestChange[];
  changesRequestedTotal: number;
}

/**
 * Build the digests of `teams` (each due today at `localDate`) and queue them, once per
 * team per day: the job-run row and the outbox rows are written in one transaction,
 * so a second replica, a restart or a repeated tick posts nothing twice. Returns the
 * names of the teams whose digests this call queued.
 */
export async function sendDigests(ctx: AppContext, due: readonly { team: ConfiguredTeam; localDate: string }[], holder: string, now: Date): Promise<string[]> {
  if (due.length === 0) return [];
  const day = await digestDay(ctx, now);
  // Every due team's queue in one set-based read (at most a few dozen rows a team).
  const open = await openQueues(ctx.store, due.map((d) => d.team.name));
  const at = now.toISOString();
  // Only names are kept: a thousand teams' views held to the end were megabytes for a log line.
  const queued: string[] = [];
  // A chunk of teams per transaction (not one each: 1,000 commits took seconds, issue 12);
  // each team's run row and outbox rows still commit together.
  for (let i = 0; i < due.length; i += DIGEST_CHUNK) {
    const chunk = due.slice(i, i + DIGEST_CHUNK).map(({ team, localDate }) => ({ team, job: `digest:${team.name}:${localDate}`, view: digestFor(ctx, day, open.get(team.name), team.name, localDate, now) }));
    const claimed = await ctx.store.db.transaction().execute(async (trx) => {
      const mine = await claimJobRuns(trx, chunk.map((d) => d.job), holder, at);
      await enqueue(trx, chunk.filter((d) => mine.has(d.job)).flatMap(({ team, job, view }) => chatDestinations(team, ctx.config).map(({ platform, channel }) => ({
        idempotency_key: `${job}:${platform}`, kind: 'digest.post', destination: platform, change_id: null,
        payload: { team: team.name, channel, digest: view },
      }))), at);
      return mine;
    });
    queued.push(...chunk.filter((d) => claimed.has(d.job)).map((d) => d.team.name));
    // SQLite's calls block the thread: let webhooks and Slack's start-up call through between chunks.
    await new Promise((resolve) => setImmediate(resolve));
  }
  return queued;
}

/** Teams whose digests are built and queued in one transaction. */
const DIGEST_CHUNK = 100;

/**
 * The digests of several teams: their open queues read set-based for all of them at
 * once (counts and the first few of each list), the rest from the shared day.
 */
export async function digestViews(ctx: AppContext, day: DigestDay, teams: readonly { team: string; localDate: string }[], now: Date): Promise<Map<string, DigestView>> {
  const open = await openQueues(ctx.store, teams.map((t) => t.team));
  return new Map(teams.map(({ team, localDate }) => [team, digestFor(ctx, day, open.get(team), team, localDate, now)]));
}

/** One team's digest from data already read (no I/O). */
function digestFor(ctx: AppContext, day: DigestDay, open: TeamOpen | undefined, team: string, localDate: string, now: Date): DigestView {
  const configured = teamNamed(ctx.policy, team);
  // The team's seniors' loads, looked up one by one (not the whole organisation's load filtered per team).
  const load = new Map<string, number>();
  for (const login of configured?.seniors.map((s) => s.toLowerCase()) ?? []) {
    const open = day.load.get(login);
    if (open !== undefined) load.set(login, open);
  }
  const quality = day.accountability.qualityByTeam.get(team);
  return buildDigest({
    team, now, localDate, timeZone: configured?.time_zone ?? 'UTC',
    pending: open?.pending ?? [], pendingTotal: open?.pendingTotal ?? 0,
    changesRequested: open?.changesRequested ?? [], changesRequestedTotal: open?.changesRequestedTotal ?? 0,
    signedSince: day.signedByTeam.get(team) ?? [],
    overrides: day.overrides.filter((o) => o.teams.includes(team)),
    mergedWithoutSignoff: day.merges.filter((m) => m.teams.includes(team)),
    rubberStampSeconds: RUBBER_STAMP_SECONDS,
    rubberStampMinLines: Math.ceil(ctx.policy.risk.reviewable_lines / 2),
    load,
    traced: day.accountability.tracedByTeam.get(team) ?? [],
    ...(quality ? { quality } : {}),
  });
}

/** The open queues of `teams`, with the approvals standing on the changes they list. */
async function openQueues(store: Store, teams: readonly string[]): Promise<Map<string, TeamOpen>> {
  const { db, flavor } = store;
  await placeUnplacedQueues(store);
  const { first, counts } = await teamQueues(db, flavor, teams, DIGEST_LIST_ITEMS);
  const decisions = await decisionsForChanges(db, [...new Set(first.map((c) => c.id))]);
  const byTeam = new Map<string, TeamOpen>();
  const of = (team: string) => byTeam.get(team) ?? byTeam.set(team, { pending: [], pendingTotal: 0, changesRequested: [], changesRequestedTotal: 0 }).get(team)!;
  for (const c of counts) {
    if (c.status === 'awaiting') of(c.team).pendingTotal = c.n;
    else of(c.team).changesRequestedTotal = c.n;
  }
  for (const c of first) (c.status === 'awaiting' ? of(c.team).pending : of(c.team).changesRequested).push(digestChange(c, decisions.get(c.id) ?? []));
  return byTeam;
}

type DecisionRow = { reviewer: string; head_sha: string; decision: Decision; order: number; at: string; form_opened_at: string | null };

/** The standing approvals at the head, each with when it was given. */
function approvalsOf(decisions: readonly DecisionRow[], headSha: string): DigestChange['approvals'] {
  if (decisions.length === 0) return [];
  return approvalsAt(decisions, headSha).map((r) => decisions.findLast((d) => d.reviewer.toLowerCase() === r && d.head_sha === headSha)!).map((d) => ({ reviewer: d.reviewer, at: d.at, formOpenedAt: d.form_opened_at }));
}

function digestChange(c: QueuedChange | Change, decisions: readonly DecisionRow[]): DigestChange {
  return {
    changeId: c.id, repo: c.repo, number: c.number, title: c.title, url: c.url, author: c.author, riskTier: c.risk_tier as DigestChange['riskTier'], additions: c.additions, deletions: c.deletions,
    requestedAt: c.requested_at, assignee: 'assignee' in c ? c.assignee : null, approvals: approvalsOf(decisions, c.head_sha), status: c.status,
  };
}

/** What happened in the last day (sign-offs, overrides, merges without one) and each senior's load. */
export async function digestDay(ctx: AppContext, now: Date): Promise<DigestDay> {
  const db = ctx.store.db;
  const since = digestWindowStart(now).toISOString();
  const signed = await signedOffSince(db, since);
  const events = await db.selectFrom('audit_events').select(['action', 'actor', 'subject', 'at', 'details'])
    .where('at', '>=', since).where('action', 'in', ['overridden', 'merged_without_signoff']).orderBy('seq').execute();
  const eventChanges: (Change | null)[] = [];
  for (const e of events) {
    const [repo, number] = [e.subject.slice(0, e.subject.lastIndexOf('#')), Number(e.subject.slice(e.subject.lastIndexOf('#') + 1))];
    eventChanges.push(await findChange(db, repo, number)); // the subject is the change's own repo#number
  }
  const decisions = await decisionsForChanges(db, [...new Set([...signed, ...eventChanges.filter((c) => c !== null)].map((c) => c.id))]);
  const toDigest = (c: Change) => digestChange(c, decisions.get(c.id) ?? []);
  const overrides: DigestDay['overrides'] = [];
  const merges: DigestDay['merges'] = [];
  events.forEach((e, k) => {
    const change = eventChanges[k];
    if (!change) return;
    if (e.action === 'overridden') overrides.push({ change: toDigest(change), by: e.actor, reason: String((JSON.parse(e.details) as { note?: string }).note ?? ''), at: e.at, teams: change.owning_teams });
    else merges.push({ change: toDigest(change), at: e.at, teams: change.owning_teams });
  });
  const signedByTeam = new Map<string, DigestChange[]>();
  for (const c of signed) for (const t of c.owning_teams) (signedByTeam.get(t) ?? signedByTeam.set(t, []).get(t)!).push(toDigest(c));
  return { signedByTeam, overrides, merges, load: await openAssignments(db), accountability: await digestAccountability(db, since, now) };
}
