// Exit codes a script can trust (issue 14, point 1), on the built CLI: inputs from which no line
// could be read and a --since/--until window that selects no line are exit 2 with one line naming
// each input (or the span the logs cover), never a silent "no-errors", exit 0.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');
const bin = path.join(repo, 'bin', 'wsgi-logdoctor');
const prefork = 'fixtures/real/daily-rotation-prefork';
const run = (args: string[], input?: string | Buffer) =>
  spawnSync(process.execPath, [bin, ...args, '--no-progress'], {
    cwd: repo,
    input: input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', TZ: 'UTC' },
  });

/** exit 2 with exactly one line on stderr, naming every string in `names` */
function expectExit2(r: ReturnType<typeof run>, names: string[]): void {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^wsgi-logdoctor: /);
  for (const n of names) expect(lines[0]).toContain(n);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
}

let dir: string;
let empty: string;
let b64: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wld-exit-'));
  empty = path.join(dir, 'error_log');
  fs.writeFileSync(empty, '');
  b64 = path.join(dir, 'garbage.b64');
  // base64 of a real compressed log: text lines, none of them a log record
  const gz = fs.readFileSync(path.join(repo, prefork, 'logs', 'error.log.2.gz'));
  fs.writeFileSync(b64, gz.toString('base64').replace(/.{76}/g, '$&\n'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('inputs from which no line could be read: exit 2 naming each and why', () => {
  it('an empty file', () => expectExit2(run([empty]), [empty]));
  it('empty standard input', () => expectExit2(run(['-']), ['-:']));
  it('a binary file (/bin/ls)', () => expectExit2(run(['/bin/ls', '--no-rotated']), ['/bin/ls']));
  it('base64 garbage', () => expectExit2(run([b64]), [b64, '/garbage.b64: ']));
  it('a file in no known format (the access log given for the error log), with its rotated siblings', () =>
    expectExit2(run([`${prefork}/access/access.log`]), [
      `${prefork}/access/access.log:`,
      `${prefork}/access/access.log.1:`,
      `${prefork}/access/access.log.4.gz:`,
    ]));
  it('several unusable inputs are all named, in one line', () => {
    const r = run([empty, '/bin/ls', b64, '-', '--no-rotated']);
    expectExit2(r, [empty, '/bin/ls', b64, '-:']);
  });
  it('nothing is written to --output', () => {
    const out = path.join(dir, 'report.json');
    expectExit2(run([b64, '--format', 'json', '-o', out]), [b64]);
    expect(fs.existsSync(out)).toBe(false);
  });
  it('an unusable input beside a readable log is a warning naming it; the verdict stands', () => {
    const r = run([`${prefork}/logs`, b64, empty, '--format', 'json']);
    expect(r.status).toBe(1);
    const j = JSON.parse(r.stdout) as { summary: { WSGI0116: number; WSGI0117: number } };
    expect(j.summary.WSGI0116 + j.summary.WSGI0117).toBe(16);
    expect(r.stderr).toContain(b64);
    expect(r.stderr).not.toContain(`${empty}:`); // an empty file beside others is ordinary (just rotated)
  });
  it('an input that carries a connect-failure signature is never refused', () => {
    // rsyslog's RFC 3164 copy of the Apache lines: signature lines in a syslog envelope
    const r = run(['fixtures/real/syslog-two-hosts/logs/syslog', '--no-rotated', '--format', 'json']);
    expect(r.status).not.toBe(2);
  });
});

describe('a --since/--until window that selects no line: exit 2 naming the span the logs cover', () => {
  // the capture covers 2026-11-13 20:59:54 → 2026-11-17 06:25:07 UTC (error.log* first and last lines)
  const span = ['2026-11-13 20:59:54', '2026-11-17 06:25:07'];
  it('a window after the logs (logs copied off a host, --since 7d)', () => {
    expectExit2(run([`${prefork}/logs`, '--since', '7d']), span);
    expectExit2(run([`${prefork}/logs`, '--since', '2027-01-01']), [...span, '2027-01-01 00:00:00']);
  });
  it('a window before the logs', () => expectExit2(run([`${prefork}/logs`, '--until', '2026-01-01']), span));
  it('a window whose start is after its end', () =>
    expectExit2(run([`${prefork}/logs`, '--since', '2026-11-16', '--until', '2026-11-15']), [
      '2026-11-16',
      '2026-11-15',
    ]));
  it('a window inside the logs is analysed (exit 0 or 1 by what it holds)', () => {
    const r = run([`${prefork}/logs`, '--since', '2026-11-17 06:00', '--format', 'json']);
    expect(r.status).toBe(1);
    const quiet = run([`${prefork}/logs`, '--since', '2026-11-14 12:00', '--until', '2026-11-14 13:00']);
    expect(quiet.status).toBe(0);
  });
});

describe('--explain-schedule', () => {
  it('reads an anacrontab with the run-parts directories beside it (the copied /etc)', () => {
    const r = run(['--cron', 'fixtures/schedule/debian12/etc/anacrontab', '--explain-schedule', '--tz', 'UTC']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('fixtures/schedule/debian12/etc/anacrontab:11');
    expect(r.stdout).toContain('fixtures/schedule/debian12/etc/cron.daily/logrotate');
  });
  it('names the schedule file given when none of its jobs starts logrotate (not "give --cron")', () => {
    const tab = path.join(dir, 'anacrontab'); // alone: no cron.daily beside it
    fs.copyFileSync(path.join(repo, 'fixtures/schedule/debian12/etc/anacrontab'), tab);
    const r = run(['--cron', tab, '--explain-schedule']);
    expectExit2(r, [tab, '/etc/cron.daily']);
    expect(r.stderr).not.toContain('--cron');
  });
  it('with nothing given, says which options give a schedule', () => {
    expectExit2(run(['--explain-schedule']), ['--schedule', '--cron', '--timer', '--root']);
  });
  it('a schedule given is explained, exit 0', () => {
    const r = run(['--schedule', '25 6 * * *', '--explain-schedule', '--tz', 'UTC']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('06:25');
  });
});

describe('the other exit-2 paths: one line naming the option or file', () => {
  const log = `${prefork}/logs`;
  it.each([
    ['--burst-gap not a number', [log, '--burst-gap', 'soon'], ['--burst-gap', 'soon']],
    ['--root not a directory', ['--root', `${prefork}/counts.json`], [`${prefork}/counts.json`]],
    ['--root missing', ['--root', 'no/such/bundle'], ['no/such/bundle']],
    ['--logrotate missing', [log, '--logrotate', 'no/such/logrotate.conf'], ['no/such/logrotate.conf']],
    ['--cron missing', [log, '--cron', 'no/such/crontab'], ['no/such/crontab']],
    ['--timer missing', [log, '--timer', 'no/such/logrotate.timer'], ['no/such/logrotate.timer']],
    ['--apache-config missing', [log, '--apache-config', 'no/such/httpd.conf'], ['no/such/httpd.conf']],
    ['--schedule unparseable', [log, '--schedule', '61 6 * * *'], ['61 6 * * *']],
  ] as const)('%s', (_name, args, names) => expectExit2(run([...args]), [...names]));
});
