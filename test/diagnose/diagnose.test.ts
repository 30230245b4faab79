// diagnose(): every finding kind, the version gate, MPM wording, copytruncate, missing markers,
// two rotations a day, a DST week, a single burst, a short log, random times. Synthetic records
// (values from real lines, see build.ts); scenarios.test.ts runs the same on log files.
import { describe, expect, it } from 'vitest';
import { diagnose, timingUninformative, type DiagnoseInput } from '../../src/diagnose/index.js';
import type { ApacheConfigFacts, Finding, LogrotateSummary, ParsedLogs, RotationWindow } from '../../src/model.js';
import { caveat, codes, ev, missing } from './facts.js';
import { formatSecondOfDay } from '../../src/time/index.js';
import { at, banner, burst, daily, parsed, rel, restart, rng, rotation, ZONE } from './build.js';
import { ConnectErrors } from '../../src/events.js';

function run(p: ParsedLogs, extra: Partial<DiagnoseInput> = {}) {
  return diagnose({ parsed: p, rotations: [], apache: null, logrotate: null, zone: ZONE, ...extra });
}
const find = (fs: Finding[], kind: Finding['kind']) => fs.find((f) => f.kind === kind);
const week = daily('2026-11-11', 7, '06:25:03');
const weekSpan = { start: at('2026-11-11T00:00:00'), end: at('2026-11-17T23:59:00') };

/** The reproduction's picture: prefork, a graceful restart every morning, an ENOENT burst ~1 s later on the previous generation. */
function nightly(
  o: {
    mpm?: 'prefork' | 'event' | 'worker';
    modWsgi?: string | null;
    style?: '3.x' | '4.x' | '6.x';
    uid?: boolean;
  } = {},
): ParsedLogs {
  const mpm = o.mpm ?? 'prefork';
  return parsed({
    ...weekSpan,
    restarts: week.map((t) => restart(t, 'graceful', mpm)),
    banners: o.modWsgi === null ? [] : week.map((t) => banner(t + 2500, o.modWsgi ?? '4.9.4', mpm)),
    events: week.flatMap((t, d) =>
      burst(t + 900, 4 + d, { gen: o.uid ? null : 10 + d, style: o.style ?? '4.x', pid0: 3000 + 10 * d }),
    ),
  });
}

describe('rotation-restart', () => {
  const logrotate: LogrotateSummary = {
    origin: '/etc/logrotate.d/apache2:1',
    patterns: ['/var/log/apache2/*.log'],
    frequency: 'daily',
    action: 'graceful',
    actionDetail: 'invoke-rc.d apache2 reload',
    options: {},
    matchedBy: 'path',
    consequences: [],
  };
  const rotations = week.map((t) => rotation(t - 3000, 1));
  const d = run(nightly(), { rotations, logrotate });
  const f = d.findings[0]!;

  it('is the verdict, with high confidence, every burst attributed with its lag', () => {
    expect(d.verdict).toBe('rotation-restart');
    expect(d.findings).toHaveLength(1);
    expect(f.bursts).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(f.confidence).toBeGreaterThan(0.9);
    expect(d.bursts.every((b) => b.cause?.kind === 'graceful-restart' && b.cause.lagSeconds === 0.9)).toBe(true);
    expect(d.statistics!.p).toBeLessThan(0.01);
    expect(timingUninformative(d.statistics!)).toBe(false);
    expect(d.recurrence).toMatchObject({ daysWithBurst: 7, days: 7, matchesSchedule: true });
  });
  it('backs every evidence item with numbers', () => {
    expect(ev(f, 'restart-aligned')).toMatchObject({ bursts: 7, errors: 49, lagMedian: 0.9 });
    expect(ev(f, 'not-chance')!.p).toBeLessThan(0.01);
    expect(ev(f, 'rotating-socket-names')).toEqual({ rotating: 49, errors: 49, stable: 0 });
    expect(ev(f, 'generations-rise')!.generations).toEqual([10, 11, 12, 13, 14, 15, 16]);
    expect(ev(f, 'restarts-in-rotation')).toMatchObject({ inRotation: 7, of: 7 });
    expect(ev(f, 'mpm-seen')!.mpm).toBe('prefork');
    expect(ev(f, 'old-children-exit')).toMatchObject({ gone: 49, failing: 49 });
    expect(f.explains).toEqual({ errors: 49, bursts: 7 });
    expect(f.role).toBe('primary');
  });
  it('recommends WSGISocketRotation Off for server config, never inside <VirtualHost>', () => {
    const r = f.recommendation!;
    expect(r.directive).toBe('WSGISocketRotation Off');
    expect(r.context).toBe('server config');
    expect(r.code).toBe('socket-rotation-off');
    expect(r.args).toEqual({ upgradeFirst: false, version: '4.9.4', layout: 'debian' });
    expect(codes(r.caveats)).toEqual(expect.arrayContaining(['off-trade-off', 'off-not-for-other-causes']));
    expect(codes(r.verify)).toEqual(['verify-rotation-off']);
  });
  it('names prefork and the origin-check 500s and the complete cure', () => {
    expect(caveat(f, 'prefork-off-origin-check')!.mpm).toBe('prefork');
  });
  it.each([
    ['event', 'event-off'],
    ['worker', 'prefork-off-origin-check'],
  ] as const)('gives the caveat for the %s MPM', (mpm, code) => {
    const f = run(nightly({ mpm })).findings[0]!;
    expect(caveat(f, code)).toBeDefined();
    expect(caveat(f, code === 'event-off' ? 'prefork-off-origin-check' : 'event-off')).toBeUndefined();
  });
});

describe('an ineffective WSGISocketRotation Off (mod_wsgi#929)', () => {
  it('says the configured Off is not in effect when the failing paths still rotate, and repeats the config problem', () => {
    const apache: ApacheConfigFacts = {
      files: ['/etc/httpd/conf/httpd.conf', '/etc/httpd/conf.d/app.conf'],
      serverRoot: null,
      keepAlive: null,
      keepAliveTimeout: null,
      maxKeepAliveRequests: null,
      gracefulShutdownTimeout: null,
      mpm: null,
      daemons: [],
      socketPrefix: null,
      socketRotation: { value: 'off', origin: '/etc/httpd/conf.d/app.conf:3' },
      problems: [
        '/etc/httpd/conf.d/app.conf:3: WSGISocketRotation inside <VirtualHost>: Apache refuses to start with it there (server config only)',
      ],
    };
    const f = run(nightly(), { apache }).findings[0]!;
    // configured Off, rotating sockets still fail, no switch to u<uid> in the logs: fix-not-in-effect
    expect(f.kind).toBe('fix-not-in-effect');
    expect(ev(f, 'rotation-off-not-in-effect')).toEqual({ origin: '/etc/httpd/conf.d/app.conf:3' });
    expect(ev(f, 'config-problem')!.problem).toContain('WSGISocketRotation inside <VirtualHost>');
    expect(f.recommendation!.code).toBe('put-off-in-force');
    expect(f.recommendation!.args).toMatchObject({ layout: 'rhel', reason: 'not-in-force' });
  });
  it("names the <VirtualHost> line from the config reader's problem, and sends the directive to server config", () => {
    const apache: ApacheConfigFacts = {
      files: ['/etc/apache2/apache2.conf'],
      serverRoot: null,
      keepAlive: null,
      keepAliveTimeout: null,
      maxKeepAliveRequests: null,
      gracefulShutdownTimeout: null,
      mpm: null,
      daemons: [],
      socketPrefix: null,
      socketRotation: null,
      problems: [
        '/etc/apache2/sites-enabled/app.conf:7: WSGISocketRotation cannot occur within <VirtualHost> section (opened at /etc/apache2/sites-enabled/app.conf:1); mod_wsgi allows it only in the server config, so httpd refuses to start or reload with this configuration',
      ],
    };
    const f = run(nightly(), { apache }).findings[0]!;
    expect(f.kind).toBe('fix-not-in-effect');
    expect(ev(f, 'off-inside-virtualhost')).toEqual({
      origin: '/etc/apache2/sites-enabled/app.conf:7',
      section: 'VirtualHost',
      opened: '/etc/apache2/sites-enabled/app.conf:1',
    });
    expect(f.recommendation).toMatchObject({
      code: 'put-off-in-force',
      directive: 'WSGISocketRotation Off',
      context: 'server config',
      args: { reason: 'virtualhost', origin: '/etc/apache2/sites-enabled/app.conf:7', layout: 'debian' },
    });
  });
});

describe('version gate', () => {
  it.each([
    ['4.9.4', false, 'version-supports-rotation'],
    ['4.6.0', false, 'version-supports-rotation'],
    ['4.5.24', true, 'upgrade-first'],
    ['3.4', true, 'upgrade-first'],
  ])('banner mod_wsgi/%s → upgrade first: %s', (v, upgrade, code) => {
    const r = run(nightly({ modWsgi: v })).findings[0]!.recommendation!;
    expect(r.args).toMatchObject({ upgradeFirst: upgrade, version: v });
    expect(r.caveats[0]).toMatchObject({ code, args: { version: v, basis: { via: 'banner' } } });
  });
  it('reads 3.x from the message wording when there is no banner', () => {
    const r = run(nightly({ modWsgi: null, style: '3.x' })).findings[0]!.recommendation!;
    expect(r.caveats[0]).toMatchObject({
      code: 'upgrade-first',
      args: { version: '3.x', basis: { via: '3x-wording' } },
    });
  });
  it('says to check the version when nothing shows it', () => {
    const d = run(nightly({ modWsgi: null }));
    expect(d.findings[0]!.recommendation!.caveats[0]!.code).toBe('version-unknown-check');
    expect(missing(d, 'mod-wsgi-version-unknown')).toBeDefined();
  });
  it('says the banner names no mod_wsgi, not that there is no banner (debian12-host: "Apache/2.4.16 (Ubuntu) configured")', () => {
    const p = nightly({ modWsgi: null });
    p.banners = [banner(at('2026-11-11T06:25:05'), null)];
    const d = run(p);
    expect(missing(d, 'mod-wsgi-version-unknown')!.basis).toMatchObject({
      via: 'banner-without-mod-wsgi',
      description: 'Apache/2.4.62 (Debian)',
    });
    expect(d.findings[0]!.recommendation!.caveats[0]).toMatchObject({
      code: 'version-unknown-check',
      args: { basis: { via: 'banner-without-mod-wsgi' } },
    });
  });
  it('takes the last banner: an upgrade during the log counts', () => {
    const p = nightly({ modWsgi: '4.5.24' });
    p.banners.push(banner(at('2026-11-17T12:00:00'), '4.9.4'));
    expect(run(p).findings[0]!.recommendation!.args).toMatchObject({ upgradeFirst: false });
  });
});

describe('copytruncate is never blamed', () => {
  it('does not attribute bursts to a copytruncate rotation and never recommends Off', () => {
    const rotations = week.map((t) => rotation(t - 3000, 1, 'none'));
    const logrotate: LogrotateSummary = {
      origin: '/etc/logrotate.d/app:1',
      patterns: ['/var/log/apache2/error.log'],
      frequency: 'daily',
      action: 'none',
      actionDetail: 'copytruncate',
      options: { copytruncate: true },
      matchedBy: 'path',
      consequences: [],
    };
    const p = nightly();
    p.restarts = [];
    const d = run(p, { rotations, logrotate });
    expect(d.bursts.every((b) => b.cause === null)).toBe(true);
    expect(d.findings.some((f) => f.recommendation?.directive === 'WSGISocketRotation Off')).toBe(false);
    expect(d.verdict).not.toBe('rotation-restart');
    expect(d.recurrence!.matchesSchedule).toBeNull();
    expect(d.verdict).toBe('inconclusive');
    expect(ev(d.findings[0]!, 'logrotate-not-the-cause')).toEqual({
      detail: 'copytruncate',
      origin: '/etc/logrotate.d/app:1',
    });
  });
  it('blames restarts from elsewhere, not logrotate, when logrotate copytruncates but Apache was reloaded', () => {
    const logrotate: LogrotateSummary = {
      origin: '/etc/logrotate.d/app:1',
      patterns: [],
      frequency: 'daily',
      action: 'none',
      actionDetail: 'copytruncate',
      options: {},
      matchedBy: 'path',
      consequences: [],
    };
    const d = run(nightly(), { rotations: week.map((t) => rotation(t - 3000, 1, 'none')), logrotate });
    expect(d.verdict).toBe('rotation-restart');
    expect(ev(d.findings[0]!, 'restarts-not-from-logrotate')).toMatchObject({ detail: 'copytruncate' });
  });
});

describe('restart markers missing (rotated away)', () => {
  it('infers the restarts from "configured" lines of the same parent and still finds the cause', () => {
    const p = nightly();
    p.restarts = week.map((t) => restart(t + 300, 'configured', 'prefork', 1200, { markerMissing: true }));
    const d = run(p);
    expect(d.verdict).toBe('rotation-restart');
    expect(ev(d.findings[0]!, 'restart-aligned')!.inferred).toBe(7);
    expect(missing(d, 'restart-notices-rotated-away')!.inferred).toBe(7);
    expect(d.inferredRestarts).toHaveLength(7);
  });
  it('with no restarts and no schedule at all, infers from a daily recurrence with rising generations, capped', () => {
    const p = nightly();
    p.restarts = [];
    const d = run(p);
    const f = find(d.findings, 'rotation-restart')!;
    expect(f.confidence).toBeLessThanOrEqual(0.6);
    expect(ev(f, 'restart-inferred-from-generations')!.generations).toHaveLength(7);
    expect(missing(d, 'no-logrotate-config-or-schedule')).toBeDefined();
  });
  it('without rising generations it stays inconclusive', () => {
    const p = nightly();
    p.restarts = [];
    for (const e of p.events) e.socketInfo!.generation = 3;
    const d = run(p);
    expect(d.verdict).toBe('inconclusive');
    expect(ev(d.findings[0]!, 'time-of-day')).toMatchObject({ daysWithBurst: 7, days: 7 });
    expect(ev(d.findings[0]!, 'fixed-time-suggests-reload')).toBeDefined();
    const r = d.findings[0]!.recommendation!;
    expect(r.directive).toBe('LogLevel warn wsgi:info');
    expect(codes(r.caveats)).toContain('collect-main-log');
  });
});

describe('two rotations a day (daily timer + hourly size-based cron)', () => {
  it('attributes the 00:00 and the 14:00 bursts; the empty hourly windows do not dilute the test', () => {
    const midnight = daily('2026-11-11', 7, '00:00:01');
    const afternoon = daily('2026-11-11', 7, '14:00:02').filter((_, i) => i % 2 === 0);
    const restarts = [...midnight, ...afternoon].sort((a, b) => a - b);
    const hourly: RotationWindow[] = Array.from({ length: 7 * 24 }, (_, h) =>
      rotation(weekSpan.start + h * 3_600_000, 1, 'graceful', 'possible', '0 * * * *'),
    );
    const timer = midnight.map((t) => ({
      ...rotation(t - 1000, 1, 'graceful', 'likely', 'daily'),
      source: 'systemd' as const,
    }));
    const p = parsed({
      ...weekSpan,
      restarts: restarts.map((t) => restart(t)),
      events: restarts.flatMap((t, i) => burst(t + 700, 3, { gen: i, pid0: 100 * i })),
    });
    const d = run(p, { rotations: [...timer, ...hourly] });
    expect(d.verdict).toBe('rotation-restart');
    expect(d.bursts).toHaveLength(restarts.length);
    expect(d.bursts.every((b) => b.cause !== null)).toBe(true);
    expect(d.findings[0]!.confidence).toBeGreaterThan(0.9);
  });
});

describe('schedule windows only', () => {
  it('attributes to the rotation windows when the log has no restart notices, and trusts assumed distro defaults less', () => {
    const p = nightly();
    p.restarts = [];
    const given = run(p, { rotations: week.map((t) => rotation(t - 60_000, 5)) });
    expect(given.verdict).toBe('rotation-restart');
    expect(given.bursts.every((b) => b.cause?.kind === 'scheduled-rotation')).toBe(true);
    expect(ev(given.findings[0]!, 'restart-aligned')!.windows).toBe(7);
    const assumed = run(p, {
      rotations: week.map((t) => ({
        ...rotation(t - 60_000, 5),
        source: 'default' as const,
        origin: 'distro default (Debian 12: logrotate.timer)',
      })),
    });
    expect(assumed.findings[0]!.confidence).toBeLessThan(given.findings[0]!.confidence);
  });
});

describe('DST week (Europe/Berlin, 2026-10-25)', () => {
  it('keeps 06:25 local across the change and attributes every day', () => {
    const days = daily('2026-10-22', 7, '06:25:03');
    const p = parsed({
      start: at('2026-10-22T00:00:00'),
      end: at('2026-10-28T23:00:00'),
      restarts: days.map((t) => restart(t)),
      events: days.flatMap((t, i) => burst(t + 1000, 3, { gen: 20 + i, pid0: 50 * i })),
    });
    const d = run(p, { rotations: days.map((t) => rotation(t - 3000, 1)) });
    expect(d.verdict).toBe('rotation-restart');
    expect(d.recurrence).toMatchObject({ daysWithBurst: 7, days: 7, matchesSchedule: true });
    expect(formatSecondOfDay(d.recurrence!.fromSecondOfDay)).toBe('06:25');
  });
});

describe('a single burst, a short log', () => {
  it('finds one restart-aligned burst in a 3-hour log, confidence capped, and says the log is short', () => {
    const r = at('2026-11-17T06:25:03');
    const p = parsed({
      start: r - 2 * 3_600_000,
      end: r + 3_600_000,
      restarts: [restart(r)],
      banners: [banner(r + 2000, '4.9.4')],
      events: burst(r + 600, 5),
    });
    const d = run(p);
    expect(d.verdict).toBe('rotation-restart');
    expect(d.findings[0]!.confidence).toBeLessThanOrEqual(0.75);
    expect(d.recurrence).toBeNull();
    expect(missing(d, 'short-log')!.spanMs).toBeGreaterThan(2.5 * 3_600_000);
  });
  it('counts no generations from a first "configured" line that the failing sockets show was not a start (scenario single-burst)', () => {
    const r = at('2026-11-17T06:25:03');
    const first = restart(r - 86_400_000, 'configured', 'prefork', 1200);
    const p = parsed({
      start: first.time,
      end: r + 3_600_000,
      files: 1,
      restarts: [first, restart(r)],
      events: burst(r + 600, 3, { gen: 3 }),
    });
    expect(ev(run(p).findings[0]!, 'generation-older-than-in-force')).toBeUndefined();
    // while a real start (generation 0 failing after the first restart) is counted
    const fresh = parsed({
      start: first.time,
      end: r + 3_600_000,
      files: 1,
      restarts: [first, restart(r)],
      events: burst(r + 600, 3, { gen: 0 }),
    });
    expect(ev(run(fresh).findings[0]!, 'generation-older-than-in-force')).toEqual({
      older: 1,
      checked: 1,
      pairs: [[0, 1]],
    });
  });
});

describe('one burst in a log of seconds: the timing test cannot decide, direct evidence can', () => {
  // The sosreport shape (fixtures/bundles/sosreport-rhel9-web01): the rotated file with the
  // graceful notice was not collected; the current error_log starts with the parent's
  // "configured" line, then ENOENT on that parent's generation-19 socket from two children.
  const r = at('2026-11-22T03:30:04.118');
  const rhel = { ppid: 28402, gen: 19, prefix: '/run/httpd/wsgi' };
  const events = () => [
    ...burst(r + 1250, 3, { ...rhel, pid0: 22002, stepMs: 600 }),
    ...burst(r + 7300, 3, { ...rhel, pid0: 22002, stepMs: 4000 }),
  ];
  const short = (evs = events()) =>
    parsed({
      start: r,
      end: r + 15_700,
      files: 2,
      restarts: [restart(r, 'configured', 'event', 28402)],
      banners: [banner(r, '4.7.1', 'event')],
      events: evs,
    });
  const certain: RotationWindow = {
    ...rotation(at('2026-11-22T03:30:00'), 60, 'graceful', 'certain', '*-*-* 03:30:00'),
    source: 'systemd',
    reason: 'state file records the last rotation at 2026-11-22 03:30:02',
  };

  it('gives rotation-restart with moderate confidence, says why and what would confirm it', () => {
    const d = run(short(), { rotations: [certain] });
    expect(d.statistics!.p).toBeGreaterThan(0.05);
    expect(timingUninformative(d.statistics!)).toBe(true);
    expect(d.verdict).toBe('rotation-restart');
    const f = d.findings[0]!;
    expect(f.confidence).toBeGreaterThanOrEqual(0.5);
    expect(f.confidence).toBeLessThanOrEqual(0.7);
    expect(ev(f, 'not-chance')).toBeUndefined();
    expect(ev(f, 'timing-undecidable-direct')).toMatchObject({
      rotation: 'on',
      parents: [28402],
      generations: [19],
      priorRestarts: 19,
      maxLagSeconds: 1.3,
    });
    expect(ev(f, 'restarts-in-rotation')).toMatchObject({ likelihood: 'certain' });
    expect(ev(f, 'restarts-in-rotation')!.reason).toMatch(/^state file/);
    expect(f.recommendation!.directive).toBe('WSGISocketRotation Off');
    expect(f.recommendation!.caveats[1]).toMatchObject({ code: 'few-occurrences', args: { occurrences: 1 } });
    expect(Math.round(missing(d, 'short-log')!.spanMs / 1000)).toBe(16);
    expect(Math.floor(missing(d, 'restart-notices-rotated-away')!.at / 1000)).toBe(at('2026-11-22T03:30:04') / 1000);
  });
  it('trusts it less without the logrotate run around the restart', () => {
    const withRun = run(short(), { rotations: [certain] }).findings[0]!.confidence;
    const without = run(short()).findings[0]!;
    expect(without.kind).toBe('rotation-restart');
    expect(without.confidence).toBeLessThan(withRun);
  });
  it.each([
    [
      'the sockets belong to another parent',
      () => short(events().map((e) => ({ ...e, socketInfo: { ...e.socketInfo!, parentPid: 999 } }))),
    ],
    [
      'the same children keep failing later',
      () => short([...events(), ...burst(r + 3_600_000, 2, { ...rhel, pid0: 22002 })]),
    ],
    ['the errors are EAGAIN, not ENOENT', () => short(events().map((e) => ({ ...e, errno: 11 })))],
    [
      'the errors go on for 15 minutes (a daemon that did not come back)',
      () => short(burst(r + 1250, 31, { ...rhel, pid0: 22002, stepMs: 30_000 })),
    ],
    ['a "daemon died" line comes with them', () => ({ ...short(), related: [rel(r + 900, 'daemon-died', 28500)] })],
    [
      'the failing socket is generation 0 (a fresh start)',
      () => short(events().map((e) => ({ ...e, socketInfo: { ...e.socketInfo!, generation: 0 } }))),
    ],
  ])('stays off WSGISocketRotation Off when %s', (_label, make) => {
    const d = run(make(), { rotations: [certain] });
    expect(d.findings.some((f) => f.recommendation?.directive === 'WSGISocketRotation Off')).toBe(false);
  });
  it('does not take the new generation failing (the restart did not bring its daemon up) for old children', () => {
    // the parent's start and one restart in the log: generation 1 is the one the restart created
    const start = restart(r - 300_000, 'configured', 'event', 28402);
    const mk = (gen: number) =>
      parsed({
        start: start.time,
        end: r + 15_700,
        files: 2,
        restarts: [start, restart(r, 'graceful', 'event', 28402)],
        banners: [banner(r, '4.7.1', 'event')],
        events: burst(r + 1250, 4, { ...rhel, gen, pid0: 22002, stepMs: 600 }),
      });
    expect(run(mk(0)).verdict).toBe('rotation-restart');
    const d = run(mk(1));
    expect(d.findings.some((f) => f.recommendation?.directive === 'WSGISocketRotation Off')).toBe(false);
  });
  it('does not count a bare logrotate window as a restart seen', () => {
    const p = short();
    p.restarts = [];
    const d = run(p, { rotations: [certain] });
    expect(d.verdict).toBe('inconclusive');
    expect(ev(d.findings[0]!, 'aligned-by-chance')!.undecidable).toBe(true);
  });
});

describe('bursts at random times', () => {
  it('does not recommend Off and lands on inconclusive with what to collect next', () => {
    const rand = rng(11);
    const starts = Array.from({ length: 12 }, () => weekSpan.start + rand() * (weekSpan.end - weekSpan.start)).sort(
      (a, b) => a - b,
    );
    const p = parsed({
      ...weekSpan,
      restarts: week.map((t) => restart(t)),
      events: starts.flatMap((t) => burst(t, 2)),
    });
    const d = run(p);
    expect(d.findings.some((f) => f.recommendation?.directive === 'WSGISocketRotation Off')).toBe(false);
    expect(d.verdict).toBe('inconclusive');
    expect(d.missingEvidence.length).toBeGreaterThan(0);
    // how far each unaligned burst is from the restart before it, for the first three
    const items = d.findings[0]!.evidence;
    const first = d.bursts[0]!.start;
    const prev = week.filter((t) => t <= first).pop()!;
    expect(items[1]).toMatchObject({
      code: 'nearest-trigger',
      args: {
        burst: 0,
        at: first,
        gapMs: first - prev,
        windowSeconds: 60,
        before: { kind: 'graceful-restart', at: prev },
      },
    });
    expect(items.filter((e) => e.code === 'nearest-trigger')).toHaveLength(3);
    expect(ev(d.findings[0]!, 'more-outside-windows')).toEqual({ more: 9 });
  });
});

describe('rotation-already-off', () => {
  it('u<uid> sockets failing after restarts: not Off again, the MPM / KeepAliveTimeout cure', () => {
    const d = run(nightly({ uid: true }));
    expect(d.verdict).toBe('rotation-already-off');
    const r = d.findings[0]!.recommendation!;
    expect(r.directive).not.toContain('WSGISocketRotation');
    expect(r.code).toBe('shorten-keepalive');
    expect(r.directive).toBe('KeepAliveTimeout 2');
    expect(r.args).toMatchObject({ mpm: 'prefork' });
    expect(ev(d.findings[0]!, 'stable-socket-names')).toEqual({ stable: 49, errors: 49 });
  });
  it('the origin-check pair after restarts, with no connect errors at all', () => {
    const related = week.flatMap((t) => [
      rel(t + 1200, 'origin-check-failed', 8000),
      rel(t + 1210, 'truncated-headers', 3000),
      rel(t + 1300, 'origin-check-failed', 8000),
      rel(t + 1310, 'truncated-headers', 3001),
    ]);
    const d = run(parsed({ ...weekSpan, restarts: week.map((t) => restart(t)), related }));
    expect(d.verdict).toBe('rotation-already-off');
    expect(d.findings[0]!.bursts).toEqual([]);
    expect(d.findings[0]!.confidence).toBeGreaterThan(0.8);
    expect(ev(d.findings[0]!, 'origin-check-alerts')!.alerts).toBe(14);
    const tr = ev(d.findings[0]!, 'origin-check-truncated') as { truncated: number; asLogged: { count: number }[] };
    expect(tr.truncated).toBe(14);
    // the lines as logged, counted per wording and group: all 14 accounted for
    expect(tr.asLogged.reduce((s, l) => s + l.count, 0)).toBe(14);
  });
  it('truncated headers alone at restarts (in-flight requests cut off, quru/qis#5) are not that signature', () => {
    const related = week.map((t) => rel(t + 1200, 'truncated-headers', 3000));
    expect(run(parsed({ ...weekSpan, restarts: week.map((t) => restart(t)), related })).verdict).toBe('no-errors');
  });
});

describe('backlog-overload, and several findings at once', () => {
  it('a nightly rotation problem AND an afternoon overload', () => {
    const p = nightly();
    const afternoons = daily('2026-11-12', 3, '15:10:00', ZONE);
    p.events = ConnectErrors.from([
      ...p.events,
      ...afternoons.flatMap((t, i) =>
        burst(t + i * 600_000, 30, { errno: 11, gen: 11 + i, stepMs: 2000, pid0: 9000 + 100 * i }),
      ),
    ]);
    const d = run(p, { apache: null });
    expect(d.findings.map((f) => f.kind).sort()).toEqual(['backlog-overload', 'rotation-restart']);
    const o = find(d.findings, 'backlog-overload')!;
    expect(o.bursts).toHaveLength(3);
    expect(ev(o, 'backlog-errnos')).toMatchObject({ eagain: 90 });
    expect(o.recommendation!.args).toMatchObject({
      daemonLine: expect.stringMatching(/^WSGIDaemonProcess app .*listen-backlog=500.*queue-timeout=45/),
    });
    expect(find(d.findings, 'rotation-restart')!.bursts).toHaveLength(7);
    expect(d.bursts.filter((b) => b.cause === null)).toHaveLength(3);
  });
  it('puts a solid overload before a single restart-aligned burst in the verdict', () => {
    const r = at('2026-11-12T06:25:03');
    const events = [
      ...burst(r + 500, 3),
      ...daily('2026-11-13', 4, '15:10:00').flatMap((t, i) =>
        burst(t, 25, { errno: 11, stepMs: 2000, pid0: 7000 + 100 * i }),
      ),
    ];
    const d = run(parsed({ ...weekSpan, restarts: [restart(r)], events }));
    expect(d.findings.map((f) => f.kind)).toEqual(['backlog-overload', 'rotation-restart']);
    expect(d.verdict).toBe('backlog-overload');
    expect(d.findings[1]!.confidence).toBeLessThanOrEqual(0.75);
  });
  it('keeps the declared daemon options and says where it is declared', () => {
    const apache: ApacheConfigFacts = {
      files: ['/etc/apache2/apache2.conf'],
      serverRoot: null,
      socketRotation: null,
      socketPrefix: null,
      keepAlive: null,
      keepAliveTimeout: null,
      maxKeepAliveRequests: null,
      gracefulShutdownTimeout: null,
      mpm: null,
      daemons: [
        {
          name: 'app',
          options: { processes: '2', threads: '10', 'python-home': '/srv/venv' },
          origin: '/etc/apache2/sites-enabled/app.conf:4',
        },
      ],
      problems: [],
    };
    const t = at('2026-11-13T15:10:00');
    const d = run(parsed({ ...weekSpan, events: burst(t, 20, { errno: 11, stepMs: 1000 }) }), { apache });
    expect(d.verdict).toBe('backlog-overload');
    const r = d.findings[0]!.recommendation!;
    expect(r.args).toMatchObject({
      daemonLine:
        'WSGIDaemonProcess app processes=4 threads=10 python-home=/srv/venv listen-backlog=500 queue-timeout=45',
    });
    expect(r.context).toContain('/etc/apache2/sites-enabled/app.conf:4');
  });
});

describe('socket-permission', () => {
  it('EACCES from the first request on (INSaFLU/docker#72): WSGISocketPrefix, not Off', () => {
    const start = at('2026-11-13T09:00:00');
    const events = Array.from({ length: 40 }, (_, i) =>
      burst(start + i * 1_800_000, 2, { errno: 13, prefix: '/etc/httpd/logs/wsgi', ppid: 1839, gen: 0 }),
    ).flat();
    const d = run(parsed({ ...weekSpan, events, restarts: [restart(start - 5000, 'configured', 'prefork', 1839)] }));
    expect(d.verdict).toBe('socket-permission');
    expect(d.findings).toHaveLength(1);
    const r = d.findings[0]!.recommendation!;
    expect(r.directive).toBe('WSGISocketPrefix run/wsgi');
    expect(r.args).toMatchObject({ socketPrefix: '/etc/httpd/logs/wsgi' });
    expect(d.findings[0]!.evidence[0]).toMatchObject({
      code: 'permission-denied',
      args: { eacces: 80, errors: 80, bursts: 40 },
    });
  });
});

describe('daemon-down', () => {
  it('ECONNREFUSED for two hours without a quiet gap', () => {
    const start = at('2026-11-14T10:00:00');
    const events = burst(start, 240, { errno: 111, stepMs: 30_000 });
    const d = run(parsed({ ...weekSpan, events, related: [rel(start - 1000, 'daemon-died', 1300)] }));
    expect(d.verdict).toBe('daemon-down');
    expect(d.findings[0]!.evidence[0]).toMatchObject({ code: 'no-recovery', args: { longestMinutes: 120 } });
    expect(ev(d.findings[0]!, 'daemon-died')!.count).toBe(1);
    expect(codes(d.findings[0]!.recommendation!.caveats)).toContain('check-daemons-running');
  });
});

describe('no errors', () => {
  it('gives verdict no-errors, no findings and nothing missing', () => {
    const d = run(parsed({ ...weekSpan, restarts: week.map((t) => restart(t)) }));
    expect(d).toMatchObject({
      verdict: 'no-errors',
      findings: [],
      bursts: [],
      missingEvidence: [],
      statistics: null,
      recurrence: null,
    });
  });
});

describe('never WSGISocketRotation Off without restart-aligned bursts', () => {
  it.each([1, 2, 3, 4, 5])('random ENOENT bursts, random restarts, seed %i', (seed) => {
    const rand = rng(seed);
    const when = () => weekSpan.start + rand() * (weekSpan.end - weekSpan.start);
    const p = parsed({
      ...weekSpan,
      restarts: Array.from({ length: 5 }, when)
        .sort((a, b) => a - b)
        .map((t) => restart(t)),
      events: Array.from({ length: 15 }, when)
        .sort((a, b) => a - b)
        .flatMap((t) => burst(t, 2)),
    });
    const d = run(p);
    for (const f of d.findings) {
      if (f.recommendation?.directive !== 'WSGISocketRotation Off') continue;
      expect(f.bursts.length).toBeGreaterThan(0);
      expect(f.bursts.every((i) => d.bursts[i]!.cause !== null)).toBe(true);
      expect(f.confidence).toBeLessThan(0.5);
    }
  });
});
