// The diagnosis (issue 4): from parsed logs, rotation windows and Apache config facts to findings
// as plain data (publint style: the core decides, src/report renders). Pure: no I/O, no clock.
import {
  alignmentStatistics,
  attributeBursts,
  collectTriggers,
  confidenceFrom,
  DEFAULT_BURST_GAP_SECONDS,
  DEFAULT_IMMEDIATE_WINDOW_SECONDS,
  failureWindow,
  findBursts,
  windowSecondsFor,
  findRecurrence,
  lowerBoundByTime,
  type AlignmentStatistics,
  type Attribution,
  type FailureWindow,
  type Trigger,
} from '../correlate/index.js';
import type {
  ApacheConfigFacts,
  Burst,
  Finding,
  FindingKind,
  Instant,
  LogrotateSummary,
  ParsedLogs,
  Recurrence,
  RelatedEvent,
  RestartEvent,
  RotationWindow,
  Verdict,
  WsgiConnectError,
} from '../model.js';
import { formatLocal, formatSecondOfDay } from '../time/index.js';
import type { Caveat, Evidence, Missing, TestFacts } from '../facts.js';
import { FINDING_KINDS, type AdviceContext } from './kinds.js';
import { detectMpm, modWsgiVersion, type ModWsgiVersion, type MpmInfo } from './version.js';

export { FINDING_KINDS, type AdviceContext, type KindSpec } from './kinds.js';
export {
  compareVersions,
  detectMpm,
  modWsgiVersion,
  SOCKET_ROTATION_MIN_VERSION,
  type ModWsgiVersion,
  type MpmInfo,
} from './version.js';

export interface DiagnoseInput {
  parsed: ParsedLogs;
  rotations: RotationWindow[];
  apache: ApacheConfigFacts | null;
  logrotate: LogrotateSummary | null;
  zone: string;
  burstGapSeconds?: number;
}

export interface Diagnosis {
  bursts: Burst[];
  findings: Finding[];
  verdict: Verdict;
  missingEvidence: Missing[];
  statistics: AlignmentStatistics | null;
  recurrence: Recurrence | null;
  /** file:line of each "configured" line taken as a restart whose notice is not in the files read */
  inferredRestarts: string[];
}

/** Alignment with restarts counts as shown at or below this p-value (strict: a false rotation verdict sends the operator to the wrong fix). */
export const SIGNIFICANCE = 0.01;
/** ...and at or below this one when the socket names corroborate it (ENOENT, rising generations). */
export const SIGNIFICANCE_CORROBORATED = 0.05;
/**
 * With the timing test unable to decide (see timingUninformative), a burst that shows its restart
 * directly counts, at this confidence and at most DIRECT_MAX: one occurrence cannot show that it
 * happens at every rotation.
 */
export const DIRECT_BASE_CONFIDENCE = 0.5;
/** "High" confidence starts here (README); a finding resting on one aligned burst stays below it. */
export const HIGH_CONFIDENCE = 0.8;
export const SINGLE_OCCURRENCE_MAX_CONFIDENCE = 0.7;
/** Below this a finding is never primary while another one reaches it. */
export const CONFIDENCE_FLOOR = 0.5;
export const DIRECT_MAX_CONFIDENCE = 0.7;
/** A failing child pid that fails again later than this after its burst is not an exiting old child. */
const PID_GONE_AFTER_MS = 60_000;
/** A burst this long with no quiet gap is "no recovery" (daemon-down), unless it is EAGAIN overload. */
export const DAEMON_DOWN_MIN_SECONDS = 600;

const ENOENT = 2;
const EAGAIN = 11;
const EACCES = 13;
const ECONNREFUSED = 111;

interface Profile {
  events: WsgiConnectError[];
  n: number;
  enoent: number;
  eacces: number;
  eagain: number;
  refused: number;
  rotOn: number;
  rotOff: number;
  durationS: number;
}

export function diagnose(input: DiagnoseInput): Diagnosis {
  const { parsed, apache, logrotate, zone } = input;
  const events = [...parsed.events].filter((e) => Number.isFinite(e.time)).sort((a, b) => a.time - b.time);
  const fw = failureWindow(apache);
  const rawBursts = findBursts(events, input.burstGapSeconds ?? DEFAULT_BURST_GAP_SECONDS);
  const profiles = profilesOf(rawBursts, events);

  let triggers = collectTriggers(parsed.restarts, input.rotations, events);
  // A "possible" rotation window (a daily run that may not have rotated) with no restart notice
  // inside, in a log that does show restart notices, did not reload Apache: drop it rather than
  // let it dilute the statistics.
  const hasMarkers = triggers.some((t) => t.source !== 'rotation');
  if (hasMarkers)
    triggers = triggers.filter((t) => !(t.source === 'rotation' && t.rotation?.likelihood === 'possible'));

  const { bursts, attributions } = attributeBursts(rawBursts, triggers, fw);
  const span = spanOf(parsed, events);
  const version = modWsgiVersion(parsed);
  const mpm = detectMpm(parsed, apache);

  const isPermission = profiles.map((p) => p.eacces * 2 >= p.n);
  const candidates = bursts.map((_, i) => i).filter((i) => !isPermission[i]);
  const stats = span
    ? alignmentStatistics(
        candidates.map((i) => bursts[i]!),
        triggers,
        fw,
        span,
      )
    : null;
  // Corroborated alignment counts at the weaker level: when the aligned bursts are mostly ENOENT
  // on rotating sockets whose generation rises from burst to burst, the sockets themselves say a
  // restart preceded each burst (anacron's 45-minute window cannot give a small p on its own).
  const alignedIdx = candidates.filter((i) => attributions[i] !== null);
  const corroborated =
    alignedIdx.length >= 2 &&
    alignedIdx.reduce((s, i) => s + profiles[i]!.enoent, 0) * 2 >= alignedIdx.reduce((s, i) => s + profiles[i]!.n, 0) &&
    generationSteps(alignedIdx.map((i) => bursts[i]!)).rising;
  const significant =
    stats !== null &&
    stats.k >= 1 &&
    (stats.p <= SIGNIFICANCE || (corroborated && stats.p <= SIGNIFICANCE_CORROBORATED));
  // When the test cannot decide (a log of seconds, or windows covering most of it), a burst may
  // still show its restart directly; never when the test could decide and found chance.
  const lastFail = lastFailures(profiles);
  const starts = parentStarts(parsed.restarts, triggers);
  const uninformative = stats !== null && timingUninformative(stats);
  // (and not for a burst that looks like a dead daemon or overload by itself: a daemon that did not come back after the restart fails the same way)
  const direct = bursts.map((b, i) =>
    uninformative && !isPermission[i] && unalignedKind(profiles[i]!, related(parsed.related, b)) === 'inconclusive'
      ? directRestart(b, profiles[i]!, attributions[i] ?? null, lastFail, (t) => generationInForce(t, starts, triggers))
      : null,
  );
  const recurrence =
    span && candidates.length >= 2
      ? findRecurrence(
          candidates.map((i) => bursts[i]!),
          zone,
          span,
          input.rotations,
          { toleranceSeconds: fw.immediateSeconds + fw.connectTimeoutSeconds },
        )
      : null;

  const groupsOf = new Map<FindingKind, number[]>();
  const add = (k: FindingKind, i: number) => {
    const list = groupsOf.get(k);
    if (list) list.push(i);
    else groupsOf.set(k, [i]);
  };
  const chanceAligned: number[] = [];
  for (let i = 0; i < bursts.length; i++) {
    const p = profiles[i]!;
    if (isPermission[i]) add('socket-permission', i);
    else if (attributions[i] && (significant || direct[i]))
      add(p.rotOff > p.rotOn ? 'rotation-already-off' : 'rotation-restart', i);
    else {
      if (attributions[i]) chanceAligned.push(i);
      add(unalignedKind(p, related(parsed.related, bursts[i]!)), i);
    }
  }

  // No restart seen anywhere, but a daily recurrence whose sockets step one generation per
  // burst: the generation counts restarts (mod_wsgi wsgi_start_daemons(), ap_mpm_query
  // AP_MPMQ_GENERATION), so a restart happened before each burst even though its notice is
  // not in the files given. Only when nothing is known about the rotation: a known copytruncate
  // schedule is evidence that logrotate does not restart Apache.
  let inferredFromRecurrence: number[] = [];
  if (triggers.length === 0 && input.rotations.length === 0 && recurrence && recurrence.daysWithBurst >= 3) {
    const pool = [...(groupsOf.get('inconclusive') ?? [])].filter(
      (i) => inBand(bursts[i]!.start, recurrence, zone) && profiles[i]!.rotOn > 0,
    );
    if (pool.length >= 3 && generationSteps(pool.map((i) => bursts[i]!)).rising) {
      inferredFromRecurrence = pool;
      const inPool = new Set(pool);
      groupsOf.set(
        'inconclusive',
        (groupsOf.get('inconclusive') ?? []).filter((i) => !inPool.has(i)),
      );
      for (const i of pool) add('rotation-restart', i);
    }
  }

  const originCheck = originCheckSignature(parsed.related, triggers, fw, span);

  const ctxBase = (idx: number[]): AdviceContext =>
    adviceContext(
      idx.flatMap((i) => profiles[i]!.events),
      version,
      mpm,
      apache,
      logrotate,
      recurrence,
    );
  const findings: Finding[] = [];
  for (const [kind, idx] of groupsOf) {
    if (idx.length === 0) continue;
    const byDirect = !significant && idx.some((i) => direct[i]);
    const evidence = evidenceFor(kind, idx, {
      bursts,
      profiles,
      attributions,
      stats,
      fw,
      recurrence,
      zone,
      version,
      mpm,
      apache,
      logrotate,
      triggers,
      chanceAligned,
      inferredFromRecurrence,
      parsed,
      rotationsAllNone: input.rotations.length > 0 && input.rotations.every((w) => w.action === 'none'),
      direct: byDirect ? direct : null,
      uninformative,
      span,
      lastFail,
      starts,
    });
    let confidence = confidenceFor(kind, idx, {
      profiles,
      attributions,
      stats,
      parsed,
      bursts,
      inferredFromRecurrence,
      direct: byDirect ? direct : null,
    });
    if (kind === 'rotation-already-off' && originCheck) {
      evidence.push(...originCheck.evidence);
      confidence = Math.max(confidence, originCheck.confidence);
    }
    const recommendation = FINDING_KINDS[kind].advice(ctxBase(idx));
    // the honest limit of a verdict that rests on one or a few occurrences, next to the version line
    if (byDirect && recommendation && span) recommendation.caveats.splice(1, 0, fewOccurrencesCaveat(idx.length, span));
    // One aligned burst cannot show that the errors follow every rotation: below high confidence.
    if ((kind === 'rotation-restart' || kind === 'rotation-already-off') && idx.length === 1)
      confidence = Math.min(confidence, SINGLE_OCCURRENCE_MAX_CONFIDENCE);
    findings.push({
      kind,
      confidence: round2(confidence),
      bursts: idx,
      explains: { errors: idx.reduce((s, i) => s + profiles[i]!.n, 0), bursts: idx.length },
      role: 'secondary',
      evidence,
      recommendation,
    });
  }
  if (originCheck && !groupsOf.has('rotation-already-off')) {
    findings.push({
      kind: 'rotation-already-off',
      confidence: round2(originCheck.confidence),
      bursts: [],
      explains: { errors: 0, bursts: 0 },
      role: 'secondary',
      evidence: originCheck.evidence,
      recommendation: FINDING_KINDS['rotation-already-off'].advice(
        adviceContext([], version, mpm, apache, logrotate, recurrence),
      ),
    });
  }
  findings.sort(byImportance);
  if (findings[0]) findings[0].role = 'primary';

  return {
    bursts,
    findings,
    verdict: findings[0]?.kind ?? 'no-errors',
    missingEvidence:
      events.length > 0 || findings.length > 0 ? missingEvidence(input, events, span, mpm, version, triggers) : [],
    statistics: stats,
    recurrence,
    inferredRestarts: [
      ...new Set(attributions.flatMap((a) => (a && a.trigger.source === 'inferred' ? [a.trigger.origin] : []))),
    ],
  };
}

// ---------------------------------------------------------------------------

function profilesOf(bursts: Burst[], sorted: WsgiConnectError[]): Profile[] {
  let j = 0;
  return bursts.map((b) => {
    const evs: WsgiConnectError[] = [];
    while (j < sorted.length && sorted[j]!.time <= b.end) {
      if (sorted[j]!.time >= b.start) evs.push(sorted[j]!);
      j++;
    }
    const count = (f: (e: WsgiConnectError) => boolean) => evs.filter(f).length;
    return {
      events: evs,
      n: evs.length,
      enoent: count((e) => e.errno === ENOENT),
      eacces: count((e) => e.errno === EACCES),
      eagain: count((e) => e.errno === EAGAIN),
      refused: count((e) => e.errno === ECONNREFUSED),
      rotOn: count((e) => e.socketInfo === null || e.socketInfo.rotation === 'on'),
      rotOff: count((e) => e.socketInfo?.rotation === 'off'),
      durationS: (b.end - b.start) / 1000,
    };
  });
}

const sortedRelated = new WeakMap<RelatedEvent[], RelatedEvent[]>();
/** Related events within a minute of the burst (binary search over a time-sorted copy). */
function related(rel: RelatedEvent[], b: Burst): RelatedEvent[] {
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

/** A burst not explained by a restart: overload, a daemon that is down, or nothing clear. */
function unalignedKind(p: Profile, near: RelatedEvent[]): FindingKind {
  const died = near.some((r) => r.kind === 'daemon-died' || r.kind === 'restart-attempts-exhausted');
  // EAGAIN = the listen backlog is full (Linux, non-blocking AF_UNIX connect); sustained EAGAIN
  // is a sustained overload, not a dead daemon.
  if (p.eagain * 2 >= p.n) return 'backlog-overload';
  if (p.durationS >= DAEMON_DOWN_MIN_SECONDS || died) return 'daemon-down';
  if (p.refused * 2 >= p.n) return 'backlog-overload';
  return 'inconclusive';
}

function spanOf(parsed: ParsedLogs, events: WsgiConnectError[]): { start: Instant; end: Instant } | null {
  const s = parsed.window.start ?? events[0]?.time ?? null;
  const e = parsed.window.end ?? events[events.length - 1]?.time ?? null;
  if (s === null || e === null) return null;
  return { start: Math.min(s, events[0]?.time ?? s), end: Math.max(e, events[events.length - 1]?.time ?? e) };
}

function inBand(t: Instant, r: Recurrence, zone: string): boolean {
  const [h, m, s] = formatLocal(t, zone, 'H:m:s').split(':').map(Number) as [number, number, number];
  const sod = h * 3600 + m * 60 + s;
  if (r.fromSecondOfDay <= r.toSecondOfDay) return sod >= r.fromSecondOfDay && sod <= r.toSecondOfDay;
  return sod >= r.fromSecondOfDay || sod <= r.toSecondOfDay;
}

/** Do the failing sockets' generations rise from burst to burst (one older generation per restart)? */
function generationSteps(bs: Burst[]): { rising: boolean; gens: number[] } {
  const gens = bs.map((b) => (b.generations.length > 0 ? Math.min(...b.generations) : null));
  const known = gens.filter((g): g is number => g !== null);
  let rising = known.length >= 2;
  for (let i = 1; i < known.length; i++) if (!(known[i]! > known[i - 1]!)) rising = false;
  return { rising, gens: known };
}

/** Last failure per Apache child pid, over all bursts. */
function lastFailures(profiles: Profile[]): Map<number, Instant> {
  const lastFail = new Map<number, Instant>();
  for (const p of profiles)
    for (const e of p.events)
      if (e.pid !== null && e.time > (lastFail.get(e.pid) ?? -Infinity)) lastFail.set(e.pid, e.time);
  return lastFail;
}

/**
 * The timing test cannot decide when even perfect alignment would not be significant: with every
 * one of the n bursts inside a window, the binomial tail is coverage^n. That is the case for a log
 * of a few seconds (the windows cover all of it) and for a single burst in a log mostly covered by
 * windows; a week with a burst after each daily restart stays far below it.
 */
export function timingUninformative(stats: Pick<AlignmentStatistics, 'coverage' | 'n'>): boolean {
  return Math.pow(stats.coverage, stats.n) > SIGNIFICANCE_CORROBORATED;
}

interface DirectRestart {
  trigger: Trigger;
  lagSeconds: number;
  generations: number[];
  pids: number;
}

/**
 * A burst that shows its restart by itself: it follows a graceful restart of parent P seen (or
 * inferred) in the log, mostly ENOENT, every failing socket is one of P's rotating sockets
 * (<prefix>.P.<generation>.<id>.sock: the path the restart unlinked, mod_wsgi wsgi_start_daemons()),
 * and every failing child stops failing soon after (an old-generation child that exits once its
 * connections close, not a broken daemon that keeps failing everyone). Bare logrotate windows do
 * not qualify: the restart itself must be in the log.
 */
function directRestart(
  b: Burst,
  p: Profile,
  a: Attribution | null,
  lastFail: Map<number, Instant>,
  inForceAfter: (t: Trigger) => number | null,
): DirectRestart | null {
  if (!a || a.trigger.source === 'rotation' || a.trigger.kind !== 'graceful-restart' || a.trigger.parentPid === null)
    return null;
  if (p.enoent * 2 < p.n) return null;
  const socks = p.events.map((e) => e.socketInfo).filter((x): x is NonNullable<typeof x> => x !== null);
  // all rotating (On) or all stable u<uid> names (Off), all of the restarted parent
  const mode = socks[0]?.rotation;
  if (
    socks.length === 0 ||
    !socks.every(
      (x) => x.rotation === mode && (mode === 'off' || x.generation !== null) && x.parentPid === a.trigger.parentPid,
    )
  )
    return null;
  // With the parent's start in the log the generation the restart created is known: a failing
  // socket of that generation (not older) is the new daemon's socket missing, not an old child's.
  const inForce = inForceAfter(a.trigger);
  if (
    mode === 'on' &&
    inForce !== null &&
    socks.every((x) => x.generation! <= inForce) &&
    socks.some((x) => x.generation === inForce)
  )
    return null;
  const pids = new Set(p.events.map((e) => e.pid).filter((x): x is number => x !== null));
  if (pids.size === 0 || [...pids].some((pid) => (lastFail.get(pid) ?? 0) > b.end + PID_GONE_AFTER_MS)) return null;
  return {
    trigger: a.trigger,
    lagSeconds: a.lagSeconds,
    generations: [...new Set(socks.flatMap((x) => (x.generation === null ? [] : [x.generation])))].sort(
      (x, y) => x - y,
    ),
    pids: pids.size,
  };
}

function fewOccurrencesCaveat(n: number, span: { start: Instant; end: Instant }): Caveat {
  return { code: 'few-occurrences', args: { occurrences: n, spanMs: span.end - span.start } };
}

interface OriginCheck {
  evidence: Evidence[];
  confidence: number;
}

/**
 * The rotation-Off signature (reproduction-findings.md §1): the new daemon logs "Request origin
 * could not be validated" (WSGI0033/0034 in 6.x) and the old child "Truncated or oversized
 * response headers", right after a restart. Truncated headers alone at a restart are a different
 * mechanism (in-flight requests cut off by the old daemon's shutdown, quru/qis#5), so the origin
 * check is required.
 */
function originCheckSignature(
  rel: RelatedEvent[],
  triggers: Trigger[],
  fw: FailureWindow,
  span: { start: Instant; end: Instant } | null,
): OriginCheck | null {
  const origin = rel.filter((r) => r.kind === 'origin-check-failed').sort((a, b) => a.time - b.time);
  if (origin.length === 0 || triggers.length === 0 || span === null) return null;
  const truncated = rel.filter((r) => r.kind === 'truncated-headers');
  const win = fw.immediateSeconds + fw.connectTimeoutSeconds;
  // Cluster the origin-check alerts like connect errors, then test them like bursts.
  const clusters: Burst[] = [];
  for (const r of origin) {
    const last = clusters[clusters.length - 1];
    if (last && r.time - last.end <= 120_000) {
      last.end = r.time;
      last.count++;
    } else
      clusters.push({
        start: r.time,
        end: r.time,
        count: 1,
        codes: {},
        groups: [],
        pids: [],
        errnos: [],
        sockets: [],
        generations: [],
        cause: null,
      });
  }
  const aligned = clusters.filter((c) =>
    triggers.some((t) => c.start >= t.time - fw.beforeSeconds * 1000 && c.start <= t.until + win * 1000),
  );
  if (aligned.length === 0) return null;
  const stats = alignmentStatistics(
    clusters,
    triggers,
    { ...fw, immediateSeconds: win, connectTimeoutSeconds: 0 },
    span,
  );
  const undecided = stats !== null && timingUninformative(stats);
  const alignedOrigin = origin.filter((r) => aligned.some((c) => r.time >= c.start && r.time <= c.end)).length;
  const pairedTruncated = truncated.filter((t) =>
    aligned.some((c) => t.time >= c.start - 5_000 && t.time <= c.end + 5_000),
  ).length;
  const evidence: Evidence[] = [
    {
      code: 'origin-check-alerts',
      args: {
        alerts: alignedOrigin,
        aligned: aligned.length,
        clusters: clusters.length,
        windowSeconds: win,
        test: stats ? testFacts(stats) : null,
        undecidable: undecided,
      },
    },
  ];
  if (pairedTruncated > 0) evidence.push({ code: 'origin-check-truncated', args: { truncated: pairedTruncated } });
  // With timing undecidable (a log of minutes), the pair right after a restart is itself the
  // signature: moderate, as for connect errors that show their restart directly.
  const conf = stats && !undecided ? confidenceFrom(stats) : DIRECT_BASE_CONFIDENCE;
  return { evidence, confidence: pairedTruncated > 0 ? conf : conf * 0.9 };
}

interface EvidenceCtx extends Pick<AdviceContext, 'version' | 'mpm' | 'apache' | 'logrotate'> {
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

function evidenceFor(kind: FindingKind, idx: number[], c: EvidenceCtx): Evidence[] {
  const ps = idx.map((i) => c.profiles[i]!);
  const total = ps.reduce((s, p) => s + p.n, 0);
  const sum = (f: (p: Profile) => number) => ps.reduce((s, p) => s + f(p), 0);
  const out: Evidence[] = [];
  const none = {} as Record<string, never>;
  switch (kind) {
    case 'rotation-restart':
    case 'rotation-already-off': {
      const att = idx.map((i) => c.attributions[i]).filter((a): a is Attribution => a != null);
      if (att.length > 0) {
        const lags = att.map((a) => a.lagSeconds).sort((a, b) => a - b);
        out.push({
          code: 'restart-aligned',
          args: {
            bursts: att.length,
            errors: total,
            markers: att.filter((a) => a.trigger.source === 'marker').length,
            inferred: att.filter((a) => a.trigger.source === 'inferred').length,
            windows: att.filter((a) => a.trigger.source === 'rotation').length,
            lagMedian: median(lags),
            lagMax: lags[lags.length - 1]!,
            window: c.fw.basis,
          },
        });
        const first = att[0]!;
        out.push({
          code: 'first-aligned',
          args: {
            at: c.bursts[idx[0]!]!.start,
            errors: c.profiles[idx[0]!]!.n,
            lagSeconds: first.lagSeconds,
            trigger: first.trigger.kind,
            inferred: first.trigger.source === 'inferred',
            triggerAt: first.trigger.time,
            origin: first.trigger.origin,
          },
        });
        const inRot = att.filter((a) => a.trigger.rotation !== null);
        if (inRot.length > 0) {
          const w = inRot[0]!.trigger.rotation!;
          out.push({
            code: 'restarts-in-rotation',
            args: {
              inRotation: inRot.length,
              of: att.length,
              source: w.source,
              spec: w.spec,
              origin: w.origin,
              action: w.action,
              likelihood: inRot.length === 1 ? w.likelihood : null,
              reason: inRot.length === 1 ? (w.reason ?? null) : null,
            },
          });
        } else if (c.logrotate?.action === 'none') {
          out.push({
            code: 'restarts-not-from-logrotate',
            args: { detail: c.logrotate.actionDetail, origin: c.logrotate.origin },
          });
        }
      }
      if (c.direct && c.stats) {
        const ds = idx.map((i) => c.direct![i]).filter((d): d is DirectRestart => d != null);
        const gens = [...new Set(ds.flatMap((d) => d.generations))].sort((a, b) => a - b);
        out.push({
          code: 'timing-undecidable-direct',
          args: {
            bursts: c.stats.n,
            spanMs: c.span ? c.span.end - c.span.start : null,
            bestP: Math.pow(c.stats.coverage, c.stats.n),
            direct: ds.length,
            of: idx.length,
            rotation: kind === 'rotation-restart' ? 'on' : 'off',
            parents: [...new Set(ds.map((d) => d.trigger.parentPid))].filter((x): x is number => x !== null),
            generations: gens,
            priorRestarts: gens.length > 0 && gens.every((g) => g >= 1) ? gens[0]! : null,
            maxLagSeconds: Math.max(...ds.map((d) => d.lagSeconds)),
          },
        });
      } else if (c.stats && att.length > 0) out.push({ code: 'not-chance', args: testFacts(c.stats) });
      if (c.inferredFromRecurrence.length > 0) {
        out.push({
          code: 'restart-inferred-from-generations',
          args: { recurrence: c.recurrence!, generations: generationSteps(idx.map((i) => c.bursts[i]!)).gens },
        });
      }
      const rotOn = sum((p) => p.rotOn);
      const rotOff = sum((p) => p.rotOff);
      if (kind === 'rotation-restart')
        out.push({ code: 'rotating-socket-names', args: { rotating: rotOn, errors: total, stable: rotOff } });
      else out.push({ code: 'stable-socket-names', args: { stable: rotOff, errors: total } });
      const enoent = sum((p) => p.enoent);
      if (enoent > 0)
        out.push({
          code: kind === 'rotation-restart' ? 'enoent-socket-removed' : 'enoent-socket-recreated',
          args: { enoent, errors: total },
        });
      const steps = generationSteps(idx.map((i) => c.bursts[i]!));
      if (
        kind === 'rotation-restart' &&
        steps.rising &&
        steps.gens.length >= 2 &&
        c.inferredFromRecurrence.length === 0
      )
        out.push({ code: 'generations-rise', args: { generations: steps.gens } });
      const genEv = kind === 'rotation-restart' ? generationCountEvidence(idx, c) : null;
      if (genEv) out.push(genEv);
      const pidEv = pidEvidence(idx, c);
      if (pidEv) out.push(pidEv);
      if (c.mpm.mpm) out.push({ code: 'mpm-seen', args: { mpm: c.mpm.mpm, basis: c.mpm.basis } });
      if (kind === 'rotation-restart' && c.apache?.socketRotation?.value === 'off')
        out.push({ code: 'rotation-off-not-in-effect', args: { origin: c.apache.socketRotation.origin } });
      for (const prob of c.apache?.problems ?? [])
        if (/WSGISocketRotation/i.test(prob)) out.push({ code: 'config-problem', args: { problem: prob } });
      if (c.recurrence && c.inferredFromRecurrence.length === 0) out.push({ code: 'recurring', args: c.recurrence });
      break;
    }
    case 'socket-permission': {
      const sockets = [
        ...new Set(ps.flatMap((p) => p.events.map((e) => e.socket).filter((s): s is string => s !== null))),
      ];
      out.push({
        code: 'permission-denied',
        args: {
          eacces: sum((p) => p.eacces),
          errors: total,
          bursts: idx.length,
          socket: sockets[0] ?? null,
          otherSockets: Math.max(0, sockets.length - 1),
        },
      });
      out.push({
        code: 'permission-every-request',
        args: { from: c.bursts[idx[0]!]!.start, to: c.bursts[idx[idx.length - 1]!]!.end },
      });
      break;
    }
    case 'backlog-overload': {
      out.push({
        code: 'backlog-errnos',
        args: { bursts: idx.length, errors: total, eagain: sum((p) => p.eagain), refused: sum((p) => p.refused) },
      });
      out.push({
        code: 'backlog-times',
        args: { times: idx.slice(0, 5).map((i) => c.bursts[i]!.start), more: Math.max(0, idx.length - 5) },
      });
      const gens = [...new Set(idx.flatMap((i) => c.bursts[i]!.generations))];
      if (gens.length === 1) out.push({ code: 'backlog-current-generation', args: { generation: gens[0]! } });
      break;
    }
    case 'daemon-down': {
      const longest = ps.reduce((m, p) => Math.max(m, p.durationS), 0);
      out.push({
        code: 'no-recovery',
        args: { stretches: idx.length, longestMinutes: Math.round(longest / 60), errors: total },
      });
      const died = idx
        .flatMap((i) => related(c.parsed.related, c.bursts[i]!))
        .filter((r) => r.kind === 'daemon-died' || r.kind === 'restart-attempts-exhausted');
      if (died.length > 0)
        out.push({ code: 'daemon-died', args: { count: died.length, origin: `${died[0]!.file}:${died[0]!.line}` } });
      const refused = sum((p) => p.refused);
      if (refused > 0) out.push({ code: 'refused-no-listener', args: { refused } });
      break;
    }
    case 'fix-not-in-effect':
      break;
    case 'inconclusive': {
      const errnos = [
        ...new Set(
          ps.flatMap((p) => p.events.map((e) => e.errnoText ?? (e.errno !== null ? String(e.errno) : 'no errno'))),
        ),
      ];
      out.push({ code: 'unexplained-bursts', args: { bursts: idx.length, errors: total, errnos } });
      const chanceSet = new Set(c.chanceAligned);
      const chance = idx.filter((i) => chanceSet.has(i)).length;
      if (chance > 0 && c.stats)
        out.push({
          code: 'aligned-by-chance',
          args: { aligned: chance, undecidable: c.uninformative, test: testFacts(c.stats) },
        });
      if (c.triggers.length === 0) out.push({ code: 'nothing-to-test-against', args: none });
      else {
        // how far the first few unaligned bursts are from the restart or logrotate run before them
        const lone = idx.filter((i) => !chanceSet.has(i) && c.attributions[i] == null);
        for (const i of lone.slice(0, 3)) out.push(nearestTrigger(i, c));
        if (lone.length > 3) out.push({ code: 'more-outside-windows', args: { more: lone.length - 3 } });
      }
      if (c.recurrence) {
        out.push({ code: 'time-of-day', args: c.recurrence });
        if (
          c.triggers.length === 0 &&
          c.recurrence.daysWithBurst >= 3 &&
          c.recurrence.daysWithBurst * 2 >= c.recurrence.days
        )
          out.push({ code: 'fixed-time-suggests-reload', args: none });
      }
      if (c.logrotate?.action === 'none' || c.rotationsAllNone)
        out.push({
          code: 'logrotate-not-the-cause',
          args: { detail: c.logrotate?.actionDetail ?? null, origin: c.logrotate?.origin ?? null },
        });
      break;
    }
  }
  return out;
}

/** How far burst i starts from the restart or logrotate run before it. */
function nearestTrigger(i: number, c: EvidenceCtx): Evidence {
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
function testFacts(s: AlignmentStatistics): TestFacts {
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
function generationCountEvidence(idx: number[], c: EvidenceCtx): Evidence | null {
  let checked = 0;
  let older = 0;
  const pairs: [number, number][] = [];
  for (const i of idx) {
    const a = c.attributions[i];
    const ppid = a?.trigger.parentPid ?? null;
    const inForce = a ? generationInForce(a.trigger, c.starts, c.triggers) : null;
    if (inForce === null || ppid === null) continue;
    const gens = c.profiles[i]!.events.filter(
      (e) => e.socketInfo?.parentPid === ppid && e.socketInfo.generation !== null,
    ).map((e) => e.socketInfo!.generation!);
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
function parentStarts(restarts: RestartEvent[], triggers: Trigger[]): Map<number, Instant> {
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
function generationInForce(trigger: Trigger, starts: Map<number, Instant>, triggers: Trigger[]): number | null {
  const ppid = trigger.parentPid;
  if (trigger.source === 'rotation' || ppid === null) return null;
  const st = starts.get(ppid);
  if (st === undefined || Number.isNaN(st)) return null;
  return triggers.filter(
    (t) => t.source !== 'rotation' && t.parentPid === ppid && t.time > st && t.time <= trigger.time,
  ).length;
}

/** Failing pids that do not fail again after their burst: old children that exit once their connections close. */
function pidEvidence(idx: number[], c: EvidenceCtx): Evidence | null {
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
    const pids = new Set(c.profiles[i]!.events.map((e) => e.pid).filter((p): p is number => p !== null));
    for (const pid of pids) {
      failing++;
      if ((lastFail.get(pid) ?? 0) <= b.end + PID_GONE_AFTER_MS) gone++;
      if (a && (firstRelated.get(pid) ?? Infinity) < a.trigger.time) before++;
    }
  }
  if (failing === 0) return null;
  return { code: 'old-children-exit', args: { gone, failing, loggedBefore: before } };
}

function confidenceFor(
  kind: FindingKind,
  idx: number[],
  c: {
    profiles: Profile[];
    attributions: (Attribution | null)[];
    stats: AlignmentStatistics | null;
    parsed: ParsedLogs;
    bursts: Burst[];
    inferredFromRecurrence: number[];
    direct: (DirectRestart | null)[] | null;
  },
): number {
  const ps = idx.map((i) => c.profiles[i]!);
  const total = ps.reduce((s, p) => s + p.n, 0) || 1;
  const share = (f: (p: Profile) => number) => ps.reduce((s, p) => s + f(p), 0) / total;
  switch (kind) {
    case 'rotation-restart':
    case 'rotation-already-off': {
      if (c.inferredFromRecurrence.length > 0 && idx.every((i) => c.inferredFromRecurrence.includes(i))) {
        // A restart before each burst is inferred, not seen: capped.
        return Math.min(0.6, 0.3 + 0.05 * idx.length);
      }
      if (c.direct) {
        const ds = idx.map((i) => c.direct![i]).filter((d): d is DirectRestart => d != null);
        // moderate: the restart is seen and the sockets name it, but no pattern is shown. A
        // logrotate run that reloads Apache around it (state file, dated sibling, or a run that
        // rotates) says what sent the restart; each further burst adds a little.
        const rotationKnown = ds.every(
          (d) =>
            d.trigger.rotation !== null &&
            d.trigger.rotation.action !== 'none' &&
            d.trigger.rotation.likelihood !== 'possible',
        );
        return Math.min(
          DIRECT_MAX_CONFIDENCE,
          DIRECT_BASE_CONFIDENCE + (rotationKnown ? 0.1 : 0) + 0.05 * (ds.length - 1),
        );
      }
      let conf = c.stats ? confidenceFrom(c.stats) : 0.5;
      const corroborated = share((p) => p.enoent) >= 0.5 || generationSteps(idx.map((i) => c.bursts[i]!)).rising;
      if (!corroborated) conf *= 0.85;
      if (idx.every((i) => c.attributions[i]?.trigger.source === 'rotation')) conf *= 0.9;
      // windows from the distro-defaults table are an assumption about the host, not a fact
      if (idx.every((i) => c.attributions[i]?.trigger.rotation?.source === 'default')) conf *= 0.8;
      return Math.min(0.99, conf);
    }
    case 'socket-permission':
      return Math.min(0.99, 0.8 + 0.19 * share((p) => p.eacces));
    case 'backlog-overload':
      return Math.min(0.95, 0.5 + 0.4 * share((p) => p.eagain) + 0.2 * share((p) => p.refused));
    case 'daemon-down': {
      const died = idx.some((i) =>
        related(c.parsed.related, c.bursts[i]!).some(
          (r) => r.kind === 'daemon-died' || r.kind === 'restart-attempts-exhausted',
        ),
      );
      return Math.min(0.95, 0.55 + (died ? 0.25 : 0) + 0.15 * share((p) => p.refused + p.enoent));
    }
    case 'inconclusive':
      return 0.2;
    case 'fix-not-in-effect':
      return 0.5;
  }
}

/**
 * The verdict is the cause of most failed requests (README, "How the verdict is chosen"):
 * findings at or above CONFIDENCE_FLOOR come before those below it, inconclusive last; among
 * them the one that explains the most errors comes first; confidence breaks ties, then the
 * kinds table's rank.
 */
export function byImportance(a: Finding, b: Finding): number {
  const tier = (f: Finding) => (f.kind === 'inconclusive' ? 0 : f.confidence >= CONFIDENCE_FLOOR ? 2 : 1);
  return (
    tier(b) - tier(a) ||
    b.explains.errors - a.explains.errors ||
    b.confidence - a.confidence ||
    FINDING_KINDS[a.kind].rank - FINDING_KINDS[b.kind].rank
  );
}

function adviceContext(
  evs: WsgiConnectError[],
  version: ModWsgiVersion,
  mpm: MpmInfo,
  apache: ApacheConfigFacts | null,
  logrotate: LogrotateSummary | null,
  rec: Recurrence | null,
): AdviceContext {
  return {
    version,
    mpm,
    apache,
    logrotate,
    socketPrefix: evs.find((e) => e.socketInfo)?.socketInfo?.prefix ?? apache?.socketPrefix?.value ?? null,
    groups: [...new Set(evs.map((e) => e.group).filter((g): g is string => g !== null))],
    childUid: evs.find((e) => e.childUid !== null)?.childUid ?? null,
    recurringAt: rec ? formatSecondOfDay(rec.fromSecondOfDay) : null,
  };
}

function missingEvidence(
  input: DiagnoseInput,
  events: WsgiConnectError[],
  span: { start: Instant; end: Instant } | null,
  mpm: MpmInfo,
  version: ModWsgiVersion,
  triggers: Trigger[],
): Missing[] {
  const { parsed, apache, logrotate, rotations } = input;
  const out: Missing[] = [];
  const none = {} as Record<string, never>;
  const siblings = parsed.inputs.some((i) => i.origin === 'rotated-sibling');
  if (!siblings && parsed.inputs.length <= 1) out.push({ code: 'only-one-file', args: none });
  const inferred = triggers.filter((t) => t.source === 'inferred');
  if (!parsed.restarts.some((r) => r.marker === 'graceful' || r.marker === 'restart')) {
    // apache-error-log.md §6: the parent logs the notice before it reopens the logs, i.e. into the file logrotate just renamed
    if (inferred.length > 0)
      out.push({
        code: 'restart-notices-rotated-away',
        args: { inferred: inferred.length, at: inferred[0]!.time, origin: inferred[0]!.origin, siblingsRead: siblings },
      });
    else if (siblings) out.push({ code: 'no-restart-notices-in-siblings', args: { files: parsed.inputs.length } });
    else out.push({ code: 'no-restart-notices', args: none });
  }
  if (rotations.length === 0 && logrotate === null) out.push({ code: 'no-logrotate-config-or-schedule', args: none });
  else if (rotations.length === 0) out.push({ code: 'no-logrotate-schedule', args: none });
  else if (logrotate === null) out.push({ code: 'no-logrotate-stanza', args: none });
  if (apache === null)
    out.push({
      code: 'no-apache-config',
      args: { defaultWindowSeconds: triggers.length ? DEFAULT_IMMEDIATE_WINDOW_SECONDS : null },
    });
  if (mpm.mpm === null) out.push({ code: 'mpm-unknown', args: none });
  if (version.version === null) out.push({ code: 'mod-wsgi-version-unknown', args: { basis: version.basis } });
  if (span && span.end - span.start < 2 * 86_400_000)
    out.push({ code: 'short-log', args: { spanMs: span.end - span.start } });
  if (events.length > 0 && events.every((e) => e.socketInfo === null))
    out.push({ code: 'no-socket-paths', args: none });
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : Math.round(((s[m - 1]! + s[m]!) / 2) * 10) / 10;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
