// rotations[] holds only the logrotate windows that overlap the time the logs cover (issue 14:
// a window before the first log line was counted among "5 logrotate windows"). On the real
// captures, run as an operator would (logs, httpd.conf, logrotate.conf, the harness's cron time).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, readCounts, rotationDates, runScenarioWithConfigs } from '../e2e/helpers.js';

const SCENARIOS = ['daily-rotation-prefork', 'daily-rotation-worker', 'socket-permission', 'rotation-off-halfway'];

describe.each(SCENARIOS)('%s', (name) => {
  const dir = path.join(FIXTURES, name);
  const counts = readCounts(dir);
  it('every rotation window overlaps the analysed window; one per day logrotate rotated', () => {
    const { report } = runScenarioWithConfigs(dir, counts);
    const w = report.window as { start: string; end: string };
    const rotations = (report.rotations ?? []) as { start: string; end: string }[];
    for (const r of rotations) {
      expect(Date.parse(r.end)).toBeGreaterThanOrEqual(Date.parse(w.start));
      expect(Date.parse(r.start)).toBeLessThanOrEqual(Date.parse(w.end));
    }
    const days = rotationDates(counts);
    expect(rotations).toHaveLength(days.length);
  });
});
