// Paths as the user gave them (issue 14, point 3), on the built CLI in every format: relative
// paths stay relative (no absolute path of the working directory anywhere, warnings included);
// absolute ones stay absolute; under --root every file is named by its path on the host and the
// bundle is named once (report.root).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMATS } from '../../src/report/formats.js';

const repo = path.resolve(import.meta.dirname, '../..');
const bin = path.join(repo, 'bin', 'wsgi-logdoctor');
const run = (args: string[], cwd = repo) =>
  spawnSync(process.execPath, [bin, ...args, '--no-progress'], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', TZ: 'UTC' },
  });

/** a scenario as an operator runs it: its logs, its httpd.conf and logrotate config, the cron time */
function scenarioArgs(name: string): string[] {
  const d = `fixtures/real/${name}`;
  const args = [`${d}/logs`, '--tz', 'Europe/Berlin', '--apache-config', `${d}/config/httpd.conf`];
  if (fs.existsSync(path.join(repo, d, 'config/logrotate.conf')))
    args.push('--logrotate', `${d}/config/logrotate.conf`, '--schedule', '25 6 * * *');
  return args;
}

const SCENARIOS = ['daily-rotation-prefork', 'rotation-off-in-vhost', 'socket-permission', 'copytruncate-prefork'];

describe.each(SCENARIOS)('relative paths stay relative: %s', (name) => {
  it.each(FORMATS)('%s', (format) => {
    const r = run([...scenarioArgs(name), '--format', format]);
    expect(r.status, r.stderr).toBeLessThan(2);
    expect(r.stdout).not.toContain(repo);
    expect(r.stderr).not.toContain(repo);
    if (format === 'json') {
      const j = JSON.parse(r.stdout) as { inputs: { path: string }[]; root?: string };
      expect(j.inputs.every((i) => i.path.startsWith(`fixtures/real/${name}/logs/`))).toBe(true);
      expect(j.root).toBeUndefined();
      // the Apache configuration's origins name the file as given, with its line
      expect(r.stdout).toContain(`fixtures/real/${name}/config/httpd.conf:`);
    }
  });
});

describe('absolute paths stay absolute', () => {
  it('the inputs and the Apache configuration', () => {
    const d = path.join(repo, 'fixtures/real/daily-rotation-prefork');
    const r = run([`${d}/logs`, '--apache-config', `${d}/config/httpd.conf`, '--format', 'json']);
    const j = JSON.parse(r.stdout) as { inputs: { path: string }[] };
    expect(j.inputs.every((i) => i.path.startsWith(`${d}/logs/`))).toBe(true);
    expect(r.stdout).toContain(`${d}/config/httpd.conf:`);
  });
});

describe('--root: files by their path on the host, the bundle named once', () => {
  const BUNDLES = ['sosreport-rhel9-web01', 'debian12-host', 'scc_web02_261123_0914'];
  describe.each(BUNDLES)('%s', (name) => {
    const dir = `fixtures/bundles/${name}`;
    it.each(FORMATS)('%s', (format) => {
      const r = run(['--root', dir, '--format', format]);
      expect(r.status, r.stderr).toBeLessThan(2);
      for (const out of [r.stdout, r.stderr]) {
        expect(out).not.toContain(repo);
        // the renderers may name the bundle once, in the header; JSON names it in "root"
        expect(out.split(dir).length - 1).toBeLessThanOrEqual(1);
      }
      if (format === 'json') {
        const j = JSON.parse(r.stdout) as { root?: string; inputs: { path: string }[] };
        expect(j.root).toBe(dir);
        expect(j.inputs.every((i) => i.path.startsWith('/var/log/'))).toBe(true);
      }
    });
  });
  it('the RHEL 9 sosreport: the config origins are the host files', () => {
    const r = run(['--root', 'fixtures/bundles/sosreport-rhel9-web01', '--format', 'json']);
    expect(r.stdout).toContain('"/etc/httpd/conf/httpd.conf:');
    expect(r.stdout).toContain('"/etc/logrotate.d/httpd:3"');
    expect(r.stdout).toContain('/var/lib/logrotate/logrotate.status:3');
  });
});

describe('exit-2 lines name the path as given', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wld-paths-'));
    fs.mkdirSync(path.join(tmp, 'conf'));
    fs.writeFileSync(path.join(tmp, 'conf', 'httpd.conf'), 'ServerName x\n<VirtualHost *:80>\nKeepAlive On\n');
    fs.copyFileSync(
      path.join(repo, 'fixtures/real/daily-rotation-prefork/logs/error.log'),
      path.join(tmp, 'error_log'),
    );
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  it('a config error in a relative --apache-config names the relative file:line', () => {
    const r = run(['error_log', '--apache-config', 'conf/httpd.conf'], tmp);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^wsgi-logdoctor: conf\/httpd\.conf:2: /);
    expect(r.stderr).not.toContain(tmp);
  });
});

describe('--root named as given where the bundle itself is meant', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wld-root-'));
    fs.mkdirSync(path.join(tmp, 'b/var/log/httpd'), { recursive: true });
    fs.symlinkSync('/etc/hostname', path.join(tmp, 'b/var/log/httpd/error_log'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  it('a bundle whose only log points out of it: the link by its host path, the bundle as given', () => {
    const r = run(['--root', 'b'], tmp);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^wsgi-logdoctor: b: /);
    expect(r.stderr).toContain('/var/log/httpd/error_log: a symbolic link to /etc/hostname');
    expect(r.stderr).not.toContain(tmp);
  });
});
