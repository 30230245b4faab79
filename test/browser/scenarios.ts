// Report objects for the HTML renderer's tests, built while the parser and the diagnosis are
// being written by others. Every event copies the fields of a real log line (quoted next to
// it, from public bug reports and the Apache/mod_wsgi sources); the *times and counts* are generated, with a seeded
// PRNG, to the patterns those documents describe. Bursts and their causes come from the real
// correlation stage (src/correlate). See README.md in this folder.
import { DateTime } from 'luxon';
import { attributeBursts, collectTriggers, failureWindow, findBursts, mulberry32 } from '../../src/correlate/index.js';
import type {
  Finding,
  Recommendation,
  Report,
  RestartEvent,
  RotationWindow,
  WsgiConnectError,
} from '../../src/model.js';
import { ConnectErrors } from '../../src/events.js';

type EventSeed = Partial<WsgiConnectError> & Pick<WsgiConnectError, 'time' | 'code'>;

function event(e: EventSeed): WsgiConnectError {
  return {
    file: '/var/log/apache2/error.log',
    line: 1,
    pid: null,
    tid: null,
    errno: null,
    errnoText: null,
    client: null,
    group: null,
    socket: null,
    socketInfo: null,
    modWsgiMessageStyle: '4.x',
    childUid: null,
    variant: 'test',
    ...e,
    host: e.host ?? null,
    envelope: e.envelope ?? 'apache',
    damaged: e.damaged ?? false,
  };
}

function emptyReport(zone: string, events: WsgiConnectError[], restarts: RestartEvent[], file: string): Report {
  events.sort((a, b) => a.time - b.time);
  restarts.sort((a, b) => a.time - b.time);
  const times = [...events.map((e) => e.time), ...restarts.map((r) => r.time)];
  const start = times.length ? times.reduce((a, b) => Math.min(a, b)) : null;
  const end = times.length ? times.reduce((a, b) => Math.max(a, b)) : null;
  events.forEach((e, i) => (e.line = 100 + i * 3));
  return {
    schemaVersion: 2,
    tool: { name: 'wsgi-logdoctor', version: '0.1.0' },
    timezone: zone,
    window: { start, end },
    inputs: [
      {
        path: file,
        lines: events.length * 3 + restarts.length * 2,
        unparsed: 0,
        first: start,
        last: end,
        compressed: false,
        envelopes: { apache: events.length * 3 + restarts.length * 2 },
        unreadable: {},
        unreadableExamples: [],
        readerNotes: [],
        origin: 'given',
        error: null,
        mtime: null,
        bytes: 0,
      },
    ],
    hosts: [{ host: '', events: events.length, verdict: events.length ? 'inconclusive' : 'no-errors' }],
    summary: {
      WSGI0116: events.filter((e) => e.code === 'WSGI0116').length,
      WSGI0117: events.filter((e) => e.code === 'WSGI0117').length,
      restarts: restarts.length,
      bursts: 0,
      related: {},
    },
    events: ConnectErrors.from(events.map((e) => ({ ...e, host: null, envelope: 'apache' as const, damaged: false }))),
    related: [],
    restarts,
    banners: [],
    rotations: [],
    schedule: null,
    apacheConfig: null,
    bursts: [],
    accessLog: null,
    observedRuns: [],
    changes: [],
    findings: [],
    verdict: events.length ? 'inconclusive' : 'no-errors',
    missingEvidence: [],
    risks: [],
    statistics: null,
    recurrence: null,
    warnings: [],
  };
}

/** Adds what the correlation stage computes (bursts with causes) from the report's own data. */
function correlate(r: Report): Report {
  const bursts = findBursts(r.events);
  const triggers = collectTriggers(r.restarts, r.rotations ?? [], r.events);
  const attributed = attributeBursts(bursts, triggers, failureWindow(r.apacheConfig ?? null)).bursts;
  return {
    ...r,
    bursts: attributed.map((b) => ({ ...b, host: '', impact: null })),
    summary: { ...r.summary, bursts: attributed.length },
  };
}

const local = (zone: string, iso: string) => DateTime.fromISO(iso, { zone }).toMillis();

// Recommendation text as mod_wsgi's documentation and the maintainer phrase it (issue #929).
/** The diagnosis' recommendation for rotation-restart, as data (its snippet comes from src/report/words). */
export function rotationOff(): Recommendation {
  return {
    code: 'socket-rotation-off',
    args: { upgradeFirst: false, version: '4.9.4', layout: 'debian' },
    directive: 'WSGISocketRotation Off',
    context: 'server config',
    caveats: [{ code: 'complete-cure', args: { mpm: 'prefork', basis: null } }],
    verify: [
      { code: 'verify-rotation-off', args: { socketDir: '/var/run/apache2/', recurringAt: '06:25', event: false } },
    ],
  };
}

/**
 * Debian prefork, 3 hours (reproduction-findings.md §1, §3). The connect errors copy
 *   (2)No such file or directory: [client 127.0.0.1:41872] mod_wsgi (pid=2431): Unable to connect to
 *   WSGI daemon process 'app' on '/var/run/apache2/wsgi.1200.3.1.sock' as user with uid=33.
 * one per keep-alive connection within a second of the 06:25 cron.daily graceful restart; later
 * a listener-backlog overload at the current generation:
 *   (11)Resource temporarily unavailable: … on '/var/run/apache2/wsgi.1200.4.1.sock' after multiple attempts as listener backlog limit was exceeded or the socket does not exist.
 */
export function preforkThreeHours(stage: 'parsed' | 'diagnosed'): Report {
  const zone = 'Europe/Berlin';
  const rnd = mulberry32(17);
  const restartAt = local(zone, '2026-11-17T06:25:03.412');
  const restarts: RestartEvent[] = [
    {
      file: '/var/log/apache2/error.log.1',
      line: 2,
      time: local(zone, '2026-11-17T05:02:11.108'),
      kind: 'start',
      marker: 'configured',
      mpm: 'prefork',
      pid: 1200,
    },
    {
      file: '/var/log/apache2/error.log.1',
      line: 880,
      time: restartAt,
      kind: 'graceful',
      marker: 'graceful',
      mpm: 'prefork',
      pid: 1200,
    },
  ];
  const events: WsgiConnectError[] = [];
  for (let i = 0; i < 6; i++) {
    const pid = 2431 + i * 3;
    events.push(
      event({
        time: restartAt + 180 + Math.floor(rnd() * 900),
        code: 'WSGI0117',
        file: '/var/log/apache2/error.log.1',
        pid,
        tid: pid,
        errno: 2,
        errnoText: 'No such file or directory',
        client: `127.0.0.1:${41872 + i}`,
        group: 'app',
        socket: '/var/run/apache2/wsgi.1200.3.1.sock',
        socketInfo: {
          prefix: '/var/run/apache2/wsgi',
          parentPid: 1200,
          generation: 3,
          uid: null,
          id: 1,
          rotation: 'on',
        },
        childUid: 33,
        variant: 'uid-4.4.1',
      }),
    );
  }
  const overload = local(zone, '2026-11-17T07:41:20');
  for (let i = 0; i < 14; i++) {
    const pid = 2600 + i;
    events.push(
      event({
        time: overload + Math.floor(rnd() * 50_000),
        code: 'WSGI0116',
        file: '/var/log/apache2/error.log',
        pid,
        tid: pid,
        errno: 11,
        errnoText: 'Resource temporarily unavailable',
        client: `127.0.0.1:${52000 + i}`,
        group: 'app',
        socket: '/var/run/apache2/wsgi.1200.4.1.sock',
        socketInfo: {
          prefix: '/var/run/apache2/wsgi',
          parentPid: 1200,
          generation: 4,
          uid: null,
          id: 1,
          rotation: 'on',
        },
        variant: 'backlog-4.6.0',
      }),
    );
  }
  const r = emptyReport(zone, events, restarts, '/var/log/apache2/error.log');
  r.inputs.push({ ...r.inputs[0]!, path: '/var/log/apache2/error.log.1', origin: 'rotated-sibling' });
  r.banners.push({
    file: '/var/log/apache2/error.log.1',
    line: 2,
    time: restarts[0]!.time,
    description: 'Apache/2.4.71 (Debian) mod_wsgi/4.9.4 Python/3.11 configured',
    apache: '2.4.71',
    modWsgi: '4.9.4',
    python: '3.11',
    mpm: 'prefork',
    pid: 1200,
  });
  if (stage === 'parsed') return r;
  r.rotations = [
    {
      start: local(zone, '2026-11-17T06:25:00'),
      end: local(zone, '2026-11-17T06:25:59'),
      source: 'cron',
      spec: '25 6 * * *',
      origin: '/etc/crontab:17',
      action: 'graceful',
      likelihood: 'certain',
      reason: 'dated sibling error.log.1 mtime',
    },
  ];
  r.schedule = {
    sources: [
      {
        source: 'cron',
        spec: '25 6 * * *',
        origin: '/etc/crontab:17',
        description: 'cron.daily via run-parts at 06:25',
        assumption: false,
      },
    ],
    logrotate: {
      origin: '/etc/logrotate.d/apache2:1',
      patterns: ['/var/log/apache2/*.log'],
      frequency: 'daily',
      action: 'graceful',
      actionDetail: 'invoke-rc.d apache2 reload',
      options: { delaycompress: true },
      matchedBy: 'path',
      consequences: ['postrotate reloads Apache: a graceful restart after every rotation'],
    },
    assumptions: [],
  };
  const c = correlate(r);
  const [rot, over] = [0, 1];
  c.findings = [
    {
      kind: 'rotation-restart',
      confidence: 0.91,
      bursts: [rot],
      explains: { errors: 6, bursts: 1 },
      role: 'secondary',
      evidence: [
        { code: 'enoent-socket-removed', args: { enoent: 6, errors: 6 } },
        { code: 'generation-older-than-in-force', args: { older: 1, checked: 1, pairs: [[3, 4]] } },
        { code: 'mpm-seen', args: { mpm: 'prefork', basis: { via: 'marker', origin: 'error.log.1:880' } } },
      ],
      recommendation: rotationOff(),
    },
    {
      kind: 'backlog-overload',
      confidence: 0.74,
      bursts: [over],
      explains: { errors: 14, bursts: 1 },
      role: 'primary',
      evidence: [{ code: 'backlog-errnos', args: { bursts: 1, errors: 14, eagain: 14, refused: 0 } }],
      recommendation: {
        code: 'daemon-capacity',
        args: {
          daemonLine: 'WSGIDaemonProcess app processes=4 threads=15 listen-backlog=500 queue-timeout=45',
          origin: null,
        },
        directive: 'WSGIDaemonProcess … listen-backlog=500 processes=4',
        context: 'WSGIDaemonProcess',
        caveats: [],
        verify: [],
      },
    },
  ] satisfies Finding[];
  // the primary finding first: the overload explains more failed requests
  c.findings.reverse();
  c.verdict = 'backlog-overload';
  c.statistics = {
    method: 'permutation-and-binomial',
    shifts: 9999,
    seed: 20261117,
    p: 0.0021,
    k: 1,
    n: 2,
    coverage: 0.005,
    binomialP: 0.001,
    permutationP: 0.0021,
    shortSpan: false,
  };
  c.missingEvidence = [{ code: 'no-apache-config', args: { defaultWindowSeconds: 60 } }];
  return c;
}

/**
 * RHEL, 90 days across the end of US daylight saving time, anacron-driven rotation
 * (mod_wsgi issue #929: errors "consistently at the same time each day", 03:20–03:44,
 * generation rising by one per day):
 *   [Tue May 20 03:44:05.371783 2025] [wsgi:error] [pid 22002:tid 22002] (2)No such file or directory:
 *   [client 1.1.1.1:15826] mod_wsgi (pid=22002): Unable to connect to WSGI daemon process 'revo6004abc'
 *   on '/run/httpd/wsgi.28402.19.24.sock' as user with uid=48.
 * plus a few afternoon WSGI0116 ECONNREFUSED at random times.
 */
export function rhelNinetyDays(): Report {
  const zone = 'America/New_York';
  const rnd = mulberry32(929);
  const restarts: RestartEvent[] = [];
  const events: WsgiConnectError[] = [];
  const rotations: RotationWindow[] = [];
  const day0 = DateTime.fromISO('2026-09-01T00:00', { zone });
  for (let day = 0; day < 90; day++) {
    const midnight = day0.plus({ days: day });
    // /etc/anacrontab (RHEL 8): START_HOURS_RANGE=3-22, RANDOM_DELAY=45, cron.daily delay 5.
    const wStart = midnight.set({ hour: 3, minute: 5 }).toMillis();
    const wEnd = midnight.set({ hour: 3, minute: 50 }).toMillis();
    rotations.push({
      start: wStart,
      end: wEnd,
      source: 'anacron',
      spec: '1 5 cron.daily',
      origin: '/etc/anacrontab:11',
      action: 'graceful',
      likelihood: 'likely',
    });
    const t = wStart + Math.floor(rnd() * (wEnd - wStart));
    restarts.push({
      file: '/var/log/httpd/error_log',
      line: 1,
      time: t,
      kind: 'graceful',
      marker: 'graceful',
      mpm: 'prefork',
      pid: 28402,
    });
    if (rnd() < 0.08) continue; // no keep-alive client that night
    const n = 1 + Math.floor(rnd() * 8);
    for (let i = 0; i < n; i++) {
      const pid = 22002 + day * 17 + i;
      events.push(
        event({
          time: t + 150 + Math.floor(rnd() * 1500),
          code: 'WSGI0117',
          file: day === 89 ? '/var/log/httpd/error_log' : `/var/log/httpd/error_log-${midnight.toFormat('yyyyLLdd')}`,
          pid,
          tid: pid,
          errno: 2,
          errnoText: 'No such file or directory',
          client: `1.1.1.1:${15826 + i}`,
          group: 'revo6004abc',
          socket: `/run/httpd/wsgi.28402.${day}.24.sock`,
          socketInfo: {
            prefix: '/run/httpd/wsgi',
            parentPid: 28402,
            generation: day,
            uid: null,
            id: 24,
            rotation: 'on',
          },
          childUid: 48,
          variant: 'uid-4.4.1',
        }),
      );
    }
    if (rnd() < 0.1) {
      const at = midnight.set({ hour: 13 + Math.floor(rnd() * 5), minute: Math.floor(rnd() * 60) }).toMillis();
      for (let i = 0; i < 3; i++) {
        events.push(
          event({
            time: at + i * 4000,
            code: 'WSGI0116',
            file: '/var/log/httpd/error_log',
            pid: 30000 + day,
            errno: 111,
            errnoText: 'Connection refused',
            group: 'revo6004abc',
            socket: `/run/httpd/wsgi.28402.${day + 1}.24.sock`,
            socketInfo: {
              prefix: '/run/httpd/wsgi',
              parentPid: 28402,
              generation: day + 1,
              uid: null,
              id: 24,
              rotation: 'on',
            },
            variant: 'backlog-4.6.0',
          }),
        );
      }
    }
  }
  const r = emptyReport(zone, events, restarts, '/var/log/httpd/error_log');
  r.rotations = rotations;
  r.schedule = {
    sources: [
      {
        source: 'anacron',
        spec: '1 5 cron.daily',
        origin: '/etc/anacrontab:11',
        description: 'anacron window 03:05–03:50 (START_HOURS_RANGE 3-22, RANDOM_DELAY 45, delay 5)',
        assumption: false,
      },
    ],
    logrotate: {
      origin: '/etc/logrotate.d/httpd:1',
      patterns: ['/var/log/httpd/*log'],
      frequency: null,
      action: 'graceful',
      actionDetail: '/bin/systemctl reload httpd.service',
      options: {},
      matchedBy: 'path',
      consequences: [],
    },
    assumptions: [],
  };
  const c = correlate(r);
  const restartBursts = c.bursts!.map((b, i) => (b.cause ? i : -1)).filter((i) => i >= 0);
  c.findings = [
    {
      kind: 'rotation-restart',
      confidence: 0.97,
      bursts: restartBursts,
      explains: { errors: restartBursts.reduce((s, i) => s + c.bursts[i]!.count, 0), bursts: restartBursts.length },
      role: 'primary',
      evidence: [{ code: 'generations-rise', args: { generations: restartBursts.map((_b, i) => i + 1) } }],
      recommendation: rotationOff(),
    },
  ];
  c.verdict = 'rotation-restart';
  c.recurrence = {
    days: 90,
    daysWithBurst: restartBursts.length,
    fromSecondOfDay: 3 * 3600 + 300,
    toSecondOfDay: 3 * 3600 + 52 * 60,
    matchesSchedule: true,
  };
  return c;
}

/** Text that tries to break out of the page in every field that comes from a log or config. */
export const PAYLOADS = {
  group: `"><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">`,
  file: `/var/log/</script><script>window.__pwned=3</script>error.log`,
  evidence: `</script><svg onload="window.__pwned=4"></svg><!--`,
  snippet: `WSGISocketRotation Off <iframe src="https://example.com/x"></iframe>`,
  banner: `Apache/2.4 <style>body{display:none}</style>`,
};

export function injection(): Report {
  const r = preforkThreeHours('diagnosed');
  for (const e of r.events) {
    e.group = PAYLOADS.group;
    e.file = PAYLOADS.file;
    e.socket = `/tmp/${PAYLOADS.group}.sock`;
  }
  r.restarts[1]!.file = PAYLOADS.file;
  r.inputs[0]!.path = PAYLOADS.file;
  r.banners[0]!.description = PAYLOADS.banner;
  r.bursts = r.bursts!.map((b) => ({ ...b, groups: [PAYLOADS.group] }));
  r.findings[0]!.evidence.push({ code: 'config-problem', args: { problem: PAYLOADS.evidence } });
  r.findings[0]!.recommendation = {
    code: 'daemon-capacity',
    args: { daemonLine: PAYLOADS.snippet, origin: null },
    directive: 'WSGIDaemonProcess',
    context: 'server config',
    caveats: [],
    verify: [],
  };
  r.warnings.push(PAYLOADS.evidence);
  r.rotations![0]!.origin = PAYLOADS.file;
  return r;
}

export function noErrors(): Report {
  const zone = 'UTC';
  const restarts: RestartEvent[] = [
    {
      file: '/var/log/apache2/error.log',
      line: 1,
      time: Date.UTC(2026, 10, 17, 6, 25, 3),
      kind: 'graceful',
      marker: 'graceful',
      mpm: 'event',
      pid: 900,
    },
    {
      file: '/var/log/apache2/error.log',
      line: 2,
      time: Date.UTC(2026, 10, 17, 6, 25, 4),
      kind: 'start',
      marker: 'configured',
      mpm: 'event',
      pid: 900,
    },
  ];
  const r = emptyReport(zone, [], restarts, '/var/log/apache2/error.log');
  r.bursts = [];
  r.findings = [];
  r.verdict = 'no-errors';
  return r;
}

/** A big log: `n` connect errors spread over 90 days (size and aggregation limits). */
export function huge(n: number): Report {
  const zone = 'UTC';
  const rnd = mulberry32(5);
  const t0 = Date.UTC(2026, 7, 1);
  const events: WsgiConnectError[] = [];
  for (let i = 0; i < n; i++) {
    events.push(
      event({
        time: t0 + Math.floor(rnd() * 90 * 86_400_000),
        code: rnd() < 0.5 ? 'WSGI0116' : 'WSGI0117',
        errno: 111,
        group: 'app',
        pid: 1000 + (i % 500),
        socket: '/run/httpd/wsgi.1.1.1.sock',
      }),
    );
  }
  const restarts: RestartEvent[] = [];
  for (let d = 0; d < 90; d++)
    restarts.push({
      file: '/var/log/httpd/error_log',
      line: 1,
      time: t0 + d * 86_400_000 + 3 * 3600e3,
      kind: 'graceful',
      marker: 'graceful',
      mpm: 'event',
      pid: 1,
    });
  const r = emptyReport(zone, events, restarts, '/var/log/httpd/error_log');
  return correlate(r);
}
