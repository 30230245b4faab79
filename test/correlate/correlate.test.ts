// Bursts, triggers, the failure window and attribution. Records are synthetic (see
// test/diagnose/build.ts for where their values come from).
import { describe, expect, it } from 'vitest';
import {
  attributeBursts,
  collectTriggers,
  DEFAULT_BURST_GAP_SECONDS,
  failureWindow,
  findBursts,
} from '../../src/correlate/index.js';
import type { ApacheConfigFacts } from '../../src/model.js';
import { at, burst, ev, restart, rotation } from '../diagnose/build.js';

function facts(p: Partial<ApacheConfigFacts>): ApacheConfigFacts {
  return {
    files: ['/etc/apache2/apache2.conf'],
    serverRoot: null,
    socketRotation: null,
    socketPrefix: null,
    keepAlive: null,
    keepAliveTimeout: null,
    maxKeepAliveRequests: null,
    gracefulShutdownTimeout: null,
    mpm: null,
    daemons: [],
    problems: [],
    ...p,
  };
}

describe('findBursts', () => {
  const t0 = at('2026-11-17T06:25:03');
  it('splits on quiet gaps longer than the gap and keeps one restart together', () => {
    const events = [
      ...burst(t0, 5, { stepMs: 200 }),
      ...burst(t0 + 119_000, 1),
      ...burst(t0 + 600_000, 3, { errno: 11, gen: 4 }),
    ];
    const bs = findBursts(events);
    expect(DEFAULT_BURST_GAP_SECONDS).toBe(120);
    expect(bs.map((b) => b.count)).toEqual([6, 3]);
    expect(bs[0]!.start).toBe(t0);
    expect(bs[0]!.codes).toEqual({ WSGI0117: 6 });
    expect(bs[1]!.codes).toEqual({ WSGI0116: 3 });
    expect(bs[1]!.errnos).toEqual([11]);
    expect(bs[0]!.generations).toEqual([3]);
    expect(bs[0]!.sockets).toEqual(['/var/run/apache2/wsgi.1200.3.1.sock']);
    expect(bs[0]!.pids).toEqual([5000, 5001, 5002, 5003, 5004]);
    expect(bs.every((b) => b.cause === null)).toBe(true);
  });
  it.each([
    [10, 3],
    [200, 2],
    [1000, 1],
  ])('gap %i s gives %i bursts', (gap, n) => {
    const events = [ev(t0), ev(t0 + 60_000), ev(t0 + 360_000)];
    expect(findBursts(events, gap)).toHaveLength(n);
  });
  it('sorts its input and rejects a negative gap', () => {
    const events = [ev(t0 + 5000), ev(t0)];
    expect(findBursts(events)[0]!.start).toBe(t0);
    expect(() => findBursts(events, -1)).toThrow(RangeError);
    expect(findBursts([])).toEqual([]);
  });
});

describe('collectTriggers', () => {
  const day = at('2026-11-17T06:25:03');
  it('turns graceful and HUP markers into triggers, and a marker inside a rotation window carries the window', () => {
    const w = rotation(at('2026-11-17T06:25:00'), 1);
    const ts = collectTriggers([restart(day, 'graceful'), restart(day + 3600_000, 'restart')], [w]);
    expect(ts.map((t) => [t.kind, t.source])).toEqual([
      ['graceful-restart', 'marker'],
      ['restart', 'marker'],
    ]);
    expect(ts[0]!.rotation).toBe(w);
    expect(ts[1]!.rotation).toBeNull();
  });
  it('never makes a copytruncate (action none) rotation a trigger', () => {
    expect(collectTriggers([], [rotation(day, 1, 'none')])).toEqual([]);
  });
  it('keeps a reload window without a marker as a scheduled-rotation trigger spanning the window', () => {
    const w = rotation(at('2026-11-17T03:05:00'), 45, 'graceful', 'likely', 'anacron cron.daily');
    const [t] = collectTriggers([], [w]);
    expect(t).toMatchObject({
      kind: 'scheduled-rotation',
      source: 'rotation',
      time: w.start,
      until: w.end,
      origin: '/etc/crontab:17',
    });
  });
  it('infers a restart from a "configured" line whose marker was rotated away, not from one that completes a restart', () => {
    const seen = restart(day - 86_400_000, 'configured', 'prefork', 1200);
    const missing = restart(day, 'configured', 'prefork', 1200);
    expect(collectTriggers([seen, missing], []).map((t) => [t.source, t.time])).toEqual([['inferred', day]]);
    const flagged = restart(day, 'configured', 'prefork', 777, { markerMissing: true });
    expect(collectTriggers([flagged], [])).toHaveLength(1);
    // graceful then configured 2 s later: the configured line belongs to that restart
    const pair = [restart(day, 'graceful'), restart(day + 2000, 'configured')];
    expect(collectTriggers(pair, [])).toHaveLength(1);
    // a fresh start of a new parent pid is no trigger
    expect(collectTriggers([restart(day, 'configured', 'prefork', 9999)], [])).toEqual([]);
  });
  it('infers a restart from a "configured" line when failing sockets named that parent before it, not after', () => {
    const line = restart(day, 'configured', 'prefork', 1200, { line: 1 });
    expect(collectTriggers([line], [], [ev(day - 3_600_000, { gen: 6 })])).toHaveLength(1);
    // a fresh start whose sockets fail later (e.g. the first file of the capture) is no restart
    expect(collectTriggers([line], [], [ev(day + 86_400_000, { gen: 1 })])).toHaveLength(0);
    expect(collectTriggers([line], [], [ev(day + 1300, { gen: 0 })])).toHaveLength(0);
  });
  it('infers a restart from a "configured" line followed at once by failures of an older, non-zero generation of that parent (sosreport: wsgi.28402.19.24.sock)', () => {
    // a fresh start runs generation 0, so generation-19 children failing 1.3 s later predate the line
    const line = restart(day, 'configured', 'event', 28402, { line: 1 });
    const failing = ev(day + 1300, { gen: 19, ppid: 28402, prefix: '/run/httpd/wsgi' });
    expect(collectTriggers([line], [], [failing])).toMatchObject([
      { source: 'inferred', kind: 'graceful-restart', parentPid: 28402, time: day },
    ]);
    // another parent's sockets say nothing about this one
    expect(collectTriggers([line], [], [ev(day + 1300, { gen: 19, ppid: 999 })])).toHaveLength(0);
    // nor does a failure after this parent's next lifecycle line
    const stop = restart(day + 500, 'stop', 'event', 28402);
    expect(collectTriggers([line, stop], [], [failing]).filter((t) => t.source === 'inferred')).toHaveLength(0);
  });
});

describe('failureWindow', () => {
  it('uses a documented 60 s default without a config', () => {
    expect(failureWindow(null)).toMatchObject({ immediateSeconds: 60, connectTimeoutSeconds: 15 });
  });
  it('derives KeepAliveTimeout + slack and the largest connect-timeout from the config', () => {
    const fw = failureWindow(
      facts({
        keepAliveTimeout: { value: 15, origin: 'apache2.conf:101' },
        daemons: [
          { name: 'app', options: { 'connect-timeout': '30' }, origin: 'sites-enabled/app.conf:3' },
          { name: 'other', options: {}, origin: 'x.conf:1' },
        ],
      }),
    );
    expect(fw).toMatchObject({ immediateSeconds: 20, connectTimeoutSeconds: 30 });
    expect(fw.basis).toMatchObject({
      keepAlive: { on: true, timeout: 15, origin: 'apache2.conf:101' },
      connectTimeout: { seconds: 30, origin: 'sites-enabled/app.conf:3' },
    });
    const withContext = failureWindow(
      facts({
        maxKeepAliveRequests: { value: 0, origin: 'a:1' },
        gracefulShutdownTimeout: { value: 60, origin: 'a:2' },
      }),
    );
    expect(withContext.immediateSeconds).toBe(10);
    expect(withContext.basis).toMatchObject({ maxKeepAliveRequests: 0, gracefulShutdownTimeout: 60 });
  });
  it('uses the httpd default KeepAliveTimeout 5 and drops it with KeepAlive Off', () => {
    expect(failureWindow(facts({})).immediateSeconds).toBe(10);
    expect(failureWindow(facts({ keepAlive: { value: false, origin: 'a.conf:2' } })).immediateSeconds).toBe(5);
  });
});

describe('attributeBursts', () => {
  const r = at('2026-11-17T06:25:03.400');
  const fw = failureWindow(facts({}));
  it('attributes with the lag in seconds', () => {
    const bs = findBursts(burst(r + 1400, 4));
    const { bursts, attributions } = attributeBursts(bs, collectTriggers([restart(r)], []), fw);
    expect(bursts[0]!.cause).toEqual({ kind: 'graceful-restart', time: r, lagSeconds: 1.4 });
    expect(attributions[0]!.windowSeconds).toBe(10);
  });
  it('gives WSGI0116 connect-timeout more, but not ENOENT', () => {
    const late = 18_000;
    const triggers = collectTriggers([restart(r)], []);
    expect(
      attributeBursts(findBursts(burst(r + late, 2, { errno: 111 })), triggers, fw).bursts[0]!.cause?.lagSeconds,
    ).toBe(18);
    expect(attributeBursts(findBursts(burst(r + late, 2)), triggers, fw).bursts[0]!.cause).toBeNull();
  });
  it('does not attribute a burst that starts before the restart', () => {
    const { bursts } = attributeBursts(findBursts(burst(r - 30_000, 3)), collectTriggers([restart(r)], []), fw);
    expect(bursts[0]!.cause).toBeNull();
  });
  it('prefers the restart notice over the rotation window around it', () => {
    const w = rotation(at('2026-11-17T06:25:00'), 2);
    const { bursts } = attributeBursts(findBursts(burst(r + 1000, 2)), collectTriggers([restart(r)], [w]), fw);
    expect(bursts[0]!.cause).toMatchObject({ kind: 'graceful-restart', time: r });
  });
});
