// Progress on standard error (issue 14, point 5), on the built CLI under a pseudo-terminal made by
// util-linux `script` (bsdutils, Essential on Debian): drawn in place (\r … ESC[K) and erased at
// the end when standard error is a terminal; absent with --no-progress, --quiet, CI, TERM=dumb,
// NO_COLOR, and when standard error is a pipe. WSGI_LOGDOCTOR_PROGRESS_DELAY_MS=0 draws from the start, so
// no test depends on how long a run takes.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');
const bin = path.join(repo, 'bin', 'wsgi-logdoctor');
const logs = path.join(repo, 'fixtures/real/daily-rotation-prefork/logs'); // 5 files
const SCRIPT = ['/usr/bin/script', '/bin/script'].find((p) => fs.existsSync(p)) ?? null;
const inCI = process.env.CI === 'true';
if (!SCRIPT && !inCI) console.warn('progress.test.ts: util-linux `script` is not installed; skipping the PTY tests');
const pty = SCRIPT || inCI ? describe : describe.skip;

const ERASE = '\r\x1b[K';
let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wld-progress-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, TZ: 'UTC', TERM: 'xterm', WSGI_LOGDOCTOR_PROGRESS_DELAY_MS: '0' };
  delete env.CI;
  delete env.NO_COLOR;
  return { ...env, ...extra };
}

/** Runs the CLI with a terminal as stdin/stdout/stderr; returns what the terminal received. */
function onTerminal(args: string[], extra: Record<string, string> = {}): { out: string; report: string } {
  const out = path.join(tmp, `report-${Math.random().toString(36).slice(2)}.json`);
  const quoted = [process.execPath, bin, ...args, '--format', 'json', '-o', out].map((a) => `'${a}'`).join(' ');
  const typescript = path.join(tmp, 'typescript');
  const r = spawnSync(SCRIPT ?? 'script', ['-qfec', quoted, typescript], { env: baseEnv(extra), encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(1); // connect errors found
  const all = fs.readFileSync(typescript, 'utf8');
  // script(1) writes a header and a footer line around what the terminal got
  const body = all.split('\n').slice(1, -2).join('\n');
  return { out: body, report: fs.readFileSync(out, 'utf8') };
}

pty('under a terminal', () => {
  it('draws progress in place, mentions the input files, and erases it at the end', () => {
    const { out, report } = onTerminal([logs]);
    expect(out).toMatch(/\r[^\r\n]*\b5\b[^\r\n]*\x1b\[K/); // a line drawn in place naming the 5 inputs
    expect(out.endsWith(ERASE) || out.endsWith(`${ERASE}\r`)).toBe(true);
    expect(out.replace(/\r[^\r\n]*\x1b\[K/g, '')).toBe(''); // nothing but progress reached the terminal
    // the report itself holds no trace of it
    expect(report).not.toContain('\x1b');
    expect(report).not.toContain('\r');
    expect(JSON.parse(report)).toMatchObject({ summary: { WSGI0117: 16 } });
  });
  it.each([
    ['--no-progress', ['--no-progress'], {}],
    ['--quiet', ['--quiet'], {}],
    ['CI set', [], { CI: 'true' }],
    ['TERM=dumb', [], { TERM: 'dumb' }],
    ['NO_COLOR set', [], { NO_COLOR: '1' }],
  ] as const)('is off with %s', (_name, flags, env) => {
    const { out } = onTerminal([logs, ...flags], env);
    expect(out).not.toContain('\x1b[K');
  });
});

describe('when standard error is not a terminal', () => {
  it('writes no progress', () => {
    const r = spawnSync(process.execPath, [bin, logs, '--format', 'json'], {
      env: baseEnv({}),
      encoding: 'utf8',
    });
    expect(r.status).toBe(1);
    expect(r.stderr).not.toContain('\r');
    expect(r.stderr).not.toContain('\x1b');
    expect(r.stdout).not.toContain('\x1b');
  });
});
