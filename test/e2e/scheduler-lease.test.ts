import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Scheduler, type ScheduledJob } from '../../src/jobs/scheduler.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { eventually } from '../support/slack-flow.js';

/**
 * Two replicas tick the same job. The first one's run outlasts the lease's first term
 * (the clock moves past it while the job is still working): its lease is renewed, so
 * the second replica does not start the same job beside it, and takes over only once
 * the first is done and has let go.
 */
const LEASE_MS = 300;
let app: TestApp;
beforeEach(async () => { app = await startTestApp(''); });
afterEach(async () => { await app.close(); });

/** A job that records each start and finishes when the test says so. */
function slowJob(starts: string[], holderName: string): ScheduledJob & { finish(): void } {
  let finish = () => {};
  return {
    name: 'slow-sweep',
    run: () => { starts.push(holderName); return new Promise<void>((resolve) => { finish = resolve; }); },
    finish: () => finish(),
  };
}

const leaseRow = () => app.ctx.store.db.selectFrom('leases').selectAll().where('name', '=', 'job:slow-sweep').executeTakeFirst();

describe('a scheduled job that outlives its lease', () => {
  it('keeps its lease renewed, so a second replica does not start the same job', async () => {
    const starts: string[] = [];
    const firstJob = slowJob(starts, 'first');
    const secondJob = slowJob(starts, 'second');
    const first = new Scheduler(app.ctx, app.clock, [firstJob], LEASE_MS);
    const second = new Scheduler(app.ctx, app.clock, [secondJob], LEASE_MS);

    const running = first.tick();
    await eventually(() => starts.length, (n) => n === 1);
    const firstTerm = (await leaseRow())!.expires_at;
    // Past the first term while the job still runs; the renewal moves the lease on from the new now.
    app.clock.advance(LEASE_MS * 2);
    const renewed = await eventually(leaseRow, (row) => row !== undefined && row.expires_at > app.clock.now().toISOString());
    expect(renewed!.holder).toBe(first.holder);
    expect(renewed!.expires_at > firstTerm).toBe(true);

    await second.tick();
    expect(starts).toEqual(['first']);

    firstJob.finish();
    await running;
    await first.stop(); // lets go of the lease
    const next = second.tick();
    await eventually(() => starts.length, (n) => n === 2);
    expect(starts).toEqual(['first', 'second']);
    secondJob.finish();
    await next;
    await second.stop();
  });
});
