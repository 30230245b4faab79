// The connect errors, kept compactly from the scan to the renderers (issue 18): a million of them
// are five typed arrays (time, line, client, process, shape) and small tables, not a million
// objects. What repeats from event to event (code, file, host, envelope, errno, group, socket,
// message style, variant, …) is one "shape" shared by all events that have it; the client
// strings are a table of their own. Stages read the columns through accessors (no allocation);
// `at(i)` and iteration give a fresh WsgiConnectError for code that wants the whole event.
import type { EnvelopeKind, Instant, MessageStyle, SocketInfo, WsgiCode, WsgiConnectError } from './model.js';

/** What events share: everything but the time, line, process and client (kept per event). */
export type EventShape = Omit<WsgiConnectError, 'time' | 'line' | 'pid' | 'tid' | 'client'>;

/**
 * Plain data (structured-clonable; the typed arrays' buffers can be transferred from a worker):
 * event k is time[k], line[k], its pid and tid procs[2 * proc[k]] and procs[2 * proc[k] + 1]
 * (NaN: null; a log has far fewer processes and threads than lines), its client (clientText) and
 * shapes[shape[k]]. A client is NaN (null), an IPv4 address with or without port written into
 * the number (>= 0: most clients, and no string kept for them), or clients[-client[k] - 1].
 */
export interface PackedEvents {
  n: number;
  time: Float64Array;
  line: Float64Array;
  proc: Int32Array;
  client: Float64Array;
  shape: Int32Array;
  procs: number[];
  clients: string[];
  shapes: EventShape[];
}

const SHAPE_KEYS = [
  'code',
  'file',
  'host',
  'envelope',
  'damaged',
  'errno',
  'errnoText',
  'group',
  'socket',
  'modWsgiMessageStyle',
  'childUid',
  'variant',
] as const satisfies readonly (keyof EventShape)[];

/**
 * A copy of a substring that does not keep its whole line alive: V8 makes substrings of 13 or
 * more characters slices of their parent, so a million events holding a client address would
 * hold a million lines. Parts shorter than that are copied.
 */
export function own(s: string): string;
export function own(s: string | null): string | null;
export function own(s: string | null): string | null {
  if (s === null || s.length < 13) return s;
  let out = '';
  for (let i = 0; i < s.length; i += 12) out += s.slice(i, i + 12);
  return out;
}

function shapeOf(e: EventShape): EventShape {
  return {
    code: e.code,
    file: own(e.file),
    host: own(e.host),
    envelope: e.envelope,
    damaged: e.damaged,
    errno: e.errno,
    errnoText: own(e.errnoText),
    group: own(e.group),
    socket: own(e.socket),
    socketInfo: e.socketInfo,
    modWsgiMessageStyle: e.modWsgiMessageStyle,
    childUid: e.childUid,
    variant: own(e.variant),
  };
}

/** Two shapes are one when every field (the decoded socket's too) is the same. */
function shapeKey(s: EventShape): string {
  const i = s.socketInfo;
  return JSON.stringify([
    ...SHAPE_KEYS.map((k) => s[k]),
    i && [i.prefix, i.parentPid, i.generation, i.uid, i.id, i.rotation],
  ]);
}

const nul = (x: number): number | null => (Number.isNaN(x) ? null : x);
const nan = (x: number | null): number => (x === null ? NaN : x);

function emptyPacked(capacity: number): PackedEvents {
  return {
    n: 0,
    time: new Float64Array(capacity),
    line: new Float64Array(capacity),
    proc: new Int32Array(capacity),
    client: new Float64Array(capacity),
    shape: new Int32Array(capacity),
    procs: [],
    clients: [],
    shapes: [],
  };
}

const NO_PORT = 65536;

/** "a.b.c.d" or "a.b.c.d:port" as written by Apache (no leading zeros) as one number; else NaN. */
export function encodeClient(s: string): number {
  let ip = 0;
  let part = 0;
  let digits = 0;
  let dots = 0;
  let i = 0;
  const n = s.length;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (digits > 0 && part === 0) return NaN;
      part = part * 10 + (c - 48);
      if (++digits > 3 || part > 255) return NaN;
    } else if (c === 46 && digits > 0 && dots < 3) {
      ip = ip * 256 + part;
      part = 0;
      digits = 0;
      dots++;
    } else break;
  }
  if (dots !== 3 || digits === 0) return NaN;
  ip = ip * 256 + part;
  if (i === n) return ip * (NO_PORT + 1) + NO_PORT;
  if (s.charCodeAt(i) !== 58) return NaN;
  let port = 0;
  digits = 0;
  for (i++; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57 || (digits > 0 && port === 0)) return NaN;
    port = port * 10 + (c - 48);
    if (++digits > 5 || port > 65535) return NaN;
  }
  return digits === 0 ? NaN : ip * (NO_PORT + 1) + port;
}

/** A client as written in the log, from its number (encodeClient) or its table. */
function clientText(x: number, clients: readonly string[]): string | null {
  if (Number.isNaN(x)) return null;
  if (x < 0) return clients[-x - 1]!;
  const port = x % (NO_PORT + 1);
  const ip = (x - port) / (NO_PORT + 1);
  const addr = `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`;
  return port === NO_PORT ? addr : `${addr}:${port}`;
}

/** The buffers of a packed block, for a worker's postMessage transfer list. */
export function packedBuffers(p: PackedEvents): ArrayBuffer[] {
  return [p.time, p.line, p.proc, p.client, p.shape].map((a) => a.buffer as ArrayBuffer);
}

/** Interns shapes and clients while events are appended one by one (the scanner, ConnectErrors.from). */
export class EventPacker {
  private p = emptyPacked(256);
  private readonly shapeIds = new Map<string, number>();
  private readonly clientIds = new Map<string, number>();
  private last: EventShape | null = null;
  private lastId = -1;
  private lastClient: string | null = null;
  private lastClientId = -1;

  get length(): number {
    return this.p.n;
  }

  private shapeId(e: WsgiConnectError): number {
    const l = this.last;
    // events in a row mostly share their shape: compared field by field before any key is built
    if (
      l !== null &&
      l.file === e.file &&
      l.socket === e.socket &&
      l.socketInfo === e.socketInfo &&
      l.code === e.code &&
      l.errno === e.errno &&
      l.errnoText === e.errnoText &&
      l.group === e.group &&
      l.host === e.host &&
      l.envelope === e.envelope &&
      l.damaged === e.damaged &&
      l.modWsgiMessageStyle === e.modWsgiMessageStyle &&
      l.childUid === e.childUid &&
      l.variant === e.variant
    )
      return this.lastId;
    const s = shapeOf(e);
    const key = shapeKey(s);
    let id = this.shapeIds.get(key);
    if (id === undefined) {
      id = this.p.shapes.length;
      this.p.shapes.push(s);
      this.shapeIds.set(key, id);
    }
    this.last = this.p.shapes[id]!;
    this.lastId = id;
    return id;
  }

  /** The client column's value: encodeClient's number, or -1 - its index in the table. */
  private clientId(c: string | null): number {
    if (c === null) return NaN;
    if (c === this.lastClient) return this.lastClientId;
    let id = encodeClient(c);
    if (Number.isNaN(id)) {
      const known = this.clientIds.get(c);
      if (known !== undefined) id = known;
      else {
        id = -1 - this.p.clients.length;
        const mine = own(c);
        this.p.clients.push(mine);
        this.clientIds.set(mine, id);
      }
    }
    this.lastClient = c;
    this.lastClientId = id;
    return id;
  }

  private readonly procIds = new Map<number, Map<number, number>>();
  private lastPid = NaN;
  private lastTid = NaN;
  private lastProc = -1;

  /** The process column's value: the index of (pid, tid) in the table (NaN: null, a Map key like any). */
  private procId(pid: number, tid: number): number {
    if (this.lastProc >= 0 && Object.is(pid, this.lastPid) && Object.is(tid, this.lastTid)) return this.lastProc;
    let byTid = this.procIds.get(pid);
    if (byTid === undefined) this.procIds.set(pid, (byTid = new Map()));
    let id = byTid.get(tid);
    if (id === undefined) {
      id = this.p.procs.length / 2;
      this.p.procs.push(pid, tid);
      byTid.set(tid, id);
    }
    this.lastPid = pid;
    this.lastTid = tid;
    this.lastProc = id;
    return id;
  }

  push(e: WsgiConnectError): void {
    let p = this.p;
    if (p.n === p.time.length) {
      const bigger = emptyPacked(p.n * 2);
      for (const k of ['time', 'line', 'proc', 'client', 'shape'] as const) bigger[k].set(p[k] as never);
      this.p = p = { ...bigger, n: p.n, procs: p.procs, clients: p.clients, shapes: p.shapes };
    }
    const k = p.n++;
    p.time[k] = e.time;
    p.line[k] = e.line;
    p.proc[k] = this.procId(nan(e.pid), nan(e.tid));
    p.client[k] = this.clientId(e.client);
    p.shape[k] = this.shapeId(e);
  }

  /** Drops the events from index n on (a decision taken back). */
  truncate(n: number): void {
    this.p.n = Math.min(this.p.n, n);
  }

  /** The events packed so far, in arrays of their exact length. */
  finish(): PackedEvents {
    const p = this.p;
    const fit = <A extends Float64Array | Int32Array>(a: A): A => (a.length === p.n ? a : (a.slice(0, p.n) as A));
    return {
      n: p.n,
      time: fit(p.time),
      line: fit(p.line),
      proc: fit(p.proc),
      client: fit(p.client),
      shape: fit(p.shape),
      procs: p.procs.slice(),
      clients: p.clients.slice(),
      shapes: p.shapes.slice(),
    };
  }
}

/** A block to append to a merged store: its line numbers shifted by `lineBase`. */
export interface PackedPart {
  packed: PackedEvents;
  lineBase: number;
}

/**
 * A read-only list of connect errors in columns. Views made by `slice` share the columns; `select`,
 * `sortedByTime` and `concat` make compact copies (the shape and client tables are shared).
 */
export class ConnectErrors implements Iterable<WsgiConnectError> {
  /** the number of events */
  readonly length: number;

  private constructor(
    private readonly p: PackedEvents,
    private readonly o: number,
    n: number,
  ) {
    this.length = n;
  }

  static readonly empty: ConnectErrors = new ConnectErrors(emptyPacked(0), 0, 0);

  static fromPacked(p: PackedEvents): ConnectErrors {
    return new ConnectErrors(p, 0, p.n);
  }

  /** Events as objects, packed (tests and small inputs; the scanner packs as it reads). */
  static from(events: Iterable<WsgiConnectError>): ConnectErrors {
    if (events instanceof ConnectErrors) return events;
    const b = new EventPacker();
    for (const e of events) b.push(e);
    return ConnectErrors.fromPacked(b.finish());
  }

  /**
   * Blocks appended in order into one store (their shapes and clients merged), keeping only the
   * events whose time `keep` accepts; each block's arrays can be dropped once it is copied.
   */
  static concat(parts: readonly PackedPart[], keep: (time: Instant) => boolean = () => true): ConnectErrors {
    let n = 0;
    for (const { packed: q } of parts) for (let k = 0; k < q.n; k++) if (keep(q.time[k]!)) n++;
    if (parts.length === 1 && n === parts[0]!.packed.n && parts[0]!.lineBase === 0)
      return ConnectErrors.fromPacked(parts[0]!.packed);
    const out = emptyPacked(n);
    const shapeIds = new Map<string, number>();
    const clientIds = new Map<string, number>();
    const procIds = new Map<number, Map<number, number>>();
    for (const { packed: q, lineBase } of parts) {
      const procMap = new Int32Array(q.procs.length / 2).fill(-1);
      const shapeMap = q.shapes.map((s) => {
        const key = shapeKey(s);
        let id = shapeIds.get(key);
        if (id === undefined) {
          id = out.shapes.length;
          out.shapes.push(s);
          shapeIds.set(key, id);
        }
        return id;
      });
      const clientMap = new Float64Array(q.clients.length).fill(NaN);
      for (let k = 0; k < q.n; k++) {
        if (!keep(q.time[k]!)) continue;
        const j = out.n++;
        out.time[j] = q.time[k]!;
        out.line[j] = q.line[k]! + lineBase;
        out.shape[j] = shapeMap[q.shape[k]!]!;
        const pr = q.proc[k]!;
        if (procMap[pr] === -1) {
          const pid = q.procs[2 * pr]!;
          const tid = q.procs[2 * pr + 1]!;
          let byTid = procIds.get(pid);
          if (byTid === undefined) procIds.set(pid, (byTid = new Map()));
          let id = byTid.get(tid);
          if (id === undefined) {
            id = out.procs.length / 2;
            out.procs.push(pid, tid);
            byTid.set(tid, id);
          }
          procMap[pr] = id;
        }
        out.proc[j] = procMap[pr]!;
        const c = q.client[k]!;
        if (!(c < 0))
          out.client[j] = c; // null, or the address in the number
        else {
          const t = -c - 1;
          if (Number.isNaN(clientMap[t]!)) {
            const s = q.clients[t]!;
            let id = clientIds.get(s);
            if (id === undefined) {
              id = -1 - out.clients.length;
              out.clients.push(s);
              clientIds.set(s, id);
            }
            clientMap[t] = id;
          }
          out.client[j] = clientMap[t]!;
        }
      }
    }
    return ConnectErrors.fromPacked(out);
  }

  // --- the columns ---------------------------------------------------------------------------

  time(i: number): Instant {
    return this.p.time[this.o + i]!;
  }
  line(i: number): number {
    return this.p.line[this.o + i]!;
  }
  pid(i: number): number | null {
    return nul(this.p.procs[2 * this.p.proc[this.o + i]!]!);
  }
  tid(i: number): number | null {
    return nul(this.p.procs[2 * this.p.proc[this.o + i]! + 1]!);
  }
  client(i: number): string | null {
    return clientText(this.p.client[this.o + i]!, this.p.clients);
  }
  /** the fields event i shares with others (do not change it: other events share it) */
  shape(i: number): EventShape {
    return this.p.shapes[this.p.shape[this.o + i]!]!;
  }
  /** a number naming event i's shape: equal numbers, equal shapes (within this store) */
  shapeId(i: number): number {
    return this.p.shape[this.o + i]!;
  }
  code(i: number): WsgiCode {
    return this.shape(i).code;
  }
  host(i: number): string | null {
    return this.shape(i).host;
  }
  socketInfo(i: number): SocketInfo | null {
    return this.shape(i).socketInfo;
  }

  /**
   * The distinct shapes of these events, in the order of their first event: a set over a shared
   * field (groups, errnos, sockets, …) comes out as it would from every event in turn.
   */
  distinctShapes(): EventShape[] {
    const q = this.p;
    const seen = new Uint8Array(q.shapes.length);
    const out: EventShape[] = [];
    for (let k = this.o; k < this.o + this.length; k++) {
      const id = q.shape[k]!;
      if (seen[id] === 0) {
        seen[id] = 1;
        out.push(q.shapes[id]!);
      }
    }
    return out;
  }

  /** Event i as an object of its own (its socketInfo is the one its shape shares). */
  at(i: number): WsgiConnectError | undefined {
    if (i < 0) i += this.length;
    if (!(i >= 0 && i < this.length)) return undefined;
    const s = this.shape(i);
    // the contract's key order (docs/report.schema.json, and what the JSON report writes)
    return {
      time: this.time(i),
      code: s.code,
      file: s.file,
      line: this.line(i),
      host: s.host,
      envelope: s.envelope,
      damaged: s.damaged,
      pid: this.pid(i),
      tid: this.tid(i),
      errno: s.errno,
      errnoText: s.errnoText,
      client: this.client(i),
      group: s.group,
      socket: s.socket,
      socketInfo: s.socketInfo,
      modWsgiMessageStyle: s.modWsgiMessageStyle,
      childUid: s.childUid,
      variant: s.variant,
    };
  }

  // --- derived lists -------------------------------------------------------------------------

  /** Events from..to-1, sharing the columns. */
  slice(from = 0, to = this.length): ConnectErrors {
    const f = Math.max(0, Math.min(this.length, from < 0 ? from + this.length : from));
    const t = Math.max(f, Math.min(this.length, to < 0 ? to + this.length : to));
    return f === 0 && t === this.length ? this : new ConnectErrors(this.p, this.o + f, t - f);
  }

  /** The events at these indices, in this order, as a compact copy. */
  select(indices: ArrayLike<number>): ConnectErrors {
    const m = indices.length;
    const q = this.p;
    const out: PackedEvents = { ...emptyPacked(m), n: m, procs: q.procs, clients: q.clients, shapes: q.shapes };
    for (let j = 0; j < m; j++) {
      const k = this.o + indices[j]!;
      out.time[j] = q.time[k]!;
      out.line[j] = q.line[k]!;
      out.proc[j] = q.proc[k]!;
      out.client[j] = q.client[k]!;
      out.shape[j] = q.shape[k]!;
    }
    return ConnectErrors.fromPacked(out);
  }

  /** The events for which `keep(i)` holds (this list itself when all do). */
  keep(keep: (i: number) => boolean): ConnectErrors {
    const idx: number[] = [];
    for (let i = 0; i < this.length; i++) if (keep(i)) idx.push(i);
    return idx.length === this.length ? this : this.select(idx);
  }

  private sorted: boolean | undefined;

  isSortedByTime(): boolean {
    if (this.sorted === undefined) {
      this.sorted = true;
      for (let i = 1; i < this.length && this.sorted; i++) if (!(this.time(i) >= this.time(i - 1))) this.sorted = false;
    }
    return this.sorted;
  }

  /** In time order; ties keep their order (this list itself when already in order). */
  sortedByTime(): ConnectErrors {
    if (this.isSortedByTime()) return this;
    const order = new Uint32Array(this.length);
    for (let i = 0; i < order.length; i++) order[i] = i;
    const t = this.p.time;
    const o = this.o;
    order.sort((a, b) => t[o + a]! - t[o + b]! || a - b);
    return this.select(order);
  }

  /** Index of the first event with time >= t (the list in time order). */
  lowerBound(t: Instant): number {
    let lo = 0;
    let hi = this.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.time(mid) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * Every string of every event rewritten by `f` (the tables, once each; the columns shared;
   * this list itself when nothing changed).
   * A client held as a number is an IPv4 address and port: digits, dots and a colon, no path
   * that src/analyse/paths.ts could rename.
   */
  mapStrings(f: (s: string) => string): ConnectErrors {
    const q = this.p;
    const str = (s: string | null) => (s === null ? null : f(s));
    const shapes = q.shapes.map((s): EventShape => ({
      code: f(s.code) as WsgiCode,
      file: f(s.file),
      host: str(s.host),
      envelope: f(s.envelope) as EnvelopeKind,
      damaged: s.damaged,
      errno: s.errno,
      errnoText: str(s.errnoText),
      group: str(s.group),
      socket: str(s.socket),
      socketInfo: s.socketInfo && {
        ...s.socketInfo,
        prefix: f(s.socketInfo.prefix),
        rotation: f(s.socketInfo.rotation) as SocketInfo['rotation'],
      },
      modWsgiMessageStyle: f(s.modWsgiMessageStyle) as MessageStyle,
      childUid: s.childUid,
      variant: f(s.variant),
    }));
    const clients = q.clients.map(f);
    const same = <T>(a: readonly T[], b: readonly T[], eq: (x: T, y: T) => boolean) => a.every((x, k) => eq(x, b[k]!));
    const sameShape = (x: EventShape, y: EventShape) =>
      (Object.keys(x) as (keyof EventShape)[]).every((k) =>
        k === 'socketInfo'
          ? x.socketInfo?.prefix === y.socketInfo?.prefix && x.socketInfo?.rotation === y.socketInfo?.rotation
          : x[k] === y[k],
      );
    if (same(clients, q.clients, (x, y) => x === y) && same(shapes, q.shapes, sameShape)) return this;
    return new ConnectErrors({ ...q, clients, shapes }, this.o, this.length);
  }

  // --- as a list of objects (each one a fresh copy) --------------------------------------------

  *[Symbol.iterator](): Iterator<WsgiConnectError> {
    for (let i = 0; i < this.length; i++) yield this.at(i)!;
  }
  toArray(): WsgiConnectError[] {
    return [...this];
  }
  /** JSON.stringify of a report (tests): the events as the array they stand for. */
  toJSON(): WsgiConnectError[] {
    return this.toArray();
  }
  map<U>(f: (e: WsgiConnectError, i: number) => U): U[] {
    const out: U[] = [];
    for (let i = 0; i < this.length; i++) out.push(f(this.at(i)!, i));
    return out;
  }
  filter(f: (e: WsgiConnectError, i: number) => boolean): WsgiConnectError[] {
    const out: WsgiConnectError[] = [];
    for (let i = 0; i < this.length; i++) {
      const e = this.at(i)!;
      if (f(e, i)) out.push(e);
    }
    return out;
  }
  find(f: (e: WsgiConnectError, i: number) => boolean): WsgiConnectError | undefined {
    for (let i = 0; i < this.length; i++) {
      const e = this.at(i)!;
      if (f(e, i)) return e;
    }
    return undefined;
  }
  some(f: (e: WsgiConnectError, i: number) => boolean): boolean {
    return this.find(f) !== undefined;
  }
  every(f: (e: WsgiConnectError, i: number) => boolean): boolean {
    return !this.some((e, i) => !f(e, i));
  }
}
