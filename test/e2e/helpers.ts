// Shared by the end-to-end tests: an independent recount of captured Apache error logs
// (plain and .gz), a CLI runner, and the assertions every real scenario must pass. The
// recount deliberately does not use src/: it is the grep that the tool is held to.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect } from 'vitest';

export const REPO = path.resolve(import.meta.dirname, '..', '..');
export const BIN = path.join(REPO, 'bin', 'wsgi-logdoctor');
export const FIXTURES = path.join(REPO, 'fixtures', 'real');

// Same patterns as scripts/repro/count.py (mod_wsgi 4.x src/server/mod_wsgi.c wsgi_connect_daemon,
// 6.x wsgi_remote.c; httpd server/mpm/*/…c lifecycle notices).
const CONNECT = /Unable to connect to WSGI daemon process '[^']*' on '([^']*)'/;
const BACKLOG = /WSGI0116: |after multiple attempts as listener backlog limit was exceeded/;
const ERRNO = /^\[[^\]]+\] \[[^\]]*\] \[pid [^\]]+\] \((\d+)\)[^:]*: /;
const MARKERS: Record<string, string> = {
  AH00171: 'graceful',
  AH00297: 'graceful',
  AH00493: 'graceful',
  AH00173: 'restart',
  AH00298: 'restart',
  AH00494: 'restart',
  AH00163: 'configured',
  AH00292: 'configured',
  AH00489: 'configured',
  AH00169: 'stop',
  AH00295: 'stop',
  AH00491: 'stop',
};
const ROTATED_NAME = /(\.\d+|-\d{8,10})(\.gz)?$/;

export interface Recount {
  files: string[];
  lines: number;
  WSGI0116: number;
  WSGI0117: number;
  errno: Record<string, number>;
  markers: Record<string, number>;
  inRotated: number;
  inCurrent: number;
  originCheck: number;
  truncatedHeaders: number;
}

function bump(o: Record<string, number>, k: string): void {
  o[k] = (o[k] ?? 0) + 1;
}

export function readLogText(file: string): string {
  const buf = fs.readFileSync(file);
  return (file.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
}

export function recount(logsDir: string): Recount {
  const r: Recount = {
    files: [],
    lines: 0,
    WSGI0116: 0,
    WSGI0117: 0,
    errno: {},
    markers: {},
    inRotated: 0,
    inCurrent: 0,
    originCheck: 0,
    truncatedHeaders: 0,
  };
  for (const name of fs.readdirSync(logsDir).sort()) {
    const file = path.join(logsDir, name);
    if (!fs.statSync(file).isFile()) continue;
    r.files.push(name);
    const rotated = ROTATED_NAME.test(name);
    const text = readLogText(file);
    const lines = text.split('\n');
    if (lines.at(-1) === '') lines.pop();
    for (const line of lines) {
      r.lines++;
      const m = /\] (AH\d{5}): /.exec(line);
      if (m && MARKERS[m[1]!]) bump(r.markers, MARKERS[m[1]!]!);
      if (/Request origin could not be validated|WSGI003[34]: /.test(line)) r.originCheck++;
      // 4.x wording; 6.x WSGI0146 "closed connection before sending complete response headers" (wsgi_remote.c)
      if (/Truncated or oversized response headers received from daemon process|WSGI0146: /.test(line))
        r.truncatedHeaders++;
      if (!CONNECT.test(line)) continue;
      if (BACKLOG.test(line)) r.WSGI0116++;
      else r.WSGI0117++;
      bump(r.errno, ERRNO.exec(line)?.[1] ?? 'none');
      if (rotated) r.inRotated++;
      else r.inCurrent++;
    }
  }
  return r;
}

/** The harness's counts.json (written by scripts/repro/repro.py from the captured files). */
export interface Counts {
  scenario: string;
  mpm: string;
  days: number;
  rotations: number;
  timezone: string;
  expected: {
    verdict: string;
    burstCause: string | null;
    errno: number | null;
    rotationAction: string | null;
    /** set when the right verdict needs a feature the tool does not have yet (the issue that adds it) */
    pending?: string;
  };
  totals: {
    lines: number;
    WSGI0116: number;
    WSGI0117: number;
    errno: Record<string, number>;
    markers: Record<string, number>;
    inRotated: number;
    inCurrent: number;
    'origin-check': number;
    'truncated-headers': number;
    sockets_rotating: number;
    sockets_uid: number;
  };
  timeline: { what: string; fake: string }[];
  logrotateRuns?: { date: string; exit: number; stderr: string; rotated: boolean }[] | null;
}

export function readCounts(dir: string): Counts {
  return JSON.parse(fs.readFileSync(path.join(dir, 'counts.json'), 'utf8')) as Counts;
}

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  // The report is loosely typed on purpose: fields land one by one (parser, then diagnosis),
  // and the assertions switch on when a field exists.
  report: Record<string, unknown> & {
    summary: { WSGI0116: number; WSGI0117: number; restarts: number; bursts?: number };
    inputs: { path: string; lines: number }[];
    events: {
      file: string;
      line: number;
      code: string;
      errno: number | null;
      time: string;
      socket: string | null;
      socketInfo?: { rotation: 'on' | 'off'; generation: number | null; uid: number | null } | null;
    }[];
    restarts: { kind: string; time: string; file: string }[];
  };
}

export function runCli(args: string[]): CliRun {
  const r = spawnSync(process.execPath, [BIN, ...args, '--format', 'json', '--no-progress'], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.status === 2 || r.stdout.trim() === '') {
    throw new Error(
      `wsgi-logdoctor ${args.join(' ')} failed (exit ${r.status}): ${r.stderr.trim()}\n(run \`npm run build\` first)`,
    );
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, report: JSON.parse(r.stdout) as CliRun['report'] };
}

/** Runs the tool on a scenario folder as an operator would: the logs directory and the zone. */
export function runScenario(dir: string, counts: Counts, extra: string[] = []): CliRun {
  return runCli([path.join(dir, 'logs'), '--tz', counts.timezone, ...extra]);
}

/** As an operator with the host's configs: the scenario's logs plus its httpd.conf, logrotate stanza
 * and the cron time the harness used (06:25 daily). */
export function runScenarioWithConfigs(dir: string, counts: Counts): CliRun {
  const cfg = (f: string) => path.join(dir, 'config', f);
  const args = [path.join(dir, 'logs'), '--tz', counts.timezone, '--apache-config', cfg('httpd.conf'), '--quiet'];
  if (counts.expected.rotationAction !== null)
    args.push('--logrotate', cfg('logrotate.conf'), '--schedule', '25 6 * * *');
  return runCli(args);
}

/** The simulated dates (YYYY-MM-DD) on which the harness's logrotate run rotated something (all its
 * runs for captures without `logrotateRuns`; with notifempty an empty log is not rotated). */
export function rotationDates(c: Counts): string[] {
  if (c.logrotateRuns) return c.logrotateRuns.filter((r) => r.rotated).map((r) => r.date);
  return c.timeline.filter((e) => e.what.endsWith('logrotate -f')).map((e) => e.fake.slice(0, 10));
}

/** The key numbers the tool must reproduce from the real logs (all fields that exist today). */
export function assertCounts(run: CliRun, c: Counts): void {
  const t = c.totals;
  const { report } = run;
  const total = t.WSGI0116 + t.WSGI0117;
  expect(run.status, 'exit status: 1 when connect errors were found, else 0').toBe(total > 0 ? 1 : 0);
  expect(report.summary.WSGI0116).toBe(t.WSGI0116);
  expect(report.summary.WSGI0117).toBe(t.WSGI0117);
  expect(report.events).toHaveLength(total);
  expect(report.summary.restarts, 'graceful + full restarts').toBe(
    (t.markers.graceful ?? 0) + (t.markers.restart ?? 0),
  );
  expect(report.restarts.filter((r) => r.kind === 'graceful')).toHaveLength(t.markers.graceful ?? 0);
  expect(report.restarts.filter((r) => r.kind === 'restart')).toHaveLength(t.markers.restart ?? 0);
  // every file logrotate left behind was read (the rotated siblings hold the old children's errors)
  expect(report.inputs.reduce((n, i) => n + i.lines, 0)).toBe(t.lines);
  const errnos: Record<string, number> = {};
  for (const e of report.events) bump(errnos, e.errno === null ? 'none' : String(e.errno));
  expect(errnos).toEqual(t.errno);
  const inRotated = report.events.filter((e) => ROTATED_NAME.test(path.basename(e.file))).length;
  expect(inRotated, 'connect errors found in rotated files').toBe(t.inRotated);
  // socket names decoded: <prefix>.<ppid>.<generation>.<id>.sock (rotation on) or .u<uid>. (off)
  const rot = report.events.map((e) => e.socketInfo?.rotation);
  expect(rot.filter((x) => x === 'on')).toHaveLength(t.sockets_rotating);
  expect(rot.filter((x) => x === 'off')).toHaveLength(t.sockets_uid);
  const times = report.events.map((e) => Date.parse(e.time));
  expect(
    times.every((x, i) => i === 0 || x >= times[i - 1]!),
    'events in time order across files',
  ).toBe(true);
}

/** The graceful/HUP restart marker times of a run, as epoch ms, from the tool's own restarts[]. */
export function restartTimes(run: CliRun): number[] {
  return run.report.restarts
    .filter((r) => r.kind === 'graceful' || r.kind === 'restart')
    .map((r) => Date.parse(r.time));
}

interface Burst {
  start: string;
  end: string;
  count: number;
  cause: { kind: string; time: string; lagSeconds: number } | null;
}

/** Diagnosis assertions; only meaningful once the report carries verdict/bursts. */
export function assertDiagnosis(run: CliRun, c: Counts): void {
  const { report } = run;
  expect(report.verdict).toBe(c.expected.verdict);
  const bursts = (report.bursts ?? []) as Burst[];
  const total = c.totals.WSGI0116 + c.totals.WSGI0117;
  expect(
    bursts.reduce((n, b) => n + b.count, 0),
    'bursts cover every connect error',
  ).toBe(total);
  if (c.expected.burstCause === 'graceful-restart') {
    // one burst per graceful restart that had keep-alive traffic behind it, each within seconds of it
    const restarts = restartTimes(run);
    for (const b of bursts) {
      expect(b.cause?.kind).toBe('graceful-restart');
      expect(b.cause!.lagSeconds).toBeGreaterThanOrEqual(0);
      expect(b.cause!.lagSeconds).toBeLessThan(5);
      expect(restarts).toContain(Date.parse(b.cause!.time));
    }
    const withErrors = new Set(bursts.map((b) => Date.parse(b.cause!.time)));
    expect(withErrors.size).toBe(bursts.length);
  } else if (total > 0) {
    for (const b of bursts) expect(b.cause, `a ${c.expected.verdict} burst has no restart cause`).toBeNull();
  }
  const findings = (report.findings ?? []) as { kind: string; recommendation: { directive?: string } | null }[];
  if (c.expected.verdict === 'no-errors') expect(findings).toEqual([]);
  else expect(findings[0]?.kind).toBe(c.expected.verdict);
  const recommendsOff = findings.some((f) => f.recommendation?.directive === 'WSGISocketRotation Off');
  // fix-not-in-effect recommends it too: moved to where it takes effect
  expect(
    recommendsOff,
    'WSGISocketRotation Off is recommended exactly for rotation-restart and fix-not-in-effect',
  ).toBe(c.expected.verdict === 'rotation-restart' || c.expected.verdict === 'fix-not-in-effect');
}
