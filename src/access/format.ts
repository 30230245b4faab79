// Apache LogFormat strings compiled once into a line parser. httpd's
// modules/loggers/mod_log_config.c is the authority: parse_log_item() for the `%[conditions]
// [<>]{arg}X` syntax, parse_log_misc_string() for the literal text's backslash escapes,
// log_request_time() for %t and its `begin:`/`end:`/sec/msec/usec/_frac forms, and
// ap_escape_logitem() (server/util.c) for what a logged value can contain: `"` and `\` come
// out as `\"` and `\\`, bytes that are not printable ASCII as `\xhh`, but spaces stay spaces.
import { InputError } from '../errors.js';
import type { Instant } from '../model.js';
import { LocalClock } from '../time/index.js';

/** One access-log line, reduced to what the impact needs. */
export interface AccessRecord {
  /** the request's start (%t is r->request_time unless `end:` is asked for) */
  time: Instant;
  /** when the response was logged, if the format tells (%D, %T, or an `end:` time) */
  end: Instant | null;
  /** final status (%>s) when logged, else %s (the original one of a redirected request) */
  status: number | null;
  method: string | null;
  /** URL path without the query string (from %U, else from %r) */
  path: string | null;
  /** X-Forwarded-For's first address when logged, else %a, else %h */
  client: string | null;
  vhost: string | null;
  /** Apache's own `OPTIONS * HTTP/1.0` wake-up request (server/mpm_unix.c dummy_connection()) */
  dummy: boolean;
}

/** What a compiled format can tell, for choosing how to read and what to say. */
export interface FormatInfo {
  format: string;
  hasTime: boolean;
  hasStatus: boolean;
  /** %D / %T, or an end: time beside a begin time: lines can be ordered by when they were written */
  hasEnd: boolean;
  /** the time carries its own UTC offset (CLF %t, %z, epoch seconds): the zone is not needed */
  zoned: boolean;
}

export interface CompiledFormat {
  info: FormatInfo;
  /** The record of a line, or null when the line does not have this format's shape. */
  parse(line: string): AccessRecord | null;
  /**
   * The request's start from the line's first "[dd/Mon/yyyy:HH:MM:SS +zzzz]" without the full
   * parse, for skipping what lies long before a window; null when it cannot tell. Only formats
   * whose first item with brackets is a CLF %t have it.
   */
  quickTime: ((line: string) => Instant | null) | null;
}

const MONTH_CODE = new Map(
  ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map((m, i) => [m, i]),
);

/** "[17/Nov/2026:06:25:02 +0100]" at `i` → epoch ms, or null. */
function clfAt(line: string, i: number): Instant | null {
  if (line.length < i + 28 || line[i + 27] !== ']' || line[i + 3] !== '/' || line[i + 7] !== '/') return null;
  if (line[i + 12] !== ':' || line[i + 15] !== ':' || line[i + 18] !== ':' || line[i + 21] !== ' ') return null;
  const d2 = (k: number) => {
    const a = line.charCodeAt(k) - 48;
    const b = line.charCodeAt(k + 1) - 48;
    return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : NaN;
  };
  const month = MONTH_CODE.get(line.slice(i + 4, i + 7));
  if (month === undefined) return null;
  const year = d2(i + 8) * 100 + d2(i + 10);
  const sign = line[i + 22] === '-' ? -1 : line[i + 22] === '+' ? 1 : NaN;
  const off = sign * (d2(i + 23) * 60 + d2(i + 25));
  const t = Date.UTC(year, month, d2(i + 1), d2(i + 13), d2(i + 16), d2(i + 19)) - off * 60_000;
  return Number.isNaN(t) ? null : t;
}

/** The formats Apache ships with (mod_log_config.c's CLF default; the nicknames of Debian's apache2.conf and RHEL's httpd.conf). */
export const CLF = '%h %l %u %t "%r" %>s %b';
export const KNOWN_FORMATS: readonly { name: string; format: string }[] = [
  { name: 'combined+%D', format: '%h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i" %D' },
  { name: 'vhost_combined', format: '%v:%p %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"' },
  { name: 'combinedio', format: '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-Agent}i" %I %O' },
  { name: 'combined', format: '%h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i"' },
  { name: 'vhost_common', format: '%v %h %l %u %t "%r" %>s %b' },
  { name: 'common', format: CLF },
];

type Field =
  | { kind: 'literal'; text: string }
  | { kind: 'item'; letter: string; arg: string; conditional: boolean; wantOrig: boolean | null };

/** Splits a format into literals and items exactly as parse_log_string() does. */
export function tokenizeLogFormat(format: string, where?: { file?: string; line?: number }): Field[] {
  const out: Field[] = [];
  let i = 0;
  const pushLiteral = (text: string) => {
    const last = out[out.length - 1];
    if (last?.kind === 'literal') last.text += text;
    else out.push({ kind: 'literal', text });
  };
  while (i < format.length) {
    if (format[i] !== '%') {
      let text = '';
      while (i < format.length && format[i] !== '%') {
        const c = format[i]!;
        if (c === '\\' && i + 1 < format.length) {
          const n = format[i + 1]!;
          const esc = n === '\\' ? '\\' : n === 'r' ? '\r' : n === 'n' ? '\n' : n === 't' ? '\t' : null;
          if (esc !== null) {
            text += esc;
            i += 2;
            continue;
          }
        }
        text += c;
        i++;
      }
      pushLiteral(text);
      continue;
    }
    i++;
    if (format[i] === '%') {
      pushLiteral('%');
      i++;
      continue;
    }
    let arg = '';
    let conditional = false;
    let wantOrig: boolean | null = null;
    let letter: string | null = null;
    while (i < format.length && letter === null) {
      const c = format[i]!;
      if (c === '!' || c === ',') i++;
      else if (c === '<' || c === '>') {
        wantOrig = c === '<';
        i++;
      } else if (c === '{') {
        const close = format.indexOf('}', i + 1);
        // ap_getword() takes the rest of the string when there is no closing brace
        arg = close < 0 ? format.slice(i + 1) : format.slice(i + 1, close);
        i = close < 0 ? format.length : close + 1;
      } else if (c >= '0' && c <= '9') {
        conditional = true;
        while (i < format.length && format[i]! >= '0' && format[i]! <= '9') i++;
      } else if (c === '^' && i + 2 < format.length) {
        letter = format.slice(i, i + 3); // ^ti, ^to (trailers)
        i += 3;
      } else {
        letter = c;
        i++;
      }
    }
    if (letter === null) throw new InputError(`LogFormat "${format}": ends inside a % directive`, where);
    out.push({ kind: 'item', letter, arg, conditional, wantOrig });
  }
  return out;
}

// ---------------------------------------------------------------------------
// Time: the pieces that one or more %t items contribute to a line's time.

interface TimeParts {
  year?: number;
  month?: number; // 1-12
  day?: number;
  yday?: number;
  hour?: number;
  hour12?: number;
  pm?: boolean;
  minute?: number;
  second?: number;
  millis?: number;
  offsetMinutes?: number;
  epochMs?: number;
}

type Setter = (t: TimeParts, v: string) => void;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const monthOf = (v: string) => MONTHS.indexOf(v.slice(0, 3).toLowerCase()) + 1;
const num = (v: string) => Number(v.trim());
const offsetOf = (v: string) => {
  const sign = v[0] === '-' ? -1 : 1;
  const d = v.replace(/[^0-9]/g, '');
  return sign * (Number(d.slice(0, 2)) * 60 + Number(d.slice(2, 4)));
};

/** strftime conversions (glibc, C locale) as a regex fragment and what they set. */
const STRFTIME: Record<string, { re: string; set?: Setter } | { expand: string }> = {
  Y: { re: '(\\d{4})', set: (t, v) => (t.year = num(v)) },
  y: { re: '(\\d{2})', set: (t, v) => (t.year = 2000 + num(v)) },
  C: { re: '\\d{2}' },
  m: { re: '(\\d{2})', set: (t, v) => (t.month = num(v)) },
  d: { re: '(\\d{2})', set: (t, v) => (t.day = num(v)) },
  e: { re: '( ?\\d{1,2})', set: (t, v) => (t.day = num(v)) },
  j: { re: '(\\d{3})', set: (t, v) => (t.yday = num(v)) },
  H: { re: '(\\d{2})', set: (t, v) => (t.hour = num(v)) },
  k: { re: '( ?\\d{1,2})', set: (t, v) => (t.hour = num(v)) },
  I: { re: '(\\d{2})', set: (t, v) => (t.hour12 = num(v)) },
  l: { re: '( ?\\d{1,2})', set: (t, v) => (t.hour12 = num(v)) },
  p: { re: '(AM|PM|am|pm)', set: (t, v) => (t.pm = v.toLowerCase() === 'pm') },
  P: { re: '(am|pm)', set: (t, v) => (t.pm = v === 'pm') },
  M: { re: '(\\d{2})', set: (t, v) => (t.minute = num(v)) },
  S: { re: '(\\d{2})', set: (t, v) => (t.second = num(v)) },
  b: { re: '([A-Za-z]{3})', set: (t, v) => (t.month = monthOf(v)) },
  h: { re: '([A-Za-z]{3})', set: (t, v) => (t.month = monthOf(v)) },
  B: { re: '([A-Za-z]{3,9})', set: (t, v) => (t.month = monthOf(v)) },
  a: { re: '[A-Za-z]{3}' },
  A: { re: '[A-Za-z]{6,9}' },
  u: { re: '\\d' },
  w: { re: '\\d' },
  U: { re: '\\d{2}' },
  W: { re: '\\d{2}' },
  V: { re: '\\d{2}' },
  G: { re: '\\d{4}' },
  g: { re: '\\d{2}' },
  z: { re: '([+-]\\d{4})', set: (t, v) => (t.offsetMinutes = offsetOf(v)) },
  Z: { re: '[A-Za-z0-9+-]{1,6}' }, // an abbreviation is ambiguous: the analysis zone decides
  s: { re: '(\\d+)', set: (t, v) => (t.epochMs = num(v) * 1000) },
  n: { re: '\\n' },
  t: { re: '\\t' },
  '%': { re: '%' },
  T: { expand: '%H:%M:%S' },
  R: { expand: '%H:%M' },
  D: { expand: '%m/%d/%y' },
  F: { expand: '%Y-%m-%d' },
  r: { expand: '%I:%M:%S %p' },
  c: { expand: '%a %b %e %H:%M:%S %Y' },
  x: { expand: '%m/%d/%y' },
  X: { expand: '%H:%M:%S' },
};

const reEscape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

interface Piece {
  /** regex fragment; its capturing groups are consumed by `sets` in order */
  re: string;
  sets: Setter[];
}

function strftimePiece(fmt: string, depth = 0): Piece {
  let re = '';
  const sets: Setter[] = [];
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c !== '%' || i + 1 >= fmt.length) {
      re += reEscape(c);
      continue;
    }
    let conv = fmt[++i]!;
    // glibc flags and field widths (%-d, %_H, %02d, %Ey, %Od) change padding only
    let padded = false;
    while (/[-_0^#]/.test(conv) && i + 1 < fmt.length) {
      padded = true;
      conv = fmt[++i]!;
    }
    while (/[0-9]/.test(conv) && i + 1 < fmt.length) conv = fmt[++i]!;
    if ((conv === 'E' || conv === 'O') && i + 1 < fmt.length) conv = fmt[++i]!;
    const spec = STRFTIME[conv];
    if (spec === undefined) {
      re += '\\S*?';
      continue;
    }
    if ('expand' in spec) {
      if (depth > 2) continue;
      const inner = strftimePiece(spec.expand, depth + 1);
      re += inner.re;
      sets.push(...inner.sets);
      continue;
    }
    // a padding flag allows a space or no padding where %d gives a zero
    re += padded ? spec.re.replace('(\\d{2})', '( ?\\d{1,2})') : spec.re;
    if (spec.set) sets.push(spec.set);
  }
  return { re, sets };
}

/** The regex piece of one %t item, and whether it describes the request's end. */
function timePiece(arg: string): Piece & { end: boolean } {
  let fmt = arg;
  let end = false;
  if (fmt.startsWith('begin')) {
    const rest = fmt.slice(5);
    if (rest === '') fmt = '';
    else if (rest.startsWith(':')) fmt = rest.slice(1);
  } else if (fmt.startsWith('end')) {
    const rest = fmt.slice(3);
    if (rest === '') {
      fmt = '';
      end = true;
    } else if (rest.startsWith(':')) {
      fmt = rest.slice(1);
      end = true;
    }
  }
  const clf = (): Piece => ({
    re: '\\[(\\d{2})/([A-Za-z]{3})/(\\d{4}):(\\d{2}):(\\d{2}):(\\d{2}) ([+-]\\d{4})\\]',
    sets: [
      (t, v) => (t.day = num(v)),
      (t, v) => (t.month = monthOf(v)),
      (t, v) => (t.year = num(v)),
      (t, v) => (t.hour = num(v)),
      (t, v) => (t.minute = num(v)),
      (t, v) => (t.second = num(v)),
      (t, v) => (t.offsetMinutes = offsetOf(v)),
    ],
  });
  let piece: Piece;
  if (fmt === '') piece = clf();
  else if (fmt === 'sec') piece = { re: '(\\d+)', sets: [(t, v) => (t.epochMs = num(v) * 1000)] };
  else if (fmt === 'msec') piece = { re: '(\\d+)', sets: [(t, v) => (t.epochMs = num(v))] };
  else if (fmt === 'usec') piece = { re: '(\\d+)', sets: [(t, v) => (t.epochMs = Math.floor(num(v) / 1000))] };
  else if (fmt === 'msec_frac') piece = { re: '(\\d{3})', sets: [(t, v) => (t.millis = num(v))] };
  else if (fmt === 'usec_frac') piece = { re: '(\\d{6})', sets: [(t, v) => (t.millis = Math.floor(num(v) / 1000))] };
  else piece = strftimePiece(fmt);
  return { ...piece, end };
}

// ---------------------------------------------------------------------------
// Compilation

type Role =
  | 'status'
  | 'statusOrig'
  | 'micros'
  | 'duration'
  | 'client'
  | 'peer'
  | 'request'
  | 'uri'
  | 'method'
  | 'vhost'
  | 'agent'
  | 'xff';

/** Longer lines are no record: Apache's request line and header limits (LimitRequestLine/FieldSize 8190) keep real ones far below. */
const MAX_LINE = 64 << 10;
const QUOTED = '((?:[^"\\\\]|\\\\.)*)';
const NUMBER = '(-|\\d+)';

/**
 * Compiles a LogFormat string (as Apache holds it after reading the config: quotes removed,
 * `\"` unescaped) into a parser. `zone` interprets times that carry no offset.
 */
export function compileLogFormat(
  format: string,
  zone: string,
  where?: { file?: string; line?: number },
): CompiledFormat {
  const fields = tokenizeLogFormat(format, where);
  let re = '^';
  type Capture = { role: Role; arg: string } | { time: Setter; end: boolean };
  const captures: Capture[] = [];
  let hasBegin = false;
  let hasEnd = false;
  let hasStatus = false;
  let hasDuration = false;
  let zoned = false;
  let lazyFields = 0;
  const timeSets: { begin: Setter[]; end: Setter[] } = { begin: [], end: [] };
  fields.forEach((f, idx) => {
    if (f.kind === 'literal') {
      re += reEscape(f.text);
      return;
    }
    const prev = fields[idx - 1];
    const next = fields[idx + 1];
    const quoted =
      prev?.kind === 'literal' && prev.text.endsWith('"') && next?.kind === 'literal' && next.text.startsWith('"');
    const last = idx === fields.length - 1;
    // An unquoted value may hold spaces (%U is decoded, %u and headers are not escaped for them),
    // so one such field in a format may be lazy; a second lazy one would make a non-matching line
    // cost O(n²) backtracking and more, so the others stop at a space.
    const free = () => (quoted ? QUOTED : last ? '(.*)' : lazyFields++ === 0 ? '(.*?)' : '(\\S*)');
    const take = (role: Role, pattern: string) => {
      re += f.conditional ? `(-|${pattern.slice(1, -1)})` : pattern;
      captures.push({ role, arg: f.arg });
    };
    const skip = (pattern: string) => {
      re += '(?:' + pattern.slice(1, -1) + ')';
    };
    switch (f.letter) {
      case 't': {
        const p = timePiece(f.arg);
        if (f.conditional) {
          skip(free()); // a time that may be "-" cannot time the line
          return;
        }
        re += p.re;
        for (const s of p.sets) captures.push({ time: s, end: p.end });
        (p.end ? timeSets.end : timeSets.begin).push(...p.sets);
        if (p.sets.length > 0) {
          if (p.end) hasEnd = true;
          else hasBegin = true;
        }
        if (
          f.arg === '' ||
          f.arg === 'begin' ||
          f.arg === 'end' ||
          /(?:^|:)(?:sec|msec|usec)$/.test(f.arg) ||
          /%[zs]/.test(f.arg)
        )
          zoned = true;
        return;
      }
      case 's':
        hasStatus = true;
        take(f.wantOrig === false ? 'status' : 'statusOrig', '(\\d{3}|-)');
        return;
      case 'D':
        hasDuration = true;
        take('micros', NUMBER);
        return;
      case 'T':
        if (!['', 's', 'ms', 'us'].includes(f.arg.toLowerCase())) {
          skip(free()); // a bogus unit is logged as itself (log_request_duration_scaled)
          return;
        }
        hasDuration = true;
        take('duration', NUMBER);
        return;
      case 'h':
        take('client', quoted ? QUOTED : '(\\S*)');
        return;
      case 'a':
        take('peer', quoted ? QUOTED : '(\\S*)');
        return;
      case 'r':
        take('request', free());
        return;
      case 'U':
        take('uri', free());
        return;
      case 'q':
        // "" or "?args" (log_request_query): anchored on its "?" so that "%U%q" splits
        skip(quoted ? QUOTED : last ? '((?:\\?.*)?)' : '((?:\\?.*?)?)');
        return;
      case 'm':
        take('method', quoted ? QUOTED : '(\\S*)');
        return;
      case 'v':
      case 'V':
        take('vhost', quoted ? QUOTED : '([^\\s:]*)');
        return;
      case 'i': {
        const h = f.arg.toLowerCase();
        if (h === 'user-agent') take('agent', free());
        else if (h === 'x-forwarded-for') take('xff', free());
        else skip(free());
        return;
      }
      case 'b':
      case 'B':
      case 'I':
      case 'O':
      case 'S':
      case 'k':
      case 'p':
        skip(quoted ? QUOTED : NUMBER);
        return;
      default:
        skip(free());
    }
  });
  re += '\\s*$';
  const regex = new RegExp(re);
  const clock = new LocalClock(zone);
  const info: FormatInfo = {
    format,
    hasTime: hasBegin || hasEnd,
    hasStatus,
    hasEnd: hasDuration || (hasBegin && hasEnd),
    zoned,
  };

  const toInstant = (t: TimeParts): Instant | null => {
    if (t.epochMs !== undefined) return t.epochMs + (t.millis !== undefined && t.epochMs % 1000 === 0 ? t.millis : 0);
    let { month, day } = t;
    if (t.year === undefined) return null;
    if ((month === undefined || day === undefined) && t.yday !== undefined) {
      const d = new Date(Date.UTC(t.year, 0, t.yday));
      month = d.getUTCMonth() + 1;
      day = d.getUTCDate();
    }
    if (month === undefined || month < 1 || day === undefined) return null;
    let hour = t.hour;
    if (hour === undefined && t.hour12 !== undefined) hour = (t.hour12 % 12) + (t.pm ? 12 : 0);
    if (hour === undefined || t.minute === undefined) return null;
    const second = t.second ?? 0;
    const millis = t.millis ?? 0;
    if (t.offsetMinutes !== undefined)
      return Date.UTC(t.year, month - 1, day, hour, t.minute, second, millis) - t.offsetMinutes * 60_000;
    const v = clock.toInstant(t.year, month, day, hour, t.minute, second, millis);
    return Number.isNaN(v) ? null : v;
  };

  const parse = (line: string): AccessRecord | null => {
    if (line.length > MAX_LINE) return null;
    const m = regex.exec(line);
    if (m === null) return null;
    const begin: TimeParts = {};
    const endParts: TimeParts = {};
    let status: number | null = null;
    let statusOrig: number | null = null;
    let durationMs: number | null = null;
    let client: string | null = null;
    let peer: string | null = null;
    let xff: string | null = null;
    let request: string | null = null;
    let uri: string | null = null;
    let method: string | null = null;
    let vhost: string | null = null;
    let agent: string | null = null;
    for (let k = 0; k < captures.length; k++) {
      const v = m[k + 1];
      if (v === undefined) continue;
      const c = captures[k]!;
      if ('time' in c) {
        c.time(c.end ? endParts : begin, v);
        continue;
      }
      switch (c.role) {
        case 'status':
          status = v === '-' ? null : Number(v);
          break;
        case 'statusOrig':
          statusOrig = v === '-' ? null : Number(v);
          break;
        case 'micros':
          if (v !== '-') durationMs = Number(v) / 1000;
          break;
        case 'duration':
          if (v !== '-') {
            const u = c.arg.toLowerCase();
            durationMs = Number(v) * (u === 'ms' ? 1 : u === 'us' ? 0.001 : 1000);
          }
          break;
        case 'client':
          client = v;
          break;
        case 'peer':
          peer = v;
          break;
        case 'xff':
          xff = v;
          break;
        case 'request':
          request = v;
          break;
        case 'uri':
          uri = v;
          break;
        case 'method':
          method = v;
          break;
        case 'vhost':
          vhost = v;
          break;
        case 'agent':
          agent = v;
          break;
      }
    }
    let time: Instant | null = null;
    let end: Instant | null = null;
    if (hasBegin) time = toInstant(begin);
    if (hasEnd) end = toInstant(endParts);
    if (time === null && end !== null) time = durationMs !== null ? end - durationMs : end;
    if (time === null) return null;
    // %D/%T are finer than a second-resolution end: time
    if (durationMs !== null) end = time + durationMs;
    let path: string | null = null;
    let protocol: string | null = null;
    if (request !== null && request !== '-') {
      const sp = request.indexOf(' ');
      if (sp > 0) {
        method ??= request.slice(0, sp);
        const sp2 = request.lastIndexOf(' ');
        path = sp2 > sp ? request.slice(sp + 1, sp2) : request.slice(sp + 1);
        protocol = sp2 > sp ? request.slice(sp2 + 1) : null;
      }
    }
    if (uri !== null && uri !== '-') path = uri;
    if (path !== null) {
      const q = path.indexOf('?');
      if (q >= 0) path = path.slice(0, q);
      // absolute-form request targets ("GET http://host/x HTTP/1.1") name the same path
      const abs = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(path);
      if (abs) path = path.slice(abs[0].length) || '/';
    }
    const forwarded = xff !== null && xff !== '-' && xff !== '' ? xff.split(',')[0]!.trim() : null;
    const dummy =
      (agent !== null && agent.endsWith('(internal dummy connection)')) ||
      (agent === null && method === 'OPTIONS' && path === '*' && (protocol === 'HTTP/1.0' || protocol === null));
    return {
      time,
      end,
      status: status ?? statusOrig,
      method,
      path,
      client: forwarded ?? peer ?? client,
      vhost,
      dummy,
    };
  };
  // The quick time is safe when nothing before the first CLF %t can hold a "[": host, logname,
  // vhost, port and literal text without one. A user name (%u) could, but then clfAt() sees no
  // stamp there and says null (it checks every character of the shape).
  let quickTime: CompiledFormat['quickTime'] = null;
  for (const f of fields) {
    if (f.kind === 'literal') {
      if (f.text.includes('[')) break;
      continue;
    }
    if (f.letter === 't' && (f.arg === '' || f.arg === 'begin') && !f.conditional) {
      quickTime = (line) => {
        const i = line.indexOf('[');
        return i < 0 ? null : clfAt(line, i);
      };
      break;
    }
    if (!['h', 'a', 'l', 'u', 'v', 'V', 'p', 'A'].includes(f.letter)) break;
  }
  return { info, parse, quickTime };
}
