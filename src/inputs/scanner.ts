// The scan of one input (or one byte range of it). Signature first: JavaScript decides only at
// lines that may carry a signature (decode.ts): the line is decoded, its envelope peeled and its
// message read. The line kernel (kernel/scan.wat) walks the lines: it counts those it can
// classify exactly as this file's per-line walk would (2.4 built-in format lines whose module
// tag rules out a signature; 3.x "[:…]" lines and lines in the syslog, journal short-iso,
// docker -t and prefixed envelopes without a needle of NEEDLES in src/wsgi/catalogue.ts) and
// hands out the others with the result of its needle search. The
// per-line walk (`oneLine` over every line: sniffEnvelope, then the needles searched with
// Buffer.indexOf, `nextHitFrom`) stays for single carried lines, lines longer than the kernel's
// window, and WSGI_LOGDOCTOR_PER_LINE=1, against which the tests compare the kernel.
import { LocalClock } from '../time/clock.js';
import { parseTimestamp, type LocalTimestamp } from '../apache/index.js';
import { NEEDLES } from '../wsgi/index.js';
import { own } from '../events.js';
import type {
  Instant,
  RelatedEvent,
  RestartEvent,
  ServerBanner,
  UnreadableExample,
  UnreadableReason,
  UntimedEvent,
} from '../model.js';
import { ENVELOPES, peelEnvelope, sniffEnvelope } from './envelopes.js';
import { decodeLine, type DecodeContext, type LinePlace } from './decode.js';
import { EventPacker, noPackedEvents, type PackedEvents } from './pack.js';
import { OUT_AT, OUT_CAP, WINDOW_AT, WINDOW_SIZE, kernel } from './kernel/index.js';

/** Longest part of a single line kept for parsing; Apache itself cuts lines at 8192 bytes. */
const MAX_LINE_KEEP = 64 * 1024;
const NEEDLE_BUFS = NEEDLES.map((n) => Buffer.from(n, 'latin1'));
const MAX_EXAMPLES = 5;
/** indented lines joined back to a wrapped line, at most */
const MAX_WRAP = 8;
/** The per-region state of the line walk (the needle cursor, the last record, the line before). */
interface RegionState {
  hits: number[];
  nextHit: number;
  lastRecord: number;
  lastRecordEnd: number;
  lastEnv: number;
  prevStart: number;
  prevEnd: number;
  prevHit: boolean;
  /** the newline the last line JavaScript saw ended at */
  prevJ: number;
}
const CRI = ENVELOPES.findIndex((e) => e.kind === 'cri');
const APACHE = ENVELOPES.findIndex((e) => e.kind === 'apache');
/** The kernel's envelope codes (scan.wat $lastKind) as indexes into ENVELOPES */
const KERNEL_ENVELOPES = (
  ['apache', 'syslog-rfc3164', 'syslog-rfc5424', 'journal-short', 'docker-t', 'prefixed'] as const
).map((kind) => ENVELOPES.findIndex((e) => e.kind === kind));

/** Everything a scan of one input (or one byte range of it) yields; plain data, cloneable. */
export interface ScanResult {
  lines: number;
  unparsed: number;
  first: Instant | null;
  last: Instant | null;
  related: RelatedEvent[];
  markers: RestartEvent[];
  banners: ServerBanner[];
  bytes: number;
  /** the connect errors, packed (pack.ts): a million of them are a few arrays, not a million objects */
  packed: PackedEvents;
  /** lines per envelope, indexed like ENVELOPES */
  envelopes: number[];
  unreadable: Partial<Record<UnreadableReason, number>>;
  unreadableExamples: UnreadableExample[];
  untimed: UntimedEvent[];
  /** RFC 3164 stamps given a year: how many, and the years used */
  yearInferred: { count: number; years: number[]; from: 'mtime' | 'now' } | null;
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
    related: [],
    markers: [],
    banners: [],
    bytes: 0,
    packed: noPackedEvents(),
    envelopes: ENVELOPES.map(() => 0),
    unreadable: {},
    unreadableExamples: [],
    untimed: [],
    yearInferred: null,
  };
}

export interface ScannerOptions {
  /** stop at the first line that starts at or after this absolute offset (ranges) */
  limit?: number;
  /** the range does not start at 0: the bytes up to the first newline belong to the previous range */
  skipFirstPartial?: boolean;
  startOffset?: number;
  /** the file's modification time: the reference for the year of RFC 3164 stamps */
  mtime?: Instant | null;
  /** walk every line in JavaScript instead of the line kernel (the test comparing both) */
  perLine?: boolean;
}

/** WSGI_LOGDOCTOR_PER_LINE=1: every scan walks lines in JavaScript (the comparison test). */
function perLineDefault(): boolean {
  return process.env.WSGI_LOGDOCTOR_PER_LINE === '1';
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

  private readonly limit: number;
  private skipFirstPartial: boolean;
  private readonly ctx: DecodeContext;
  private readonly strings = new Map<string, string>();
  private readonly packer = new EventPacker();
  private readonly yearRef: { year: number; month: number; day: number; from: 'mtime' | 'now' };
  /** CRI partial ("P") lines waiting for their final part */
  private criParts: { line: number; texts: string[] } | null = null;
  /** this scan starts at the beginning of the input */
  private readonly atInputStart: boolean;
  private readonly useKernel: boolean;

  /** @param file display path put into events; @param zone analysis zone for wall-clock stamps */
  constructor(
    private readonly file: string,
    zone: string,
    opts: ScannerOptions = {},
  ) {
    this.clock = new LocalClock(zone);
    this.limit = opts.limit ?? Infinity;
    this.useKernel = !(opts.perLine ?? perLineDefault());
    this.skipFirstPartial = opts.skipFirstPartial ?? false;
    this.offset = opts.startOffset ?? 0;
    this.atInputStart = this.offset === 0 && !this.skipFirstPartial;
    const ref = new Date(opts.mtime ?? Date.now());
    this.yearRef = {
      year: ref.getUTCFullYear(),
      month: ref.getUTCMonth() + 1,
      day: ref.getUTCDate(),
      from: opts.mtime != null ? 'mtime' : 'now',
    };
    this.ctx = {
      file,
      toInstant: (ts) => this.toInstant(ts, true),
      yearFor: (month, day) => this.yearFor(month, day),
      intern: (str) => {
        let v = this.strings.get(str);
        if (v === undefined) {
          if (this.strings.size >= 65536) this.strings.clear();
          v = own(str);
          this.strings.set(v, v);
        }
        return v;
      },
    };
  }

  /**
   * RFC 3164 has no year: the latest year that does not put the stamp more than a day after the
   * reference (the file's mtime), so December lines in a file last written in January fall in
   * the year before. Stateless, so split ranges agree.
   */
  private yearFor(month: number, day: number): number {
    const r = this.yearRef;
    const after = month > r.month || (month === r.month && day > r.day + 1);
    const year = after ? r.year - 1 : r.year;
    const y = this.result.yearInferred ?? { count: 0, years: [], from: r.from };
    y.count++;
    if (!y.years.includes(year)) y.years.push(year);
    this.result.yearInferred = y;
    return year;
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
        this.scanRegion(line, 0, line.length, true, this.carryTruncated, Infinity, true);
      }
    }
    this.flushCri();
    this.result.packed = this.packer.finish();
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
   * (possibly without its newline; `atEof`: the input's last line). Lines starting at or after
   * `stopAt` (relative to buf) end the scan of a range. The line kernel (kernel/scan.wat) walks
   * the lines and counts those that cannot carry a signature; JavaScript sees only the others.
   */
  private scanRegion(
    buf: Buffer,
    from: number,
    to: number,
    single: boolean,
    _truncated: boolean,
    stopAt = Infinity,
    atEof = false,
  ): number {
    const r = this.result;
    // The region as its own view, so needle searches never run into stale bytes past `to`.
    const view = buf.subarray(0, to);
    const st: RegionState = {
      hits: new Array<number>(NEEDLE_BUFS.length).fill(-1),
      nextHit: -1,
      lastRecord: -1,
      lastRecordEnd: -1,
      lastEnv: -1,
      prevStart: -1,
      prevEnd: -1,
      prevHit: false,
      prevJ: -2,
    };
    let i = from;
    if (single || !this.useKernel) {
      while (i < to) {
        if (i >= stopAt) {
          this.stopped = true;
          break;
        }
        let j = single ? to : view.indexOf(10, i);
        if (j < 0) {
          if (!single) break; // unterminated: the caller carries it
          j = to;
        }
        r.lines++;
        i = this.oneLine(st, view, i, j, to, single, atEof) + 1;
      }
    } else i = this.kernelRegion(st, view, from, to, stopAt);
    if (st.lastRecord >= 0) {
      const t = this.instantOf(view, st.lastRecord, st.lastRecordEnd, st.lastEnv, false);
      if (t !== null && (r.last === null || t > r.last)) r.last = t;
    }
    return i;
  }

  /**
   * The kernel's walk over view[from, to): returns where the unterminated rest begins. Each call
   * counts lines per envelope and hands out the others; while the range has no first time, it
   * ends after handing out the first line it could have counted, so that the first time comes
   * from the same line (and the same RFC 3164 year inference) as in the per-line walk.
   */
  private kernelRegion(st: RegionState, view: Buffer, from: number, to: number, stopAt: number): number {
    const r = this.result;
    const env = r.envelopes;
    const k = kernel();
    const x = k.x;
    // zero copy when the bytes are the kernel's read buffer, else through its window
    const own = view.buffer === k.mem.buffer && view.byteOffset === 0;
    let i = from;
    while (i < to) {
      const winLen = own ? to - i : Math.min(WINDOW_SIZE, to - i);
      const shift = own ? 0 : WINDOW_AT - i; // kernel address = position + shift
      if (!own) view.copy(k.mem, WINDOW_AT, i, i + winLen);
      const stop = stopAt === Infinity ? 0x7fffffff : Math.max(0, Math.min(0x7fffffff, stopAt + shift));
      const n = x.scan(i + shift, i + winLen + shift, stop, OUT_AT, OUT_CAP, r.first === null ? 1 : 0);
      const rest = x.rest.value - shift;
      const lines = x.lines.value;
      const base = r.lines; // lines before this call's first line
      const lastBoring = x.lastBoring.value < 0 ? -1 : x.lastBoring.value - shift;
      const lastBoringEnd = x.lastBoringEnd.value - shift;
      const lastKind = KERNEL_ENVELOPES[x.lastKind.value]!;
      const stopped = x.stopped.value === 1;
      const more = x.more.value === 1;
      env[APACHE]! += x.boring.value;
      for (let c = 1; c < KERNEL_ENVELOPES.length; c++) env[KERNEL_ENVELOPES[c]!]! += k.counts[c]!;
      // the records after which JavaScript has to go on from elsewhere (a wrap read past them)
      let resumeAt = -1;
      let resumeLines = 0;
      for (let q = 0; q < n; q++) {
        const li = k.out[2 * q]! - shift;
        const flags = k.out[2 * q + 1]!;
        const idx = flags & 0x3fffffff;
        if (li <= st.prevJ) continue; // taken by a wrapped line before
        if (st.prevJ !== li - 1) {
          // the line before was one the kernel counted (or none): no hit on it
          st.prevHit = false;
          if (li > 0 && li > from) {
            const ps = view.lastIndexOf(10, li - 2) + 1;
            st.prevStart = Math.max(ps, from);
            st.prevEnd = li - 1 > st.prevStart && view[li - 2] === 13 ? li - 2 : li - 1;
          } else st.prevStart = -1;
        }
        const j = view.indexOf(10, li);
        r.lines = base + idx + 1;
        // the kernel's needle search over this line, when it ran
        const needle = flags >= 0x80000000 ? (flags & 0x40000000) !== 0 : undefined;
        const jj = this.oneLine(st, view, li, j, to, false, false, needle);
        st.prevJ = jj;
        if (jj + 1 > rest) {
          // a wrap joined lines past this call's end: go on after them
          resumeAt = jj + 1;
          resumeLines = r.lines;
          break;
        }
      }
      if (lastBoring >= 0 && lastBoring > st.lastRecord && (resumeAt < 0 || lastBoring < resumeAt)) {
        st.lastRecord = lastBoring;
        st.lastRecordEnd = lastBoringEnd;
        st.lastEnv = lastKind;
      }
      if (resumeAt >= 0) {
        r.lines = resumeLines;
        i = resumeAt;
        continue;
      }
      r.lines = base + lines;
      if (stopped) {
        this.stopped = true;
        return rest;
      }
      if (rest === i) {
        // no whole line in the window (a line longer than it): this one line the plain way
        if (n === 0 && !own) {
          const j = view.indexOf(10, i);
          if (j < 0) return i;
          r.lines++;
          st.prevJ = this.oneLine(st, view, i, j, to, false, false);
          i = st.prevJ + 1;
          continue;
        }
        return i;
      }
      i = rest;
      if (own && !more) return i; // the kernel saw all of it: the rest is unterminated
    }
    return i;
  }

  /**
   * One line [i, j) (j: its newline, or `to`), already counted in r.lines: its envelope, and
   * the decision when it may carry a signature. Returns the newline it ends at (a wrapped
   * paste joins the indented lines after it). `needle`: whether a needle starts in the line,
   * when the kernel searched it (else the needles are searched from here on, nextHitFrom).
   */
  private oneLine(
    st: RegionState,
    view: Buffer,
    i: number,
    j: number,
    to: number,
    single: boolean,
    atEof: boolean,
    needle?: boolean,
  ): number {
    const r = this.result;
    const env = r.envelopes;
    let end = j;
    if (end > i && view[end - 1] === 13) end--; // CRLF
    let k: number;
    let hit: boolean;
    if (isDefault24(view, i, end)) {
      // The 2.4 built-in format, the common case: the module tag tells at once whether the line
      // can carry a signature (mod_wsgi logs as [wsgi:…], 3.x as [:…]; restarts as [mpm_*:…]).
      // The kernel applies the same tests; what reaches here with it is mod_wsgi's or mpm's
      // lines, or a "[:…]" line holding a needle.
      k = APACHE;
      env[APACHE]!++;
      st.lastRecord = i;
      st.lastRecordEnd = end;
      st.lastEnv = APACHE;
      if (r.first === null) this.noteFirst(view, i, end, APACHE);
      const m = i + 35;
      const c = view[m];
      hit = false;
      if (c === 119 /* w */) {
        // [wsgi:…]: application output from a daemon carries "[remote …]" and is skipped
        if (view[m + 1] === 115 && view[m + 2] === 103 && view[m + 3] === 105 && view[m + 4] === 58) {
          const p1 = view.indexOf(93, m + 5);
          const p2 = p1 < 0 || p1 >= end ? -1 : view.indexOf(93, p1 + 1);
          hit = p2 > 0 && p2 < end && !(view[p2 + 2] === 91 && view[p2 + 3] === 114 && view[p2 + 4] === 101);
        }
      } else if (c === 109 /* m */) {
        hit = view[m + 1] === 112 && view[m + 2] === 109 && view[m + 3] === 95; // [mpm_*:…]
      } else if (c === 58 /* : */) hit = needle ?? this.hitIn(st, view, i, j);
    } else {
      k = sniffEnvelope(view, i, end);
      if (k >= 0) {
        env[k]!++;
        st.lastRecord = i;
        st.lastRecordEnd = end;
        st.lastEnv = k;
        if (r.first === null) this.noteFirst(view, i, end, k);
        if (k === CRI) {
          // "<ts> stderr P <text>": the line continues on the next one; join before deciding
          const sp = view.indexOf(32, i);
          if (sp > 0 && sp < end && (view[sp + 8] === 80 || this.criParts !== null)) {
            this.addCriPart(view, i, end, r.lines);
            if (view[sp + 8] !== 80) this.flushCri();
            st.prevStart = -1;
            return j;
          }
        }
      } else r.unparsed++;
      hit = needle ?? this.hitIn(st, view, i, j);
    }
    if (hit) {
      const lineNo = r.lines;
      const c0 = view[i];
      const indented = k < 0 && (c0 === 32 || c0 === 9);
      let outcome: 'event' | 'weak' | 'none';
      if (indented && st.prevStart >= 0 && !st.prevHit) {
        // a wrapped line whose signature is on its indented part: decide it with the line before
        outcome = this.decide(
          this.joinWrapped(view, st.prevStart, st.prevEnd, [[i, end]]),
          lineNo - 1,
          k,
          false,
          false,
          true,
        );
      } else {
        outcome = this.decide(
          view.toString('utf8', i, Math.min(end, i + MAX_LINE_KEEP)),
          lineNo,
          k,
          atEof,
          r.lines === 1 && this.atInputStart,
        );
        if (outcome === 'weak' && !single) {
          // read leniently: if indented lines follow (a wrapped paste), decide the whole of it
          const parts: [number, number][] = [];
          let q = j;
          while (parts.length < MAX_WRAP && q + 1 < to && (view[q + 1] === 32 || view[q + 1] === 9)) {
            const nj = view.indexOf(10, q + 1);
            if (nj < 0) break;
            parts.push([q + 1, nj > q + 1 && view[nj - 1] === 13 ? nj - 1 : nj]);
            q = nj;
          }
          if (parts.length > 0) {
            this.undoLast(lineNo);
            this.decide(this.joinWrapped(view, i, end, parts), lineNo, k, false, false, true);
            r.lines += parts.length;
            r.unparsed += parts.length;
            j = q;
          }
        }
      }
      st.prevHit = outcome !== 'none';
    } else st.prevHit = false;
    st.prevStart = i;
    st.prevEnd = end;
    return j;
  }

  /** Whether a needle starts in the line [i, j). */
  private hitIn(st: RegionState, view: Buffer, i: number, j: number): boolean {
    if (st.nextHit < i) st.nextHit = this.nextHitFrom(view, st.hits, i);
    return st.nextHit < j;
  }

  /** The earliest needle occurrence at or after `from` (each needle is searched once per stretch). */
  private nextHitFrom(view: Buffer, hits: number[], from: number): number {
    let min = Infinity;
    for (let n = 0; n < NEEDLE_BUFS.length; n++) {
      let h = hits[n]!;
      if (h < from && h !== Infinity) {
        h = view.indexOf(NEEDLE_BUFS[n]!, from);
        hits[n] = h = h < 0 ? Infinity : h;
      }
      if (h < min) min = h;
    }
    return min;
  }

  private joinWrapped(view: Buffer, i: number, end: number, parts: [number, number][]): string {
    let text = view.toString('utf8', i, Math.min(end, i + MAX_LINE_KEEP));
    for (const [a, b] of parts) text += ' ' + view.toString('utf8', a, Math.min(b, a + MAX_LINE_KEEP)).trim();
    return text;
  }

  private addCriPart(view: Buffer, i: number, end: number, lineNo: number): void {
    const text = view.toString('utf8', i, Math.min(end, i + MAX_LINE_KEEP));
    if (this.criParts === null) this.criParts = { line: lineNo, texts: [text] };
    else if (this.criParts.texts.length < 64) {
      // the continuation's own text, after "<ts> <stream> P|F "
      const m = /^\S+ \S+ [PF] ?/.exec(text);
      this.criParts.texts.push(m === null ? text : text.slice(m[0].length));
    }
  }

  /** Decides the CRI partials gathered so far, joined into one line. */
  private flushCri(): void {
    const p = this.criParts;
    if (p === null) return;
    this.criParts = null;
    const [head, ...rest] = p.texts;
    // the first part keeps its stamp and stream; its "P" becomes "F" for the joined line
    const joined = head!.replace(/^(\S+ \S+ )P/, '$1F') + rest.join('');
    this.decide(joined, p.line, CRI, false, false);
  }

  private lastDecided: {
    line: number;
    events: number;
    related: number;
    markers: number;
    banners: number;
    untimed: number;
    reasons: UnreadableReason[];
  } | null = null;

  /** Takes back what the last decision at `line` added (before deciding the joined wrap instead). */
  private undoLast(line: number): void {
    const d = this.lastDecided;
    if (d === null || d.line !== line) return;
    const r = this.result;
    this.packer.truncate(d.events);
    r.related.length = d.related;
    r.markers.length = d.markers;
    r.banners.length = d.banners;
    r.untimed.length = d.untimed;
    for (const reason of d.reasons) r.unreadable[reason] = (r.unreadable[reason] ?? 1) - 1;
    while (r.unreadableExamples.length > 0 && r.unreadableExamples[r.unreadableExamples.length - 1]!.line === line)
      r.unreadableExamples.pop();
  }

  /**
   * Decides a line with a hit. 'event': it became events or markers; 'weak': it was read only
   * leniently or not at all (a wrap may complete it); 'none': nothing of interest in it.
   */
  private decide(
    text: string,
    line: number,
    hint: number,
    atEof: boolean,
    atStart: boolean,
    wrapped = false,
  ): 'event' | 'weak' | 'none' {
    const r = this.result;
    this.lastDecided = {
      line,
      events: this.packer.length,
      related: r.related.length,
      markers: r.markers.length,
      banners: r.banners.length,
      untimed: r.untimed.length,
      reasons: [],
    };
    const place: LinePlace = { line, hint, atEof, atStart, wrapped };
    const outcomes = decodeLine(text, this.ctx, place);
    let weak = false;
    for (const o of outcomes) {
      switch (o.t) {
        case 'connect':
          this.packer.push(o.ev);
          if (o.ev.damaged) weak = true;
          break;
        case 'related':
          r.related.push(o.ev);
          if (o.ev.damaged) weak = true;
          break;
        case 'marker':
          r.markers.push(o.marker);
          if (o.banner !== null) r.banners.push(o.banner);
          break;
        case 'unreadable':
          weak = true;
          r.unreadable[o.reason] = (r.unreadable[o.reason] ?? 0) + 1;
          this.lastDecided.reasons.push(o.reason);
          if (r.unreadableExamples.length < MAX_EXAMPLES)
            r.unreadableExamples.push({
              line,
              reason: o.reason,
              text: own(text.length > 300 ? text.slice(0, 300) : text),
            });
          if (o.untimed !== null) r.untimed.push(o.untimed);
          break;
      }
    }
    return outcomes.length === 0 ? 'none' : weak ? 'weak' : 'event';
  }

  private noteFirst(buf: Buffer, i: number, end: number, k: number): void {
    const t = this.instantOf(buf, i, end, k, true);
    if (t !== null) this.result.first = t;
  }

  /** The time of a line (first/last of a range): the inner Apache stamp, else the envelope's. */
  private instantOf(buf: Buffer, i: number, end: number, k: number, track: boolean): Instant | null {
    const json = buf[i] === 123;
    const text = buf.toString(json ? 'utf8' : 'latin1', i, Math.min(end, i + (json ? MAX_LINE_KEEP : 96)));
    const env = ENVELOPES[k]!;
    if (env.kind === 'apache') {
      const p = parseTimestamp(text, 0);
      return p === null ? null : this.toInstant(p.ts, track);
    }
    const peel = peelEnvelope(text, k);
    if (peel === null) return null;
    const inner = parseTimestamp(peel.inner, 0);
    if (inner !== null) return this.toInstant(inner.ts, track);
    if (peel.stamp === null) return null;
    const ts = peel.yearless ? { ...peel.stamp, year: this.yearFor(peel.stamp.month, peel.stamp.day) } : peel.stamp;
    return this.toInstant(ts, track);
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
}
