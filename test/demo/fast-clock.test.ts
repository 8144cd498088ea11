import { afterEach, describe, expect, it, vi } from 'vitest';
import { FastClock, nextMondayAt } from '../../src/demo/fast-clock.js';

describe('the demo clock', () => {
  afterEach(() => { vi.useRealTimers(); });

  it.each([
    ['on a Sunday: the next day', '2026-11-22T12:00:00Z', '2026-11-23T07:58:00.000Z'],
    ['early on a Monday: the same morning', '2026-11-23T06:00:00Z', '2026-11-23T07:58:00.000Z'],
    ['later on a Monday: a week on', '2026-11-23T09:00:00Z', '2026-11-30T07:58:00.000Z'],
    ['in summer time: 08:58 is 06:58 UTC', '2026-07-01T12:00:00Z', '2026-07-06T06:58:00.000Z'],
  ])('starts on the coming Monday at 08:58 in Berlin, %s', (_, now, expected) => {
    expect(nextMondayAt(new Date(now), 'Europe/Berlin', { hour: 8, minute: 58 }).toISOString()).toBe(expected);
  });

  it('runs the given number of times faster than the wall clock', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-22T12:00:00Z'));
    const clock = new FastClock(new Date('2026-11-23T07:58:00Z'), 360);
    expect(clock.now().toISOString()).toBe('2026-11-23T07:58:00.000Z');
    vi.setSystemTime(new Date('2026-11-22T12:00:10Z'));
    expect(clock.now().toISOString()).toBe('2026-11-23T08:58:00.000Z');
  });

  it('held, stands at its start until released, then runs from there', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-22T12:00:00Z'));
    const clock = new FastClock(new Date('2026-11-23T07:58:00Z'), 360, { held: true });
    vi.setSystemTime(new Date('2026-11-22T12:00:10Z'));
    expect(clock.now().toISOString()).toBe('2026-11-23T07:58:00.000Z');
    clock.release();
    vi.setSystemTime(new Date('2026-11-22T12:00:11Z'));
    expect(clock.now().toISOString()).toBe('2026-11-23T08:04:00.000Z');
  });
});
