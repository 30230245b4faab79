// What the two restart-aligned kinds share (rotation-restart, rotation-already-off): the
// evidence that the bursts follow Apache restarts, and how sure that is.
import type { Evidence } from '../../model.js';
import type { Attribution } from '../../correlate/index.js';
import { confidenceFrom } from '../../correlate/index.js';
import {
  DIRECT_BASE_CONFIDENCE,
  DIRECT_MAX_CONFIDENCE,
  generationCountEvidence,
  generationSteps,
  median,
  pidEvidence,
  testFacts,
  type DirectRestart,
  type Profile,
  type RuleContext,
} from '../context.js';

export function restartEvidence(
  kind: 'rotation-restart' | 'rotation-already-off',
  idx: number[],
  c: RuleContext,
): Evidence[] {
  const ps = idx.map((i) => c.profiles[i]!);
  const total = ps.reduce((s, p) => s + p.n, 0);
  const sum = (f: (p: Profile) => number) => ps.reduce((s, p) => s + f(p), 0);
  const out: Evidence[] = [];
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
  if (kind === 'rotation-restart' && steps.rising && steps.gens.length >= 2 && c.inferredFromRecurrence.length === 0)
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
  return out;
}

export function restartConfidence(idx: number[], c: RuleContext): number {
  const ps = idx.map((i) => c.profiles[i]!);
  const total = ps.reduce((s, p) => s + p.n, 0) || 1;
  const share = (f: (p: Profile) => number) => ps.reduce((s, p) => s + f(p), 0) / total;
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
    return Math.min(DIRECT_MAX_CONFIDENCE, DIRECT_BASE_CONFIDENCE + (rotationKnown ? 0.1 : 0) + 0.05 * (ds.length - 1));
  }
  let conf = c.stats ? confidenceFrom(c.stats) : 0.5;
  const corroborated = share((p) => p.enoent) >= 0.5 || generationSteps(idx.map((i) => c.bursts[i]!)).rising;
  if (!corroborated) conf *= 0.85;
  if (idx.every((i) => c.attributions[i]?.trigger.source === 'rotation')) conf *= 0.9;
  // windows from the distro-defaults table are an assumption about the host, not a fact
  if (idx.every((i) => c.attributions[i]?.trigger.rotation?.source === 'default')) conf *= 0.8;
  return Math.min(0.99, conf);
}
