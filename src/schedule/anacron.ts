// /etc/anacrontab, after cronie anacron/readtab.c (parse_tab_line, read_tab) and anacrontab(5):
// NAME=value lines (START_HOURS_RANGE, RANDOM_DELAY, PREFERRED_HOUR …) and job lines
// `period delay job-id command`, period = days or @daily/@weekly/@monthly/@yearly/@annually.
import { InputError } from '../errors.js';

export interface AnacronJob {
  file: string;
  line: number;
  /** days; 'monthly'/'yearly' for the calendar-based @-periods (readtab.c PERIOD_MONTHLY/YEARLY) */
  period: number | 'monthly' | 'yearly';
  periodText: string;
  delayMinutes: number;
  /**
   * RANDOM_DELAY in force at this line: readtab.c adds random_number to a job's delay when the
   * job line is read, and random_number is only drawn when the RANDOM_DELAY line is read.
   */
  randomDelayMinutes: number;
  id: string;
  command: string;
}

export interface Anacrontab {
  file: string;
  jobs: AnacronJob[];
  /** START_HOURS_RANGE=a-b: jobs start only while a <= hour < b (readtab.c, lock.c) */
  startHours: { from: number; to: number; line: number } | null;
  /** RANDOM_DELAY=N: one value 0..N drawn per anacron run and added to the delay of the jobs after it */
  randomDelayMinutes: number;
  env: Record<string, string>;
  /** lines anacron complains about but accepts, and what that means */
  notes: string[];
}

// the value is trimmed in code: a lazy `(.*?)\s*$` is quadratic on a long run of blanks
const ENV_LINE = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*=(.*)$/;
const JOB_LINE = /^\s*(@[A-Za-z]+|\d+)\s+(\d+)\s+(\S+)\s+(.+)$/; // command trimmed in code, as above

/**
 * Parse an anacrontab. Unreadable lines throw InputError (file:line) unless `onError` is given
 * (anacron itself complains and skips them; --root discovery wants the same).
 */
/**
 * A file given as --cron: an anacrontab by its name or by anacron's own START_HOURS_RANGE
 * variable (anacron/readtab.c), a crontab otherwise.
 */
export function looksLikeAnacrontab(file: string, text: string): boolean {
  return /anacrontab/.test(file.slice(file.lastIndexOf('/') + 1)) || /^\s*START_HOURS_RANGE=/m.test(text);
}

export function parseAnacrontab(text: string, file: string, onError?: (e: InputError) => void): Anacrontab {
  const env: Record<string, string> = Object.create(null); // keyed on input (__proto__=…)
  const jobs: AnacronJob[] = [];
  const notes: string[] = [];
  let startHours: Anacrontab['startHours'] = null;
  let randomDelayMinutes = 0;
  text.split(/\r?\n/).forEach((raw, i) => {
    try {
      parseLine(raw, i + 1);
    } catch (e) {
      if (onError && e instanceof InputError) onError(e);
      else throw e;
    }
  });
  return { file, jobs, startHours, randomDelayMinutes, env, notes };

  function parseLine(raw: string, line: number): void {
    const t = raw.trim();
    if (t === '' || t.startsWith('#')) return;
    const e = ENV_LINE.exec(raw);
    if (e && !/^[\d@]/.test(t)) {
      const name = e[1]!;
      const value = e[2]!.trim().replace(/^(['"])(.*)\1$/, '$2');
      env[name] = value;
      if (name === 'START_HOURS_RANGE') {
        const m = /^(\d+)-(\d+)$/.exec(value);
        if (!m)
          throw new InputError(`START_HOURS_RANGE '${value}' is invalid (expected start-end hours, e.g. 3-22)`, {
            file,
            line,
          });
        if (Number(m[2]) < Number(m[1])) {
          // readtab.c sets the range to 0-0 before complaining, and lock.c then finds every
          // job's hour outside [0, 0): anacron starts no job at all (unless run with -n).
          startHours = { from: 0, to: 0, line };
          notes.push(
            `${file}:${line}: START_HOURS_RANGE '${value}' runs backwards; anacron sets it to 0-0 and then starts no job`,
          );
        } else startHours = { from: Number(m[1]), to: Number(m[2]), line };
      }
      if (name === 'RANDOM_DELAY') {
        if (!/^\d+$/.test(value))
          throw new InputError(`RANDOM_DELAY '${value}' is invalid (expected minutes)`, { file, line });
        randomDelayMinutes = Number(value);
      }
      return;
    }
    const m = JOB_LINE.exec(raw);
    if (!m)
      throw new InputError(`expected 'period delay job-identifier command' or NAME=value, got '${t}'`, { file, line });
    const p = m[1]!;
    let period: AnacronJob['period'];
    if (/^\d+$/.test(p)) period = Number(p);
    else if (p === '@daily') period = 1;
    else if (p === '@weekly') period = 7;
    else if (p === '@monthly') period = 'monthly';
    else if (p === '@yearly' || p === '@annually') period = 'yearly';
    else
      throw new InputError(`unknown period '${p}' (expected days, @daily, @weekly, @monthly, @yearly or @annually)`, {
        file,
        line,
      });
    jobs.push({
      file,
      line,
      period,
      periodText: p,
      delayMinutes: Number(m[2]),
      randomDelayMinutes,
      id: m[3]!,
      command: m[4]!.trimEnd() || m[4]!,
    });
  }
}
