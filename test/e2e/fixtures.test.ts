// End to end on logs captured from a real Apache + mod_wsgi + logrotate (fixtures/real/*, made
// by scripts/repro/run-all.sh). Needs a built CLI (`npm run build`). For each scenario:
//  1. the captured files still say what counts.json/README.md say (nobody edited a log);
//  2. wsgi-logdoctor reproduces the key numbers (connect errors by code and errno, restarts,
//     which lines came from rotated files);
//  3. the diagnosis (verdict, bursts, restart attribution) — active once the report has a
//     verdict, it.todo until then.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  assertCounts,
  assertDiagnosis,
  FIXTURES,
  readCounts,
  recount,
  rotationDates,
  runScenario,
  runScenarioWithConfigs,
  type CliRun,
  type Counts,
} from './helpers.js';

// Bare Apache error logs only: the syslog, logger and journald captures (their counts.json has no
// `totals`, the lines sit in an envelope) have their own test, envelopes.test.ts.
const scenarios = fs.existsSync(FIXTURES)
  ? fs
      .readdirSync(FIXTURES)
      .filter(
        (d) => fs.existsSync(path.join(FIXTURES, d, 'counts.json')) && 'totals' in readCounts(path.join(FIXTURES, d)),
      )
      .sort()
  : [];

describe('fixtures/real', () => {
  it('holds the captured scenarios', () => {
    expect(scenarios).toEqual(
      expect.arrayContaining([
        'daily-rotation-prefork',
        'rotation-off-prefork',
        'backlog-overload',
        'socket-permission',
      ]),
    );
  });
});

// Run the CLI once per scenario up front: whether the diagnosis assertions are active depends on
// what the report contains, and that is only known after running it.
function attempt(f: () => CliRun): CliRun | Error {
  try {
    return f();
  } catch (e) {
    return e as Error;
  }
}
const runs = new Map<string, { counts: Counts; run: CliRun | Error; withConfigs: CliRun | Error }>();
for (const name of scenarios) {
  const dir = path.join(FIXTURES, name);
  const counts = readCounts(dir);
  runs.set(name, {
    counts,
    run: attempt(() => runScenario(dir, counts)),
    withConfigs: attempt(() => runScenarioWithConfigs(dir, counts)),
  });
}

describe.each(scenarios)('%s', (name) => {
  const dir = path.join(FIXTURES, name);
  const { counts, run, withConfigs } = runs.get(name)!;
  const cli = (r: CliRun | Error = run): CliRun => {
    if (r instanceof Error) throw r;
    return r;
  };

  it('captured logs match the counts recorded at capture time', () => {
    const r = recount(path.join(dir, 'logs'));
    const t = counts.totals;
    expect({
      lines: r.lines,
      WSGI0116: r.WSGI0116,
      WSGI0117: r.WSGI0117,
      errno: r.errno,
      inRotated: r.inRotated,
      origin: r.originCheck,
      truncated: r.truncatedHeaders,
    }).toEqual({
      lines: t.lines,
      WSGI0116: t.WSGI0116,
      WSGI0117: t.WSGI0117,
      errno: t.errno,
      inRotated: t.inRotated,
      origin: t['origin-check'],
      truncated: t['truncated-headers'],
    });
    for (const k of ['graceful', 'restart', 'configured', 'stop']) expect(r.markers[k] ?? 0, k).toBe(t.markers[k] ?? 0);
    // every connect error carries the scenario's errno (a run may have none, e.g. rotation Off under 6.0.5)
    if (counts.expected.errno !== null && r.WSGI0116 + r.WSGI0117 > 0)
      expect(Object.keys(r.errno)).toEqual([String(counts.expected.errno)]);
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain(
      `| **total** | ${t.lines} | ${t.WSGI0116} | ${t.WSGI0117} |`,
    );
  });

  it('wsgi-logdoctor reproduces the counted numbers', () => {
    assertCounts(cli(), counts);
  });

  if (counts.expected.pending) {
    it.todo(`diagnoses ${counts.expected.verdict} (needs: ${counts.expected.pending})`);
  } else if (counts.expected.verdict === 'fix-not-in-effect') {
    // the logs alone do not say that Off was asked for: without the config they show the rotation
    it('from the logs alone diagnoses rotation-restart (that Off was configured is in the config)', () => {
      assertDiagnosis(cli(), { ...counts, expected: { ...counts.expected, verdict: 'rotation-restart' } });
    });
  } else if (!(run instanceof Error) && run.report.verdict !== undefined) {
    it(`diagnoses ${counts.expected.verdict}`, () => {
      assertDiagnosis(cli(), counts);
    });
  } else {
    it.todo(`diagnoses ${counts.expected.verdict} (report has no verdict yet)`);
  }

  const hasRotations = !(withConfigs instanceof Error) && Array.isArray(withConfigs.report.rotations);
  if (counts.expected.pending) {
    it('with the host configs the counts stand', () => {
      assertCounts(cli(withConfigs), counts);
    });
  } else if (!(withConfigs instanceof Error) && withConfigs.report.verdict !== undefined) {
    it('with the host configs (httpd.conf, logrotate stanza, schedule) the verdict and counts stand', () => {
      assertCounts(cli(withConfigs), counts);
      assertDiagnosis(cli(withConfigs), counts);
    });
  } else {
    it.todo('with the host configs the verdict stands (report has no verdict yet)');
  }
  if (counts.expected.rotationAction !== null) {
    if (hasRotations) {
      it(`finds a rotation at 06:25 on each simulated day, postrotate action ${counts.expected.rotationAction}`, () => {
        const rotations = cli(withConfigs).report.rotations as { start: string; action: string }[];
        const dates = rotationDates(counts);
        if (!counts.logrotateRuns) expect(dates.length).toBe(counts.rotations);
        for (const d of dates) {
          const hit = rotations.filter((r) => r.start.startsWith(`${d}T06:25`));
          expect(hit.length, `rotation on ${d}`).toBeGreaterThanOrEqual(1);
          for (const r of hit) expect(r.action).toBe(counts.expected.rotationAction);
        }
      });
    } else {
      it.todo('finds the rotations (report has no rotations[] yet)');
    }
  }
});
