// Which logrotate runs actually rotated the log. A daily run does not mean a daily rotation:
// RHEL's httpd stanza inherits the global `weekly`, SUSE's rotates by size. Rules after
// logrotate's findNeedRotating (logrotate.c; logrotate.md §1.4):
//   hourly/daily/monthly/yearly: the calendar field differs from the last rotation, so the first
//   run in each hour/day/month/year rotates; weekly N (3.12.0+): ≥7 days since the last rotation,
//   or ≥1 day and today is weekday N (default 0 = Sunday; 7 = every 7 days); `size` replaces the
//   time criterion; `minsize` and `notifempty` can veto; `maxsize` can force a rotation in any run.
//
// Policy (documented in README): windows are only *dropped* when certain evidence rules them out
// (a run on the same day as a certain rotation of a daily log, runs between the state file's
// last rotation and the moment the state file was captured). Everything else is kept, marked
// `likely` (frequency says this run rotates and nothing contradicts) or `possible` (a run that
// may not have rotated), with a reason.
import type { Instant, RotationWindow } from '../model.js';
import { formatLocal } from '../time/index.js';
import { addDays, formatDate, isoWeekday, localFields, resolveWallTime, startOfLocalDay } from '../time/wallclock.js';
import type { SchedulerLog } from './runlog.js';

export type Frequency =
  | { kind: 'hourly' }
  | { kind: 'daily' }
  /** weekday 0 = Sunday … 6 = Saturday, 7 = every seven days (logrotate `weekly [N]`) */
  | { kind: 'weekly'; weekday: number }
  | { kind: 'monthly'; day: number }
  | { kind: 'yearly' }
  /** logrotate `minutes N` (3.21+): rotate once N minutes have passed since the last rotation */
  | { kind: 'minutes'; minutes: number };

export interface RotationEvidence {
  /** the stanza's effective time criterion; null when none is set anywhere */
  frequency: Frequency | null;
  /** size criteria of the stanza: `size` replaces the frequency, `minsize` vetoes, `maxsize` forces */
  sizeBased: { directive: 'size' | 'minsize' | 'maxsize'; bytes: number } | null;
  notifempty: boolean;
  /** the log's entry in the logrotate state file: last rotation time (local time in the file) */
  stateEntry: { time: Instant; origin: string; capturedAt?: Instant | null } | null;
  /**
   * dateext siblings and the day (or hour) their name carries; with `dateyesterday` pass the
   * day after the name's date (the day of the run), since that is when the rotation happened.
   */
  datedSiblings: { name: string; date: string; origin: string }[];
  /** modification times of uncompressed rotated siblings (Apache logs the reload into the old file) */
  siblingMtimes: { name: string; mtime: Instant; origin: string }[];
  /** what the schedulers logged (parseSchedulerLog, parseListTimers): actual runs and reloads */
  logs?: SchedulerLog[];
}

/** How long a logged logrotate run is assumed to last when its end was not logged. */
export const LOGGED_RUN_MS = 5 * 60e3;

/** logrotate's frequency words as the logrotate stage reports them ("weekly 0", "monthly"…). */
export function frequencyFromText(text: string | null): Frequency | null {
  if (text === null) return null;
  const m = /^(hourly|daily|weekly|monthly|yearly)(?:\s+(\d+))?$/.exec(text.trim());
  if (!m) return null;
  const n = m[2] !== undefined ? Number(m[2]) : undefined;
  switch (m[1]) {
    case 'hourly':
      return { kind: 'hourly' };
    case 'daily':
      return { kind: 'daily' };
    case 'weekly':
      return { kind: 'weekly', weekday: n ?? 0 };
    case 'monthly':
      return { kind: 'monthly', day: n ?? 0 };
    default:
      return { kind: 'yearly' };
  }
}

const WEEKDAY = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
/** Slack after a window's end within which a rotated file's last write still points at that run. */
export const MTIME_SLACK_MS = 10 * 60e3;

function periodKey(f: Frequency | null, t: Instant, zone: string): string {
  const d = localFields(t, zone);
  switch (f?.kind) {
    case 'hourly':
      return `${formatDate(d)} ${d.hour}`;
    case 'monthly':
      return `${d.year}-${d.month}`;
    case 'yearly':
      return `${d.year}`;
    default:
      return formatDate(d);
  }
}

interface Working extends RotationWindow {
  drop?: boolean;
  logged?: boolean;
}

const LOG_SLACK_MS = 2 * 60e3;

/**
 * Logged runs turn windows into moments: a window holding a logged logrotate start shrinks to
 * [start, logged end or start + 5 min]; a logged start no window explains gets its own window;
 * and, within the time a scheduler log covers, windows of that scheduler without a logged start
 * did not run (machine off, job disabled) and are dropped.
 */
function applyLogs(ws: Working[], logs: SchedulerLog[], zone: string): void {
  const action = ws[0]?.action ?? 'unknown';
  // Logged runs far outside the windows asked about (a log reaching back months) are not added;
  // with no windows at all (no schedule known) every logged run is.
  // loops, not Math.min(...spread): windows can outnumber the arguments a call takes
  let hullStart = ws.length ? Infinity : -Infinity;
  let hullEnd = ws.length ? -Infinity : Infinity;
  for (const w of ws) {
    if (w.start < hullStart) hullStart = w.start;
    if (w.end > hullEnd) hullEnd = w.end;
  }
  for (const log of logs) {
    const runs = [...log.runs].sort((a, b) => a.time - b.time);
    for (const r of runs) {
      if (r.kind !== 'logrotate-start') continue;
      const end =
        runs.find(
          (e) => e.kind === 'logrotate-end' && e.via === r.via && e.time >= r.time && e.time <= r.time + 3 * 3600e3,
        )?.time ?? r.time + LOGGED_RUN_MS;
      const why = `logged: logrotate started at ${formatLocal(r.time, zone)} (${r.origin})`;
      const hits = ws.filter((w) => !w.drop && r.time >= w.start - LOG_SLACK_MS && r.time <= w.end + LOG_SLACK_MS);
      for (const w of hits) {
        w.start = r.time;
        w.end = Math.max(end, r.time + 60e3);
        w.reason = why;
        w.logged = true;
      }
      if (hits.length === 0 && r.time >= hullStart && r.time <= hullEnd) {
        ws.push({
          start: r.time,
          end: Math.max(end, r.time + 60e3),
          source: r.via === 'logrotate' ? 'logrotate-log' : r.via,
          spec: 'logged run',
          origin: r.origin,
          action,
          likelihood: 'possible',
          reason: `${why}; no known schedule has a run then`,
          logged: true,
        });
      }
    }
    if (log.span && log.via) {
      const kinds = log.via === 'cron' ? ['cron', 'anacron'] : ['systemd'];
      for (const w of ws) {
        if (w.logged || !kinds.includes(w.source) || w.start < log.span.start || w.end > log.span.end) continue;
        w.drop = true;
      }
    }
  }
}

function base(w: Working, firstOfPeriod: boolean, ev: RotationEvidence, zone: string, prevStart: Instant | null): void {
  const f = ev.frequency;
  const local = localFields(w.start, zone);
  const keep = w.reason ? `; ${w.reason}` : '';
  if (ev.sizeBased?.directive === 'size' || f === null) {
    w.likelihood = 'possible';
    w.reason =
      ev.sizeBased?.directive === 'size'
        ? `size-based stanza (size ${ev.sizeBased.bytes} bytes): rotates only in a run after the log passed that size${keep}`
        : `no frequency set: logrotate's built-in criterion is size ≥ 1 MiB, so only some runs rotate${keep}`;
    return;
  }
  let likely = false;
  let why = '';
  switch (f.kind) {
    case 'minutes':
      // a run at least N minutes after the previous rotation rotates
      likely = prevStart === null || w.start - prevStart >= f.minutes * 60e3;
      why = likely
        ? `minutes ${f.minutes} stanza: ${f.minutes} minutes have passed since the previous rotation`
        : `minutes ${f.minutes} stanza: less than ${f.minutes} minutes since the previous rotation`;
      break;
    case 'hourly':
    case 'daily':
      likely = firstOfPeriod;
      why = likely
        ? `${f.kind} stanza: the first run of the ${f.kind === 'hourly' ? 'hour' : 'day'} rotates`
        : `${f.kind} stanza: an earlier run this ${f.kind === 'hourly' ? 'hour' : 'day'} already rotated`;
      break;
    case 'weekly':
      if (f.weekday === 7) {
        why =
          'weekly 7: rotates once seven days have passed since the last rotation; which run is not known without the state file';
      } else {
        likely = firstOfPeriod && isoWeekday(local) % 7 === f.weekday;
        why = likely
          ? `weekly stanza: the first run on ${WEEKDAY[f.weekday]} rotates`
          : `weekly stanza (rotates on ${WEEKDAY[f.weekday]}): this run rotates only if 7 days have passed since the last rotation`;
      }
      break;
    case 'monthly':
      likely = firstOfPeriod && (f.day === 0 ? true : local.day === f.day);
      why = likely
        ? 'monthly stanza: the first run of the month rotates'
        : 'monthly stanza: this run rotates only if the month changed since the last rotation';
      break;
    case 'yearly':
      likely = firstOfPeriod;
      why = likely
        ? 'yearly stanza: the first run of the year rotates'
        : 'yearly stanza: an earlier run this year already rotated';
      break;
  }
  if (likely && ev.sizeBased?.directive === 'minsize') {
    likely = false;
    why += ` if the log is larger than minsize ${ev.sizeBased.bytes} bytes`;
  }
  if (!likely && ev.sizeBased?.directive === 'maxsize')
    why += `; maxsize ${ev.sizeBased.bytes}: any run rotates a log past that size`;
  if (likely && ev.notifempty) why += ' (unless the log was empty: notifempty)';
  w.likelihood = likely ? 'likely' : 'possible';
  w.reason = why + keep;
}

/** logrotate.c daysElapsed: whole calendar days between two local dates (time of day ignored). */
function calendarDays(a: Instant, b: Instant, zone: string): number {
  const x = localFields(a, zone);
  const y = localFields(b, zone);
  return Math.round((Date.UTC(y.year, y.month - 1, y.day) - Date.UTC(x.year, x.month - 1, x.day)) / 86400e3);
}

function dayBounds(date: string, zone: string): { start: Instant; end: Instant } | null {
  const m = /^(\d{4})-?(\d\d)-?(\d\d)(?:[T ]?(\d\d))?$/.exec(date);
  if (!m) return null;
  const day = { year: +m[1]!, month: +m[2]!, day: +m[3]! };
  if (m[4] === undefined) return { start: startOfLocalDay(zone, day), end: startOfLocalDay(zone, addDays(day, 1)) - 1 };
  const w = resolveWallTime(zone, day, +m[4], 0);
  if (w === null) return null;
  const start = w.kind === 'gap' ? w.after : w.kind === 'fold' ? w.earlier : w.t;
  return { start, end: (w.kind === 'fold' ? w.later : start) + 3600e3 - 1 };
}

/**
 * Raise or lower each window's likelihood with the evidence, and add windows the evidence
 * proves but no schedule explains (source 'state-file' or 'sibling'). Returns a new array.
 */
export function narrowWindows(windows: RotationWindow[], evidence: RotationEvidence, zone: string): RotationWindow[] {
  const ws: Working[] = windows.map((w) => ({ ...w }));
  if (evidence.logs?.length) applyLogs(ws, evidence.logs, zone);
  ws.sort((a, b) => a.start - b.start);
  const f = evidence.frequency;

  // 1. Frequency: the first run of each period (windows overlapping the earliest one count as the
  //    same run seen through several sources).
  const firstEnd = new Map<string, Instant>();
  let prevStart: Instant | null = null;
  for (const w of ws) {
    if (w.drop) continue;
    const key = periodKey(f, w.start, zone);
    const fe = firstEnd.get(key);
    const first = fe === undefined || w.start <= fe;
    if (fe === undefined) firstEnd.set(key, w.end);
    base(w, first, evidence, zone, prevStart);
    if (w.likelihood === 'likely') prevStart = w.start;
  }

  const certain: Working[] = [];
  const markCertain = (w: Working, why: string) => {
    w.likelihood = 'certain';
    w.reason = why;
    certain.push(w);
  };
  const action = ws[0]?.action ?? 'unknown';
  const extra = (
    start: Instant,
    end: Instant,
    source: 'state-file' | 'sibling',
    spec: string,
    origin: string,
    reason: string,
  ): Working => {
    const w: Working = { start, end, source, spec, origin, action, likelihood: 'certain', reason };
    ws.push(w);
    certain.push(w);
    return w;
  };

  // 2. The state file's last rotation time falls in exactly one run.
  const st = evidence.stateEntry;
  if (st) {
    const when = formatLocal(st.time, zone);
    const hit = ws.find((w) => st.time >= w.start - 60e3 && st.time <= w.end + 60e3);
    if (hit) markCertain(hit, `state file ${st.origin} records the last rotation at ${when}`);
    else
      extra(
        st.time,
        st.time + 60e3,
        'state-file',
        when,
        st.origin,
        `state file records the last rotation at ${when}; no known schedule explains it (manual run, or a missed run at boot with Persistent=true)`,
      );
    for (const w of ws) {
      if (w.likelihood === 'certain' || w.start <= st.time) continue;
      if (st.capturedAt != null && w.end < st.capturedAt) {
        w.drop = true;
      } else if (w.likelihood === 'likely') {
        w.likelihood = 'possible';
        w.reason = `${w.reason ?? ''}; after the state file's last rotation (${when}): did not rotate if the state file was taken later`;
      }
    }
  }

  // 3. Dated siblings: the rotation ran on that day (or in that hour).
  for (const s of evidence.datedSiblings) {
    const b = dayBounds(s.date, zone);
    if (!b) continue;
    const inDay = ws.filter((w) => !w.drop && w.start >= b.start && w.start <= b.end);
    const already = inDay.find((w) => w.likelihood === 'certain');
    if (already) continue;
    const why = `dated sibling ${s.name} (${s.origin}) shows a rotation on ${s.date}`;
    if (inDay.length === 1) markCertain(inDay[0]!, why);
    else if (inDay.length > 1 && f !== null && f.kind !== 'hourly') {
      // Daily or coarser: only the first run of that day can have rotated.
      markCertain(inDay[0]!, `${why}; the first run that day`);
    } else if (inDay.length > 1) {
      for (const w of inDay) if (w.likelihood !== 'certain') w.likelihood = 'likely';
      for (const w of inDay) w.reason = `${why}; one of ${inDay.length} runs that day`;
    } else
      extra(
        b.start,
        b.end,
        'sibling',
        s.name,
        s.origin,
        `${why}; no known schedule has a run that day, so the whole day is the window`,
      );
  }

  // 4. A rotated file's last write: Apache logs the graceful restart into the renamed file.
  for (const m of evidence.siblingMtimes) {
    const hit = ws.find((w) => !w.drop && m.mtime >= w.start && m.mtime <= w.end + MTIME_SLACK_MS);
    if (hit && hit.likelihood !== 'certain') {
      markCertain(
        hit,
        `rotated file ${m.name} was last written at ${formatLocal(m.mtime, zone)} (${m.origin}), during this run`,
      );
    }
  }

  // 4b. A logged Apache reload inside a logrotate run is the rotation's postrotate.
  for (const log of evidence.logs ?? []) {
    for (const r of log.runs) {
      if (r.kind !== 'apache-reload') continue;
      const hit = ws.find((w) => !w.drop && r.time >= w.start - 60e3 && r.time <= w.end + MTIME_SLACK_MS);
      if (hit && hit.likelihood !== 'certain')
        markCertain(
          hit,
          `${hit.reason ? `${hit.reason}; ` : ''}Apache reloaded at ${formatLocal(r.time, zone)} (${r.origin}) during this run`,
        );
    }
  }

  // 4c. weekly: from a certain rotation, logrotate.c findNeedRotating decides the next one
  //     exactly: 7+ calendar days later, or 1+ day later on the stanza's weekday.
  if (f?.kind === 'weekly' && evidence.sizeBased?.directive !== 'size') {
    const live = ws.filter((w) => !w.drop).sort((a, b) => a.start - b.start);
    for (const anchor of [...certain].sort((a, b) => a.start - b.start)) {
      let last = anchor;
      const seenDays = new Set<string>([formatDate(localFields(anchor.start, zone))]);
      for (const w of live) {
        if (w.start <= anchor.start || w === anchor) continue;
        if (w.likelihood === 'certain') break;
        const day = formatDate(localFields(w.start, zone));
        if (seenDays.has(day)) continue; // not the first run of its day
        seenDays.add(day);
        const days = calendarDays(last.start, w.start, zone);
        const rotates = days >= 7 || (days >= 1 && isoWeekday(localFields(w.start, zone)) % 7 === f.weekday);
        const since = `the rotation at ${formatLocal(last.start, zone)}`;
        if (rotates) {
          w.likelihood = 'likely';
          w.reason = `weekly stanza: ${days} day${days === 1 ? '' : 's'} after ${since}, so this run rotates${evidence.notifempty ? ' (unless the log was empty: notifempty)' : ''}`;
          last = w;
        } else {
          w.likelihood = 'possible';
          w.reason = `weekly stanza: only ${days} day${days === 1 ? '' : 's'} after ${since}${evidence.sizeBased?.directive === 'maxsize' ? '; maxsize can still force a rotation' : ''}`;
        }
      }
    }
  }

  // 4b. A logged logrotate run in which the stanza was due (likely): it rotated then.
  for (const w of ws) {
    if (!w.logged || w.drop || w.likelihood !== 'likely') continue;
    w.likelihood = 'certain';
    w.reason = `${w.reason ?? ''}; the stanza was due in this logged run`;
    certain.push(w);
  }

  // 5. A certain rotation rules out the other runs of the same period for hourly/daily/monthly/
  //    yearly stanzas (logrotate rotates at most once per period and per run).
  if (
    f !== null &&
    f.kind !== 'weekly' &&
    f.kind !== 'minutes' &&
    evidence.sizeBased?.directive !== 'size' &&
    evidence.sizeBased?.directive !== 'maxsize'
  ) {
    for (const c of certain) {
      const key = periodKey(f, c.start, zone);
      for (const w of ws) {
        // Before or after: had another run of this period rotated, this one would not have.
        if (w === c || w.likelihood === 'certain') continue;
        if (periodKey(f, w.start, zone) === key) w.drop = true;
      }
    }
  }

  return ws
    .filter((w) => !w.drop)
    .map(({ drop: _drop, logged: _logged, ...w }) => w)
    .sort((a, b) => a.start - b.start || a.end - b.end);
}
