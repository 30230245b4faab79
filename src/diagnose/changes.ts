// Change points (issue 15, fix verification): where the logs show WSGISocketRotation switching.
// The socket names tell it (mod_wsgi names the daemon socket <prefix>.<ppid>.<generation>.<id>.sock
// with rotation On and <prefix>.<ppid>.u<uid>.<id>.sock with Off, wsgi_start_daemons()), and so
// does the origin check: "Request origin could not be validated" (4.x) / WSGI0034 (6.x) exists only
// when an old child reaches a daemon through a socket path that survived the restart, i.e. with Off.
// Pure: no I/O, no clock.
import type { Attribution, Trigger } from '../correlate/index.js';
import type { Burst, ChangePoint, Instant, RelatedEvent, WsgiConnectError } from '../model.js';

type State = 'on' | 'off';

interface Signal {
  time: Instant;
  state: State;
  origin: string;
  via: 'rotating-socket' | 'u-socket' | 'origin-check';
  uid: number | null;
}

export interface ChangeFigures {
  bursts: number;
  rotations: number;
  errorsPerDay: number;
  /** origin-check alerts (post-fix symptoms under prefork/worker) in the same stretch */
  originChecks: number;
}

/** A change point with what it rests on (the report's changes[] entry is a subset). */
export interface SocketChange {
  kind: 'socket-rotation-off' | 'socket-rotation-on';
  /** the restart that loaded the new setting, or the first signal when no restart is seen */
  time: Instant;
  /** file:line of that restart, or of the first signal */
  origin: string;
  /** the first line that shows the new state */
  signal: { time: Instant; origin: string; via: Signal['via'] };
  /** the first u<uid> socket after the change, when one failed */
  firstUSocket: { time: Instant; origin: string; uid: number | null } | null;
  before: ChangeFigures;
  after: ChangeFigures;
  /** bursts right after the restart that applied the change (old children of the previous generation) */
  switchBursts: number;
}

export interface ChangeInput {
  events: WsgiConnectError[];
  related: RelatedEvent[];
  triggers: Trigger[];
  bursts: Burst[];
  attributions: (Attribution | null)[];
  span: { start: Instant; end: Instant } | null;
}

const DAY_MS = 86_400_000;

function signals(events: WsgiConnectError[], related: RelatedEvent[]): Signal[] {
  const out: Signal[] = [];
  for (const e of events) {
    const s = e.socketInfo;
    if (!s || !Number.isFinite(e.time)) continue;
    out.push({
      time: e.time,
      state: s.rotation,
      origin: `${e.file}:${e.line}`,
      via: s.rotation === 'on' ? 'rotating-socket' : 'u-socket',
      uid: s.uid,
    });
  }
  for (const r of related)
    if (r.kind === 'origin-check-failed' && Number.isFinite(r.time))
      out.push({ time: r.time, state: 'off', origin: `${r.file}:${r.line}`, via: 'origin-check', uid: null });
  return out.sort((a, b) => a.time - b.time);
}

/**
 * Each switch between rotating and stable socket names. A failure after restart R comes from the
 * children of the generation before R, so the first sign of the new state after R says the
 * previous restart (R') already ran with it: the change is at R', unless a sign of the old state
 * follows R' (then at R).
 */
export function socketRotationChanges(input: ChangeInput): SocketChange[] {
  const sig = signals(input.events, input.related);
  const restarts = input.triggers.filter((t) => t.source !== 'rotation').sort((a, b) => a.time - b.time);
  const lastAtOrBefore = (t: Instant, strict = false): Trigger | null => {
    let r: Trigger | null = null;
    for (const x of restarts) if (strict ? x.time < t : x.time <= t) r = x;
    return r;
  };
  const raw: { time: Instant; origin: string; state: State; first: Signal }[] = [];
  let prev: Signal | null = null;
  for (const s of sig) {
    if (prev && s.state !== prev.state) {
      const r = lastAtOrBefore(s.time);
      const rPrev = r ? lastAtOrBefore(r.time, true) : null;
      const rOld = lastAtOrBefore(prev.time);
      const at = rPrev && (rOld === null || rPrev.time >= rOld.time) ? rPrev : r && r.time > prev.time ? r : null;
      raw.push({
        time: at ? at.time : s.time,
        origin: at ? at.origin : s.origin,
        state: s.state,
        first: s,
      });
    }
    prev = s;
  }
  if (raw.length === 0) return [];
  const span = input.span ?? { start: sig[0]!.time, end: sig[sig.length - 1]!.time };
  const bounds = [span.start, ...raw.map((c) => c.time), span.end];
  const burstAt = (i: number): Instant => input.attributions[i]?.trigger.time ?? input.bursts[i]!.start;
  // the bursts right after a change's own restart belong to neither side
  const switchBursts = input.bursts.filter((_, i) => raw.some((c) => burstAt(i) === c.time));
  const inSwitchBurst = (t: Instant) => switchBursts.some((b) => t >= b.start && t <= b.end);
  const figures = (from: Instant, to: Instant): ChangeFigures => {
    const inside = (t: Instant) => t > from && t < to;
    const bursts = input.bursts.filter((_, i) => inside(burstAt(i))).length;
    const errors = input.events.filter((e) => inside(e.time) && !inSwitchBurst(e.time)).length;
    const days = Math.max((to - from) / DAY_MS, 1 / 24);
    return {
      bursts,
      rotations: restarts.filter((r) => inside(r.time)).length,
      errorsPerDay: Math.round((errors / days) * 10) / 10,
      originChecks: input.related.filter((r) => r.kind === 'origin-check-failed' && inside(r.time)).length,
    };
  };
  return raw.map((c, k) => {
    const firstU =
      c.state === 'off'
        ? (sig.find((s) => s.time >= c.first.time && s.via === 'u-socket' && s.state === 'off') ?? null)
        : null;
    const before = figures(bounds[k]!, c.time);
    // the restart that applied the change counts neither before nor after: its burst is reported on its own
    const after = figures(c.time, bounds[k + 2]!);
    return {
      kind: c.state === 'off' ? 'socket-rotation-off' : 'socket-rotation-on',
      time: c.time,
      origin: c.origin,
      signal: { time: c.first.time, origin: c.first.origin, via: c.first.via },
      firstUSocket: firstU ? { time: firstU.time, origin: firstU.origin, uid: firstU.uid } : null,
      before,
      after,
      switchBursts: input.bursts.filter((_, i) => burstAt(i) === c.time).length,
    };
  });
}

/** The contract's changes[] entry. */
export function changePoint(c: SocketChange): ChangePoint {
  return {
    time: c.time,
    kind: c.kind,
    origin: c.origin,
    before: c.before,
    after: c.after,
    switchBursts: c.switchBursts,
  };
}
