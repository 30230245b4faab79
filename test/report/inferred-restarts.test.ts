// A restart the diagnosis infers from a "configured" line (its notice went into a rotated file
// that was not read) is listed as what it was, a graceful restart, marked inferred: not "start".
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/analyse/report.js';
import { diagnose } from '../../src/diagnose/index.js';
import { readLogs, resolveInputs } from '../../src/inputs/index.js';

const DIR = path.resolve(import.meta.dirname, '../../fixtures/scenarios/markers-rotated-away');

describe('inferred restarts in the report', () => {
  it('are kind graceful with inferred: true, and not counted as restarts seen', async () => {
    const zone = (JSON.parse(fs.readFileSync(path.join(DIR, 'scenario.json'), 'utf8')) as { zone: string }).zone;
    const logs = fs.readdirSync(path.join(DIR, 'logs')).map((f) => path.join(DIR, 'logs', f));
    const parsed = await readLogs(resolveInputs(logs, { rotated: false }), { zone, workers: 0 });
    const dx = diagnose({ parsed, rotations: [], apache: null, logrotate: null, zone });
    expect(dx.inferredRestarts.length).toBeGreaterThan(0);
    const r = buildReport({ parsed, zone, diagnosis: dx });
    const inferred = r.restarts.filter((x) => x.inferred);
    expect(inferred).toHaveLength(dx.inferredRestarts.length);
    for (const x of inferred) expect(x).toMatchObject({ kind: 'graceful', marker: 'configured', inferred: true });
    expect(r.restarts.filter((x) => x.kind === 'start' && x.inferred)).toEqual([]);
    expect(r.summary.restarts).toBe(
      parsed.restarts.filter((x) => x.kind === 'graceful' || x.kind === 'restart').length,
    );
  });
});
