import type { ConfiguredTeam } from '../config/load.js';
import type { Change } from '../domain/change.js';
import { buildDigest, digestWindowStart, type DigestChange, type DigestView } from '../domain/digest.js';
import { approvalsAt, type Decision } from '../domain/signoff-state.js';
import { findChangeById, signedOffSince } from '../store/changes.js';
import { openAssignments } from '../store/escalations.js';
import { claimJobRuns } from '../store/leases.js';
import { enqueue } from '../store/outbox.js';
import { decisionsFor } from '../store/signoffs.js';
import type { AppContext } from './context.js';
import { digestAccountability, type DigestAccountability } from './digest-accountability.js';
import { chatDestinations } from './effects.js';
import { RUBBER_STAMP_SECONDS } from './queries.js';

/** The day's facts every team's digest is cut from, read once for all teams. */
interface DigestData {
  /** Open and recently signed changes, grouped by owning team once, not filtered per team. */
  openByTeam: Map<string, DigestChange[]>;
  signedByTeam: Map<string, DigestChange[]>;
  overrides: { change: DigestChange; by: string; reason: string; at: string; teams: string[] }[];
  merges: { change: DigestChange; at: string; teams: string[] }[];
  teamsOf: Map<number, string[]>;
  load: Map<string, number>;
  /** Reverts and incidents of the day, and the week's quality table, per team. */
  accountability: DigestAccountability;
}

/**
 * Build the digests of `teams` (each due today at `localDate`) and queue them, once per
 * team per day: the job-run row and the outbox rows are written in one transaction,
 * so a second replica, a restart or a repeated tick posts nothing twice. Returns the
 * names of the teams whose digests this call queued.
 */
export async function sendDigests(ctx: AppContext, due: readonly { team: ConfiguredTeam; localDate: string }[], holder: string, now: Date): Promise<string[]> {
  if (due.length === 0) return [];
  const data = await digestData(ctx, now);
  const at = now.toISOString();
  // Only names are kept: a thousand teams' views held to the end were megabytes for a log line.
  const queued: string[] = [];
  // A chunk of teams per transaction (not one each: 1,000 commits took seconds, issue 12);
  // each team's run row and outbox rows still commit together.
  for (let i = 0; i < due.length; i += DIGEST_CHUNK) {
    const chunk = due.slice(i, i + DIGEST_CHUNK).map(({ team, localDate }) => ({ team, job: `digest:${team.name}:${localDate}`, view: digestFor(ctx, data, team.name, localDate, now) }));
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

/** Teams whose digests are queued in one transaction. */
const DIGEST_CHUNK = 100;

/** One team's digest from the shared data (no I/O): also what the benchmark times. */
export function digestFor(ctx: AppContext, data: DigestData, team: string, localDate: string, now: Date): DigestView {
  const pending = data.openByTeam.get(team) ?? [];
  const configured = ctx.policy.teams.find((t) => t.name === team);
  const seniors = new Set(configured?.seniors.map((s) => s.toLowerCase()) ?? []);
  const quality = data.accountability.qualityByTeam.get(team);
  return buildDigest({
    team, now, localDate, timeZone: configured?.time_zone ?? 'UTC',
    pending: pending.filter((c) => c.status === 'awaiting'),
    changesRequested: pending.filter((c) => c.status === 'changes_requested'),
    signedSince: data.signedByTeam.get(team) ?? [],
    overrides: data.overrides.filter((o) => o.teams.includes(team)),
    mergedWithoutSignoff: data.merges.filter((m) => m.teams.includes(team)),
    rubberStampSeconds: RUBBER_STAMP_SECONDS,
    rubberStampMinLines: Math.ceil(ctx.policy.risk.reviewable_lines / 2),
    load: new Map([...data.load].filter(([login]) => seniors.has(login))),
    traced: data.accountability.tracedByTeam.get(team) ?? [],
    ...(quality ? { quality } : {}),
  });
}

export async function digestData(ctx: AppContext, now: Date): Promise<DigestData> {
  const db = ctx.store.db;
  const since = digestWindowStart(now).toISOString();
  const teamsOf = new Map<number, string[]>();
  // Every decision the digests need, in one query rather than one per change.
  const byChange = new Map<number, { reviewer: string; head_sha: string; decision: Decision; order: number; at: string; form_opened_at: string | null }[]>();
  const rows = await db.selectFrom('signoffs').select(['id', 'change_id', 'reviewer', 'head_sha', 'decision', 'at', 'form_opened_at'])
    .where((eb) => eb.or([eb('change_id', 'in', eb.selectFrom('changes').select('id').where('status', 'in', ['awaiting', 'changes_requested'])), eb('at', '>=', since)]))
    .orderBy('id').execute();
  for (const r of rows) (byChange.get(r.change_id) ?? byChange.set(r.change_id, []).get(r.change_id)!).push({ reviewer: r.reviewer, head_sha: r.head_sha, decision: r.decision, order: r.id, at: r.at, form_opened_at: r.form_opened_at });
  const toDigest = async (c: Change): Promise<DigestChange> => {
    teamsOf.set(c.id, c.owning_teams);
    // Open changes' decisions were all read above; a closed one may have older ones to fetch.
    const open = c.status === 'awaiting' || c.status === 'changes_requested';
    const decisions = byChange.get(c.id) ?? (open ? [] : await decisionsFor(db, c.id));
    const approvals = approvalsAt(decisions, c.head_sha).map((r) => decisions.findLast((d) => d.reviewer.toLowerCase() === r && d.head_sha === c.head_sha)!).map((d) => ({ reviewer: d.reviewer, at: d.at, formOpenedAt: d.form_opened_at }));
    return { changeId: c.id, repo: c.repo, number: c.number, title: c.title, url: c.url, author: c.author, riskTier: c.risk_tier, additions: c.additions, deletions: c.deletions, requestedAt: c.requested_at, assignee: null, approvals, status: c.status };
  };
  // The open changes are read lean (only what a digest shows): there can be a hundred thousand.
  // In id order, not request order: buildDigest orders each team's list itself, and
  // sorting all of them first cost a second at 100,000 (issue 12).
  const openRows = await db.selectFrom('changes')
    .select(['id', 'repo', 'number', 'title', 'url', 'author', 'risk_tier', 'additions', 'deletions', 'requested_at', 'status', 'head_sha', 'owning_teams', 'assignee'])
    .where('status', 'in', ['awaiting', 'changes_requested']).where('ai_assisted', '=', 1).orderBy('id').execute();
  const open = openRows.map((c): DigestChange => {
    teamsOf.set(c.id, JSON.parse(c.owning_teams) as string[]);
    const decisions = byChange.get(c.id) ?? [];
    const approvals = decisions.length === 0 ? [] : approvalsAt(decisions, c.head_sha).map((r) => decisions.findLast((d) => d.reviewer.toLowerCase() === r && d.head_sha === c.head_sha)!).map((d) => ({ reviewer: d.reviewer, at: d.at, formOpenedAt: d.form_opened_at }));
    return { changeId: c.id, repo: c.repo, number: c.number, title: c.title, url: c.url, author: c.author, riskTier: c.risk_tier as DigestChange['riskTier'], additions: c.additions, deletions: c.deletions, requestedAt: c.requested_at, assignee: c.assignee, approvals, status: c.status };
  });
  const signed = await Promise.all((await signedOffSince(db, since)).map(toDigest));
  const events = await db.selectFrom('audit_events').select(['action', 'actor', 'subject', 'at', 'details'])
    .where('at', '>=', since).where('action', 'in', ['overridden', 'merged_without_signoff']).orderBy('seq').execute();
  const overrides: DigestData['overrides'] = [];
  const merges: DigestData['merges'] = [];
  for (const e of events) {
    const [repo, number] = [e.subject.slice(0, e.subject.lastIndexOf('#')), Number(e.subject.slice(e.subject.lastIndexOf('#') + 1))];
    const row = await db.selectFrom('changes').select('id').where('repo', '=', repo).where('number', '=', number).executeTakeFirst();
    const change = row ? await findChangeById(db, row.id) : null;
    if (!change) continue;
    const digestChange = await toDigest(change);
    if (e.action === 'overridden') overrides.push({ change: digestChange, by: e.actor, reason: String((JSON.parse(e.details) as { note?: string }).note ?? ''), at: e.at, teams: change.owning_teams });
    else merges.push({ change: digestChange, at: e.at, teams: change.owning_teams });
  }
  const byTeam = (list: DigestChange[]) => {
    const map = new Map<string, DigestChange[]>();
    for (const c of list) for (const t of teamsOf.get(c.changeId) ?? []) (map.get(t) ?? map.set(t, []).get(t)!).push(c);
    return map;
  };
  return { openByTeam: byTeam(open), signedByTeam: byTeam(signed), overrides, merges, teamsOf, load: await openAssignments(db), accountability: await digestAccountability(db, since, now) };
}
