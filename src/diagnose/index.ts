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
  findRecurrence,
  timedInOrder,
  type AlignmentStatistics,
  type Attribution,
  type FailureWindow,
  type Trigger,
} from '../correlate/index.js';
import type {
  ApacheConfigFacts,
  Burst,
  ChangePoint,
  Finding,
  FindingKind,
  HostSummary,
  Instant,
  LogrotateSummary,
  ParsedLogs,
  Recurrence,
  RelatedEvent,
  RotationWindow,
  UnreadableFacts,
  UnreadableReason,
  UntimedEvent,
  Verdict,
} from '../model.js';
import type { ConnectErrors } from '../events.js';
import { formatLocal, formatSecondOfDay } from '../time/index.js';
import type { Caveat, Evidence, LoggedLine, Missing } from '../facts.js';
import type { AdviceContext } from './kinds.js';
import {
  DIRECT_BASE_CONFIDENCE,
  generationInForce,
  generationSteps,
  parentStarts,
  pidsOf,
  PID_GONE_AFTER_MS,
  related,
  testFacts,
  type DirectRestart,
  type Profile,
  type RuleContext,
} from './context.js';
import { RULE_BY_KIND, RULES } from './rules/index.js';
import { configAsksOff } from './rules/fix-not-in-effect.js';
import { changePoint, socketRotationChanges, type SocketChange } from './changes.js';
import { detectMpm, modWsgiVersion, type ModWsgiVersion, type MpmInfo } from './version.js';

export { type AdviceContext } from './kinds.js';
export { RULES, RULE_BY_KIND, type Rule } from './rules/index.js';
export { DIRECT_BASE_CONFIDENCE, DIRECT_MAX_CONFIDENCE } from './context.js';
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

/** Alignment with restarts counts as shown at or below this p-value (strict: a false rotation verdict sends the operator to the wrong fix). */
export const SIGNIFICANCE = 0.01;
/** ...and at or below this one when the socket names corroborate it (ENOENT, rising generations). */
export const SIGNIFICANCE_CORROBORATED = 0.05;
/** "High" confidence starts here (README); a finding resting on one aligned burst stays below it. */
export const HIGH_CONFIDENCE = 0.8;
export const SINGLE_OCCURRENCE_MAX_CONFIDENCE = 0.7;
/** Below this a finding is never primary while another one reaches it. */
export const CONFIDENCE_FLOOR = 0.5;
/** A burst this long with no quiet gap is "no recovery" (daemon-down), unless it is EAGAIN overload. */
export const DAEMON_DOWN_MIN_SECONDS = 600;

const SYSLOG_ENVELOPES = new Set<string>(['syslog-rfc3164', 'syslog-rfc5424', 'journal-json', 'journal-short']);
const ENOENT = 2;
const EAGAIN = 11;
const EACCES = 13;
const ECONNREFUSED = 111;

export interface Diagnosis {
  bursts: Burst[];
  findings: Finding[];
  verdict: Verdict;
  missingEvidence: Missing[];
  statistics: AlignmentStatistics | null;
  recurrence: Recurrence | null;
  /** file:line of each "configured" line taken as a restart whose notice is not in the files read */
  inferredRestarts: string[];
  /** one per host the events name ("" when unnamed), each with its own verdict */
  hosts: HostSummary[];
  /** bursts[i]'s host ("" when unnamed) */
  burstHosts: string[];
  /** change points over the window (socket rotation switched), for the report's changes[] */
  changes: ChangePoint[];
}

/** Confidence of a finding that rests on lines without a time only (below CONFIDENCE_FLOOR). */
export const UNTIMED_CONFIDENCE = 0.45;
/** Examples of unreadable lines carried in a fact. */
const UNREADABLE_EXAMPLES = 3;

const hostKey = (h: string | null | undefined): string => h ?? '';

/**
 * With more than one host in the events, each host is diagnosed on its own: its events, restart
 * markers, related lines and untimed lines only, so a burst never spans hosts and no error is
 * attributed to another host's restart (issue 13). The rotation schedule is the same for all.
 * The overall verdict is the finding that explains most errors over all hosts.
 */
export function diagnose(input: DiagnoseInput): Diagnosis {
  const { parsed } = input;
  const keys = [...new Set(parsed.events.distinctShapes().map((s) => hostKey(s.host)))].sort();
  let dx: Diagnosis;
  if (keys.length <= 1) {
    const one = diagnoseOne(input);
    const host = keys[0] ?? '';
    dx = {
      ...one,
      hosts: [{ host, events: parsed.events.length, verdict: one.verdict }],
      burstHosts: one.bursts.map(() => host),
    };
  } else {
    const per = keys.map((host) => {
      const mine = <T extends { host?: string | null }>(xs: T[]): T[] => xs.filter((x) => hostKey(x.host) === host);
      const sub: ParsedLogs = {
        ...parsed,
        events: parsed.events.keep((i) => hostKey(parsed.events.host(i)) === host),
        related: mine(parsed.related),
        restarts: mine(parsed.restarts),
        banners: mine(parsed.banners),
        untimed: mine(parsed.untimed),
      };
      return { host, events: sub.events.length, d: diagnoseOne({ ...input, parsed: sub }) };
    });
    // bursts in time order over all hosts; findings re-indexed into that order
    const all = per.flatMap((p, h) => p.d.bursts.map((b, i) => ({ b, h, i })));
    all.sort((x, y) => x.b.start - y.b.start || x.h - y.h);
    const index = new Map(all.map((x, j) => [`${x.h}:${x.i}`, j]));
    const findings: Finding[] = per.flatMap((p, h) =>
      p.d.findings.map((f) => ({
        ...f,
        role: 'secondary' as const,
        host: p.host,
        bursts: f.bursts.map((i) => index.get(`${h}:${i}`)!).sort((a, b) => a - b),
        evidence: [
          { code: 'host-diagnosed-alone' as const, args: { host: p.host, hosts: keys.length, events: p.events } },
          ...f.evidence,
        ],
      })),
    );
    findings.sort(byImportance);
    if (findings[0]) findings[0].role = 'primary';
    const lead = per.find((p) => p.host === findings[0]?.host) ?? per[0]!;
    const seen = new Set<string>();
    const missing: Missing[] = [];
    for (const p of per)
      for (const m of p.d.missingEvidence) {
        const k = `${m.code}|${JSON.stringify(m.args)}`;
        if (seen.has(k)) continue;
        seen.add(k);
        missing.push(m);
      }
    dx = {
      bursts: all.map((x) => x.b),
      findings,
      verdict: findings[0]?.kind ?? 'no-errors',
      missingEvidence: missing,
      statistics: lead.d.statistics,
      recurrence: lead.d.recurrence,
      inferredRestarts: per.flatMap((p) => p.d.inferredRestarts),
      hosts: per.map((p) => ({ host: p.host, events: p.events, verdict: p.d.verdict })),
      burstHosts: all.map((x) => per[x.h]!.host),
      changes: per.flatMap((p) => p.d.changes).sort((a, b) => a.time - b.time),
    };
  }
  return neverSilent(dx, parsed, input);
}

/** Signature lines that could not be read, over all inputs (none: null). */
export function unreadableFacts(parsed: ParsedLogs): UnreadableFacts | null {
  const reasons: UnreadableFacts['reasons'] = {};
  let lines = 0;
  const examples: UnreadableFacts['examples'] = [];
  for (const i of parsed.inputs) {
    for (const [r, n] of Object.entries(i.unreadable) as [UnreadableReason, number][]) {
      reasons[r] = (reasons[r] ?? 0) + n;
      lines += n;
    }
    for (const x of i.unreadableExamples)
      if (examples.length < UNREADABLE_EXAMPLES)
        examples.push({ file: i.path, line: x.line, reason: x.reason, text: x.text.slice(0, 120) });
  }
  if (lines === 0) return null;
  return { lines, connect: parsed.untimed.filter((u) => u.kind === 'connect').length, reasons, examples };
}

/**
 * Never a false all-clear (issue 13, point 5): lines that carry a signature but could not be read
 * are named in the missing evidence; when no finding explains anything, they make the verdict
 * inconclusive (exit 1), never no-errors.
 */
function neverSilent(dx: Diagnosis, parsed: ParsedLogs, input: DiagnoseInput): Diagnosis {
  const u = unreadableFacts(parsed);
  if (u === null) return dx;
  const missingEvidence = [...dx.missingEvidence, { code: 'signature-lines-unread' as const, args: u }];
  if (dx.findings.length > 0) return { ...dx, missingEvidence };
  const finding: Finding = {
    kind: 'inconclusive',
    confidence: 0,
    bursts: [],
    explains: { errors: u.connect, bursts: 0 },
    role: 'primary',
    evidence: [{ code: 'unreadable-signature-lines', args: u }],
    recommendation: RULE_BY_KIND.inconclusive.advice(
      untimedAdvice(parsed.untimed, modWsgiVersion(parsed), detectMpm(parsed, input.apache), input),
    ),
  };
  return {
    ...dx,
    findings: [finding],
    verdict: 'inconclusive',
    missingEvidence,
    hosts: dx.hosts.map((h) => ({ ...h, verdict: h.events === 0 ? 'inconclusive' : h.verdict })),
  };
}

function untimedAdvice(
  untimed: UntimedEvent[],
  version: ModWsgiVersion,
  mpm: MpmInfo,
  input: Pick<DiagnoseInput, 'apache' | 'logrotate'>,
): AdviceContext {
  const base = adviceContext([], version, mpm, input.apache, input.logrotate, null);
  return {
    ...base,
    socketPrefix: base.socketPrefix ?? untimed.find((x) => x.socketInfo)?.socketInfo?.prefix ?? null,
    groups: [...new Set(untimed.map((x) => x.group).filter((g): g is string => g !== null))],
  };
}

/**
 * Lines without a time still tell their errno and socket (issue 13, point 5): EACCES names the
 * permission problem (at lower confidence, as one-off lines cannot be told from a pattern), ENOENT
 * on rotating sockets is consistent with restarts but cannot be tested against them.
 */
function useUntimed(findings: Finding[], untimed: UntimedEvent[], ctx: AdviceContext): void {
  const connect = untimed.filter((x) => x.kind === 'connect');
  if (connect.length === 0) return;
  const eacces = connect.filter((x) => x.errno === EACCES);
  if (eacces.length > 0 && eacces.length * 2 >= connect.length) {
    const ev: Evidence = {
      code: 'untimed-permission-denied',
      args: { lines: eacces.length, of: connect.length, socket: eacces.find((x) => x.socket)?.socket ?? null },
    };
    const f = findings.find((x) => x.kind === 'socket-permission');
    if (f) f.evidence.push(ev);
    else
      findings.push({
        kind: 'socket-permission',
        confidence: UNTIMED_CONFIDENCE,
        bursts: [],
        explains: { errors: eacces.length, bursts: 0 },
        role: 'secondary',
        evidence: [ev],
        recommendation: RULE_BY_KIND['socket-permission'].advice(ctx),
      });
  }
  const enoent = connect.filter((x) => x.errno === ENOENT && x.socketInfo?.rotation === 'on');
  if (enoent.length > 0) {
    const ev: Evidence = {
      code: 'untimed-rotating-enoent',
      args: {
        lines: enoent.length,
        of: connect.length,
        generations: [
          ...new Set(enoent.flatMap((x) => (x.socketInfo?.generation != null ? [x.socketInfo.generation] : []))),
        ].sort((a, b) => a - b),
      },
    };
    const f = findings.find((x) => x.kind === 'rotation-restart') ?? findings.find((x) => x.kind === 'inconclusive');
    if (f) f.evidence.push(ev);
    else
      findings.push({
        kind: 'inconclusive',
        confidence: 0,
        bursts: [],
        explains: { errors: enoent.length, bursts: 0 },
        role: 'secondary',
        evidence: [ev],
        recommendation: RULE_BY_KIND.inconclusive.advice(ctx),
      });
  }
}

function diagnoseOne(input: DiagnoseInput): Omit<Diagnosis, 'hosts' | 'burstHosts'> {
  const { parsed, apache, logrotate, zone } = input;
  const events = timedInOrder(parsed.events);
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
    // EAGAIN: a listener whose queue is full; a restart's missing socket gives ENOENT/ECONNREFUSED
    // (so a burst of overload next to a rotation window stays overload)
    else if (p.eagain * 2 > p.n) add('backlog-overload', i);
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

  // Fix verification (issue 15): the socket names and origin checks say whether Off is in force.
  const changes = socketRotationChanges({ events, related: parsed.related, triggers, bursts, attributions, span });
  const lastChange = changes[changes.length - 1] ?? null;
  const offSince: SocketChange | null = lastChange?.kind === 'socket-rotation-off' ? lastChange : null;
  const burstAt = (i: number): Instant => attributions[i]?.trigger.time ?? bursts[i]!.start;
  // Configured Off, yet rotating sockets fail with no later switch to stable names: not in force.
  if (configAsksOff({ apache }) && groupsOf.has('rotation-restart')) {
    const rr = groupsOf.get('rotation-restart')!;
    const notInForce = offSince ? rr.filter((i) => burstAt(i) > offSince.time) : rr;
    if (notInForce.length > 0) {
      const rest = rr.filter((i) => !notInForce.includes(i));
      if (rest.length > 0) groupsOf.set('rotation-restart', rest);
      else groupsOf.delete('rotation-restart');
      for (const i of notInForce) add('fix-not-in-effect', i);
    }
  }
  const offEvidence: Evidence | null = offSince
    ? {
        code: 'off-in-effect-since',
        args: {
          at: offSince.time,
          origin: offSince.origin,
          via: offSince.signal.via,
          signal: { at: offSince.signal.time, origin: offSince.signal.origin },
          firstUSocket: offSince.firstUSocket
            ? { at: offSince.firstUSocket.time, origin: offSince.firstUSocket.origin, uid: offSince.firstUSocket.uid }
            : null,
          before: offSince.before,
          after: offSince.after,
          switchBursts: offSince.switchBursts,
        },
      }
    : null;
  /** findings whose bursts all came before Off took effect: history, never the verdict while another finding stands */
  const resolved = new Set<Finding>();

  const ctxBase = (idx: number[]): AdviceContext =>
    adviceContext(
      idx.map((i) => profiles[i]!.events),
      version,
      mpm,
      apache,
      logrotate,
      recurrence,
    );
  const findings: Finding[] = [];
  // each registered rule, in the registry's order, over the bursts classified as its kind
  for (const rule of RULES) {
    const kind = rule.kind;
    const idx = groupsOf.get(kind) ?? [];
    if (idx.length === 0) continue;
    const byDirect = !significant && idx.some((i) => direct[i]);
    const ctx: RuleContext = {
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
    };
    const evidence = rule.evidence(idx, ctx);
    let confidence = rule.confidence(idx, ctx);
    if (kind === 'rotation-already-off' && originCheck) {
      evidence.push(...originCheck.evidence);
      confidence = Math.max(confidence, originCheck.confidence);
    }
    let recommendation = rule.advice(ctxBase(idx));
    if (offSince && offEvidence) {
      if (kind === 'rotation-restart' && idx.every((i) => burstAt(i) <= offSince.time)) {
        // never recommend Off when the logs show it is in force
        evidence.push({
          code: 'bursts-before-fix',
          args: {
            bursts: idx.length,
            errors: idx.reduce((s, i) => s + profiles[i]!.n, 0),
            at: offSince.time,
            origin: offSince.origin,
          },
        });
        recommendation = null;
        // the config's Off is in force now: the "not in effect" line described the time before it
        const stale = evidence.findIndex((e) => e.code === 'rotation-off-not-in-effect');
        if (stale >= 0) evidence.splice(stale, 1);
      } else if (kind === 'rotation-already-off') evidence.unshift(offEvidence);
    }
    // the honest limit of a verdict that rests on one or a few occurrences, next to the version line
    if (byDirect && recommendation && span) recommendation.caveats.splice(1, 0, fewOccurrencesCaveat(idx.length, span));
    // One aligned burst cannot show that the errors follow every rotation: below high confidence.
    if ((kind === 'rotation-restart' || kind === 'rotation-already-off') && idx.length === 1)
      confidence = Math.min(confidence, SINGLE_OCCURRENCE_MAX_CONFIDENCE);
    const finding: Finding = {
      kind,
      confidence: round2(confidence),
      bursts: idx,
      explains: { errors: idx.reduce((s, i) => s + profiles[i]!.n, 0), bursts: idx.length },
      role: 'secondary',
      evidence,
      recommendation,
    };
    if (kind === 'rotation-restart' && recommendation === null && offSince) resolved.add(finding);
    findings.push(finding);
  }
  if (originCheck && !groupsOf.has('rotation-already-off')) {
    findings.push({
      kind: 'rotation-already-off',
      confidence: round2(originCheck.confidence),
      bursts: [],
      explains: { errors: 0, bursts: 0 },
      role: 'secondary',
      evidence: offEvidence ? [offEvidence, ...originCheck.evidence] : originCheck.evidence,
      recommendation: RULE_BY_KIND['rotation-already-off'].advice(
        adviceContext([], version, mpm, apache, logrotate, recurrence),
      ),
    });
  }
  useUntimed(findings, parsed.untimed, untimedAdvice(parsed.untimed, version, mpm, input));
  findings.sort(byImportance);
  // a finding the change point resolved goes after the ones still standing (stable sort)
  if (findings.some((f) => !resolved.has(f) && f.kind !== 'inconclusive'))
    findings.sort((a, b) => Number(resolved.has(a)) - Number(resolved.has(b)));
  // with nothing else standing, the resolved finding carries the change point itself
  else if (offEvidence) for (const f of resolved) f.evidence.unshift(offEvidence);
  if (findings[0]) findings[0].role = 'primary';

  return {
    bursts,
    findings,
    verdict: findings[0]?.kind ?? 'no-errors',
    missingEvidence:
      events.length > 0 || findings.length > 0
        ? missingEvidence(input, events, span, mpm, version, triggers, inferredFromRecurrence.length > 0)
        : [],
    statistics: stats,
    recurrence,
    changes: changes.map(changePoint),
    inferredRestarts: [
      ...new Set(attributions.flatMap((a) => (a && a.trigger.source === 'inferred' ? [a.trigger.origin] : []))),
    ],
  };
}

// ---------------------------------------------------------------------------

function profilesOf(bursts: Burst[], sorted: ConnectErrors): Profile[] {
  return bursts.map((b) => {
    const from = sorted.lowerBound(b.start);
    let to = from;
    while (to < sorted.length && sorted.time(to) <= b.end) to++;
    const evs = sorted.slice(from, to);
    const p: Profile = {
      events: evs,
      n: evs.length,
      enoent: 0,
      eacces: 0,
      eagain: 0,
      refused: 0,
      rotOn: 0,
      rotOff: 0,
      durationS: (b.end - b.start) / 1000,
    };
    for (let i = 0; i < evs.length; i++) {
      const s = evs.shape(i);
      if (s.errno === ENOENT) p.enoent++;
      else if (s.errno === EACCES) p.eacces++;
      else if (s.errno === EAGAIN) p.eagain++;
      else if (s.errno === ECONNREFUSED) p.refused++;
      if (s.socketInfo === null || s.socketInfo.rotation === 'on') p.rotOn++;
      else p.rotOff++;
    }
    return p;
  });
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

function spanOf(parsed: ParsedLogs, events: ConnectErrors): { start: Instant; end: Instant } | null {
  const first = events.length > 0 ? events.time(0) : null;
  const last = events.length > 0 ? events.time(events.length - 1) : null;
  const s = parsed.window.start ?? first;
  const e = parsed.window.end ?? last;
  if (s === null || e === null) return null;
  return { start: Math.min(s, first ?? s), end: Math.max(e, last ?? e) };
}

function inBand(t: Instant, r: Recurrence, zone: string): boolean {
  const [h, m, s] = formatLocal(t, zone, 'H:m:s').split(':').map(Number) as [number, number, number];
  const sod = h * 3600 + m * 60 + s;
  if (r.fromSecondOfDay <= r.toSecondOfDay) return sod >= r.fromSecondOfDay && sod <= r.toSecondOfDay;
  return sod >= r.fromSecondOfDay || sod <= r.toSecondOfDay;
}

/** Last failure per Apache child pid, over all bursts. */
function lastFailures(profiles: Profile[]): Map<number, Instant> {
  const lastFail = new Map<number, Instant>();
  for (const { events: evs } of profiles)
    for (let i = 0; i < evs.length; i++) {
      const pid = evs.pid(i);
      if (pid !== null && evs.time(i) > (lastFail.get(pid) ?? -Infinity)) lastFail.set(pid, evs.time(i));
    }
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
  // over the distinct sockets (in the order they first fail): the checks below are all, any, or the first
  const socks = p.events
    .distinctShapes()
    .map((s) => s.socketInfo)
    .filter((x): x is NonNullable<typeof x> => x !== null);
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
  const pids = pidsOf(p.events);
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
        asLogged: asLogged(origin.filter((r) => aligned.some((c) => r.time >= c.start && r.time <= c.end))),
      },
    },
  ];
  if (pairedTruncated > 0)
    evidence.push({
      code: 'origin-check-truncated',
      args: {
        truncated: pairedTruncated,
        asLogged: asLogged(
          truncated.filter((t) => aligned.some((c) => t.time >= c.start - 5_000 && t.time <= c.end + 5_000)),
        ),
      },
    });
  // With timing undecidable (a log of minutes), the pair right after a restart is itself the
  // signature: moderate, as for connect errors that show their restart directly.
  const conf = stats && !undecided ? confidenceFrom(stats) : DIRECT_BASE_CONFIDENCE;
  return { evidence, confidence: pairedTruncated > 0 ? conf : conf * 0.9 };
}

/**
 * Quote what the log says (issue 13, point 6): the related lines as written, per code, wording
 * and daemon group, so a 6.x log is quoted as WSGI0034/WSGI0146 rather than in 4.x words. The
 * "[script …]" prefix and the code are cut from the text (the code is kept apart).
 */
export function asLogged(rel: RelatedEvent[]): LoggedLine[] {
  const by = new Map<string, LoggedLine>();
  for (const r of rel) {
    const text = r.message
      .replace(/^\[script [^\]]*\]\s*/, '')
      .replace(/^WSGI\d{4}:\s*/, '')
      .replace(/^mod_wsgi \(pid=\d+[^)]*\):\s*/, '')
      .slice(0, 160);
    const k = `${r.code ?? ''}|${text}|${r.group ?? ''}`;
    const x = by.get(k);
    if (x) x.count++;
    else by.set(k, { code: r.code, text, group: r.group, count: 1 });
  }
  return [...by.values()].sort((a, b) => b.count - a.count);
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
    RULE_BY_KIND[a.kind].rank - RULE_BY_KIND[b.kind].rank
  );
}

function adviceContext(
  lists: ConnectErrors[],
  version: ModWsgiVersion,
  mpm: MpmInfo,
  apache: ApacheConfigFacts | null,
  logrotate: LogrotateSummary | null,
  rec: Recurrence | null,
): AdviceContext {
  const shapes = lists.flatMap((l) => l.distinctShapes());
  return {
    version,
    mpm,
    apache,
    logrotate,
    socketPrefix: shapes.find((s) => s.socketInfo)?.socketInfo?.prefix ?? apache?.socketPrefix?.value ?? null,
    groups: [...new Set(shapes.map((s) => s.group).filter((g): g is string => g !== null))],
    childUid: shapes.find((s) => s.childUid !== null)?.childUid ?? null,
    recurringAt: rec ? formatSecondOfDay(rec.fromSecondOfDay) : null,
  };
}

function missingEvidence(
  input: DiagnoseInput,
  events: ConnectErrors,
  span: { start: Instant; end: Instant } | null,
  mpm: MpmInfo,
  version: ModWsgiVersion,
  triggers: Trigger[],
  byGenerations: boolean,
): Missing[] {
  const { parsed, apache, logrotate, rotations } = input;
  const shapes = events.distinctShapes();
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
    else if (events.length > 0 && shapes.every((s) => SYSLOG_ENVELOPES.has(s.envelope)))
      // under ErrorLog syslog Apache writes no restart notices (reproduction: fixtures/real/syslog-two-hosts)
      out.push({
        code: 'restart-notices-not-in-syslog',
        args: {
          envelopes: [...new Set(shapes.map((s) => s.envelope))].sort(),
          basis: triggers.some((t) => t.source === 'rotation') ? 'schedule' : byGenerations ? 'generations' : 'none',
        },
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
  if (events.length > 0 && shapes.every((s) => s.socketInfo === null))
    out.push({ code: 'no-socket-paths', args: none });
  return out;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
