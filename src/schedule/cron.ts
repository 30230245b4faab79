// Cron time specs: 5 fields or an @macro, evaluated the way the cron daemon on the host does.
// Field values come from cron-parser (v5); day matching and DST handling follow the daemons,
// because cron-parser differs from them (pinned in test/schedule/cron.test.ts):
//  * cronie / vixie / Debian cron (cronie src/cron.c main loop, "wakeupKind"): a jump forward of
//    5 min–3 h (spring forward) runs the *fixed-time* jobs of every skipped minute at once, right
//    after the jump; *wildcard* jobs (minute or hour field starting with `*`, flags MIN_STAR |
//    HR_STAR from src/entry.c) run for the current minute only. A jump back of up to 3 h (fall
//    back) runs only wildcard jobs until the clock catches up, so fixed-time jobs in the repeated
//    hour run once, at their first occurrence. cron-parser instead moves a 02:30 job to 03:30.
//  * cronie day matching (src/cron.c find_jobs): if either day field *starts with* `*` (DOM_STAR
//    / DOW_STAR, so `*/2` counts as a star) the day must match both fields, else either.
//  * busybox crond (Alpine; miscutils/crond.c flag_starting_jobs) and cronie jobs with CRON_TZ:
//    every real minute is matched against local time, so a time in a spring-forward gap never
//    runs and a time in a repeated hour runs twice.
import { CronExpressionParser } from 'cron-parser';
import { InputError } from '../errors.js';
import type { Instant } from '../model.js';
import { addDays, dayResolver, isoWeekday, localDate, startOfLocalDay, type LocalDate } from '../time/wallclock.js';

export type CronFlavor = 'vixie' | 'busybox';

export interface CronSpec {
  /** as written: "25 6 * * *" or "@daily" */
  text: string;
  /** the five fields the text stands for ("0 0 * * *" for @daily) */
  fields: string;
  minutes: number[];
  hours: number[];
  /** day-of-month values 1..31 */
  doms: Set<number>;
  months: Set<number>;
  /** day-of-week values 0..6, Sunday = 0 (7 folded into 0) */
  dows: Set<number>;
  /** cronie MIN_STAR | HR_STAR: a "wildcard" job for the DST rules */
  wild: boolean;
  domStar: boolean;
  dowStar: boolean;
}

// cronie src/entry.c: the @-macros and what they set (including the HR_STAR of @hourly).
export const CRON_MACROS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

const FIELD_INFO: { name: string; min: number; max: number; names?: string[] }[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day-of-month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  },
  { name: 'day-of-week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

function fieldValue(text: string, f: (typeof FIELD_INFO)[number]): number {
  if (/^\d+$/.test(text)) {
    const v = Number(text);
    if (v < f.min || v > f.max) throw new Error(`${f.name} field: ${v} is out of range ${f.min}–${f.max}`);
    return v;
  }
  const i = f.names?.indexOf(text.toLowerCase()) ?? -1;
  if (i < 0) {
    const what = f.names ? `a number ${f.min}–${f.max} or a name such as ${f.names[0]}` : `a number ${f.min}–${f.max}`;
    throw new Error(`${f.name} field: '${text}' is not ${what}`);
  }
  return f.name === 'month' ? i + 1 : i;
}

/** Validates one field in the vixie grammar (cronie src/entry.c get_list/get_range). */
function checkField(text: string, f: (typeof FIELD_INFO)[number]): void {
  for (const part of text.split(',')) {
    if (part.includes('~'))
      throw new Error(
        `${f.name} field: random ranges ('${part}', cronie ≥1.6) are not supported; give the time with --schedule`,
      );
    const m = /^(\*|[A-Za-z0-9]+)(?:-([A-Za-z0-9]+))?(?:\/(\d+))?$/.exec(part);
    if (!m || (m[1] === '*' && m[2] !== undefined)) {
      throw new Error(`${f.name} field: '${part}' is not '*', a value, a range a-b, a list a,b or a step */n`);
    }
    const a = m[1] === '*' ? f.min : fieldValue(m[1]!, f);
    const b = m[2] !== undefined ? fieldValue(m[2], f) : a;
    if (b < a) throw new Error(`${f.name} field: range '${part}' runs backwards`);
    if (m[3] !== undefined && Number(m[3]) === 0) throw new Error(`${f.name} field: step 0 in '${part}'`);
  }
}

/**
 * Parse a cron time spec (5 fields or an @macro). `@reboot` is not a schedule.
 * Throws InputError naming `where` and the field at fault.
 */
export function parseCron(text: string, where: { file?: string; line?: number } = { file: '--schedule' }): CronSpec {
  const trimmed = text.trim();
  const fail = (msg: string): never => {
    throw new InputError(`bad cron schedule '${trimmed}': ${msg}`, where);
  };
  let fieldsText = trimmed;
  if (trimmed.startsWith('@')) {
    const key = trimmed.toLowerCase();
    const macro = Object.hasOwn(CRON_MACROS, key) ? CRON_MACROS[key] : undefined;
    if (trimmed.toLowerCase() === '@reboot')
      fail(
        '@reboot runs once at boot, not on a schedule (expected @hourly, @daily, @midnight, @weekly, @monthly, @yearly or @annually)',
      );
    if (macro === undefined)
      fail('unknown macro (expected @hourly, @daily, @midnight, @weekly, @monthly, @yearly or @annually)');
    fieldsText = macro!;
  }
  const fields = fieldsText.split(/\s+/);
  if (fields.length !== 5) fail(`expected 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}`);
  try {
    fields.forEach((f, i) => checkField(f, FIELD_INFO[i]!));
  } catch (e) {
    fail((e as Error).message);
  }
  let parsed;
  try {
    parsed = CronExpressionParser.parse(fields.join(' '));
  } catch (e) {
    return fail((e as Error).message);
  }
  const f = parsed.fields;
  return {
    text: trimmed,
    fields: fields.join(' '),
    minutes: [...f.minute.values].map(Number).sort((a, b) => a - b),
    hours: [...f.hour.values].map(Number).sort((a, b) => a - b),
    doms: new Set([...f.dayOfMonth.values].map(Number).filter((v) => Number.isInteger(v))),
    months: new Set([...f.month.values].map(Number)),
    dows: new Set([...f.dayOfWeek.values].map((v) => Number(v) % 7)),
    // @hourly sets HR_STAR in cronie even though it expands to "0 * …"
    wild: fields[0]!.startsWith('*') || fields[1]!.startsWith('*'),
    domStar: fields[2]!.startsWith('*'),
    dowStar: fields[4]!.startsWith('*'),
  };
}

/**
 * busybox crond.c ParseField fills the day-of-month array (indexes 0..31) from 0 for `*`, so
 * `*\/2` selects the even days there, where vixie/cronie start at 1 (odd days).
 */
function busyboxDoms(s: CronSpec): Set<number> {
  const field = s.fields.split(' ')[2]!;
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const m = /^\*(?:\/(\d+))?$/.exec(part);
    if (!m) {
      for (const v of parseCron(`0 0 ${part} * *`).doms) out.add(v);
      continue;
    }
    const step = Number(m[1] ?? '1');
    for (let v = 0; v <= 31; v += step) if (v >= 1) out.add(v);
    if (step === 1) out.add(0);
  }
  return out;
}

function dayMatches(s: CronSpec, d: LocalDate, flavor: CronFlavor, bbDoms: Set<number> | null): boolean {
  if (!s.months.has(d.month)) return false;
  const dom = (bbDoms ?? s.doms).has(d.day);
  const dow = s.dows.has(isoWeekday(d) % 7);
  if (flavor === 'busybox') {
    // busybox crond.c FixDayDow: a full field yields to the other one; otherwise either matches.
    const domFull = (bbDoms ?? s.doms).size >= 31;
    const dowFull = s.dows.size === 7;
    if (domFull && !dowFull) return dow;
    if (dowFull && !domFull) return dom;
    return dom || dow;
  }
  return s.domStar || s.dowStar ? dom && dow : dom || dow;
}

/**
 * Start instants of the job in (after, until], ascending. `zone` is the daemon's zone (or
 * CRON_TZ); `plain` selects per-minute matching (busybox crond, cronie CRON_TZ jobs).
 */
export function cronRuns(
  spec: CronSpec,
  after: Instant,
  until: Instant,
  zone: string,
  flavor: CronFlavor = 'vixie',
  cronTz = false,
  limit = Infinity,
): Instant[] {
  const plain = flavor === 'busybox' || cronTz;
  const out = new Set<Instant>();
  const add = (t: Instant) => {
    if (t > after && t <= until) out.add(t);
  };
  const bbDoms = flavor === 'busybox' ? busyboxDoms(spec) : null;
  let day = localDate(after, zone);
  while (startOfLocalDay(zone, day) <= until) {
    if (dayMatches(spec, day, flavor, bbDoms)) {
      const resolve = dayResolver(zone, day);
      for (const h of spec.hours) {
        for (const mi of spec.minutes) {
          const w = resolve(h, mi);
          if (w === null) continue;
          if (w.kind === 'gap') {
            // Skipped by the jump: cronie runs fixed-time jobs right after it, nothing else does.
            if (!plain && !spec.wild) add(w.after);
          } else if (w.kind === 'fold') {
            // Repeated by the fall-back: cronie runs fixed-time jobs once, wildcard jobs (and
            // busybox / CRON_TZ matching) both times.
            add(w.earlier);
            if (plain || spec.wild) add(w.later);
          } else add(w.t);
        }
      }
    }
    // a day adds at most 1440 runs (twice that on a fall-back day): the cap overshoots by little
    if (out.size > limit) break;
    day = addDays(day, 1);
  }
  const runs = [...out].sort((a, b) => a - b);
  return runs.length > limit ? runs.slice(0, limit + 1) : runs;
}
