// --root discovery over the two fixture trees (fixtures/bundles/*/README.md says what is real)
// and over in-memory trees for the corner cases.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverRoot, isErrorLogName, parseLsListing } from '../../src/discovery/index.js';
import { InputError } from '../../src/errors.js';
import { findStanza, loadLogrotateConfig, parseStateFile } from '../../src/logrotate/index.js';
import { memoryFs, nodeFs } from '../../src/fs/index.js';

const SOS = path.resolve('fixtures/bundles/sosreport-rhel9-web01');
const DEB = path.resolve('fixtures/bundles/debian12-host');
const hosts = (xs: { hostPath: string }[]) => xs.map((x) => x.hostPath);

describe('sosreport-shaped RHEL 9 bundle', () => {
  const d = discoverRoot(SOS);

  it('recognises the layout, distro and zone (timedatectl capture first)', () => {
    expect(d.layout).toBe('sosreport');
    expect(d.distro).toMatchObject({ id: 'rhel', versionId: '9.4', idLike: ['fedora'] });
    expect(d.timezone).toEqual({ zone: 'Europe/Berlin', origin: `${SOS}/sos_commands/systemd/timedatectl:4` });
  });

  it('finds the current error logs, marks the tailed one, and notes the missing rotated files', () => {
    expect(d.apacheLogs.map((l) => [l.hostPath, l.truncated])).toEqual([
      ['/var/log/httpd/error_log', false],
      ['/var/log/httpd/ssl_error_log', true],
    ]);
    expect(d.apacheLogs[0]!.path).toBe(`${SOS}/var/log/httpd/error_log`);
    expect(d.rotatedSiblings).toEqual([]);
    expect(d.notes.join('\n')).toMatch(/apache\.log=on/);
    expect(d.notes.join('\n')).toMatch(/only the tail of \/var\/log\/httpd\/ssl_error_log/);
  });

  it('finds logrotate config, state, debug capture; the stanza for the log matches by host path', () => {
    expect(hosts(d.logrotateConfigs)).toEqual(['/etc/logrotate.conf']);
    expect(hosts(d.logrotateState)).toEqual(['/var/lib/logrotate/logrotate.status']);
    expect(d.logrotateDebug?.hostPath).toBe('/sos_commands/logrotate/logrotate_debug');
    const config = loadLogrotateConfig(
      d.logrotateConfigs.map((f) => f.path),
      nodeFs,
      { root: d.root },
    );
    const m = findStanza(config, d.apacheLogs[0]!.hostPath)!;
    expect(m.matchedBy).toBe('path');
    expect(m.origin).toBe(`${SOS}/etc/logrotate.d/httpd:3`);
    expect(m.action).toBe('graceful');
    const state = parseStateFile(nodeFs.readFile(d.logrotateState[0]!.path), d.logrotateState[0]!.path);
    expect(state.get('/var/log/httpd/error_log')).toMatchObject({ y: 2026, m: 11, d: 22 });
  });

  it('finds cron, anacron, the timer with its drop-in, the httpd unit and the run evidence', () => {
    expect(d.crontabs.map((c) => [c.hostPath, c.kind, c.user])).toEqual([
      ['/etc/crontab', 'system', null],
      ['/etc/cron.d/0hourly', 'cron.d', null],
      ['/var/spool/cron/root', 'user', 'root'],
    ]);
    expect(d.runParts.map((r) => [r.hostPath, r.period, r.scripts])).toEqual([
      ['/etc/cron.hourly', 'hourly', ['0anacron']],
      ['/etc/cron.daily', 'daily', []],
      ['/etc/cron.weekly', 'weekly', []],
      ['/etc/cron.monthly', 'monthly', []],
    ]);
    expect(d.anacrontab?.hostPath).toBe('/etc/anacrontab');
    // lib -> usr/lib: the same unit is listed once
    expect(d.timers).toEqual([
      {
        name: 'logrotate.timer',
        units: [
          {
            path: `${SOS}/usr/lib/systemd/system/logrotate.timer`,
            hostPath: '/usr/lib/systemd/system/logrotate.timer',
          },
        ],
        dropIns: [
          {
            path: `${SOS}/etc/systemd/system/logrotate.timer.d/override.conf`,
            hostPath: '/etc/systemd/system/logrotate.timer.d/override.conf',
          },
        ],
      },
    ]);
    expect(hosts(d.apacheUnits)).toEqual(['/usr/lib/systemd/system/httpd.service']);
    expect(d.apacheConfig?.hostPath).toBe('/etc/httpd/conf/httpd.conf');
    expect(d.evidence.map((e) => e.hostPath)).toEqual([
      '/sos_commands/systemd/systemctl_list-timers_--all',
      '/sos_commands/logs/ls_-alZRs_.var.log',
    ]);
  });
});

describe("sos's ls -alZRs listing: the rotated logs sos did not copy", () => {
  const d = discoverRoot(SOS);
  const listing = `${SOS}/sos_commands/logs/ls_-alZRs_.var.log`;

  it('names every Apache error log in the listing with size and local mtime, origin at its line', () => {
    expect(d.listedApacheLogs.map((l) => l.hostPath)).toEqual([
      '/var/log/httpd/error_log',
      '/var/log/httpd/error_log-20261122',
      '/var/log/httpd/ssl_error_log',
    ]);
    const rotated = d.listedApacheLogs.find((l) => l.hostPath.endsWith('-20261122'))!;
    // "Nov 22 03:30" in the host zone (Europe/Berlin, CET), year from timedatectl's "Local time: … 2026-11-23"
    expect(rotated).toMatchObject({ size: 5610, mtimeText: 'Nov 22 03:30', mtime: Date.UTC(2026, 10, 22, 2, 30) });
    const [file, line] = [
      rotated.origin.slice(0, rotated.origin.lastIndexOf(':')),
      Number(rotated.origin.slice(rotated.origin.lastIndexOf(':') + 1)),
    ];
    expect(file).toBe(listing);
    expect(readFileSync(file, 'utf8').split('\n')[line - 1]).toMatch(/ 5610 Nov 22 03:30 error_log-20261122$/);
    // the access log is listed too, but is no error log
    expect(d.listedApacheLogs.some((l) => l.hostPath.includes('access'))).toBe(false);
  });

  it('the missing-rotated-logs note says which rotated logs existed', () => {
    expect(d.notes.join('\n')).toMatch(
      /no rotated Apache logs in the sosreport .*listing shows error_log-20261122 \(Nov 22 03:30\) existed/,
    );
  });

  it('HH:MM dates after the capture day are last year (ls prints them for the six months before); "Mon dd yyyy" has no instant', () => {
    const text = readFileSync(listing, 'utf8')
      .replace('Nov 22 03:30 error_log-20261122', 'Dec 30 03:30 error_log-20251230')
      .replace('Nov 23 08:40 ssl_error_log', 'Jan  3  2024 ssl_error_log');
    const got = parseLsListing(text, 'l', 'Europe/Berlin', { y: 2026, m: 1, d: 5 }, ['/var/log/httpd'], isErrorLogName);
    expect(got.find((l) => l.hostPath.endsWith('error_log-20251230'))!.mtime).toBe(Date.UTC(2025, 11, 30, 2, 30));
    expect(got.find((l) => l.hostPath.endsWith('ssl_error_log'))).toMatchObject({
      mtime: null,
      mtimeText: 'Jan 3 2024',
    });
    // no capture date: the year of an HH:MM date is unknown
    expect(
      parseLsListing(text, 'l', 'Europe/Berlin', null, ['/var/log/httpd'], isErrorLogName).every(
        (l) => l.mtime === null,
      ),
    ).toBe(true);
  });

  it('a listing without SELinux contexts (plain ls -alRs) reads the same', () => {
    const plain = readFileSync(listing, 'utf8').replace(/ system_u:object_r:\w+:s0 /g, ' ');
    const got = parseLsListing(
      plain,
      'l',
      'Europe/Berlin',
      { y: 2026, m: 11, d: 23 },
      ['/var/log/httpd'],
      isErrorLogName,
    );
    expect(got.map((l) => [l.hostPath, l.size])).toEqual(d.listedApacheLogs.map((l) => [l.hostPath, l.size]));
  });
});

describe('Debian 12 host tree', () => {
  const d = discoverRoot(DEB);

  it('layout, distro, zone from the /etc/localtime link', () => {
    expect(d.layout).toBe('filesystem');
    expect(d.distro).toMatchObject({ id: 'debian', versionId: '12', prettyName: 'Debian GNU/Linux 12 (bookworm)' });
    expect(d.timezone).toEqual({
      zone: 'Europe/Berlin',
      origin: `${DEB}/etc/localtime -> /usr/share/zoneinfo/Europe/Berlin`,
    });
  });

  it('no sos listing, so no listed logs', () => {
    expect(discoverRoot(DEB).listedApacheLogs).toEqual([]);
  });

  it('current logs and rotated siblings apart; no sosreport note', () => {
    expect(hosts(d.apacheLogs)).toEqual([
      '/var/log/apache2/error.log',
      '/var/log/apache2/shop/error.log',
      '/var/log/apache2/sync_error.log',
    ]);
    expect(hosts(d.rotatedSiblings)).toEqual(['/var/log/apache2/error.log.1', '/var/log/apache2/error.log.2.gz']);
    expect(d.notes).toEqual([]);
  });

  it('logrotate, state, cron, run-parts, anacron and both timers', () => {
    expect(hosts(d.logrotateConfigs)).toEqual(['/etc/logrotate.conf']);
    expect(hosts(d.logrotateState)).toEqual(['/var/lib/logrotate/status']);
    const config = loadLogrotateConfig(
      d.logrotateConfigs.map((f) => f.path),
      nodeFs,
      { root: d.root },
    );
    expect(findStanza(config, '/var/log/apache2/sync_error.log')!.options.frequency).toEqual({ kind: 'daily' });
    expect(d.crontabs.map((c) => [c.hostPath, c.kind])).toEqual([
      ['/etc/crontab', 'system'],
      ['/etc/cron.d/anacron', 'cron.d'],
      ['/etc/cron.d/e2scrub_all', 'cron.d'],
      ['/var/spool/cron/crontabs/root', 'user'],
    ]);
    // the hidden .placeholder of cron.hourly is not a job
    expect(d.runParts.find((r) => r.period === 'hourly')!.scripts).toEqual([]);
    const daily = d.runParts.find((r) => r.period === 'daily')!;
    expect(daily.scripts).toEqual(['0anacron', 'apache2', 'apt-compat', 'dpkg', 'logrotate', 'man-db']);
    expect(d.anacrontab?.hostPath).toBe('/etc/anacrontab');
    expect(d.timers.map((t) => [t.name, hosts(t.units)])).toEqual([
      ['logrotate.timer', ['/usr/lib/systemd/system/logrotate.timer']],
      ['anacron.timer', ['/usr/lib/systemd/system/anacron.timer']],
    ]);
    expect(hosts(d.apacheUnits)).toEqual(['/usr/lib/systemd/system/apache2.service']);
    expect(d.apacheConfig?.hostPath).toBe('/etc/apache2/apache2.conf');
  });
});

describe('corner cases (in-memory trees, synthetic)', () => {
  it('zone from /etc/timezone, then from sysconfig/clock; invalid names are skipped', () => {
    expect(discoverRoot('/r', memoryFs({ '/r/etc/timezone': '# x\nAmerica/New_York\n' })).timezone).toEqual({
      zone: 'America/New_York',
      origin: '/r/etc/timezone:2',
    });
    expect(
      discoverRoot('/r', memoryFs({ '/r/etc/sysconfig/clock': 'UTC=true\nZONE="Asia/Tokyo"\n' })).timezone,
    ).toEqual({ zone: 'Asia/Tokyo', origin: '/r/etc/sysconfig/clock:2' });
    expect(
      discoverRoot(
        '/r',
        memoryFs({ '/r/etc/timezone': 'Mars/Olympus\n', '/r/etc/sysconfig/clock': 'TIMEZONE="Europe/Berlin"\n' }),
      ).timezone?.zone,
    ).toBe('Europe/Berlin');
    const none = discoverRoot('/r', memoryFs({ '/r/etc/hostname': 'x\n' }));
    expect(none.timezone).toBeNull();
    expect(none.notes.join('\n')).toMatch(/pass --tz/);
  });

  it('a drop-in in /etc replaces the vendor drop-in of the same name; order is by file name', () => {
    const d = discoverRoot(
      '/r',
      memoryFs({
        '/r/usr/lib/systemd/system/logrotate.timer': '[Timer]\nOnCalendar=daily\n',
        '/r/usr/lib/systemd/system/logrotate.timer.d/50-vendor.conf': '[Timer]\n',
        '/r/usr/lib/systemd/system/logrotate.timer.d/10-a.conf': '[Timer]\n',
        '/r/etc/systemd/system/logrotate.timer.d/50-vendor.conf': '[Timer]\nRandomizedDelaySec=0\n',
        '/r/etc/systemd/system/logrotate.timer': '[Timer]\nOnCalendar=hourly\n',
      }),
    );
    expect(d.timers[0]!.units.map((u) => u.hostPath)).toEqual([
      '/etc/systemd/system/logrotate.timer',
      '/usr/lib/systemd/system/logrotate.timer',
    ]);
    expect(d.timers[0]!.dropIns.map((u) => u.hostPath)).toEqual([
      '/usr/lib/systemd/system/logrotate.timer.d/10-a.conf',
      '/etc/systemd/system/logrotate.timer.d/50-vendor.conf',
    ]);
  });

  it('SUSE: vendor logrotate.conf before /etc, Apache config at /etc/apache2/httpd.conf, supportconfig noticed', () => {
    const d = discoverRoot(
      '/r',
      memoryFs({
        '/r/usr/etc/logrotate.conf': 'weekly\n',
        '/r/etc/logrotate.conf': 'weekly\n',
        '/r/etc/apache2/httpd.conf': 'Listen 80\n',
      }),
    );
    expect(hosts(d.logrotateConfigs)).toEqual(['/usr/etc/logrotate.conf', '/etc/logrotate.conf']);
    expect(d.apacheConfig?.hostPath).toBe('/etc/apache2/httpd.conf');
    expect(discoverRoot('/s', memoryFs({ '/s/web.txt': '#==[ Log File ]=====#\n' })).layout).toBe('supportconfig');
  });

  it('a root that is not a directory is an InputError naming it', () => {
    expect(() => discoverRoot('/nope', memoryFs({}))).toThrow(InputError);
    expect(() => discoverRoot('/nope', memoryFs({}))).toThrow(/--root: not a directory/);
  });
});
