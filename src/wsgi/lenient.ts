// Reading a mod_wsgi message that the catalogue's exact patterns do not match: a cut line, a
// lost quote, a redacted pid/uid/group, trailing prose, a wrap joined back with spaces, mod_wsgi
// 6.0.0–6.0.5's "on '(null)'" (32-bit builds). The result names the catalogue entry the wording
// belongs to, so version and style detection work as for an exact match; the event is "damaged".
import { CATALOGUE, codeForErrno, type CatalogueEntry } from './catalogue.js';

export interface LenientMatch {
  entry: CatalogueEntry;
  groups: Record<string, string | undefined>;
  /** the code could only be told from the errno (the distinguishing tail is missing) */
  cut: boolean;
}

const byId = new Map(CATALOGUE.map((e) => [e.id, e]));
function entry(id: string): CatalogueEntry {
  const e = byId.get(id);
  if (e === undefined) throw new Error(`catalogue entry ${id} missing`);
  return e;
}

/** Hand-made redactions seen in pasted logs: "[...]", "****", "XXXX", "x.x.x.x", "[name_here]". */
const REDACTED_RE = /\[\.\.\.\]|\*\*|XXX|x\.x\.x\.x|name_here|REDACTED|redacted/;
export function looksRedacted(s: string | null | undefined): boolean {
  return s != null && REDACTED_RE.test(s);
}

const CONNECT_RE = /Unable\s+to\s+connect\s+to\s+WSGI\s+daemon\s+process/;
const GROUP_SOCKET_RE = /^\s*'?(?<group>[^']*?)'?\s+on\s+'?(?<socket>[^'\s]*)'?(?<tail>.*)$/s;

function connect(text: string, errno: number | null): LenientMatch | null {
  const m = CONNECT_RE.exec(text);
  if (m === null) return null;
  const before = text.slice(0, m.index);
  const after = text.slice(m.index + m[0].length);
  const code6 = /WSGI(011[67])\b/.exec(before)?.[1] ?? null;
  const pid = /pid=(\d+)/.exec(before)?.[1];
  const gs = GROUP_SOCKET_RE.exec(after);
  const group = gs?.groups?.group || undefined;
  let socket = gs?.groups?.socket || undefined;
  if (socket === '(null)') socket = undefined; // mod_wsgi 6.0.0–6.0.5 on 32-bit builds
  const tail = gs?.groups?.tail ?? after;
  const groups: Record<string, string | undefined> = { group, socket, pid };
  const uid = /as\s+user\s+with\s+uid=(\d+)?/.exec(tail);
  if (uid !== null) groups.uid = uid[1];
  let id: string | null = null;
  let cut = false;
  if (/listener\s+backlog/.test(tail)) {
    id =
      code6 !== null
        ? 'connect-6x-0116'
        : /exceeded\.(?!\s*or)/.test(tail)
          ? 'connect-4.1-backlog'
          : 'connect-4.6-backlog';
  } else if (uid !== null) {
    id = code6 !== null ? 'connect-6x-0117' : 'connect-4.4-uid';
  } else if (/after\s+multiple\s+attempts/.test(tail) && code6 === null) {
    id = 'connect-3x-multiple-attempts';
  } else if (code6 !== null) {
    id = code6 === 'WSGI0116' ? 'connect-6x-0116' : 'connect-6x-0117';
    cut = true;
  } else if (/^\s*\.\s*$/.test(tail) && gs !== null) {
    id = 'connect-4.1-plain';
  } else if (errno !== null) {
    // the tail that tells the wording apart is missing: the errno still tells the code
    id = codeForErrno(errno) === 'WSGI0116' ? 'connect-4.6-backlog' : 'connect-4.4-uid';
    cut = true;
  }
  if (id === null) return null;
  return { entry: entry(id), groups, cut };
}

interface RelatedRule {
  re: RegExp;
  id: (code: string | undefined) => string;
}
const G = String.raw`'?(?<group>[^'\s]*)'?`;
const RELATED: readonly RelatedRule[] = [
  {
    re: /(?:(?<code>WSGI003[34]):\s*)?Request origin could not be validated/,
    id: (c) => (c ? 'origin-check-6x' : 'origin-check-4x'),
  },
  {
    re: new RegExp(`Truncated or oversized response headers received from daemon process ${G}`),
    id: () => 'truncated-headers-4x',
  },
  {
    re: new RegExp(
      `(?:(?<code>WSGI014[4-7]):\\s*)?(?:Response header line too long from daemon process ${G}|Timeout when reading response headers from daemon process ${G.replace('group', 'g2')}|Daemon process ${G.replace('group', 'g3')} closed connection before sending complete response headers|Error reading response headers from daemon process ${G.replace('group', 'g4')})`,
    ),
    id: () => 'truncated-headers-6x',
  },
  {
    re: /(?:(?<code>WSGI0115):\s*)?Unable to create socket to connect to WSGI daemon process/,
    id: (c) => (c ? 'socket-create-6x' : 'socket-create-4x'),
  },
  {
    re: /(?:(?<code>WSGI012[15]):\s*)?Unable to send request details to WSGI daemon process/,
    id: (c) => (c ? 'send-failed-6x' : 'send-failed-4x'),
  },
  { re: /(?:(?<code>WSGI012[23]):\s*)?Unexpected status from WSGI daemon process/, id: () => 'unexpected-status' },
  { re: /(?:(?<code>WSGI0124):\s*)?Maximum number of WSGI daemon process/, id: () => 'restart-attempts' },
  {
    re: new RegExp(`(?:(?<code>WSGI0084):\\s*)?Queue timeout expired for WSGI daemon process ${G}`),
    id: () => 'queue-timeout',
  },
  {
    re: /(?:(?<code>WSGI01(?:49|5[012])):\s*)?(?:No WSGI daemon process called '?(?<group>[^'\s]*)|Daemon process called '?(?<g2>[^'\s]*)'? cannot be accessed)/,
    id: () => 'no-daemon',
  },
  // "… has died but server is being stopped, deregister it." is a normal stop, not a crash (mod_wsgi wsgi_manage_process)
  {
    re: /Process '(?<group>[^']*)'? (?:\(pid=(?<pid6>\d+)\) )?has died(?! but server is being stopped)/,
    id: () => 'daemon-died',
  },
];

/** Reads a message leniently; null when no mod_wsgi wording is recognisable in it. */
export function matchLenient(text: string, errno: number | null): LenientMatch | null {
  const c = connect(text, errno);
  if (c !== null) return c;
  for (const r of RELATED) {
    const m = r.re.exec(text);
    if (m === null) continue;
    const g = m.groups ?? {};
    const e = entry(r.id(g.code));
    const groups: Record<string, string | undefined> = {
      group: g.group || g.g2 || g.g3 || g.g4 || undefined,
      code: g.code,
      pid6: g.pid6,
      pid: /mod_wsgi \(pid=(\d+)\)/.exec(text.slice(0, m.index))?.[1],
    };
    return { entry: e, groups, cut: false };
  }
  return null;
}
