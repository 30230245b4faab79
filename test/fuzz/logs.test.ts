// Property-based fuzzing (fast-check) of the Apache error-log line parser and the mod_wsgi
// catalogue, seeded with mutated lines of the real logs, and of the reader over split files.
// Thin on purpose: it uses only the public entry points (parseRecord, matchMessage, buildEvent,
// readLogs, resolveInputs), so that it survives a rewrite of the reader.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRecord } from '../../src/apache/record.js';
import { readLogs, resolveInputs } from '../../src/inputs/index.js';
import { buildEvent, CATALOGUE, matchMessage } from '../../src/wsgi/index.js';
import { BUDGET_MS, fixtureTexts, fuzzParams, mutatedLine, TEST_TIMEOUT_MS } from './helpers.js';

const logs = fixtureTexts('real', (f) => /\/logs\/error[._]log/.test(f));
const samples = CATALOGUE.flatMap((e) => e.samples.map((s) => s.line));

describe('error-log lines', () => {
  it(
    'never throw; a matched event only carries text found in its line',
    () => {
      fc.assert(
        fc.property(fc.oneof(mutatedLine(samples), mutatedLine(logs)), (line) => {
          const t0 = performance.now();
          const rec = parseRecord(line);
          const m = rec ? matchMessage(rec.message) : null;
          if (rec && m) {
            const out = buildEvent(rec, m, {
              time: 0,
              file: 'error_log',
              line: 1,
              message: rec.message,
              host: null,
              envelope: 'apache',
              damaged: false,
            });
            const e = 'connect' in out ? out.connect : out.related;
            for (const v of [e.group, e.socket, e.pid, e.errno, 'connect' in out ? out.connect.client : null])
              if (v !== null) expect(line).toContain(String(v));
          }
          expect(performance.now() - t0, `over the ${BUDGET_MS} ms budget`).toBeLessThan(BUDGET_MS);
        }),
        fuzzParams(300),
      );
    },
    TEST_TIMEOUT_MS,
  );
});

describe('the reader over split files', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wld-fuzz-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const key = (e: { time: number; code: string; group: string | null; socket: string | null; pid: number | null }) =>
    `${e.time}|${e.code}|${e.group}|${e.socket}|${e.pid}`;

  it(
    'a log split at a line boundary into error_log.1 and error_log gives the events of the whole',
    async () => {
      const wholeLogs = logs.filter((t) => /WSGI|Unable to connect/.test(t));
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...wholeLogs), fc.nat(), async (text, at) => {
          const lines = text.replace(/\n$/, '').split('\n');
          const cut = at % (lines.length + 1);
          const d = dir; // rewritten on each run
          fs.mkdirSync(path.join(d, 'whole'), { recursive: true });
          fs.mkdirSync(path.join(d, 'split'), { recursive: true });
          fs.writeFileSync(path.join(d, 'whole', 'error_log'), text);
          fs.writeFileSync(path.join(d, 'split', 'error_log.1'), lines.slice(0, cut).join('\n') + '\n');
          fs.writeFileSync(path.join(d, 'split', 'error_log'), lines.slice(cut).join('\n') + '\n');
          const read = async (p: string) =>
            (await readLogs(resolveInputs([p], { rotated: true }), { zone: 'UTC', workers: 0 })).events.map(key).sort();
          expect(await read(path.join(d, 'split', 'error_log'))).toEqual(
            await read(path.join(d, 'whole', 'error_log')),
          );
        }),
        fuzzParams(10),
      );
    },
    TEST_TIMEOUT_MS,
  );
});
