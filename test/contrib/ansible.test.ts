// The Ansible playbook (contrib/ansible/collect.yml) run for real with ansible-core against
// localhost: two "hosts" laid out from the project's fixtures, collected into per-host trees,
// analysed with --root, rolled up. Needs ansible-playbook (scripts/install-test-deps.sh installs
// Debian's ansible-core); skipped with a message outside CI when it is missing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, FIXTURES, REPO } from '../e2e/helpers.js';

const PLAYBOOK = path.join(REPO, 'contrib', 'ansible', 'collect.yml');
const has = spawnSync('ansible-playbook', ['--version'], { encoding: 'utf8' }).status === 0;
const inCI = process.env.CI === 'true';
if (!has && !inCI) console.warn('ansible test skipped: ansible-playbook not installed (scripts/install-test-deps.sh)');

function layOutHosts(base: string): void {
  fs.cpSync(path.join(REPO, 'fixtures', 'bundles', 'debian12-host'), path.join(base, 'web01'), {
    recursive: true,
    verbatimSymlinks: true,
  });
  const h = path.join(base, 'web02');
  const real = path.join(FIXTURES, 'daily-rotation-prefork');
  for (const d of ['var/log/apache2', 'etc/apache2', 'etc/logrotate.d'])
    fs.mkdirSync(path.join(h, d), { recursive: true });
  for (const f of fs.readdirSync(path.join(real, 'logs')))
    fs.copyFileSync(path.join(real, 'logs', f), path.join(h, 'var/log/apache2', f));
  fs.copyFileSync(path.join(real, 'config', 'httpd.conf'), path.join(h, 'etc/apache2/apache2.conf'));
  fs.copyFileSync(path.join(real, 'config', 'logrotate.conf'), path.join(h, 'etc/logrotate.d/apache2'));
  fs.writeFileSync(path.join(h, 'etc/timezone'), 'Europe/Berlin\n');
}

(has || inCI ? describe : describe.skip)('contrib/ansible/collect.yml against localhost', () => {
  it('collects each host into its own tree, analyses them and rolls up', () => {
    const base = fs.mkdtempSync(path.join(os.tmpdir(), 'wld-ansible-'));
    const hosts = path.join(base, 'hosts');
    layOutHosts(hosts);
    const inv = path.join(base, 'inventory');
    fs.writeFileSync(
      inv,
      [
        '[web]',
        ...['web01', 'web02'].map((h) => `${h} ansible_connection=local wld_host_root=${path.join(hosts, h)}`),
      ].join('\n') + '\n',
    );
    const r = spawnSync(
      'ansible-playbook',
      [
        '-i',
        inv,
        PLAYBOOK,
        '-e',
        `wld_collect_dir=${base}/collected`,
        '-e',
        `wld_reports_dir=${base}/reports`,
        '-e',
        `wld_cli=${BIN}`,
        '-e',
        'wld_since=',
      ],
      {
        encoding: 'utf8',
        timeout: 240_000,
        env: {
          ...process.env,
          ANSIBLE_CONFIG: path.join(REPO, 'contrib', 'ansible', 'ansible.cfg'),
          ANSIBLE_NOCOLOR: '1',
        },
      },
    );
    expect(r.status, r.stdout.slice(-6000) + r.stderr.slice(-2000)).toBe(0);
    // each host's tree holds its own logs and configs, nothing of the other's
    expect(fs.existsSync(path.join(base, 'collected/web02/var/log/apache2/error.log.4.gz'))).toBe(true);
    expect(fs.existsSync(path.join(base, 'collected/web01/etc/cron.daily/logrotate'))).toBe(true);
    expect(fs.readlinkSync(path.join(base, 'collected/web01/etc/localtime'))).toContain('Europe/Berlin');
    expect(fs.existsSync(path.join(base, 'collected/web01/var/log/apache2/error.log.4.gz'))).toBe(false);
    // one report per host, and the roll-up names both, the rotation host first
    const rep = (h: string) => JSON.parse(fs.readFileSync(path.join(base, 'reports', `${h}.json`), 'utf8'));
    expect(rep('web02').verdict).toBe('rotation-restart');
    const counts = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'daily-rotation-prefork', 'counts.json'), 'utf8'));
    expect(rep('web02').summary.WSGI0117).toBe(counts.totals.WSGI0117);
    const md = fs.readFileSync(path.join(base, 'reports', 'fleet.md'), 'utf8');
    const rows = md.split('\n').filter((l) => /^\| web0\d /.test(l));
    expect(rows.map((l) => l.split('|')[1]!.trim())).toEqual(['web02', 'web01']);
    expect(r.stdout).toContain('web02');
  }, 300_000);
});
