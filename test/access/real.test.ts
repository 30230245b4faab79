// On the real reproductions (fixtures/real/<scenario>/ with an access/ folder, see each README):
// the bursts come from the error logs as the pipeline finds them, the access log's format from the
// scenario's own httpd.conf (LogFormat/CustomLog through the nickname rules), and per burst the
// requests and the 503/500 counts must equal what awk counts in the access logs in that window.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { accessLogsFromConfig, impactWindows, readAccessImpact, type LogDirective } from '../../src/access/index.js';
import { splitArgs } from '../../src/apacheconf/syntax.js';
import { findBursts } from '../../src/correlate/index.js';
import { readLogs, resolveInputs } from '../../src/inputs/index.js';
import { AWK, awkCounts } from './awk.js';

const ROOT = 'fixtures/real';
const ZONE = 'Europe/Berlin'; // the reproductions' TZ; the CLF times carry their offset anyway
const CI = process.env.CI === 'true';

const scenarios = fs.existsSync(ROOT)
  ? fs
      .readdirSync(ROOT)
      .filter(
        (s) => fs.existsSync(path.join(ROOT, s, 'access')) && fs.existsSync(path.join(ROOT, s, 'config', 'httpd.conf')),
      )
      .sort()
  : [];
const why =
  AWK === null ? 'awk is not installed' : scenarios.length === 0 ? `no ${ROOT}/<scenario>/access/ folder yet` : null;
if (why !== null) process.stderr.write(`access real.test.ts: ${CI ? 'FAILING' : 'skipped'}: ${why}\n`);

/** The CustomLog of the scenario's httpd.conf, with its format resolved. */
function configuredFormat(scenario: string): string {
  const conf = path.join(ROOT, scenario, 'config', 'httpd.conf');
  const directives: LogDirective[] = [];
  let vhost: string | null = null;
  fs.readFileSync(conf, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      const t = line.trim();
      if (/^<VirtualHost\b/i.test(t)) vhost = `${conf}:${i + 1}`;
      else if (/^<\/VirtualHost>/i.test(t)) vhost = null;
      const m = /^(LogFormat|CustomLog|TransferLog)\s+(.*)$/i.exec(t);
      if (m)
        directives.push({
          name: m[1] as LogDirective['name'],
          args: splitArgs(m[2]!),
          origin: `${conf}:${i + 1}`,
          vhost,
        });
    });
  const { logs } = accessLogsFromConfig(directives);
  const access = logs.filter((l) => /access/.test(l.value));
  expect(access).toHaveLength(1);
  return access[0]!.format;
}

describe.skipIf(why !== null && !CI)('real reproductions: impact per burst against awk', () => {
  it('has scenarios with an access log', () => {
    expect(why).toBeNull();
  });

  it.each(scenarios)('%s', async (scenario) => {
    const dir = path.join(ROOT, scenario);
    const errorLog = fs.readdirSync(path.join(dir, 'logs')).find((n) => n === 'error.log' || n === 'error_log')!;
    const parsed = await readLogs(resolveInputs([path.join(dir, 'logs', errorLog)], { rotated: true }), {
      zone: ZONE,
      workers: 0,
    });
    const bursts = findBursts(parsed.events);
    const windows = impactWindows(bursts);
    const accessDir = path.join(dir, 'access');
    const main = fs.readdirSync(accessDir).find((n) => n === 'access.log' || n === 'access_log')!;
    const got = await readAccessImpact({
      logs: [{ path: path.join(accessDir, main), format: configuredFormat(scenario) }],
      windows,
      zone: ZONE,
    });
    expect(got.files.every((f) => f.malformed === 0)).toBe(true);
    const files = fs.readdirSync(accessDir).map((n) => path.join(accessDir, n));
    for (const [k, w] of windows.entries()) {
      const impact = got.impacts[k];
      expect(impact, `burst ${k}`).not.toBeNull();
      expect({ requests: impact!.requests, status503: impact!.status503, status500: impact!.status500 }).toEqual(
        awkCounts(files, w),
      );
    }
  });
});
