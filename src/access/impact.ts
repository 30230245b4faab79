// Who was hurt: per burst window, the requests Apache answered and how many of them failed, from
// access-log records. Pure: (windows, records) → impacts; reading lives in read.ts.
import type { BurstImpact, DayImpact, Instant } from '../model.js';
import { LocalFields } from '../time/index.js';
import type { AccessRecord } from './format.js';
import type { TimeWindow } from './read.js';

export type { BurstImpact, DayImpact } from '../model.js';

export const TOP_PATHS = 5;

const failing = (r: AccessRecord) => r.status === 503 || r.status === 500;

function impactOf(records: readonly AccessRecord[]): BurstImpact & { clientSet: Set<string> } {
  let requests = 0;
  let s503 = 0;
  let s500 = 0;
  const clientSet = new Set<string>();
  const paths = new Map<string, number>();
  let firstFail = Infinity;
  let lastFail = -Infinity;
  for (const r of records) {
    if (r.dummy) continue;
    requests++;
    if (!failing(r)) continue;
    if (r.status === 503) s503++;
    else s500++;
    if (r.client !== null) clientSet.add(r.client);
    const p = r.path ?? '-';
    paths.set(p, (paths.get(p) ?? 0) + 1);
    const at: Instant = r.end ?? r.time;
    if (at < firstFail) firstFail = at;
    if (at > lastFail) lastFail = at;
  }
  const topPaths = [...paths]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, TOP_PATHS)
    .map(([path, count]) => ({ path, count }));
  const failingSeconds = lastFail >= firstFail ? Math.round((lastFail - firstFail) / 100) / 10 : 0;
  return { requests, status503: s503, status500: s500, clients: clientSet.size, topPaths, failingSeconds, clientSet };
}

/**
 * One impact per window (same order), counted over the records whose start time lies in
 * [start, end], and totals per local day of the windows. Records may come in any order.
 */
export function computeImpacts(
  windows: readonly TimeWindow[],
  records: readonly AccessRecord[],
  zone: string,
): { impacts: BurstImpact[]; perDay: DayImpact[] } {
  const sorted = [...records].sort((a, b) => a.time - b.time);
  const lowerBound = (t: Instant) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]!.time < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const fields = new LocalFields(zone);
  const days = new Map<string, DayImpact & { clientSet: Set<string>; seen: Set<AccessRecord> }>();
  const impacts = windows.map((w) => {
    const inside: AccessRecord[] = [];
    for (let k = lowerBound(w.start); k < sorted.length && sorted[k]!.time <= w.end; k++) inside.push(sorted[k]!);
    const { clientSet, ...impact } = impactOf(inside);
    const day = fields.day(w.start);
    let d = days.get(day);
    if (d === undefined) {
      d = {
        day,
        bursts: 0,
        requests: 0,
        status503: 0,
        status500: 0,
        clients: 0,
        clientSet: new Set(),
        seen: new Set(),
      };
      days.set(day, d);
    }
    d.bursts++;
    // overlapping windows on one day count a request once
    const fresh = inside.filter((r) => !d.seen.has(r));
    for (const r of fresh) d.seen.add(r);
    const f = impactOf(fresh);
    d.requests += f.requests;
    d.status503 += f.status503;
    d.status500 += f.status500;
    for (const c of clientSet) d.clientSet.add(c);
    return impact;
  });
  const perDay = [...days.values()]
    .sort((a, b) => (a.day < b.day ? -1 : 1))
    .map(({ clientSet, seen: _seen, ...d }) => ({ ...d, clients: clientSet.size }));
  return { impacts, perDay };
}
