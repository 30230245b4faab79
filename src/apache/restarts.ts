// From lifecycle lines to the contract's restarts[]: the marker a line is, and the
// consolidation of "configured -- resuming" lines into the restart they complete.
import type { EnvelopeKind, RestartEvent, ServerBanner } from '../model.js';
import { matchLifecycle, parseDescription, type LifecycleMatch } from './lifecycle.js';

/** The raw marker for a lifecycle line (before consolidation). */
export function markerOf(
  life: LifecycleMatch,
  where: { file: string; line: number; time: number },
  pid: number | null,
): RestartEvent {
  const m = life.marker.marker;
  const kind: RestartEvent['kind'] =
    m === 'graceful' ? 'graceful' : m === 'restart' ? 'restart' : m === 'configured' ? 'start' : 'stop';
  return { ...where, kind, marker: m, mpm: life.mpm, pid };
}

/**
 * Turns raw lifecycle markers into the contract's restarts[]: a "configured -- resuming"
 * line completes the graceful/HUP restart just before it and is not a restart of its own;
 * one with no marker before it is a start ("markerMissing" when the same parent pid was
 * already running: the restart's marker was not in the logs read, e.g. rotated away).
 * Markers of different hosts never complete each other.
 */
export function consolidateRestarts(markers: RestartEvent[]): RestartEvent[] {
  const out: RestartEvent[] = [];
  const pendingByHost = new Map<string, RestartEvent>(); // last graceful/restart waiting for its "configured"
  const seenPids = new Set<string>();
  for (const m of markers) {
    const host = m.host ?? '';
    const pidKey = m.pid === null ? null : `${host}|${m.pid}`;
    const pending = pendingByHost.get(host) ?? null;
    if (m.marker === 'configured') {
      const completes =
        pending !== null &&
        m.time - pending.time <= 120_000 &&
        (pending.pid === null || m.pid === null || pending.pid === m.pid);
      if (!completes) {
        const missing = pidKey !== null && seenPids.has(pidKey);
        out.push(missing ? { ...m, markerMissing: true } : m);
      }
      pendingByHost.delete(host);
      if (pidKey !== null) seenPids.add(pidKey);
      continue;
    }
    if (pidKey !== null) seenPids.add(pidKey);
    if (m.marker === 'graceful' || m.marker === 'restart') pendingByHost.set(host, m);
    out.push(m);
  }
  return out;
}

/**
 * A lifecycle line as the reader hands it on: its restart marker and, for "configured --
 * resuming normal operations", the server banner; null when the message is no lifecycle line.
 */
export function readLifecycle(
  module: string | null,
  message: string,
  where: { file: string; line: number; time: number },
  pid: number | null,
  origin: { host: string | null; envelope: EnvelopeKind },
): { marker: RestartEvent; banner: ServerBanner | null } | null {
  const life = matchLifecycle(module, message);
  if (life === null) return null;
  const marker: RestartEvent = { ...markerOf(life, where, pid), host: origin.host, envelope: origin.envelope };
  const banner: ServerBanner | null =
    life.description === null
      ? null
      : {
          ...where,
          description: life.description,
          ...parseDescription(life.description),
          mpm: life.mpm,
          pid,
          host: origin.host,
        };
  return { marker, banner };
}
