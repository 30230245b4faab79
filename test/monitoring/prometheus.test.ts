// --format prometheus on every real capture, checked by Prometheus's own `promtool check metrics`
// (Debian's prometheus package, installed by scripts/install-test-deps.sh; skipped outside CI
// without it), and its numbers against the JSON report of the same run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, FIXTURES, REPO } from '../e2e/helpers.js';

const hasPromtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' }).status === 0;
const inCI = process.env.CI === 'true';
if (!hasPromtool && !inCI) console.warn('promtool checks skipped: prometheus not installed');
const SCENARIOS = fs.readdirSync(FIXTURES).filter((d) => fs.existsSync(path.join(FIXTURES, d, 'logs')));

function run(args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args, '-q'], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
}

function sample(text: string, name: string, labels: Record<string, string>): number | null {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name + '{') && !line.startsWith(name + ' ')) continue;
    const ok = Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`));
    if (ok) return Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return null;
}

/** The logs folder as an operator passes it: the folder, or its files when they are syslog/journal captures. */
function logArgs(s: string): string[] {
  const dir = path.join(FIXTURES, s, 'logs');
  const names = fs.readdirSync(dir);
  return names.some((n) => /error/.test(n)) ? [dir] : names.map((n) => path.join(dir, n));
}

describe.each(SCENARIOS)('%s', (s) => {
  const logs = logArgs(s);
  it('promtool accepts the exposition and its numbers match the JSON report', () => {
    const prom = run([...logs, '--tz', 'UTC', '--format', 'prometheus']).stdout;
    const rep = JSON.parse(run([...logs, '--tz', 'UTC', '--format', 'json']).stdout);
    if (hasPromtool || inCI) {
      const p = spawnSync('promtool', ['check', 'metrics'], { input: prom, encoding: 'utf8' });
      expect(p.status, p.stdout + p.stderr).toBe(0);
    }
    for (const h of rep.hosts) {
      expect(sample(prom, 'wsgi_logdoctor_bursts', { host: h.host })).toBe(
        rep.bursts.filter((b: { host: string }) => b.host === h.host).length,
      );
      expect(sample(prom, 'wsgi_logdoctor_verdict', { host: h.host, kind: h.verdict })).toBe(1);
    }
    const total = prom
      .split('\n')
      .filter((l) => l.startsWith('wsgi_logdoctor_connect_errors{'))
      .reduce((a, l) => a + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    expect(total).toBe(rep.summary.WSGI0116 + rep.summary.WSGI0117);
  });
});

describe('-o writes the textfile atomically', () => {
  it('a temp file renamed into place: never a partial .prom for the collector', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wld-prom-'));
    const out = path.join(dir, 'wsgi_logdoctor.prom');
    const r = run([path.join(FIXTURES, 'daily-rotation-prefork', 'logs'), '--format', 'prometheus', '-o', out]);
    expect(r.status).toBe(1);
    expect(fs.readdirSync(dir)).toEqual(['wsgi_logdoctor.prom']);
    expect(fs.readFileSync(out, 'utf8')).toMatch(/^# HELP wsgi_logdoctor_connect_errors /);
  });
});
