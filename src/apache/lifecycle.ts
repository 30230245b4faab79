// Apache lifecycle markers: one table, the single source of truth for parser, docs and tests.
// Strings from httpd 2.4.62 server/mpm/{prefork,worker,event}/*.c and 2.2.34 (same texts without
// AH codes). "received.  Doing" has two spaces in the source; match any whitespace.
// Sources: httpd server/mpm/{prefork,worker,event}/*.c (the AH00xxx lifecycle notices).
import type { Mpm, RestartEvent } from '../model.js';

export type MarkerKind = RestartEvent['marker'];

export interface LifecycleMarker {
  id: string;
  marker: MarkerKind;
  /** prefork | worker | event, or null when the text alone does not tell */
  mpm: Mpm | null;
  apache: '2.4' | '2.2' | 'both';
  /** matched against the message text (after the record prefix) */
  pattern: RegExp;
  samples: { line: string; source: string }[];
}

export const LIFECYCLE_MARKERS: readonly LifecycleMarker[] = [
  // --- graceful restart (SIGUSR1) ---
  {
    id: 'graceful-prefork',
    marker: 'graceful',
    mpm: 'prefork',
    apache: 'both',
    pattern: /^(?:AH00171: )?Graceful restart requested, doing restart$/,
    samples: [
      {
        line: '[Tue Nov 17 06:25:02.114402 2026] [mpm_prefork:notice] [pid 1200:tid 1200] AH00171: Graceful restart requested, doing restart',
        source:
          'httpd 2.4.62 server/mpm/prefork/prefork.c template; Debian prints tid = pid (reproduction-findings.md §3)',
      },
      {
        line: '[Sun Mar 20 03:39:38 2016] [notice] Graceful restart requested, doing restart',
        source: 'httpd 2.2.34 prefork.c template in the 2.2 line format',
      },
    ],
  },
  {
    id: 'graceful-threaded',
    marker: 'graceful',
    mpm: null,
    apache: 'both',
    pattern: /^(?:AH00297: |AH00493: )?SIGUSR1 received\.\s+Doing graceful restart$/,
    samples: [
      {
        line: '[Tue May 01 15:24:31.888513 2018] [mpm_event:notice] [pid 18243:tid 139706484263040] AH00493: SIGUSR1 received.  Doing graceful restart',
        source: "real line quoted in apache-error-log.md §4 (spacing restored to the source's two spaces)",
      },
      {
        line: '[Tue May 01 15:24:31.888513 2018] [mpm_event:notice] [pid 18243:tid 139706484263040] AH00493: SIGUSR1 received. Doing graceful restart',
        source: 'the same real line as rendered by the issue tracker (one space)',
      },
      {
        line: '[Mon Nov 16 06:25:01.000212 2026] [mpm_worker:notice] [pid 900:tid 140001] AH00297: SIGUSR1 received.  Doing graceful restart',
        source: 'httpd 2.4.62 server/mpm/worker/worker.c template',
      },
    ],
  },
  // --- full restart (SIGHUP) ---
  {
    id: 'restart-hup',
    marker: 'restart',
    mpm: null,
    apache: 'both',
    pattern: /^(?:AH00173: |AH00298: |AH00494: )?SIGHUP received\.\s+Attempting to restart$/,
    samples: [
      {
        line: '[Mon Nov 16 06:25:01.002001 2026] [mpm_prefork:notice] [pid 1200:tid 1200] AH00173: SIGHUP received.  Attempting to restart',
        source: 'httpd 2.4.62 prefork.c template',
      },
      {
        line: '[Mon Nov 16 06:25:01.002001 2026] [mpm_event:notice] [pid 1200:tid 140001] AH00494: SIGHUP received.  Attempting to restart',
        source: 'httpd 2.4.62 event.c template',
      },
      {
        line: '[Mon Nov 16 06:25:01 2026] [notice] SIGHUP received.  Attempting to restart',
        source: 'httpd 2.2.34 template',
      },
    ],
  },
  // --- graceful stop (SIGWINCH) ---
  {
    id: 'graceful-stop',
    marker: 'graceful-stop',
    mpm: null,
    apache: 'both',
    pattern: /^(?:AH00170: |AH00296: |AH00492: )?caught SIGWINCH, shutting down gracefully$/,
    samples: [
      {
        line: '[Mon Nov 16 07:00:00.100000 2026] [mpm_event:notice] [pid 1200:tid 140001] AH00492: caught SIGWINCH, shutting down gracefully',
        source: 'httpd 2.4.62 event.c template',
      },
      {
        line: '[Mon Nov 16 07:00:00 2026] [notice] caught SIGWINCH, shutting down gracefully',
        source: 'httpd 2.2.34 template',
      },
    ],
  },
  // --- stop (SIGTERM) ---
  {
    id: 'stop',
    marker: 'stop',
    mpm: null,
    apache: 'both',
    pattern: /^(?:AH00169: |AH00295: |AH00491: )?caught SIGTERM, shutting down$/,
    samples: [
      {
        line: '[Mon Nov 16 07:00:00.100000 2026] [mpm_prefork:notice] [pid 1200:tid 1200] AH00169: caught SIGTERM, shutting down',
        source: 'httpd 2.4.62 prefork.c template',
      },
      { line: '[Mon Nov 16 07:00:00 2026] [notice] caught SIGTERM, shutting down', source: 'httpd 2.2.34 template' },
    ],
  },
  // --- (re)configured; carries the server description (the version banner) ---
  {
    id: 'configured',
    marker: 'configured',
    mpm: null,
    apache: 'both',
    pattern: /^(?:AH00163: |AH00292: |AH00489: )?(?<description>.+?) configured -- resuming normal operations$/,
    samples: [
      {
        line: '[Mon Aug 31 06:29:47.406518 2015] [mpm_event:notice] [pid 24968:tid 140169861986176] AH00489: Apache/2.4.16 (Ubuntu) configured -- resuming normal operations',
        source: 'real line quoted in apache-error-log.md §4',
      },
      {
        line: '[Tue May 01 15:24:35.027561 2018] [mpm_event:notice] [pid 18243:tid 139706484263040] AH00489: Apache/2.4.6 (Red Hat Enterprise Linux) OpenSSL/1.0.2k-fips mod_wsgi/4.6.2 Python/3.5 configured -- resuming normal operations',
        source: 'real line quoted in apache-error-log.md §4',
      },
      {
        line: '[Tue Apr 04 06:18:29.712806 2017] [mpm_prefork:notice] [pid 17725] AH00163: Apache/2.4.23 (Unix) configured -- resuming normal operations',
        source: 'real line quoted in apache-error-log.md §4',
      },
      {
        line: '[Sun Mar 20 03:39:38 2016] [notice] Apache/2.2.22 (Ubuntu) mod_wsgi/3.3 Python/2.7.3 configured -- resuming normal operations',
        source: 'illustrative 2.2 line from apache-error-log.md §5 (built from the 2.2 template)',
      },
    ],
  },
];

/** AH code → MPM, for lines whose module tag is missing (custom ErrorLogFormat). */
const AH_MPM: Record<string, Mpm> = {
  AH00163: 'prefork',
  AH00171: 'prefork',
  AH00173: 'prefork',
  AH00170: 'prefork',
  AH00169: 'prefork',
  AH00292: 'worker',
  AH00297: 'worker',
  AH00298: 'worker',
  AH00296: 'worker',
  AH00295: 'worker',
  AH00489: 'event',
  AH00493: 'event',
  AH00494: 'event',
  AH00492: 'event',
  AH00491: 'event',
};

export function mpmFromModule(module: string | null, message: string): Mpm | null {
  if (module === 'mpm_prefork') return 'prefork';
  if (module === 'mpm_worker') return 'worker';
  if (module === 'mpm_event') return 'event';
  const ah = /^(AH\d{5}):/.exec(message);
  if (ah) return AH_MPM[ah[1]!] ?? null;
  return null;
}

export interface LifecycleMatch {
  marker: LifecycleMarker;
  mpm: Mpm | null;
  description: string | null;
}

export function matchLifecycle(module: string | null, message: string): LifecycleMatch | null {
  for (const m of LIFECYCLE_MARKERS) {
    const r = m.pattern.exec(message);
    if (r)
      return { marker: m, mpm: m.mpm ?? mpmFromModule(module, message), description: r.groups?.description ?? null };
  }
  return null;
}

/** Versions from the server description (mod-wsgi-messages.md §4). */
export function parseDescription(description: string): {
  apache: string | null;
  modWsgi: string | null;
  python: string | null;
} {
  const apache = /\bApache\/(\d+\.\d+(?:\.\d+)?)/.exec(description)?.[1] ?? null;
  const modWsgi = /\bmod_wsgi\/(\d+(?:\.\d+){1,2}(?:\w+)?)/.exec(description)?.[1] ?? null;
  const python = /\bPython\/(\d+\.\d+(?:\.\d+)?)/.exec(description)?.[1] ?? null;
  return { apache, modWsgi, python };
}
