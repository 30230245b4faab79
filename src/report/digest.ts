// Figures the human-readable renderers (text, markdown) share, computed from the Report only:
// counts by code/group/errno/day, affected minutes, per-burst histograms, and the one-line
// meaning of each verdict. Pure functions; times are bucketed in report.timezone via src/time.
import type { Burst, ConnectErrors, EventShape, Finding, Report, Verdict } from '../model.js';
import { LocalFields } from '../time/index.js';
import { fmt, sayCaveat, sayEvidence, sayMissing, sayVerification, snippet, VERDICT_TITLE } from './words/index.js';

/** What each verdict means, in one line (src/report/words). */
export const VERDICT_MEANING: Record<Verdict, string> = VERDICT_TITLE;

/** A finding in words: evidence, and its recommendation's snippet, caveats and verification steps. */
export function findingWords(
  f: Finding,
  zone: string,
): { evidence: string[]; snippet: string | null; caveats: string[]; verify: string[] } {
  const c = { zone };
  const r = f.recommendation;
  return {
    evidence: f.evidence.map((e) => sayEvidence(e, c)),
    snippet: r ? snippet(r) : null,
    caveats: (r?.caveats ?? []).map((x) => sayCaveat(x, c)),
    verify: (r?.verify ?? []).map((x) => sayVerification(x, c)),
  };
}

/** The report's missing evidence in words. */
export function missingWords(report: Report): string[] {
  return report.missingEvidence.map((m) => sayMissing(m, { zone: report.timezone }));
}

/** Greedy word wrap with a hanging indent; words longer than the width stay whole. */
export function wrap(text: string, width: number, first: string, rest: string): string[] {
  const lines: string[] = [];
  let cur = first;
  let empty = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!empty && cur.length + 1 + word.length > width) {
      lines.push(cur);
      cur = rest + word;
    } else cur += (empty ? '' : ' ') + word;
    empty = false;
  }
  lines.push(cur);
  return lines;
}

const byCountThenKey = (a: [string, number], b: [string, number]) =>
  b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);

/** Count occurrences of a key, sorted by count (desc) then key. */
export function countBy<T>(items: Iterable<T>, key: (item: T) => string): [string, number][] {
  const m = new Map<string, number>();
  for (const it of items) {
    const k = key(it);
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return [...m.entries()].sort(byCountThenKey);
}

/** Counts by a field the events' shapes hold: counted per shape, then per key. */
function countByShape(events: ConnectErrors, key: (s: EventShape) => string): [string, number][] {
  const perShape = new Map<number, number>();
  for (let i = 0; i < events.length; i++) {
    const id = events.shapeId(i);
    perShape.set(id, (perShape.get(id) ?? 0) + 1);
  }
  const m = new Map<string, number>();
  const shapeAt = new Map<number, EventShape>();
  for (let i = 0; i < events.length && shapeAt.size < perShape.size; i++)
    if (!shapeAt.has(events.shapeId(i))) shapeAt.set(events.shapeId(i), events.shape(i));
  for (const [id, n] of perShape) {
    const k = key(shapeAt.get(id)!);
    m.set(k, (m.get(k) ?? 0) + n);
  }
  return [...m.entries()].sort(byCountThenKey);
}

export const byCode = (events: ConnectErrors): [string, number][] => countByShape(events, (s) => s.code);
export const byGroup = (events: ConnectErrors): [string, number][] =>
  countByShape(events, (s) => s.group ?? '(no group named)');
export const byErrno = (events: ConnectErrors): [string, number][] =>
  countByShape(events, (s) => (s.errno === null ? '(no errno)' : `(${s.errno}) ${s.errnoText ?? ''}`.trim()));

/** The events' times (in the list's order). */
function times(events: ConnectErrors): Float64Array {
  const out = new Float64Array(events.length);
  for (let i = 0; i < out.length; i++) out[i] = events.time(i);
  return out;
}

/** Local calendar days in time order, with their event counts. */
export function byDay(events: ConnectErrors, zone: string): [string, number][] {
  const local = new LocalFields(zone);
  return countBy(times(events), (t) => local.day(t)).sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** Distinct local wall-clock minutes in which at least one connect error was logged. */
export function affectedMinutes(events: ConnectErrors, zone: string): number {
  const local = new LocalFields(zone);
  const s = new Set<number>();
  for (let i = 0; i < events.length; i++) s.add(Math.floor(local.wall(events.time(i)) / 60_000));
  return s.size;
}

/** Event times, sorted, for range counting. */
export function sortedTimes(events: ConnectErrors): Float64Array {
  return times(events).sort();
}

/** Index of the first element >= t. */
export function lowerBound(sorted: ArrayLike<number>, t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Events per bin across the burst's span, at most `maxBins` bins: 100 ms bins for a burst of a
 * couple of seconds (the typical keep-alive burst right after a graceful restart), 1 s bins up
 * to `maxBins` seconds, then the span split evenly.
 */
export function burstHistogram(burst: Burst, times: ArrayLike<number>, maxBins = 24): number[] {
  const span = Math.max(0, burst.end - burst.start);
  const binMs = span <= maxBins * 100 ? 100 : span <= maxBins * 1000 ? 1000 : span / maxBins;
  const bins = Math.max(1, Math.min(maxBins, Math.floor(span / binMs) + 1));
  const out = new Array<number>(bins).fill(0);
  const from = lowerBound(times, burst.start);
  const to = lowerBound(times, burst.end + 1);
  for (let i = from; i < to; i++) {
    const t = times[i] as number;
    const b = Math.min(bins - 1, Math.floor((t - burst.start) / binMs));
    out[b] = (out[b] ?? 0) + 1;
  }
  return out;
}

const SPARK = '▁▂▃▄▅▆▇█';

/** ▁▂▃▅█ — zero bins are blank-ish (▁), the largest bin is █. */
export function sparkline(counts: readonly number[]): string {
  const max = Math.max(0, ...counts);
  if (max === 0) return SPARK[0]!.repeat(counts.length);
  return counts.map((c) => (c === 0 ? ' ' : SPARK[Math.min(7, Math.max(0, Math.ceil((c / max) * 8) - 1))])).join('');
}

/** A burst's length: "1.4 s", "2 min 5 s", "3 h 2 min". */
export function formatDuration(ms: number): string {
  return fmt.duration(ms, true);
}

/** The MPM as the restart markers and banners report it, with the count of markers behind it. */
export function mpmSeen(report: Report): string | null {
  const counts = countBy(
    [...report.restarts.map((r) => r.mpm), ...report.banners.map((b) => b.mpm)].filter(
      (m): m is NonNullable<typeof m> => m !== null,
    ),
    (m) => m,
  );
  if (counts.length === 0) return null;
  return counts.map(([m, n]) => `${m} (${fmt.count(n, 'marker')})`).join(', ');
}

/** Distinct server descriptions (version banners) with the first time each was seen. */
export function distinctBanners(report: Report): { description: string; first: number; count: number }[] {
  const m = new Map<string, { description: string; first: number; count: number }>();
  for (const b of report.banners) {
    const cur = m.get(b.description);
    if (cur) {
      cur.count++;
      cur.first = Math.min(cur.first, b.time);
    } else m.set(b.description, { description: b.description, first: b.time, count: 1 });
  }
  return [...m.values()].sort((a, b) => a.first - b.first);
}

export const plural = fmt.count;

/** Restart markers in words. */
export const MARKER_WORDS: Record<string, string> = {
  graceful: 'graceful restart',
  restart: 'full restart (SIGHUP)',
  'graceful-stop': 'graceful stop',
  stop: 'stop',
  configured: 'start',
};
