// Untrusted input (issue 18): every crash and hang found by mutating the real fixtures, run
// through the built CLI (bin/wsgi-logdoctor). A hang shows up as the child killed by the
// spawn timeout (status null), a crash as "internal error" on stderr; no timings are asserted.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/wsgi/index.js';

const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin', 'wsgi-logdoctor');
// Generous: each case took well under a second once bounded, and 10 s to minutes before.
const GUARD_MS = 25_000;
const run = (args: string[]) =>
  spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: GUARD_MS,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1', TZ: 'UTC' },
  });

/** Finished by itself (not killed by the guard) and without a stack trace. */
function expectNoCrashNoHang(r: ReturnType<typeof run>): void {
  expect(r.signal, `killed after ${GUARD_MS} ms: a hang`).toBeNull();
  expect(r.stderr).not.toMatch(/internal error/);
  expect([0, 1, 2]).toContain(r.status);
}

let dir: string;
let connectLine: string;
/** one connect error 30 days before another: the span schedules are expanded over */
let log30: string;
const write = (name: string, text: string): string => {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, text);
  return p;
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wld-limits-'));
  connectLine = CATALOGUE.find((e) => e.id === 'connect-4.6-backlog')!.samples[0]!.line;
  const later = connectLine.replace(/^\[\w{3} (\w{3}) (\d\d)/, (_w, _m: string, d: string) => `[Mon Dec ${d}`);
  expect(later).not.toBe(connectLine);
  log30 = write('log30/error_log', `${connectLine}\n${later}\n`);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('prototype names as keys', () => {
  it.each(['systemd:constructor', 'systemd:toString', 'systemd:__proto__', '@constructor', '@__proto__', 'toString'])(
    '--schedule %s is a one-line usage error',
    (spec) => {
      const r = run([log30, '--no-rotated', '--schedule', spec]);
      expectNoCrashNoHang(r);
      expect(r.status).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^wsgi-logdoctor: --schedule: /);
    },
  );
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])('a logrotate stanza line %s', (word) => {
    const conf = write(`proto-${word}.conf`, `${log30} {\n    ${word}\n    daily\n}\n`);
    const r = run([log30, '--no-rotated', '--logrotate', conf, '--format', 'json']);
    expectNoCrashNoHang(r);
    expect(r.stderr).toContain(`${conf}:2:`);
  });
  it('__proto__= in a crontab and a WSGIDaemonProcess option is kept as a plain name', () => {
    const cron = write('proto.cron', '__proto__=x\n25 6 * * * root test -x /usr/sbin/logrotate && logrotate\n');
    const conf = write('proto-apache.conf', 'WSGIDaemonProcess app __proto__=1 processes=2\n');
    const r = run([log30, '--no-rotated', '--cron', cron, '--apache-config', conf, '--format', 'json']);
    expectNoCrashNoHang(r);
    expect(r.status).toBe(1);
    const daemon = JSON.parse(r.stdout).apacheConfig.daemons[0];
    expect(daemon.options.processes).toBe('2');
  });
});

describe('timer delays beyond what dates can hold', () => {
  it.each(['AccuracySec=4294967296h', 'RandomizedDelaySec=300000y'])(
    '%s is clamped with a warning naming file:line',
    (line) => {
      const timer = write(`${line.split('=')[0]}.timer`, `[Timer]\nOnCalendar=daily\n${line}\n`);
      const r = run([log30, '--no-rotated', '--timer', timer, '--format', 'json']);
      expectNoCrashNoHang(r);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`${timer}:3: ${line} is longer than 366 days`);
    },
  );
  it('a timer continued over 250,000 lines is read in linear time', () => {
    const timer = write('long.timer', `[Timer]\nOnCalendar=daily \\\n${'  \\\n'.repeat(250_000)}\n`);
    const r = run([log30, '--no-rotated', '--timer', timer, '--format', 'json']);
    expectNoCrashNoHang(r);
    expect(r.status).toBe(1);
  });
});

describe('Apache configuration', () => {
  it('Define chained 30 deep stops with file:line', () => {
    let text = 'Define V0 abcdefghij\n';
    for (let i = 1; i <= 30; i++) text += `Define V${i} \${V${i - 1}}\${V${i - 1}}\n`;
    const conf = write('define.conf', text);
    const r = run([log30, '--no-rotated', '--apache-config', conf]);
    expectNoCrashNoHang(r);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      new RegExp(`^wsgi-logdoctor: ${conf}:\\d+: \\$\\{V\\d+\\} makes this line longer than 1 MiB`),
    );
  });
  it('Include fan-out (each file includes the next twice, 25 levels) stops with file:line', () => {
    for (let i = 0; i < 25; i++) {
      const next = path.join(dir, 'fan', `f${i + 1}.conf`);
      write(`fan/f${i}.conf`, `Include ${next}\nInclude ${next}\n`);
    }
    write('fan/f25.conf', 'KeepAlive On\n');
    const r = run([log30, '--no-rotated', '--apache-config', path.join(dir, 'fan', 'f0.conf')]);
    expectNoCrashNoHang(r);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/fan\/f\d+\.conf:[12]: Include of .* would read more than 10000 configuration files/);
  });
  it('Include with 24 "*a" segments against a long name', () => {
    write(`glob/${'a'.repeat(100)}b`, 'KeepAlive Off\n');
    const conf = write('glob.conf', `IncludeOptional ${path.join(dir, 'glob', '*a'.repeat(24))}\n`);
    const r = run([log30, '--no-rotated', '--apache-config', conf, '--format', 'json']);
    expectNoCrashNoHang(r);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).apacheConfig.keepAlive.value).toBe(true); // the file did not match
  });
  it('a directive continued over 1 MB of lines is read', () => {
    const conf = write('cont.conf', `KeepAlive \\\n${'    \\\n'.repeat(200_000)}Off\n`);
    const r = run([log30, '--no-rotated', '--apache-config', conf, '--format', 'json']);
    expectNoCrashNoHang(r);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).apacheConfig.keepAlive.value).toBe(false);
  });
  it('WSGIDaemonProcess with 100,000 options on one line', () => {
    const conf = write('wsgi.conf', `WSGIDaemonProcess app ${'threads=4 '.repeat(100_000)}processes=3\n`);
    const r = run([log30, '--no-rotated', '--apache-config', conf, '--format', 'json']);
    expectNoCrashNoHang(r);
    expect(JSON.parse(r.stdout).apacheConfig.daemons[0].options.processes).toBe('3');
  });
  it('100,000 nested <IfModule> stop at the nesting limit with file:line', () => {
    const conf = write('nest.conf', '<IfModule mod_x.c>\n'.repeat(100_000) + '</IfModule>\n'.repeat(100_000));
    const r = run([log30, '--no-rotated', '--apache-config', conf]);
    expectNoCrashNoHang(r);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`${conf}:1001: <IfModule> nests sections more than 1000 deep`);
  });
});

describe('logrotate headers', () => {
  it('a 36 KB header glob', () => {
    const conf = write('big-glob.conf', `/var/log/${'[a-z]'.repeat(7200)} {\n    daily\n}\n`);
    const r = run([log30, '--no-rotated', '--logrotate', conf, '--format', 'json']);
    expectNoCrashNoHang(r);
    expect(r.status).toBe(1);
  });
  it('a header with 24 "*a" segments against a long log name', () => {
    const long = write(`glob-log/${'a'.repeat(100)}b`, fs.readFileSync(log30, 'utf8'));
    const conf = write('star-glob.conf', `${path.join(dir, 'glob-log', '*a'.repeat(24))} {\n    daily\n}\n`);
    const r = run([long, '--no-rotated', '--logrotate', conf, '--format', 'json']);
    expectNoCrashNoHang(r);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no logrotate stanza rotates/);
  });
});

describe('logrotate scripts (found by `npm run fuzz`, seed 20261207)', () => {
  it('a postrotate kill with a 260 KB pid-file path of "httpd" segments (quadratic, then minutes)', () => {
    const pid = `/run/httpd/${'httun/httpd/'.repeat(21_000)}httpd.pid`;
    const conf = write(
      'long-postrotate.conf',
      `${log30} {\n    daily\n    postrotate\n        /bin/kill -USR1 \`cat ${pid} 2>2l'/dev/null\` 2>*/0/dev/null || true\n    endscript\n}\n`,
    );
    const r = run([log30, '--no-rotated', '--logrotate', conf, '--schedule', '0 6 * * *', '--format', 'json']);
    expectNoCrashNoHang(r);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).schedule.logrotate.action).toBe('graceful');
  });
  it('a postrotate "systemctl reload" followed by 5000 blanks (exponential backtracking)', () => {
    const conf = write(
      'blank-postrotate.conf',
      `${log30} {\n    daily\n    postrotate\n        systemctl reload${' '.repeat(5000)}x\n    endscript\n}\n`,
    );
    const r = run([log30, '--no-rotated', '--logrotate', conf, '--schedule', '0 6 * * *', '--format', 'json']);
    expectNoCrashNoHang(r);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).schedule.logrotate.action).toBe('unknown');
  });
});

describe('scheduler logs (found by `npm run fuzz`, seed 20261207)', () => {
  it('a logrotate run line with a 300 KB run of tag characters before its tag (quadratic)', () => {
    const cron = write(
      'long-tag.cron',
      `Nov 17 06:25:01 web01 ${'a/'.repeat(150_000)}x run-parts(/etc/cron.daily)[4321]: starting logrotate\n`,
    );
    const r = run([log30, '--no-rotated', '--scheduler-log', cron, '--format', 'json']);
    expectNoCrashNoHang(r);
    expect(r.status).toBe(1);
  });
});

describe('logrotate includes', () => {
  it('include fan-out (12 levels of directories of 4 files including the next level) stops with file:line', () => {
    for (let k = 0; k < 12; k++)
      for (let i = 1; i <= 4; i++) write(`lr-fan/l${k}/f${i}`, `include ${path.join(dir, 'lr-fan', `l${k + 1}`)}\n`);
    write('lr-fan/l12/x', 'weekly\n');
    const conf = write('lr-fan/main.conf', `include ${path.join(dir, 'lr-fan', 'l0')}\n${log30} {\n    daily\n}\n`);
    const r = run([log30, '--no-rotated', '--logrotate', conf]);
    expectNoCrashNoHang(r);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/lr-fan\/l\d+\/f\d:1: include of .* would read more than 10000 config files/);
  });
});

describe('schedules', () => {
  it.each(['* * * * *', 'systemd:*-*-* *:*:*'])('--schedule %s over a 30-day log is capped with a warning', (spec) => {
    const r = run([log30, '--no-rotated', '--schedule', spec, '--format', 'json']);
    expectNoCrashNoHang(r);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/starts more than 10000 times in the logs' span/);
    expect(JSON.parse(r.stdout).rotations.length).toBeLessThanOrEqual(10_000);
  });
  it('--explain-schedule of an every-second calendar shows runs around now', () => {
    const r = run(['--explain-schedule', '--schedule', 'systemd:*-*-* *:*:*']);
    expectNoCrashNoHang(r);
    expect(r.status).toBe(0);
    expect(r.stdout.match(/^ {2}(previous|next) /gm)).toHaveLength(6);
  });
  it('an anacrontab with one job repeated 5000 times under --root', () => {
    const bundle = path.join(dir, 'bundle');
    fs.cpSync(path.join(root, 'fixtures', 'bundles', 'sosreport-rhel9-web01'), bundle, { recursive: true });
    fs.copyFileSync(log30, path.join(bundle, 'var', 'log', 'httpd', 'error_log'));
    fs.appendFileSync(
      path.join(bundle, 'etc', 'anacrontab'),
      '1\t5\tlr\t/usr/sbin/logrotate /etc/logrotate.conf\n'.repeat(5000),
    );
    const r = run(['--root', bundle, '--format', 'json']);
    expectNoCrashNoHang(r);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/\/etc\/anacrontab:\d+: the same schedule is written 4999 more time\(s\); counted once/);
  });
});

describe('long runs of blanks and many bad lines', () => {
  const blanks = ' '.repeat(200_000);
  it('a crontab variable and an anacron job with 200,000 inner blanks', () => {
    const cron = write('blanks.cron', `MAILTO=x${blanks}y\n25 6 * * * root logrotate /etc/logrotate.conf\n`);
    const anacron = write('blanks.anacrontab', `X=a${blanks}b\n1 5 lr logrotate${blanks}/etc/logrotate.conf\n`);
    const r = run([log30, '--no-rotated', '--cron', cron, '--cron', anacron, '--format', 'json']);
    expectNoCrashNoHang(r);
    expect(r.status).toBe(1);
  });
  it('a logrotate header with 200,000 inner blanks', () => {
    const conf = write('blanks-lr.conf', `${log30}${blanks}/var/log/other.log${blanks} {\n    daily\n}\n`);
    const r = run([log30, '--no-rotated', '--logrotate', conf, '--format', 'json']);
    expectNoCrashNoHang(r);
    expect(r.status).toBe(1);
    expect(JSON.parse(r.stdout).schedule.logrotate).not.toBeNull();
  });
  it('200,000 bad lines in a cron.d file under --root: a few warnings, then a count', () => {
    const bundle = path.join(dir, 'junk-bundle');
    fs.cpSync(path.join(root, 'fixtures', 'bundles', 'sosreport-rhel9-web01'), bundle, { recursive: true });
    fs.copyFileSync(log30, path.join(bundle, 'var', 'log', 'httpd', 'error_log'));
    fs.writeFileSync(path.join(bundle, 'etc', 'cron.d', 'junk'), 'x y z\n'.repeat(200_000));
    const r = run(['--root', bundle, '--format', 'json']);
    expectNoCrashNoHang(r);
    expect(r.status).toBe(1);
    const junk = r.stderr.split('\n').filter((l) => l.includes('/etc/cron.d/junk'));
    expect(junk).toHaveLength(11);
    expect(junk[10]).toMatch(/\/etc\/cron\.d\/junk: 199990 more bad line\(s\) skipped$/);
  });
});

describe('log lines', () => {
  it('a 60 KB run of "\' on \'" in the daemon-group field, 50 lines', () => {
    const line = connectLine.replace(
      /process '([^']*)'/,
      (_w, g: string) => `process '${g}${"' on '".repeat(10_000)}x'`,
    );
    expect(line.length).toBeGreaterThan(60_000);
    const broken = line.replace(/\.$/, '!'); // matches no catalogue entry: the slow path
    const log = write('on-run/error_log', `${line}\n${broken}\n`.repeat(25));
    const r = run([log, '--no-rotated', '--format', 'json']);
    expectNoCrashNoHang(r);
    expect(r.status).toBe(1);
    const j = JSON.parse(r.stdout);
    // the variant with '!' still carries the connect signature: counted too, never dropped
    expect(j.summary.WSGI0116 + j.summary.WSGI0117).toBe(50);
  });
});

describe('terminal injection', () => {
  const ESC = '\x1b';
  const BEL = '\x07';
  it('ESC and BEL from a log line reach the text report escaped', () => {
    const line = connectLine.replace(/process '([^']*)'/, `process 'a${ESC}]0;pwned${BEL}b'`);
    const log = write('esc/error_log', `${line}\n`);
    const r = run([log, '--no-rotated']);
    expectNoCrashNoHang(r);
    expect(r.status).toBe(1);
    expect(r.stdout).not.toContain(ESC);
    expect(r.stdout).not.toContain(BEL);
    // the reader strips ANSI/OSC sequences as damage (pasted coloured logs); whatever is left is escaped
    expect(r.stdout).toMatch(/\ba(?:\\x1b\]0;pwned\\x07)?b\b/);
  });
  it('a warning naming a path with ESC shows it escaped', () => {
    const log = write(`esc/err${ESC}[2Jor_log`, `${connectLine}\n`);
    const conf = write('esc/other.conf', '/var/log/other.log {\n    daily\n}\n');
    const r = run([log, '--no-rotated', '--logrotate', conf, '--format', 'json']);
    expectNoCrashNoHang(r);
    expect(r.stderr).toMatch(/warning: no logrotate stanza rotates .*err\\x1b\[2Jor_log/);
    expect(r.stderr).not.toContain(ESC);
  });
  it('the exit-2 line shows ESC escaped', () => {
    const r = run([path.join(dir, `no${ESC}]0;x${BEL}such`), '--no-rotated']);
    expect(r.status).toBe(2);
    expect(r.stderr).not.toContain(ESC);
    expect(r.stderr).toContain('no\\x1b]0;x\\x07such');
  });
  it('a --schedule value with a newline prints one error line', () => {
    const r = run([log30, '--no-rotated', '--schedule', '1 2 3\n4 5 6 junk']);
    expect(r.status).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain("'1 2 3\\n4 5 6 junk'");
  });
});
