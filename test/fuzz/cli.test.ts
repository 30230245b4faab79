// The whole pipeline under fuzzing: a real reproduction's log, logrotate config, state file,
// Apache config and a timer, each mutated, through the CLI entry point in-process. Whatever
// the inputs, the run ends with 0, 1 or 2 (never an exception: that would be an internal
// error), the JSON report parses, and no raw control character reaches a text report.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { PassThrough, Readable } from 'node:stream';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { fuzzParams, mutated, ROOT, TEST_TIMEOUT_MS } from './helpers.js';

const real = path.join(ROOT, 'fixtures', 'real', 'daily-rotation-prefork');
const seed = (p: string) => {
  const buf = fs.readFileSync(path.join(real, p));
  return (p.endsWith('.gz') ? zlib.gunzipSync(buf) : buf).toString('utf8');
};
// the whole history, oldest first: the errors sit in the rotated files
const LOG = ['4.gz', '3.gz', '2.gz', '1', ''].map((s) => seed(`logs/error.log${s ? '.' + s : ''}`)).join('');
const TIMER =
  '[Unit]\nDescription=Daily rotation of log files\n\n[Timer]\nOnCalendar=daily\nAccuracySec=1h\nPersistent=true\n';

/** Mostly the real file (so that a run gets past the configs to the diagnosis), sometimes mutated. */
const maybeMutated = (text: string) =>
  fc.oneof({ weight: 2, arbitrary: fc.constant(text) }, { weight: 1, arbitrary: mutated([text], 3) });

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

describe('the CLI on mutated inputs', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wld-fuzz-cli-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(
    'exits 0, 1 or 2 without an internal error; JSON parses; text has no raw control characters',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          mutated([LOG], 4),
          maybeMutated(seed('config/logrotate.conf')),
          maybeMutated(seed('config/logrotate.status')),
          maybeMutated(seed('config/httpd.conf')),
          maybeMutated(TIMER),
          fc.constantFrom('json', 'text'),
          async (log, lr, status, httpd, timer, format) => {
            const files = {
              log: path.join(dir, 'logs', 'error.log'),
              lr: path.join(dir, 'conf', 'logrotate.conf'),
              status: path.join(dir, 'conf', 'logrotate.status'),
              httpd: path.join(dir, 'conf', 'httpd.conf'),
              timer: path.join(dir, 'conf', 'logrotate.timer'),
            };
            fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
            fs.mkdirSync(path.join(dir, 'conf'), { recursive: true });
            fs.writeFileSync(files.log, log);
            fs.writeFileSync(files.lr, lr);
            fs.writeFileSync(files.status, status);
            fs.writeFileSync(files.httpd, httpd);
            fs.writeFileSync(files.timer, timer);
            const out = capture();
            const err = capture();
            const code = await run(
              [
                files.log,
                '--no-rotated',
                '--logrotate',
                files.lr,
                '--timer',
                files.timer,
                '--apache-config',
                files.httpd,
                '--tz',
                'UTC',
                '--format',
                format,
              ],
              {
                stdout: out.stream,
                stderr: err.stream,
                stdin: Readable.from([]),
                env: { NO_COLOR: '1' },
                now: () => Date.UTC(2026, 10, 20),
              },
            );
            expect([0, 1, 2]).toContain(code);
            // never a false all-clear: a connect-failure signature in the log is never "exit 0"
            if (/Unable to connect to WSGI daemon process/.test(log)) expect(code).not.toBe(0);
            if (code === 2) expect(err.text().trimEnd().split('\n')).toHaveLength(1);
            else if (format === 'json') JSON.parse(out.text());
            else expect(out.text()).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
            expect(err.text()).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
          },
        ),
        fuzzParams(12),
      );
    },
    TEST_TIMEOUT_MS,
  );
});
