// One whole run for the access-log figure of `npm run bench`: the CLI's analysis of the error log
// (JSON report written), then, when an access log is given, the impact of its bursts read from the
// access log by src/access (windows only). Both variants run in one process the same way, so the
// difference is the access-log work. Once the CLI takes --access-log, run.mjs calls it directly.
//   node bench/access-run.mjs <error_log> <report.json> [access_log]
import fs from 'node:fs';
import { run } from '../dist/cli/main.js';

const [errorLog, out, accessLog] = process.argv.slice(2);
const code = await run([errorLog, '--no-rotated', '--tz', 'UTC', '--format', 'json', '-o', out], {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  now: () => Date.now(),
});
if (accessLog) {
  const { impactWindows, readAccessImpact } = await import('../dist/access/index.js');
  const t0 = process.hrtime.bigint();
  const report = JSON.parse(fs.readFileSync(out, 'utf8'));
  const bursts = (report.bursts ?? []).map((b) => ({ start: Date.parse(b.start), end: Date.parse(b.end) }));
  const r = await readAccessImpact({
    logs: [{ path: accessLog, format: null }],
    windows: impactWindows(bursts),
    zone: 'UTC',
    rotated: false,
  });
  report.bursts = (report.bursts ?? []).map((b, k) => ({ ...b, impact: r.impacts[k] }));
  fs.writeFileSync(out, JSON.stringify(report, null, 2));
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const read = r.files.reduce((a, f) => a + f.bytesRead, 0);
  const size = r.files.reduce((a, f) => a + f.size, 0);
  process.stderr.write(
    `access: ms=${ms.toFixed(1)} bursts=${bursts.length} read_bytes=${read} size_bytes=${size} status503=${r.impacts.reduce((a, i) => a + (i?.status503 ?? 0), 0)}\n`,
  );
}
process.stderr.write(`stats: maxrss_kib=${process.resourceUsage().maxRSS}\n`);
process.exitCode = code;
