// The facts every rule reads (src/diagnose/rules/*): per-burst profiles, attributions, the
// alignment test and the helpers that turn them into evidence. Pure: no I/O, no clock.
import type { AlignmentStatistics, Attribution, FailureWindow, Trigger } from '../correlate/index.js';
import { lowerBoundByTime, windowSecondsFor } from '../correlate/index.js';
import type {
  Burst,
  Evidence,
  Instant,
  ParsedLogs,
  Recurrence,
  RelatedEvent,
  RestartEvent,
  TestFacts,
} from '../model.js';
import type { ConnectErrors } from '../events.js';
import type { AdviceContext } from './kinds.js';

/** A failing child pid that fails again later than this after its burst is not an exiting old child. */
export const PID_GONE_AFTER_MS = 60_000;
/**
 * With the timing test unable to decide (see timingUninformative), a burst that shows its restart
 * directly counts, at this confidence and at most DIRECT_MAX: one occurrence cannot show that it
 * happens at every rotation.
 */
export const DIRECT_BASE_CONFIDENCE = 0.5;
export const DIRECT_MAX_CONFIDENCE = 0.7;

export interface Profile {
  /** the burst's events (a view of the time-ordered list) */
  events: ConnectErrors;
  n: number;
  enoent: number;
  eacces: number;
  eagain: number;
  refused: number;
  rotOn: number;
  rotOff: number;
  durationS: number;
}

const sortedRelated = new WeakMap<RelatedEvent[], RelatedEvent[]>();

/** Related events within a minute of the burst (binary search over a time-sorted copy). */
export function related(rel: RelatedEvent[], b: Burst): RelatedEvent[] {
  let s = sortedRelated.get(rel);
  if (!s) {
    s = [...rel].sort((x, y) => x.time - y.time);
    sortedRelated.set(rel, s);
  }
  const out: RelatedEvent[] = [];
  for (let i = lowerBoundByTime(s, b.start - 60_000); i < s.length && s[i]!.time <= b.end + 60_000; i++)
    out.push(s[i]!);
  return out;
}

/** Do the failing sockets' generations rise from burst to burst (one older generation per restart)? */
export function generationSteps(bs: Burst[]): { rising: boolean; gens: number[] } {
  const gens = bs.map((b) => (b.generations.length > 0 ? Math.min(...b.generations) : null));
  const known = gens.filter((g): g is number => g !== null);
  let rising = known.length >= 2;
  for (let i = 1; i < known.length; i++) if (!(known[i]! > known[i - 1]!)) rising = false;
  return { rising, gens: known };
}

export interface DirectRestart {
  trigger: Trigger;
  lagSeconds: number;
  generations: number[];
  pids: number;
}

/** What a rule reads: the bursts and their profiles, attributions, the alignment test and the config facts. */
export interface RuleContext extends Pick<AdviceContext, 'version' | 'mpm' | 'apache' | 'logrotate'> {
  bursts: Burst[];
  profiles: Profile[];
  attributions: (Attribution | null)[];
  stats: AlignmentStatistics | null;
  fw: FailureWindow;
  recurrence: Recurrence | null;
  zone: string;
  triggers: Trigger[];
  chanceAligned: number[];
  inferredFromRecurrence: number[];
  parsed: ParsedLogs;
  rotationsAllNone: boolean;
  /** per burst, its direct evidence, when the finding rests on it (the timing test could not decide) */
  direct: (DirectRestart | null)[] | null;
  uninformative: boolean;
  span: { start: Instant; end: Instant } | null;
  lastFail: Map<number, Instant>;
  starts: Map<number, Instant>;
}

/** How far burst i starts from the restart or logrotate run before it. */
export function nearestTrigger(i: number, c: RuleContext): Evidence {
  const b = c.bursts[i]!;
  let before: Trigger | null = null;
  for (const tr of c.triggers) if (tr.time <= b.start && (before === null || tr.until > before.until)) before = tr;
  return {
    code: 'nearest-trigger',
    args: {
      burst: i,
      at: b.start,
      windowSeconds: windowSecondsFor(b, c.fw),
      gapMs: before ? b.start - before.until : 0,
      before: before
        ? {
            kind: before.kind,
            inferred: before.source === 'inferred',
            at: before.time,
            until: before.until,
            origin: before.origin,
            rotation:
              before.source === 'rotation' && before.rotation
                ? { source: before.rotation.source, spec: before.rotation.spec }
                : null,
          }
        : null,
    },
  };
}

/** The test's numbers as a fact's args. */
export function testFacts(s: AlignmentStatistics): TestFacts {
  return {
    p: s.p,
    k: s.k,
    n: s.n,
    coverage: s.coverage,
    binomialP: s.binomialP,
    permutationP: s.permutationP,
    shortSpan: s.shortSpan,
  };
}

/**
 * When the log holds a parent's fresh start (generation 0), the generation in force after each
 * later restart is the number of restarts since (every graceful or HUP restart increments it,
 * `++retained->mpm->my_generation` in each httpd MPM; mod_wsgi names the socket with it). A
 * failing socket older than that was created before the restart: the old child's.
 */
export function generationCountEvidence(idx: number[], c: RuleContext): Evidence | null {
  let checked = 0;
  let older = 0;
  const pairs: [number, number][] = [];
  for (const i of idx) {
    const a = c.attributions[i];
    const ppid = a?.trigger.parentPid ?? null;
    const inForce = a ? generationInForce(a.trigger, c.starts, c.triggers) : null;
    if (inForce === null || ppid === null) continue;
    // one generation per distinct socket: the checks below are all, any and the largest
    const gens = c.profiles[i]!.events.distinctShapes()
      .filter((s) => s.socketInfo?.parentPid === ppid && s.socketInfo.generation !== null)
      .map((s) => s.socketInfo!.generation!);
    // A generation above the restarts counted cannot exist if that line was the parent's start:
    // it closed an earlier restart (its notice in a file not read), so nothing can be counted.
    if (gens.length === 0 || gens.some((g) => g > inForce)) continue;
    checked++;
    if (gens.every((g) => g < inForce)) older++;
    if (pairs.length < 4) pairs.push([Math.max(...gens), inForce]);
  }
  if (checked === 0) return null;
  return { code: 'generation-older-than-in-force', args: { older, checked, pairs } };
}

/** Each parent pid's start in the log (its first lifecycle line, when that is a plain start), else NaN. */
export function parentStarts(restarts: RestartEvent[], triggers: Trigger[]): Map<number, Instant> {
  const starts = new Map<number, Instant>();
  for (const r of [...restarts].sort((a, b) => a.time - b.time)) {
    if (r.pid === null || starts.has(r.pid)) continue;
    // the first lifecycle line of this parent must be a plain start, not a restart
    if (
      r.marker === 'configured' &&
      !r.markerMissing &&
      !triggers.some((t) => t.parentPid === r.pid && t.time <= r.time)
    )
      starts.set(r.pid, r.time);
    else starts.set(r.pid, Number.NaN);
  }
  return starts;
}

/** The generation in force after a restart, counted from its parent's start (null: no start in the log). */
export function generationInForce(trigger: Trigger, starts: Map<number, Instant>, triggers: Trigger[]): number | null {
  const ppid = trigger.parentPid;
  if (trigger.source === 'rotation' || ppid === null) return null;
  const st = starts.get(ppid);
  if (st === undefined || Number.isNaN(st)) return null;
  return triggers.filter(
    (t) => t.source !== 'rotation' && t.parentPid === ppid && t.time > st && t.time <= trigger.time,
  ).length;
}

/** Failing pids that do not fail again after their burst: old children that exit once their connections close. */
export function pidEvidence(idx: number[], c: RuleContext): Evidence | null {
  // First related line per pid, computed once (a long log has many pids).
  const lastFail = c.lastFail;
  const firstRelated = new Map<number, Instant>();
  for (const r of c.parsed.related)
    if (r.pid !== null && r.time < (firstRelated.get(r.pid) ?? Infinity)) firstRelated.set(r.pid, r.time);
  let failing = 0;
  let gone = 0;
  let before = 0;
  for (const i of idx) {
    const b = c.bursts[i]!;
    const a = c.attributions[i];
    const pids = pidsOf(c.profiles[i]!.events);
    for (const pid of pids) {
      failing++;
      if ((lastFail.get(pid) ?? 0) <= b.end + PID_GONE_AFTER_MS) gone++;
      if (a && (firstRelated.get(pid) ?? Infinity) < a.trigger.time) before++;
    }
  }
  if (failing === 0) return null;
  return { code: 'old-children-exit', args: { gone, failing, loggedBefore: before } };
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : Math.round(((s[m - 1]! + s[m]!) / 2) * 10) / 10;
}

/** The Apache child pids of these events. */
export function pidsOf(events: ConnectErrors): Set<number> {
  const pids = new Set<number>();
  for (let i = 0; i < events.length; i++) {
    const pid = events.pid(i);
    if (pid !== null) pids.add(pid);
  }
  return pids;
}
