// readLogs' progress hook (for the CLI's progress line): files and bytes on disk, counted up to
// the totals whether the inputs are read in-process or by worker threads (split into ranges).
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLogs, resolveInputs, type ReadProgress } from '../../src/inputs/index.js';

const logs = path.resolve(import.meta.dirname, '../../fixtures/real/daily-rotation-prefork/logs');

describe.each([
  ['in-process', { workers: 0 }],
  ['worker threads, files split into ranges', { workers: 2, parallelThreshold: 1, splitThreshold: 1 }],
])('%s', (_name, how) => {
  it('counts every file and byte, never backwards', async () => {
    const specs = resolveInputs([logs], { rotated: true });
    const seen: ReadProgress[] = [];
    await readLogs(specs, { zone: 'UTC', ...how, onProgress: (p) => seen.push(p) });
    const sizes = fs.readdirSync(logs).map((n) => fs.statSync(path.join(logs, n)).size);
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ files: sizes.length, filesDone: sizes.length, current: null });
    expect(last.bytes).toBe(sizes.reduce((a, b) => a + b, 0));
    expect(last.bytesDone).toBe(last.bytes);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]!.bytesDone).toBeGreaterThanOrEqual(seen[i - 1]!.bytesDone);
      expect(seen[i]!.filesDone).toBeGreaterThanOrEqual(seen[i - 1]!.filesDone);
    }
    // the file being read is named while it is read
    expect(new Set(seen.map((p) => p.current).filter((c) => c !== null)).size).toBe(sizes.length);
  });
});
