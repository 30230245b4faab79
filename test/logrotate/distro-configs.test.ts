// The shipped Apache logrotate configs (fixtures/logrotate/<distro>, see its README) against
// what logrotate.md §3 says they do. Expectations are the reference's facts, not our output.
import { describe, expect, it } from 'vitest';
import { findStanza, loadLogrotateConfig, toLogrotateSummary } from '../../src/logrotate/index.js';

interface Case {
  distro: string;
  log: string;
  stanza: string; // file:line relative to the fixture root
  frequency: string | null;
  rotate: number;
  compress: boolean;
  delaycompress: boolean;
  dateext: boolean;
  notifempty: boolean;
  sharedscripts: boolean;
  action: 'graceful' | 'restart' | 'none' | 'unknown';
  compressext?: string;
  consequence?: RegExp;
}

const cases: Case[] = [
  // §3.1: daily, rotate 14, compress + delaycompress, invoke-rc.d apache2 reload (graceful)
  {
    distro: 'debian12',
    log: '/var/log/apache2/error.log',
    stanza: 'etc/logrotate.d/apache2:1',
    frequency: 'daily',
    rotate: 14,
    compress: true,
    delaycompress: true,
    dateext: false,
    notifempty: true,
    sharedscripts: true,
    action: 'graceful',
  },
  {
    distro: 'debian12',
    log: '/var/log/apache2/myapp_error.log',
    stanza: 'etc/logrotate.d/apache2:1',
    frequency: 'daily',
    rotate: 14,
    compress: true,
    delaycompress: true,
    dateext: false,
    notifempty: true,
    sharedscripts: true,
    action: 'graceful',
  },
  // §3.2: no frequency in the stanza -> the global weekly; dateext; uncompressed
  {
    distro: 'rhel9',
    log: '/var/log/httpd/error_log',
    stanza: 'etc/logrotate.d/httpd:3',
    frequency: 'weekly',
    rotate: 4,
    compress: false,
    delaycompress: true,
    dateext: true,
    notifempty: true,
    sharedscripts: true,
    action: 'graceful',
    consequence: /weekly/,
  },
  // "*log matches every file ending in log ... including vhost logs such as myapp_error_log"
  {
    distro: 'rhel9',
    log: '/var/log/httpd/myapp_error_log',
    stanza: 'etc/logrotate.d/httpd:3',
    frequency: 'weekly',
    rotate: 4,
    compress: false,
    delaycompress: true,
    dateext: true,
    notifempty: true,
    sharedscripts: true,
    action: 'graceful',
  },
  // §3.3: weekly, dated, gzip-compressed, delaycompress from the stanza
  {
    distro: 'alpine',
    log: '/var/log/apache2/error.log',
    stanza: 'etc/logrotate.d/apache2:1',
    frequency: 'weekly',
    rotate: 4,
    compress: true,
    delaycompress: true,
    dateext: true,
    notifempty: true,
    sharedscripts: true,
    action: 'graceful',
  },
  // §3.4: size-triggered 1 MiB for error logs, compress without delaycompress, xz, two reloading stanzas
  {
    distro: 'opensuse',
    log: '/var/log/apache2/error_log',
    stanza: 'etc/logrotate.d/apache2:17',
    frequency: 'size 1M',
    rotate: 99,
    compress: true,
    delaycompress: false,
    dateext: true,
    notifempty: true,
    sharedscripts: true,
    action: 'graceful',
    compressext: '.xz',
    consequence: /compress without delaycompress.*sleep 60/,
  },
  {
    distro: 'opensuse',
    log: '/var/log/apache2/myhost-error_log',
    stanza: 'etc/logrotate.d/apache2:17',
    frequency: 'size 1M',
    rotate: 99,
    compress: true,
    delaycompress: false,
    dateext: true,
    notifempty: true,
    sharedscripts: true,
    action: 'graceful',
    consequence: /2 stanzas reload Apache/,
  },
  {
    distro: 'opensuse',
    log: '/var/log/apache2/access_log',
    stanza: 'etc/logrotate.d/apache2:1',
    frequency: 'size 4M',
    rotate: 99,
    compress: true,
    delaycompress: false,
    dateext: true,
    notifempty: true,
    sharedscripts: true,
    action: 'graceful',
  },
  // §3.5: frequency from the global conf; no notifempty in the stanza
  {
    distro: 'arch',
    log: '/var/log/httpd/error_log',
    stanza: 'etc/logrotate.d/httpd:1',
    frequency: 'weekly',
    rotate: 4,
    compress: false,
    delaycompress: false,
    dateext: true,
    notifempty: false,
    sharedscripts: true,
    action: 'graceful',
  },
  // §3.2: RHEL 5/6 `service httpd reload` (graceful by name; the detail carries the SIGHUP caveat), upstream RPM `service httpd graceful`, the kill -HUP copies
  {
    distro: 'rhel6-scl',
    log: '/var/log/httpd/error_log',
    stanza: 'etc/logrotate.d/httpd:1',
    frequency: null,
    rotate: 0,
    compress: false,
    delaycompress: true,
    dateext: false,
    notifempty: true,
    sharedscripts: true,
    action: 'graceful',
  },
  {
    distro: 'upstream-rpm',
    log: '/var/log/httpd/error_log',
    stanza: 'etc/logrotate.d/httpd:1',
    frequency: null,
    rotate: 0,
    compress: false,
    delaycompress: false,
    dateext: false,
    notifempty: true,
    sharedscripts: true,
    action: 'graceful',
  },
  {
    distro: 'killhup',
    log: '/var/log/httpd/ssl_error_log',
    stanza: 'etc/logrotate.d/httpd:1',
    frequency: null,
    rotate: 0,
    compress: false,
    delaycompress: false,
    dateext: false,
    notifempty: true,
    sharedscripts: true,
    action: 'restart',
    consequence: /SIGHUP/,
  },
];

function load(distro: string) {
  const root = `fixtures/logrotate/${distro}`;
  const main = `${root}/etc/logrotate.conf`;
  try {
    return loadLogrotateConfig([main], undefined, { root });
  } catch {
    // stanza-only fixtures: read the logrotate.d directory as logrotate would read a directory argument
    return loadLogrotateConfig([`${root}/etc/logrotate.d`], undefined, { root });
  }
}

describe('shipped distro configs', () => {
  it.each(cases)('$distro $log', (c) => {
    const config = load(c.distro);
    const m = findStanza(config, c.log);
    expect(m).not.toBeNull();
    expect(m!.origin.endsWith(`fixtures/logrotate/${c.distro}/${c.stanza}`)).toBe(true);
    expect(m!.matchedBy).toBe('path');
    const s = toLogrotateSummary(m!);
    // stanza-only fixtures have no global weekly: logrotate's built-in default is size 1 MiB
    expect(s.frequency).toBe(c.frequency ?? 'size 1M');
    expect(s.options.rotate).toBe(c.rotate);
    expect(s.options.compress).toBe(c.compress);
    expect(s.options.delaycompress).toBe(c.delaycompress);
    expect(s.options.dateext).toBe(c.dateext);
    expect(s.options.notifempty).toBe(c.notifempty);
    expect(s.options.sharedscripts).toBe(c.sharedscripts);
    expect(s.action).toBe(c.action);
    if (c.compressext) expect(s.options.compressext).toBe(c.compressext);
    if (c.consequence) expect(s.consequences.join('\n')).toMatch(c.consequence);
    expect(config.warnings).toEqual([]);
  });

  it('keeps scripts verbatim with their line numbers (Debian apache2)', () => {
    const m = findStanza(load('debian12'), '/var/log/apache2/access.log')!;
    expect(m.scripts.prerotate).toMatchObject({ line: 10, endLine: 14 });
    expect(m.scripts.prerotate!.text).toBe(
      '\n\t\tif [ -d /etc/logrotate.d/httpd-prerotate ]; then\n\t\t\trun-parts /etc/logrotate.d/httpd-prerotate\n\t\tfi\n',
    );
    expect(m.scripts.postrotate).toMatchObject({ line: 15, endLine: 19 });
    expect(m.scripts.postrotate!.text).toContain('invoke-rc.d apache2 reload 2>&1 | logger -t apache2.logrotate');
  });

  it('skips taboo files: the default list (Debian .dpkg-old) and an added tabooext (Alpine .apk-new)', () => {
    const deb = load('debian12');
    expect(deb.files.some((f) => f.endsWith('apache2.dpkg-old'))).toBe(false);
    expect(findStanza(deb, '/var/log/apache2/error.log')!.options.frequency).toEqual({ kind: 'daily' });
    const alp = load('alpine');
    expect(alp.files.some((f) => f.endsWith('apache2.apk-new'))).toBe(false);
    expect(alp.files.map((f) => f.replace(/.*fixtures\/logrotate\/alpine\//, ''))).toEqual([
      'etc/logrotate.conf',
      'etc/logrotate.d/apache2',
    ]);
  });

  it('says where an inherited option came from (RHEL: weekly from logrotate.conf)', () => {
    const m = findStanza(load('rhel9'), '/var/log/httpd/error_log')!;
    expect(m.optionOrigins.frequency).toMatch(/rhel9\/etc\/logrotate\.conf:6$/);
    expect(m.optionOrigins.delaycompress).toMatch(/rhel9\/etc\/logrotate\.d\/httpd:7$/);
  });

  it('a stanza file read alone says its frequency is only the built-in default', () => {
    const alone = loadLogrotateConfig(['fixtures/logrotate/rhel9/etc/logrotate.d/httpd']);
    const m = findStanza(alone, '/var/log/httpd/error_log')!;
    expect(toLogrotateSummary(m).frequency).toBe('size 1M');
    expect(m.consequences.join('\n')).toMatch(/no frequency in the files read.*logrotate\.conf/);
    expect(findStanza(load('rhel9'), '/var/log/httpd/error_log')!.consequences.join('\n')).not.toMatch(
      /no frequency in the files read/,
    );
  });

  it('falls back to the file name for logs copied off the host', () => {
    const m = findStanza(load('rhel9'), '/home/me/case-0421/error_log-20261122')!;
    expect(m).toBeNull();
    const n = findStanza(load('rhel9'), '/home/me/case-0421/httpd/ssl_error_log')!;
    expect(n.matchedBy).toBe('basename');
    expect(n.pattern).toBe('/var/log/httpd/*log');
    // Debian: other stanzas (/var/log/postgresql/*.log) match the name too; the apache2 directory wins
    const d = findStanza(load('debian12'), '/tmp/copied/apache2/error.log')!;
    expect(d.matchedBy).toBe('basename');
    expect(d.origin).toMatch(/logrotate\.d\/apache2:1$/);
  });

  it('strips a bundle root before matching', () => {
    const m = findStanza(load('rhel9'), '/srv/sos/sosreport-web01/var/log/httpd/error_log', {
      root: '/srv/sos/sosreport-web01',
    })!;
    expect(m.matchedBy).toBe('path');
  });
});
