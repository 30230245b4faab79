// The CLI end to end on the real reproductions with their access logs (fixtures/real/<scenario>/access/):
// `--access-log` plus the scenario's httpd.conf (LogFormat nickname → format, KeepAliveTimeout →
// window), and per burst the 503/500 counts of bursts[].impact must equal what awk counts in the
// access logs in the burst's window [start − 15 s, end + KeepAliveTimeout]. The same impact must be
// shown in text, markdown and HTML (as the words module puts it).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_BEFORE_MS } from '../../src/access/index.js';
import type { BurstImpact } from '../../src/model.js';
import { sayDayImpact, sayImpact } from '../../src/report/words/index.js';
import { AWK, awkCounts } from '../access/awk.js';
import { BIN, FIXTURES, REPO } from './helpers.js';

const CI = process.env.CI === 'true';
const scenarios = fs.existsSync(FIXTURES)
  ? fs
      .readdirSync(FIXTURES)
      .filter(
        (s) =>
          fs.existsSync(path.join(FIXTURES, s, 'access')) &&
          fs.existsSync(path.join(FIXTURES, s, 'config', 'httpd.conf')),
      )
      .sort()
  : [];
if (AWK === null) process.stderr.write(`access-impact.test.ts: ${CI ? 'FAILING' : 'skipped'}: awk is not installed\n`);

function cli(scenario: string, format: string): string {
  const dir = path.join(FIXTURES, scenario);
  const errorLog = fs.readdirSync(path.join(dir, 'logs')).find((n) => n === 'error.log' || n === 'error_log')!;
  const access = fs.readdirSync(path.join(dir, 'access')).find((n) => n === 'access.log' || n === 'access_log')!;
  const r = spawnSync(
    process.execPath,
    [
      BIN,
      path.join(dir, 'logs', errorLog),
      '--access-log',
      path.join(dir, 'access', access),
      '--apache-config',
      path.join(dir, 'config', 'httpd.conf'),
      '--tz',
      'Europe/Berlin',
      '--format',
      format,
      '-q',
    ],
    { cwd: REPO, encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  expect(r.stderr).toBe('');
  expect([0, 1]).toContain(r.status);
  return r.stdout;
}

interface JsonReport {
  bursts: { start: string; end: string; impact: BurstImpact | null }[];
  apacheConfig: { keepAliveTimeout: { value: number } };
  accessLog: {
    perDay: { day: string; bursts: number; requests: number; status503: number; status500: number; clients: number }[];
    files: { malformed: number }[];
  } | null;
}

const htmlEsc = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

describe.skipIf(AWK === null && !CI)('CLI --access-log on the real reproductions: impact = awk', () => {
  it('has scenarios with bursts and an access log', () => {
    expect(scenarios).toEqual(expect.arrayContaining(['daily-rotation-prefork', 'backlog-overload']));
  });

  it.each(scenarios)('%s', (scenario) => {
    const report = JSON.parse(cli(scenario, 'json')) as JsonReport;
    const accessDir = path.join(FIXTURES, scenario, 'access');
    const files = fs.readdirSync(accessDir).map((n) => path.join(accessDir, n));
    expect(report.accessLog).not.toBeNull();
    expect(report.accessLog!.files.every((f) => f.malformed === 0)).toBe(true);
    const after = report.apacheConfig.keepAliveTimeout.value * 1000;
    let s503 = 0;
    for (const [k, b] of report.bursts.entries()) {
      const w = { start: Date.parse(b.start) - DEFAULT_BEFORE_MS, end: Date.parse(b.end) + after };
      expect(b.impact, `burst ${k}`).not.toBeNull();
      const awk = awkCounts(files, w);
      expect(
        { requests: b.impact!.requests, status503: b.impact!.status503, status500: b.impact!.status500 },
        `burst ${k}`,
      ).toEqual(awk);
      s503 += awk.status503;
    }
    const perDay = report.accessLog!.perDay;
    expect(perDay.reduce((n, d) => n + d.status503, 0)).toBe(s503);
    expect(perDay.reduce((n, d) => n + d.bursts, 0)).toBe(report.bursts.length);
    const shown = report.bursts.flatMap((b) => (b.impact ? [sayImpact(b.impact)] : []));
    const text = cli(scenario, 'text');
    const md = cli(scenario, 'markdown');
    const html = cli(scenario, 'html');
    for (const s of shown) {
      expect(text).toContain(s);
      expect(md).toContain(s);
      expect(html).toContain(htmlEsc(s));
    }
    for (const d of perDay) {
      expect(text).toContain(sayDayImpact(d));
      expect(html).toContain(htmlEsc(sayDayImpact(d)));
    }
  });
});
