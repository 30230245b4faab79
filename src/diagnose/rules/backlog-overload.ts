// backlog-overload: WSGI0116 with EAGAIN/ECONNREFUSED under load, not tied to restarts.
import type { Evidence, Recommendation } from '../../model.js';
import type { AdviceContext } from '../kinds.js';
import type { Profile, RuleContext } from '../context.js';
import type { Rule } from './rule.js';
import type { WsgiDaemonDecl } from '../../model.js';

const none = {} as Record<string, never>;

function daemonOptionsLine(d: WsgiDaemonDecl | undefined, group: string): string {
  const opts: Record<string, string> = { ...(d?.options ?? {}) };
  const processes = Number(opts['processes'] ?? '1');
  const threads = Number(opts['threads'] ?? '15');
  opts['processes'] = String(Math.max(2, Number.isFinite(processes) ? processes * 2 : 2));
  opts['threads'] = String(Number.isFinite(threads) ? threads : 15);
  opts['listen-backlog'] = String(Math.max(500, Number(opts['listen-backlog'] ?? '100') * 2 || 500));
  opts['queue-timeout'] = opts['queue-timeout'] ?? '45';
  return `WSGIDaemonProcess ${d?.name ?? group} ${Object.entries(opts)
    .map(([k, v]) => (v === '' ? k : `${k}=${v}`))
    .join(' ')}`;
}

function backlogAdvice(ctx: AdviceContext): Recommendation {
  const group = ctx.groups[0] ?? '<group>';
  const decl = ctx.apache?.daemons.find((d) => d.name === group);
  return {
    code: 'daemon-capacity',
    args: { daemonLine: daemonOptionsLine(decl, group), origin: decl?.origin ?? null },
    directive: 'WSGIDaemonProcess listen-backlog= processes= threads= queue-timeout=',
    // where the group is declared: its file:line, or (unknown) the place it may be
    context: decl ? decl.origin : 'server config or <VirtualHost>',
    caveats: [
      { code: 'memory-per-process', args: none },
      { code: 'find-slow-requests', args: none },
      { code: 'somaxconn-cap', args: none },
    ],
    verify: [{ code: 'verify-backlog', args: none }],
  };
}

export const rule: Rule = {
  kind: 'backlog-overload',
  rank: 5,
  evidence(idx: number[], c: RuleContext): Evidence[] {
    const ps = idx.map((i) => c.profiles[i]!);
    const total = ps.reduce((s, p) => s + p.n, 0);
    const sum = (f: (p: Profile) => number) => ps.reduce((s, p) => s + f(p), 0);
    const out: Evidence[] = [];
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
    return out;
  },
  confidence(idx: number[], c: RuleContext): number {
    const ps = idx.map((i) => c.profiles[i]!);
    const total = ps.reduce((s, p) => s + p.n, 0) || 1;
    const share = (f: (p: Profile) => number) => ps.reduce((s, p) => s + f(p), 0) / total;
    return Math.min(0.95, 0.5 + 0.4 * share((p) => p.eagain) + 0.2 * share((p) => p.refused));
  },
  advice: backlogAdvice,
};
