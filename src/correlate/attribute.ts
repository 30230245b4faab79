// Attribution of bursts to triggers (issue 4, item 2): a burst is caused by a trigger when it
// starts inside the expected failure window after it.
import type { Burst } from '../model.js';
import { lowerBoundByTime } from './bursts.js';
import type { FailureWindow, Trigger } from './triggers.js';

export interface Attribution {
  trigger: Trigger;
  lagSeconds: number;
  /** the window length used for this burst */
  windowSeconds: number;
}

/** The failure window for this burst's messages: WSGI0116 comes connect-timeout late. */
export function windowSecondsFor(burst: Burst, fw: FailureWindow): number {
  return fw.immediateSeconds + ((burst.codes.WSGI0116 ?? 0) > 0 ? fw.connectTimeoutSeconds : 0);
}

/**
 * For each burst, the trigger it is attributed to (or null). A burst inside several windows goes
 * to a restart seen in the log before a bare rotation window (its time is exact), then to the
 * latest trigger before it. Returns new Burst objects with `cause` set.
 */
export function attributeBursts(
  bursts: readonly Burst[],
  triggers: readonly Trigger[],
  fw: FailureWindow,
): { bursts: Burst[]; attributions: (Attribution | null)[] } {
  const sorted = [...triggers].sort((a, b) => a.time - b.time);
  let maxSpan = 0;
  for (const t of sorted) maxSpan = Math.max(maxSpan, t.until - t.time);
  const attributions = bursts.map((b) => attributeOne(b, sorted, fw, maxSpan));
  const out = bursts.map((b, i) => {
    const a = attributions[i];
    return { ...b, cause: a ? { kind: a.trigger.kind, time: a.trigger.time, lagSeconds: a.lagSeconds } : null };
  });
  return { bursts: out, attributions };
}

function attributeOne(b: Burst, triggers: readonly Trigger[], fw: FailureWindow, maxSpan: number): Attribution | null {
  const win = windowSecondsFor(b, fw);
  // Only triggers with time in [b.start - maxSpan - win, b.start + before] can hold the burst.
  const lo = lowerBoundByTime(triggers, b.start - maxSpan - win * 1000 - fw.beforeSeconds * 1000);
  let best: Trigger | null = null;
  for (let k = lo; k < triggers.length && triggers[k]!.time <= b.start + fw.beforeSeconds * 1000; k++) {
    const t = triggers[k]!;
    if (!inWindow(b.start, t, win, fw.beforeSeconds)) continue;
    if (best === null) best = t;
    else {
      const bestExact = best.source !== 'rotation';
      const tExact = t.source !== 'rotation';
      if (tExact && !bestExact) best = t;
      else if (tExact === bestExact && t.time > best.time && t.time <= b.start + fw.beforeSeconds * 1000) best = t;
    }
  }
  if (best === null) return null;
  return { trigger: best, lagSeconds: round1((b.start - best.time) / 1000), windowSeconds: win };
}

export function inWindow(start: number, t: Trigger, windowSeconds: number, beforeSeconds: number): boolean {
  return start >= t.time - beforeSeconds * 1000 && start <= t.until + windowSeconds * 1000;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
