// The CLI with --scheduler-log on real text: logrotate's own verbose output of the
// rotation-off-in-vhost reproduction (one file per simulated day, the 2026-11-16 run with the
// AH00526 postrotate error), and Debian 12's journal excerpt beside the daily-rotation-prefork logs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, FIXTURES, REPO } from './helpers.js';

interface Json {
  observedRuns: { time: string; source: string; origin: string; what: string }[];
  rotations: { start: string; end: string; source: string; likelihood: string }[];
  missingEvidence: { code: string; args: Record<string, unknown> }[];
}

function cli(args: string[]): Json {
  const r = spawnSync(process.execPath, [BIN, ...args, '--tz', 'Europe/Berlin', '--format', 'json', '-q'], {
    cwd: REPO,
    encoding: 'utf8',
  });
  expect(r.stderr).toBe('');
  expect([0, 1]).toContain(r.status);
  return JSON.parse(r.stdout) as Json;
}

describe('--scheduler-log', () => {
  it("logrotate's own output: every run observed, windows pinned and certain, the failed postrotate reported", () => {
    const dir = path.join(FIXTURES, 'rotation-off-in-vhost');
    const logs = fs
      .readdirSync(path.join(dir, 'logrotate'))
      .filter((n) => n.endsWith('.log'))
      .sort()
      .flatMap((n) => ['--scheduler-log', path.join(dir, 'logrotate', n)]);
    const r = cli([
      path.join(dir, 'logs', 'error.log'),
      '--logrotate',
      path.join(dir, 'config', 'logrotate.conf'),
      '--schedule',
      '25 6 * * *',
      ...logs,
    ]);
    const starts = r.observedRuns.filter((o) => /^Now: /.test(o.what));
    expect(starts.map((o) => o.time)).toEqual(
      ['14', '15', '16', '17', '18', '19'].map((d) => `2026-11-${d}T06:25:00.000+01:00`),
    );
    expect(new Set(r.observedRuns.map((o) => o.source))).toEqual(new Set(['logrotate-log']));
    const failed = r.missingEvidence.find((m) => m.code === 'postrotate-failed');
    expect(failed?.args).toMatchObject({ failures: 1, first: '2026-11-16T06:25:00.000+01:00' });
    expect(String(failed?.args.origin)).toMatch(/2026-11-16\.log:86$/);
    // the logged runs within the error log's time: pinned to 06:25:00 and certain
    const pinned = r.rotations.filter((w) => ['14', '15'].some((d) => w.start.startsWith(`2026-11-${d}T06:25`)));
    expect(pinned.map((w) => w.likelihood)).toEqual(['certain', 'certain']);
  });

  it('a journal excerpt pins the systemd window to the logged start', () => {
    // the excerpt's syslog stamps have no year: it comes from the file's mtime, so give it one
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wsgi-logdoctor-journal-'));
    const journal = path.join(tmp, 'journal.txt');
    fs.copyFileSync(path.join(REPO, 'fixtures/schedule/logs/journal-debian12.txt'), journal);
    fs.utimesSync(journal, new Date('2026-11-20T00:00:00Z'), new Date('2026-11-20T00:00:00Z'));
    const dir = path.join(FIXTURES, 'daily-rotation-prefork');
    try {
      const r = cli([
        path.join(dir, 'logs', 'error.log'),
        '--logrotate',
        path.join(dir, 'config', 'logrotate.conf'),
        '--timer',
        path.join(REPO, 'fixtures/schedule/debian12/lib/systemd/system/logrotate.timer'),
        '--scheduler-log',
        journal,
      ]);
      expect(r.observedRuns.filter((o) => /^Starting logrotate\.service/.test(o.what)).map((o) => o.time)).toEqual([
        '2026-11-17T00:37:12.000+01:00',
        '2026-11-18T00:12:40.000+01:00',
      ]);
      const w = r.rotations.find((x) => x.source === 'systemd' && x.start.startsWith('2026-11-17'));
      expect(w).toMatchObject({ start: '2026-11-17T00:37:12.000+01:00', likelihood: 'certain' });
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  it('an unreadable scheduler log is exit 2 naming the file', () => {
    const r = spawnSync(
      process.execPath,
      [BIN, path.join(FIXTURES, 'daily-rotation-prefork', 'logs', 'error.log'), '--scheduler-log', '/nonexistent/cron'],
      { cwd: REPO, encoding: 'utf8' },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('/nonexistent/cron');
  });
});
