// logrotate's state file (logrotate.c readState()/writeState()): a top line
// "logrotate state -- version 1|2", then one `"<path>" Y-M-D-h:m:s` line per log (version 2,
// unpadded local time) or `<path> Y-M-D` (version 1 / old releases). Times are the host's
// local wall clock; turning them into instants is src/time's job.
import { InputError } from '../errors.js';
import { splitArgv } from './parse.js';

export interface StateTime {
  y: number;
  m: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  /** true when the line carried only a date (old format): h/mi/s are 0 then */
  dateOnly: boolean;
  line: number;
}

export function parseStateFile(text: string, origin: string): Map<string, StateTime> {
  const out = new Map<string, StateTime>();
  const lines = text.split('\n');
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  const top = lines[0];
  if (top !== 'logrotate state -- version 1' && top !== 'logrotate state -- version 2') {
    throw new InputError(
      `bad top line in logrotate state file (expected "logrotate state -- version 2", found ${JSON.stringify(top ?? '')})`,
      { file: origin, line: 1 },
    );
  }
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i]!;
    const lineNo = i + 1;
    if (raw === '') continue;
    const argv = splitArgv(raw);
    const m = argv && argv.length === 2 ? /^(-?\d+)-(-?\d+)-(-?\d+)(?:-(\d+):(\d+):(\d+))?/.exec(argv[1]!) : null;
    if (!argv || !m) {
      throw new InputError(`bad line in logrotate state file (expected "<path>" YYYY-M-D-h:m:s)`, {
        file: origin,
        line: lineNo,
      });
    }
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const [h, mi, s] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
    const bad = (what: string, v: number) =>
      new InputError(`bad ${what} ${v} for ${argv[0]} in logrotate state file`, { file: origin, line: lineNo });
    // readState(): year 1900 is written for "never rotated" entries and accepted
    if (y !== 1900 && (y < 1970 || y > 2100)) throw bad('year', y);
    if (mo < 1 || mo > 12) throw bad('month', mo);
    if (d < 1 || d > 31) throw bad('day', d);
    if (h < 0 || h > 23) throw bad('hour', h);
    if (mi < 0 || mi > 59) throw bad('minute', mi);
    if (s < 0 || s > 59) throw bad('second', s);
    out.set(argv[0]!, { y, m: mo, d, h, mi, s, dateOnly: m[4] === undefined, line: lineNo });
  }
  return out;
}

export interface DebugCapture {
  /** per log: the "Last rotated at" time (minute precision, local time) */
  entries: Map<string, StateTime>;
  /** the "Now:" of the run, i.e. when the capture was taken */
  now: StateTime | null;
}

/**
 * `logrotate --debug` output as sosreport captures it (sos_commands/logrotate/logrotate_debug):
 * per log `considering log <path>`, `  Now: YYYY-MM-DD HH:MM`, `  Last rotated at YYYY-MM-DD HH:MM`
 * (logrotate.c findNeedRotating()). It gives the state file's times where the state file itself
 * was not collected (sos copies only the RHEL paths).
 */
export function parseLogrotateDebug(text: string, origin: string): DebugCapture {
  const entries = new Map<string, StateTime>();
  let now: StateTime | null = null;
  let current: string | null = null;
  const lines = text.split('\n');
  const stamp = (s: string, line: number): StateTime | null => {
    const m = /(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})/.exec(s);
    return m ? { y: +m[1]!, m: +m[2]!, d: +m[3]!, h: +m[4]!, mi: +m[5]!, s: 0, dateOnly: false, line } : null;
  };
  lines.forEach((l, i) => {
    const c = /^considering log (.+)$/.exec(l);
    if (c) {
      current = c[1]!;
      return;
    }
    const n = /^\s+Now: (.*)$/.exec(l);
    if (n) {
      now = stamp(n[1]!, i + 1) ?? now;
      return;
    }
    const last = /^\s+Last rotated at (.*)$/.exec(l);
    if (last && current) {
      const t = stamp(last[1]!, i + 1);
      if (t) entries.set(current, t);
    }
  });
  void origin;
  return { entries, now };
}
