// Grouping connect errors into bursts by time gap (issue 4, item 1).
import type { Burst, Instant, WsgiConnectError } from '../model.js';
import { ConnectErrors } from '../events.js';

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

/** Connect errors as a store: the store itself, or an array of objects packed (tests, small callers). */
export function asConnectErrors(events: ConnectErrors | Iterable<WsgiConnectError>): ConnectErrors {
  return ConnectErrors.from(events);
}

/** The events with a finite time, in time order. */
export function timedInOrder(events: ConnectErrors | Iterable<WsgiConnectError>): ConnectErrors {
  const all = asConnectErrors(events);
  let finite = true;
  for (let i = 0; i < all.length && finite; i++) finite = Number.isFinite(all.time(i));
  return (finite ? all : all.keep((i) => Number.isFinite(all.time(i)))).sortedByTime();
}

/** Index ranges [from, to) of the bursts in a time-ordered list: a new one after a quiet gap > gapSeconds. */
export function burstRanges(sorted: ConnectErrors, gapSeconds: number = DEFAULT_BURST_GAP_SECONDS): [number, number][] {
  if (!(gapSeconds >= 0) || !Number.isFinite(gapSeconds))
    throw new RangeError(`burst gap must be a non-negative number of seconds, got ${gapSeconds}`);
  const out: [number, number][] = [];
  let from = 0;
  for (let i = 1; i < sorted.length; i++)
    if (sorted.time(i) - sorted.time(i - 1) > gapSeconds * 1000) {
      out.push([from, i]);
      from = i;
    }
  if (sorted.length > 0) out.push([from, sorted.length]);
  return out;
}

/** Groups events (any order) into bursts: a new burst starts after a quiet gap > gapSeconds. */
export function findBursts(
  events: ConnectErrors | readonly WsgiConnectError[],
  gapSeconds: number = DEFAULT_BURST_GAP_SECONDS,
): Burst[] {
  if (!(gapSeconds >= 0) || !Number.isFinite(gapSeconds))
    throw new RangeError(`burst gap must be a non-negative number of seconds, got ${gapSeconds}`);
  const sorted = timedInOrder(events);
  return burstRanges(sorted, gapSeconds).map(([from, to]) => toBurst(sorted.slice(from, to)));
}

function toBurst(events: ConnectErrors): Burst {
  const codes: Burst['codes'] = {};
  const groups = new Set<string>();
  const pids = new Set<number>();
  const errnos = new Set<number>();
  const sockets = new Set<string>();
  const generations = new Set<number>();
  const shapes = new Set<number>();
  for (let i = 0; i < events.length; i++) {
    const pid = events.pid(i);
    if (pid !== null) pids.add(pid);
    const s = events.shape(i);
    codes[s.code] = (codes[s.code] ?? 0) + 1;
    const id = events.shapeId(i);
    if (shapes.has(id)) continue; // the rest is the shape's, already counted
    shapes.add(id);
    if (s.group !== null) groups.add(s.group);
    if (s.errno !== null) errnos.add(s.errno);
    if (s.socket !== null) sockets.add(s.socket);
    if (s.socketInfo?.generation != null) generations.add(s.socketInfo.generation);
  }
  const num = (a: number, b: number) => a - b;
  return {
    start: events.time(0),
    end: events.time(events.length - 1),
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
export function eventsOf(burst: Burst, events: ConnectErrors | readonly WsgiConnectError[]): WsgiConnectError[] {
  return asConnectErrors(events).filter((e) => e.time >= burst.start && e.time <= burst.end);
}
