// Change points (issue 15, fix verification): where the logs show WSGISocketRotation switching.
// The socket names tell it (mod_wsgi names the daemon socket <prefix>.<ppid>.<generation>.<id>.sock
// with rotation On and <prefix>.<ppid>.u<uid>.<id>.sock with Off, wsgi_start_daemons()), and so
// does the origin check: "Request origin could not be validated" (4.x) / WSGI0034 (6.x) exists only
// when an old child reaches a daemon through a socket path that survived the restart, i.e. with Off.
// Pure: no I/O, no clock.
import type { Attribution, Trigger } from '../correlate/index.js';
import type { Burst, ChangePoint, Instant, RelatedEvent } from '../model.js';
import type { ConnectErrors } from '../events.js';

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
  /** in time order */
  events: ConnectErrors;
  related: RelatedEvent[];
  triggers: Trigger[];
  bursts: Burst[];
  attributions: (Attribution | null)[];
  span: { start: Instant; end: Instant } | null;
}

const DAY_MS = 86_400_000;

/**
 * The signals in time order (failing sockets first at equal times, then origin checks), read on
 * demand: a million failing sockets stay indices into the events, not a million objects.
 */
interface Signals {
  length: number;
  time(k: number): Instant;
  state(k: number): State;
  via(k: number): Signal['via'];
  at(k: number): Signal;
}

function signals(events: ConnectErrors, related: RelatedEvent[]): Signals {
  const ev: number[] = [];
  for (let i = 0; i < events.length; i++) if (events.socketInfo(i) && Number.isFinite(events.time(i))) ev.push(i);
  const rel = related
    .filter((r) => r.kind === 'origin-check-failed' && Number.isFinite(r.time))
    .sort((a, b) => a.time - b.time);
  // k >= 0: event ev[k]; k < 0: rel[-k - 1]
  const order = new Int32Array(ev.length + rel.length);
  let a = 0;
  let b = 0;
  for (let k = 0; k < order.length; k++)
    order[k] = b >= rel.length || (a < ev.length && events.time(ev[a]!) <= rel[b]!.time) ? ev[a++]! : -1 - b++;
  const time = (k: number) => {
    const x = order[k]!;
    return x >= 0 ? events.time(x) : rel[-1 - x]!.time;
  };
  const state = (k: number): State => {
    const x = order[k]!;
    return x >= 0 ? events.socketInfo(x)!.rotation : 'off';
  };
  const via = (k: number): Signal['via'] => {
    const x = order[k]!;
    return x < 0 ? 'origin-check' : events.socketInfo(x)!.rotation === 'on' ? 'rotating-socket' : 'u-socket';
  };
  return {
    length: order.length,
    time,
    state,
    via,
    at(k) {
      const x = order[k]!;
      if (x < 0) {
        const r = rel[-1 - x]!;
        return { time: r.time, state: 'off', origin: `${r.file}:${r.line}`, via: 'origin-check', uid: null };
      }
      const si = events.socketInfo(x)!;
      return {
        time: events.time(x),
        state: si.rotation,
        origin: `${events.shape(x).file}:${events.line(x)}`,
        via: via(k),
        uid: si.uid,
      };
    },
  };
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
  for (let k = 1; k < sig.length; k++) {
    if (sig.state(k) !== sig.state(k - 1)) {
      const s = sig.at(k);
      const prev = { time: sig.time(k - 1) };
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
  }
  if (raw.length === 0) return [];
  const span = input.span ?? { start: sig.time(0), end: sig.time(sig.length - 1) };
  const bounds = [span.start, ...raw.map((c) => c.time), span.end];
  const burstAt = (i: number): Instant => input.attributions[i]?.trigger.time ?? input.bursts[i]!.start;
  // the bursts right after a change's own restart belong to neither side
  const switchBursts = input.bursts.filter((_, i) => raw.some((c) => burstAt(i) === c.time));
  const inSwitchBurst = (t: Instant) => switchBursts.some((b) => t >= b.start && t <= b.end);
  const figures = (from: Instant, to: Instant): ChangeFigures => {
    const inside = (t: Instant) => t > from && t < to;
    const bursts = input.bursts.filter((_, i) => inside(burstAt(i))).length;
    let errors = 0;
    for (let i = 0; i < input.events.length; i++) {
      const t = input.events.time(i);
      if (inside(t) && !inSwitchBurst(t)) errors++;
    }
    const days = Math.max((to - from) / DAY_MS, 1 / 24);
    return {
      bursts,
      rotations: restarts.filter((r) => inside(r.time)).length,
      errorsPerDay: Math.round((errors / days) * 10) / 10,
      originChecks: input.related.filter((r) => r.kind === 'origin-check-failed' && inside(r.time)).length,
    };
  };
  return raw.map((c, k) => {
    let firstU: Signal | null = null;
    if (c.state === 'off')
      for (let j = 0; j < sig.length && firstU === null; j++)
        if (sig.time(j) >= c.first.time && sig.via(j) === 'u-socket' && sig.state(j) === 'off') firstU = sig.at(j);
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
