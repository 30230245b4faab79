// The alignment statistics and the recurrence detector. Synthetic records (test/diagnose/build.ts).
import { formatSecondOfDay } from '../../src/time/index.js';
import { describe, expect, it } from 'vitest';
import {
  alignmentStatistics,
  binomialTail,
  collectTriggers,
  confidenceFrom,
  failureWindow,
  findBursts,
  findRecurrence,
} from '../../src/correlate/index.js';
import { at, burst, daily, restart, rng, rotation } from '../diagnose/build.js';

const fw = failureWindow(null);

describe('binomialTail', () => {
  it.each([
    [10, 0, 0.3, 1],
    [1, 1, 0.1, 0.1],
    [10, 5, 0.5, 0.623046875],
    [6, 6, 0.01, 1e-12],
    [5, 6, 0.5, 0],
  ])('P(X >= k) for n=%i k=%i p=%f is %f', (n, k, p, want) => {
    expect(binomialTail(n, k, p)).toBeCloseTo(want, 10);
  });
});

describe('alignmentStatistics', () => {
  const days = daily('2026-11-12', 6, '06:25:03');
  const span = { start: at('2026-11-12T00:00:00'), end: at('2026-11-17T23:59:59') };

  it('finds six bursts after six daily restarts far beyond chance', () => {
    const triggers = collectTriggers(
      days.map((t) => restart(t)),
      [],
    );
    const bursts = findBursts(days.flatMap((t) => burst(t + 900, 3)));
    const s = alignmentStatistics(bursts, triggers, fw, span)!;
    expect(s.k).toBe(6);
    expect(s.n).toBe(6);
    expect(s.coverage).toBeLessThan(0.002);
    expect(s.p).toBeLessThan(0.01);
    expect(s.permutationP).toBeLessThanOrEqual(0.005); // (almost) no shift of 999 reproduces it
    expect(confidenceFrom(s)).toBeGreaterThan(0.95);
  });

  it('keeps known-chance cases low: random bursts against random restarts, 20 seeds', () => {
    const results = Array.from({ length: 20 }, (_, seed) => {
      const rand = rng(1000 + seed);
      const when = () => span.start + rand() * (span.end - span.start);
      // a deploy-heavy week: 100 reloads at random times, 60 bursts at random times
      const triggers = collectTriggers(
        Array.from({ length: 100 }, when)
          .sort((a, b) => a - b)
          .map((t) => restart(t)),
        [],
      );
      const bursts = findBursts(
        Array.from({ length: 60 }, when)
          .sort((a, b) => a - b)
          .flatMap((t) => burst(t, 1)),
        1,
      );
      return alignmentStatistics(bursts, triggers, fw, span)!;
    });
    expect(results.some((s) => s.k > 0)).toBe(true); // some do align by chance
    expect(results.filter((s) => s.p <= 0.05).length).toBeLessThanOrEqual(2);
    expect(Math.max(...results.map(confidenceFrom))).toBeLessThan(0.5);
  });

  it('caps the confidence of one aligned burst among many random ones', () => {
    const rand = rng(42);
    const triggers = collectTriggers(
      days.map((t) => restart(t)),
      [],
    );
    const starts = Array.from({ length: 40 }, () => span.start + rand() * (span.end - span.start));
    starts[0] = days[2]! + 5000;
    const s = alignmentStatistics(
      findBursts(
        starts.sort((a, b) => a - b).flatMap((t) => burst(t, 1)),
        1,
      ),
      triggers,
      fw,
      span,
    )!;
    expect(s.k).toBe(1);
    expect(confidenceFrom(s)).toBeLessThanOrEqual(0.75);
  });

  it('does not call dense triggers significant: hourly rotation windows cover much of the time', () => {
    const rand = rng(7);
    const hourly = Array.from({ length: 6 * 24 }, (_, h) =>
      rotation(span.start + h * 3_600_000, 10, 'graceful', 'likely', '0 * * * *'),
    );
    const starts = Array.from({ length: 12 }, () => span.start + rand() * (span.end - span.start));
    const s = alignmentStatistics(
      findBursts(
        starts.sort((a, b) => a - b).flatMap((t) => burst(t, 1)),
        1,
      ),
      collectTriggers([], hourly),
      fw,
      span,
    )!;
    expect(s.coverage).toBeGreaterThan(0.15);
    expect(s.p).toBeGreaterThan(0.05);
  });

  it('is reproducible (fixed seed) and null without triggers', () => {
    const triggers = collectTriggers(
      days.slice(0, 2).map((t) => restart(t)),
      [],
    );
    const bursts = findBursts([...burst(days[0]! + 500, 2), ...burst(at('2026-11-15T13:00:00'), 2)]);
    expect(alignmentStatistics(bursts, triggers, fw, span)).toEqual(alignmentStatistics(bursts, triggers, fw, span));
    expect(alignmentStatistics(bursts, [], fw, span)).toBeNull();
  });
});

describe('findRecurrence', () => {
  const span = { start: at('2026-11-12T00:00:00'), end: at('2026-11-17T23:59:59') };
  it('finds 5 of 6 days between 06:25 and 06:27', () => {
    const times = daily('2026-11-12', 6, '06:25:03').filter((_, i) => i !== 3);
    times[1] = at('2026-11-13T06:26:40');
    const r = findRecurrence(findBursts(times.flatMap((t) => burst(t, 2))), 'Europe/Berlin', span)!;
    expect([formatSecondOfDay(r.fromSecondOfDay), formatSecondOfDay(r.toSecondOfDay)]).toEqual(['06:25', '06:26']);
    expect(r).toMatchObject({
      days: 6,
      daysWithBurst: 5,
      fromSecondOfDay: 6 * 3600 + 25 * 60 + 3,
      matchesSchedule: null,
    });
  });
  it('stays at the same wall-clock time across the DST change (Europe/Berlin, 2026-03-29)', () => {
    const times = daily('2026-03-26', 7, '06:25:03');
    expect(new Set(times.map((t, i) => (i ? t - times[i - 1]! : 0))).has(23 * 3_600_000)).toBe(true);
    const r = findRecurrence(findBursts(times.flatMap((t) => burst(t, 2))), 'Europe/Berlin', {
      start: at('2026-03-26T00:00:00'),
      end: at('2026-04-01T23:00:00'),
    })!;
    expect(r.daysWithBurst).toBe(7);
    expect(r.toSecondOfDay - r.fromSecondOfDay).toBeLessThan(5);
  });
  it('matches the band against reload windows and not against other times', () => {
    const times = daily('2026-11-12', 6, '06:25:03');
    const bursts = findBursts(times.flatMap((t) => burst(t + 800, 2)));
    const cron = times.map((t) => rotation(t - 3000, 1));
    expect(findRecurrence(bursts, 'Europe/Berlin', span, cron)!.matchesSchedule).toBe(true);
    const midnight = daily('2026-11-12', 6, '00:00:00').map((t) =>
      rotation(t, 1, 'graceful', 'likely', 'systemd:daily'),
    );
    expect(findRecurrence(bursts, 'Europe/Berlin', span, midnight)!.matchesSchedule).toBe(false);
    expect(
      findRecurrence(
        bursts,
        'Europe/Berlin',
        span,
        cron.map((w) => ({ ...w, action: 'none' as const })),
      )!.matchesSchedule,
    ).toBeNull();
  });
  it('finds a band across midnight', () => {
    const times = [at('2026-11-12T23:59:30'), at('2026-11-14T00:00:20'), at('2026-11-15T23:59:50')];
    const r = findRecurrence(findBursts(times.flatMap((t) => burst(t, 1))), 'Europe/Berlin', span)!;
    expect(r.daysWithBurst).toBe(3);
    expect([formatSecondOfDay(r.fromSecondOfDay), formatSecondOfDay(r.toSecondOfDay)]).toEqual(['23:59', '00:00']);
  });
  it('finds no recurrence in a single burst, and only a weak one in random times', () => {
    expect(findRecurrence(findBursts(burst(at('2026-11-12T06:25:00'), 3)), 'Europe/Berlin', span)).toBeNull();
    const rand = rng(3);
    const starts = Array.from({ length: 6 }, () => span.start + rand() * (span.end - span.start)).sort((a, b) => a - b);
    const r = findRecurrence(
      findBursts(
        starts.flatMap((t) => burst(t, 1)),
        1,
      ),
      'Europe/Berlin',
      span,
    );
    expect(r === null || r.daysWithBurst <= 3).toBe(true);
    // 3 days at 06:25 among 8 days with bursts elsewhere: no recurrence
    const mixed = [
      ...daily('2026-11-12', 3, '06:25:00'),
      ...daily('2026-11-12', 6, '15:00:00').map((t, i) => t + i * 2 * 3_600_000),
    ];
    expect(
      findRecurrence(
        findBursts(
          mixed.sort((a, b) => a - b).flatMap((t) => burst(t, 1)),
          1,
        ),
        'Europe/Berlin',
        span,
      ),
    ).toBeNull();
  });
});
