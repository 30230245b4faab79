// The diagnosis on REAL logs: fixtures/real/<scenario>/ were captured from real Apache 2.4 +
// mod_wsgi 4.9.4 + logrotate runs by the reproduction harness (scripts/repro/, each folder's
// README says what was done and what the right diagnosis is). Logs go through the real reader
// (src/inputs) and the Apache config through the real config reader (src/apacheconf).
import { formatSecondOfDay } from '../../src/time/index.js';
import { caveat, ev } from './facts.js';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readApacheConfig } from '../../src/apacheconf/index.js';
import { diagnose } from '../../src/diagnose/index.js';
import { readLogs, resolveInputs } from '../../src/inputs/index.js';
import type { Verdict } from '../../src/model.js';
import { parseTimeOption } from '../../src/time/index.js';

const ROOT = path.resolve(import.meta.dirname, '../../fixtures/real');
const ZONE = 'Europe/Berlin'; // the harness ran under TZ=Europe/Berlin (README of each folder)

async function load(name: string, window: { since?: number; until?: number } = {}) {
  const dir = path.join(ROOT, name);
  const logs = fs.readdirSync(path.join(dir, 'logs')).map((f) => path.join(dir, 'logs', f));
  const parsed = await readLogs(resolveInputs(logs, { rotated: false }), { zone: ZONE, workers: 0, ...window });
  const apache = readApacheConfig(path.join(dir, 'config/httpd.conf'));
  return { parsed, apache };
}

// Expected verdicts: the "Right diagnosis" section of each fixture's README.
const CASES: [string, Verdict][] = [
  ['daily-rotation-prefork', 'rotation-restart'],
  ['daily-rotation-worker', 'rotation-restart'],
  ['daily-rotation-event', 'no-errors'],
  ['full-restart-prefork', 'no-errors'],
  ['copytruncate-prefork', 'no-errors'],
  ['rotation-off-prefork', 'rotation-already-off'],
  ['backlog-overload', 'backlog-overload'],
  ['socket-permission', 'socket-permission'],
];
const present = CASES.filter(([n]) => fs.existsSync(path.join(ROOT, n, 'logs')));

/** The harness's own count of connect errors (counts.json, counted independently of our parser). */
function harnessCount(name: string): number {
  const c = JSON.parse(fs.readFileSync(path.join(ROOT, name, 'counts.json'), 'utf8')) as {
    files: Record<string, { WSGI0116: number; WSGI0117: number }>;
  };
  return Object.values(c.files).reduce((s, f) => s + f.WSGI0116 + f.WSGI0117, 0);
}

describe.each(present)('%s', (name, verdict) => {
  it(`gives ${verdict}, with and without the Apache config`, async () => {
    const { parsed, apache } = await load(name);
    expect(parsed.events).toHaveLength(harnessCount(name));
    if (verdict !== 'no-errors') expect(parsed.events.length).toBeGreaterThan(0);
    for (const a of [apache, null]) {
      const d = diagnose({ parsed, rotations: [], apache: a, logrotate: null, zone: ZONE });
      expect(d.verdict).toBe(verdict);
      if (verdict !== 'rotation-restart')
        expect(d.findings.some((f) => f.recommendation?.directive === 'WSGISocketRotation Off')).toBe(false);
    }
  });
});

describe('daily-rotation-prefork in detail', () => {
  it('attributes every burst to the graceful restart before it, names prefork, 4.9.4 and the previous generation', async () => {
    const { parsed, apache } = await load('daily-rotation-prefork');
    const d = diagnose({ parsed, rotations: [], apache, logrotate: null, zone: ZONE });
    const days = (
      JSON.parse(fs.readFileSync(path.join(ROOT, 'daily-rotation-prefork/counts.json'), 'utf8')) as {
        rotations: number;
      }
    ).rotations;
    expect(d.bursts).toHaveLength(days);
    for (const b of d.bursts) {
      expect(b.cause?.kind).toBe('graceful-restart');
      expect(b.cause!.lagSeconds).toBeGreaterThanOrEqual(0);
      expect(b.cause!.lagSeconds).toBeLessThan(305); // KeepAliveTimeout 300 + slack, from config/httpd.conf
    }
    const f = d.findings[0]!;
    expect(f.kind).toBe('rotation-restart');
    expect(f.confidence).toBeGreaterThan(0.8);
    expect(ev(f, 'restart-aligned')!.window.keepAlive).toMatchObject({ on: true, timeout: 300 });
    expect(ev(f, 'mpm-seen')!.mpm).toBe('prefork');
    // Apache started in the capture (generation 0), one graceful restart a day
    const gen = ev(f, 'generation-older-than-in-force')!;
    expect([gen.older, gen.checked]).toEqual([days, days]);
    expect(gen.pairs.slice(0, 4)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
    const n = harnessCount('daily-rotation-prefork');
    expect(ev(f, 'enoent-socket-removed')).toEqual({ enoent: n, errors: n });
    expect(f.recommendation!.caveats[0]).toMatchObject({
      code: 'version-supports-rotation',
      args: { version: '4.9.4' },
    });
    expect(caveat(f, 'prefork-off-origin-check')).toBeDefined();
    expect(d.recurrence).toMatchObject({ daysWithBurst: days });
    expect(formatSecondOfDay(d.recurrence!.fromSecondOfDay)).toMatch(/^06:2/);
  });
  it('still finds it from the current file plus the rotated ones only — and reading only the current file shows nothing', async () => {
    const dir = path.join(ROOT, 'daily-rotation-prefork/logs');
    const onlyCurrent = await readLogs(resolveInputs([path.join(dir, 'error.log')], { rotated: false }), {
      zone: ZONE,
      workers: 0,
    });
    expect(diagnose({ parsed: onlyCurrent, rotations: [], apache: null, logrotate: null, zone: ZONE }).verdict).toBe(
      'no-errors',
    );
  });
});

describe('rotation-off-prefork in detail', () => {
  it('shows the origin-check pair after the restarts and does not recommend Off again', async () => {
    const { parsed, apache } = await load('rotation-off-prefork');
    const d = diagnose({ parsed, rotations: [], apache, logrotate: null, zone: ZONE });
    const f = d.findings.find((x) => x.kind === 'rotation-already-off')!;
    expect(ev(f, 'origin-check-alerts')!.alerts).toBeGreaterThan(0);
    expect(ev(f, 'origin-check-truncated')!.truncated).toBeGreaterThan(0);
    expect(f.recommendation!.directive).not.toContain('WSGISocketRotation');
  });
});

describe('socket-permission in detail', () => {
  it('names the unreachable prefix, the child uid, and a generic prefix for an unknown layout', async () => {
    const { parsed, apache } = await load('socket-permission');
    const f = diagnose({ parsed, rotations: [], apache, logrotate: null, zone: ZONE }).findings[0]!;
    expect(f.recommendation!.directive).toBe('WSGISocketPrefix /var/run/wsgi');
    expect(f.recommendation!.args).toMatchObject({
      childUid: 33,
      socketPrefix: expect.stringMatching(/^\/tmp\/wsgi-logdoctor-repro-socket-permission-[^/]+\/locked\/wsgi$/),
    });
    expect(f.evidence[0]).toMatchObject({ code: 'permission-denied', args: { eacces: 15, errors: 15 } });
  });
});

describe('a six-minute slice around one rotation: the timing test cannot decide, the errors themselves can', () => {
  const sliceOf = (day: string) => ({
    since: parseTimeOption(`${day}T06:24:30`, ZONE, 0, 'test'),
    until: parseTimeOption(`${day}T06:30:00`, ZONE, 0, 'test'),
  });
  const slice = sliceOf('2026-11-15');
  // rotation-off-prefork: a day whose rotation had a u33 ENOENT beside the origin-check pairs (its README's per-day table)
  it.each([
    ['daily-rotation-prefork', '2026-11-15', 'rotation-restart', true],
    ['daily-rotation-worker', '2026-11-15', 'rotation-restart', true],
    ['rotation-off-prefork', '2026-11-17', 'rotation-already-off', false],
  ] as const)('%s on %s → %s at moderate confidence (Off recommended: %s)', async (name, day, verdict, off) => {
    const { parsed, apache } = await load(name, sliceOf(day));
    const d = diagnose({ parsed, rotations: [], apache, logrotate: null, zone: ZONE });
    expect(d.statistics!.p).toBeGreaterThan(0.05);
    expect(d.verdict).toBe(verdict);
    const f = d.findings[0]!;
    expect(f.confidence).toBeGreaterThanOrEqual(0.5);
    expect(f.confidence).toBeLessThanOrEqual(0.7);
    expect(ev(f, 'timing-undecidable-direct')).toBeDefined();
    expect(d.findings.some((x) => x.recommendation?.directive === 'WSGISocketRotation Off')).toBe(off);
  });
  it('the event MPM capture stays without errors', async () => {
    const { parsed, apache } = await load('daily-rotation-event', slice);
    expect(diagnose({ parsed, rotations: [], apache, logrotate: null, zone: ZONE }).verdict).toBe('no-errors');
  });
});
