// Grouping connect errors into bursts by time gap (issue 4, item 1).
import type { Burst, Instant, WsgiConnectError } from '../model.js';

/**
 * Default gap that separates two bursts: 120 s. Why this value: a rotation-triggered burst
 * lasts about a second for ENOENT (reproduction-findings.md §3) but the WSGI0116 form is logged
 * only after `connect-timeout` (default 15 s, mod_wsgi src/server/mod_wsgi.c
 * wsgi_connect_daemon()), and keep-alive clients idle for up to KeepAliveTimeout before their
 * next request; 120 s keeps one restart's failures together with room to spare, while two
 * restarts a few minutes apart (two rotations in one run) still come out as separate bursts.
 * `--burst-gap` overrides it.
 */
export const DEFAULT_BURST_GAP_SECONDS = 120;

/** The logged span widened to every burst start (loops, not Math.min(...spread): a months-long log can hold more bursts than call arguments). */
export function spanOverBursts(
  span: { start: Instant; end: Instant },
  bursts: readonly Burst[],
): { start: Instant; end: Instant } {
  let start = span.start;
  let end = span.end;
  for (const b of bursts) {
    if (b.start < start) start = b.start;
    if (b.start > end) end = b.start;
  }
  return { start, end };
}

/** Index of the first item with time >= `time` in a time-sorted array (binary search). */
export function lowerBoundByTime(sorted: readonly { time: Instant }[], time: Instant): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.time < time) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Groups events (any order) into bursts: a new burst starts after a quiet gap > gapSeconds. */
export function findBursts(
  events: readonly WsgiConnectError[],
  gapSeconds: number = DEFAULT_BURST_GAP_SECONDS,
): Burst[] {
  if (!(gapSeconds >= 0) || !Number.isFinite(gapSeconds))
    throw new RangeError(`burst gap must be a non-negative number of seconds, got ${gapSeconds}`);
  const sorted = events.filter((e) => Number.isFinite(e.time)).sort((a, b) => a.time - b.time);
  const groups: WsgiConnectError[][] = [];
  let current: WsgiConnectError[] = [];
  for (const e of sorted) {
    const last = current[current.length - 1];
    if (last !== undefined && e.time - last.time > gapSeconds * 1000) {
      groups.push(current);
      current = [];
    }
    current.push(e);
  }
  if (current.length > 0) groups.push(current);
  return groups.map(toBurst);
}

function toBurst(events: WsgiConnectError[]): Burst {
  const codes: Burst['codes'] = {};
  const groups = new Set<string>();
  const pids = new Set<number>();
  const errnos = new Set<number>();
  const sockets = new Set<string>();
  const generations = new Set<number>();
  for (const e of events) {
    codes[e.code] = (codes[e.code] ?? 0) + 1;
    if (e.group !== null) groups.add(e.group);
    if (e.pid !== null) pids.add(e.pid);
    if (e.errno !== null) errnos.add(e.errno);
    if (e.socket !== null) sockets.add(e.socket);
    if (e.socketInfo?.generation != null) generations.add(e.socketInfo.generation);
  }
  const num = (a: number, b: number) => a - b;
  return {
    start: events[0]!.time,
    end: events[events.length - 1]!.time,
    count: events.length,
    codes,
    groups: [...groups].sort(),
    pids: [...pids].sort(num),
    errnos: [...errnos].sort(num),
    sockets: [...sockets].sort(),
    generations: [...generations].sort(num),
    cause: null,
  };
}

/** The events that belong to a burst (same time span), for evidence that needs per-event detail. */
export function eventsOf(burst: Burst, events: readonly WsgiConnectError[]): WsgiConnectError[] {
  return events.filter((e) => e.time >= burst.start && e.time <= burst.end);
}
