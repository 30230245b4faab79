// src/time/wallclock: the one place that knows whether a local time exists once, never, or twice.
import { describe, expect, it } from 'vitest';
import { addDays, dayResolver, daysInMonth, isoWeekday, resolveWallTime } from '../../src/time/wallclock.js';

const iso = (t: number) => new Date(t).toISOString().replace('.000Z', 'Z');
const show = (w: ReturnType<typeof resolveWallTime>) =>
  w === null
    ? null
    : w.kind === 'exact'
      ? `exact ${iso(w.t)}`
      : w.kind === 'gap'
        ? `gap, after ${iso(w.after)}`
        : `fold ${iso(w.earlier)} / ${iso(w.later)}`;

describe('resolveWallTime', () => {
  it.each([
    ['Europe/Berlin', '2026-03-29 02:30', 'gap, after 2026-03-29T01:00:00Z'],
    ['Europe/Berlin', '2026-03-29 03:00', 'exact 2026-03-29T01:00:00Z'],
    ['Europe/Berlin', '2026-10-25 02:30', 'fold 2026-10-25T00:30:00Z / 2026-10-25T01:30:00Z'],
    ['Europe/Berlin', '2026-10-25 03:00', 'exact 2026-10-25T02:00:00Z'],
    ['America/New_York', '2026-03-08 02:00', 'gap, after 2026-03-08T07:00:00Z'],
    ['America/New_York', '2026-11-01 01:59', 'fold 2026-11-01T05:59:00Z / 2026-11-01T06:59:00Z'],
    // Lord Howe Island shifts by 30 minutes (02:00 → 02:30 in October, 02:00 → 01:30 in April).
    ['Australia/Lord_Howe', '2026-10-04 02:15', 'gap, after 2026-10-03T15:30:00Z'],
    ['Australia/Lord_Howe', '2026-04-05 01:45', 'fold 2026-04-04T14:45:00Z / 2026-04-04T15:15:00Z'],
    ['UTC', '2026-02-30 00:00', null],
  ])('%s %s', (zone, text, want) => {
    const [d, t] = text.split(' ') as [string, string];
    const [y, m, day] = d.split('-').map(Number) as [number, number, number];
    const [h, mi] = t.split(':').map(Number) as [number, number];
    expect(show(resolveWallTime(zone, { year: y, month: m, day }, h, mi))).toBe(want);
  });
});

describe('calendar arithmetic', () => {
  it('adds days across months and leap years', () => {
    expect(addDays({ year: 2028, month: 2, day: 28 }, 1)).toEqual({ year: 2028, month: 2, day: 29 });
    expect(addDays({ year: 2026, month: 12, day: 31 }, 1)).toEqual({ year: 2027, month: 1, day: 1 });
  });
  it('weekday and month length', () => {
    expect(isoWeekday({ year: 2026, month: 11, day: 22 })).toBe(7); // a Sunday
    expect(daysInMonth(2026, 2)).toBe(28);
  });
});

describe('dayResolver agrees with resolveWallTime on transition days', () => {
  it.each([
    ['Europe/Berlin', 2026, 3, 29],
    ['Europe/Berlin', 2026, 10, 25],
    ['America/New_York', 2026, 3, 8],
    ['America/New_York', 2026, 11, 1],
    ['Australia/Lord_Howe', 2026, 10, 4],
    ['Australia/Lord_Howe', 2026, 4, 5],
    ['America/Sao_Paulo', 2018, 11, 4], // DST began at midnight: 00:00–00:59 did not exist
    ['Europe/Berlin', 2026, 11, 17],
  ])('%s %i-%i-%i', (zone, year, month, day) => {
    const d = { year, month, day };
    const r = dayResolver(zone, d);
    for (let h = 0; h < 24; h++)
      for (let m = 0; m < 60; m += 15) expect(r(h, m), `${h}:${m}`).toEqual(resolveWallTime(zone, d, h, m));
  });
});
