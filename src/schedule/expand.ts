// Sources → concrete windows over the analysed span, in the analysis zone (DST-correct: cron and
// calendar expansion work on wall-clock fields through src/time/wallclock, see cron.ts and
// calendar.ts).
import type { Instant, RotationAction, RotationWindow } from '../model.js';
import { formatLocal } from '../time/index.js';
import { addDays, formatDate, localDate, resolveWallTime, startOfLocalDay, type LocalDate } from '../time/wallclock.js';
import { calendarElapses } from './calendar.js';
import { cronRuns } from './cron.js';
import type { ScheduleSourceDef, Trigger } from './sources.js';

const DAY_MS = 86400e3;

export interface Span {
  start: Instant;
  end: Instant;
}

/**
 * Most runs of one source expanded over one span. `* * * * *` over a month is 43,000 windows and
 * `systemd:*-*-* *:*:*` 2.6 million: no logrotate schedule needs that many, and correlating them
 * costs seconds. Hourly over a year (8,784) still fits.
 */
export const MAX_RUNS_PER_SOURCE = 10_000;

/** Start instants of a cron or calendar trigger in (from, to]; at most limit + 1 (a sign the limit was passed). */
export function triggerStarts(
  trigger: Exclude<Trigger, { kind: 'anacron' }>,
  from: Instant,
  to: Instant,
  zone: string,
  limit = MAX_RUNS_PER_SOURCE,
): Instant[] {
  if (trigger.kind === 'cron')
    return cronRuns(trigger.cron, from, to, trigger.cronTz ?? zone, trigger.flavor, trigger.cronTz !== null, limit);
  const all = trigger.calendars.flatMap((c) => calendarElapses(c, from, to, zone, limit + 1));
  const runs = [...new Set(all)].sort((a, b) => a - b);
  return runs.length > limit ? runs.slice(0, limit + 1) : runs;
}

interface RawWindow {
  start: Instant;
  end: Instant;
  reason?: string;
}

/**
 * anacron (cronie anacron/main.c, readtab.c, lock.c): each invocation draws one RANDOM_DELAY
 * value R in 0..N and would start the job at invocation + delay + R minutes; the job is skipped
 * for this invocation when that start hour is outside START_HOURS_RANGE, and runs at most once
 * per period (cron.hourly/0anacron also exits once today's run is stamped). So per local day the
 * job runs in the first invocation whose possible start falls in range; an invocation whose
 * possible starts straddle the range boundary may or may not run it, and both are kept.
 */
function anacronWindows(
  t: Extract<Trigger, { kind: 'anacron' }>,
  from: Instant,
  to: Instant,
  zone: string,
  startersFrom = from - DAY_MS,
): RawWindow[] {
  const delay = t.job.delayMinutes * 60e3;
  const rd = t.randomDelayMinutes * 60e3;
  const starts = triggerStarts(t.starter, startersFrom, to, zone);
  const byDay = new Map<string, { day: LocalDate; starts: Instant[] }>();
  for (const s of starts) {
    const day = localDate(s, zone);
    const key = formatDate(day);
    const entry = byDay.get(key) ?? { day, starts: [] };
    entry.starts.push(s);
    byDay.set(key, entry);
  }
  const hourStart = (day: LocalDate, hour: number): Instant => {
    if (hour >= 24) return startOfLocalDay(zone, addDays(day, 1));
    const w = resolveWallTime(zone, day, hour, 0);
    if (w === null) return startOfLocalDay(zone, day);
    return w.kind === 'gap' ? w.after : w.kind === 'fold' ? w.earlier : w.t;
  };
  const out: RawWindow[] = [];
  const period = t.job.period;
  for (const { day, starts: list } of byDay.values()) {
    if (period === 'monthly' && day.day !== 1) continue;
    if (period === 'yearly' && !(day.day === 1 && day.month === 1)) continue;
    // lock.c compares the job start's local hour: [from:00, to:00) of that day.
    const rangeStart = t.startHours ? hourStart(day, t.startHours.from) : -Infinity;
    const rangeEnd = t.startHours ? hourStart(day, t.startHours.to) - 1 : Infinity;
    let lo: number | null = null;
    let hi: number | null = null;
    for (const s of list) {
      const earliest = s + delay;
      const latest = s + t.starter.spreadMs + delay + rd;
      const a = Math.max(earliest, rangeStart);
      const b = Math.min(latest, rangeEnd);
      if (a > b) continue;
      lo = lo === null ? a : Math.min(lo, a);
      hi = hi === null ? b : Math.max(hi, b);
      if (a === earliest && b === latest) break; // certainly runs in this invocation
    }
    if (lo === null || hi === null) continue;
    const reason =
      typeof period === 'number' && period > 1
        ? `anacron period ${period} days: the job runs on one day in ${period}, which one depends on its timestamp file`
        : undefined;
    out.push({ start: lo, end: hi + t.spreadMs, ...(reason ? { reason } : {}) });
  }
  return out;
}

function rawWindows(src: ScheduleSourceDef, from: Instant, to: Instant, zone: string): RawWindow[] {
  const t = src.trigger;
  if (t.kind === 'anacron') return anacronWindows(t, from, to, zone);
  return triggerStarts(t, from - t.spreadMs, to, zone).map((s) => ({ start: s, end: s + t.spreadMs }));
}

/** A source that starts more than MAX_RUNS_PER_SOURCE times in a span: only its first runs are used. */
export interface CappedSource {
  source: ScheduleSourceDef;
  /** the first run left out */
  from: Instant;
}

/**
 * Concrete windows for every source, covering the span plus a day either side, sorted by start.
 * All sources are kept (a daily timer and an hourly cron job both yield windows). Likelihood
 * starts as 'possible'; narrowWindows() raises or lowers it with evidence.
 */
export function expandWindows(
  sources: ScheduleSourceDef[],
  span: Span,
  zone: string,
  action: RotationAction = 'unknown',
  onCapped?: (c: CappedSource) => void,
): RotationWindow[] {
  const from = span.start - DAY_MS;
  const to = span.end + DAY_MS;
  const out: RotationWindow[] = [];
  for (const src of sources) {
    let raw = rawWindows(src, from, to, zone);
    if (raw.length > MAX_RUNS_PER_SOURCE) {
      onCapped?.({ source: src, from: raw[MAX_RUNS_PER_SOURCE]!.start });
      raw = raw.slice(0, MAX_RUNS_PER_SOURCE);
    }
    for (const w of raw) {
      if (w.end < from || w.start > to) continue;
      out.push({
        start: w.start,
        end: w.end,
        source: src.source,
        spec: src.spec,
        origin: src.origin,
        action,
        likelihood: 'possible',
        ...(w.reason ? { reason: w.reason } : {}),
      });
    }
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** A (re)start of the host seen in the logs, with the last log line before it (the host was down in between). */
export interface Boot {
  time: Instant;
  lastSeenBefore: Instant | null;
  origin: string;
}

/**
 * Runs that happen because the host was down when they were due:
 *  * systemd timers with Persistent=true start the missed service right after boot
 *    (systemd.timer(5); RandomizedDelaySec still applies);
 *  * anacron runs the day's job at the first invocation after the boot that falls in range.
 * Plain cron does not catch up. The windows are 'possible' (the boot time itself is inferred).
 */
export function catchUpWindows(
  sources: ScheduleSourceDef[],
  boots: Boot[],
  zone: string,
  action: RotationAction = 'unknown',
): RotationWindow[] {
  const out: RotationWindow[] = [];
  for (const b of boots) {
    const downFrom = b.lastSeenBefore ?? b.time - DAY_MS;
    for (const src of sources) {
      const t = src.trigger;
      if (t.kind === 'calendar' && t.persistent) {
        const missed = triggerStarts(t, downFrom, b.time, zone);
        if (missed.length === 0) continue;
        out.push({
          start: b.time,
          end: b.time + t.spreadMs + CATCH_UP_MS,
          source: src.source,
          spec: src.spec,
          origin: src.origin,
          action,
          likelihood: 'possible',
          reason: `Persistent=true: the run due at ${formatLocal(missed[missed.length - 1]!, zone)} was missed while the host was down; systemd starts it after the boot at ${formatLocal(b.time, zone)} (${b.origin})`,
        });
      } else if (t.kind === 'anacron') {
        // The regular window of the boot day assumed the host was up; recompute from the boot on.
        const ws = anacronWindows(t, b.time, b.time + DAY_MS, zone, b.time).filter((w) => w.start > b.time);
        const first = ws.sort((x, y) => x.start - y.start)[0];
        if (!first) continue;
        // Only when the ordinary run fell into the downtime (a job that already ran today is not
        // run again), and only if the catch-up differs from the ordinary window.
        const regular = anacronWindows(t, b.time - DAY_MS, b.time + DAY_MS, zone);
        if (!regular.some((w) => w.start > downFrom && w.start < b.time)) continue;
        if (regular.some((w) => w.start === first.start)) continue;
        out.push({
          start: first.start,
          end: first.end,
          source: src.source,
          spec: src.spec,
          origin: src.origin,
          action,
          likelihood: 'possible',
          reason: `anacron catch-up: the host was down from ${formatLocal(downFrom, zone)} to the boot at ${formatLocal(b.time, zone)} (${b.origin}); the job runs at the first anacron start after it`,
        });
      }
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** systemd orders calendar timers after time-sync.target: allow a few minutes after boot. */
export const CATCH_UP_MS = 5 * 60e3;
