// Crontab files: user crontabs (5 fields + command), the system crontab and /etc/cron.d files
// (a user column before the command), NAME=value lines, @macros. Grammar after cronie
// src/entry.c load_entry and src/env.c load_env; crontab(5). Nothing is executed: commands are
// only read to see whether they start logrotate, run-parts or anacron.
import { InputError } from '../errors.js';
import { parseCron, type CronSpec } from './cron.js';

export type CrontabKind = 'system' | 'user';

export interface CrontabEntry {
  file: string;
  line: number;
  /** null for @reboot */
  spec: CronSpec | null;
  /** the time part as written */
  when: string;
  user: string | null;
  command: string;
  /** CRON_TZ in force for this entry (cronie evaluates the entry in that zone) */
  cronTz: string | null;
  /** cronie RANDOM_DELAY (minutes) in force */
  randomDelayMinutes: number;
}

export interface Crontab {
  file: string;
  kind: CrontabKind;
  entries: CrontabEntry[];
  /** variables as set at the end of the file */
  env: Record<string, string>;
}

/**
 * /etc/crontab and /etc/cron.d/* carry a user column; everything else is a user crontab. A copy
 * taken off the host under another name is recognised by its content when `text` is given:
 * the job lines' sixth field is `root` (as in every distro's /etc/crontab and cron.d files).
 */
export function crontabKindForPath(path: string, text?: string): CrontabKind {
  if (/(^|\/)(etc\/)?crontab$/.test(path) || /(^|\/)cron\.d\/[^/]+$/.test(path)) return 'system';
  if (text !== undefined) {
    const jobs = text
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => /^(@\S+|-?\S+\s+\S+\s+\S+\s+\S+\s+\S+)\s+\S/.test(l) && /^[-\d*@]/.test(l));
    const userCol = jobs.filter((l) => {
      const f = l.split(/\s+/);
      return (l.startsWith('@') ? f[1] : f[5]) === 'root';
    });
    if (jobs.length > 0 && userCol.length === jobs.length) return 'system';
  }
  return 'user';
}

// cronie src/env.c load_env: NAME = value, optional quotes around the value.
// the value is trimmed in code: a lazy `(.*?)\s*$` is quadratic on a long run of blanks
const ENV_LINE = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/;

function unquote(v: string): string {
  const m = /^(['"])(.*)\1$/.exec(v);
  return m ? m[2]! : v;
}

/**
 * Parse a crontab. A bad line throws InputError (file:line) unless `onError` is given: cron
 * itself logs such a line and skips it, which is what --root discovery wants for files that
 * nobody asked about.
 */
export function parseCrontab(
  text: string,
  file: string,
  kind: CrontabKind = crontabKindForPath(file, text),
  onError?: (e: InputError) => void,
): Crontab {
  const env: Record<string, string> = Object.create(null); // keyed on input (__proto__=…)
  const entries: CrontabEntry[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    try {
      parseLine(raw, i + 1);
    } catch (e) {
      if (onError && e instanceof InputError) onError(e);
      else throw e;
    }
  });
  return { file, kind, entries, env };

  function parseLine(raw: string, lineNo: number): void {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const envm = ENV_LINE.exec(raw);
    if (envm && !/^[\d*@]/.test(line)) {
      env[envm[1]!] = unquote(envm[2]!.trim());
      return;
    }
    let when: string;
    let rest: string;
    if (line.startsWith('@')) {
      const m = /^(@\S+)\s+(.*)$/.exec(line);
      if (!m) throw new InputError(`expected '@macro command', got '${line}'`, { file, line: lineNo });
      when = m[1]!;
      rest = m[2]!;
    } else {
      // cronie src/entry.c: a leading '-' (no syslog) is allowed before the minute field.
      const m = /^-?(\S+\s+\S+\s+\S+\s+\S+\s+\S+)\s+(.*)$/.exec(line);
      if (!m) {
        throw new InputError(
          `expected 'minute hour day-of-month month day-of-week ${kind === 'system' ? 'user ' : ''}command' or NAME=value, got '${line}'`,
          { file, line: lineNo },
        );
      }
      when = m[1]!.replace(/\s+/g, ' ');
      rest = m[2]!;
    }
    let user: string | null = null;
    if (kind === 'system') {
      const m = /^(\S+)\s+(.*)$/.exec(rest);
      if (!m)
        throw new InputError(`system crontab line needs a user column before the command: '${line}'`, {
          file,
          line: lineNo,
        });
      user = m[1]!;
      rest = m[2]!;
    }
    const spec = when.toLowerCase() === '@reboot' ? null : parseCron(when, { file, line: lineNo });
    const rd = Number(env.RANDOM_DELAY ?? '0');
    entries.push({
      file,
      line: lineNo,
      spec,
      when,
      user,
      command: rest,
      cronTz: env.CRON_TZ ?? null,
      randomDelayMinutes: Number.isFinite(rd) && rd > 0 ? rd : 0,
    });
  }
}

/**
 * Files cron never reads from /etc/cron.d: dot files, editor backups and package-manager
 * leftovers (cronie src/database.c not_a_crontab; Debian cron additionally skips every name
 * with a dot, which is not assumed here because cronie reads those).
 */
export function cronDIgnores(name: string): boolean {
  return (
    name.startsWith('.') ||
    name.startsWith('#') ||
    name.endsWith('~') ||
    /\.(rpmsave|rpmorig|rpmnew|dpkg-old|dpkg-dist|dpkg-new|dpkg-tmp|swp)$/.test(name)
  );
}

// ---------------------------------------------------------------------------
// What a command does, as far as scheduling logrotate is concerned.

/** A condition under which a job does nothing, read from a guard in the command or script. */
export type Guard = 'no-systemd' | 'no-anacron' | 'needs-systemd';

export type CommandRole =
  | { kind: 'logrotate'; guards: Guard[] }
  | { kind: 'run-parts'; dir: string; guards: Guard[] }
  | { kind: 'anacron'; guards: Guard[] }
  | { kind: 'other' };

/** Guards a shell command or script carries (Debian /etc/crontab, /etc/cron.d/anacron, …). */
export function guardsIn(text: string): Guard[] {
  const g = new Set<Guard>();
  // Debian /etc/crontab: `test -x /usr/sbin/anacron || { cd / && run-parts … }`;
  // cronie contrib/dailyjobs: `[ ! -f /etc/cron.hourly/0anacron ] && run-parts …`.
  if (
    /(test\s+-x\s+\S*anacron\s*\|\|(?!\s*exit)|\[\s+-x\s+\S*anacron\s+\]\s*\|\|(?!\s*exit)|\[\s+!\s+-[fx]\s+\S*anacron\s+\]\s*&&)/.test(
      text,
    )
  )
    g.add('no-anacron');
  // Debian /etc/cron.daily/logrotate: `if [ -d /run/systemd/system ]; then exit 0; fi`;
  // Debian /etc/cron.d/anacron: `if [ ! -d /run/systemd/system ]; then … fi`.
  if (
    /\[\s+-d\s+\/run\/systemd\/system\s+\][^\n]*\n?[^\n]*exit\s+0|\[\s+!\s+-d\s+\/run\/systemd\/system\s+\]/.test(text)
  )
    g.add('no-systemd');
  return [...g];
}

const RUN_PARTS = /\brun-parts\b((?:\s+--?[A-Za-z][\w-]*(?:=\S+)?)*)\s+(\/\S+?)\/?(?=[\s;}|&)]|$)/;
const ANACRON_START =
  /\banacron\s+(?:-[A-Za-z]+\s+)*-s\b|\/usr\/sbin\/anacron\s+-s\b|(?:invoke-rc\.d|service)\s+anacron\s+start|systemctl\s+start\s+anacron/;
const LOGROTATE_RUN = /(?:^|[\s;&|({])(?:\S*\/)?logrotate(?=\s|$|;)/;

export function classifyCommand(command: string): CommandRole {
  const guards = guardsIn(command);
  const rp = RUN_PARTS.exec(command);
  if (rp) return { kind: 'run-parts', dir: rp[2]!, guards };
  if (ANACRON_START.test(command)) return { kind: 'anacron', guards };
  if (LOGROTATE_RUN.test(command)) return { kind: 'logrotate', guards };
  return { kind: 'other' };
}

/** A listing of a run-parts directory, with the scripts' text where it was collected. */
export interface RunPartsDir {
  dir: string;
  entries: { name: string; text: string | null }[];
}

export interface RunPartsHit {
  /** the script, e.g. /etc/cron.daily/logrotate */
  path: string;
  guards: Guard[];
}

/**
 * Debian run-parts only runs names made of letters, digits, `_` and `-` (so `logrotate.dpkg-old`
 * is skipped); cronie's run-parts script skips editor/package leftovers. Both run in name order.
 */
function runPartsRuns(name: string): boolean {
  if (/[~#]$|\.(rpmsave|rpmorig|rpmnew|swp|cfsaved|dpkg-old|dpkg-dist|dpkg-new|dpkg-tmp|disabled)$/.test(name))
    return false;
  return /^[A-Za-z0-9_.-]+$/.test(name) && !name.startsWith('.');
}

/** The logrotate script inside a run-parts directory, if any. */
export function findInRunParts(dir: RunPartsDir, role: 'logrotate' | 'anacron'): RunPartsHit | null {
  const names = dir.entries
    .filter((e) => runPartsRuns(e.name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of names) {
    const text = e.text ?? '';
    const hit =
      role === 'logrotate'
        ? e.name === 'logrotate' || /\/usr\/sbin\/logrotate\b|^\s*logrotate\s/m.test(text)
        : // RHEL cron.hourly/0anacron runs `anacron -s`; Debian's cron.daily/0anacron only runs
          // `anacron -u` (timestamp update) and must not count.
          e.text !== null
          ? ANACRON_START.test(text)
          : e.name === '0anacron' && /cron\.hourly$/.test(dir.dir);
    if (hit) return { path: `${dir.dir.replace(/\/$/, '')}/${e.name}`, guards: guardsIn(text) };
  }
  return null;
}
