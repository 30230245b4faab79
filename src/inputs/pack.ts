// Connect errors cross from a worker thread to the main thread packed: one Float64Array row per
// event and a table of distinct strings. Structured cloning would copy every string of every
// event (a million events: a million copies of the same socket path and file name); unpacked,
// events of one socket, group or file share one string and one decoded SocketInfo.
import type { EnvelopeKind, MessageStyle, WsgiCode, WsgiConnectError } from '../model.js';
import { socketInfoOf } from '../wsgi/index.js';

export interface PackedEvents {
  n: number;
  strings: string[];
  rows: Float64Array;
}

const F = 17; // numbers per row

/** Connect errors kept packed while a file is scanned: no object per event lives on. */
export class EventPacker {
  private rows = new Float64Array(F * 256);
  private n = 0;
  private readonly ids = new Map<string, number>();
  private readonly strings: string[] = [];
  /** the last string seen per column: interned strings repeat, so most lookups end here */
  private readonly lastStr: (string | null)[] = new Array<string | null>(F).fill(null);
  private readonly lastId = new Array<number>(F).fill(-1);

  get length(): number {
    return this.n;
  }

  private sid(s: string | null, col: number): number {
    if (s === null) return -1;
    if (this.lastStr[col] === s) return this.lastId[col]!;
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      this.ids.set(s, id);
    }
    this.lastStr[col] = s;
    this.lastId[col] = id;
    return id;
  }

  push(e: WsgiConnectError): void {
    if ((this.n + 1) * F > this.rows.length) {
      const bigger = new Float64Array(this.rows.length * 2);
      bigger.set(this.rows);
      this.rows = bigger;
    }
    const r = this.rows;
    const num = (v: number | null) => (v === null ? NaN : v);
    let o = this.n * F;
    r[o++] = e.time;
    r[o++] = this.sid(e.code, 1);
    r[o++] = this.sid(e.file, 2);
    r[o++] = e.line;
    r[o++] = this.sid(e.host, 4);
    r[o++] = this.sid(e.envelope, 5);
    r[o++] = e.damaged ? 1 : 0;
    r[o++] = num(e.pid);
    r[o++] = num(e.tid);
    r[o++] = num(e.errno);
    r[o++] = this.sid(e.errnoText, 10);
    r[o++] = this.sid(e.client, 11);
    r[o++] = this.sid(e.group, 12);
    r[o++] = this.sid(e.socket, 13);
    r[o++] = this.sid(e.modWsgiMessageStyle, 14);
    r[o++] = num(e.childUid);
    r[o++] = this.sid(e.variant, 16);
    this.n++;
  }

  /** Drops the events from index n on (a decision taken back). */
  truncate(n: number): void {
    this.n = Math.min(this.n, n);
  }

  finish(): PackedEvents {
    return { n: this.n, strings: this.strings.slice(), rows: this.rows.slice(0, this.n * F) };
  }
}

export function packEvents(events: readonly WsgiConnectError[]): PackedEvents {
  const p = new EventPacker();
  for (const e of events) p.push(e);
  return p.finish();
}

/** Appends the events of a packed block to `out`, line numbers shifted by `lineBase`. */
export function unpackEvents(p: PackedEvents, out: WsgiConnectError[], lineBase = 0): void {
  const { rows, strings } = p;
  const str = (x: number): string | null => (x < 0 ? null : strings[x]!);
  const num = (x: number): number | null => (Number.isNaN(x) ? null : x);
  for (let i = 0, o = 0; i < p.n; i++, o += F) {
    const socket = str(rows[o + 13]!);
    const socketInfo = socket === null ? null : socketInfoOf(socket);
    out.push({
      time: rows[o]!,
      code: str(rows[o + 1]!) as WsgiCode,
      file: str(rows[o + 2]!)!,
      line: rows[o + 3]! + lineBase,
      host: str(rows[o + 4]!),
      envelope: str(rows[o + 5]!) as EnvelopeKind,
      damaged: rows[o + 6] === 1,
      pid: num(rows[o + 7]!),
      tid: num(rows[o + 8]!),
      errno: num(rows[o + 9]!),
      errnoText: str(rows[o + 10]!),
      client: str(rows[o + 11]!),
      group: str(rows[o + 12]!),
      socket,
      socketInfo,
      modWsgiMessageStyle: str(rows[o + 14]!) as MessageStyle,
      childUid: num(rows[o + 15]!),
      variant: str(rows[o + 16]!)!,
    });
  }
}
