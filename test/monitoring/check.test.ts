// --check as a monitoring system reads it (Monitoring Plugins development guidelines): one line
// `WSGI-LOGDOCTOR STATUS - text | perfdata`, exit 0/1/2/3, thresholds in the guidelines' range
// syntax — the range semantics checked against a real plugin of Debian's monitoring-plugins-basic
// (check_cluster applies -w/-c ranges to a count), installed by scripts/install-test-deps.sh.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { alerts, parseRange } from '../../src/report/check.js';
import { BIN, FIXTURES, REPO } from '../e2e/helpers.js';

const CHECK_CLUSTER = '/usr/lib/nagios/plugins/check_cluster';
const hasPlugins = fs.existsSync(CHECK_CLUSTER);
const inCI = process.env.CI === 'true';
if (!hasPlugins && !inCI) console.warn('range oracle skipped: monitoring-plugins-basic not installed');

const LINE =
  /^WSGI-LOGDOCTOR (OK|WARNING|CRITICAL|UNKNOWN) - [^|\n]+ \| ((?:'[^'=]+'=-?\d+(?:\.\d+)?[a-zA-Z%]*;[^; ]*;[^; ]*;[^; ]*(?:;[^; ]*)? ?)+)\n$/;
const PERF = /'([^'=]+)'=(-?\d+(?:\.\d+)?)[a-zA-Z%]*;([^; ]*);([^; ]*);([^; ]*)/g;
const STATUS = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'];

function check(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, '--check', '--tz', 'Europe/Berlin', ...args], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function parse(stdout: string) {
  const m = LINE.exec(stdout);
  expect(m, stdout).not.toBeNull();
  const perf = Object.fromEntries(
    [...m![2]!.matchAll(PERF)].map((p) => [p[1], { value: Number(p[2]), warn: p[3], crit: p[4], min: p[5] }]),
  );
  return { word: m![1]!, perf };
}

describe('threshold ranges (guidelines syntax), against check_cluster', () => {
  const RANGES = ['0', '2', '10', '1:', '10:', '~:1', '1:3', '@1:3', '@0:0', '0:2', '~:0'];
  it.each(RANGES)('%s alerts exactly where the plugins do', (range) => {
    for (let v = 0; v <= 4; v++) {
      const ours = alerts(parseRange(range, '-c'), v);
      if (hasPlugins || inCI) {
        const data = [...Array(v).fill('2'), '0'].join(',');
        const r = spawnSync(CHECK_CLUSTER, ['-s', '-d', data, '-c', range], { encoding: 'utf8' });
        expect(ours, `${range} at ${v}: ${r.stdout}`).toBe(r.status === 2);
      }
    }
  });
  it('rejects what is not a range', () => {
    for (const bad of ['', 'foo', '@', '3:1', '1:2:3', '~']) expect(() => parseRange(bad, '-w')).toThrow(/-w/);
  });
});

describe('--check on real captures', () => {
  const since = ['--since', '2026-11-01'];
  it('a daily rotation capture is CRITICAL (exit 2), with the fix and perfdata', () => {
    const r = check([path.join(FIXTURES, 'daily-rotation-prefork', 'logs'), ...since]);
    expect(r.status).toBe(2);
    const { word, perf } = parse(r.stdout);
    expect(word).toBe('CRITICAL');
    const rep = JSON.parse(
      spawnSync(
        process.execPath,
        [BIN, path.join(FIXTURES, 'daily-rotation-prefork', 'logs'), '--tz', 'Europe/Berlin', '--format', 'json', '-q'],
        {
          encoding: 'utf8',
        },
      ).stdout,
    );
    expect(perf.bursts!.value).toBe(rep.bursts.length);
    expect(perf.errors!.value).toBe(rep.summary.WSGI0116 + rep.summary.WSGI0117);
    expect(perf.bursts).toMatchObject({ warn: '0', crit: '2', min: '0' });
    expect(r.stdout).toContain('WSGISocketRotation Off');
  });
  it('a clean capture is OK (exit 0)', () => {
    const r = check([path.join(FIXTURES, 'daily-rotation-event', 'logs'), ...since]);
    expect(r.status).toBe(0);
    expect(parse(r.stdout).word).toBe('OK');
  });
  it('thresholds apply to bursts: backlog overload (5 bursts) is OK under -w 5 -c 10, WARNING under -w 4', () => {
    const logs = path.join(FIXTURES, 'backlog-overload', 'logs');
    const ok = check([logs, ...since, '-w', '5', '-c', '10']);
    expect([ok.status, parse(ok.stdout).word]).toEqual([0, 'OK']);
    const warn = check([logs, ...since, '-w', '4', '-c', '10']);
    expect([warn.status, parse(warn.stdout).word]).toEqual([1, 'WARNING']);
    expect(parse(warn.stdout).perf.bursts).toMatchObject({ value: 5, warn: '4', crit: '10' });
  });
  it('unusable input and bad options are UNKNOWN (exit 3) on standard output, never 2', () => {
    for (const args of [
      ['/nonexistent/error_log'],
      [path.join(FIXTURES, 'daily-rotation-event', 'logs'), '-w', 'foo'],
      ['--bogus'],
    ]) {
      const r = check(args);
      expect(r.status, r.stdout + r.stderr).toBe(3);
      expect(r.stdout).toMatch(/^WSGI-LOGDOCTOR UNKNOWN - [^\n|]+\n$/);
    }
  });
  it('prints exactly one line on standard output', () => {
    for (const s of ['daily-rotation-prefork', 'daily-rotation-event', 'socket-permission']) {
      const r = check([path.join(FIXTURES, s, 'logs'), ...since]);
      expect(r.stdout.split('\n')).toHaveLength(2);
      expect(STATUS[r.status!]).toBe(parse(r.stdout).word);
    }
  });
});

describe('risk from the configuration alone', () => {
  const bundle = path.join(REPO, 'fixtures', 'bundles', 'debian12-prefork-risk');
  const json = (root: string) =>
    JSON.parse(
      spawnSync(process.execPath, [BIN, '--root', root, '--format', 'json', '-q'], { encoding: 'utf8' }).stdout,
    );
  it('a stock-Debian-shaped root with prefork, a long keep-alive and rotation On predicts the nightly 503s (WARNING)', () => {
    const r = json(bundle);
    expect(r.verdict).toBe('no-errors');
    expect(r.risks).toHaveLength(1);
    expect(r.risks[0]).toMatchObject({
      code: 'nightly-503-risk',
      args: { mpm: 'prefork', keepAliveTimeout: 300, rotation: 'on', action: 'graceful', schedule: 'daily' },
    });
    const origins: string[] = r.risks[0].origins;
    for (const f of ['mpm_prefork.load', 'keepalive.conf', 'myapp.conf', 'logrotate.d/apache2'])
      expect(origins.some((o) => o.includes(f))).toBe(true);
    const c = check(['--root', bundle, '--since', '2026-11-01']);
    expect([c.status, parse(c.stdout).word]).toEqual([1, 'WARNING']);
  });
  it('the same root with the event MPM predicts nothing', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wld-risk-'));
    fs.cpSync(bundle, dir, { recursive: true, verbatimSymlinks: true });
    const mods = path.join(dir, 'etc', 'apache2', 'mods-enabled');
    for (const f of ['mpm_prefork.load', 'mpm_prefork.conf']) fs.rmSync(path.join(mods, f));
    const real = path.join(REPO, 'fixtures', 'apache', 'debian', 'etc', 'apache2', 'mods-enabled');
    for (const f of ['mpm_event.load', 'mpm_event.conf']) fs.copyFileSync(path.join(real, f), path.join(mods, f));
    // the logs of the prefork capture would still say prefork: the logs win, so take them away
    fs.rmSync(path.join(dir, 'var', 'log', 'apache2'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'var', 'log', 'apache2'));
    fs.copyFileSync(
      path.join(FIXTURES, 'daily-rotation-event', 'logs', 'error.log'),
      path.join(dir, 'var', 'log', 'apache2', 'error.log'),
    );
    expect(json(dir).risks).toEqual([]);
  });
});
