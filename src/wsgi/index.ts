// Turns a parsed Apache record into a mod_wsgi event using the catalogue.
import type { ApacheRecord } from '../apache/record.js';
import type { RelatedEvent, WsgiConnectError } from '../model.js';
import { CATALOGUE, NON_EVENTS, type CatalogueEntry } from './catalogue.js';
import { decodeSocketPath } from './socket.js';

export { CATALOGUE, NEEDLES, NON_EVENTS, codeForErrno, type CatalogueEntry } from './catalogue.js';
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

function num(s: string | undefined): number | null {
  return s === undefined ? null : Number(s);
}

/** Builds the event for a record that matched; `time`, `file` and `line` come from the reader. */
export function buildEvent(
  rec: ApacheRecord,
  match: WsgiMatch,
  where: { time: number; file: string; line: number },
): { connect: WsgiConnectError } | { related: RelatedEvent } {
  const g = match.groups;
  const entry = match.entry;
  const group = g.group ?? g.group2 ?? g.group3 ?? null;
  const socket = g.socket ?? null;
  const msgPid = num(g.pid ?? g.pid6);
  if (entry.kind === 'connect') {
    const code = typeof entry.code === 'function' ? entry.code(rec.errno) : (entry.code as WsgiConnectError['code']);
    return {
      connect: {
        time: where.time,
        code,
        file: where.file,
        line: where.line,
        // the Apache child's pid: the record's [pid], else the one in "mod_wsgi (pid=N)"
        pid: rec.pid ?? msgPid,
        tid: rec.tid,
        errno: rec.errno,
        errnoText: rec.errnoText,
        client: rec.client,
        group,
        socket,
        socketInfo: socket === null ? null : decodeSocketPath(socket),
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
      pid: entry.kind === 'daemon-died' ? msgPid : (rec.pid ?? msgPid),
      group,
      socket,
      errno: rec.errno,
      modWsgiMessageStyle: entry.style,
      variant: entry.id,
    },
  };
}
