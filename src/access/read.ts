// Reading only the time windows of an access log. Access logs are 10–100× the error log, and the
// impact needs minutes around each burst, so a plain file is searched by bisection on its lines'
// times and read from there to the window's end; a .gz cannot be searched and is streamed, but
// only up to the last window. Reads go through a tiny file interface (tests, --root bundles).
import * as nodeFs from 'node:fs';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { InputError } from '../errors.js';
import type { Instant } from '../model.js';
import { compileLogFormat, KNOWN_FORMATS, type AccessRecord, type CompiledFormat } from './format.js';

export interface AccessFile {
  size: number;
  /** reads up to buf.length bytes at position; returns the count (0 at the end) */
  read(buf: Buffer, position: number): number;
  close(): void;
}

export interface AccessFs {
  open(path: string): AccessFile;
}

export const nodeAccessFs: AccessFs = {
  open(path) {
    const fd = nodeFs.openSync(path, 'r');
    return {
      size: nodeFs.fstatSync(fd).size,
      read: (buf, position) => nodeFs.readSync(fd, buf, 0, buf.length, position),
      close: () => nodeFs.closeSync(fd),
    };
  },
};

export interface TimeWindow {
  start: Instant;
  end: Instant;
}

/**
 * How far a line's time may run behind the lines written before it. Apache writes a line when
 * the request ends (mod_log_config's log_transaction) but %t is when it started, so a slow
 * request's line lands after quicker ones that started later: by as much as the slowest request
 * (Timeout 60 s by default; a mod_wsgi daemon wait can take longer), and BufferedLogs holds each
 * child's lines back until its buffer fills. The bisection aims this far before a window and
 * the scan runs this far past it. With %D/%T the line's end time orders the lines much better.
 */
export const DISORDER_SLACK_MS = 300_000;
export const DISORDER_SLACK_WITH_END_MS = 30_000;
/** A streamed line whose start (quick look) is this long before the first window is not parsed: no request takes an hour. */
export const PRESKIP_MS = 3_600_000;
/** A rotated .gz may hold lines written after the next file began (old children keep the renamed file open through a graceful restart). */
export const ROTATION_OVERLAP_MS = 3_600_000;

const PROBE = 16 << 10;
const CHUNK = 128 << 10;
const GZ_CHUNK = 64 << 10; // compressed bytes per read: stopping after the last window wastes at most this
const LINEAR_BELOW = 256 << 10;

export interface AccessFileSummary {
  path: string;
  compressed: boolean;
  size: number;
  /** bytes read from the file (compressed bytes for .gz) */
  bytesRead: number;
  /** lines parsed in the windows' neighbourhood */
  lines: number;
  /** lines there that did not match the format */
  malformed: number;
  /** lines whose time ran behind an earlier line's by more than the slack */
  disordered: number;
  format: string | null;
  first: Instant | null;
  /** the last line's time; for a .gz the next file's first time plus ROTATION_OVERLAP_MS (null when none follows) */
  last: Instant | null;
  /** why the file was not read (or not completely) */
  skipped: string | null;
}

export interface ReadWindowsResult {
  records: (AccessRecord & { file: string })[];
  files: AccessFileSummary[];
  notes: string[];
}

const keyOf = (r: AccessRecord) => r.end ?? r.time;

/** First parseable line at or after `from` (a line start when `aligned`): its key and start offset. */
function probeLine(
  f: AccessFile,
  fmt: CompiledFormat,
  from: number,
  aligned: boolean,
  limit: number,
  buf: Buffer,
  s: AccessFileSummary,
): { key: Instant; time: Instant; at: number } | null {
  let pos = from;
  let skipFirst = !aligned && from > 0;
  while (pos < limit) {
    const n = f.read(buf, pos);
    s.bytesRead += Math.max(0, n);
    if (n <= 0) return null;
    let i = 0;
    if (skipFirst) {
      const nl = buf.indexOf(10, 0);
      if (nl < 0 || nl >= n) {
        pos += n;
        continue;
      }
      i = nl + 1;
      skipFirst = false;
    }
    for (;;) {
      if (pos + i >= limit) return null;
      const nl = buf.indexOf(10, i);
      if (nl < 0 || nl >= n) break;
      const rec = fmt.parse(buf.toString('latin1', i, nl));
      if (rec !== null) return { key: keyOf(rec), time: rec.time, at: pos + i };
      i = nl + 1;
    }
    if (i === 0) return null; // a line longer than the probe: give up here, the caller reads linearly
    pos += i;
  }
  return null;
}

/** The last parseable line's time of a plain file (from its tail). */
function lastTime(f: AccessFile, fmt: CompiledFormat, buf: Buffer): Instant | null {
  const from = Math.max(0, f.size - buf.length);
  const n = f.read(buf, from);
  const text = buf.toString('latin1', 0, n);
  const lines = text.split('\n');
  if (from > 0) lines.shift();
  for (let k = lines.length - 1; k >= 0; k--) {
    const r = fmt.parse(lines[k]!);
    if (r !== null) return keyOf(r);
  }
  return null;
}

/** Picks the format for a file from its first lines: the given one if it fits, else a known one that does. */
function chooseFormat(
  head: string,
  given: CompiledFormat | null,
  zone: string,
): { fmt: CompiledFormat; name: string | null; fits: number; tried: number } | null {
  const lines = head
    .split('\n')
    .slice(0, -1)
    .filter((l) => l.trim() !== '')
    .slice(0, 50);
  const score = (c: CompiledFormat) => lines.filter((l) => c.parse(l) !== null).length;
  if (given) {
    const s = score(given);
    if (lines.length === 0 || s * 2 >= lines.length) return { fmt: given, name: null, fits: s, tried: lines.length };
  }
  let best: { fmt: CompiledFormat; name: string | null; fits: number; tried: number } | null = null;
  for (const k of KNOWN_FORMATS) {
    const c = compileLogFormat(k.format, zone);
    const s = score(c);
    if (s > 0 && (best === null || s > best.fits)) best = { fmt: c, name: k.name, fits: s, tried: lines.length };
  }
  return best !== null && best.fits * 2 >= lines.length ? best : null;
}

export interface ReadWindowsOptions {
  /** the LogFormat the config gives for this file; null: recognise a known one */
  format: string | null;
  zone: string;
  fs?: AccessFs;
}

/** Merged [from, to] key ranges to read, each with the windows it serves. */
function rangesFor(windows: readonly TimeWindow[], slack: number): { from: Instant; to: Instant }[] {
  const sorted = [...windows].sort((a, b) => a.start - b.start);
  const out: { from: Instant; to: Instant }[] = [];
  for (const w of sorted) {
    const from = w.start - slack;
    const to = w.end + slack;
    const last = out[out.length - 1];
    if (last !== undefined && from <= last.to) last.to = Math.max(last.to, to);
    else out.push({ from, to });
  }
  return out;
}

/**
 * Reads the records of the given access-log files (plain or gzip, any order) whose time falls in
 * one of the windows. Files that cannot hold such lines are not read at all.
 */
export async function readWindows(
  files: readonly string[],
  windows: readonly TimeWindow[],
  options: ReadWindowsOptions,
): Promise<ReadWindowsResult> {
  const fs = options.fs ?? nodeAccessFs;
  const notes: string[] = [];
  const records: ReadWindowsResult['records'] = [];
  const summaries: AccessFileSummary[] = [];
  const given = options.format !== null ? compileLogFormat(options.format, options.zone) : null;
  if (given && (!given.info.hasTime || !given.info.hasStatus)) {
    notes.push(
      `the access-log format "${options.format}" has no ${given.info.hasTime ? 'status (%s/%>s)' : 'time (%t)'}: the impact cannot be counted from it`,
    );
    return { records, files: [], notes };
  }
  const inWindow = (t: Instant) => windows.some((w) => t >= w.start && t <= w.end);
  const probeBuf = Buffer.allocUnsafe(PROBE);

  // First pass: open, sniff, choose the format, find each file's first (and, when plain, last) time.
  interface Open {
    path: string;
    f: AccessFile;
    gzip: boolean;
    fmt: CompiledFormat;
    first: Instant | null;
    last: Instant | null;
    summary: AccessFileSummary;
  }
  const opened: Open[] = [];
  for (const path of files) {
    let f: AccessFile;
    try {
      f = fs.open(path);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      for (const o of opened) o.f.close();
      throw new InputError(
        code === 'ENOENT'
          ? 'no such file or directory'
          : code === 'EACCES'
            ? 'permission denied (not readable)'
            : `cannot read (${code ?? (e as Error).message})`,
        { file: path },
      );
    }
    const summary: AccessFileSummary = {
      path,
      compressed: false,
      size: f.size,
      bytesRead: 0,
      lines: 0,
      malformed: 0,
      disordered: 0,
      format: null,
      first: null,
      last: null,
      skipped: null,
    };
    summaries.push(summary);
    const n = f.read(probeBuf, 0);
    summary.bytesRead += n;
    const gzip = n >= 2 && probeBuf[0] === 0x1f && probeBuf[1] === 0x8b;
    summary.compressed = gzip;
    let head: string;
    if (gzip) {
      head = await gunzipHead(f, probeBuf.length * 4);
    } else head = probeBuf.toString('latin1', 0, n);
    if (n === 0 || head.trim() === '') {
      summary.skipped = 'empty';
      f.close();
      continue;
    }
    const choice = chooseFormat(head, given, options.zone);
    if (choice === null) {
      summary.skipped = options.format
        ? `its lines do not match the format "${options.format}" nor a common one`
        : 'its lines match no common access-log format';
      notes.push(`${path}: not read: ${summary.skipped}`);
      f.close();
      continue;
    }
    if (choice.name !== null && given)
      notes.push(
        `${path}: its lines do not match the configured format "${options.format}"; read as ${choice.name} (${choice.fits} of ${choice.tried} first lines fit)`,
      );
    summary.format = choice.fmt.info.format;
    const firstRec = head
      .split('\n')
      .map((l) => choice.fmt.parse(l))
      .find((r) => r !== null);
    const first = firstRec ? firstRec.time : null;
    const last = gzip ? null : lastTime(f, choice.fmt, probeBuf);
    if (!gzip && f.size > probeBuf.length) summary.bytesRead += probeBuf.length;
    opened.push({ path, f, gzip, fmt: choice.fmt, first, last, summary });
  }
  // Files in time order; a .gz ends about where the next file begins.
  opened.sort((a, b) => (a.first ?? Infinity) - (b.first ?? Infinity));
  for (let k = 0; k < opened.length; k++) {
    const o = opened[k]!;
    o.summary.first = o.first;
    if (o.gzip) {
      const next = opened.slice(k + 1).find((x) => x.first !== null);
      o.last = next ? next.first! + ROTATION_OVERLAP_MS : null;
    }
    o.summary.last = o.last;
  }

  for (const o of opened) {
    const slack = o.fmt.info.hasEnd ? DISORDER_SLACK_WITH_END_MS : DISORDER_SLACK_MS;
    const ranges = rangesFor(windows, slack).filter(
      (r) => (o.first === null || r.to >= o.first - slack) && (o.last === null || r.from <= o.last + slack),
    );
    try {
      if (ranges.length === 0) {
        o.summary.skipped = 'no window falls in its time span';
        continue;
      }
      const push = (r: AccessRecord) => {
        if (inWindow(r.time)) records.push({ ...r, file: o.path });
      };
      if (o.gzip) await scanGzip(o.f, o.fmt, ranges, slack, push, o.summary, notes);
      else scanPlain(o.f, o.fmt, ranges, slack, push, o.summary);
    } finally {
      o.f.close();
    }
    if (o.summary.malformed > 0)
      notes.push(
        `${o.path}: ${o.summary.malformed} line(s) near the windows did not match the format and were skipped`,
      );
    if (o.summary.disordered > 0)
      notes.push(
        `${o.path}: ${o.summary.disordered} line(s) ran more than ${slack / 1000} s behind earlier ones; requests that slow near a window's edge may be missed`,
      );
  }
  records.sort((a, b) => a.time - b.time);
  return { records, files: summaries, notes };
}

/** The first decompressed bytes of a gzip file (for recognising its format). */
async function gunzipHead(f: AccessFile, want: number): Promise<string> {
  const gunzip = zlib.createGunzip();
  const parts: Buffer[] = [];
  let got = 0;
  const src = Readable.from(rawChunks(f, 0, null));
  src.pipe(gunzip);
  try {
    for await (const c of gunzip) {
      parts.push(c as Buffer);
      got += (c as Buffer).length;
      if (got >= want) break;
    }
  } catch {
    /* a damaged head: whatever came out */
  } finally {
    src.destroy();
    gunzip.destroy();
  }
  return Buffer.concat(parts).toString('latin1');
}

function* rawChunks(f: AccessFile, from: number, count: { n: number } | null): Generator<Buffer> {
  let pos = from;
  for (;;) {
    const buf = Buffer.allocUnsafe(GZ_CHUNK);
    const n = f.read(buf, pos);
    if (n <= 0) return;
    pos += n;
    if (count) count.n += n;
    yield n === buf.length ? buf : buf.subarray(0, n);
  }
}

/** Bisection for the last line start before which every line's key is (roughly) below `target`. */
function seek(
  f: AccessFile,
  fmt: CompiledFormat,
  target: Instant,
  lo: number,
  buf: Buffer,
  s: AccessFileSummary,
): number {
  let hi = f.size;
  while (hi - lo > LINEAR_BELOW) {
    const mid = lo + Math.floor((hi - lo) / 2);
    const p = probeLine(f, fmt, mid, false, hi, buf, s);
    if (p === null || p.key >= target) hi = mid;
    else lo = p.at;
  }
  return lo;
}

function scanPlain(
  f: AccessFile,
  fmt: CompiledFormat,
  ranges: { from: Instant; to: Instant }[],
  slack: number,
  push: (r: AccessRecord) => void,
  s: AccessFileSummary,
): void {
  const probeBuf = Buffer.allocUnsafe(PROBE);
  const buf = Buffer.allocUnsafe(CHUNK);
  let pos = 0; // always a line start
  for (const range of ranges) {
    if (pos >= f.size) break;
    pos = seek(f, fmt, range.from, pos, probeBuf, s);
    let maxKey = -Infinity;
    // true when the line is past the range: the next range starts at this line again
    const handle = (line: string): boolean => {
      if (line === '' || line === '\r') return false;
      const r = fmt.parse(line);
      s.lines++;
      if (r === null) {
        s.malformed++;
        return false;
      }
      const key = keyOf(r);
      if (key > range.to) return true;
      if (key < maxKey - slack) s.disordered++;
      if (key > maxKey) maxKey = key;
      push(r);
      return false;
    };
    let carry = '';
    for (;;) {
      const n = f.read(buf, pos);
      if (n <= 0) {
        if (carry !== '') handle(carry);
        pos = f.size;
        break;
      }
      s.bytesRead += n;
      const text = carry + buf.toString('latin1', 0, n);
      const base = pos - carry.length;
      let i = 0;
      let past = false;
      for (;;) {
        const nl = text.indexOf('\n', i);
        if (nl < 0) break;
        if (handle(text.slice(i, nl))) {
          past = true;
          break;
        }
        i = nl + 1;
      }
      if (past) {
        pos = base + i;
        break;
      }
      carry = text.slice(i);
      pos += n;
    }
  }
}

async function scanGzip(
  f: AccessFile,
  fmt: CompiledFormat,
  ranges: { from: Instant; to: Instant }[],
  slack: number,
  push: (r: AccessRecord) => void,
  s: AccessFileSummary,
  notes: string[],
): Promise<void> {
  const stop = ranges[ranges.length - 1]!.to;
  const first = ranges[0]!.from;
  const count = { n: 0 };
  const src = Readable.from(rawChunks(f, 0, count));
  const gunzip = zlib.createGunzip({ chunkSize: CHUNK });
  src.pipe(gunzip);
  src.on('error', (e) => gunzip.destroy(e));
  let carry = '';
  let maxKey = -Infinity;
  let stopped = false;
  const skipBefore = first - slack - PRESKIP_MS;
  const quick = fmt.quickTime;
  const handle = (line: string): boolean => {
    if (line === '' || line === '\r') return false;
    if (quick !== null) {
      const q = quick(line);
      if (q !== null && q < skipBefore) return false;
    }
    const r = fmt.parse(line);
    s.lines++;
    if (r === null) {
      s.malformed++;
      return false;
    }
    const key = keyOf(r);
    if (key > stop) return true;
    if (key < maxKey - slack) s.disordered++;
    if (key > maxKey) maxKey = key;
    if (key >= first) push(r);
    return false;
  };
  try {
    outer: for await (const chunk of gunzip) {
      const text = carry + (chunk as Buffer).toString('latin1');
      let i = 0;
      for (;;) {
        const nl = text.indexOf('\n', i);
        if (nl < 0) break;
        if (handle(text.slice(i, nl))) {
          stopped = true;
          break outer;
        }
        i = nl + 1;
      }
      carry = text.slice(i);
    }
    if (!stopped && carry !== '') handle(carry);
  } catch (e) {
    notes.push(`${s.path}: damaged gzip data (${(e as Error).message}); lines before the damage were read`);
  } finally {
    src.destroy();
    gunzip.destroy();
    s.bytesRead += count.n;
  }
}
