// npm run bench: generates (once, cached in bench/data/) a ~1 GiB realistic error log and its
// gzip, then compares wsgi-logdoctor's full run (events extracted, JSON report written) with
// `grep -c -F` on the same bytes, and `gzip -dc | grep -c -F` for the .gz. Prints wall times
// (best of N), the ratio, and the tool's peak RSS. BENCH_MB=256 for a smaller file.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate } from './generate.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
const mb = Number(process.env.BENCH_MB ?? 1024);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const dataDir = path.join(here, 'data');
fs.mkdirSync(dataDir, { recursive: true });
const log = path.join(dataDir, `error_log-${mb}m`);
const gz = `${log}.gz`;
const NEEDLE = 'Unable to connect to WSGI daemon';

if (!fs.existsSync(log)) {
  process.stderr.write(`generating ${mb} MiB log at ${path.relative(root, log)} (once)...\n`);
  generate(log + '.tmp', mb * 1024 * 1024);
  fs.renameSync(log + '.tmp', log);
}
if (!fs.existsSync(gz)) {
  process.stderr.write(`compressing it (once)...\n`);
  execFileSync('bash', ['-c', `gzip -6 -c '${log}' > '${gz}.tmp' && mv '${gz}.tmp' '${gz}'`]);
}
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
const rss = (x) => Number(/maxrss_kib=(\d+)/.exec(x.r.stderr)?.[1] ?? NaN) / 1024;
const report = JSON.parse(fs.readFileSync(out, 'utf8'));
fs.rmSync(out, { force: true });
const sizeMiB = fs.statSync(log).size / 1048576;
const gzMiB = fs.statSync(gz).size / 1048576;
const connect = report.summary.WSGI0116 + report.summary.WSGI0117;
const grepCount = Number(g.r.stdout.trim());
const f = (n) => n.toFixed(0).padStart(7);
const lines = [
  `machine: ${os.cpus()[0]?.model ?? 'unknown'} x${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, node ${process.version}, ${os.platform()} ${os.release()}`,
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
