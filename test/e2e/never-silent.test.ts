// Never a false all-clear (issue 13, point 5), through the built CLI: no input holding a
// connect-failure signature ends as "no-errors" with exit 0 — every real capture and scenario,
// every envelope sample of the envelope table, each kind of damage applied to a real line, and
// inputs holding only signature lines that cannot be read (no time, cut, binary).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENVELOPES } from '../../src/inputs/envelopes.js';
import { BIN, REPO } from './helpers.js';

const SIGNATURE = /Unable to connect to WSGI daemon|WSGI011[67]/;

interface Run {
  status: number | null;
  report: { verdict: string; inputs: { unreadable: Record<string, number> }[]; summary: Record<string, unknown> };
}

function run(args: string[]): Run {
  const r = spawnSync(process.execPath, [BIN, ...args, '--format', 'json', '--tz', 'Europe/Berlin'], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(r.status, r.stderr).not.toBe(2);
  return { status: r.status, report: JSON.parse(r.stdout) as Run['report'] };
}

function neverSilent(r: Run): void {
  expect(r.report.verdict).not.toBe('no-errors');
  expect(r.status).toBe(1);
}

const dirs = (sub: string): string[] =>
  fs
    .readdirSync(path.join(REPO, 'fixtures', sub))
    .filter((d) => fs.existsSync(path.join(REPO, 'fixtures', sub, d, 'logs')))
    .sort()
    .map((d) => path.join('fixtures', sub, d, 'logs'));

// every log file with a connect-failure signature in it (plain text files; .gz are read through their directory)
const captures = [...dirs('real'), ...dirs('scenarios')].flatMap((d) =>
  fs
    .readdirSync(path.join(REPO, d))
    .filter((f) => !f.endsWith('.gz'))
    .map((f) => path.join(d, f))
    .filter((f) => SIGNATURE.test(fs.readFileSync(path.join(REPO, f), 'latin1'))),
);

describe('real captures and scenarios', () => {
  it('there are captures with signatures to check', () => {
    expect(captures.length).toBeGreaterThanOrEqual(20);
  });
  it.each(captures)('%s', (f) => neverSilent(run([f])));
});

const REAL =
  "[Tue Nov 17 06:25:00.094060 2026] [wsgi:error] [pid 22054:tid 22054] (2)No such file or directory: [client 127.0.0.1:38624] mod_wsgi (pid=22054): Unable to connect to WSGI daemon process 'app' on '/run/apache2/wsgi.19290.3.1.sock' as user with uid=33.";
const ERRNO_ON = REAL.slice(REAL.indexOf('(2)'));

// hand-made: each holds only lines that carry the signature
const HANDMADE: [string, string | Buffer][] = [
  ['no time (pasted from the errno on)', ERRNO_ON + '\n'],
  ['no time, EACCES', ERRNO_ON.replace('(2)No such file or directory', '(13)Permission denied') + '\n'],
  ['cut short', REAL.slice(0, REAL.indexOf(' on ')) + '\n'],
  ['cut at both ends', 'such file or directory: ' + REAL.slice(REAL.indexOf('[client'), REAL.indexOf('.sock')) + '\n'],
  ['binary', Buffer.concat([Buffer.from([0, 1, 2, 0xff, 0xfe, 0]), Buffer.from(ERRNO_ON), Buffer.from([0, 0xff, 10])])],
  ['unknown time prefix', '17/11/2026-06:25:00 ' + ERRNO_ON + '\n'],
  ['inside a sentence', `we saw "${ERRNO_ON}" in the log\n`],
  ['ANSI colours', REAL.replace('[wsgi:error]', '\x1b[1;31m[wsgi:error]\x1b[0m') + '\n'],
  ['CRLF and NUL', REAL.replace('] ', ']\0\0 ') + '\r\n'],
  ['redacted', REAL.replace(/pid=22054/, 'pid=XXXX').replace('127.0.0.1:38624', 'x.x.x.x:x') + '\n'],
  ['the leading [ lost', REAL.slice(1) + '\n'],
];

let tmp: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wld-never-silent-'));
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('hand-made inputs and kinds of damage', () => {
  it.each(HANDMADE)('%s', (name, content) => {
    const f = path.join(tmp, name.replace(/\W+/g, '-') + '.log');
    fs.writeFileSync(f, content);
    neverSilent(run([f]));
  });
  it('lines without a time count as unreadable with their reason', () => {
    const f = path.join(tmp, 'untimed.log');
    fs.writeFileSync(f, ERRNO_ON + '\n' + ERRNO_ON + '\n');
    const r = run([f]);
    expect(r.report.inputs[0]!.unreadable['no-time']).toBe(2);
    expect(r.report.verdict).toBe('inconclusive');
  });
  it('untimed EACCES: the socket-permission finding below the confidence floor', () => {
    const f = path.join(tmp, 'eacces.log');
    fs.writeFileSync(f, ERRNO_ON.replace('(2)No such file or directory', '(13)Permission denied') + '\n');
    const r = run([f]) as Run & { report: { findings: { kind: string; confidence: number }[] } };
    expect(r.report.verdict).toBe('socket-permission');
    expect(r.report.findings[0]!.confidence).toBeLessThan(0.5);
  });
});

// the envelope table's own sample lines, each as a whole file
const samples = ENVELOPES.flatMap((e) =>
  e.samples.filter((s) => SIGNATURE.test(s.line)).map((s, i): [string, string] => [`${e.kind} #${i}`, s.line]),
);
describe('envelope samples with a signature', () => {
  it('there are some', () => {
    expect(samples.length).toBeGreaterThan(3);
  });
  it.each(samples)('%s', (name, line) => {
    const f = path.join(tmp, `sample-${name.replace(/\W+/g, '-')}.log`);
    fs.writeFileSync(f, line + '\n');
    neverSilent(run([f]));
  });
});
