// daemon-down: errors for long stretches with no recovery, or a daemon that died.
import type { Evidence, Recommendation } from '../../model.js';
import type { AdviceContext } from '../kinds.js';
import type { Profile, RuleContext } from '../context.js';
import type { Rule } from './rule.js';
import { related } from '../context.js';

const none = {} as Record<string, never>;

function daemonDownAdvice(ctx: AdviceContext): Recommendation {
  return {
    code: 'log-level-daemon-down',
    args: none,
    directive: 'LogLevel warn wsgi:info',
    context: 'server config',
    caveats: [
      { code: 'check-daemons-running', args: { groups: ctx.groups, socketPrefix: ctx.socketPrefix } },
      { code: 'look-for-crash-loop', args: none },
      { code: 'leftover-socket', args: none },
    ],
    verify: [{ code: 'verify-daemon-up', args: none }],
  };
}

export const rule: Rule = {
  kind: 'daemon-down',
  rank: 4,
  evidence(idx: number[], c: RuleContext): Evidence[] {
    const ps = idx.map((i) => c.profiles[i]!);
    const total = ps.reduce((s, p) => s + p.n, 0);
    const sum = (f: (p: Profile) => number) => ps.reduce((s, p) => s + f(p), 0);
    const out: Evidence[] = [];
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
    return out;
  },
  confidence(idx: number[], c: RuleContext): number {
    const ps = idx.map((i) => c.profiles[i]!);
    const total = ps.reduce((s, p) => s + p.n, 0) || 1;
    const share = (f: (p: Profile) => number) => ps.reduce((s, p) => s + f(p), 0) / total;
    const died = idx.some((i) =>
      related(c.parsed.related, c.bursts[i]!).some(
        (r) => r.kind === 'daemon-died' || r.kind === 'restart-attempts-exhausted',
      ),
    );
    return Math.min(0.95, 0.55 + (died ? 0.25 : 0) + 0.15 * share((p) => p.refused + p.enoent));
  },
  advice: daemonDownAdvice,
};
