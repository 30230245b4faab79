// Time zones are handled here and nowhere else (style.md): log timestamps and schedules are
// local wall-clock times without a zone, interpreted in the analysis zone with luxon.
import fs from 'node:fs';
import { DateTime, IANAZone, Info, Settings } from 'luxon';
import { InputError } from '../errors.js';
import type { Instant } from '../model.js';
import { registerZoneRules } from './clock.js';

// Reports are written in English; a fixed locale also spares luxon from asking Intl for the
// system locale on every DateTime it creates (measurably slow on the per-line path).
Settings.defaultLocale = 'en-US';

/** Validate an IANA zone name (or "UTC"); throws InputError naming the option. */
export function resolveZone(name: string, what = '--tz'): string {
  if (name === 'UTC' || name === 'Etc/UTC') return name;
  if (!IANAZone.isValidZone(name)) {
    throw new InputError(`${what}: unknown time zone '${name}' (expected an IANA name such as Europe/Berlin)`);
  }
  return name;
}

/** The machine's zone: $TZ when valid, else what the runtime reports. */
export function machineZone(): string {
  const tz = process.env.TZ;
  if (tz && tz.startsWith(':')) return resolveZoneOr(tz.slice(1));
  if (tz) return resolveZoneOr(tz);
  // A UTC machine (most servers and containers) is told by /etc/localtime without starting
  // Intl, whose first use costs ~15–30 ms of start-up; Intl says 'UTC' for these too.
  try {
    if (/\/zoneinfo\/(?:Etc\/)?(?:UTC|UCT|Universal|Zulu)$/.test(fs.readlinkSync('/etc/localtime'))) return 'UTC';
  } catch {
    /* not a link, or no such file: ask the runtime */
  }
  return Info.normalizeZone(undefined)?.name ?? 'UTC';
}

function resolveZoneOr(name: string): string {
  return IANAZone.isValidZone(name) ? name : 'UTC';
}

/**
 * Zone 'UTC' (luxon's fixed UTC zone, written "Z") and an instant of the years 1970–9999: Date's
 * own UTC fields give the same text as luxon without building a DateTime (a report formats
 * hundreds of instants; luxon's first ones cost ~7 ms after the scan). Like luxon, Date drops a
 * fraction of a millisecond (microsecond stamps).
 */
function utc(t: Instant, zone: string): boolean {
  return zone === 'UTC' && t >= 0 && t < 253_402_300_800_000;
}

/** ISO 8601 with the zone's offset and milliseconds, e.g. 2026-11-17T06:25:03.412+01:00. */
export function formatInstant(t: Instant, zone: string): string {
  if (utc(t, zone)) return new Date(t).toISOString();
  return (
    DateTime.fromMillis(t, { zone }).toISO({ suppressMilliseconds: false, includeOffset: true }) ??
    new Date(t).toISOString()
  );
}

/**
 * formatInstant for many instants in one zone (a million events' times): luxon formats the start
 * of each minute once (the offset checked at both ends of the minute), the seconds and
 * milliseconds are written in; anything else (fractional milliseconds, a minute with an offset
 * change, a year luxon writes in extended form) is left to formatInstant.
 */
export function isoFormatter(zone: string): (t: Instant) => string {
  const minutes = new Map<number, [string, string] | null>();
  return (t) => {
    if (!Number.isInteger(t)) return formatInstant(t, zone);
    const m0 = Math.floor(t / 60_000) * 60_000;
    let parts = minutes.get(m0);
    if (parts === undefined) {
      const a = formatInstant(m0, zone);
      const b = formatInstant(m0 + 59_999, zone);
      // yyyy-LL-ddTHH:mm:ss.SSS<offset>, the same offset at both ends of the minute
      const ok = /^\d{4}-\d\d-\d\dT\d\d:\d\d:00\.000/.test(a) && b === `${a.slice(0, 17)}59.999${a.slice(23)}`;
      parts = ok ? [a.slice(0, 17), a.slice(23)] : null;
      if (minutes.size > 100_000) minutes.clear();
      minutes.set(m0, parts);
    }
    if (parts === null) return formatInstant(t, zone);
    const ms = t - m0;
    const sec = Math.floor(ms / 1000);
    const milli = ms - sec * 1000;
    return `${parts[0]}${sec < 10 ? '0' : ''}${sec}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}${parts[1]}`;
  };
}

const LOCAL_DEFAULT = 'yyyy-LL-dd HH:mm:ss';

/** Wall-clock text for humans: 2026-11-17 06:25:03 */
export function formatLocal(t: Instant, zone: string, fmt = LOCAL_DEFAULT): string {
  if (fmt === LOCAL_DEFAULT && utc(t, zone)) {
    const iso = new Date(t).toISOString();
    return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
  }
  return DateTime.fromMillis(t, { zone }).toFormat(fmt);
}

/** Local calendar day (yyyy-LL-dd) of an instant in the zone. */
export function localDay(t: Instant, zone: string): string {
  if (utc(t, zone)) return new Date(t).toISOString().slice(0, 10);
  return DateTime.fromMillis(t, { zone }).toFormat('yyyy-LL-dd');
}

/** Seconds since local midnight of an instant in the zone (DST-aware: wall-clock based). */
export function secondsOfDay(t: Instant, zone: string): number {
  if (utc(t, zone)) {
    const ms = Math.floor(t) % 86_400_000;
    // luxon's sum, in its order (the same floating-point result)
    return (
      Math.floor(ms / 3_600_000) * 3600 +
      Math.floor((ms % 3_600_000) / 60_000) * 60 +
      Math.floor((ms % 60_000) / 1000) +
      (ms % 1000) / 1000
    );
  }
  const d = DateTime.fromMillis(t, { zone });
  return d.hour * 3600 + d.minute * 60 + d.second + d.millisecond / 1000;
}

export { LocalClock, prepareZone, fixedOffsetMinutes } from './clock.js';

// The rule-based conversion for LocalClock (./clock.ts), registered with this module.
registerZoneRules((zone, year, month, day, hour, preferLater) => {
  const dt = DateTime.fromObject({ year, month, day, hour, minute: 0 }, { zone });
  if (!dt.isValid) return Number.NaN;
  // At a fall-back the same wall time happens twice; luxon picks one of them. Look an hour
  // either side for the other, and take the first occurrence unless asked for the later.
  const a = dt.toMillis();
  const same = (t: Instant) => {
    const d = DateTime.fromMillis(t, { zone });
    return d.year === year && d.month === month && d.day === day && d.hour === hour && d.minute === 0;
  };
  const candidates = [a - 3_600_000, a, a + 3_600_000].filter((t) => t === a || same(t));
  return preferLater ? candidates[candidates.length - 1]! : candidates[0]!;
});

/** Parse --since/--until: ISO date/time (in the zone) or a relative span such as 7d, 12h, 30m. */
export function parseTimeOption(text: string, zone: string, now: Instant, what: string): Instant {
  const rel = /^(\d+)\s*(s|m|h|d|w)$/.exec(text.trim());
  if (rel) {
    const n = Number(rel[1]);
    const unit = { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7, w: 6.048e8 }[rel[2] as 's' | 'm' | 'h' | 'd' | 'w'];
    return now - n * unit;
  }
  const dt = DateTime.fromISO(text.trim().replace(' ', 'T'), { zone, setZone: false });
  if (!dt.isValid) {
    throw new InputError(
      `${what}: cannot parse '${text}' (expected an ISO date/time such as 2026-11-17 or 2026-11-17T06:00, or a span such as 7d)`,
    );
  }
  return dt.toMillis();
}

/** A local boundary (start of a local day or hour) as an instant with its wall-clock label. */
export interface LocalBoundary {
  t: Instant;
  label: string;
}

/**
 * Starts of the local calendar days that overlap [start, end], in the zone (DST days are 23 or
 * 25 hours long, so this cannot be done with fixed 24 h steps). `fmt` is a luxon format.
 */
export function localDayStarts(start: Instant, end: Instant, zone: string, fmt = 'yyyy-LL-dd'): LocalBoundary[] {
  const out: LocalBoundary[] = [];
  let d = DateTime.fromMillis(start, { zone }).startOf('day');
  for (let guard = 0; d.toMillis() <= end && guard < 100_000; guard++) {
    out.push({ t: d.toMillis(), label: d.toFormat(fmt) });
    d = d.plus({ days: 1 }).startOf('day');
  }
  return out;
}

/**
 * The zone's UTC offset (minutes) in force at `start`, then every change of it up to `end`, each
 * with the instant it takes effect. Lets code outside this module (the HTML report's in-page
 * chart) turn instants into local clock time with plain arithmetic. Scans hour by hour and
 * bisects to the millisecond, so it also finds half-hour shifts (Australia/Lord_Howe).
 */
export function utcOffsetChanges(start: Instant, end: Instant, zone: string): { t: Instant; offset: number }[] {
  const off = (t: Instant) => DateTime.fromMillis(t, { zone }).offset;
  const out = [{ t: start, offset: off(start) }];
  let prevT = start;
  let prevOff = out[0]!.offset;
  for (let t = start + 3_600_000; prevT < end; t += 3_600_000) {
    const cur = Math.min(t, end);
    const o = off(cur);
    if (o !== prevOff) {
      let lo = prevT;
      let hi = cur; // off(lo) === prevOff, off(hi) === o
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (off(mid) === prevOff) lo = mid;
        else hi = mid;
      }
      out.push({ t: hi, offset: o });
      prevOff = o;
    }
    prevT = cur;
  }
  return out;
}

/** The local calendar days (yyyy-LL-dd) that the span [start, end] touches in the zone, in order. */
export function localDaysBetween(start: Instant, end: Instant, zone: string): string[] {
  const out: string[] = [];
  if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) return out;
  if (utc(start, zone) && utc(end, zone)) {
    const last = localDay(end, zone);
    for (let d = start - (start % 86_400_000); ; d += 86_400_000) {
      const day = localDay(d, zone);
      out.push(day);
      if (day >= last) return out;
    }
  }
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

/**
 * Instant → local wall-clock fields in bulk (reports over hundreds of thousands of events): the
 * zone's UTC offset is asked of luxon once per UTC hour and reused; an hour in which the offset
 * changes (a DST switch) is answered by luxon per call. Results equal formatLocal/localDay/
 * secondsOfDay.
 */
export class LocalFields {
  private readonly hours = new Map<number, number | null>();
  constructor(readonly zone: string) {}

  /** The local wall-clock time as epoch ms of the same clock reading in UTC. */
  wall(t: Instant): number {
    const h = Math.floor(t / 3_600_000);
    let off = this.hours.get(h);
    if (off === undefined) {
      const a = DateTime.fromMillis(h * 3_600_000, { zone: this.zone }).offset;
      const b = DateTime.fromMillis(h * 3_600_000 + 3_599_999, { zone: this.zone }).offset;
      off = a === b ? a : null;
      this.hours.set(h, off);
    }
    return t + (off ?? DateTime.fromMillis(t, { zone: this.zone }).offset) * 60_000;
  }

  private readonly days = new Map<number, string>();

  /** yyyy-LL-dd, as localDay(). */
  day(t: Instant): string {
    const n = Math.floor(this.wall(t) / 86_400_000);
    let s = this.days.get(n);
    if (s === undefined) {
      s = new Date(n * 86_400_000).toISOString().slice(0, 10);
      this.days.set(n, s);
    }
    return s;
  }

  /** yyyy-LL-dd HH:mm */
  minute(t: Instant): string {
    const m = Math.floor(this.secondsOfDay(t) / 60);
    return `${this.day(t)} ${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  }

  /** Seconds since local midnight, as secondsOfDay(). */
  secondsOfDay(t: Instant): number {
    const w = this.wall(t);
    return (((w % 86_400_000) + 86_400_000) % 86_400_000) / 1000;
  }
}
