import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_START, runDemo, type Demo } from '../../src/demo/run.js';
import { nextMondayAt } from '../../src/demo/fast-clock.js';
import { createLogger } from '../../src/logger.js';
import { ManualClock } from '../support/app.js';
import { openPlayground, textOf } from '../support/playground.js';

const dir = mkdtempSync(join(tmpdir(), 'countersign-demo-'));
const monday = nextMondayAt(new Date('2026-11-22T12:00:00Z'), 'Europe/Berlin', DEMO_START);
const clock = new ManualClock(monday);
const said: string[] = [];
let demo: Demo;

/** Until the worker has applied every delivery and the dispatcher has sent every side effect. */
async function settled(): Promise<void> {
  const db = demo.running.ctx.store.db;
  for (let i = 0; i < 400; i++) {
    const inbox = await db.selectFrom('inbox').select('id').where('state', '!=', 'done').execute();
    const outbox = await db.selectFrom('outbox').select('id').where('state', '=', 'pending').execute();
    if (inbox.length === 0 && outbox.length === 0) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the demo did not settle');
}

const conversation = async (name: string) => (await demo.running.ctx.store.db.selectFrom('local_messages').selectAll().where('conversation', '=', name).orderBy('id').execute())
  .map((m) => ({ kind: m.kind, body: JSON.parse(m.body) as Record<string, unknown> }));

describe('countersign demo', () => {
  beforeAll(async () => {
    demo = await runDemo({ cwd: dir, port: 0, fast: true, clock, pauseMs: 0, log: createLogger('silent'), say: (l) => said.push(l) });
    await demo.replayed;
    await settled();
  });
  afterAll(async () => {
    await demo?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts on a Monday morning in Berlin', () => {
    expect(monday.toISOString()).toBe('2026-11-23T07:58:00.000Z');
  });

  it('replays every delivery through the real, signed webhook endpoint', () => {
    const webhooks = said.filter((l) => l.startsWith('webhook '));
    expect(webhooks).toHaveLength(8);
    for (const line of webhooks) expect(line).toMatch(/→ 202: /);
  });

  it('asks the owning teams in the playground for the AI-assisted changes only', async () => {
    const changes = await demo.running.ctx.store.db.selectFrom('changes').select(['number', 'ai_assisted', 'status', 'owning_teams']).orderBy('number').execute();
    expect(changes.map((c) => [c.number, c.ai_assisted === 1, c.status])).toEqual([
      [101, true, 'awaiting'], [102, true, 'awaiting'], [103, true, 'awaiting'], [104, true, 'awaiting'], [105, true, 'awaiting'],
      [106, false, 'not_required'], [107, false, 'not_required'],
    ]);
    const requests = [...await conversation('payments'), ...await conversation('platform')].filter((m) => m.kind === 'review_request');
    expect(requests.map((r) => r.body.number).sort()).toEqual([101, 102, 103, 104, 105]);
  });

  it('reports the gate to the stand-in GitHub: waiting for the AI changes, passing for the rest', () => {
    const latest = new Map(demo.github.checkRuns().map((r) => [r.head_sha, r]));
    expect([...latest.values()].filter((r) => r.conclusion === 'success')).toHaveLength(2);
    expect([...latest.values()].filter((r) => r.status === 'in_progress')).toHaveLength(6);
    expect(said).toContain('GitHub ← comment updated on #101');
  });

  it('with the clock moved on, shows the digest, reminders and direct messages', async () => {
    clock.set('2026-11-23T08:05:00Z'); // 09:05 in Berlin: the digests are due
    await demo.running.scheduler.tick();
    await settled();
    const digest = (await conversation('payments')).find((m) => m.kind === 'digest');
    expect(digest?.body).toMatchObject({ team: 'payments', date: '2026-11-23' });

    clock.set('2026-11-23T10:05:00Z'); // 11:05: the one- and two-hour steps are due
    await demo.running.scheduler.tick();
    await settled();
    const payments = await conversation('payments');
    expect(payments.filter((m) => m.kind === 'thread_notice' && m.body.kind === 'escalated').length).toBeGreaterThanOrEqual(2);
    const priya = await conversation('@priya');
    expect(priya.map((m) => m.body.kind)).toEqual(['assigned', 'escalation']);

    const browser = await openPlayground(demo.running.playgroundUrl);
    const page = textOf((await browser.get({ channel: '@priya', as: 'priya' })).html);
    expect(page).toContain('Still waiting for sign-off');
  });
});

describe('countersign demo on its own fast clock', () => {
  const ownDir = mkdtempSync(join(tmpdir(), 'countersign-demo-fast-'));
  let fast: Demo;
  afterAll(async () => {
    await fast?.stop();
    rmSync(ownDir, { recursive: true, force: true });
  });

  it('posts the first morning digest after the pull requests, listing them as waiting', async () => {
    // Paced so that, were the clock running, 09:00 would pass while the pull requests arrive.
    fast = await runDemo({ cwd: ownDir, port: 0, fast: true, speed: 3600, pauseMs: 150, log: createLogger('silent'), say: () => {} });
    await fast.replayed;
    const db = fast.running.ctx.store.db;
    let messages: { kind: string; body: string }[] = [];
    for (let i = 0; i < 600 && !messages.some((m) => m.kind === 'digest'); i++) {
      await new Promise((r) => setTimeout(r, 50));
      messages = await db.selectFrom('local_messages').select(['kind', 'body']).where('conversation', '=', 'payments').orderBy('id').execute();
    }
    const kinds = messages.map((m) => m.kind);
    const digestAt = kinds.indexOf('digest');
    expect(digestAt).toBeGreaterThan(kinds.lastIndexOf('review_request'));
    const digest = JSON.parse(messages[digestAt]!.body) as { pending: unknown[] };
    expect(digest.pending.length).toBeGreaterThan(0);
  });
});
