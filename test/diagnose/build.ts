// Builders for ParsedLogs used by the correlate/diagnose unit tests. SYNTHETIC: the records are
// constructed in code, not read from a log. Their field values are copied from real lines —
// the reproduction (reproduction-findings.md §1/§3: Debian 12, Apache 2.4, mod_wsgi 4.9.4,
// `(2)No such file or directory … '/var/run/apache2/wsgi.<ppid>.<gen>.1.sock' as user with uid=33.`),
// mod_wsgi#929 (RHEL, `/run/httpd/wsgi.28402.19.24.sock`, uid 48), mod_wsgi#766 (EAGAIN backlog)
// and INSaFLU/docker#72 (EACCES on `/etc/httpd/logs/wsgi.1839.0.1.sock`). The scenario tests in
// test/diagnose/scenarios.test.ts drive the same code from log files instead.
import type {
  ParsedLogs,
  RelatedEvent,
  RestartEvent,
  ServerBanner,
  SocketInfo,
  WsgiConnectError,
  RotationWindow,
  Mpm,
} from '../../src/model.js';
import { localDaysBetween, parseTimeOption } from '../../src/time/index.js';
import { mulberry32 } from '../../src/correlate/index.js';
import { ConnectErrors } from '../../src/events.js';

export const ZONE = 'Europe/Berlin';
/** Local wall-clock text (yyyy-mm-ddTHH:MM:SS[.sss]) in ZONE (or the given zone) → instant. */
export function at(local: string, zone = ZONE): number {
  return parseTimeOption(local, zone, 0, 'test');
}

export function socket(
  prefix: string,
  ppid: number,
  gen: number | null,
  uid: number | null = null,
  id = 1,
): { socket: string; socketInfo: SocketInfo } {
  const path = gen !== null ? `${prefix}.${ppid}.${gen}.${id}.sock` : `${prefix}.${ppid}.u${uid}.${id}.sock`;
  return {
    socket: path,
    socketInfo: {
      prefix,
      parentPid: ppid,
      generation: gen,
      uid: gen === null ? uid : null,
      id,
      rotation: gen === null ? 'off' : 'on',
    },
  };
}

let line = 1;
const ERRNO_TEXT: Record<number, string> = {
  2: 'No such file or directory',
  11: 'Resource temporarily unavailable',
  13: 'Permission denied',
  111: 'Connection refused',
};

export interface EvOpts {
  errno?: number;
  gen?: number | null;
  uid?: number;
  ppid?: number;
  pid?: number;
  prefix?: string;
  group?: string;
  style?: WsgiConnectError['modWsgiMessageStyle'];
  variant?: string;
  file?: string;
}

/** One connect error; ENOENT on the Debian reproduction's socket by default. */
export function ev(time: number, o: EvOpts = {}): WsgiConnectError {
  const errno = o.errno ?? 2;
  const code = errno === 11 || errno === 111 ? 'WSGI0116' : 'WSGI0117';
  const s = socket(o.prefix ?? '/var/run/apache2/wsgi', o.ppid ?? 1200, o.gen === undefined ? 3 : o.gen, o.uid ?? 33);
  return {
    file: o.file ?? 'error.log',
    line: line++,
    time,
    code,
    pid: o.pid ?? 4242,
    tid: o.pid ?? 4242,
    errno,
    errnoText: ERRNO_TEXT[errno] ?? null,
    client: '127.0.0.1:51234',
    group: o.group ?? 'app',
    ...s,
    modWsgiMessageStyle: o.style ?? '4.x',
    childUid: 33,
    variant: o.variant ?? (code === 'WSGI0116' ? 'connect-4.6-backlog' : 'connect-4.4-uid'),
    host: null,
    envelope: 'apache',
    damaged: false,
  };
}

/** n errors spaced `stepMs` apart from t, pids counting up from pid0. */
export function burst(t: number, n: number, o: EvOpts & { stepMs?: number; pid0?: number } = {}): WsgiConnectError[] {
  return Array.from({ length: n }, (_, i) => ev(t + i * (o.stepMs ?? 100), { ...o, pid: (o.pid0 ?? 5000) + i }));
}

export function restart(
  time: number,
  marker: RestartEvent['marker'] = 'graceful',
  mpm: Mpm | null = 'prefork',
  pid: number | null = 1200,
  extra: Partial<RestartEvent> = {},
): RestartEvent {
  const kind: RestartEvent['kind'] =
    marker === 'graceful' ? 'graceful' : marker === 'restart' ? 'restart' : marker === 'configured' ? 'start' : 'stop';
  return { file: 'error.log', line: line++, time, kind, marker, mpm, pid, ...extra };
}

export function banner(time: number, modWsgi: string | null, mpm: Mpm | null = 'prefork'): ServerBanner {
  return {
    file: 'error.log',
    line: line++,
    time,
    description: `Apache/2.4.62 (Debian)${modWsgi ? ` mod_wsgi/${modWsgi} Python/3.11` : ''}`,
    apache: '2.4.62',
    modWsgi,
    python: modWsgi ? '3.11' : null,
    mpm,
    pid: 1200,
  };
}

export function rel(time: number, kind: RelatedEvent['kind'], pid = 7000): RelatedEvent {
  return {
    file: 'error.log',
    line: line++,
    time,
    kind,
    code: null,
    pid,
    group: 'app',
    socket: null,
    errno: null,
    modWsgiMessageStyle: '4.x',
    variant: kind,
    message: '',
    host: null,
    envelope: 'apache',
    damaged: false,
  };
}

export function parsed(
  p: Partial<Omit<ParsedLogs, 'events'>> & {
    events?: WsgiConnectError[] | ConnectErrors;
    start?: number;
    end?: number;
    files?: number;
  },
): ParsedLogs {
  const events = ConnectErrors.from(p.events ?? []);
  const times = [...events.map((e) => e.time), ...(p.restarts ?? []).map((r) => r.time)];
  const start = p.start ?? (times.length ? Math.min(...times) : null);
  const end = p.end ?? (times.length ? Math.max(...times) : null);
  const files = p.files ?? 2;
  return {
    inputs: Array.from({ length: files }, (_, i) => ({
      path: i === 0 ? 'error.log' : `error.log.${i}`,
      lines: 100,
      unparsed: 0,
      first: start,
      last: end,
      compressed: false,
      origin: i === 0 ? ('given' as const) : ('rotated-sibling' as const),
      error: null,
      mtime: null,
      bytes: 1000,
      envelopes: { apache: 100 },
      unreadable: {},
      unreadableExamples: [],
      readerNotes: [],
    })),
    events,
    related: p.related ?? [],
    restarts: p.restarts ?? [],
    banners: p.banners ?? [],
    untimed: p.untimed ?? [],
    window: p.window ?? { start, end },
  };
}

export function rotation(
  start: number,
  minutes: number,
  action: RotationWindow['action'] = 'graceful',
  likelihood: RotationWindow['likelihood'] = 'likely',
  spec = '25 6 * * *',
): RotationWindow {
  return { start, end: start + minutes * 60_000, source: 'cron', spec, origin: '/etc/crontab:17', action, likelihood };
}

/** Each local day from `firstDay` (yyyy-mm-dd) for `days` days, at HH:MM:SS local (DST-correct via src/time). */
export function daily(firstDay: string, days: number, hms: string, zone = ZONE): number[] {
  const base = at(`${firstDay}T12:00:00`, zone);
  return localDaysBetween(base, base + (days - 1) * 86_400_000, zone).map((day) => at(`${day}T${hms}`, zone));
}

/** Deterministic pseudo-random numbers for "bursts at random times": the PRNG the permutation test uses. */
export const rng = mulberry32;
