// Calendar-day helpers for the recurrence detector (src/correlate/recurrence.ts). Kept in their
// own file inside src/time (all zone handling stays in this folder, style.md) so that concurrent
// edits of src/time/index.ts by other stages cannot clobber them.
import { DateTime } from 'luxon';
import type { Instant } from '../model.js';

/** The local calendar days (yyyy-LL-dd) that the span [start, end] touches in the zone, in order. */
export function localDaysBetween(start: Instant, end: Instant, zone: string): string[] {
  const out: string[] = [];
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) return out;
  const last = DateTime.fromMillis(end, { zone }).toFormat('yyyy-LL-dd');
  // Calendar arithmetic in the zone (plus({days: 1}) keeps wall-clock days across DST changes).
  let d = DateTime.fromMillis(start, { zone }).startOf('day');
  for (let guard = 0; guard < 100_000; guard++) {
    const day = d.toFormat('yyyy-LL-dd');
    out.push(day);
    if (day >= last) break;
    d = d.plus({ days: 1 });
  }
  return out;
}

/** A second-of-day (as from secondsOfDay) as HH:mm wall-clock text; rounds down. */
export function formatSecondOfDay(sod: number): string {
  const s = ((Math.floor(sod) % 86400) + 86400) % 86400;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}
