// Figures the human-readable renderers (text, markdown) share, computed from the Report only:
// counts by code/group/errno/day, affected minutes, per-burst histograms, and the one-line
// meaning of each verdict. Pure functions; times are bucketed in report.timezone via src/time.
import { FINDING_KINDS } from '../diagnose/index.js';
import type { Burst, Finding, FindingKind, Report, Verdict, WsgiConnectError } from '../model.js';
import { LocalFields } from '../time/index.js';

/**
 * What each verdict means, in one line: the finding kinds' titles from the diagnosis stage (the
 * one source of truth for the kinds, src/diagnose/kinds.ts), plus the no-errors case.
 */
export const VERDICT_MEANING: Record<Verdict, string> = {
  ...(Object.fromEntries(Object.entries(FINDING_KINDS).map(([k, spec]) => [k, spec.title])) as Record<
    FindingKind,
    string
  >),
  'no-errors': 'No mod_wsgi daemon connect errors (WSGI0116/WSGI0117) in the analysed window',
};

/** How to check, after the change, that the fix worked — per finding kind. */
export const VERIFICATION: Record<Exclude<Verdict, 'no-errors'>, string[]> = {
  'rotation-restart': [
    'Check the syntax before reloading: apachectl configtest (Debian: apache2ctl configtest).',
    'After the next graceful restart the daemon socket names carry u<uid> instead of a generation number: <prefix>.<ppid>.u<uid>.<id>.sock (ls <prefix>*; the paths in any later connect error show it too).',
    'After the next scheduled rotation, run wsgi-logdoctor again on the current log and its rotated siblings: no WSGI0116/WSGI0117 burst should follow the restart.',
    'Under prefork/worker also look for the origin-check pair after restarts ("Request origin could not be validated" in the daemon, "Truncated or oversized response headers" in the child): that is the remaining 500s the caveats describe.',
  ],
  'rotation-already-off': [
    'After switching to the event MPM, shortening KeepAliveTimeout, or rotating without a reload, the origin-check pair and the connect errors no longer follow restarts (run wsgi-logdoctor after the next rotation).',
  ],
  'backlog-overload': [
    'Under comparable load, no "(11) Resource temporarily unavailable" / "(111) Connection refused" WSGI0116 errors; queue-timeout (HTTP 504) stays rare.',
  ],
  'socket-permission': [
    'The Apache user can traverse the socket directory (e.g. sudo -u www-data ls -ld <prefix directory>), and the first request after the change succeeds.',
  ],
  'daemon-down': [
    'The daemon group stays up: no "has died" / "terminated by signal" lines, and its processes (display-name) are present in ps.',
  ],
  inconclusive: [
    'Collect the rotated error logs, LogLevel warn wsgi:info, the logrotate config and its schedule, then run wsgi-logdoctor again.',
  ],
};

/**
 * A recommendation's caveats split into caveats proper and verification steps: the diagnosis may
 * carry its own "Verify: …" caveat (specific to the host: socket directory, rotation time); when
 * it does not, the generic steps for the finding kind are used.
 */
export function caveatsAndVerification(f: Finding): { caveats: string[]; verify: string[] } {
  const caveats: string[] = [];
  const verify: string[] = [];
  for (const c of f.recommendation?.caveats ?? []) {
    const m = /^verif(?:y|ication)\b[:\s]*(.*)$/is.exec(c);
    if (m) verify.push(m[1]!.charAt(0).toUpperCase() + m[1]!.slice(1));
    else caveats.push(c);
  }
  return { caveats, verify: verify.length > 0 ? verify : VERIFICATION[f.kind] };
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

/** Count occurrences of a key, sorted by count (desc) then key. */
export function countBy<T>(items: readonly T[], key: (item: T) => string): [string, number][] {
  const m = new Map<string, number>();
  for (const it of items) {
    const k = key(it);
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

export const byCode = (events: readonly WsgiConnectError[]): [string, number][] => countBy(events, (e) => e.code);
export const byGroup = (events: readonly WsgiConnectError[]): [string, number][] =>
  countBy(events, (e) => e.group ?? '(no group named)');
export const byErrno = (events: readonly WsgiConnectError[]): [string, number][] =>
  countBy(events, (e) => (e.errno === null ? '(no errno)' : `(${e.errno}) ${e.errnoText ?? ''}`.trim()));

/** Local calendar days in time order, with their event counts. */
export function byDay(events: readonly WsgiConnectError[], zone: string): [string, number][] {
  const local = new LocalFields(zone);
  return countBy(events, (e) => local.day(e.time)).sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

/** Distinct local wall-clock minutes in which at least one connect error was logged. */
export function affectedMinutes(events: readonly WsgiConnectError[], zone: string): number {
  const local = new LocalFields(zone);
  const s = new Set<number>();
  for (const e of events) s.add(Math.floor(local.wall(e.time) / 60_000));
  return s.size;
}

/** Event times, sorted, for range counting. */
export function sortedTimes(events: readonly WsgiConnectError[]): number[] {
  return events.map((e) => e.time).sort((a, b) => a - b);
}

/** Index of the first element >= t. */
export function lowerBound(sorted: readonly number[], t: number): number {
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
export function burstHistogram(burst: Burst, times: readonly number[], maxBins = 24): number[] {
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

/** "1.4 s", "2 min 5 s", "3 h 2 min". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  if (s < 60) return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${Math.round(s - m * 60)} s`;
  const h = Math.floor(m / 60);
  return `${h} h ${m - h * 60} min`;
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
  return counts.map(([m, n]) => `${m} (${n} marker${n === 1 ? '' : 's'})`).join(', ');
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

export function plural(n: number, word: string, pluralWord = word + 's'): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}

/** Restart markers in words. */
export const MARKER_WORDS: Record<string, string> = {
  graceful: 'graceful restart',
  restart: 'full restart (SIGHUP)',
  'graceful-stop': 'graceful stop',
  stop: 'stop',
  configured: 'start',
};

/** The verdict to headline: the report's own, or "no-errors"/null when diagnosis has not run. */
export function verdictOf(report: Report): Verdict | null {
  return report.verdict ?? null;
}
