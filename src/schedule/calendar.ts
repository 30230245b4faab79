// systemd calendar events (OnCalendar=, `systemd-analyze calendar`), implemented here rather
// than shelled out: nothing in a config is ever executed, and bundles are analysed off-host.
// Grammar after systemd src/shared/calendarspec.c (calendar_spec_from_string, parse_weekdays,
// parse_chain, parse_component_decimal) and systemd.time(7). Elapse semantics were checked
// against `systemd-analyze calendar` 252 (fixtures/schedule/systemd-analyze/): systemd walks
// wall-clock fields upwards (find_next) and converts with mktime, so a time inside a
// spring-forward gap never elapses that day, and a time in a repeated (fall-back) hour elapses
// once, at its first (DST) occurrence.
import { InputError } from '../errors.js';
import type { Instant } from '../model.js';
import {
  addDays,
  dayResolver,
  daysInMonth,
  firstOfNextMonth,
  isoWeekday,
  isValidZone,
  localDate,
  startOfLocalDay,
  type LocalDate,
} from '../time/wallclock.js';

/** One comma-separated item of a component: start[..end][/step]; `~` days count from month end. */
interface Item {
  start: number;
  end: number;
  step: number;
  /** `~S/P` (days from the month's end): S, S-P, S-2P … down to the last day (systemd.time(7)) */
  down?: boolean;
  /** a `/step` was written without an explicit end */
  openStep?: boolean;
}

interface Component {
  items: Item[];
}

export interface CalendarSpec {
  /** the text as written (after the `systemd:` prefix, if any) */
  text: string;
  /** systemd's normalised form, e.g. `*-*-* 00:00:00` for `daily` */
  normalized: string;
  /** weekday set, 0 = Monday … 6 = Sunday (systemd order); null = any */
  weekdays: Set<number> | null;
  year: Component | null;
  month: Component | null;
  day: Component | null;
  /** `~`: the day component counts backwards from the last day of the month (1 = last day) */
  endOfMonth: boolean;
  hour: Component | null;
  minute: Component | null;
  second: Component | null;
  /** trailing time zone (IANA or UTC), overriding the analysis zone */
  zone: string | null;
}

// systemd calendarspec.c: the shorthands and their normalised forms.
const SHORTHANDS: Record<string, string> = {
  minutely: '*-*-* *:*:00',
  hourly: '*-*-* *:00:00',
  daily: '*-*-* 00:00:00',
  monthly: '*-*-01 00:00:00',
  weekly: 'Mon *-*-* 00:00:00',
  yearly: '*-01-01 00:00:00',
  annually: '*-01-01 00:00:00',
  quarterly: '*-01,04,07,10-01 00:00:00',
  semiannually: '*-01,07-01 00:00:00',
};

const WEEKDAYS: [string, string][] = [
  ['mon', 'monday'],
  ['tue', 'tuesday'],
  ['wed', 'wednesday'],
  ['thu', 'thursday'],
  ['fri', 'friday'],
  ['sat', 'saturday'],
  ['sun', 'sunday'],
];
const WEEKDAY_ABBR = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

class SpecError extends Error {}

function weekdayIndex(name: string): number {
  const n = name.toLowerCase();
  const i = WEEKDAYS.findIndex(([abbr, full]) => n === abbr || n === full);
  if (i < 0) throw new SpecError(`unknown weekday '${name}' (expected Mon…Sun or Monday…Sunday)`);
  return i;
}

function parseWeekdays(text: string): Set<number> {
  const set = new Set<number>();
  for (const part of text.split(',')) {
    if (part === '') throw new SpecError(`empty weekday in '${text}'`);
    // calendarspec.c parse_weekdays accepts both ".." and "-" as range separators.
    const m = /^([A-Za-z]+)(?:(?:\.\.|-)([A-Za-z]+))?$/.exec(part);
    if (!m) throw new SpecError(`bad weekday list '${text}' (expected e.g. Mon,Wed or Mon..Fri)`);
    const a = weekdayIndex(m[1]!);
    const b = m[2] !== undefined ? weekdayIndex(m[2]) : a;
    if (b < a) throw new SpecError(`weekday range '${part}' runs backwards`);
    for (let i = a; i <= b; i++) set.add(i);
  }
  return set;
}

function parseNumber(text: string, what: string, min: number, max: number): number {
  if (!/^\d+$/.test(text))
    throw new SpecError(
      `bad ${what} '${text}' (expected a number ${min}–${max}, '*', a list a,b, a range a..b or a step a/n)`,
    );
  const v = Number(text);
  if (v < min || v > max) throw new SpecError(`${what} ${v} out of range ${min}–${max}`);
  return v;
}

/** parse_chain: `*`, `a`, `a..b`, `a/n`, `a..b/n`, `*\/n`, comma lists. Null = `*`. */
function parseComponent(text: string, what: string, min: number, max: number): Component | null {
  if (text === '*') return null;
  const items: Item[] = [];
  for (const part of text.split(',')) {
    const m = /^([^./]+)(?:\.\.([^/]+))?(?:\/(.+))?$/.exec(part);
    if (!m)
      throw new SpecError(
        `bad ${what} '${part}' (expected a number ${min}–${max}, '*', a list a,b, a range a..b or a step a/n)`,
      );
    const start = m[1] === '*' ? min : parseNumber(m[1]!, what, min, max);
    const end =
      m[2] !== undefined ? parseNumber(m[2], what, min, max) : m[3] !== undefined || m[1] === '*' ? max : start;
    if (m[1] === '*' && m[3] === undefined) return null;
    const step = m[3] !== undefined ? parseNumber(m[3], `${what} step`, 1, Number.MAX_SAFE_INTEGER) : 1;
    if (end < start) throw new SpecError(`${what} range '${part}' runs backwards`);
    items.push({ start, end, step, ...(m[3] !== undefined && m[2] === undefined ? { openStep: true } : {}) });
  }
  return { items };
}

function matches(c: Component | null, v: number): boolean {
  if (c === null) return true;
  return c.items.some((it) =>
    it.down
      ? v >= 1 && v <= it.start && (it.start - v) % it.step === 0
      : v >= it.start && v <= it.end && (v - it.start) % it.step === 0,
  );
}

/** Values of a component within [min,max], ascending. */
function values(c: Component | null, min: number, max: number): number[] {
  const out: number[] = [];
  for (let v = min; v <= max; v++) if (matches(c, v)) out.push(v);
  return out;
}

/**
 * Parse an OnCalendar expression. `where` names the file:line (or option) for the error.
 * Throws InputError saying what was expected.
 */
export function parseCalendar(
  input: string,
  where: { file?: string; line?: number } = { file: '--schedule' },
): CalendarSpec {
  try {
    return parseCalendarInner(input);
  } catch (e) {
    if (e instanceof SpecError) {
      throw new InputError(
        `bad systemd calendar spec '${input}': ${e.message} (see systemd.time(7), e.g. 'daily', 'Mon..Fri 03:00', '*-*-* 06:25:00')`,
        where,
      );
    }
    throw e;
  }
}

function parseCalendarInner(input: string): CalendarSpec {
  let words = input
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  if (words.length === 0) throw new SpecError('empty');
  let zone: string | null = null;
  const last = words[words.length - 1]!;
  if (words.length > 1 && (last === 'UTC' || /^[A-Za-z][\w+-]*(?:\/[\w+-]+)+$/.test(last))) {
    if (!isValidZone(last)) throw new SpecError(`unknown time zone '${last}'`);
    zone = last;
    words = words.slice(0, -1);
  }
  let text = words.join(' ');
  // own keys only: 'constructor' or '__proto__' are not shorthands
  const short = Object.hasOwn(SHORTHANDS, text) ? SHORTHANDS[text] : undefined;
  if (short !== undefined) text = short;
  words = text.split(' ');

  let weekdays: Set<number> | null = null;
  if (words.length > 0 && /^[A-Za-z]/.test(words[0]!)) {
    weekdays = parseWeekdays(words.shift()!);
  }
  let dateText: string | null = null;
  let timeText: string | null = null;
  for (const w of words) {
    if (w.includes(':')) {
      if (timeText !== null) throw new SpecError(`two times given ('${timeText}', '${w}')`);
      timeText = w;
    } else if (w.includes('-') || w.includes('~')) {
      if (dateText !== null || timeText !== null)
        throw new SpecError(`unexpected '${w}' (expected [weekdays] [date] [time] [zone])`);
      dateText = w;
    } else {
      throw new SpecError(`unexpected '${w}' (expected [weekdays] [YYYY-MM-DD] [HH:MM[:SS]] [zone])`);
    }
  }

  let year: Component | null = null;
  let month: Component | null = null;
  let day: Component | null = null;
  let endOfMonth = false;
  if (dateText !== null) {
    let dayPart = dateText;
    let rest: string[];
    const tilde = dateText.lastIndexOf('~');
    if (tilde >= 0) {
      endOfMonth = true;
      rest = dateText.slice(0, tilde).split('-');
      dayPart = dateText.slice(tilde + 1);
      rest.push(dayPart);
    } else {
      rest = dateText.split('-');
    }
    if (rest.length === 3) {
      year = parseComponent(rest[0]!, 'year', 1970, 2199);
      month = parseComponent(rest[1]!, 'month', 1, 12);
      day = parseComponent(rest[2]!, 'day', 1, 31);
    } else if (rest.length === 2) {
      month = parseComponent(rest[0]!, 'month', 1, 12);
      day = parseComponent(rest[1]!, 'day', 1, 31);
    } else {
      throw new SpecError(`bad date '${dateText}' (expected [YYYY-]MM-DD)`);
    }
    if (endOfMonth && day !== null) {
      // `~S/P` counts down from the S-th last day; systemd-analyze 252 rejects S <= P
      // (checked: ~01/2, ~02/2, ~01/1 fail; ~02/1, ~03/2, ~05/3, ~07/1 work).
      for (const it of day.items) {
        if (it.openStep) {
          if (it.start <= it.step)
            throw new SpecError(
              `'~${it.start}/${it.step}': the step must be smaller than the day counted from the month's end`,
            );
          it.down = true;
          it.end = it.start;
        }
      }
    }
  }
  // Omitted time means 00:00:00; omitted seconds mean :00 (systemd.time(7)).
  let hour: Component | null = { items: [{ start: 0, end: 0, step: 1 }] };
  let minute: Component | null = { items: [{ start: 0, end: 0, step: 1 }] };
  let second: Component | null = { items: [{ start: 0, end: 0, step: 1 }] };
  if (timeText !== null) {
    const t = timeText.split(':');
    if (t.length < 2 || t.length > 3) throw new SpecError(`bad time '${timeText}' (expected HH:MM or HH:MM:SS)`);
    hour = parseComponent(t[0]!, 'hour', 0, 23);
    minute = parseComponent(t[1]!, 'minute', 0, 59);
    second = t[2] !== undefined ? parseComponent(t[2], 'second', 0, 59) : second;
  }
  const spec: CalendarSpec = {
    text: input.trim(),
    normalized: '',
    weekdays,
    year,
    month,
    day,
    endOfMonth,
    hour,
    minute,
    second,
    zone,
  };
  spec.normalized = normalize(spec);
  return spec;
}

function fmtComponent(c: Component | null, width: number, max: number): string {
  if (c === null) return '*';
  const pad = (n: number) => String(n).padStart(width, '0');
  return c.items
    .map((it) => {
      if (it.down) return `${pad(it.start)}/${it.step}`;
      if (it.start === it.end) return pad(it.start);
      if (it.step === 1) return `${pad(it.start)}..${pad(it.end)}`;
      return it.end === max ? `${pad(it.start)}/${it.step}` : `${pad(it.start)}..${pad(it.end)}/${it.step}`;
    })
    .join(',');
}

/** calendarspec.c format_weekdays: runs of three or more as `Mon..Fri`, shorter ones listed. */
function fmtWeekdays(set: Set<number>): string {
  const days = [...set].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < days.length;) {
    let j = i;
    while (j + 1 < days.length && days[j + 1] === days[j]! + 1) j++;
    if (j - i >= 2) parts.push(`${WEEKDAY_ABBR[days[i]!]}..${WEEKDAY_ABBR[days[j]!]}`);
    else for (let k = i; k <= j; k++) parts.push(WEEKDAY_ABBR[days[k]!]!);
    i = j + 1;
  }
  return parts.join(',');
}

function normalize(s: CalendarSpec): string {
  const parts: string[] = [];
  if (s.weekdays !== null) parts.push(fmtWeekdays(s.weekdays));
  parts.push(
    `${fmtComponent(s.year, 4, 2199)}-${fmtComponent(s.month, 2, 12)}${s.endOfMonth ? '~' : '-'}${fmtComponent(s.day, 2, 31)}`,
  );
  parts.push(`${fmtComponent(s.hour, 2, 23)}:${fmtComponent(s.minute, 2, 59)}:${fmtComponent(s.second, 2, 59)}`);
  if (s.zone !== null) parts.push(s.zone);
  return parts.join(' ');
}

function dayMatches(s: CalendarSpec, d: LocalDate): boolean {
  if (!matches(s.year, d.year) || !matches(s.month, d.month)) return false;
  const day = s.endOfMonth ? daysInMonth(d.year, d.month) - d.day + 1 : d.day;
  if (!matches(s.day, day)) return false;
  return s.weekdays === null || s.weekdays.has(isoWeekday(d) - 1);
}

/**
 * Elapse instants of the spec strictly after `after`, in ascending order, until `until` or
 * `limit` results. Wall-clock fields are interpreted in the spec's zone, else `zone`.
 */
export function calendarElapses(
  spec: CalendarSpec,
  after: Instant,
  until: Instant,
  zone: string,
  limit = 100000,
): Instant[] {
  const z = spec.zone ?? zone;
  const out: Instant[] = [];
  const hours = values(spec.hour, 0, 23);
  const minutes = values(spec.minute, 0, 59);
  const seconds = values(spec.second, 0, 59);
  let day = localDate(after, z);
  while (out.length < limit && startOfLocalDay(z, day) <= until) {
    if (!matches(spec.year, day.year) || !matches(spec.month, day.month)) {
      // skip the rest of a month the spec cannot match (yearly specs over long spans)
      day = firstOfNextMonth(day);
      continue;
    }
    if (dayMatches(spec, day)) {
      const resolve = dayResolver(z, day);
      for (const h of hours) {
        for (const mi of minutes) {
          for (const se of seconds) {
            const w = resolve(h, mi, se);
            // systemd find_next walks wall-clock fields and converts with mktime: a time inside
            // a spring-forward gap never elapses, a repeated one elapses at its first occurrence.
            if (w === null || w.kind === 'gap') continue;
            const t = w.kind === 'fold' ? w.earlier : w.t;
            if (t <= after) continue;
            if (t > until || out.length >= limit) return out;
            out.push(t);
          }
        }
      }
    }
    day = addDays(day, 1);
  }
  return out;
}
