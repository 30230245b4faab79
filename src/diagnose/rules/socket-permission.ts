// socket-permission: WSGI0117 with EACCES on every request (cli-contract.md, "Finding kinds").
import type { Evidence, Recommendation } from '../../model.js';
import type { AdviceContext } from '../kinds.js';
import type { Profile, RuleContext } from '../context.js';
import type { Rule } from './rule.js';
import { layout } from '../kinds.js';

const none = {} as Record<string, never>;

function permissionAdvice(ctx: AdviceContext): Recommendation {
  // mod_wsgi docs/user-guides/configuration-issues.rst: run/wsgi (relative to ServerRoot) on
  // RHEL, whose default resolved into root-only logs/; /var/run/wsgi elsewhere.
  const rhel = layout(ctx) === 'rhel';
  const prefix = rhel ? 'run/wsgi' : '/var/run/wsgi';
  return {
    code: 'socket-prefix',
    args: { prefix, rhel, childUid: ctx.childUid, socketPrefix: ctx.socketPrefix },
    directive: `WSGISocketPrefix ${prefix}`,
    context: 'server config',
    caveats: [
      { code: 'check-path-traversal', args: none },
      { code: 'selinux-context', args: none },
      { code: 'not-in-tmp', args: none },
    ],
    verify: [{ code: 'verify-permission', args: none }],
  };
}

export const rule: Rule = {
  kind: 'socket-permission',
  rank: 3,
  evidence(idx: number[], c: RuleContext): Evidence[] {
    const ps = idx.map((i) => c.profiles[i]!);
    const total = ps.reduce((s, p) => s + p.n, 0);
    const sum = (f: (p: Profile) => number) => ps.reduce((s, p) => s + f(p), 0);
    const out: Evidence[] = [];
    const sockets = [
      ...new Set(
        ps.flatMap((p) =>
          p.events
            .distinctShapes()
            .map((s) => s.socket)
            .filter((s): s is string => s !== null),
        ),
      ),
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
    return out;
  },
  confidence(idx: number[], c: RuleContext): number {
    const ps = idx.map((i) => c.profiles[i]!);
    const total = ps.reduce((s, p) => s + p.n, 0) || 1;
    const share = (f: (p: Profile) => number) => ps.reduce((s, p) => s + f(p), 0) / total;
    return Math.min(0.99, 0.8 + 0.19 * share((p) => p.eacces));
  },
  advice: permissionAdvice,
};
