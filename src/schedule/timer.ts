// systemd .timer units: [Timer] OnCalendar=, AccuracySec= (default 1min), RandomizedDelaySec=,
// Persistent=, FixedRandomDelay=; drop-ins in <unit>.d/*.conf applied in name order, where an
// empty `OnCalendar=` resets the list (systemd.timer(5), src/core/load-fragment.c
// config_parse_timer). Time spans after systemd src/basic/time-util.c parse_sec.
import { InputError } from '../errors.js';
import { parseCalendar, type CalendarSpec } from './calendar.js';

export interface TimerUnit {
  /** the unit file (first) and the drop-ins that changed it */
  files: string[];
  name: string;
  calendars: { spec: CalendarSpec; origin: string }[];
  accuracyMs: number;
  accuracyOrigin: string | null;
  randomizedDelayMs: number;
  randomizedDelayOrigin: string | null;
  persistent: boolean;
  fixedRandomDelay: boolean;
  /** other triggers (OnBootSec= …) seen: reported, not expanded */
  otherTriggers: string[];
  /** values taken other than written (a delay clamped), each naming file:line */
  notes: string[];
}

/**
 * Longest AccuracySec=/RandomizedDelaySec= taken as written. systemd accepts spans up to
 * USEC_INFINITY (about 584,000 years); a spread longer than a year already covers every run
 * and would overflow date arithmetic, so it is clamped with a note.
 */
export const MAX_TIMER_SPREAD_MS = 366 * 86400e3;

const UNITS: [RegExp, number][] = [
  [/^(us|usec)$/, 1e-3],
  [/^(ms|msec)$/, 1],
  [/^(s|sec|second|seconds)?$/, 1e3],
  [/^(m|min|minute|minutes)$/, 60e3],
  [/^(h|hr|hour|hours)$/, 3600e3],
  [/^(d|day|days)$/, 86400e3],
  [/^(w|week|weeks)$/, 7 * 86400e3],
  [/^(M|month|months)$/, 30.44 * 86400e3],
  [/^(y|year|years)$/, 365.25 * 86400e3],
];

/** parse_sec: "1h", "12h", "5min", "1h 30min", "90" (seconds), "infinity" not accepted here. */
export function parseTimespan(text: string, where: { file?: string; line?: number }): number {
  const t = text.trim();
  const re = /(\d+(?:\.\d+)?)\s*([A-Za-z]*)/g;
  let total = 0;
  let consumed = '';
  let m: RegExpExecArray | null;
  while ((m = re.exec(t)) !== null) {
    const unit = UNITS.find(([r]) => r.test(m![2]!));
    if (!unit)
      throw new InputError(`bad time span '${text}': unknown unit '${m[2]}' (expected e.g. 1h, 30min, 12h, 5s)`, where);
    total += Number(m[1]) * unit[1];
    consumed += m[0];
  }
  if (t === '' || consumed.replace(/\s/g, '') !== t.replace(/\s/g, '')) {
    throw new InputError(`bad time span '${text}' (expected e.g. 1h, 30min, 12h, 5s)`, where);
  }
  return total;
}

function parseBool(v: string, where: { file: string; line: number }): boolean {
  if (/^(1|yes|true|on)$/i.test(v)) return true;
  if (/^(0|no|false|off)$/i.test(v)) return false;
  throw new InputError(`expected a boolean (yes/no), got '${v}'`, where);
}

/**
 * Parse a timer unit and its drop-ins (give them in the order systemd applies them: sorted by
 * file name across the drop-in directories).
 */
export function parseTimerUnit(
  unit: { path: string; text: string },
  dropIns: { path: string; text: string }[] = [],
): TimerUnit {
  const name = unit.path.split('/').pop() ?? unit.path;
  const t: TimerUnit = {
    files: [unit.path],
    name,
    calendars: [],
    accuracyMs: 60e3,
    accuracyOrigin: null,
    randomizedDelayMs: 0,
    randomizedDelayOrigin: null,
    persistent: false,
    fixedRandomDelay: false,
    otherTriggers: [],
    notes: [],
  };
  const clamped = (key: string, value: string, ms: number, origin: string): number => {
    if (ms <= MAX_TIMER_SPREAD_MS) return ms;
    t.notes.push(`${origin}: ${key}=${value} is longer than 366 days; taken as 366 days`);
    return MAX_TIMER_SPREAD_MS;
  };
  for (const f of [unit, ...dropIns]) {
    if (f !== unit) t.files.push(f.path);
    let section = '';
    // systemd joins lines ending in a backslash (parts collected and joined once: linear).
    const lines = f.text.split(/\r?\n/);
    for (let i = 0; i < lines.length; i++) {
      const lineNo = i + 1;
      let raw = lines[i]!;
      if (raw.endsWith('\\') && i + 1 < lines.length) {
        const parts = [raw.slice(0, -1)];
        let next = lines[++i]!;
        while (next.endsWith('\\') && i + 1 < lines.length) {
          parts.push(next.slice(0, -1));
          next = lines[++i]!;
        }
        parts.push(next);
        raw = parts.join(' ');
      }
      const line = raw.trim();
      if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
      const sec = /^\[([^\]]+)\]$/.exec(line);
      if (sec) {
        section = sec[1]!;
        continue;
      }
      const kv = /^([A-Za-z][A-Za-z0-9]*)\s*=\s*(.*)$/.exec(line);
      if (!kv) throw new InputError(`expected Key=Value or [Section], got '${line}'`, { file: f.path, line: lineNo });
      if (section !== 'Timer') continue;
      const key = kv[1]!;
      const value = kv[2]!.trim();
      const where = { file: f.path, line: lineNo };
      const origin = `${f.path}:${lineNo}`;
      switch (key) {
        case 'OnCalendar':
          // systemd.timer(5): assigning the empty string to any trigger resets the list of
          // timers, monotonic and calendar alike.
          if (value === '') {
            t.calendars = [];
            t.otherTriggers = [];
          } else t.calendars.push({ spec: parseCalendar(value, where), origin });
          break;
        case 'AccuracySec':
          t.accuracyMs = value === '' ? 60e3 : clamped(key, value, parseTimespan(value, where), origin);
          t.accuracyOrigin = origin;
          break;
        case 'RandomizedDelaySec':
          t.randomizedDelayMs = value === '' ? 0 : clamped(key, value, parseTimespan(value, where), origin);
          t.randomizedDelayOrigin = origin;
          break;
        case 'Persistent':
          t.persistent = parseBool(value, where);
          break;
        case 'FixedRandomDelay':
          t.fixedRandomDelay = parseBool(value, where);
          break;
        case 'OnActiveSec':
        case 'OnBootSec':
        case 'OnStartupSec':
        case 'OnUnitActiveSec':
        case 'OnUnitInactiveSec':
          if (value === '') {
            t.calendars = [];
            t.otherTriggers = [];
          } else t.otherTriggers.push(`${key}=${value}`);
          break;
        default:
          break;
      }
    }
  }
  return t;
}
