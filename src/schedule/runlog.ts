// Logged runs: what the scheduler wrote when logrotate actually ran. Sources (sosreport.md §2.3,
// schedules.md §3): RHEL /var/log/cron (cronie run-parts and CROND lines), syslog / journal
// excerpts (systemd "Starting logrotate.service", "Reloading apache2.service"), and
// `systemctl list-timers --all` (the LAST column of logrotate.timer). These turn a window
// ("logrotate may have started between 03:06 and 03:57") into a moment.
import { InputError } from '../errors.js';
import type { Instant } from '../model.js';
import { resolveWallTime, type LocalDate } from '../time/wallclock.js';

export type LoggedRunKind = 'logrotate-start' | 'logrotate-end' | 'apache-reload' | 'postrotate-failed';

export interface LoggedRun {
  time: Instant;
  kind: LoggedRunKind;
  /** file:line */
  origin: string;
  /** who logged it: cron (run-parts, CROND, anacron) or systemd (journal, list-timers), or logrotate's own output */
  via: 'cron' | 'systemd' | 'logrotate';
  /** the logged message (after the syslog tag), for the report's observedRuns[].what */
  what?: string;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

// Message patterns. cronie src/run-parts.sh ("starting"/"finished" via logger -t run-parts(dir)),
// cronie src/do_command.c ("CMD (...)"), systemd job status lines with and without the unit
// name (StatusUnitFormat=combined in systemd ≥ 247/252, description-only before).
const PATTERNS: { re: RegExp; kind: LoggedRunKind; via: 'cron' | 'systemd' | 'logrotate' }[] = [
  // Debian/Ubuntu /etc/crontab runs cron.daily (where logrotate is) through run-parts; cron
  // (Debian's cron 3.0pl1 do_command.c) logs "CRON[pid]: (root) CMD (… run-parts … /etc/cron.daily …)"
  { re: /CROND?\[\d+\]: \(\S+\) CMD \(.*\brun-parts\b.*\/etc\/cron\.daily\b/, kind: 'logrotate-start', via: 'cron' },
  // anacron (anacron/runjob.c): "Job `cron.daily' started" / "Job `cron.daily' terminated"
  { re: /anacron\[\d+\]: Job [`'‘]cron\.daily' started/, kind: 'logrotate-start', via: 'cron' },
  { re: /anacron\[\d+\]: Job [`'‘]cron\.daily' terminated/, kind: 'logrotate-end', via: 'cron' },
  // logrotate's own verbose output (logrotate.c): "error: error running [shared ]postrotate script for …"
  {
    re: /error: error running (?:shared |non-shared )?postrotate script for /,
    kind: 'postrotate-failed',
    via: 'logrotate',
  },
  { re: /run-parts\(\S*\)\[\d+\]: starting logrotate\b/, kind: 'logrotate-start', via: 'cron' },
  { re: /run-parts\(\S*\)\[\d+\]: finished logrotate\b/, kind: 'logrotate-end', via: 'cron' },
  { re: /CROND?\[\d+\]: \(\S+\) CMD \(.*\blogrotate\s/, kind: 'logrotate-start', via: 'cron' },
  {
    re: /systemd\[1\]: Starting (?:logrotate\.service\b|Rotate log files\.\.\.)/,
    kind: 'logrotate-start',
    via: 'systemd',
  },
  {
    re: /systemd\[1\]: (?:Finished|Started) (?:logrotate\.service\b|Rotate log files\.)|systemd\[1\]: logrotate\.service: (?:Succeeded|Deactivated successfully)/,
    kind: 'logrotate-end',
    via: 'systemd',
  },
  {
    re: /systemd\[1\]: Reload(?:ing|ed) (?:(?:apache2|httpd)\.service\b|The Apache HTTP Server)/,
    kind: 'apache-reload',
    via: 'systemd',
  },
];

const LOGROTATE_RUN = { re: /^\s+Now: /, kind: 'logrotate-start', via: 'logrotate' } as const;

const isWordChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
/** a character of a syslog tag: [\w.()/-] */
const isTagChar = (c: number) => isWordChar(c) || c === 46 || c === 40 || c === 41 || c === 47 || c === 45;

/**
 * The message of a syslog/journal line (after the first "tag[pid]: " whose tag starts at a word
 * boundary past the first character), or the trimmed line. A linear walk: the regular expression
 * it replaces (`^\S.*?\b[\w.()/-]+\[\d+\]: (.*)$`) rescanned the tag characters from every start
 * position, ~5 s on a fuzzed 140 KB line.
 */
function message(line: string): string {
  if (line.length > 0 && !/\s/.test(line[0]!)) {
    const pid = /\[\d+\]: /g;
    for (let m = pid.exec(line); m !== null; m = pid.exec(line)) {
      let start = m.index;
      while (start > 0 && isTagChar(line.charCodeAt(start - 1))) start--;
      // (the runs of tag characters before successive "[pid]: " are disjoint: linear in all)
      for (let p = Math.max(start, 1); p < m.index; p++)
        if (isWordChar(line.charCodeAt(p - 1)) !== isWordChar(line.charCodeAt(p)))
          return line
            .slice(m.index + m[0].length)
            .trim()
            .slice(0, 300);
    }
  }
  return line.trim().slice(0, 300);
}

/**
 * `journalctl -o json` / `-o json-pretty` on one line: as `-o short-iso` would print it
 * (__REALTIME_TIMESTAMP is microseconds since the epoch; systemd/journal-fields.xml).
 */
function fromJournalJson(line: string): string {
  if (!line.startsWith('{')) return line;
  try {
    const j = JSON.parse(line) as Record<string, unknown>;
    const us = Number(j.__REALTIME_TIMESTAMP);
    const msg = j.MESSAGE;
    if (!Number.isFinite(us) || typeof msg !== 'string') return line;
    const ident = typeof j.SYSLOG_IDENTIFIER === 'string' ? j.SYSLOG_IDENTIFIER : 'journal';
    const pid = typeof j._PID === 'string' || typeof j._PID === 'number' ? String(j._PID) : '0';
    const iso = new Date(Math.floor(us / 1000)).toISOString().replace(/\.\d+Z$/, 'Z');
    return `${iso} ${ident}[${pid}]: ${msg}`;
  } catch {
    return line;
  }
}

const SYSLOG_TIME = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d\d):(\d\d):(\d\d)\s/;
const ISO_TIME = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.\d+)?(Z|[+-]\d\d:?\d\d)?\s/;

function toInstant(zone: string, d: LocalDate, h: number, mi: number, s: number): Instant | null {
  const w = resolveWallTime(zone, d, h, mi, s);
  if (w === null) return null;
  return w.kind === 'exact' ? w.t : w.kind === 'fold' ? w.earlier : w.after;
}

export interface SchedulerLog {
  runs: LoggedRun[];
  /** first and last timestamp in the file: outside it the log says nothing */
  span: { start: Instant; end: Instant } | null;
  /** cron when it holds cron/run-parts lines, systemd when journal lines, else null */
  via: 'cron' | 'systemd' | null;
  file: string;
}

/**
 * Read a cron log / syslog / journal text. Traditional syslog lines carry no year: the last
 * line is placed in `yearHint`'s year (or the year before, if that would put it after the hint),
 * and earlier lines step back a year whenever the month goes up while reading backwards.
 */
export function parseSchedulerLog(text: string, file: string, zone: string, yearHint: Instant): SchedulerLog {
  const lines = text.split(/\r?\n/).map(fromJournalJson);
  type Row = {
    idx: number;
    p: (typeof PATTERNS)[number] | null;
    month: number;
    day: number;
    h: number;
    mi: number;
    s: number;
    t: Instant | null;
    iso: boolean;
  };
  const rows: Row[] = [];
  let cronish = false;
  // logrotate's own verbose output: no timestamps but "  Now: 2026-11-16 06:25" per log considered
  // (logrotate.c, findNeedRotating); the first one after "reading config file" starts a run, and a
  // postrotate error takes the time of its run.
  let runTime: Instant | null = null;
  let runOpen = false;
  lines.forEach((line, idx) => {
    if (/^reading config file /.test(line)) runOpen = false;
    const now = /^\s+Now: (\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d)$/.exec(line);
    if (now) {
      if (runOpen) return;
      runOpen = true;
      const [y, mo, d, h, mi] = now.slice(1, 6).map(Number) as [number, number, number, number, number];
      runTime = toInstant(zone, { year: y, month: mo, day: d }, h, mi, 0);
      rows.push({ idx, p: LOGROTATE_RUN, month: mo, day: d, h, mi, s: 0, t: runTime, iso: true });
      return;
    }
    const p = PATTERNS.find((x) => x.re.test(line)) ?? null;
    if (p?.via === 'logrotate' && !ISO_TIME.test(line) && !SYSLOG_TIME.test(line)) {
      if (runTime !== null) rows.push({ idx, p, month: 0, day: 0, h: 0, mi: 0, s: 0, t: runTime, iso: true });
      return;
    }
    if (/\b(CROND?|crond|anacron|run-parts\(\S*\))\[\d+\]:/.test(line)) cronish = true;
    const iso = ISO_TIME.exec(line);
    if (iso) {
      const [y, mo, d, h, mi, s] = iso.slice(1, 7).map(Number) as [number, number, number, number, number, number];
      let t: Instant | null;
      if (iso[7]) {
        const off =
          iso[7] === 'Z'
            ? 0
            : (iso[7].startsWith('-') ? -1 : 1) * (Number(iso[7].slice(1, 3)) * 60 + Number(iso[7].slice(-2)));
        t = Date.UTC(y, mo - 1, d, h, mi, s) - off * 60000;
      } else t = toInstant(zone, { year: y, month: mo, day: d }, h, mi, s);
      rows.push({ idx, p, month: mo, day: d, h, mi, s, t, iso: true });
      return;
    }
    const m = SYSLOG_TIME.exec(line);
    if (!m) return;
    const month = MONTHS.indexOf(m[1]!.toLowerCase()) + 1;
    if (month === 0) {
      if (p) throw new InputError(`unknown month '${m[1]}' in a syslog timestamp`, { file, line: idx + 1 });
      return;
    }
    rows.push({
      idx,
      p,
      month,
      day: Number(m[2]),
      h: Number(m[3]),
      mi: Number(m[4]),
      s: Number(m[5]),
      t: null,
      iso: false,
    });
  });
  let year = new Date(yearHint).getUTCFullYear();
  let nextMonth: number | null = null;
  for (let i = rows.length - 1; i >= 0; i--) {
    const r = rows[i]!;
    if (r.iso) continue;
    if (nextMonth === null) {
      // the newest line: not after the hint (plus a day for zone differences)
      const probe = toInstant(zone, { year, month: r.month, day: r.day }, r.h, r.mi, r.s);
      if (probe !== null && probe > yearHint + 86400e3) year -= 1;
    } else if (r.month > nextMonth) year -= 1;
    nextMonth = r.month;
    r.t = toInstant(zone, { year, month: r.month, day: r.day }, r.h, r.mi, r.s);
  }
  const runs: LoggedRun[] = [];
  for (const r of rows)
    if (r.p && r.t !== null)
      runs.push({
        time: r.t,
        kind: r.p.kind,
        origin: `${file}:${r.idx + 1}`,
        via: r.p.via,
        what: message(lines[r.idx]!),
      });
  // a loop, not Math.min(...times): a journal has more lines than a call takes arguments
  let span: { start: Instant; end: Instant } | null = null;
  for (const r of rows) {
    if (r.t === null) continue;
    if (span === null) span = { start: r.t, end: r.t };
    else {
      if (r.t < span.start) span.start = r.t;
      if (r.t > span.end) span.end = r.t;
    }
  }
  const via = cronish ? 'cron' : runs.some((r) => r.via === 'systemd') || /systemd\[1\]:/.test(text) ? 'systemd' : null;
  return { runs, span, via, file };
}

/**
 * `systemctl list-timers --all` (sos_commands/systemd/systemctl_list-timers_--all): the LAST
 * column of logrotate.timer is the last time it started logrotate.service. Columns are
 * NEXT LEFT LAST PASSED UNIT ACTIVATES; times look like `Mon 2023-09-18 00:00:01 CEST` or `n/a`.
 */
export function parseListTimers(text: string, file: string, zone: string, unit = 'logrotate.timer'): LoggedRun[] {
  const out: LoggedRun[] = [];
  text.split(/\r?\n/).forEach((line, idx) => {
    if (!new RegExp(`\\s${unit.replace('.', '\\.')}\\s`).test(` ${line} `)) return;
    // the LAST time is the one followed by "… ago" (PASSED)
    const m = /(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?: \S+)?\s+(?:(?!\d{4}-)\S+\s+){0,4}?ago\b/.exec(line);
    if (!m) return;
    const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
    const t = toInstant(zone, { year: y, month: mo, day: d }, h, mi, s);
    if (t !== null) out.push({ time: t, kind: 'logrotate-start', origin: `${file}:${idx + 1}`, via: 'systemd' });
  });
  return out;
}
