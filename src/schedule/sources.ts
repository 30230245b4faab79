// Schedule sources: who starts logrotate, when, and the shape of the window around each start.
// A source is data; expand.ts turns it into concrete RotationWindows over the analysed span.
import { InputError } from '../errors.js';
import type { ScheduleSource } from '../model.js';
import { parseAnacrontab, type AnacronJob } from './anacron.js';
import { parseCalendar, type CalendarSpec } from './calendar.js';
import { parseCron, type CronFlavor, type CronSpec } from './cron.js';
import {
  classifyCommand,
  cronDIgnores,
  crontabKindForPath,
  findInRunParts,
  parseCrontab,
  type CrontabEntry,
  type CrontabKind,
  type Guard,
  type RunPartsDir,
} from './crontab.js';
import { parseTimerUnit, type TimerUnit } from './timer.js';

/** Allowance for cron: the daemon starts jobs within the minute (cronie wakes at :00 + a few s). */
export const CRON_START_MS = 60e3;
/**
 * Allowance for run-parts: scripts sorted before `logrotate` in cron.daily (apt-compat,
 * dpkg, man-db …) run first, one after another. Real RHEL /var/log/cron trails show logrotate
 * starting within a few minutes of cron.daily (schedules.md §2.3).
 */
export const RUN_PARTS_MS = 5 * 60e3;

export type Trigger =
  | {
      kind: 'cron';
      cron: CronSpec;
      /** CRON_TZ (evaluate in that zone) or null for the daemon's zone */
      cronTz: string | null;
      flavor: CronFlavor;
      /** window after each start: cron start + run-parts allowance + cronie RANDOM_DELAY */
      spreadMs: number;
    }
  | {
      kind: 'calendar';
      calendars: CalendarSpec[];
      /** systemd: [elapse, elapse + RandomizedDelaySec + AccuracySec] */
      spreadMs: number;
      persistent: boolean;
    }
  | {
      kind: 'anacron';
      /** what starts anacron (RHEL 0hourly → 0anacron, Debian cron.d/anacron, anacron.timer) */
      starter: Exclude<Trigger, { kind: 'anacron' }>;
      starterOrigin: string;
      job: AnacronJob;
      startHours: { from: number; to: number } | null;
      randomDelayMinutes: number;
      /** after the job starts: run-parts allowance */
      spreadMs: number;
    };

export interface ScheduleSourceDef {
  source: ScheduleSource;
  spec: string;
  origin: string;
  trigger: Trigger;
  /** conditions under which this source does nothing (read from guards in the files) */
  guards: Guard[];
  /** what runs, e.g. "run-parts /etc/cron.daily → /etc/cron.daily/logrotate" */
  via: string;
  assumption: boolean;
}

// ---------------------------------------------------------------------------
// --schedule

/** `--schedule` value: 5-field cron, a cron @macro, or `systemd:<OnCalendar>`. */
export function parseScheduleOption(text: string): ScheduleSourceDef {
  const t = text.trim();
  const where = { file: '--schedule' };
  if (t === '')
    throw new InputError(
      `empty schedule (expected a cron expression such as "25 6 * * *", a macro such as @daily, or systemd:<OnCalendar> such as systemd:daily)`,
      where,
    );
  if (/^systemd:/i.test(t)) {
    const cal = parseCalendar(t.slice('systemd:'.length), where);
    return {
      source: 'schedule',
      spec: t,
      origin: '--schedule',
      // A bare OnCalendar= has systemd's default AccuracySec=1min.
      trigger: { kind: 'calendar', calendars: [cal], spreadMs: 60e3, persistent: false },
      guards: [],
      via: 'given on the command line',
      assumption: false,
    };
  }
  if (!t.startsWith('@') && t.split(/\s+/).length !== 5) {
    throw new InputError(
      `cannot read schedule '${t}' (expected a 5-field cron expression such as "25 6 * * *", a macro such as @daily, or systemd:<OnCalendar> such as "systemd:daily" or "systemd:Mon..Fri 03:00")`,
      where,
    );
  }
  const cron = parseCron(t, where);
  return {
    source: 'schedule',
    spec: t,
    origin: '--schedule',
    trigger: { kind: 'cron', cron, cronTz: null, flavor: 'vixie', spreadMs: CRON_START_MS },
    guards: [],
    via: 'given on the command line',
    assumption: false,
  };
}

// ---------------------------------------------------------------------------
// Files

export interface ScheduleFiles {
  /** crontabs of any kind; kind defaults from the path (crontabKindForPath) */
  crontabs?: { path: string; text: string; kind?: CrontabKind; flavor?: CronFlavor }[];
  anacrontabs?: { path: string; text: string }[];
  /** timer units with their drop-ins (in application order) */
  timers?: { path: string; text: string; dropIns?: { path: string; text: string }[] }[];
  /** listings of run-parts directories (/etc/cron.daily …), scripts' text where collected */
  runParts?: RunPartsDir[];
  /**
   * What is known of the host: is systemd PID 1 (/run/systemd/system exists)? is anacron
   * installed (/usr/sbin/anacron)? null = unknown: guarded sources are kept and say so.
   */
  host?: { systemd: boolean | null; anacron: boolean | null };
  /**
   * Discovered (not named on the command line): a bad crontab line becomes a note and is
   * skipped, as cron does, instead of stopping the analysis.
   */
  lenient?: boolean;
}

export interface CollectedSchedules {
  sources: ScheduleSourceDef[];
  /** what was skipped and why, what was assumed */
  notes: string[];
}

function runPartsFor(dir: string, files: ScheduleFiles): RunPartsDir | null {
  const norm = (p: string) => p.replace(/\/+$/, '');
  return files.runParts?.find((d) => norm(d.dir) === norm(dir) || norm(d.dir).endsWith(norm(dir))) ?? null;
}

type StarterTrigger = Exclude<Trigger, { kind: 'anacron' }>;

function cronTrigger(e: CrontabEntry, flavor: CronFlavor, spreadMs: number): StarterTrigger {
  return { kind: 'cron', cron: e.spec!, cronTz: e.cronTz, flavor, spreadMs: spreadMs + e.randomDelayMinutes * 60e3 };
}

function timerTrigger(t: TimerUnit): StarterTrigger {
  return {
    kind: 'calendar',
    calendars: t.calendars.map((c) => c.spec),
    spreadMs: t.randomizedDelayMs + t.accuracyMs,
    persistent: t.persistent,
  };
}

function applies(guards: Guard[], host: ScheduleFiles['host']): { keep: boolean; why: string | null } {
  for (const g of guards) {
    if (g === 'no-systemd' && host?.systemd === true)
      return { keep: false, why: 'does nothing while systemd runs (checks /run/systemd/system)' };
    if (g === 'no-anacron' && host?.anacron === true)
      return { keep: false, why: 'does nothing when anacron is installed (anacron runs the job instead)' };
    if (g === 'needs-systemd' && host?.systemd === false)
      return { keep: false, why: 'a systemd timer, but the host does not run systemd' };
  }
  return { keep: true, why: null };
}

/**
 * Find every source that starts logrotate in the given files. Guards in the commands and
 * scripts (Debian's `test -x /usr/sbin/anacron ||`, cron.daily/logrotate's
 * `[ -d /run/systemd/system ]`) are resolved against `host` when it is known.
 */
export function collectSources(files: ScheduleFiles): CollectedSchedules {
  const sources: ScheduleSourceDef[] = [];
  const notes: string[] = [];
  const host = files.host ?? { systemd: null, anacron: null };
  const starters: { trigger: StarterTrigger; origin: string; spec: string; guards: Guard[] }[] = [];

  const unlisted = new Set<string>();
  // Bad lines in files nobody asked about (--root): the first few are named, the rest counted,
  // so a 200,000-line garbage file gives a dozen warnings, not 200,000.
  const skippedCount = new Map<string, number>();
  const skipped =
    (what: string) =>
    (e: InputError): void => {
      const file = e.file ?? '';
      const n = (skippedCount.get(file) ?? 0) + 1;
      skippedCount.set(file, n);
      if (n <= MAX_SKIPPED_NAMED) notes.push(`${e.describe()} (line skipped, as ${what} does)`);
    };
  // The same job written twice (or 5,000 times) starts logrotate at the same times: kept once,
  // so the windows (and the notes) do not multiply.
  const seenSources = new Map<string, { origin: string; again: number }>();
  const add = (s: ScheduleSourceDef, what: string) => {
    const t = s.trigger;
    const key = JSON.stringify([
      s.source,
      s.spec,
      s.via,
      s.guards,
      t.kind === 'anacron' ? { ...t, job: { ...t.job, file: '', line: 0 } } : t,
    ]);
    const seen = seenSources.get(key);
    if (seen) {
      seen.again++;
      return;
    }
    seenSources.set(key, { origin: s.origin, again: 0 });
    const a = applies(s.guards, host);
    // e.g. Debian's anacron.timer → anacron → cron.daily/logrotate, which exits under systemd
    if (s.guards.includes('no-systemd') && s.guards.includes('needs-systemd'))
      notes.push(
        `${s.origin}: ${what} skipped: it needs systemd, and the logrotate script it runs exits under systemd`,
      );
    else if (!a.keep) notes.push(`${s.origin}: ${what} skipped: ${a.why}`);
    else sources.push(s);
  };

  for (const c of files.crontabs ?? []) {
    const base = c.path.split('/').pop() ?? c.path;
    if (/\/cron\.d\/[^/]+$/.test(c.path) && cronDIgnores(base)) {
      // Debian ships /etc/cron.d/.placeholder: not worth a warning; leftovers are.
      if (!base.startsWith('.'))
        notes.push(`${c.path}: ignored (cron does not read backups or package leftovers in /etc/cron.d)`);
      continue;
    }
    const tab = parseCrontab(
      c.text,
      c.path,
      c.kind ?? crontabKindForPath(c.path, c.text),
      files.lenient ? skipped('cron') : undefined,
    );
    const flavor = c.flavor ?? 'vixie';
    for (const e of tab.entries) {
      const role = classifyCommand(e.command);
      if (role.kind === 'other') continue;
      const origin = `${e.file}:${e.line}`;
      if (e.spec === null) {
        notes.push(`${origin}: @reboot entry (${e.command}) runs only at boot; not expanded`);
        continue;
      }
      if (role.kind === 'logrotate') {
        add(
          {
            source: 'cron',
            spec: e.when,
            origin,
            trigger: cronTrigger(e, flavor, CRON_START_MS),
            guards: role.guards,
            via: e.command,
            assumption: false,
          },
          'logrotate entry',
        );
      } else if (role.kind === 'anacron') {
        starters.push({ trigger: cronTrigger(e, flavor, CRON_START_MS), origin, spec: e.when, guards: role.guards });
      } else if (role.kind === 'run-parts') {
        const dir = runPartsFor(role.dir, files);
        if (!dir) {
          unlisted.add(role.dir);
          continue;
        }
        const lr = findInRunParts(dir, 'logrotate');
        if (lr) {
          add(
            {
              source: 'cron',
              spec: e.when,
              origin,
              trigger: cronTrigger(e, flavor, CRON_START_MS + RUN_PARTS_MS),
              guards: [...new Set([...role.guards, ...lr.guards])],
              via: `run-parts ${role.dir} → ${lr.path}`,
              assumption: false,
            },
            `run-parts ${role.dir} (${lr.path})`,
          );
        }
        const an = findInRunParts(dir, 'anacron');
        if (an)
          starters.push({
            trigger: cronTrigger(e, flavor, CRON_START_MS),
            origin: `${origin} → ${an.path}`,
            spec: e.when,
            guards: [...role.guards, ...an.guards],
          });
      }
    }
  }

  for (const tf of files.timers ?? []) {
    const unit = parseTimerUnit(tf, tf.dropIns ?? []);
    for (const n of unit.notes) notes.push(n);
    if (unit.calendars.length === 0) {
      notes.push(
        `${tf.path}: no OnCalendar= left after drop-ins${unit.otherTriggers.length ? ` (only ${unit.otherTriggers.join(', ')})` : ''}; not expanded`,
      );
      continue;
    }
    const origin = unit.calendars[0]!.origin;
    const spec = unit.calendars.map((c) => c.spec.text).join('; ');
    if (/^anacron\.timer$/.test(unit.name)) {
      starters.push({ trigger: timerTrigger(unit), origin, spec, guards: ['needs-systemd'] });
      continue;
    }
    add(
      {
        source: 'systemd',
        spec,
        origin,
        trigger: timerTrigger(unit),
        guards: ['needs-systemd'],
        via: describeTimer(unit),
        assumption: false,
      },
      unit.name,
    );
  }

  for (const af of files.anacrontabs ?? []) {
    if (host.anacron === false) {
      notes.push(`${af.path}: skipped: anacron is not installed`);
      continue;
    }
    const tab = parseAnacrontab(af.text, af.path, files.lenient ? skipped('anacron') : undefined);
    for (const n of tab.notes) notes.push(n); // one per line at most: no argument spreading
    for (const job of tab.jobs) {
      const role = classifyCommand(job.command);
      let via: string | null = null;
      let guards: Guard[] = [];
      if (role.kind === 'logrotate') via = job.command;
      else if (role.kind === 'run-parts') {
        const dir = runPartsFor(role.dir, files);
        const lr = dir ? findInRunParts(dir, 'logrotate') : null;
        if (!dir) unlisted.add(role.dir);
        if (lr) {
          via = `run-parts ${role.dir} → ${lr.path}`;
          guards = lr.guards;
        }
      }
      if (via === null) continue;
      const usable = starters.filter((s) => applies(s.guards, host).keep);
      let chosen = usable;
      if (chosen.length === 0) {
        // cronie contrib/0hourly → cron.hourly/0anacron: the usual starter on RHEL/Fedora.
        const cron = parseCron('1 * * * *');
        chosen = [
          {
            trigger: { kind: 'cron', cron, cronTz: null, flavor: 'vixie', spreadMs: CRON_START_MS },
            origin: 'assumed: cronie /etc/cron.d/0hourly (01 * * * *)',
            spec: '01 * * * *',
            guards: [],
          },
        ];
        notes.push(
          `${af.path}: no cron entry or timer that starts anacron was given; assuming cronie's hourly start at :01 (/etc/cron.d/0hourly → /etc/cron.hourly/0anacron)`,
        );
      }
      for (const st of chosen) {
        add(
          {
            source: 'anacron',
            spec: `${job.periodText} ${job.delayMinutes} ${job.id}`,
            origin: `${job.file}:${job.line}`,
            trigger: {
              kind: 'anacron',
              starter: st.trigger,
              starterOrigin: st.origin,
              job,
              startHours: tab.startHours,
              randomDelayMinutes: job.randomDelayMinutes,
              spreadMs: role.kind === 'run-parts' ? RUN_PARTS_MS : CRON_START_MS,
            },
            guards: [...new Set([...guards, ...st.guards])],
            via,
            assumption: chosen !== usable,
          },
          `anacron job ${job.id}`,
        );
      }
    }
  }
  for (const [file, n] of skippedCount)
    if (n > MAX_SKIPPED_NAMED) notes.push(`${file}: ${n - MAX_SKIPPED_NAMED} more bad line(s) skipped`);
  for (const { origin, again } of seenSources.values())
    if (again > 0) notes.push(`${origin}: the same schedule is written ${again} more time(s); counted once`);
  if (unlisted.size > 0)
    notes.push(`no listing of ${[...unlisted].sort().join(', ')}: a logrotate script in there would not be seen`);
  return { sources, notes };
}

const MAX_SKIPPED_NAMED = 10;

function describeTimer(t: TimerUnit): string {
  return t.files.length > 1 ? `${t.name} with ${t.files.slice(1).join(', ')}` : t.name;
}
