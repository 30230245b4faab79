// The per-line hot path. Works on Buffers: lines are found with Buffer.indexOf(10) (memchr),
// candidate lines with a handful of byte needles (see NEEDLES in src/wsgi/catalogue.ts), and
// only candidate lines are decoded and parsed. Every other line costs a few byte comparisons
// (is it a record start?), so memory stays flat and throughput stays close to memchr.
import { LocalClock } from '../time/index.js';
import { parseRecord, parseTimestamp, looksLikeRecordStart, type LocalTimestamp } from '../apache/record.js';
import { matchLifecycle, parseDescription } from '../apache/lifecycle.js';
import { NEEDLES, buildEvent, isNonEvent, matchMessage } from '../wsgi/index.js';
import type { Instant, RelatedEvent, RestartEvent, ServerBanner, WsgiConnectError } from '../model.js';

/** Longest part of a single line kept for parsing; Apache itself cuts lines at 8192 bytes. */
const MAX_LINE_KEEP = 64 * 1024;
const NEEDLE_BUFS = NEEDLES.map((n) => Buffer.from(n, 'latin1'));

/** Everything a scan of one input (or one byte range of it) yields; plain data, cloneable. */
export interface ScanResult {
  lines: number;
  unparsed: number;
  first: Instant | null;
  last: Instant | null;
  events: WsgiConnectError[];
  related: RelatedEvent[];
  markers: RestartEvent[];
  banners: ServerBanner[];
  bytes: number;
}

/** The 2.4 built-in format's fixed-width prefix "[Www Mmm DD HH:MM:SS.uuuuuu YYYY] [" (server/log.c). */
function isDefault24(b: Buffer, i: number, end: number): boolean {
  return (
    end - i > 40 &&
    b[i] === 91 &&
    b[i + 20] === 46 &&
    b[i + 32] === 93 &&
    b[i + 34] === 91 &&
    b[i + 14] === 58 &&
    b[i + 4] === 32
  );
}

export function emptyResult(): ScanResult {
  return {
    lines: 0,
    unparsed: 0,
    first: null,
    last: null,
    events: [],
    related: [],
    markers: [],
    banners: [],
    bytes: 0,
  };
}

export class LineScanner {
  readonly result: ScanResult = emptyResult();
  private readonly clock: LocalClock;
  private carry: Buffer | null = null;
  private carryLen = 0;
  private carryTruncated = false;
  private lastInstant = -Infinity;
  /** absolute offset of the next byte pushed */
  private offset = 0;
  private stopped = false;

  /**
   * @param file   display path put into events
   * @param zone   analysis zone for the wall-clock timestamps
   * @param limit  stop at the first line that starts at or after this absolute offset (ranges)
   * @param skipFirstPartial when scanning a range that does not start at 0: the first bytes up
   *               to and including the first newline belong to the previous range
   */
  constructor(
    private readonly file: string,
    zone: string,
    private readonly limit = Infinity,
    private skipFirstPartial = false,
    startOffset = 0,
  ) {
    this.clock = new LocalClock(zone);
    this.offset = startOffset;
  }

  get done(): boolean {
    return this.stopped;
  }

  /** Feeds the next chunk. The buffer may be reused by the caller afterwards. */
  push(chunk: Buffer, len = chunk.length): void {
    if (this.stopped || len === 0) return;
    const base = this.offset;
    this.offset += len;
    this.result.bytes += len;
    let from = 0;
    if (this.skipFirstPartial) {
      const nl = chunk.indexOf(10, 0);
      if (nl < 0 || nl >= len) return; // still inside the previous range's line
      from = nl + 1;
      this.skipFirstPartial = false;
    } else if (this.carry !== null) {
      const nl = chunk.indexOf(10, 0);
      if (nl < 0 || nl >= len) {
        this.appendCarry(chunk, 0, len);
        return;
      }
      this.appendCarry(chunk, 0, nl);
      const lineStartAbs = base - this.carryLen;
      const line = this.carry.subarray(0, Math.min(this.carryLen, MAX_LINE_KEEP));
      this.carry = null;
      const truncated = this.carryTruncated;
      this.carryLen = 0;
      this.carryTruncated = false;
      if (lineStartAbs >= this.limit) {
        this.stopped = true;
        return;
      }
      this.scanRegion(line, 0, line.length, true, truncated);
      from = nl + 1;
    }
    // Scan whole lines; the partial line after the last newline is carried to the next push.
    const stopAt = this.limit === Infinity ? Infinity : this.limit - base;
    const rest = this.scanRegion(chunk, from, len, false, false, stopAt);
    if (this.stopped) return;
    if (rest < len) {
      if (rest >= stopAt) {
        this.stopped = true;
        return;
      }
      this.appendCarry(chunk, rest, len);
    }
  }

  /** Processes a final line without a newline. */
  finish(): ScanResult {
    if (!this.stopped && this.carry !== null && this.carryLen > 0) {
      const lineStartAbs = this.offset - this.carryLen;
      if (lineStartAbs < this.limit) {
        const line = this.carry.subarray(0, Math.min(this.carryLen, MAX_LINE_KEEP));
        this.scanRegion(line, 0, line.length, true, this.carryTruncated);
      }
    }
    this.carry = null;
    this.stopped = true;
    return this.result;
  }

  private appendCarry(src: Buffer, from: number, to: number): void {
    const n = to - from;
    if (n <= 0 && this.carry !== null) return;
    if (this.carry === null) {
      this.carry = Buffer.allocUnsafe(Math.max(256, Math.min(n, MAX_LINE_KEEP)));
      this.carryLen = 0;
    }
    const room = MAX_LINE_KEEP - Math.min(this.carryLen, MAX_LINE_KEEP);
    const take = Math.min(n, room);
    if (take > 0) {
      if (this.carryLen + take > this.carry.length) {
        const bigger = Buffer.allocUnsafe(
          Math.min(MAX_LINE_KEEP, Math.max(this.carry.length * 2, this.carryLen + take)),
        );
        this.carry.copy(bigger, 0, 0, this.carryLen);
        this.carry = bigger;
      }
      src.copy(this.carry, this.carryLen, from, from + take);
    }
    if (take < n) this.carryTruncated = true;
    // carryLen counts every byte of the line (for offsets), the buffer keeps the first 64 KiB
    this.carryLen += n;
  }

  /**
   * Scans the newline-terminated lines in buf[from, to) and returns where the unterminated
   * rest begins (`to` when there is none). `single` marks a buffer that holds exactly one line
   * (possibly without its newline). Lines starting at or after `stopAt` (relative to buf) end
   * the scan of a range.
   */
  private scanRegion(
    buf: Buffer,
    from: number,
    to: number,
    single: boolean,
    _truncated: boolean,
    stopAt = Infinity,
  ): number {
    const r = this.result;
    // Lazily advanced next occurrence of each needle, used only for lines that are not in the
    // 2.4 built-in format; each needle is scanned at most once over the region.
    const nextHit = new Array<number>(NEEDLE_BUFS.length).fill(-1);
    let lastRecord = -1;
    let lastRecordEnd = -1;
    let i = from;
    while (i < to) {
      if (i >= stopAt) {
        this.stopped = true;
        break;
      }
      let j = single ? to : buf.indexOf(10, i);
      if (j < 0 || j >= to) {
        if (!single) break; // unterminated: the caller carries it
        j = to;
      }
      r.lines++;
      let end = j;
      if (end > i && buf[end - 1] === 13) end--; // CRLF
      if (isDefault24(buf, i, end)) {
        // "[Www Mmm DD HH:MM:SS.uuuuuu YYYY] [module:level] [pid …] …": decide from the module tag
        lastRecord = i;
        lastRecordEnd = end;
        if (r.first === null) this.noteFirst(buf, i, end);
        const m = i + 35;
        const c = buf[m];
        if (c === 119 /* w */) {
          // [wsgi:…]: application output from a daemon carries "[remote …]" and is skipped;
          // everything mod_wsgi itself logs in an Apache child or daemon is parsed
          if (buf[m + 1] === 115 && buf[m + 2] === 103 && buf[m + 3] === 105 && buf[m + 4] === 58) {
            const p1 = buf.indexOf(93, m + 5);
            const p2 = p1 < 0 || p1 >= end ? -1 : buf.indexOf(93, p1 + 1);
            if (p2 > 0 && p2 < end && !(buf[p2 + 2] === 91 && buf[p2 + 3] === 114 && buf[p2 + 4] === 101))
              this.candidate(buf, i, end, r.lines);
          }
        } else if (c === 109 /* m */) {
          if (buf[m + 1] === 112 && buf[m + 2] === 109 && buf[m + 3] === 95) this.candidate(buf, i, end, r.lines); // [mpm_*:…]
        } else if (c === 58 /* : */) {
          // modules without APLOG_USE_MODULE, mod_wsgi 3.x among them
          if (this.hasNeedle(buf, i, end, nextHit)) this.candidate(buf, i, end, r.lines);
        }
      } else if (looksLikeRecordStart(buf, i, end)) {
        // 2.2 format or a custom ErrorLogFormat: look for the needles in the line
        lastRecord = i;
        lastRecordEnd = end;
        if (r.first === null) this.noteFirst(buf, i, end);
        if (this.hasNeedle(buf, i, end, nextHit)) this.candidate(buf, i, end, r.lines);
      } else if (!(buf[i] === 65 && buf[i + 1] === 72 && buf[i + 7] === 58)) {
        // not a timestamped record and not a startup "AHnnnnn: " line: a continuation
        // (raw stderr, a fragment) or garbage; counted, attached to the record before it
        r.unparsed++;
      }
      i = j + 1;
    }
    if (lastRecord >= 0) {
      const t = this.instantOf(buf, lastRecord, lastRecordEnd, false);
      if (t !== null && (r.last === null || t > r.last)) r.last = t;
    }
    return i;
  }

  private hasNeedle(buf: Buffer, i: number, end: number, nextHit: number[]): boolean {
    let found = false;
    for (let k = 0; k < NEEDLE_BUFS.length; k++) {
      let h = nextHit[k]!;
      if (h < i) {
        h = buf.indexOf(NEEDLE_BUFS[k]!, i);
        nextHit[k] = h = h < 0 ? Infinity : h;
      }
      if (h < end) found = true;
    }
    return found;
  }

  private noteFirst(buf: Buffer, i: number, end: number): void {
    const t = this.instantOf(buf, i, end, true);
    if (t !== null) this.result.first = t;
  }

  private instantOf(buf: Buffer, i: number, end: number, track: boolean): Instant | null {
    const head = buf.toString('latin1', i, Math.min(end, i + 48));
    const p = parseTimestamp(head, 0);
    if (p === null) return null;
    return this.toInstant(p.ts, track);
  }

  private toInstant(ts: LocalTimestamp, track: boolean): Instant {
    const ms = Math.floor(ts.micros / 1000);
    let t: Instant;
    if (ts.offsetMinutes !== null) {
      t = Date.UTC(ts.year, ts.month - 1, ts.day, ts.hour, ts.minute, ts.second, ms) - ts.offsetMinutes * 60000;
    } else {
      t = this.clock.toInstant(ts.year, ts.month, ts.day, ts.hour, ts.minute, ts.second, ms);
      // An ambiguous wall time at a DST fall-back: if the file's clock would run backwards by
      // more than a few minutes, take the later of the two instants.
      if (t < this.lastInstant - 5 * 60000) {
        const later = this.clock.toInstant(ts.year, ts.month, ts.day, ts.hour, ts.minute, ts.second, ms, true);
        if (later >= this.lastInstant - 5 * 60000) t = later;
      }
    }
    if (track && t > this.lastInstant) this.lastInstant = t;
    return t;
  }

  /** A line that contains a needle and starts like a record: parse it fully. */
  private candidate(buf: Buffer, i: number, end: number, lineNo: number): void {
    const text = buf.toString('utf8', i, Math.min(end, i + MAX_LINE_KEEP));
    const rec = parseRecord(text);
    if (rec === null) return;
    const msg = rec.message;
    const time = this.toInstant(rec.ts, true);
    const life = matchLifecycle(rec.module, msg);
    if (life !== null) {
      const where = { file: this.file, line: lineNo, time };
      const m = life.marker.marker;
      const kind: RestartEvent['kind'] =
        m === 'graceful' ? 'graceful' : m === 'restart' ? 'restart' : m === 'configured' ? 'start' : 'stop';
      this.result.markers.push({ ...where, kind, marker: m, mpm: life.mpm, pid: rec.pid });
      if (life.description !== null) {
        const v = parseDescription(life.description);
        this.result.banners.push({ ...where, description: life.description, ...v, mpm: life.mpm, pid: rec.pid });
      }
      return;
    }
    if (isNonEvent(msg)) return;
    const match = matchMessage(msg);
    if (match === null) return;
    const ev = buildEvent(rec, match, { time, file: this.file, line: lineNo });
    if ('connect' in ev) this.result.events.push(ev.connect);
    else this.result.related.push(ev.related);
  }
}
