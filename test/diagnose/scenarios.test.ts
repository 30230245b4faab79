// Scenario fixtures (fixtures/scenarios/<name>/: logs built from real lines by build.py, README
// per folder, scenario.json with the zone, the rotation windows the schedule stage would give,
// and the expected diagnosis). Logs go through the real reader (src/inputs).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIDENCE_FLOOR, diagnose } from '../../src/diagnose/index.js';
import { readLogs, resolveInputs } from '../../src/inputs/index.js';
import type { FindingKind, RotationWindow, Verdict } from '../../src/model.js';
import { formatSecondOfDay, localDaysBetween, parseTimeOption } from '../../src/time/index.js';

const ROOT = path.resolve(import.meta.dirname, '../../fixtures/scenarios');

interface RotationSpec extends Omit<RotationWindow, 'start' | 'end'> {
  daily?: { first: string; days: number; from: string; to: string };
  hourly?: { first: string; days: number; minutes: number };
}
interface Expect {
  verdict: Verdict;
  kinds?: FindingKind[];
  confidence?: [number, number];
  /** evidence codes the top finding carries, each with args it must match */
  evidence?: Record<string, object>;
  missing?: Record<string, object>;
  upgradeFirst?: boolean;
  noSocketRotationOff?: boolean;
  /** [days with a burst, days, from (local HH:mm)] */
  recurrence?: [number, number, string];
  /** findings that must be secondary, each below this confidence */
  secondaries?: Partial<Record<FindingKind, number>>;
  matchesSchedule?: boolean;
  bursts?: number;
  allAttributed?: boolean;
}
interface Scenario {
  zone: string;
  rotations?: RotationSpec[];
  expect: Expect;
  withoutRotations?: Expect;
}

/** Rotation windows in local wall-clock time, converted through src/time (DST-correct). */
function windows(specs: RotationSpec[], zone: string): RotationWindow[] {
  const out: RotationWindow[] = [];
  for (const { daily, hourly, ...w } of specs) {
    const local = (day: string, hms: string) => parseTimeOption(`${day}T${hms}`, zone, 0, 'scenario');
    if (daily) {
      const first = local(daily.first, '12:00:00');
      for (const day of localDaysBetween(first, first + (daily.days - 1) * 86_400_000, zone))
        out.push({ ...w, start: local(day, daily.from), end: local(day, daily.to) });
    }
    if (hourly) {
      const first = local(hourly.first, '00:00:00');
      for (let h = 0; h < hourly.days * 24; h++)
        out.push({ ...w, start: first + h * 3_600_000, end: first + h * 3_600_000 + hourly.minutes * 60_000 });
    }
  }
  return out;
}

const names = fs.readdirSync(ROOT).filter((n) => fs.existsSync(path.join(ROOT, n, 'scenario.json')));

describe.each(names)('scenario %s', (name) => {
  const dir = path.join(ROOT, name);
  const sc = JSON.parse(fs.readFileSync(path.join(dir, 'scenario.json'), 'utf8')) as Scenario;

  it('has a README saying what it is and where it came from', () => {
    expect(fs.readFileSync(path.join(dir, 'README.md'), 'utf8')).toMatch(/real/i);
  });

  const runs: [string, RotationWindow[], Expect][] = [['as given', windows(sc.rotations ?? [], sc.zone), sc.expect]];
  if (sc.withoutRotations) runs.push(['without the schedule', [], sc.withoutRotations]);

  it.each(runs)('gives the expected diagnosis (%s)', async (_label, rotations, want) => {
    const logs = fs.readdirSync(path.join(dir, 'logs')).map((f) => path.join(dir, 'logs', f));
    const parsed = await readLogs(resolveInputs(logs, { rotated: false }), { zone: sc.zone, workers: 0 });
    const d = diagnose({ parsed, rotations, apache: null, logrotate: null, zone: sc.zone });
    expect(d.verdict).toBe(want.verdict);
    if (want.kinds) expect(d.findings.map((f) => f.kind).sort()).toEqual(want.kinds);
    const top = d.findings[0]!;
    if (want.confidence) {
      expect(top.confidence).toBeGreaterThanOrEqual(want.confidence[0]);
      expect(top.confidence).toBeLessThanOrEqual(want.confidence[1]);
    }
    for (const [code, args] of Object.entries(want.evidence ?? {}))
      expect(top.evidence.find((x) => x.code === code)?.args).toMatchObject(args);
    for (const [code, args] of Object.entries(want.missing ?? {}))
      expect(d.missingEvidence.find((x) => x.code === code)?.args).toMatchObject(args);
    if (want.upgradeFirst !== undefined)
      expect(top.recommendation!.args).toMatchObject({ upgradeFirst: want.upgradeFirst });
    if (want.secondaries)
      for (const [kind, max] of Object.entries(want.secondaries)) {
        const f = d.findings.find((x) => x.kind === kind)!;
        expect(f.role).toBe('secondary');
        expect(f.confidence).toBeLessThan(max);
      }
    // the primary explains at least as many errors as any other finding that reaches the floor
    for (const f of d.findings.slice(1))
      if (f.confidence >= CONFIDENCE_FLOOR) expect(f.explains.errors).toBeLessThanOrEqual(top.explains.errors);
    if (want.noSocketRotationOff)
      expect(d.findings.some((f) => f.recommendation?.directive === 'WSGISocketRotation Off')).toBe(false);
    if (want.recurrence)
      expect(
        d.recurrence && [
          d.recurrence.daysWithBurst,
          d.recurrence.days,
          formatSecondOfDay(d.recurrence.fromSecondOfDay),
        ],
      ).toEqual(want.recurrence);
    if (want.matchesSchedule !== undefined) expect(d.recurrence?.matchesSchedule).toBe(want.matchesSchedule);
    if (want.bursts !== undefined) expect(d.bursts).toHaveLength(want.bursts);
    if (want.allAttributed) expect(d.bursts.every((b) => b.cause !== null)).toBe(true);
    // the contract's rule, on every scenario: never Off without restart-aligned bursts
    for (const f of d.findings)
      if (f.recommendation?.directive === 'WSGISocketRotation Off') expect(f.bursts.length).toBeGreaterThan(0);
  });
});
