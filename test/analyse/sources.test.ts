// The analysis stage's sources: registered modules run in an order where each finds what it
// needs, and the stage reads a supportconfig's logs from memory through the fs (no scratch copy).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analyse/index.js';
import { SOURCES, runSources } from '../../src/analyse/sources/index.js';
import { defineSource } from '../../src/analyse/sources/registry.js';
import type { Context } from '../../src/analyse/context.js';
import { nodeFs } from '../../src/fs/index.js';

const SCC = path.resolve(import.meta.dirname, '../../fixtures/bundles/scc_web02_261123_0914');

describe('SOURCES', () => {
  it('each source needs only what a source before it produces, and each output is produced once', () => {
    const produced: string[] = [];
    for (const s of SOURCES) {
      for (const n of s.needs) expect(produced, `${s.output} needs ${n}`).toContain(n);
      expect(produced).not.toContain(s.output);
      produced.push(s.output);
    }
  });
  it('runSources refuses a source that runs before what it needs', async () => {
    const early = defineSource({ output: 'rotations', needs: ['errorLogs'], read: () => [] });
    const ctx = {
      fs: nodeFs,
      warnings: [],
      missing: [],
    } as unknown as Context;
    await expect(runSources([early], ctx)).rejects.toThrow(/rotations runs before errorLogs/);
  });
});

describe('a supportconfig bundle', () => {
  it('has its Apache log read from the section in web.txt, in memory: no file of the host, no scratch copy', async () => {
    const before = fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('wsgi-logdoctor-'));
    const r = await analyse({
      logs: [],
      root: SCC,
      logrotate: [],
      schedule: [],
      cron: [],
      timer: [],
      rotated: true,
      stdin: Readable.from([]),
      now: Date.UTC(2026, 10, 23, 9, 0, 0),
    });
    const web = fs.readFileSync(path.join(SCC, 'web.txt'), 'utf8').split('\n');
    // the section's path line is just above the first line the input names
    const [input] = r.inputs;
    const at = Number(/web\.txt:(\d+)\)$/.exec(input!.path)![1]);
    expect(web[at - 2]).toMatch(/^# \/var\/log\/apache2\/error_log - Last \d+ Lines$/);
    expect(input).toMatchObject({ lines: 3, origin: 'root', mtime: null });
    expect(fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('wsgi-logdoctor-'))).toEqual(before);
  });
});
