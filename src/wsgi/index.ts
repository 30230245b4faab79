// Turns a parsed Apache record into a mod_wsgi event using the catalogue.
import type { ApacheRecord } from '../apache/index.js';
import type { LineOrigin, RelatedEvent, SocketInfo, WsgiConnectError } from '../model.js';
import { CATALOGUE, NON_EVENTS, type CatalogueEntry } from './catalogue.js';
import { decodeSocketPath } from './socket.js';
import { own } from '../events.js';

export { CATALOGUE, NEEDLES, NON_EVENTS, SIGNATURE_RE, codeForErrno, type CatalogueEntry } from './catalogue.js';
export { matchLenient, looksRedacted, type LenientMatch } from './lenient.js';
export { decodeSocketPath } from './socket.js';

export interface WsgiMatch {
  entry: CatalogueEntry;
  groups: Record<string, string | undefined>;
}

/** Finds the catalogue entry for a message, or null (also null for the retry trace lines). */
export function matchMessage(message: string): WsgiMatch | null {
  for (const entry of CATALOGUE) {
    const m = entry.pattern.exec(message);
    if (m) return { entry, groups: m.groups ?? {} };
  }
  return null;
}

export function isNonEvent(message: string): boolean {
  return NON_EVENTS.some((n) => n.pattern.test(message));
}

// Events of one socket share one decoded SocketInfo (bounded: hostile input may invent many).
const infoCache = new Map<string, SocketInfo | null>();
export function socketInfoOf(socket: string): SocketInfo | null {
  let info = infoCache.get(socket);
  if (info === undefined) {
    if (infoCache.size >= 4096) infoCache.clear();
    info = decodeSocketPath(socket);
    infoCache.set(socket, info);
  }
  return info;
}

/** A decimal field; more than 15 digits is not a real pid or uid (and a Number would not keep it). */
function num(s: string | undefined): number | null {
  return s === undefined || !/^\d{1,15}$/.test(s) ? null : Number(s);
}

/** The record fields an event is built from (a whole record, or the fields of an envelope's message). */
export type EventFields = Pick<ApacheRecord, 'pid' | 'tid' | 'errno' | 'errnoText' | 'client'>;

/** Interns the strings that repeat across events (socket, group, errno text) so a million events share them. */
export type Intern = (s: string) => string;
const noIntern: Intern = (s) => s;

/** Builds the event for a record that matched; time, place and origin come from the reader. */
export function buildEvent(
  rec: EventFields,
  match: WsgiMatch,
  where: { time: number; file: string; line: number; message: string } & LineOrigin,
  intern: Intern = noIntern,
): { connect: WsgiConnectError } | { related: RelatedEvent } {
  const g = match.groups;
  const entry = match.entry;
  const rawGroup = g.group ?? g.group2 ?? g.group3 ?? null;
  const group = rawGroup === null ? null : intern(rawGroup);
  // mod_wsgi 6.0.0–6.0.5 printed "on '(null)'" on 32-bit builds: no socket path to read
  const socket = g.socket === undefined || g.socket === '(null)' ? null : intern(g.socket);
  const msgPid = num(g.pid ?? g.pid6);
  if (entry.kind === 'connect') {
    const code = typeof entry.code === 'function' ? entry.code(rec.errno) : (entry.code as WsgiConnectError['code']);
    return {
      connect: {
        time: where.time,
        code,
        file: where.file,
        line: where.line,
        host: where.host,
        envelope: where.envelope,
        damaged: where.damaged,
        // the Apache child's pid: the record's [pid], else the one in "mod_wsgi (pid=N)"
        pid: rec.pid ?? msgPid,
        tid: rec.tid,
        errno: rec.errno,
        errnoText: rec.errnoText === null ? null : intern(rec.errnoText),
        // (a slice of the line: the events' store keeps a copy only of what it keeps, src/events.ts)
        client: rec.client,
        group,
        socket,
        socketInfo: socket === null ? null : socketInfoOf(socket),
        modWsgiMessageStyle: entry.style,
        childUid: num(g.uid),
        variant: entry.id,
      },
    };
  }
  // Only 6.x prints codes; the 4.x wording of the same message carries none.
  const printed = g.code ?? g.code2 ?? g.code3 ?? null;
  const code = printed ?? (entry.style === '6.x' && typeof entry.code === 'string' ? entry.code : null);
  return {
    related: {
      time: where.time,
      kind: entry.kind,
      code,
      file: where.file,
      line: where.line,
      host: where.host,
      envelope: where.envelope,
      damaged: where.damaged,
      pid: entry.kind === 'daemon-died' ? msgPid : (rec.pid ?? msgPid),
      group,
      socket,
      errno: rec.errno,
      modWsgiMessageStyle: entry.style,
      variant: entry.id,
      message: own(where.message.length > 300 ? where.message.slice(0, 300) : where.message),
    },
  };
}
