// npm run bench: issue 17's table. Each row pairs wsgi-logdoctor's full run (events extracted,
// JSON report written) with `grep -c -F` (or `gzip -dc | grep -c -F` for compressed input) on the
// same bytes, alternating the two BENCH_RUNS times (default 5) so that load from elsewhere on the
// machine hits both alike; it prints medians, the median of the per-pair ratios, the tool's peak
// RSS (worker threads included) and the machine with its load average. The data is generated
// once into bench/data/ (git-ignored; ~8 GiB with the 4 GiB row). BENCH_ROWS=64m,1g,4g,syslog,gz,year,start
// picks rows; BENCH_OUT=docs/benchmark.md,README.md also writes the tables there (between markers). Every row checks that the
// tool found as many connect errors as grep counted lines.
// The access-log figure (issue 15): a 1 GiB access log (BENCH_ACCESS_MB) beside a five-day error
// log with five bursts; the whole run with the access log against the run without it (goal ≤ 1.5×:
// the access log is read by bisection around the bursts, not scanned). BENCH_ONLY=error|access runs one part.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generate, generateAccess, rotatedYear, toSyslog } from './generate.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
const runs = Number(process.env.BENCH_RUNS ?? 5);
const dataDir = path.join(here, 'data');
fs.mkdirSync(dataDir, { recursive: true });
const NEEDLE = 'Unable to connect to WSGI daemon';
const only = process.env.BENCH_ONLY ?? '';
const bin = path.join(root, 'bin', 'wsgi-logdoctor');
if (!fs.existsSync(path.join(root, 'dist', 'cli', 'main.js')))
  execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
const hasTime = fs.existsSync('/usr/bin/time');
function time(cmd, args, env = {}) {
  const t0 = process.hrtime.bigint();
  // GNU time adds the CPU seconds (user + system, all threads and children): on a loaded
  // machine they say more than the wall time
  const [c, a] = hasTime ? ['/usr/bin/time', ['-f', 'cpu_s=%U %S', cmd, ...args]] : [cmd, args];
  const r = spawnSync(c, a, { env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const m = /cpu_s=([\d.]+) ([\d.]+)/.exec(r.stderr ?? '');
  r.status = Number(/exited with non-zero status (\d+)/.exec(r.stderr)?.[1] ?? r.status);
  return { ms, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : NaN, r };
}
const rss = (x) => Number(/maxrss_kib=(\d+)/.exec(x.r.stderr)?.[1] ?? NaN) / 1024;
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const machine = `machine: ${os.cpus()[0]?.model ?? 'unknown'} x${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, node ${process.version}, ${os.platform()} ${os.release()}`;

/** Creates `file` once with `make(tmp)`. */
function once(file, what, make) {
  if (fs.existsSync(file)) return;
  process.stderr.write(`generating ${what} at ${path.relative(root, file)} (once)...\n`);
  make(file + '.tmp');
  fs.renameSync(file + '.tmp', file);
}
function plainLog(mb) {
  const f = path.join(dataDir, `error_log-${mb}m`);
  once(f, `a ${mb} MiB log`, (tmp) => generate(tmp, mb * 1048576));
  return f;
}

/**
 * BENCH_OUT=docs/benchmark.md,README.md: each file's block between <!-- <name>:begin --> and
 * <!-- <name>:end --> is replaced with these lines (appended when the file has none).
 */
function writeOut(name, lines) {
  for (const out of (process.env.BENCH_OUT ?? '').split(',').filter(Boolean)) {
    const target = path.resolve(root, out);
    const doc = fs.existsSync(target) ? fs.readFileSync(target, 'utf8') : '';
    const begin = `<!-- ${name}:begin -->`;
    const end = `<!-- ${name}:end -->`;
    const block = `${begin}\n${lines.join('\n')}\n${end}`;
    const at = doc.indexOf(begin);
    const to = doc.indexOf(end);
    fs.writeFileSync(
      target,
      at >= 0 && to > at ? doc.slice(0, at) + block + doc.slice(to + end.length) : `${doc}\n${block}\n`,
    );
  }
}

if (only !== 'access') {
  const want = new Set((process.env.BENCH_ROWS ?? '64m,1g,4g,syslog,gz,year,start').split(','));
  const out = path.join(os.tmpdir(), `wsgi-logdoctor-bench-${process.pid}.json`);
  const toolArgs = (inputs, extra = []) => [...inputs, '--tz', 'UTC', '--format', 'json', '-o', out, ...extra];
  const rows = [];
  const load0 = os.loadavg();
  /** `runs` alternating pairs (reference, then the tool); medians, the median ratio, peak RSS. */
  const pair = (work, tool, ref, refLabel, check = true) => {
    const t = [];
    const r = [];
    const ratios = [];
    const cpu = [];
    const refCpu = [];
    let peak = 0;
    let refOut = '';
    for (let i = 0; i < runs; i++) {
      const a = time(...ref);
      const b = time(bin, tool, { WSGI_LOGDOCTOR_STATS: '1' });
      if (b.r.status !== 0 && b.r.status !== 1) throw new Error(`${work}: exit ${b.r.status}: ${b.r.stderr}`);
      r.push(a.ms);
      t.push(b.ms);
      ratios.push(b.ms / a.ms);
      cpu.push(b.cpu);
      refCpu.push(a.cpu);
      peak = Math.max(peak, rss(b));
      refOut = a.r.stdout.trim();
    }
    let note = '';
    if (check) {
      const report = JSON.parse(fs.readFileSync(out, 'utf8'));
      const connect = report.summary.WSGI0116 + report.summary.WSGI0117;
      const lines = report.inputs.reduce((a, i) => a + i.lines, 0);
      note = `${connect} connect errors, ${lines} lines`;
      if (Number(refOut) !== connect) {
        console.error(`MISMATCH (${work}): grep counted ${refOut} lines, the tool ${connect} events`);
        process.exitCode = 1;
      }
    }
    rows.push({
      work,
      tool: median(t),
      ref: median(r),
      refLabel,
      ratio: median(ratios),
      best: Math.min(...ratios),
      cpu: median(cpu),
      refCpu: median(refCpu),
      peak,
      note,
    });
    process.stderr.write(`${work}: ${median(t).toFixed(0)} ms vs ${median(r).toFixed(0)} ms\n`);
  };
  const grep = (files) => ['grep', ['-c', '-F', NEEDLE, ...files]];
  const zgrep = (files) => [
    'bash',
    ['-c', `gzip -dcf ${files.map((f) => `'${f}'`).join(' ')} | grep -c -F '${NEEDLE}'`],
  ];
  const warm = (files) => execFileSync('bash', ['-c', `cat ${files.map((f) => `'${f}'`).join(' ')} > /dev/null`]);

  if (want.has('64m')) {
    const f = plainLog(64);
    warm([f]);
    pair('64 MiB log', toolArgs([f, '--no-rotated']), grep([f]), 'grep -c -F');
  }
  if (want.has('1g')) {
    const f = plainLog(1024);
    warm([f]);
    pair('1 GiB log', toolArgs([f, '--no-rotated']), grep([f]), 'grep -c -F');
  }
  if (want.has('syslog')) {
    const src = plainLog(1024);
    const f = path.join(dataDir, 'syslog-1024m');
    once(f, 'the 1 GiB log as RFC 3164 syslog', (tmp) => toSyslog(src, tmp));
    warm([f]);
    pair('1 GiB log as RFC 3164 syslog', toolArgs([f, '--no-rotated']), grep([f]), 'grep -c -F');
  }
  if (want.has('4g')) {
    const f = plainLog(4096);
    warm([f]);
    pair('4 GiB log', toolArgs([f, '--no-rotated']), grep([f]), 'grep -c -F');
  }
  if (want.has('gz')) {
    const src = plainLog(1024);
    const f = `${src}.gz`;
    once(f, 'its gzip', (tmp) => execFileSync('bash', ['-c', `gzip -6 -c '${src}' > '${tmp}'`]));
    warm([f]);
    pair('1 GiB log as one .gz', toolArgs([f, '--no-rotated']), zgrep([f]), 'gzip -dc | grep -c -F');
  }
  if (want.has('year')) {
    const dir = path.join(dataDir, 'year');
    if (!fs.existsSync(path.join(dir, 'error_log'))) {
      process.stderr.write(`generating a year of daily rotated logs in ${path.relative(root, dir)} (once)...\n`);
      rotatedYear(dir, 3 << 20);
    }
    const files = fs.readdirSync(dir).map((n) => path.join(dir, n));
    warm(files);
    pair(
      `a year of daily rotation (${files.length - 1} .gz + 1 plain)`,
      toolArgs([path.join(dir, 'error_log')]),
      zgrep(files),
      'gzip -dcf | grep -c -F',
    );
  }
  if (want.has('start')) {
    const f = path.join(dataDir, 'one-line.log');
    fs.copyFileSync(path.join(root, 'fixtures/real/backlog-overload/logs/error.log'), f);
    execFileSync('bash', ['-c', `head -n 1 '${f}' > '${f}.1' && mv '${f}.1' '${f}'`]);
    pair(
      'a one-line log (start-up)',
      toolArgs([f, '--no-rotated']),
      [process.execPath, ['-e', '0']],
      'node -e 0',
      false,
    );
  }
  fs.rmSync(out, { force: true });
  const load1 = os.loadavg();
  const f0 = (n) => n.toFixed(0);
  const lines = [
    `${machine}; load average ${load0.map((x) => x.toFixed(1)).join(' ')} before, ${load1.map((x) => x.toFixed(1)).join(' ')} after; median of ${runs} alternating runs, page cache warm`,
    '',
    '| work | wsgi-logdoctor | reference | wall ratio (median, best) | CPU: tool / reference | peak RSS | found |',
    '| --- | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map(
      (x) =>
        `| ${x.work} | ${f0(x.tool)} ms | \`${x.refLabel.replace(/\|/g, '\\|')}\` ${f0(x.ref)} ms | ${x.refLabel === 'node -e 0' ? `+${f0(x.tool - x.ref)} ms` : `${x.ratio.toFixed(2)}× (${x.best.toFixed(2)}×)`} | ${f0(x.cpu)} / ${f0(x.refCpu)} ms | ${f0(x.peak)} MiB | ${x.note} |`,
    ),
  ];
  console.log(lines.join('\n'));
  writeOut('bench', lines);
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
  writeOut('bench-access', lines);
  if (grep503 !== impact503) {
    console.error(`MISMATCH: grep found ${grep503} 503 lines, the bursts' impact ${impact503}`);
    process.exitCode = 1;
  }
}
