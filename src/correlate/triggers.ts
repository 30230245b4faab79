// Candidate causes of a burst (issue 4, item 2): Apache restarts seen in the log, restarts
// inferred from "configured" lines whose marker was rotated away, and logrotate runs whose
// postrotate reloads Apache. copytruncate / no-script rotations (action "none") never restart
// Apache, so they are never a trigger.
import type {
  ApacheConfigFacts,
  BurstCauseKind,
  Instant,
  Mpm,
  RestartEvent,
  RotationWindow,
  WindowBasis,
  WsgiConnectError,
} from '../model.js';
import type { ConnectErrors } from '../events.js';
import { timedInOrder } from './bursts.js';

export interface Trigger {
  /** when the restart happened, or when the rotation window opens */
  time: Instant;
  /** end of the uncertainty: the rotation window's end; equal to `time` for a log marker */
  until: Instant;
  kind: BurstCauseKind;
  /** marker: restart notice in the log; inferred: "configured" line of a parent pid seen before; rotation: a logrotate window with no marker inside */
  source: 'marker' | 'inferred' | 'rotation';
  /** file:line of the marker, or the rotation window's origin */
  origin: string;
  mpm: Mpm | null;
  /** Apache parent pid (2.4 markers) */
  parentPid: number | null;
  /** the rotation window this restart falls into (its postrotate most likely sent it) */
  rotation: RotationWindow | null;
}

/**
 * A "configured -- resuming normal operations" line is explained by a restart marker this close
 * before it: the parent logs the marker, re-reads the configuration (loading modules, which can
 * take seconds with large configs) and then logs "configured" (httpd server/main.c loop).
 */
const CONFIGURED_EXPLAINED_WITHIN_MS = 60_000;

/**
 * Restart markers and rotation windows → triggers, in time order. A rotation window that holds a
 * restart marker is represented by that marker (its time is exact); a window without one stays a
 * trigger of its own, spanning the window (anacron/systemd delays).
 */
export function collectTriggers(
  restarts: readonly RestartEvent[],
  rotations: readonly RotationWindow[],
  all: ConnectErrors | readonly WsgiConnectError[] = [],
): Trigger[] {
  const sorted = [...restarts].sort((a, b) => a.time - b.time);
  const events = timedInOrder(all);
  // earliest failing socket naming each parent pid: that parent was running by then
  const parentSeen = new Map<number, Instant>();
  for (let i = 0; i < events.length; i++) {
    const s = events.socketInfo(i);
    if (s && !parentSeen.has(s.parentPid)) parentSeen.set(s.parentPid, events.time(i));
  }
  const seenPid = new Set<number>();
  const triggers: Trigger[] = [];
  const exact = (r: RestartEvent, kind: BurstCauseKind, source: 'marker' | 'inferred'): Trigger => ({
    time: r.time,
    until: r.time,
    kind,
    source,
    origin: `${r.file}:${r.line}`,
    mpm: r.mpm,
    parentPid: r.pid,
    rotation: null,
  });
  let lastMarker: RestartEvent | null = null;
  for (const [k, r] of sorted.entries()) {
    if (r.marker === 'graceful' || r.marker === 'restart') {
      triggers.push(exact(r, r.marker === 'graceful' ? 'graceful-restart' : 'restart', 'marker'));
    } else if (r.marker === 'configured') {
      const explained =
        lastMarker !== null &&
        r.time - lastMarker.time <= CONFIGURED_EXPLAINED_WITHIN_MS &&
        lastMarker.marker !== 'stop' &&
        lastMarker.marker !== 'graceful-stop';
      // The same parent pid configured again without a marker in between: a restart whose notice
      // went into a file we were not given (the parent writes it to the old, renamed log;
      // apache-error-log.md §6). Likewise when failing socket names carried this parent pid
      // before the line (mod_wsgi puts the parent pid in the path, wsgi_start_daemons()): the
      // parent was already running, so this is not its start. The parser flags the first case
      // itself (RestartEvent.markerMissing, src/inputs consolidateRestarts).
      if (
        !explained &&
        (r.markerMissing === true ||
          (r.pid !== null &&
            (seenPid.has(r.pid) ||
              (parentSeen.get(r.pid) ?? Infinity) < r.time ||
              oldGenerationAfter(r, sorted, k, events))))
      ) {
        triggers.push(exact(r, 'graceful-restart', 'inferred'));
      }
    }
    lastMarker = r;
    if (r.pid !== null) seenPid.add(r.pid);
  }

  for (const w of rotations) {
    if (w.action === 'none') continue; // copytruncate / no postrotate: Apache is not touched
    const inside = triggers.filter(
      (t) => t.source !== 'rotation' && t.time >= w.start - 1000 && t.time <= w.end + 1000,
    );
    if (inside.length > 0) {
      for (const t of inside) if (t.rotation === null) t.rotation = w;
      continue;
    }
    triggers.push({
      time: w.start,
      until: w.end,
      kind: 'scheduled-rotation',
      source: 'rotation',
      origin: w.origin,
      mpm: null,
      parentPid: null,
      rotation: w,
    });
  }
  return triggers.sort((a, b) => a.time - b.time);
}

/**
 * Old-generation children fail this soon after the line that closed their restart (KeepAliveTimeout
 * is at most a few minutes in practice; the real captures use 300 s). Later failures of an older
 * generation may follow a restart whose lines are in a file not read, so they prove nothing about
 * this line.
 */
const OLD_GENERATION_WITHIN_MS = 10 * 60_000;

/**
 * Does a socket of this parent with generation >= 1 fail soon after its "configured" line, before
 * its next lifecycle line? A parent's fresh start runs generation 0 (httpd's retained generation
 * starts at 0 and `++retained->mpm->my_generation` counts each graceful/HUP restart, server/mpm/
 * prefork/prefork.c and event.c; mod_wsgi names the socket with it, wsgi_start_daemons() in
 * src/server/mod_wsgi.c). Children of an older, non-zero generation failing right after the line
 * mean it closed a restart, not a start: the restart notice went to the rotated file.
 */
function oldGenerationAfter(
  r: RestartEvent,
  sorted: readonly RestartEvent[],
  k: number,
  events: ConnectErrors,
): boolean {
  let next = Infinity;
  for (let j = k + 1; j < sorted.length && next === Infinity; j++) if (sorted[j]!.pid === r.pid) next = sorted[j]!.time;
  const until = Math.min(next, r.time + OLD_GENERATION_WITHIN_MS);
  // the events in time order: only those from r.time to `until` are looked at
  for (let i = events.lowerBound(r.time); i < events.length && events.time(i) < until; i++) {
    const s = events.socketInfo(i);
    if (s?.parentPid === r.pid && (s.generation ?? 0) >= 1) return true;
  }
  return false;
}

/** How long after a trigger its failures may start, and why. */
export interface FailureWindow {
  /** for failures logged at once (ENOENT, EACCES: WSGI0117 / "as user with uid") */
  immediateSeconds: number;
  /** added for WSGI0116 ("after multiple attempts"), logged only after connect-timeout */
  connectTimeoutSeconds: number;
  /** tolerance before the trigger (clock granularity of 2.2 logs, inferred triggers) */
  beforeSeconds: number;
  /** why the window is this long (worded in src/report/words) */
  basis: WindowBasis;
}

/** httpd's KeepAliveTimeout default (include/httpd.h DEFAULT_KEEPALIVE_TIMEOUT). */
export const HTTPD_DEFAULT_KEEPALIVE_TIMEOUT = 5;
/** mod_wsgi's connect-timeout default (src/server/mod_wsgi.c, WSGIDaemonProcess connect-timeout=, since 4.1.0). */
export const MODWSGI_DEFAULT_CONNECT_TIMEOUT = 15;
/**
 * Without an Apache config: 60 s. Distribution defaults keep KeepAliveTimeout at 5 s, but
 * operators behind load balancers commonly raise it to 60–65 s, and mod_wsgi's own docs speak
 * of old workers living "commonly 60 seconds"; a wider window only costs statistical power,
 * which the p-value accounts for.
 */
export const DEFAULT_IMMEDIATE_WINDOW_SECONDS = 60;
/** Log-write and timestamp slack added to a configured window. */
const SLACK_SECONDS = 5;

/**
 * The expected failure window after a restart. Why these inputs: after a graceful restart an old
 * prefork/worker child waiting on a keep-alive connection serves the *next* request with the old
 * configuration (httpd modules/http/http_core.c ap_process_http_sync_connection), so the failure
 * comes with the client's next request, at most KeepAliveTimeout after the restart; the 503
 * closes the connection (include/httpd.h ap_status_drops_connection), so MaxKeepAliveRequests
 * does not prolong it. GracefulShutdownTimeout governs graceful *stop* only (it sets a cutoff only
 * in the SIGWINCH branch of server/mpm/prefork/prefork.c, worker.c, event.c), so it does not
 * bound a graceful restart either; both are reported as
 * context only. WSGI0116 is logged connect-timeout after the request (mod_wsgi retries
 * ECONNREFUSED/EAGAIN until then), ENOENT/EACCES at once.
 */
export function failureWindow(apache: ApacheConfigFacts | null): FailureWindow {
  const connect = maxConnectTimeout(apache);
  const base = {
    slackSeconds: SLACK_SECONDS,
    connectTimeout: connect,
    maxKeepAliveRequests: apache?.maxKeepAliveRequests?.value ?? null,
    gracefulShutdownTimeout: apache?.gracefulShutdownTimeout?.value ?? null,
  };
  if (apache === null) {
    return {
      immediateSeconds: DEFAULT_IMMEDIATE_WINDOW_SECONDS,
      connectTimeoutSeconds: connect.seconds,
      beforeSeconds: 2,
      basis: { ...base, keepAlive: null, defaultSeconds: DEFAULT_IMMEDIATE_WINDOW_SECONDS },
    };
  }
  const keepAliveOn = apache.keepAlive?.value ?? true;
  const kat = keepAliveOn ? (apache.keepAliveTimeout?.value ?? HTTPD_DEFAULT_KEEPALIVE_TIMEOUT) : 0;
  const origin = !keepAliveOn ? (apache.keepAlive?.origin ?? null) : (apache.keepAliveTimeout?.origin ?? null);
  return {
    immediateSeconds: kat + SLACK_SECONDS,
    connectTimeoutSeconds: connect.seconds,
    beforeSeconds: 2,
    basis: { ...base, keepAlive: { on: keepAliveOn, timeout: kat, origin }, defaultSeconds: null },
  };
}

function maxConnectTimeout(apache: ApacheConfigFacts | null): { seconds: number; origin: string | null } {
  const daemons = apache?.daemons ?? [];
  // A daemon group without connect-timeout= uses the default; the window must cover the slowest.
  let best: { seconds: number; origin: string | null } = {
    seconds: daemons.length === 0 ? MODWSGI_DEFAULT_CONNECT_TIMEOUT : 0,
    origin: null,
  };
  for (const d of daemons) {
    const raw = d.options['connect-timeout'];
    const n = raw === undefined ? MODWSGI_DEFAULT_CONNECT_TIMEOUT : Number(raw);
    if (!Number.isFinite(n) || n < 0) continue;
    if (n > best.seconds || (best.origin === null && raw !== undefined && n === best.seconds))
      best = { seconds: n, origin: raw === undefined ? null : d.origin };
  }
  return best;
}
