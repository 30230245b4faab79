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
import { assertCounts, assertDiagnosis, FIXTURES, readCounts, recount, runScenario, type CliRun, type Counts } from './helpers.js';

const scenarios = fs.existsSync(FIXTURES)
  ? fs.readdirSync(FIXTURES).filter((d) => fs.existsSync(path.join(FIXTURES, d, 'counts.json'))).sort()
  : [];

describe('fixtures/real', () => {
  it('holds the captured scenarios', () => {
    expect(scenarios).toEqual(expect.arrayContaining(['daily-rotation-prefork', 'rotation-off-prefork', 'backlog-overload', 'socket-permission']));
  });
});

// Run the CLI once per scenario up front: whether the diagnosis assertions are active depends on
// what the report contains, and that is only known after running it.
const runs = new Map<string, { counts: Counts; run: CliRun | Error }>();
for (const name of scenarios) {
  const dir = path.join(FIXTURES, name);
  const counts = readCounts(dir);
  let run: CliRun | Error;
  try {
    run = runScenario(dir, counts);
  } catch (e) {
    run = e as Error;
  }
  runs.set(name, { counts, run });
}

describe.each(scenarios)('%s', (name) => {
  const dir = path.join(FIXTURES, name);
  const { counts, run } = runs.get(name)!;
  const cli = (): CliRun => {
    if (run instanceof Error) throw run;
    return run;
  };

  it('captured logs match the counts recorded at capture time', () => {
    const r = recount(path.join(dir, 'logs'));
    const t = counts.totals;
    expect({ lines: r.lines, WSGI0116: r.WSGI0116, WSGI0117: r.WSGI0117, errno: r.errno, inRotated: r.inRotated, origin: r.originCheck, truncated: r.truncatedHeaders }).toEqual({
      lines: t.lines, WSGI0116: t.WSGI0116, WSGI0117: t.WSGI0117, errno: t.errno, inRotated: t.inRotated, origin: t['origin-check'], truncated: t['truncated-headers'],
    });
    for (const k of ['graceful', 'restart', 'configured', 'stop']) expect(r.markers[k] ?? 0, k).toBe(t.markers[k] ?? 0);
    if (counts.expected.errno !== null) expect(Object.keys(r.errno)).toEqual([String(counts.expected.errno)]);
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toContain(`| **total** | ${t.lines} | ${t.WSGI0116} | ${t.WSGI0117} |`);
  });

  it('wsgi-logdoctor reproduces the counted numbers', () => {
    assertCounts(cli(), counts);
  });

  if (!(run instanceof Error) && run.report.verdict !== undefined) {
    it(`diagnoses ${counts.expected.verdict}`, () => {
      assertDiagnosis(cli(), counts);
    });
  } else {
    it.todo(`diagnoses ${counts.expected.verdict} (report has no verdict yet)`);
  }
});
