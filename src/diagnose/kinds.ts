// One source of truth for the finding kinds (cli-contract.md, "Finding kinds"): each kind's title,
// its rank when choosing the verdict, and the builder of its recommendation. The diagnosis core
// decides *which* findings hold; this table says what to do about each.
import type { ApacheConfigFacts, FindingKind, LogrotateSummary, Recommendation, WsgiDaemonDecl } from '../model.js';
import type { ModWsgiVersion, MpmInfo } from './version.js';
import { SOCKET_ROTATION_MIN_VERSION } from './version.js';

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
  title: string;
  /** lower ranks first when picking the verdict among findings of equal weight */
  rank: number;
  advice: (ctx: AdviceContext) => Recommendation | null;
}

export const FINDING_KINDS: Record<FindingKind, KindSpec> = {
  'rotation-restart': {
    title: 'Errors follow Apache graceful restarts (log rotation) with rotating daemon socket names',
    rank: 0,
    advice: rotationRestartAdvice,
  },
  'rotation-already-off': {
    title: 'Socket rotation is already Off, yet old Apache children fail after restarts',
    rank: 1,
    advice: alreadyOffAdvice,
  },
  'socket-permission': {
    title: 'The Apache children cannot reach the daemon socket directory (permission denied)',
    rank: 2,
    advice: permissionAdvice,
  },
  'daemon-down': {
    title: 'The daemon process group was not answering for long stretches',
    rank: 3,
    advice: daemonDownAdvice,
  },
  'backlog-overload': { title: "The daemon's listen backlog overflowed under load", rank: 4, advice: backlogAdvice },
  inconclusive: {
    title: 'Connect errors without a pattern strong enough to name a cause',
    rank: 5,
    advice: collectNextAdvice,
  },
};

type Layout = 'debian' | 'rhel' | null;

/** Debian/Ubuntu vs RHEL/Fedora layout, from the config file paths or the socket prefix. */
function layout(ctx: AdviceContext): Layout {
  const files = ctx.apache?.files ?? [];
  const p = ctx.socketPrefix ?? '';
  // the config files read say it first; the socket prefix only when there is no config
  if (files.some((f) => f.includes('/etc/apache2/'))) return 'debian';
  if (files.some((f) => f.includes('/etc/httpd/'))) return 'rhel';
  if (/^\/(var\/)?run\/apache2\//.test(p)) return 'debian';
  if (/^\/((var\/)?run\/httpd|etc\/httpd)\//.test(p)) return 'rhel';
  return null;
}

/** Where the server config lives for that layout. */
function serverConfigPlace(ctx: AdviceContext): string {
  const l = layout(ctx);
  if (l === 'debian') return '/etc/apache2/mods-available/wsgi.conf (Debian/Ubuntu; enabled by a2enmod wsgi)';
  if (l === 'rhel') return '/etc/httpd/conf.d/wsgi.conf or httpd.conf (RHEL/Fedora)';
  return 'the main httpd.conf / apache2.conf, or a file it includes at top level';
}

function versionLine(v: ModWsgiVersion): string {
  if (v.supportsSocketRotation === false)
    return `UPGRADE FIRST: the log shows mod_wsgi ${v.version} (${v.basis}); WSGISocketRotation exists only from ${SOCKET_ROTATION_MIN_VERSION} and older versions refuse to start with it.`;
  if (v.supportsSocketRotation === true)
    return `mod_wsgi ${v.version} (${v.basis}) supports it (needs ${SOCKET_ROTATION_MIN_VERSION} or later).`;
  return `Needs mod_wsgi ${SOCKET_ROTATION_MIN_VERSION} or later; the log shows no version (${v.basis ?? 'no "configured -- resuming normal operations" banner'}), so check it first.`;
}

const COMPLETE_CURE =
  'the complete cure is the event MPM (it closes idle keep-alive connections of old children at a graceful restart, httpd server/mpm/event/event.c), a short KeepAliveTimeout (1-2 s), or rotating without a reload (piped logs via rotatelogs, or copytruncate)';

function rotationRestartAdvice(ctx: AdviceContext): Recommendation {
  const upgrade = ctx.version.supportsSocketRotation === false;
  const snippet = [
    upgrade
      ? `# UPGRADE mod_wsgi to ${SOCKET_ROTATION_MIN_VERSION}+ FIRST: this directive does not exist in ${ctx.version.version}.`
      : null,
    `# Server config, NOT inside <VirtualHost> (it is server-scope only and Apache refuses to`,
    `# start otherwise), e.g. in ${serverConfigPlace(ctx)}.`,
    `# Keeps the daemon socket path stable across graceful restarts (<prefix>.<ppid>.u<uid>.<id>.sock instead`,
    `# of <prefix>.<ppid>.<generation>.<id>.sock), so Apache children of the old generation still reach a`,
    `# daemon after logrotate's reload. Needs mod_wsgi >= ${SOCKET_ROTATION_MIN_VERSION}.`,
    'WSGISocketRotation Off',
  ]
    .filter((l): l is string => l !== null)
    .join('\n');
  const caveats: string[] = [versionLine(ctx.version)];
  const mpm = ctx.mpm.mpm;
  if (mpm === 'prefork' || mpm === 'worker') {
    caveats.push(
      `MPM ${mpm} (${ctx.mpm.basis}): with rotation Off, old children holding keep-alive connections reach the new daemon, which rejects them by its origin check ("Request origin could not be validated" in the daemon, "Truncated or oversized response headers" in the child): the 503 bursts become HTTP 500s. Off removes the connect errors, not the failures; ${COMPLETE_CURE}.`,
    );
  } else if (mpm === 'event') {
    caveats.push(
      `MPM event (${ctx.mpm.basis}): it closes idle keep-alive connections of old children at a graceful restart, so the failures seen here come from connections that had a request in flight or were mid-keep-alive; Off lets those reach the new daemon.`,
    );
  } else {
    caveats.push(
      `MPM unknown: under prefork/worker, Off turns the 503s into origin-check 500s for old children's keep-alive requests; ${COMPLETE_CURE}.`,
    );
  }
  caveats.push(
    'Trade-off: old children then talk to daemons started from the new configuration. Apply it while the mod_wsgi configuration (WSGIDaemonProcess options, application paths, virtualenv) stays the same across reloads; for changes to those, do a full restart.',
    'Do not apply it for errors that are permission problems (EACCES), overload (EAGAIN with the current generation) or not aligned with restarts: it would change nothing.',
    `Verify: run apachectl configtest, reload once, check that the socket names now carry u<uid> (ls ${ctx.socketPrefix ? ctx.socketPrefix.replace(/\/[^/]*$/, '/') : '<WSGISocketPrefix directory>'}), then after the next rotation${ctx.recurringAt ? ` (around ${ctx.recurringAt})` : ''} run wsgi-logdoctor again on the current log and its rotated siblings: no WSGI0116/WSGI0117 after the restart${mpm === 'event' ? '' : ', and no "Request origin could not be validated"'}.`,
  );
  return { directive: 'WSGISocketRotation Off', context: 'server config', snippet, caveats };
}

function alreadyOffAdvice(ctx: AdviceContext): Recommendation {
  const mpm = ctx.mpm.mpm;
  const l = layout(ctx);
  const snippet = [
    '# WSGISocketRotation is already Off: old Apache children holding keep-alive connections across',
    '# a graceful restart reach the new daemon and are rejected by its origin check (HTTP 500).',
    '# Shorten the window in which old children still take requests (server config):',
    'KeepAliveTimeout 2',
    mpm === 'event'
      ? null
      : l === 'debian'
        ? '# Better: the event MPM:  a2dismod mpm_prefork && a2enmod mpm_event  (needs a thread-safe stack, e.g. PHP-FPM instead of mod_php)'
        : l === 'rhel'
          ? '# Better: the event MPM (RHEL: LoadModule mpm_event_module in conf.modules.d/00-mpm.conf)'
          : '# Better: the event MPM (LoadModule mpm_event_module in place of the prefork/worker one; Debian: a2dismod mpm_prefork && a2enmod mpm_event)',
    '# Or rotate without a reload: ErrorLog "|/usr/bin/rotatelogs …", or copytruncate in the logrotate stanza.',
  ]
    .filter((l): l is string => l !== null)
    .join('\n');
  return {
    directive: 'KeepAliveTimeout 2',
    context: 'server config',
    snippet,
    caveats: [
      'Not WSGISocketRotation Off: it is already in effect (u<uid> socket names).',
      `MPM ${mpm ?? 'unknown'}${ctx.mpm.basis ? ` (${ctx.mpm.basis})` : ''}: ${COMPLETE_CURE}.`,
      'A short KeepAliveTimeout costs a new TCP/TLS handshake for clients idle longer than it.',
      'copytruncate can lose lines written between the copy and the truncation.',
    ],
  };
}

function permissionAdvice(ctx: AdviceContext): Recommendation {
  // mod_wsgi docs/user-guides/configuration-issues.rst: run/wsgi (relative to ServerRoot) on
  // RHEL, whose default resolved into root-only logs/; /var/run/wsgi elsewhere.
  const rhel = layout(ctx) === 'rhel';
  const prefix = rhel ? 'run/wsgi' : '/var/run/wsgi';
  return {
    directive: `WSGISocketPrefix ${prefix}`,
    context: 'server config',
    snippet: [
      `# The daemon sockets must live in a directory the Apache children${ctx.childUid !== null ? ` (uid ${ctx.childUid})` : ''} can traverse.`,
      ctx.socketPrefix
        ? `# Currently: ${ctx.socketPrefix}.* (not reachable). Server config, outside <VirtualHost>:`
        : '# Server config, outside <VirtualHost>:',
      rhel ? '# (relative to ServerRoot: /etc/httpd/run -> /run/httpd)' : null,
      `WSGISocketPrefix ${prefix}`,
    ]
      .filter((l): l is string => l !== null)
      .join('\n'),
    caveats: [
      'Check every directory on the path with: namei -l <socket path> (each needs x for the Apache user).',
      'On SELinux hosts the directory needs the httpd_var_run_t context (ausearch -m avc -c httpd).',
      'Never put the sockets in /tmp (systemd PrivateTmp and tmp cleaners remove them).',
    ],
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
    directive: 'WSGIDaemonProcess listen-backlog= processes= threads= queue-timeout=',
    context: decl
      ? `where ${group} is declared (${decl.origin})`
      : 'where the WSGIDaemonProcess is declared (server config or <VirtualHost>)',
    snippet: [
      '# More capacity, a longer listen queue, and shed load with 504 after queue-timeout',
      '# instead of 503s after connect-timeout (values are a starting point: size to CPU/RAM):',
      daemonOptionsLine(decl, group),
    ].join('\n'),
    caveats: [
      'Each extra process loads its own copy of the application: check memory first.',
      'Find the slow requests too (mod_wsgi request-timeout=, application profiling): more capacity only postpones an overload caused by a stalled backend.',
      "The backlog is also capped by the kernel's net.core.somaxconn.",
    ],
  };
}

function daemonDownAdvice(ctx: AdviceContext): Recommendation {
  const g = ctx.groups.join(', ') || '<group>';
  return {
    ...logLevelAdvice(
      "# Make mod_wsgi's daemon start/stop/died lines visible (mod_wsgi maintainer's standing",
      '# advice when debugging daemon connections), then check the daemon group is running:',
    ),
    caveats: [
      `Check that the daemons of ${g} run and answer: ps -eo pid,ppid,user,lstart,cmd | grep -i wsgi; ss -xlp | grep ${ctx.socketPrefix ?? 'wsgi'}.`,
      'Look for "has died", "terminated by signal" and segfault lines in the main error log (crash loop), and for the application failing to import at start-up.',
      'A leftover socket file with no daemon behind it gives ECONNREFUSED until Apache is restarted.',
    ],
  };
}

/** `LogLevel warn wsgi:info` in server config, with two comment lines saying why. */
function logLevelAdvice(why1: string, why2: string): Omit<Recommendation, 'caveats'> {
  return {
    directive: 'LogLevel warn wsgi:info',
    context: 'server config',
    snippet: [why1, why2, 'LogLevel warn wsgi:info'].join('\n'),
  };
}

/** inconclusive: what to collect next (contract table), led by the mod_wsgi maintainer's LogLevel advice; only what is still missing. */
function collectNextAdvice(ctx: AdviceContext): Recommendation {
  return {
    ...logLevelAdvice(
      "# Not a fix: makes mod_wsgi's daemon start/stop/died lines visible, so that the next",
      '# occurrence shows whether daemons restarted or died around the errors:',
    ),
    caveats: [
      'Collect the main error log (restart notices go only there) with its rotated siblings (error_log.1, error_log-YYYYMMDD.gz): old children write their errors into the rotated file.',
      ctx.logrotate === null
        ? 'Collect the logrotate stanza and what runs it (cron, anacrontab, logrotate.timer), or run with --root on the host or an unpacked sosreport.'
        : null,
      ctx.apache === null
        ? `Collect the Apache config (--apache-config) for KeepAliveTimeout, WSGISocketRotation and the WSGIDaemonProcess options${ctx.groups.length ? ` of ${ctx.groups.join(', ')}` : ''}.`
        : null,
      'Note the times users saw 503s and any deploys or reloads at those times.',
      'Verify: run wsgi-logdoctor again with what was collected: bursts right after restarts point to the rotation, bursts at busy times to overload, long unbroken stretches to a daemon that is down.',
    ].filter((c): c is string => c !== null),
  };
}
