// npm run bench: generates (once, cached in bench/data/) a ~1 GiB realistic error log and its
// gzip, then compares wsgi-logdoctor's full run (events extracted, JSON report written) with
// `grep -c -F` on the same bytes, and `gzip -dc | grep -c -F` for the .gz. Prints wall times
// (best of N), the ratio, and the tool's peak RSS. BENCH_MB=256 for a smaller file.
// The access-log figure (issue 15): a 1 GiB access log (BENCH_ACCESS_MB) beside a five-day error
// log with five bursts; the whole run with the access log against the run without it (goal ≤ 1.5×:
// the access log is read by bisection around the bursts, not scanned). BENCH_ONLY=error|access runs one part.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, generateAccess } from './generate.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
const mb = Number(process.env.BENCH_MB ?? 1024);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const dataDir = path.join(here, 'data');
fs.mkdirSync(dataDir, { recursive: true });
const log = path.join(dataDir, `error_log-${mb}m`);
const gz = `${log}.gz`;
const NEEDLE = 'Unable to connect to WSGI daemon';

const only = process.env.BENCH_ONLY ?? '';
const bin = path.join(root, 'bin', 'wsgi-logdoctor');
if (!fs.existsSync(path.join(root, 'dist', 'cli', 'main.js')))
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
function time(cmd, args, env = {}) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, r };
}
function best(cmd, args, env) {
  let bestRun = null;
  for (let i = 0; i < runs; i++) {
    const x = time(cmd, args, env);
    if (bestRun === null || x.ms < bestRun.ms) bestRun = x;
  }
  return bestRun;
}
const rss = (x) => Number(/maxrss_kib=(\d+)/.exec(x.r.stderr)?.[1] ?? NaN) / 1024;
const machine = `machine: ${os.cpus()[0]?.model ?? 'unknown'} x${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, node ${process.version}, ${os.platform()} ${os.release()}`;

if (only !== 'access') {
  if (!fs.existsSync(log)) {
    process.stderr.write(`generating ${mb} MiB log at ${path.relative(root, log)} (once)...\n`);
    generate(log + '.tmp', mb * 1024 * 1024);
    fs.renameSync(log + '.tmp', log);
  }
  if (!fs.existsSync(gz)) {
    process.stderr.write(`compressing it (once)...\n`);
    execFileSync('bash', ['-c', `gzip -6 -c '${log}' > '${gz}.tmp' && mv '${gz}.tmp' '${gz}'`]);
  }

  // warm the page cache
  execFileSync('bash', ['-c', `cat '${log}' '${gz}' > /dev/null`]);

  const out = path.join(os.tmpdir(), `wsgi-logdoctor-bench-${process.pid}.json`);
  const g = best('grep', ['-c', '-F', NEEDLE, log]);
  const tool = best(bin, [log, '--no-rotated', '--tz', 'UTC', '--format', 'json', '-o', out], {
    WSGI_LOGDOCTOR_STATS: '1',
  });
  const gg = best('bash', ['-c', `gzip -dc '${gz}' | grep -c -F '${NEEDLE}'`]);
  const toolGz = best(bin, [gz, '--no-rotated', '--tz', 'UTC', '--format', 'json', '-o', out], {
    WSGI_LOGDOCTOR_STATS: '1',
  });
  const report = JSON.parse(fs.readFileSync(out, 'utf8'));
  fs.rmSync(out, { force: true });
  const sizeMiB = fs.statSync(log).size / 1048576;
  const gzMiB = fs.statSync(gz).size / 1048576;
  const connect = report.summary.WSGI0116 + report.summary.WSGI0117;
  const grepCount = Number(g.r.stdout.trim());
  const f = (n) => n.toFixed(0).padStart(7);
  const lines = [
    machine,
    `input:   ${sizeMiB.toFixed(0)} MiB plain (${report.inputs[0].lines} lines), ${gzMiB.toFixed(0)} MiB gzip; best of ${runs} runs, page cache warm`,
    ``,
    `| run | wall ms | ratio | peak RSS |`,
    `| --- | ---: | ---: | ---: |`,
    `| grep -c -F '${NEEDLE}' | ${f(g.ms)} | 1.00 | |`,
    `| wsgi-logdoctor (JSON report written) | ${f(tool.ms)} | ${(tool.ms / g.ms).toFixed(2)} | ${rss(tool).toFixed(0)} MiB |`,
    `| gzip -dc \\| grep -c -F | ${f(gg.ms)} | 1.00 | |`,
    `| wsgi-logdoctor on the .gz | ${f(toolGz.ms)} | ${(toolGz.ms / gg.ms).toFixed(2)} | ${rss(toolGz).toFixed(0)} MiB |`,
    ``,
    `grep counted ${grepCount} lines; wsgi-logdoctor extracted ${connect} connect errors (${report.summary.WSGI0116} WSGI0116, ${report.summary.WSGI0117} WSGI0117) and ${report.summary.restarts} restarts.`,
  ];
  console.log(lines.join('\n'));
  if (grepCount !== connect) {
    console.error(`MISMATCH: grep found ${grepCount} lines, the tool ${connect} events`);
    process.exitCode = 1;
  }
}

if (only !== 'error') {
  const accessMb = Number(process.env.BENCH_ACCESS_MB ?? 1024);
  const days = 5;
  const errorLog = path.join(dataDir, `error_log-${days}d`);
  const accessLog = path.join(dataDir, `access_log-${accessMb}m`);
  if (!fs.existsSync(errorLog)) {
    process.stderr.write(`generating a ${days}-day error log at ${path.relative(root, errorLog)} (once)...\n`);
    generate(errorLog + '.tmp', Infinity, { until: Date.UTC(2026, 7, 1 + days), stepMs: 20000, backlogRate: 0 });
    fs.renameSync(errorLog + '.tmp', errorLog);
  }
  if (!fs.existsSync(accessLog)) {
    process.stderr.write(`generating ${accessMb} MiB access log at ${path.relative(root, accessLog)} (once)...\n`);
    generateAccess(accessLog + '.tmp', accessMb * 1024 * 1024, days);
    fs.renameSync(accessLog + '.tmp', accessLog);
  }
  execFileSync('bash', ['-c', `cat '${errorLog}' '${accessLog}' > /dev/null`]);
  const out = path.join(os.tmpdir(), `wsgi-logdoctor-bench-access-${process.pid}.json`);
  // The CLI itself once it takes --access-log; until then bench/access-run.mjs (the CLI's run() plus src/access in one process).
  const cliHasIt = spawnSync(bin, ['--help'], { encoding: 'utf8' }).stdout.includes('--access-log');
  const driver = path.join(here, 'access-run.mjs');
  const withoutArgs = cliHasIt
    ? [bin, [errorLog, '--no-rotated', '--tz', 'UTC', '--format', 'json', '-o', out], { WSGI_LOGDOCTOR_STATS: '1' }]
    : [process.execPath, [driver, errorLog, out], {}];
  const withArgs = cliHasIt
    ? [bin, [...withoutArgs[1], '--access-log', accessLog], { WSGI_LOGDOCTOR_STATS: '1' }]
    : [process.execPath, [driver, errorLog, out, accessLog], {}];
  // alternated, so that load from elsewhere on the machine hits both alike; best of each
  let without = null;
  let withAccess = null;
  for (let i = 0; i < Math.max(runs, 5); i++) {
    const a = time(...withoutArgs);
    if (without === null || a.ms < without.ms) without = a;
    const b = time(...withArgs);
    if (withAccess === null || b.ms < withAccess.ms) withAccess = b;
  }
  const report = JSON.parse(fs.readFileSync(out, 'utf8'));
  fs.rmSync(out, { force: true });
  const impact503 = (report.bursts ?? []).reduce((a, b) => a + (b.impact?.status503 ?? 0), 0);
  const grep503 = Number(spawnSync('grep', ['-c', '-F', '" 503 ', accessLog], { encoding: 'utf8' }).stdout.trim());
  const readBytes = Number(/read_bytes=(\d+)/.exec(withAccess.r.stderr)?.[1] ?? NaN);
  const accessMs = Number(/access: ms=([\d.]+)/.exec(withAccess.r.stderr)?.[1] ?? NaN);
  const f = (n) => n.toFixed(0).padStart(7);
  const lines = [
    machine,
    `input:   ${(fs.statSync(errorLog).size / 1048576).toFixed(0)} MiB error log (${days} days, ${report.summary.bursts} bursts), ${(fs.statSync(accessLog).size / 1048576).toFixed(0)} MiB access log; best of ${Math.max(runs, 5)} alternating runs, page cache warm`,
    ``,
    `| run | wall ms | ratio | peak RSS |`,
    `| --- | ---: | ---: | ---: |`,
    `| wsgi-logdoctor on the error log | ${f(without.ms)} | 1.00 | ${rss(without).toFixed(0)} MiB |`,
    `| … plus the access log's impact per burst | ${f(withAccess.ms)} | ${(withAccess.ms / without.ms).toFixed(2)} | ${rss(withAccess).toFixed(0)} MiB |`,
    ``,
    `${Number.isFinite(readBytes) ? `the access log was read in windows: ${(readBytes / 1024).toFixed(0)} KiB of ${(fs.statSync(accessLog).size / 1048576).toFixed(0)} MiB in ${accessMs.toFixed(0)} ms; ` : ''}grep counted ${grep503} '" 503 ' lines in the whole access log, the bursts' impact ${impact503}.`,
  ];
  console.log(lines.join('\n'));
  if (grep503 !== impact503) {
    console.error(`MISMATCH: grep found ${grep503} 503 lines, the bursts' impact ${impact503}`);
    process.exitCode = 1;
  }
}
