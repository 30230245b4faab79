// Wall-clock fields to instants, for the readers. Kept apart from ./index.ts so that a worker
// thread reading a log in UTC or a fixed offset loads neither luxon nor Intl (issue 17: each
// worker spent 70–160 ms booting them): those zones are arithmetic. A zone with rules
// (Europe/Berlin) needs luxon; `prepareZone` loads it, and ./index.ts registers it eagerly
// on the main thread.
import type { Instant } from '../model.js';

/** The instant a local hour starts in a zone with rules (the earlier or later of an ambiguous pair). */
export type HourStart = (
  zone: string,
  year: number,
  month: number,
  day: number,
  hour: number,
  preferLater: boolean,
) => Instant;

let rules: HourStart | null = null;

/** Registers the rule-based conversion (luxon's); ./index.ts does on load. */
export function registerZoneRules(fn: HourStart): void {
  rules = fn;
}

/** Minutes east of UTC for a zone without rules, else null. IANA's Etc/GMT+5 is UTC-5. */
export function fixedOffsetMinutes(zone: string): number | null {
  if (/^(UTC|UCT|GMT|Z|Zulu|Universal|Greenwich|Etc\/(UTC|UCT|GMT|GMT[+-]?0|Zulu|Universal|Greenwich))$/.test(zone))
    return 0;
  const etc = /^Etc\/GMT([+-])(\d{1,2})$/.exec(zone);
  if (etc) return (etc[1] === '+' ? -1 : 1) * Number(etc[2]) * 60;
  // luxon's fixed-offset names: UTC+5, UTC-03:30
  const fixed = /^UTC([+-])(\d{1,2})(?::(\d{2}))?$/.exec(zone);
  if (fixed) return (fixed[1] === '+' ? 1 : -1) * (Number(fixed[2]) * 60 + Number(fixed[3] ?? 0));
  return null;
}

/** Makes `new LocalClock(zone)` possible in this thread (loads luxon only for a zone with rules). */
export async function prepareZone(zone: string): Promise<void> {
  if (rules !== null || fixedOffsetMinutes(zone) !== null) return;
  await import('./index.js');
}

/**
 * Converts local wall-clock fields to an instant. Results are cached per local hour (every
 * IANA zone in use changes its offset on an hour boundary), so a log with millions of
 * timestamps asks the zone rules once per distinct hour. A wall time that falls into a
 * spring-forward gap is moved forward (as luxon does); an ambiguous fall-back time takes the
 * earlier offset unless `preferLater` is set (used when a file's clock would otherwise run
 * backwards).
 */
export class LocalClock {
  private readonly cache = new Map<number, Instant>();
  private readonly cacheLater = new Map<number, Instant>();
  private readonly fixed: number | null;
  private readonly rules: HourStart | null;
  constructor(readonly zone: string) {
    this.fixed = fixedOffsetMinutes(zone);
    this.rules = rules;
    if (this.fixed === null && this.rules === null)
      throw new Error(`time zone ${zone}: zone rules not loaded (await prepareZone first)`);
  }

  toInstant(
    year: number,
    month: number,
    day: number,
    hour: number,
    minute: number,
    second: number,
    millis: number,
    preferLater = false,
  ): Instant {
    if (this.fixed !== null) {
      // Date.UTC takes years 0–99 as 1900+; no log stamp has those
      const t = Date.UTC(year, month - 1, day, hour, minute, second, millis) - this.fixed * 60000;
      // an impossible date (Feb 30) is invalid, as luxon has it
      return validDate(year, month, day, hour) ? t : Number.NaN;
    }
    const key = ((year * 13 + month) * 32 + day) * 24 + hour;
    const cache = preferLater ? this.cacheLater : this.cache;
    let base = cache.get(key);
    if (base === undefined) {
      base = this.rules!(this.zone, year, month, day, hour, preferLater);
      cache.set(key, base);
    }
    return base + minute * 60000 + second * 1000 + millis;
  }
}

function validDate(year: number, month: number, day: number, hour: number): boolean {
  if (month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) return false;
  const dim = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day <= dim;
}
