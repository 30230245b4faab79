// A recurring local time of day, from the bursts alone (issue 4, item 3): "5 of 6 days between
// 06:25 and 06:27". Wall-clock based through src/time, so a 06:25 cron job stays at 06:25
// across a DST change (cron and systemd schedule in local time).
import type { Burst, Instant, Recurrence, RotationWindow } from '../model.js';
import { localDay, localDaysBetween, secondsOfDay } from '../time/index.js';
import { spanOverBursts } from './bursts.js';

/** Widest time-of-day band still called "the same time": anacron's RANDOM_DELAY is up to 45 min (RHEL anacrontab), so 1 h. */
export const RECURRENCE_MAX_WIDTH_SECONDS = 3600;
const DAY = 86_400;

export interface RecurrenceOptions {
  maxWidthSeconds?: number;
  /** how long after a rotation window's end a burst still matches it (the failure window) */
  toleranceSeconds?: number;
}

/**
 * The time-of-day band (at most maxWidthSeconds wide) in which bursts start on the most distinct
 * local days; ties go to the narrower band. Null when fewer than 2 days, or fewer than 60 % of
 * the days that have bursts at all, have one in that band.
 * `matchesSchedule` compares the band with the rotation windows that reload Apache (null when
 * there are none).
 */
export function findRecurrence(
  bursts: readonly Burst[],
  zone: string,
  span: { start: Instant; end: Instant },
  rotations: readonly RotationWindow[] = [],
  options: RecurrenceOptions = {},
): Recurrence | null {
  if (bursts.length < 2) return null;
  const width = options.maxWidthSeconds ?? RECURRENCE_MAX_WIDTH_SECONDS;
  const { start: first, end: last } = spanOverBursts(span, bursts);
  const days = localDaysBetween(first, last, zone).length;
  // Days as small integers and a stamp array instead of a Set per band: months of logs with
  // thousands of bursts stay linear-ish.
  const dayIndex = new Map<string, number>();
  const pts = bursts
    .map((b) => {
      const day = localDay(b.start, zone);
      let d = dayIndex.get(day);
      if (d === undefined) dayIndex.set(day, (d = dayIndex.size));
      return { sod: secondsOfDay(b.start, zone), day: d };
    })
    .sort((a, b) => a.sod - b.sod);
  // Unroll the circle once so that a band may cross midnight.
  const ring = [...pts, ...pts.map((p) => ({ sod: p.sod + DAY, day: p.day }))];
  const stamp = new Int32Array(dayIndex.size).fill(-1);
  let best: { n: number; from: number; to: number } | null = null;
  for (let i = 0; i < pts.length; i++) {
    const from = ring[i]!.sod;
    let n = 0;
    let to = from;
    for (let j = i; j < i + pts.length; j++) {
      const p = ring[j]!;
      if (p.sod - from > width) break;
      if (stamp[p.day] !== i) {
        stamp[p.day] = i;
        n++;
      }
      to = p.sod;
    }
    if (best === null || n > best.n || (n === best.n && to - from < best.to - best.from)) best = { n, from, to };
  }
  // A band that only some of the burst days share is no recurrence: random times always put a
  // few days into some one-hour band. Most days with bursts (60 %) must share it.
  if (best === null || best.n < 2 || best.n < 0.6 * dayIndex.size) return null;
  const from = best.from % DAY;
  const to = best.to % DAY;
  return {
    days,
    daysWithBurst: best.n,
    fromSecondOfDay: Math.floor(from),
    toSecondOfDay: Math.ceil(to),
    matchesSchedule: matchSchedule(from, best.to - best.from, rotations, zone, options.toleranceSeconds ?? 0),
  };
}

function matchSchedule(
  from: number,
  length: number,
  rotations: readonly RotationWindow[],
  zone: string,
  tolerance: number,
): boolean | null {
  const reloads = rotations.filter((w) => w.action !== 'none');
  if (reloads.length === 0) return null;
  for (const w of reloads) {
    const ws = secondsOfDay(w.start, zone);
    const wlen = Math.min(DAY, (w.end - w.start) / 1000 + tolerance);
    // Overlap of two arcs on the 24 h circle: [from, from+length] and [ws - 2 s, ws + wlen].
    if (arcsOverlap(from, length, ws - 2, wlen + 2)) return true;
  }
  return false;
}

function arcsOverlap(a: number, alen: number, b: number, blen: number): boolean {
  const norm = (x: number) => ((x % DAY) + DAY) % DAY;
  const d1 = norm(b - a); // b relative to a
  const d2 = norm(a - b);
  return d1 <= alen || d2 <= blen;
}
