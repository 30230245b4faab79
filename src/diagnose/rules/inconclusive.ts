// inconclusive: errors without a pattern strong enough to name a cause; says what to collect next.
import type { Evidence, Recommendation } from '../../model.js';
import type { AdviceContext } from '../kinds.js';
import type { RuleContext } from '../context.js';
import type { Rule } from './rule.js';
import { nearestTrigger, testFacts } from '../context.js';
import type { Caveat } from '../../model.js';

/** inconclusive: what to collect next (contract table), led by the mod_wsgi maintainer's LogLevel advice; only what is still missing. */
const none = {} as Record<string, never>;

function collectNextAdvice(ctx: AdviceContext): Recommendation {
  const caveats: Caveat[] = [{ code: 'collect-main-log', args: none }];
  if (ctx.logrotate === null) caveats.push({ code: 'collect-logrotate', args: none });
  if (ctx.apache === null) caveats.push({ code: 'collect-apache-config', args: { groups: ctx.groups } });
  caveats.push({ code: 'note-503-times', args: none });
  return {
    code: 'log-level-collect',
    args: none,
    directive: 'LogLevel warn wsgi:info',
    context: 'server config',
    caveats,
    verify: [{ code: 'verify-rerun-with-more', args: none }],
  };
}

export const rule: Rule = {
  kind: 'inconclusive',
  rank: 6,
  evidence(idx: number[], c: RuleContext): Evidence[] {
    const ps = idx.map((i) => c.profiles[i]!);
    const total = ps.reduce((s, p) => s + p.n, 0);
    const out: Evidence[] = [];
    const errnos = [
      ...new Set(
        ps.flatMap((p) =>
          p.events.distinctShapes().map((s) => s.errnoText ?? (s.errno !== null ? String(s.errno) : 'no errno')),
        ),
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
    return out;
  },
  confidence: () => 0.2,
  advice: collectNextAdvice,
};
