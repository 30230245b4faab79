// The Apache config reader over the fixture trees in fixtures/apache/ (see its README: the
// Debian tree is a copy of Debian 12's apache2 package files, the RHEL tree follows RHEL 8's
// httpd packaging; the mod_wsgi snippets are synthetic). Where the real httpd (Debian's apache2,
// installed by scripts/install-test-deps.sh) is present it is the oracle for include order and
// for the <VirtualHost> refusal.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { locateApacheConfig, parseTimeout, readApacheConfig } from '../../src/apacheconf/index.js';
import { memoryFs, nodeFs } from '../../src/fs/index.js';
import { InputError } from '../../src/errors.js';

const FIX = path.resolve(__dirname, '../../fixtures/apache');
const DEB_ROOT = path.join(FIX, 'debian');
const DEB = path.join(DEB_ROOT, 'etc/apache2');
const RHEL_ROOT = path.join(FIX, 'rhel');
const haveApache = existsSync('/usr/sbin/apache2') && existsSync('/usr/lib/apache2/modules/mod_wsgi.so');

/** What Debian's apache2ctl would have sourced from envvars (the log dir as in the package). */
const httpdEnv = {
  ...process.env,
  APACHE_RUN_DIR: '/tmp',
  APACHE_LOCK_DIR: '/tmp',
  APACHE_LOG_DIR: '/var/log/apache2',
  APACHE_PID_FILE: '/tmp/wsgi-logdoctor-test.pid',
  APACHE_RUN_USER: 'www-data',
  APACHE_RUN_GROUP: 'www-data',
};

/** file:line → path relative to the fixtures dir, so expectations read like the tree. */
const rel = (origin: string | undefined): string => (origin ?? '').replace(FIX + '/', '');

describe('Debian tree (apache2.conf, mods-enabled, conf-enabled, sites-enabled)', () => {
  const facts = readApacheConfig(path.join(DEB, 'apache2.conf'));

  it.each([
    ['keepAlive', true, 'debian/etc/apache2/apache2.conf:98'],
    ['keepAliveTimeout', 5, 'debian/etc/apache2/apache2.conf:111'],
    ['maxKeepAliveRequests', 100, 'debian/etc/apache2/apache2.conf:105'],
    ['socketRotation', 'off', 'debian/etc/apache2/conf-enabled/wsgi-socket-rotation.conf:4'],
    ['mpm', 'event', 'debian/etc/apache2/mods-enabled/mpm_event.load:2'],
  ] as const)('%s = %s from %s', (key, value, origin) => {
    const v = facts[key];
    expect(v?.value).toBe(value);
    expect(rel(v?.origin)).toBe(origin);
  });

  it('ServerRoot defaults to the config directory (Debian compiles in /etc/apache2)', () => {
    expect(facts.serverRoot?.value).toBe(DEB);
    expect(facts.serverRoot?.origin).toMatch(/^default/);
  });

  it('GracefulShutdownTimeout is not in the Debian files: httpd default 0, marked as default', () => {
    expect(facts.gracefulShutdownTimeout?.value).toBe(0);
    expect(facts.gracefulShutdownTimeout?.origin).toMatch(/^default/);
  });

  it('the commented WSGISocketPrefix of the packaged wsgi.conf is not a setting', () => {
    expect(facts.socketPrefix).toBeNull();
  });

  it('WSGIDaemonProcess with line continuations and a quoted option value', () => {
    expect(facts.daemons).toHaveLength(1);
    const d = facts.daemons[0]!;
    expect(d.name).toBe('myapp');
    expect(rel(d.origin)).toBe('debian/etc/apache2/sites-enabled/myapp.conf:11'); // httpd numbers a continued directive by its last line
    expect(d.options).toEqual({
      user: 'www-data',
      group: 'www-data',
      processes: '2',
      threads: '15',
      'listen-backlog': '100',
      'connect-timeout': '15',
      'queue-timeout': '45',
      'socket-timeout': '60',
      'display-name': '%{GROUP}',
      'python-home': '/srv/myapp/venv',
    });
  });

  it('a KeepAliveTimeout inside <VirtualHost> does not replace the server value, and is noted', () => {
    expect(
      facts.warnings?.some((w) => /myapp\.conf:5: KeepAliveTimeout 15 s applies only to <VirtualHost \*:80>/.test(w)),
    ).toBe(true);
  });

  it('${APACHE_…} variables come from the envvars file beside apache2.conf', () => {
    expect(facts.warnings?.filter((w) => w.includes('is not defined'))).toEqual([]);
  });

  it('records the modules loaded, in order', () => {
    expect(facts.loadedModules?.[0]).toBe('access_compat_module');
    expect(facts.loadedModules).toContain('wsgi_module');
    expect(facts.problems).toEqual([]);
  });

  it("every ErrorLog, the vhosts' included (connect errors land there), with ${APACHE_LOG_DIR} from envvars; LogLevel", () => {
    expect(facts.errorLogs?.map((l) => [l.path, l.vhost, rel(l.origin)])).toEqual([
      ['/var/log/apache2/error.log', null, 'debian/etc/apache2/apache2.conf:134'],
      ['/var/log/apache2/error.log', '<VirtualHost *:80>', 'debian/etc/apache2/sites-enabled/000-default.conf:20'],
      ['/var/log/apache2/myapp_error.log', '<VirtualHost *:80>', 'debian/etc/apache2/sites-enabled/myapp.conf:22'],
    ]);
    expect(facts.logLevel?.value).toBe('warn');
    expect(facts.errorLogFormat).toBeNull();
  });

  it.runIf(haveApache && existsSync('/usr/lib/apache2/modules/mod_info.so'))(
    'every origin is where httpd puts that directive (mod_info: apache2 -t -D DUMP_CONFIG)',
    () => {
      // DUMP_CONFIG prints the tree after <IfModule>/<IfDefine> evaluation as "# In file: F", "# N:", directive.
      const out = execFileSync(
        '/usr/sbin/apache2',
        [
          '-d',
          DEB,
          '-f',
          'apache2.conf',
          '-C',
          'LoadModule info_module /usr/lib/apache2/modules/mod_info.so',
          '-t',
          '-D',
          'DUMP_CONFIG',
        ],
        { env: httpdEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
      );
      const seen = new Set<string>();
      let file = '';
      let line = 0;
      for (const l of out.split('\n')) {
        const f = /^# In file: (.+)$/.exec(l);
        const n = /^\s*#\s+(\d+):$/.exec(l);
        if (f) file = f[1]!;
        else if (n) line = Number(n[1]);
        else if (l.trim() && !l.trim().startsWith('#'))
          seen.add(`${file}:${line} ${l.trim().split(/\s/)[0]!.toLowerCase()}`);
      }
      const ours = [
        [facts.keepAlive?.origin, 'keepalive'],
        [facts.keepAliveTimeout?.origin, 'keepalivetimeout'],
        [facts.maxKeepAliveRequests?.origin, 'maxkeepaliverequests'],
        [facts.socketRotation?.origin, 'wsgisocketrotation'],
        [facts.logLevel?.origin, 'loglevel'],
        ...(facts.errorLogs ?? []).map((e) => [e.origin, 'errorlog']),
        ...facts.daemons.map((d) => [d.origin, 'wsgidaemonprocess']),
      ];
      expect(ours.length).toBe(9);
      for (const [origin, name] of ours) expect(seen).toContain(`${origin} ${name}`);
    },
  );

  it.runIf(haveApache)('reads the same files in the same order as httpd (apache2 -t -D DUMP_INCLUDES)', () => {
    const out = execFileSync('/usr/sbin/apache2', ['-d', DEB, '-f', 'apache2.conf', '-t', '-D', 'DUMP_INCLUDES'], {
      env: httpdEnv,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const httpdFiles = [...out.matchAll(/^\s*\((?:\*|\d+)\) (.+)$/gm)].map((m) => m[1]);
    expect(httpdFiles.length).toBeGreaterThan(30);
    expect(facts.files).toEqual(httpdFiles);
  });
});

describe('RHEL tree under --root (conf/httpd.conf, conf.modules.d, conf.d)', () => {
  const facts = readApacheConfig('/etc/httpd/conf/httpd.conf', { root: RHEL_ROOT });

  it('ServerRoot "/etc/httpd" is read as written, and Include conf.modules.d/*.conf resolves under the root', () => {
    expect(facts.serverRoot).toEqual({
      value: '/etc/httpd',
      origin: path.join(RHEL_ROOT, 'etc/httpd/conf/httpd.conf') + ':8',
    });
    expect(facts.files.map(rel)).toEqual([
      'rhel/etc/httpd/conf/httpd.conf',
      'rhel/etc/httpd/conf.modules.d/00-base.conf',
      'rhel/etc/httpd/conf.modules.d/00-mpm.conf',
      'rhel/etc/httpd/conf.modules.d/10-wsgi-python3.conf',
      'rhel/etc/httpd/conf.d/wsgi-app.conf', // README is not *.conf
    ]);
  });

  it('the prefork MPM from 00-mpm.conf (the other LoadModules are comments)', () => {
    expect(facts.mpm?.value).toBe('prefork');
    expect(rel(facts.mpm?.origin)).toBe('rhel/etc/httpd/conf.modules.d/00-mpm.conf:11');
  });

  it('<IfModule !wsgi_module> around LoadModule is true when nothing loaded wsgi before', () => {
    expect(facts.loadedModules).toContain('wsgi_module');
    expect(facts.loadedModules).toContain('socache_redis_module'); // "loadModule" in the real 00-base.conf: names are case-insensitive
  });

  it('WSGISocketPrefix run/wsgi is relative to ServerRoot', () => {
    expect(facts.socketPrefix?.value).toBe('/etc/httpd/run/wsgi');
    expect(rel(facts.socketPrefix?.origin)).toBe('rhel/etc/httpd/conf.d/wsgi-app.conf:4');
  });

  it.each([
    ['keepAliveTimeout', 60, 'rhel/etc/httpd/conf.d/wsgi-app.conf:5'],
    ['maxKeepAliveRequests', 500, 'rhel/etc/httpd/conf.d/wsgi-app.conf:6'],
  ] as const)('%s = %s from %s', (key, value, origin) => {
    expect(facts[key]?.value).toBe(value);
    expect(rel(facts[key]?.origin)).toBe(origin);
  });

  it('ErrorLog "logs/error_log" is relative to ServerRoot', () => {
    expect(facts.errorLogs).toEqual([
      {
        value: 'logs/error_log',
        path: '/etc/httpd/logs/error_log',
        kind: 'file',
        vhost: null,
        origin: path.join(RHEL_ROOT, 'etc/httpd/conf/httpd.conf') + ':58',
      },
    ]);
  });

  it('rotation not set: null (mod_wsgi default On)', () => {
    expect(facts.socketRotation).toBeNull();
    expect(facts.keepAlive?.origin).toMatch(/^default/);
  });

  it('daemon inside <VirtualHost> with an unquoted value containing ":" and parentheses', () => {
    expect(facts.daemons).toEqual([
      {
        name: 'revo6004abc',
        options: { processes: '4', threads: '1', 'display-name': '(wsgi:revo)', user: 'apache' },
        origin: path.join(RHEL_ROOT, 'etc/httpd/conf.d/wsgi-app.conf') + ':10',
      },
    ]);
  });

  it('the main path may also be given inside the root', () => {
    const again = readApacheConfig(path.join(RHEL_ROOT, 'etc/httpd/conf/httpd.conf'), { root: RHEL_ROOT });
    expect(again.files).toEqual(facts.files);
  });
});

describe('WSGISocketRotation inside <VirtualHost> (mod_wsgi issue #929)', () => {
  const conf = path.join(FIX, 'vhost-rotation/httpd.conf');
  const facts = readApacheConfig(conf);

  // httpd's ap_check_cmd_context() tests NOT_IN_VIRTUALHOST before the directory contexts, so the
  // prefix inside <Location> inside <VirtualHost> is reported against the <VirtualHost> too.
  it('is a problem, not a setting', () => {
    expect(facts.socketRotation).toBeNull();
    expect(facts.problems.map(rel)).toEqual([
      expect.stringMatching(
        /^vhost-rotation\/httpd\.conf:20: WSGISocketRotation cannot occur within <VirtualHost> section .*refuses to start/,
      ),
      expect.stringMatching(
        /^vhost-rotation\/httpd\.conf:22: WSGISocketPrefix cannot occur within <VirtualHost> section/,
      ),
    ]);
  });

  it('<IfDefine> follows -D names', () => {
    expect(facts.keepAliveTimeout?.value).toBe(30);
    expect(readApacheConfig(conf, { defines: ['WITH_ZEUS'] }).keepAliveTimeout?.value).toBe(1);
  });

  it.runIf(haveApache)('httpd agrees: apache2 -t rejects the file at the same line', () => {
    const r = spawnSync('/usr/sbin/apache2', ['-d', path.dirname(conf), '-f', conf, '-t'], { encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`Syntax error on line 20 of ${conf}`);
    expect(r.stderr).toContain('WSGISocketRotation cannot occur within <VirtualHost> section');
  });
});

describe('includes and conditions on an in-memory tree', () => {
  const tree = {
    '/srv/httpd/conf/httpd.conf': [
      'ServerRoot /srv/httpd',
      'IncludeOptional conf.d/*.conf',
      'Include extra',
      '<IfModule mod_wsgi.c>',
      '  WSGISocketPrefix /var/run/wsgi',
      '</IfModule>',
      'LoadModule wsgi_module modules/mod_wsgi.so',
      '<IfModule mod_wsgi.c>',
      '  WSGISocketRotation "Off"',
      '</IfModule>',
      '<ifmodule !mpm_event_module>',
      '  gracefulshutdowntimeout 30',
      '</ifmodule>',
      '# KeepAlive Off \\',
      'KeepAliveTimeout 2',
      'KeepAliveTimeout 300ms',
    ].join('\n'),
    '/srv/httpd/conf.d/b.conf': 'MaxKeepAliveRequests 7',
    '/srv/httpd/conf.d/a.conf': 'MaxKeepAliveRequests 3',
    '/srv/httpd/conf.d/.hidden.conf': 'MaxKeepAliveRequests 999',
    '/srv/httpd/extra/z/deep.conf': 'KeepAlive Off',
    '/srv/httpd/extra/y.txt': 'KeepAlive On',
  };
  const facts = readApacheConfig('/srv/httpd/conf/httpd.conf', { fs: memoryFs(tree) });

  it('wildcards take matches in strcmp order and skip dot files; a directory is read recursively', () => {
    expect(facts.files).toEqual([
      '/srv/httpd/conf/httpd.conf',
      '/srv/httpd/conf.d/a.conf',
      '/srv/httpd/conf.d/b.conf',
      '/srv/httpd/extra/y.txt',
      '/srv/httpd/extra/z/deep.conf',
    ]);
    expect(facts.maxKeepAliveRequests).toEqual({ value: 7, origin: '/srv/httpd/conf.d/b.conf:1' });
    expect(facts.keepAlive).toEqual({ value: false, origin: '/srv/httpd/extra/z/deep.conf:1' });
  });

  it('IfModule before any LoadModule is assumed true and noted; after, it follows what was loaded', () => {
    expect(facts.socketPrefix?.value).toBe('/var/run/wsgi');
    expect(facts.warnings).toContain(
      '/srv/httpd/conf/httpd.conf:4: <IfModule mod_wsgi.c> assumed true: no LoadModule was read before it',
    );
    expect(facts.socketRotation).toEqual({ value: 'off', origin: '/srv/httpd/conf/httpd.conf:9' });
    expect(facts.gracefulShutdownTimeout?.value).toBe(30); // lower-case names; no MPM loaded, so !mpm_event_module holds
  });

  it('piped and syslog error logs, ErrorLogFormat, and a later ErrorLog replacing an earlier one', () => {
    const f = readApacheConfig('/c.conf', {
      fs: memoryFs({
        '/c.conf': [
          'ServerRoot /srv',
          'ErrorLog logs/first_log',
          'ErrorLog "|/usr/bin/rotatelogs -l /var/log/httpd/error_log.%Y%m%d 86400"',
          'ErrorLogFormat "[%{cu}t] [%-m:%l] [pid %P] %M"',
          'ErrorLogFormat request "[%{cu}t] [R:%L] Request %k"',
          '<VirtualHost *:80>',
          '  ErrorLog syslog:local1',
          '</VirtualHost>',
        ].join('\n'),
      }),
    });
    expect(f.errorLogs?.map((l) => [l.kind, l.path, l.vhost, l.origin])).toEqual([
      ['pipe', null, null, '/c.conf:3'],
      ['syslog', null, '<VirtualHost *:80>', '/c.conf:7'],
    ]);
    expect(f.errorLogFormat).toEqual({ value: '[%{cu}t] [%-m:%l] [pid %P] %M', origin: '/c.conf:4' });
  });

  it('a comment ending in a backslash swallows the next line, as in httpd; the last value wins; ms units', () => {
    expect(facts.keepAliveTimeout).toEqual({ value: 0.3, origin: '/srv/httpd/conf/httpd.conf:16' });
  });
});

describe.runIf(haveApache)(
  'include expansion agrees with httpd on a real directory tree (apache2 -t -D DUMP_INCLUDES)',
  () => {
    it('wildcards in a directory component, dot files, directories read recursively, strcmp order', () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'wld-inc-'));
      const files: Record<string, string> = {
        'httpd.conf': `ServerRoot ${dir}\nLoadModule mpm_prefork_module /usr/lib/apache2/modules/mod_mpm_prefork.so\nListen 127.0.0.1:8098\nErrorLog /dev/null\nPidFile ${dir}/x.pid\nInclude sites/*/conf.d/*.conf\nInclude extra\nIncludeOptional nothing/*.conf\n`,
        'sites/b/conf.d/1.conf': '# b1\n',
        'sites/a/conf.d/2.conf': '# a2\n',
        'sites/a/conf.d/10.conf': '# a10\n',
        'sites/a/conf.d/.hidden.conf': '# hidden\n',
        'sites/a/conf.d/Z.conf': '# Z\n',
        'extra/z/deep.conf': '# deep\n',
        'extra/.dot': '# dot\n',
        'extra/y.txt': '# y\n',
      };
      for (const [f, text] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
        writeFileSync(path.join(dir, f), text);
      }
      try {
        const out = execFileSync(
          '/usr/sbin/apache2',
          ['-d', dir, '-f', path.join(dir, 'httpd.conf'), '-t', '-D', 'DUMP_INCLUDES'],
          { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
        );
        const httpdFiles = [...out.matchAll(/^\s*\((?:\*|\d+)\) (.+)$/gm)].map((m) => m[1]);
        expect(httpdFiles.length).toBe(8);
        expect(readApacheConfig(path.join(dir, 'httpd.conf')).files).toEqual(httpdFiles);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);

describe.runIf(haveApache && existsSync('/usr/lib/apache2/modules/mod_info.so'))(
  '<IfModule>/<IfDefine> agree with httpd (mod_info DUMP_CONFIG), with and without -D',
  () => {
    const conf = [
      'LoadModule mpm_prefork_module /usr/lib/apache2/modules/mod_mpm_prefork.so',
      'LoadModule authz_core_module /usr/lib/apache2/modules/mod_authz_core.so',
      'Listen 127.0.0.1:8097',
      'ErrorLog /dev/null',
      'PidFile /tmp/wsgi-logdoctor-ifmodule.pid',
      '<IfModule !wsgi_module>',
      '    LoadModule wsgi_module /usr/lib/apache2/modules/mod_wsgi.so',
      '</IfModule>',
      '<IfModule mod_wsgi.c>',
      '    KeepAliveTimeout 11',
      '</IfModule>',
      '<IfModule mpm_event_module>',
      '    KeepAliveTimeout 12',
      '</IfModule>',
      '<IfModule prefork.c>',
      '    MaxKeepAliveRequests 13',
      '</IfModule>',
      '<IfDefine FOO>',
      '    GracefulShutdownTimeout 14',
      '</IfDefine>',
      '<IfDefine !FOO>',
      '    GracefulShutdownTimeout 15',
      '</IfDefine>',
      'Define BAR',
      '<IfDefine BAR>',
      '    LogLevel info',
      '</IfDefine>',
      '<IfModule version_module>',
      '    KeepAlive Off',
      '</IfModule>',
      '<IfModule mod_rewrite.c>',
      '    KeepAlive On',
      '</IfModule>',
    ].join('\n');

    it.each([[[] as string[]], [['FOO']]])('-D %j', (defines) => {
      const dir = mkdtempSync(path.join(tmpdir(), 'wld-if-'));
      const file = path.join(dir, 'httpd.conf');
      writeFileSync(file, conf + '\n');
      try {
        const args = [
          '-d',
          dir,
          '-f',
          file,
          ...defines.flatMap((d) => ['-D', d]),
          '-C',
          'LoadModule info_module /usr/lib/apache2/modules/mod_info.so',
          '-t',
          '-D',
          'DUMP_CONFIG',
        ];
        const out = execFileSync('/usr/sbin/apache2', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
        const httpd = new Map<string, string>();
        for (const l of out
          .split('\n')
          .map((x) => x.trim())
          .filter((x) => x && !x.startsWith('#'))) {
          const [name, ...rest] = l.split(/\s+/);
          httpd.set(name!.toLowerCase(), rest.join(' '));
        }
        const facts = readApacheConfig(file, { defines });
        expect({
          keepalivetimeout: String(facts.keepAliveTimeout?.value),
          maxkeepaliverequests: String(facts.maxKeepAliveRequests?.value),
          gracefulshutdowntimeout: String(facts.gracefulShutdownTimeout?.value),
          loglevel: facts.logLevel?.value,
          keepalive: facts.keepAlive?.value ? 'On' : 'Off',
        }).toEqual({
          keepalivetimeout: httpd.get('keepalivetimeout'),
          maxkeepaliverequests: httpd.get('maxkeepaliverequests'),
          gracefulshutdowntimeout: httpd.get('gracefulshutdowntimeout'),
          loglevel: httpd.get('loglevel'),
          keepalive: httpd.get('keepalive'),
        });
        expect(facts.loadedModules).toContain('wsgi_module');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);

describe('bad input: InputError naming file and line', () => {
  const broken = (name: string): string => path.join(FIX, 'broken', name);
  const errorOf = (f: () => unknown): InputError => {
    try {
      f();
    } catch (e) {
      if (e instanceof InputError) return e;
      throw e;
    }
    throw new Error('no error thrown');
  };

  it.each([
    [
      'unreadable main file',
      () => readApacheConfig('/nonexistent/httpd.conf'),
      '/nonexistent/httpd.conf: cannot read the Apache configuration: no such file',
    ],
    [
      'a directory as the main file',
      () => readApacheConfig(DEB),
      `${DEB}: cannot read the Apache configuration: is a directory`,
    ],
    [
      'unclosed <VirtualHost>',
      () => readApacheConfig(broken('unclosed.conf')),
      `${broken('unclosed.conf')}:3: <VirtualHost> was not closed.`,
    ],
    [
      'KeepAliveTimeout soon',
      () => readApacheConfig(broken('bad-number.conf')),
      `${broken('bad-number.conf')}:2: KeepAliveTimeout has wrong format: 'soon'`,
    ],
    [
      'mismatched close',
      () => readApacheConfig('/c.conf', { fs: memoryFs({ '/c.conf': '<VirtualHost *:80>\n</Directory>\n' }) }),
      '/c.conf:2: Expected </VirtualHost> but saw </directory>',
    ],
    [
      'WSGIDaemonProcess option without =',
      () => readApacheConfig('/c.conf', { fs: memoryFs({ '/c.conf': 'WSGIDaemonProcess app threads 5\n' }) }),
      "/c.conf:1: Invalid option to WSGI daemon process definition: 'threads'",
    ],
    [
      'include loop',
      () =>
        readApacheConfig('/c.conf', {
          fs: memoryFs({ '/c.conf': 'Include /d.conf\n', '/d.conf': '\nInclude /c.conf\n' }),
        }),
      '/d.conf:2: Include of /c.conf loops back on itself',
    ],
  ])('%s', (_name, run, message) => {
    expect(errorOf(run).describe()).toContain(message);
  });

  it('Include with no match is a warning, IncludeOptional is silent, and reading goes on', () => {
    const facts = readApacheConfig(broken('includes.conf'));
    expect(facts.warnings?.map(rel)).toEqual([
      expect.stringMatching(/^broken\/includes\.conf:2: Include missing\.d\/\*\.conf matches no file/),
    ]);
    expect(facts.keepAliveTimeout?.value).toBe(7);
  });
});

describe('parseTimeout (ap_timeout_parameter_parse)', () => {
  it.each([
    ['5', 5],
    ['300ms', 0.3],
    ['2mi', 120],
    ['1h', 3600],
    ['5s', 5],
    ['soon', null],
    ['-1', null],
  ])('%s → %s', (text, seconds) => expect(parseTimeout(text)).toBe(seconds));
});

describe('--root discovery and what the service passes outside the config', () => {
  it.each([
    [DEB_ROOT, ['/etc/apache2/apache2.conf']],
    [RHEL_ROOT, ['/etc/httpd/conf/httpd.conf']],
    [FIX, []],
  ])('locateApacheConfig(%s)', (root, found) => {
    expect(locateApacheConfig(root, nodeFs)).toEqual(found);
  });

  // Synthetic SUSE layout (fixtures/apache/README.md explains the real files this mimics):
  // /etc/apache2/httpd.conf, APACHE_SERVER_FLAGS and APACHE_MPM in /etc/sysconfig/apache2, as
  // openSUSE documentation and deployments set them.
  const suse = memoryFs({
    '/bundle/etc/apache2/httpd.conf':
      'Include /etc/apache2/listen.conf\n<IfDefine SSL>\n  KeepAliveTimeout 15\n</IfDefine>\n<Macro VHost $name>\n  WSGIDaemonProcess $name threads=5\n</Macro>\nUse VHost shop\n',
    '/bundle/etc/apache2/listen.conf': 'Listen 80\n',
    '/bundle/etc/sysconfig/apache2': '## Type: string\nAPACHE_SERVER_FLAGS="SSL STATUS"\nAPACHE_MPM="prefork"\n',
  });

  it('SUSE: -D names from APACHE_SERVER_FLAGS, the MPM from APACHE_MPM', () => {
    expect(locateApacheConfig('/bundle', suse)).toEqual(['/etc/apache2/httpd.conf']);
    const facts = readApacheConfig('/etc/apache2/httpd.conf', { root: '/bundle', fs: suse });
    expect(facts.keepAliveTimeout).toEqual({ value: 15, origin: '/bundle/etc/apache2/httpd.conf:3' });
    expect(facts.mpm).toEqual({ value: 'prefork', origin: '/bundle/etc/sysconfig/apache2:3' });
    expect(facts.warnings).toContain(
      '-D SSL -D STATUS from /bundle/etc/sysconfig/apache2:2 (the service passes them to httpd)',
    );
    expect(
      readApacheConfig('/etc/apache2/httpd.conf', { root: '/bundle', fs: suse, defines: [] }).keepAliveTimeout?.value,
    ).toBe(5);
  });

  it('a Debian bundle without envvars: the package defaults stand in for ${APACHE_LOG_DIR}, and say so', () => {
    const fs = memoryFs({ '/b/etc/apache2/apache2.conf': 'ErrorLog ${APACHE_LOG_DIR}/error.log\nErrorLog2 x\n' });
    const facts = readApacheConfig('/etc/apache2/apache2.conf', { root: '/b', fs });
    expect(facts.errorLogs?.[0]?.path).toBe('/var/log/apache2/error.log');
    expect(facts.warnings?.[0]).toMatch(/^\/b\/etc\/apache2\/envvars is missing: Debian's default envvars assumed/);
    const elsewhere = readApacheConfig('/c.conf', { fs: memoryFs({ '/c.conf': 'ErrorLog ${LOGS}/error_log\n' }) });
    expect(elsewhere.errorLogs?.[0]?.path).toBeNull();
    expect(elsewhere.warnings).toContain('config variable ${LOGS} is not defined (left as written)');
  });

  it('a <Macro> body is not read as configuration (its $parameters are only bound by Use)', () => {
    const facts = readApacheConfig('/etc/apache2/httpd.conf', { root: '/bundle', fs: suse });
    expect(facts.daemons).toEqual([]);
    expect(
      facts.warnings?.some((w) =>
        w.startsWith('/bundle/etc/apache2/httpd.conf:5: <Macro VHost $name> is not expanded'),
      ),
    ).toBe(true);
  });
});
