// Builds Report objects from the real reproduction logs in samples/daily-rotation-prefork (see
// samples/README.md) at each stage of the pipeline: parse only, + schedule, + diagnosis.
// The parse stage and the Apache config are the real code; the schedule windows, bursts and the
// finding are assembled here from the parsed events and the run's documented logrotate time.
import * as path from 'node:path';
import { readApacheConfig } from '../../src/apacheconf/index.js';
import { buildReport } from '../../src/analyse/report.js';
import { readLogs, resolveInputs } from '../../src/inputs/index.js';
import type { Burst, Finding, Report, RotationWindow, WsgiConnectError } from '../../src/model.js';
import { DateTime } from 'luxon';

export const SAMPLE_DIR = path.resolve(__dirname, 'samples/daily-rotation-prefork');
export const ROTATION_OFF_DIR = path.resolve(__dirname, 'samples/rotation-off-prefork');
export const ZONE = 'Europe/Berlin';

export async function parseStage(dir = SAMPLE_DIR): Promise<Report> {
  const specs = resolveInputs([path.join(dir, 'error.log')], { rotated: true });
  const parsed = await readLogs(specs, { zone: ZONE, workers: 0 });
  return buildReport({ parsed, zone: ZONE });
}

/** The run rotated at 06:25 local time each day (samples/README.md); logrotate ran for under a second. */
export function withSchedule(report: Report): Report {
  const rotations: RotationWindow[] = ['2026-11-14', '2026-11-15'].map((day) => {
    const start = DateTime.fromISO(`${day}T06:25:00`, { zone: ZONE }).toMillis();
    return {
      start,
      end: start + 1000,
      source: 'schedule',
      spec: '25 6 * * *',
      origin: '--schedule',
      action: 'graceful',
      likelihood: 'certain',
      reason: 'logrotate -f in the reproduction run',
    };
  });
  return {
    ...report,
    rotations,
    schedule: {
      sources: [
        {
          source: 'schedule',
          spec: '25 6 * * *',
          origin: '--schedule',
          description: 'daily at 06:25',
          assumption: false,
        },
      ],
      logrotate: {
        origin: path.join(SAMPLE_DIR, 'logrotate.conf') + ':1',
        patterns: ['/tmp/…/logs/*.log'],
        frequency: 'daily',
        action: 'graceful',
        actionDetail: 'postrotate runs apache2 -k graceful',
        options: { compress: true, delaycompress: true, rotate: 14 },
        matchedBy: 'basename',
        consequences: ['delaycompress keeps error.log.1 uncompressed, so old children can still append to it'],
      },
      assumptions: [],
    },
    apacheConfig: readApacheConfig(path.join(SAMPLE_DIR, 'httpd.conf')),
  };
}

/** Bursts by a 60 s gap, each attributed to the graceful restart just before it. */
export function burstsOf(report: Report): Burst[] {
  const events = [...report.events].sort((a, b) => a.time - b.time);
  const groups: WsgiConnectError[][] = [];
  for (const e of events) {
    const last = groups[groups.length - 1];
    if (last && e.time - last[last.length - 1]!.time <= 60_000) last.push(e);
    else groups.push([e]);
  }
  return groups.map((g) => {
    const start = g[0]!.time;
    const restart = [...report.restarts]
      .reverse()
      .find((r) => r.marker === 'graceful' && r.time <= start && start - r.time < 60_000);
    const codes: Burst['codes'] = {};
    for (const e of g) codes[e.code] = (codes[e.code] ?? 0) + 1;
    return {
      start,
      end: g[g.length - 1]!.time,
      count: g.length,
      codes,
      groups: [...new Set(g.map((e) => e.group ?? ''))].filter(Boolean),
      pids: [...new Set(g.map((e) => e.pid ?? 0))],
      errnos: [...new Set(g.map((e) => e.errno ?? 0))],
      sockets: [...new Set(g.map((e) => e.socket ?? ''))],
      generations: [...new Set(g.map((e) => e.socketInfo?.generation ?? -1))],
      cause: restart
        ? { kind: 'graceful-restart', time: restart.time, lagSeconds: (start - restart.time) / 1000 }
        : null,
    };
  });
}

export function withDiagnosis(report: Report): Report {
  const bursts = burstsOf(report);
  const attributed = bursts.filter((b) => b.cause !== null).length;
  const finding: Finding = {
    kind: 'rotation-restart',
    confidence: 0.93,
    bursts: bursts.map((_b, i) => i),
    explains: { errors: report.events.length, bursts: bursts.length },
    role: 'primary',
    evidence: [
      {
        code: 'first-aligned',
        args: {
          at: bursts[0]!.start,
          errors: bursts[0]!.count,
          lagSeconds: bursts[0]!.cause?.lagSeconds ?? 0,
          trigger: 'graceful-restart',
          inferred: false,
          triggerAt: bursts[0]!.cause?.time ?? bursts[0]!.start,
          origin: 'error.log.1:1',
        },
      },
      {
        code: 'rotating-socket-names',
        args: { rotating: report.events.length, errors: report.events.length, stable: 0 },
      },
    ],
    recommendation: {
      code: 'socket-rotation-off',
      args: { upgradeFirst: false, version: '4.9.4', layout: null },
      directive: 'WSGISocketRotation Off',
      context: 'server config',
      caveats: [{ code: 'prefork-off-origin-check', args: { mpm: 'prefork', basis: null } }],
      verify: [{ code: 'verify-rotation-off', args: { socketDir: null, recurringAt: '06:25', event: false } }],
    },
  };
  void attributed;
  return {
    ...report,
    summary: { ...report.summary, bursts: bursts.length },
    bursts: bursts.map((b) => ({ ...b, host: '', impact: null })),
    findings: [finding],
    verdict: 'rotation-restart',
    missingEvidence: [],
    statistics: {
      method: 'permutation-and-binomial',
      shifts: 9999,
      seed: 20261117,
      p: 2.1e-7,
      k: 2,
      n: 2,
      coverage: 0.001,
      binomialP: 2.1e-7,
      permutationP: 1e-4,
      shortSpan: false,
    },
    recurrence: {
      days: 2,
      daysWithBurst: 2,
      fromSecondOfDay: 23100,
      toSecondOfDay: 23101,
      matchesSchedule: true,
    },
  };
}
