// Fix verification on real captures (issue 15): Off switched on half-way (a change point with
// before/after figures, Off never recommended again) and Off put inside <VirtualHost> (refused by
// Apache: fix-not-in-effect with the config line and the failed reload). Needs a built CLI.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, readCounts, runScenario, runScenarioWithConfigs, type CliRun } from './helpers.js';

interface Change {
  time: string;
  kind: string;
  origin: string;
  before: { bursts: number; rotations: number; errorsPerDay: number; originChecks: number };
  after: { bursts: number; rotations: number; errorsPerDay: number; originChecks: number };
  switchBursts: number;
}
interface Finding {
  kind: string;
  evidence: { code: string; args: Record<string, unknown> }[];
  recommendation: { code: string; directive: string; args: Record<string, unknown> } | null;
}
const report = (r: CliRun) => r.report as unknown as { verdict: string; changes: Change[]; findings: Finding[] };
const ev = (f: Finding | undefined, code: string) => f?.evidence.find((e) => e.code === code)?.args;
/** "2026-11-15T14:00:00+0100" (the harness's timeline) → epoch ms */
const fake = (s: string) => Date.parse(s.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
const DAY = 86_400_000;

const halfway = path.join(FIXTURES, 'rotation-off-halfway');
const vhost = path.join(FIXTURES, 'rotation-off-in-vhost');

describe.runIf(fs.existsSync(halfway))('rotation-off-halfway: the change point', () => {
  const counts = readCounts(halfway);
  const raw = JSON.parse(fs.readFileSync(path.join(halfway, 'counts.json'), 'utf8')) as {
    first: string;
    errorDays: { date: string; count: number }[];
  };
  const edit = fake(counts.timeline.find((e) => e.what.endsWith('edit server-off'))!.fake);
  const editDate = new Date(edit + 3_600_000).toISOString().slice(0, 10); // Europe/Berlin in November: +01:00
  const runs = (counts.logrotateRuns ?? []).filter((r) => r.rotated);
  const runsBefore = runs.filter((r) => r.date <= editDate).length; // the 06:25 run of the switch day came before 14:00
  const runsAfter = runs.filter((r) => r.date > editDate).length;
  const errorsAfter = raw.errorDays.filter((d) => d.date > editDate).reduce((s, d) => s + d.count, 0);

  it.each([
    ['logs only', () => runScenario(halfway, counts)],
    ['with the host configs', () => runScenarioWithConfigs(halfway, counts)],
  ])('%s: Off in effect since the switch, before/after figures, Off not recommended', (_, go) => {
    const r = report(go());
    expect(r.verdict).toBe('rotation-already-off');
    expect(r.changes).toHaveLength(1);
    const c = r.changes[0]!;
    expect(c.kind).toBe('socket-rotation-off');
    // the graceful restart the harness sent with the edit
    expect(Date.parse(c.time) - edit).toBeGreaterThanOrEqual(0);
    expect(Date.parse(c.time) - edit).toBeLessThan(1_000);
    // K of K before, and the restart that applied it gave one burst of its own
    expect(c.before).toMatchObject({ rotations: runsBefore, bursts: runsBefore, originChecks: 0 });
    expect(c.switchBursts).toBe(1);
    expect(c.after).toMatchObject({
      rotations: runsAfter,
      bursts: raw.errorDays.filter((d) => d.date > editDate).length,
      originChecks: counts.totals['origin-check'],
    });
    const first = Date.parse(`${raw.first}+01:00`);
    const total = counts.totals.WSGI0116 + counts.totals.WSGI0117;
    const switchErrors = 4; // README: the switch's own burst of 4 on 11-15 14:00
    expect(c.before.errorsPerDay).toBeCloseTo((total - errorsAfter - switchErrors) / ((edit - first) / DAY), 0);
    expect(c.after.errorsPerDay).toBeLessThan(c.before.errorsPerDay);

    const primary = r.findings[0]!;
    const since = ev(primary, 'off-in-effect-since') as {
      via: string;
      signal: { at: string };
      firstUSocket: { at: string; uid: number } | null;
    };
    expect(since).toBeDefined();
    // the origin-check failures (11-16) show Off before the first u33 socket name (11-18)
    expect(since.via).toBe('origin-check');
    expect(since.signal.at.slice(0, 10)).toBe('2026-11-16');
    expect(since.firstUSocket).toMatchObject({ uid: 33 });
    expect(since.firstUSocket!.at.slice(0, 10)).toBe('2026-11-18');
    // never recommend Off when the logs show it is in force
    expect(r.findings.filter((f) => f.recommendation?.directive === 'WSGISocketRotation Off')).toEqual([]);
    const history = r.findings.find((f) => f.kind === 'rotation-restart')!;
    expect(history.recommendation).toBeNull();
    expect(ev(history, 'bursts-before-fix')).toMatchObject({ bursts: runsBefore + 1 });
    expect(ev(history, 'rotation-off-not-in-effect')).toBeUndefined();
  });
});

describe.runIf(fs.existsSync(vhost))('rotation-off-in-vhost: fix-not-in-effect', () => {
  const counts = readCounts(vhost);
  const failed = (counts.logrotateRuns ?? []).find((r) => r.exit !== 0)!;
  const conf = fs.readFileSync(path.join(vhost, 'config', 'httpd.conf'), 'utf8').split('\n');

  it('with the host configs: the <VirtualHost> line Apache refused and the rotated log it kept writing to', () => {
    const r = report(runScenarioWithConfigs(vhost, counts));
    expect(r.verdict).toBe('fix-not-in-effect');
    expect(r.changes).toEqual([]);
    const f = r.findings[0]!;
    // the line Apache itself names in its AH00526 (logrotate's postrotate stderr on the failed run)
    const stderr = fs.readFileSync(path.join(vhost, 'logrotate', `${failed.date}.stderr`), 'utf8');
    const refused = Number(/AH00526: Syntax error on line (\d+)/.exec(stderr)![1]);
    expect(conf[refused - 1]).toMatch(/^\s+WSGISocketRotation Off/);
    const inside = ev(f, 'off-inside-virtualhost') as { origin: string; section: string };
    expect(inside.origin.endsWith(`config/httpd.conf:${refused}`)).toBe(true);
    expect(inside.section).toBe('VirtualHost');
    // from the logs: error.log.1 written to from before the failed reload until the end, error.log empty
    const kept = ev(f, 'rotated-log-kept-open') as {
      file: string;
      current: string;
      currentLines: number;
      from: string;
      to: string;
      days: number;
    };
    expect(path.basename(kept.file)).toBe('error.log.1');
    expect(path.basename(kept.current)).toBe('error.log');
    expect(kept.currentLines).toBe(0);
    expect(kept.from.slice(0, 10) < failed.date).toBe(true);
    expect(kept.to.slice(0, 10)).toBe(counts.timeline.at(-1)!.fake.slice(0, 10));
    expect(kept.days).toBeGreaterThanOrEqual(2);
    expect(f.recommendation).toMatchObject({
      code: 'put-off-in-force',
      directive: 'WSGISocketRotation Off',
      args: { reason: 'virtualhost' },
    });
  });
});
