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
    throw new InputError(`bad top line in logrotate state file (expected "logrotate state -- version 2", found ${JSON.stringify(top ?? '')})`, { file: origin, line: 1 });
  }
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i]!;
    const lineNo = i + 1;
    if (raw === '') continue;
    const argv = splitArgv(raw);
    const m = argv && argv.length === 2 ? /^(-?\d+)-(-?\d+)-(-?\d+)(?:-(\d+):(\d+):(\d+))?/.exec(argv[1]!) : null;
    if (!argv || !m) {
      throw new InputError(`bad line in logrotate state file (expected "<path>" YYYY-M-D-h:m:s)`, { file: origin, line: lineNo });
    }
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const [h, mi, s] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
    const bad = (what: string, v: number) => new InputError(`bad ${what} ${v} for ${argv[0]} in logrotate state file`, { file: origin, line: lineNo });
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
