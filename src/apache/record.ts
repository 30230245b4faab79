// Apache error-log record prefix parser.
//
// One lenient scanner covers the 2.4 built-in format (server/log.c do_errorlog_default), the
// 2.2 format (2.2 server/log.c log_error_core), and the common ErrorLogFormat variants (the
// manual's "[%{u}t] [%-m:%l] [pid %P:tid %T] %7F: %E: [client\ %a] %M", the 2.2-like "[%t] [%l]
// …", and timestamp-first formats such as SUSE's "%{cu}t %M"): a timestamp first, then any of
// the known bracketed fields in any order, then the optional source-file, errno and client parts
// (2.4 puts the client after the errno, 2.2 before), then the message, then ", referer: …".
// Sources: httpd server/log.c (the built-in format and ErrorLogFormat items).

/** Wall-clock fields of a timestamp as written in the log (no zone, except %{cuz}t). */
export interface LocalTimestamp {
  year: number;
  month: number; // 1..12
  day: number;
  hour: number;
  minute: number;
  second: number;
  micros: number; // 0 when the format has no sub-second part
  /** minutes east of UTC when the line carries an offset (%{cuz}t, httpd ≥ 2.4.58) */
  offsetMinutes: number | null;
  /** which timestamp shape was seen */
  style: 'ctime' | 'ctime-usec' | 'iso' | 'iso-usec';
}

export interface ApacheRecord {
  ts: LocalTimestamp;
  module: string | null; // '' for modules without APLOG_USE_MODULE ("[:error]"), null when absent
  level: string | null;
  pid: number | null;
  tid: number | null;
  source: string | null; // "mod_wsgi.c(1234)"
  errno: number | null;
  errnoText: string | null;
  clientKind: 'client' | 'remote' | null;
  client: string | null;
  message: string;
  referer: string | null;
  /** 2.2 shape: no module and no pid field */
  format: '2.4' | '2.2' | 'custom';
  /** a field was redacted by hand (e.g. "[pid XXXX]") */
  redacted?: boolean;
}

/** English month abbreviations as Apache and syslog write them. */
export const MONTHS: Record<string, number> = {
  Jan: 1,
  Feb: 2,
  Mar: 3,
  Apr: 4,
  May: 5,
  Jun: 6,
  Jul: 7,
  Aug: 8,
  Sep: 9,
  Oct: 10,
  Nov: 11,
  Dec: 12,
};

const LEVELS = new Set([
  'emerg',
  'alert',
  'crit',
  'error',
  'warn',
  'notice',
  'info',
  'debug',
  'trace1',
  'trace2',
  'trace3',
  'trace4',
  'trace5',
  'trace6',
  'trace7',
  'trace8',
]);

function digits(s: string, from: number, n: number): number {
  let v = 0;
  for (let i = from; i < from + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * Parses a timestamp at `pos` (optionally inside [ ]). Returns the timestamp and the index just
 * after it (after the closing bracket when bracketed), or null.
 */
export function parseTimestamp(s: string, pos = 0): { ts: LocalTimestamp; end: number } | null {
  let i = pos;
  const bracketed = s.charCodeAt(i) === 91; // '['
  if (bracketed) i++;
  const c0 = s.charCodeAt(i);
  let ts: LocalTimestamp | null = null;
  if (c0 >= 65 && c0 <= 90) {
    // ctime: "Www Mmm DD HH:MM:SS[.uuuuuu] YYYY" (ap_recent_ctime_ex; day zero-padded,
    // but accept a space-padded day as C ctime() would print it)
    if (s.charCodeAt(i + 3) !== 32 || s.charCodeAt(i + 7) !== 32) return null;
    const month = MONTHS[s.substr(i + 4, 3)];
    if (month === undefined) return null;
    let d = i + 8;
    let day: number;
    if (s.charCodeAt(d) === 32) day = digits(s, d + 1, 1);
    else day = digits(s, d, 2);
    d += 2;
    if (day < 1 || s.charCodeAt(d) !== 32) return null;
    const hour = digits(s, d + 1, 2);
    const minute = digits(s, d + 4, 2);
    const second = digits(s, d + 7, 2);
    if (hour < 0 || minute < 0 || second < 0 || s.charCodeAt(d + 3) !== 58 || s.charCodeAt(d + 6) !== 58) return null;
    let j = d + 9;
    let micros = 0;
    let style: LocalTimestamp['style'] = 'ctime';
    if (s.charCodeAt(j) === 46) {
      const us = digits(s, j + 1, 6);
      if (us < 0) return null;
      micros = us;
      j += 7;
      style = 'ctime-usec';
    }
    if (s.charCodeAt(j) !== 32) return null;
    const year = digits(s, j + 1, 4);
    if (year < 0) return null;
    j += 5;
    ts = { year, month, day, hour, minute, second, micros, offsetMinutes: null, style };
    i = j;
  } else if (c0 >= 48 && c0 <= 57) {
    // %{c}t / %{cu}t / %{cuz}t: "YYYY-MM-DD HH:MM:SS[.uuuuuu][ +hhmm]" (also accept 'T')
    const year = digits(s, i, 4);
    const month = digits(s, i + 5, 2);
    const day = digits(s, i + 8, 2);
    const sep = s.charCodeAt(i + 10);
    if (
      year < 0 ||
      month < 1 ||
      month > 12 ||
      day < 1 ||
      s.charCodeAt(i + 4) !== 45 ||
      s.charCodeAt(i + 7) !== 45 ||
      (sep !== 32 && sep !== 84)
    )
      return null;
    const hour = digits(s, i + 11, 2);
    const minute = digits(s, i + 14, 2);
    const second = digits(s, i + 17, 2);
    if (hour < 0 || minute < 0 || second < 0) return null;
    let j = i + 19;
    let micros = 0;
    let style: LocalTimestamp['style'] = 'iso';
    if (s.charCodeAt(j) === 46) {
      let k = j + 1;
      let frac = '';
      while (k < s.length && s.charCodeAt(k) >= 48 && s.charCodeAt(k) <= 57 && frac.length < 9) frac += s[k++];
      if (frac.length === 0) return null;
      micros = Math.round(Number((frac + '000000').slice(0, 6)));
      j = k;
      style = 'iso-usec';
    }
    let offsetMinutes: number | null = null;
    const z = /^ ?([+-])(\d{2}):?(\d{2})/.exec(s.slice(j, j + 7));
    if (z) {
      offsetMinutes = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3]));
      j += z[0].length;
    } else if (s.charCodeAt(j) === 90) {
      offsetMinutes = 0; // 'Z'
      j++;
    }
    ts = { year, month, day, hour, minute, second, micros, offsetMinutes, style };
    i = j;
  } else {
    return null;
  }
  if (bracketed) {
    if (s.charCodeAt(i) !== 93) return null;
    i++;
  }
  return { ts, end: i };
}

/**
 * Cheap test used on every line of the input: does the line start like a record (a timestamp
 * in one of the shapes above)? Only looks at a few fixed positions.
 */
export function looksLikeRecordStart(b: Uint8Array, i: number, end: number): boolean {
  if (end - i < 20) return false;
  let c = b[i]!;
  if (c === 91) {
    i++;
    c = b[i]!;
  }
  if (c >= 65 && c <= 90) return b[i + 3] === 32 && b[i + 7] === 32 && b[i + 13] === 58;
  if (c >= 48 && c <= 57) return b[i + 4] === 45 && b[i + 7] === 45 && b[i + 13] === 58;
  return false;
}

const ERRNO_RE = /^\((\d+|EAI -?\d+|OS \d+|os 0x[0-9a-fA-F]{8})\)([^:]*): /;
const SOURCE_RE = /^([\w.-]+\.(?:c|cpp|h)\(\d+\)): /;

function parseClientToken(token: string): { kind: 'client' | 'remote'; addr: string } | null {
  if (token.startsWith('client ')) return { kind: 'client', addr: token.slice(7) };
  if (token.startsWith('remote ')) return { kind: 'remote', addr: token.slice(7) };
  return null;
}

/** The fields after the timestamp (or of a line whose timestamp an envelope carried). */
export type ApacheFields = Omit<ApacheRecord, 'ts' | 'format'> & { sawPid: boolean };

/** Parses one physical line (without its newline). Returns null when it is not a record start. */
export function parseRecord(line: string): ApacheRecord | null {
  const t = parseTimestamp(line, 0);
  if (t === null) return null;
  const { sawPid, ...f } = parseFields(line, t.end);
  const format: ApacheRecord['format'] =
    sawPid && f.module !== null && t.ts.style === 'ctime-usec'
      ? '2.4'
      : !sawPid && f.module === null && f.level !== null && t.ts.style === 'ctime'
        ? '2.2'
        : 'custom';
  return { ts: t.ts, ...f, format };
}

/**
 * Parses the record fields from `pos` on: bracketed [module:level] [pid] [client] fields in any
 * order, source file, errno, client, message, referer. Used after a timestamp, and alone for
 * lines whose time an envelope carries (syslog: Apache writes no [time] there) or that have none.
 */
export function parseFields(line: string, pos: number): ApacheFields {
  let i = pos;
  let module: string | null = null;
  let level: string | null = null;
  let pid: number | null = null;
  let tid: number | null = null;
  let clientKind: 'client' | 'remote' | null = null;
  let client: string | null = null;
  let sawPid = false;
  let redacted = false;
  // Bracketed fields. Stop at the first bracket that is not a known field: the message itself
  // may start with one (mod_wsgi 6.x "[script …] WSGI0116: …").
  for (;;) {
    while (line.charCodeAt(i) === 32) i++;
    if (line.charCodeAt(i) !== 91) break;
    const close = line.indexOf(']', i + 1);
    if (close < 0) break;
    const token = line.slice(i + 1, close);
    const colon = token.indexOf(':');
    if (token.startsWith('pid ')) {
      // "[pid XXXX:tid …]": a pid redacted by whoever pasted the line is still the pid field
      const m = /^pid (\S+?)(?::tid (\S+))?$/.exec(token);
      if (!m) break;
      // at most 15 digits: beyond that a Number would not keep the value (pid_max is 2^22 on Linux)
      pid = /^\d{1,15}$/.test(m[1]!) ? Number(m[1]) : null;
      tid = m[2] !== undefined && /^\d{1,15}$/.test(m[2]) ? Number(m[2]) : null;
      if (pid === null || (m[2] !== undefined && tid === null)) redacted = true;
      sawPid = true;
    } else if (LEVELS.has(token)) {
      level = token;
    } else if (colon >= 0 && /^[\w-]*:[\w-]+$/.test(token) && LEVELS.has(token.slice(colon + 1).replace(/^-$/, ''))) {
      const mod = token.slice(0, colon);
      module = mod === '-' ? '' : mod;
      level = token.slice(colon + 1);
    } else if (/^-:-$/.test(token)) {
      module = '';
    } else {
      const c = parseClientToken(token);
      if (c === null || client !== null) {
        // ErrorLogFormat log ids ([R:…], [C:…]) are skipped; anything else is the message.
        if (/^[RC]:\S*$/.test(token)) {
          i = close + 1;
          continue;
        }
        break;
      }
      clientKind = c.kind;
      client = c.addr;
    }
    i = close + 1;
  }
  let rest = line.slice(i);
  let source: string | null = null;
  const src = SOURCE_RE.exec(rest);
  if (src) {
    source = src[1]!;
    rest = rest.slice(src[0].length);
  }
  let errno: number | null = null;
  let errnoText: string | null = null;
  const er = ERRNO_RE.exec(rest);
  if (er) {
    const code = er[1]!;
    errno = /^\d{1,15}$/.test(code) ? Number(code) : null; // (as the pid: a Number keeps 15 digits)
    errnoText = er[2]!.trim() || null;
    rest = rest.slice(er[0].length);
  }
  if (client === null && rest.charCodeAt(0) === 91) {
    const close = rest.indexOf('] ');
    if (close > 0) {
      const c = parseClientToken(rest.slice(1, close));
      if (c) {
        clientKind = c.kind;
        client = c.addr;
        rest = rest.slice(close + 2);
      }
    }
  }
  let referer: string | null = null;
  const ref = rest.lastIndexOf(', referer: ');
  if (ref >= 0) {
    referer = rest.slice(ref + 11);
    rest = rest.slice(0, ref);
  }
  return {
    module,
    level,
    pid,
    tid,
    source,
    errno,
    errnoText,
    clientKind,
    client,
    message: rest,
    referer,
    sawPid,
    redacted,
  };
}

const WEEKDAYS = 'Mon|Tue|Wed|Thu|Fri|Sat|Sun';
const MONTH_NAMES = 'Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec';
/** An Apache ctime stamp anywhere in a text, with or without its brackets (pasted, glued, joined lines). */
const CTIME_ANYWHERE = new RegExp(
  `\\[?(?:${WEEKDAYS}) (?:${MONTH_NAMES}) [ \\d]\\d \\d\\d:\\d\\d:\\d\\d(?:\\.\\d{6})? \\d{4}\\]?`,
  'g',
);
/** The %{cu}t / %{c}t stamp of a custom ErrorLogFormat ("2017-08-30 17:33:15.741187 …"). */
const ISO_SPACE_ANYWHERE = /\[?\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,9})?(?: ?[+-]\d\d:?\d\d)?\]?(?= )/g;

/**
 * Where Apache records start inside a text: every ctime stamp (so two records joined on one
 * line are two), else every custom-format ISO stamp. Returns start offsets, ascending.
 */
export function findRecordStarts(text: string): number[] {
  const out: number[] = [];
  for (const re of [CTIME_ANYWHERE, ISO_SPACE_ANYWHERE]) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) out.push(m.index);
    if (out.length > 0) break;
  }
  return out;
}
