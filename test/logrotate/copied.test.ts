// Configs copied off the host for a postmortem (--logrotate without --root): `include /etc/…`
// must not silently pull in the analyst's own /etc/logrotate.d. Found by running the CLI on
// fixtures/logrotate/rhel9 on a Debian machine: the include read Debian's apache2 stanza and the
// RHEL log matched nothing.
import { describe, expect, it } from 'vitest';
import { findStanza, loadLogrotateConfig } from '../../src/logrotate/index.js';
import { memoryFs } from '../../src/fs/index.js';

describe('a copied tree (<copy>/etc/logrotate.conf)', () => {
  it.each([
    { distro: 'rhel9', log: '/var/log/httpd/ssl_error_log', stanza: 'etc/logrotate.d/httpd', frequency: 'weekly' },
    { distro: 'debian12', log: '/var/log/apache2/error.log', stanza: 'etc/logrotate.d/apache2', frequency: 'daily' },
  ])('$distro: include /etc/logrotate.d is read from the copy', ({ distro, log, stanza, frequency }) => {
    const copy = `fixtures/logrotate/${distro}`; // relative, as given: origins read like the command line
    const c = loadLogrotateConfig([`fixtures/logrotate/${distro}/etc/logrotate.conf`]);
    for (const f of c.files) expect(f.startsWith(copy + '/')).toBe(true);
    expect(c.files).toContain(`${copy}/${stanza}`);
    expect(c.warnings.filter((w) => /read from this machine/.test(w.message))).toEqual([]);
    const m = findStanza(c, log)!;
    expect(m.matchedBy).toBe('path');
    expect(m.origin).toMatch(new RegExp(`${stanza}:\\d+$`));
    expect(m.options.frequency?.kind).toBe(frequency);
  });

  it('the include directory given alone is also taken from the copy', () => {
    const c = loadLogrotateConfig(['fixtures/logrotate/rhel9/etc/logrotate.d']);
    expect(c.files).toEqual(['fixtures/logrotate/rhel9/etc/logrotate.d/httpd']);
  });
});

describe('a config copied flat, or one this machine really reads', () => {
  const fs = memoryFs({
    '/home/ops/postmortem/logrotate.conf': 'weekly\ninclude /etc/logrotate.d\n',
    '/etc/logrotate.d/apache2': '/var/log/apache2/*.log {\n  daily\n}\n',
    '/etc/logrotate.conf': 'weekly\ninclude /etc/logrotate.d\n',
  });

  it('flat copy: the include is read from this machine, with a warning at the include line', () => {
    const c = loadLogrotateConfig(['/home/ops/postmortem/logrotate.conf'], fs);
    expect(c.files).toContain('/etc/logrotate.d/apache2');
    expect(c.warnings).toEqual([
      expect.objectContaining({
        file: '/home/ops/postmortem/logrotate.conf',
        line: 2,
        message: expect.stringMatching(/^include \/etc\/logrotate\.d: read from this machine, not from the host/),
      }),
    ]);
  });

  it("/etc/logrotate.conf itself: logrotate's own behaviour, no warning", () => {
    const c = loadLogrotateConfig(['/etc/logrotate.conf'], fs);
    expect(c.files).toEqual(['/etc/logrotate.conf', '/etc/logrotate.d/apache2']);
    expect(c.warnings).toEqual([]);
  });

  it('a copy tree without the included directory falls back to this machine, and says so', () => {
    const f2 = memoryFs({
      '/srv/copy/etc/logrotate.conf': 'include /etc/logrotate.d\n',
      '/etc/logrotate.d/apache2': '/var/log/apache2/*.log {\n}\n',
    });
    const c = loadLogrotateConfig(['/srv/copy/etc/logrotate.conf'], f2);
    expect(c.files).toContain('/etc/logrotate.d/apache2');
    expect(c.warnings.map((w) => `${w.file}:${w.line}`)).toEqual(['/srv/copy/etc/logrotate.conf:1']);
  });
});
