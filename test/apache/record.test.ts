import { describe, expect, it } from 'vitest';
import { parseRecord, parseTimestamp } from '../../src/apache/record.js';

describe('Apache record formats', () => {
  it.each([
    {
      name: '2.4 default, threaded (pid:tid), errno before client, referer',
      line: '[Mon Aug 31 09:30:48.958285 2015] [proxy_fcgi:error] [pid 28787:tid 140169587934976] (70008)Partial results are valid but processing is incomplete: [client 58.13.45.166:59307] AH01075: Error dispatching request to : (reading input brigade), referer: http://example.com/index.php?id_product=11&controller=product',
      want: {
        module: 'proxy_fcgi',
        level: 'error',
        pid: 28787,
        tid: 140169587934976,
        errno: 70008,
        client: '58.13.45.166:59307',
        referer: 'http://example.com/index.php?id_product=11&controller=product',
        message: 'AH01075: Error dispatching request to : (reading input brigade)',
        format: '2.4',
      },
    },
    {
      name: '2.4 default, prefork (no tid), empty module name of mod_wsgi 3.x',
      line: "[Tue Apr 14 14:27:52.605084 2020] [:error] [pid 5688] [client 192.168.10.110:8196] script '/login/wp-login.php' not found or unable to stat",
      want: {
        module: '',
        level: 'error',
        pid: 5688,
        tid: null,
        errno: null,
        client: '192.168.10.110:8196',
        clientKind: 'client',
      },
    },
    {
      name: '2.4, IPv6 client without brackets',
      line: "[Tue Nov 17 06:25:03.412338 2026] [wsgi:error] [pid 4242:tid 4242] (2)No such file or directory: [client ::1:58619] mod_wsgi (pid=4242): Unable to connect to WSGI daemon process 'app' on '/run/apache2/wsgi.1.2.1.sock' as user with uid=33.",
      want: { client: '::1:58619', errno: 2, errnoText: 'No such file or directory' },
    },
    {
      name: '2.4, [remote …] from a daemon process',
      line: "[Wed Nov 20 14:45:12.369187 2019] [wsgi:info] [pid 27509:tid 140263088060160] [remote 172.24.112.31:0] mod_wsgi (pid=27509, process='prism', application=''): Loading WSGI script '/var/www/trac/cgi-bin/trac.wsgi'.",
      want: { clientKind: 'remote', client: '172.24.112.31:0', level: 'info' },
    },
    {
      name: '2.4 debug level with the source-file part',
      line: "[Tue Nov 17 06:25:03.412338 2026] [wsgi:debug] [pid 4242:tid 4242] mod_wsgi.c(12345): [client 10.0.0.1:5] mod_wsgi (pid=4242): Connection attempt #2 to WSGI daemon process 'app' on '/x.sock' failed, sleeping before retrying again.",
      want: { source: 'mod_wsgi.c(12345)', client: '10.0.0.1:5', level: 'debug' },
    },
    {
      name: '2.2 format: no module, no pid, client without port before errno',
      line: "[Tue Sep 22 04:20:37 2015] [error] [client 50.131.221.92] (13)Permission denied: mod_wsgi (pid=3302): Unable to connect to WSGI daemon process 'astronomy' on '/etc/httpd/logs/wsgi.3299.0.1.sock' after multiple attempts.",
      want: { module: null, level: 'error', pid: null, client: '50.131.221.92', errno: 13, format: '2.2' },
    },
    {
      name: 'ErrorLogFormat "%{cu}t %M" (SUSE keystone): no brackets at all',
      line: "2017-01-04 10:00:00.123456 mod_wsgi (pid=7): Unable to connect to WSGI daemon process 'k' on '/run/wsgi.1.0.1.sock' as user with uid=30.",
      want: {
        module: null,
        level: null,
        pid: null,
        message:
          "mod_wsgi (pid=7): Unable to connect to WSGI daemon process 'k' on '/run/wsgi.1.0.1.sock' as user with uid=30.",
      },
    },
    {
      name: 'manual threaded format with %-m (dash for an empty module) and a Host suffix-free message',
      line: '[Tue Nov 17 06:25:03.412338 2026] [-:error] [pid 10:tid 11] [client 10.0.0.2:6] hello',
      want: { module: '', level: 'error', pid: 10, tid: 11, message: 'hello' },
    },
    {
      name: 'manual "[%{uc}t] [%-m:%-l] [R:%L] [C:%{C}L] %7F: %E: %M" with log ids',
      line: '[2026-11-17 06:25:03.412338] [wsgi:error] [R:YT4cxX8AAQEAAB1@kh8AAAAG] [C:YT4cxX8AAQE] (2)No such file or directory: hello',
      want: { module: 'wsgi', level: 'error', errno: 2, message: 'hello' },
    },
  ])('$name', ({ line, want }) => {
    const rec = parseRecord(line);
    expect(rec).not.toBeNull();
    expect(rec).toMatchObject(want);
  });

  it('is not fooled by lines that are not records', () => {
    for (const l of [
      'Traceback (most recent call last):',
      '',
      '   File "x.py", line 1',
      "AH00558: apache2: Could not reliably determine the server's fully qualified domain name",
      '[notatime] x',
    ]) {
      expect(parseRecord(l)).toBeNull();
    }
  });

  // Found by `npm run fuzz` (seed 99): a Number keeps 15 digits, so an event showed 1e+24 for a
  // value its line does not hold. Longer digit runs are no pid or errno: null, the text kept.
  it('a pid, tid or errno of more than 15 digits is null', () => {
    const rec = parseRecord(
      "[Sun Mar 20 03:39:40.009049 2016] [wsgi:error] [pid 12345678901234567890:tid 140026339231488] (999999999999999999999992)No such file or directory: [client 10.0.0.1:5] mod_wsgi (pid=22516): Unable to connect to WSGI daemon process 'sync' on '/var/run/apache2/wsgi.22506.0.1.sock'.",
    );
    expect(rec).toMatchObject({ pid: null, tid: 140026339231488, errno: null, errnoText: 'No such file or directory' });
  });
});

describe('timestamps', () => {
  it.each([
    [
      '[Thu May 12 08:28:57.652118 2011]',
      { year: 2011, month: 5, day: 12, hour: 8, minute: 28, second: 57, micros: 652118, style: 'ctime-usec' },
    ],
    [
      '[Tue Sep 22 04:20:37 2015]',
      { year: 2015, month: 9, day: 22, hour: 4, minute: 20, second: 37, micros: 0, style: 'ctime' },
    ],
    ['1993-06-30 21:49:08', { year: 1993, month: 6, day: 30, hour: 21, second: 8, style: 'iso', offsetMinutes: null }],
    ['1993-06-30 21:49:08.123456', { micros: 123456, style: 'iso-usec' }],
    ['1993-06-30 22:49:08.123456 +0100', { hour: 22, offsetMinutes: 60, style: 'iso-usec' }],
    ['[2026-03-29 01:59:59.999999]', { month: 3, day: 29, micros: 999999 }],
  ])('%s', (text, want) => {
    expect(parseTimestamp(text)?.ts).toMatchObject(want);
  });
});
