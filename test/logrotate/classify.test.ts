// Postrotate/lastaction commands -> what they do to Apache. The graceful/restart lines are the
// ones shipped by real distro packages (fixtures/logrotate/README.md); the
// 'unknown' and negative ones are synthetic.
import { describe, expect, it } from 'vitest';
import { classifyScript } from '../../src/logrotate/index.js';

const table: {
  script: string;
  action: 'graceful' | 'restart' | 'none' | 'unknown';
  source: string;
  detail?: RegExp;
}[] = [
  {
    script:
      '\n\t\tif pgrep -f ^/usr/sbin/apache2 > /dev/null; then\n\t\t\tinvoke-rc.d apache2 reload 2>&1 | logger -t apache2.logrotate\n\t\tfi\n',
    action: 'graceful',
    source: 'Debian 12 apache2',
    detail: /invoke-rc\.d apache2 reload/,
  },
  { script: '/etc/init.d/apache2 reload > /dev/null', action: 'graceful', source: 'older Ubuntu' },
  {
    script: '        /bin/systemctl reload httpd.service > /dev/null 2>/dev/null || true\n',
    action: 'graceful',
    source: 'Fedora/RHEL 7-9',
  },
  {
    script: '        /etc/init.d/apache2 --quiet --ifstarted reload > /dev/null 2>/dev/null || true\n',
    action: 'graceful',
    source: 'Alpine OpenRC',
    detail: /RELOAD_TYPE=restart/,
  },
  { script: '     systemctl reload apache2.service\n     sleep 60\n', action: 'graceful', source: 'openSUSE' },
  { script: '      /usr/bin/systemctl reload httpd.service 2>/dev/null || true\n', action: 'graceful', source: 'Arch' },
  { script: '/etc/init.d/apache2 reload', action: 'graceful', source: 'SUSE SysV apache2-init.logrotate' },
  {
    script: '/sbin/service httpd reload > /dev/null 2>/dev/null || true',
    action: 'graceful',
    source: 'RHEL 5/6',
    detail: /RHEL 5\/6.*-HUP/,
  },
  {
    script: '/sbin/service $httpd_service reload > /dev/null 2>/dev/null || true',
    action: 'graceful',
    source: 'httpd24 SCL',
  },
  {
    script: '/sbin/service httpd graceful 2> /dev/null || true',
    action: 'graceful',
    source: 'httpd 2.4.62 build/rpm/httpd.logrotate',
  },
  {
    script: '/bin/kill -HUP `cat /var/run/httpd.pid 2>/dev/null` 2> /dev/null || true',
    action: 'restart',
    source: 'kill -HUP copies',
  },
  { script: '/usr/sbin/apachectl graceful', action: 'graceful', source: 'apachectl' },
  { script: 'apache2ctl graceful', action: 'graceful', source: 'apache2ctl' },
  { script: '/usr/sbin/httpd -k graceful', action: 'graceful', source: 'httpd -k' },
  {
    script: '/usr/sbin/start_apache2 -DSYSTEMD -DFOREGROUND -k graceful',
    action: 'graceful',
    source: 'SUSE ExecReload',
  },
  { script: 'kill -USR1 $(cat /run/httpd/httpd.pid)', action: 'graceful', source: 'kill -USR1' },
  { script: 'kill -s USR1 `pidof -s apache2`', action: 'graceful', source: 'kill -s USR1' },
  { script: '/usr/sbin/apachectl -k restart', action: 'restart', source: 'apachectl -k restart' },
  {
    script: 'systemctl restart apache2',
    action: 'restart',
    source: 'systemctl restart (ASF infra "restart instead of reload")',
  },
  { script: 'service apache2 restart > /dev/null', action: 'restart', source: 'service restart' },
  { script: 'invoke-rc.d apache2 restart', action: 'restart', source: 'invoke-rc.d restart' },
  { script: 'apachectl graceful-stop', action: 'unknown', source: 'synthetic: graceful-stop is not a reload' },
  { script: 'systemctl reload nginx', action: 'unknown', source: 'synthetic: another service' },
  { script: '/usr/lib/rsyslog/rsyslog-rotate', action: 'unknown', source: 'Debian rsyslog' },
  { script: 'kill -HUP `cat /var/run/nginx.pid`', action: 'unknown', source: 'synthetic: HUP to something else' },
  { script: '\n   # nothing to do\n\n', action: 'none', source: 'synthetic: comments only' },
];

describe('classifyScript', () => {
  it.each(table)('$source: $action', ({ script, action, detail }) => {
    const c = classifyScript(script);
    expect(c.action).toBe(action);
    expect(c.detail.length).toBeGreaterThan(10);
    if (detail) expect(c.detail).toMatch(detail);
  });

  it('says what was seen when it cannot tell', () => {
    expect(classifyScript('/usr/local/bin/reopen-logs --apache').detail).toMatch(
      /mentions Apache.*reopen-logs --apache/,
    );
  });

  it('the first command decides and a fallback is mentioned', () => {
    const c = classifyScript('apachectl graceful || apachectl restart\n');
    expect(c.action).toBe('graceful');
  });

  // The shapes `npm run fuzz` found slow (their 260 KB forms run in test/robustness/limits.test.ts).
  it('a pid-file path with "httpd" in every segment; systemctl with blanks and other units first', () => {
    const path = `/run/httpd/${'httun/httpd/'.repeat(50)}httpd.pid`;
    expect(classifyScript(`/bin/kill -USR1 \`cat ${path} 2>2l'/dev/null\` 2>*/0/dev/null || true`).action).toBe(
      'graceful',
    );
    expect(classifyScript(`systemctl reload${' '.repeat(20)}x`).action).toBe('unknown');
    expect(classifyScript(`systemctl reload${' '.repeat(20)}httpd.service`).action).toBe('graceful');
    expect(classifyScript('systemctl --no-block reload  php-fpm   httpd').action).toBe('graceful');
    expect(classifyScript('/usr/sbin/apachectl -f /etc/httpd/conf/httpd.conf -k graceful').action).toBe('graceful');
  });
});
