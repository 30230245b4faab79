// fix-not-in-effect: WSGISocketRotation Off is configured but not in force (cli-contract.md,
// "Finding kinds"): the failing sockets still rotate. The reasons it can show: the directive
// inside <VirtualHost> (mod_wsgi checks GLOBAL_ONLY, httpd refuses the whole configuration with
// AH00526 and a reload keeps the old one), a reload that failed (seen as a rotated log Apache kept
// writing to while the new one stayed empty), or mod_wsgi older than 4.6.0.
import type { Caveat, Evidence, InputSummary, Recommendation } from '../../model.js';
import { layout, verifyRotationOff, versionCaveat, type AdviceContext } from '../kinds.js';
import type { RuleContext } from '../context.js';
import { restartConfidence, restartEvidence } from './restart-aligned.js';
import type { Rule } from './rule.js';

const DAY_MS = 86_400_000;
/** a daily-rotated file holding this long a stretch was not rotated away from the writer */
const KEPT_OPEN_MIN_MS = 1.5 * DAY_MS;

/** WSGISocketRotation placed inside a section: the apacheconf reader's problem line, parsed back. */
export function offInsideSection(
  problems: readonly string[],
): { origin: string; section: string; opened: string | null } | null {
  for (const p of problems) {
    const m = /^(.+?): WSGISocketRotation\b.*cannot occur within <(\w+)> section(?: \(opened at ([^)]+)\))?/i.exec(p);
    if (m) return { origin: m[1]!, section: m[2]!, opened: m[3] ?? null };
  }
  return null;
}

/** Does the configuration ask for Off (in force or not)? */
export function configAsksOff(c: Pick<RuleContext, 'apache'>): boolean {
  return c.apache?.socketRotation?.value === 'off' || offInsideSection(c.apache?.problems ?? []) !== null;
}

/**
 * A rotated sibling (<log>.1) written to for days while the current file stayed empty: logrotate
 * renamed the file, the reload failed, and Apache kept writing through its old descriptor.
 */
export function rotatedLogKeptOpen(inputs: readonly InputSummary[]): Evidence | null {
  for (const cur of inputs) {
    if (cur.first !== null) continue;
    const sib = inputs.find((i) => i.path === `${cur.path}.1` && i.first !== null && i.last !== null);
    if (!sib || sib.last! - sib.first! < KEPT_OPEN_MIN_MS) continue;
    return {
      code: 'rotated-log-kept-open',
      args: {
        file: sib.path,
        from: sib.first!,
        to: sib.last!,
        days: Math.round(((sib.last! - sib.first!) / DAY_MS) * 10) / 10,
        current: cur.path,
        currentLines: cur.lines,
      },
    };
  }
  return null;
}

function evidence(idx: number[], c: RuleContext): Evidence[] {
  const out = restartEvidence('rotation-restart', idx, c);
  const reasons: Evidence[] = [];
  const inside = offInsideSection(c.apache?.problems ?? []);
  if (inside) reasons.push({ code: 'off-inside-virtualhost', args: inside });
  const kept = rotatedLogKeptOpen(c.parsed.inputs);
  if (kept) reasons.push(kept);
  if (c.version.supportsSocketRotation === false)
    reasons.push({ code: 'mod-wsgi-too-old-for-off', args: { version: c.version.version, basis: c.version.basis } });
  // the reasons first: they are what this finding adds to the rotation evidence
  return [...reasons, ...out.filter((e) => e.code !== 'config-problem' || !inside)];
}

function advice(ctx: AdviceContext): Recommendation {
  const inside = offInsideSection(ctx.apache?.problems ?? []);
  const reason = ctx.version.supportsSocketRotation === false ? 'upgrade' : inside ? 'virtualhost' : 'not-in-force';
  const mpm = ctx.mpm.mpm;
  const caveats: Caveat[] = [versionCaveat(ctx.version)];
  if (mpm === 'prefork' || mpm === 'worker')
    caveats.push({ code: 'prefork-off-origin-check', args: { mpm, basis: ctx.mpm.basis } });
  else if (mpm === 'event') caveats.push({ code: 'event-off', args: { basis: ctx.mpm.basis } });
  else caveats.push({ code: 'mpm-unknown-off', args: {} as Record<string, never> });
  return {
    code: 'put-off-in-force',
    args: {
      reason,
      origin: inside?.origin ?? ctx.apache?.socketRotation?.origin ?? null,
      version: ctx.version.version,
      layout: layout(ctx),
    },
    directive: 'WSGISocketRotation Off',
    context: 'server config',
    caveats,
    verify: [verifyRotationOff(ctx)],
  };
}

export const rule: Rule = {
  kind: 'fix-not-in-effect',
  rank: 1,
  evidence,
  confidence: restartConfidence,
  advice,
};
