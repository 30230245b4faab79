// One source of truth for the finding kinds (cli-contract.md, "Finding kinds"): each kind's rank
// among findings of equal weight and the builder of its recommendation, as data (codes and
// values; src/report/words words them). The diagnosis decides *which* findings hold.
import type {
  ApacheConfigFacts,
  Caveat,
  FindingKind,
  Layout,
  LogrotateSummary,
  Recommendation,
  VersionFacts,
  WsgiDaemonDecl,
} from '../model.js';
import type { ModWsgiVersion, MpmInfo } from './version.js';

export interface AdviceContext {
  version: ModWsgiVersion;
  mpm: MpmInfo;
  apache: ApacheConfigFacts | null;
  logrotate: LogrotateSummary | null;
  /** socket prefix seen in the failing paths, e.g. /var/run/apache2/wsgi */
  socketPrefix: string | null;
  /** daemon groups named in the failing events */
  groups: string[];
  /** uid of the Apache children, from "as user with uid=N" */
  childUid: number | null;
  /** local time of day the bursts recur at, e.g. "06:25", when known */
  recurringAt: string | null;
}

export interface KindSpec {
  /** lower ranks first among findings that explain as many errors with the same confidence */
  rank: number;
  advice: (ctx: AdviceContext) => Recommendation | null;
}

export const FINDING_KINDS: Record<FindingKind, KindSpec> = {
  'rotation-restart': { rank: 0, advice: rotationRestartAdvice },
  'fix-not-in-effect': { rank: 1, advice: () => null },
  'rotation-already-off': { rank: 2, advice: alreadyOffAdvice },
  'socket-permission': { rank: 3, advice: permissionAdvice },
  'daemon-down': { rank: 4, advice: daemonDownAdvice },
  'backlog-overload': { rank: 5, advice: backlogAdvice },
  inconclusive: { rank: 6, advice: collectNextAdvice },
};

/** Debian/Ubuntu vs RHEL/Fedora layout, from the config file paths or the socket prefix. */
export function layout(ctx: Pick<AdviceContext, 'apache' | 'socketPrefix'>): Layout {
  const files = ctx.apache?.files ?? [];
  const p = ctx.socketPrefix ?? '';
  // the config files read say it first; the socket prefix only when there is no config
  if (files.some((f) => f.includes('/etc/apache2/'))) return 'debian';
  if (files.some((f) => f.includes('/etc/httpd/'))) return 'rhel';
  if (/^\/(var\/)?run\/apache2\//.test(p)) return 'debian';
  if (/^\/((var\/)?run\/httpd|etc\/httpd)\//.test(p)) return 'rhel';
  return null;
}

export function versionCaveat(v: ModWsgiVersion): Caveat {
  const args: VersionFacts = { version: v.version, basis: v.basis };
  if (v.supportsSocketRotation === false) return { code: 'upgrade-first', args };
  if (v.supportsSocketRotation === true) return { code: 'version-supports-rotation', args };
  return { code: 'version-unknown-check', args };
}

const none = {} as Record<string, never>;

function rotationRestartAdvice(ctx: AdviceContext): Recommendation {
  const mpm = ctx.mpm.mpm;
  const caveats: Caveat[] = [versionCaveat(ctx.version)];
  if (mpm === 'prefork' || mpm === 'worker')
    caveats.push({ code: 'prefork-off-origin-check', args: { mpm, basis: ctx.mpm.basis } });
  else if (mpm === 'event') caveats.push({ code: 'event-off', args: { basis: ctx.mpm.basis } });
  else caveats.push({ code: 'mpm-unknown-off', args: none });
  caveats.push({ code: 'off-trade-off', args: none }, { code: 'off-not-for-other-causes', args: none });
  return {
    code: 'socket-rotation-off',
    args: {
      upgradeFirst: ctx.version.supportsSocketRotation === false,
      version: ctx.version.version,
      layout: layout(ctx),
    },
    directive: 'WSGISocketRotation Off',
    context: 'server config',
    caveats,
    verify: [
      {
        code: 'verify-rotation-off',
        args: {
          socketDir: ctx.socketPrefix ? ctx.socketPrefix.replace(/\/[^/]*$/, '/') : null,
          recurringAt: ctx.recurringAt,
          event: mpm === 'event',
        },
      },
    ],
  };
}

function alreadyOffAdvice(ctx: AdviceContext): Recommendation {
  return {
    code: 'shorten-keepalive',
    args: { mpm: ctx.mpm.mpm, layout: layout(ctx) },
    directive: 'KeepAliveTimeout 2',
    context: 'server config',
    caveats: [
      { code: 'off-already-in-effect', args: none },
      { code: 'complete-cure', args: { mpm: ctx.mpm.mpm, basis: ctx.mpm.basis } },
      { code: 'short-keepalive-cost', args: none },
      { code: 'copytruncate-loses-lines', args: none },
    ],
    verify: [{ code: 'verify-already-off', args: none }],
  };
}

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

/** inconclusive: what to collect next (contract table), led by the mod_wsgi maintainer's LogLevel advice; only what is still missing. */
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
