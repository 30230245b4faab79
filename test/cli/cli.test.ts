// The CLI through its real entry point (bin/wsgi-logdoctor, built by `npm test`): exit codes,
// one-line errors naming the file, nothing written to --output on failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/wsgi/index.js';

const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin', 'wsgi-logdoctor');
const run = (args: string[], input?: string) =>
  spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', TZ: 'UTC' },
  });

let dir: string;
let errLog: string;
let cleanLog: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wld-cli-'));
  const sample = CATALOGUE.find((e) => e.id === 'connect-4.4-uid')!.samples[1]!.line;
  errLog = path.join(dir, 'error_log');
  fs.writeFileSync(errLog, sample + '\n');
  cleanLog = path.join(dir, 'clean', 'error_log');
  fs.mkdirSync(path.dirname(cleanLog));
  fs.writeFileSync(
    cleanLog,
    '[Tue Nov 17 06:25:01.300000 2026] [mpm_event:notice] [pid 1200:tid 1200] AH00489: Apache/2.4.62 (Debian) configured -- resuming normal operations\n',
  );
  fs.mkdirSync(path.join(dir, 'empty'));
  fs.writeFileSync(path.join(dir, 'empty', 'notes.txt'), 'x');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('exit status', () => {
  it('is 1 when connect errors were found, 0 when none', () => {
    expect(run([errLog, '--format', 'json']).status).toBe(1);
    expect(run([cleanLog, '--format', 'json']).status).toBe(0);
  });
  it('reads standard input with -', () => {
    const r = run(['-', '--format', 'json'], fs.readFileSync(errLog, 'utf8'));
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).summary.WSGI0117).toBe(1);
  });
});

describe('the JSON report', () => {
  it('carries the contract fields, times with the zone offset', () => {
    const r = run([errLog, '--format', 'json', '--tz', 'Europe/Berlin']);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({
      schemaVersion: 2,
      tool: { name: 'wsgi-logdoctor' },
      timezone: 'Europe/Berlin',
      summary: { WSGI0116: 0, WSGI0117: 1, restarts: 0 },
    });
    expect(j.window.start).toBe('2025-05-20T03:44:05.371+02:00');
    expect(j.inputs[0]).toMatchObject({ path: errLog, lines: 1, unparsed: 0 });
    expect(j.events[0]).toMatchObject({
      time: '2025-05-20T03:44:05.371+02:00',
      code: 'WSGI0117',
      file: errLog,
      line: 1,
      pid: 22002,
      tid: 22002,
      errno: 2,
      errnoText: 'No such file or directory',
      client: '1.1.1.1:15826',
      group: 'revo6004abc',
      socket: '/run/httpd/wsgi.28402.19.24.sock',
      socketInfo: { prefix: '/run/httpd/wsgi', parentPid: 28402, generation: 19, uid: null, id: 24, rotation: 'on' },
      modWsgiMessageStyle: '4.x',
    });
    expect(Array.isArray(j.restarts)).toBe(true);
  });
  it('--since/--until limit the window', () => {
    // a window after the only line selects nothing: exit 2, not a silent no-errors (test/cli/exit-codes.test.ts)
    expect(run([errLog, '--format', 'json', '--since', '2025-05-21']).status).toBe(2);
    const k = JSON.parse(run([errLog, '--format', 'json', '--until', '2025-05-20T04:00']).stdout);
    expect(k.summary.WSGI0117).toBe(1);
  });
});

describe('bad input: one line on stderr naming the problem, exit 2, nothing written', () => {
  it.each([
    {
      name: 'missing file',
      args: () => [path.join(dir, 'nope', 'error_log')],
      msg: /nope\/error_log: no such file or directory/,
    },
    {
      name: 'directory without logs',
      args: () => [path.join(dir, 'empty')],
      msg: /empty: directory holds no Apache error logs/,
    },
    {
      name: 'glob that matches nothing',
      args: () => [path.join(dir, 'zz*_log')],
      msg: /zz\*_log: no file matches this pattern/,
    },
    {
      name: 'unknown --tz',
      args: () => [errLog, '--tz', 'Mars/Olympus'],
      msg: /--tz: unknown time zone 'Mars\/Olympus'/,
    },
    {
      name: 'unparseable --since',
      args: () => [errLog, '--since', 'yesterday-ish'],
      msg: /--since: cannot parse 'yesterday-ish'/,
    },
    { name: 'unknown option', args: () => [errLog, '--frobnicate'], msg: /unknown option '--frobnicate'/ },
    { name: 'bad --format', args: () => [errLog, '--format', 'xml'], msg: /--format.*xml/ },
    { name: 'no log at all', args: () => [], msg: /no log given/ },
  ])('$name', ({ args, msg }) => {
    const out = path.join(dir, `out-${Math.random()}.json`);
    const r = run([...args(), '-o', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.stdout).toBe('');
    expect(fs.existsSync(out)).toBe(false);
  });

  it.skipIf(process.getuid?.() === 0)('unreadable file (skipped as root: root reads everything)', () => {
    const p = path.join(dir, 'secret_error_log');
    fs.writeFileSync(p, 'x\n');
    fs.chmodSync(p, 0o000);
    const r = run([p]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/permission denied/);
  });
});

describe('help and version', () => {
  it('--help shows worked examples and the exit codes', () => {
    const r = run(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Examples:/);
    expect(r.stdout).toMatch(/--logrotate <file>/);
    expect(r.stdout).toMatch(/Exit status: 0/);
  });
  it('--version prints the package version', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(run(['--version']).stdout.trim()).toBe(pkg.version);
  });
});
