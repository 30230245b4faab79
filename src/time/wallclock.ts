// Wall-clock arithmetic for schedules (src/schedule): cron, anacron and systemd all work on
// local calendar fields, so they need to know, for a local date and time, whether it exists
// once, not at all (spring-forward gap) or twice (fall-back fold). Kept in src/time so that
// time zones stay handled in one place (style.md); added beside index.ts, additively.
import { DateTime, IANAZone } from 'luxon';
import type { Instant } from '../model.js';

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export interface LocalFields extends LocalDate {
  hour: number;
  minute: number;
  second: number;
  /** ISO weekday: 1 = Monday … 7 = Sunday */
  weekday: number;
  /** UTC offset in minutes */
  offset: number;
}

export function isValidZone(name: string): boolean {
  return name === 'UTC' || IANAZone.isValidZone(name);
}

export function localFields(t: Instant, zone: string): LocalFields {
  const d = DateTime.fromMillis(t, { zone });
  return {
    year: d.year,
    month: d.month,
    day: d.day,
    hour: d.hour,
    minute: d.minute,
    second: d.second,
    weekday: d.weekday,
    offset: d.offset,
  };
}

// Pure calendar arithmetic (no zone involved): proleptic Gregorian via Date.UTC.
export function addDays(d: LocalDate, n: number): LocalDate {
  const x = new Date(Date.UTC(d.year, d.month - 1, d.day + n));
  return { year: x.getUTCFullYear(), month: x.getUTCMonth() + 1, day: x.getUTCDate() };
}

export function firstOfNextMonth(d: LocalDate): LocalDate {
  return d.month === 12 ? { year: d.year + 1, month: 1, day: 1 } : { year: d.year, month: d.month + 1, day: 1 };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(d: LocalDate): number {
  const w = new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();
  return w === 0 ? 7 : w;
}

export function compareDates(a: LocalDate, b: LocalDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

export function formatDate(d: LocalDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

export type WallTime =
  /** the local time exists once */
  | { kind: 'exact'; t: Instant }
  /** the local time falls into a spring-forward gap; `after` is the first instant after the jump */
  | { kind: 'gap'; after: Instant }
  /** the local time occurs twice (fall back) */
  | { kind: 'fold'; earlier: Instant; later: Instant };

/**
 * Resolve a local date and time in a zone. Returns null for impossible dates (Feb 30).
 * Gap and fold detection compare the requested fields with what luxon produced: luxon moves a
 * gap time forward.
 */
export function resolveWallTime(zone: string, d: LocalDate, hour: number, minute: number, second = 0): WallTime | null {
  if (d.day > daysInMonth(d.year, d.month)) return null;
  const dt = DateTime.fromObject({ year: d.year, month: d.month, day: d.day, hour, minute, second }, { zone });
  if (!dt.isValid) return null;
  if (dt.hour !== hour || dt.minute !== minute || dt.day !== d.day) {
    // In a gap: the transition is the first instant whose offset is the new one. Offsets change
    // on minute boundaries in every zone in use; walk back at most a few hours.
    const newOffset = dt.offset;
    let t = Math.floor(dt.toMillis() / 60000) * 60000;
    for (let i = 0; i < 240 && DateTime.fromMillis(t - 60000, { zone }).offset === newOffset; i++) t -= 60000;
    return { kind: 'gap', after: t };
  }
  // luxon usually picks the later offset of a repeated time, but not always (Lord Howe's
  // 30-minute shift): look both ways.
  for (const m of [-60, -30, 30, 60]) {
    const alt = dt.plus({ minutes: m });
    if (alt.hour === hour && alt.minute === minute && alt.day === d.day) {
      const [earlier, later] = m < 0 ? [alt.toMillis(), dt.toMillis()] : [dt.toMillis(), alt.toMillis()];
      return { kind: 'fold', earlier, later };
    }
  }
  return { kind: 'exact', t: dt.toMillis() };
}

/** The first instant of a local day (midnight, or the end of a gap that swallows midnight). */
export function startOfLocalDay(zone: string, d: LocalDate): Instant {
  return DateTime.fromObject({ year: d.year, month: d.month, day: d.day }, { zone }).startOf('day').toMillis();
}

/** The local date of an instant. */
export function localDate(t: Instant, zone: string): LocalDate {
  const d = DateTime.fromMillis(t, { zone });
  return { year: d.year, month: d.month, day: d.day };
}

/**
 * A resolver for the wall times of one local day. On the (overwhelmingly common) days without
 * an offset change it is plain arithmetic; only transition days go through luxon per time.
 * Schedules ask for thousands of times per day (`*:0/5`, minutely), so this matters.
 */
export function dayResolver(
  zone: string,
  d: LocalDate,
): (hour: number, minute: number, second?: number) => WallTime | null {
  const start = startOfLocalDay(zone, d);
  const next = startOfLocalDay(zone, addDays(d, 1));
  const offset = DateTime.fromMillis(start, { zone }).offset;
  if (next - start === 86400e3 && DateTime.fromMillis(next - 1, { zone }).offset === offset) {
    const base = Date.UTC(d.year, d.month - 1, d.day) - offset * 60000;
    if (base === start) {
      return (hour, minute, second = 0) => ({ kind: 'exact', t: base + ((hour * 60 + minute) * 60 + second) * 1000 });
    }
  }
  // A transition day: find the instant T where the offset changes (offsets change on minute
  // boundaries), then place each wall time with the offset before and after T. One valid
  // placement = exact, two = fold, none = gap. Assumes one transition per day, as in every zone
  // in use; a second one falls back to luxon per time.
  const endOffset = DateTime.fromMillis(next - 1, { zone }).offset;
  const off = (t: Instant) => DateTime.fromMillis(t, { zone }).offset;
  let lo = Math.floor(start / 60000);
  let hi = Math.ceil((next - 1) / 60000);
  if (off(lo * 60000) !== offset || off(hi * 60000) === offset) {
    return (hour, minute, second = 0) => resolveWallTime(zone, d, hour, minute, second);
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (off(mid * 60000) === offset) lo = mid;
    else hi = mid;
  }
  const T = hi * 60000;
  const day0 = Date.UTC(d.year, d.month - 1, d.day);
  return (hour, minute, second = 0) => {
    const wall = day0 + ((hour * 60 + minute) * 60 + second) * 1000;
    const before = wall - offset * 60000;
    const after = wall - endOffset * 60000;
    const a = before < T;
    const b = after >= T;
    if (a && b) return { kind: 'fold', earlier: Math.min(before, after), later: Math.max(before, after) };
    if (a) return { kind: 'exact', t: before };
    if (b) return { kind: 'exact', t: after };
    return { kind: 'gap', after: T };
  };
}
