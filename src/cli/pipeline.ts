// Wires the stages left to right (style.md): discovery → inputs → logrotate/schedule → Apache
// config → correlate/diagnose → one Report. Reads files only through the stages' own readers;
// the CLI around it maps errors to exit codes and renders the report.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DateTime } from 'luxon';
import { InputError } from '../errors.js';
import type {
  ApacheConfigFacts,
  InputSummary,
  Instant,
  LogrotateSummary,
  ParsedLogs,
  Report,
  RotationWindow,
} from '../model.js';
import { formatLocal, machineZone, parseTimeOption, resolveZone } from '../time/index.js';
import { readLogs, resolveInputs, type InputSpec } from '../inputs/index.js';
import { discoverRoot, type Discovered } from '../discovery/index.js';
import {
  expectedSiblings,
  findStanza,
  loadLogrotateConfig,
  nodeFs as lrFs,
  parseStateFile,
  toLogrotateSummary,
  type StanzaMatch,
  type StateTime,
} from '../logrotate/index.js';
import {
  collectSources,
  defaultSchedule,
  describeSource,
  evidenceFromLogrotate,
  expandWindows,
  explainSchedule,
  MAX_RUNS_PER_SOURCE,
  inferHostFacts,
  narrowWindows,
  parseScheduleOption,
  type CappedSource,
  type LogrotateFacts,
  type RotationEvidence,
  type ScheduleFiles,
  type ScheduleSourceDef,
} from '../schedule/index.js';
import { locateApacheConfig, readApacheConfig } from '../apacheconf/index.js';
import { buildReport } from './report.js';

export interface AnalysisOptions {
  logs: string[];
  root?: string;
  logrotate: string[];
  schedule: string[];
  cron: string[];
  timer: string[];
  apacheConfig?: string;
  tz?: string;
  since?: string;
  until?: string;
  burstGapSeconds?: number;
  rotated: boolean;
  stdin: NodeJS.ReadableStream;
  now: Instant;
}

function readText(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      `cannot read ${what} (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory, expected a file' : (code ?? 'error')})`,
      { file },
    );
  }
}

/** The first plain (non-stdin) log path as the host knew it, for stanza matching. */
function primaryLog(
  specs: InputSpec[],
  discovered: Discovered | null,
  hostPaths: Map<string, string>,
): { display: string; hostPath: string } | null {
  const given = specs.find((s) => s.path !== '-' && s.origin !== 'rotated-sibling');
  if (!given) return null;
  const virtual = hostPaths.get(given.path);
  if (virtual !== undefined) return { display: given.display, hostPath: virtual };
  if (discovered) {
    const f = discovered.apacheLogs.find((l) => path.resolve(l.path) === given.path);
    if (f) return { display: given.display, hostPath: f.hostPath };
  }
  return { display: given.display, hostPath: given.path };
}

/** What the logrotate stage and the inputs tell about past rotations, for narrowWindows. */
function rotationEvidence(
  match: StanzaMatch,
  logHostPath: string,
  inputs: InputSummary[],
  stateFiles: { path: string; text: string }[],
  zone: string,
): RotationEvidence {
  const spec = expectedSiblings(logHostPath, match.options);
  let state: LogrotateFacts['state'] = null;
  const base = path.basename(logHostPath);
  for (const sf of stateFiles) {
    let entries: Map<string, StateTime>;
    try {
      entries = parseStateFile(sf.text, sf.path);
    } catch {
      continue; // a damaged state file is no evidence
    }
    const hit = entries.get(logHostPath) ?? [...entries.entries()].find(([p]) => path.basename(p) === base)?.[1];
    if (hit) {
      let capturedAt: Instant | null = null;
      try {
        capturedAt = fs.statSync(sf.path).mtimeMs;
      } catch {
        /* a virtual (supportconfig) file */
      }
      state = { time: hit, origin: sf.path, capturedAt };
      break;
    }
  }
  const siblings = inputs
    .filter((i) => i.origin === 'rotated-sibling')
    .map((i) => ({
      name: path.basename(i.path),
      origin: i.path,
      parsed: spec.parse(path.basename(i.path)),
      mtime: i.compressed ? null : i.mtime,
    }));
  return evidenceFromLogrotate({ options: match.options, state, siblings, dateMeans: spec.dateMeans }, zone);
}

/** The time covered by each input (clipped to the window), merged where they overlap or touch within a day; expandWindows adds its own day of margin. */
function coveredSpans(parsed: ParsedLogs): { start: Instant; end: Instant }[] {
  const DAY = 86_400_000;
  const w = parsed.window;
  if (w.start === null || w.end === null) return [];
  const raw = parsed.inputs
    .filter((i) => i.first !== null && i.last !== null)
    .map((i) => ({ start: Math.max(i.first!, w.start!), end: Math.min(i.last!, w.end!) }))
    .filter((s) => s.start <= s.end)
    .sort((a, b) => a.start - b.start);
  const out: { start: Instant; end: Instant }[] = [];
  for (const s of raw) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end + DAY) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/** Every schedule source: --schedule, --cron, --timer, and what --root found (distro default last). */
export function collectSchedule(
  o: Pick<AnalysisOptions, 'schedule' | 'cron' | 'timer'>,
  discovered: Discovered | null,
): { sources: ScheduleSourceDef[]; assumptions: string[]; notes: string[] } {
  const sources: ScheduleSourceDef[] = o.schedule.map((s) => parseScheduleOption(s));
  const files: ScheduleFiles = { crontabs: [], anacrontabs: [], timers: [], runParts: [] };
  for (const c of o.cron) {
    const text = readText(c, 'cron file');
    if (/anacrontab/.test(path.basename(c)) || /^\s*START_HOURS_RANGE=/m.test(text))
      files.anacrontabs!.push({ path: c, text });
    else files.crontabs!.push({ path: c, text });
  }
  for (const t of o.timer) files.timers!.push({ path: t, text: readText(t, 'timer unit') });
  if (discovered) {
    const dfs = discovered.fs;
    for (const c of discovered.crontabs)
      files.crontabs!.push({
        path: c.hostPath,
        text: dfs.readFile(c.path),
        kind: c.kind === 'system' ? undefined : c.kind === 'cron.d' ? 'system' : 'user',
      });
    if (discovered.anacrontab)
      files.anacrontabs!.push({ path: discovered.anacrontab.hostPath, text: dfs.readFile(discovered.anacrontab.path) });
    for (const t of discovered.timers) {
      const unit = t.units[0];
      if (!unit) continue;
      files.timers!.push({
        path: unit.hostPath,
        text: dfs.readFile(unit.path),
        dropIns: t.dropIns.map((d) => ({ path: d.hostPath, text: dfs.readFile(d.path) })),
      });
    }
    files.runParts = discovered.runParts.map((r) => ({
      dir: r.hostPath,
      entries: r.scripts.map((name) => {
        let text: string | null = null;
        try {
          text = dfs.readFile(path.posix.join(r.path, name));
        } catch {
          /* listed but not collected */
        }
        return { name, text };
      }),
    }));
  }
  if (discovered) {
    // a host's own files: a broken cron.d line is skipped with a note, as cron does, and the
    // guards in them (no-systemd, no-anacron) are resolved against what the root shows
    const d = discovered;
    const hostFile = (h: string) => path.join(d.root, h);
    const host = inferHostFacts({
      exists: (h) => d.fs.stat(hostFile(h)) !== null,
      read: (h) => {
        try {
          return d.fs.readFile(hostFile(h));
        } catch {
          return null;
        }
      },
    });
    files.host = { systemd: host.systemd, anacron: host.anacron };
    files.lenient = true;
  }
  const collected = collectSources(files);
  for (const s of collected.sources) sources.push(s);
  const assumptions: string[] = [];
  if (sources.length === 0 && discovered) {
    const d = defaultSchedule(discovered.distro);
    if (d.sources.length > 0) {
      sources.push(...d.sources);
      assumptions.push(d.assumption);
    }
  }
  return { sources, assumptions, notes: collected.notes };
}

/** `--explain-schedule`: the sources and their previous/next runs around `around`. */
export function explainScheduleText(
  o: Pick<AnalysisOptions, 'schedule' | 'cron' | 'timer' | 'root' | 'tz'>,
  around: Instant,
): string {
  const discovered = o.root !== undefined ? discoverRoot(o.root) : null;
  const zone =
    o.tz !== undefined
      ? resolveZone(o.tz)
      : discovered?.timezone
        ? resolveZone(discovered.timezone.zone, discovered.timezone.origin)
        : machineZone();
  const { sources, assumptions, notes } = collectSchedule(o, discovered);
  if (sources.length === 0) throw new InputError('no schedule to explain: give --schedule, --cron, --timer or --root');
  const lines = [
    `Schedule (${zone}), runs around ${DateTime.fromMillis(around, { zone }).toFormat('yyyy-LL-dd HH:mm')}:`,
    ...explainSchedule(sources, around, zone, 3),
  ];
  for (const a of assumptions) lines.push(`assumption: ${a}`);
  for (const n of notes) lines.push(`note: ${n}`);
  return lines.join('\n') + '\n';
}

export async function analyse(o: AnalysisOptions): Promise<Report> {
  const warnings: string[] = [];
  const missing: string[] = [];

  // --- discovery -----------------------------------------------------------------------
  let discovered: Discovered | null = null;
  if (o.root !== undefined) {
    let st: fs.Stats;
    try {
      st = fs.statSync(o.root);
    } catch {
      throw new InputError('no such directory', { file: o.root });
    }
    if (!st.isDirectory())
      throw new InputError('--root expects a directory (an unpacked sosreport/supportconfig, or /)', { file: o.root });
    discovered = discoverRoot(o.root);
    for (const n of discovered.notes) missing.push(n);
  }
  const zone =
    o.tz !== undefined
      ? resolveZone(o.tz)
      : discovered?.timezone
        ? resolveZone(discovered.timezone.zone, discovered.timezone.origin)
        : machineZone();
  const since = o.since !== undefined ? parseTimeOption(o.since, zone, o.now, '--since') : null;
  const until = o.until !== undefined ? parseTimeOption(o.until, zone, o.now, '--until') : null;
  if (since !== null && until !== null && since > until) throw new InputError('--since is later than --until');

  let logs = o.logs;
  let virtualLogs: InputSpec[] = [];
  let scratch: string | null = null;
  const hostPaths = new Map<string, string>();
  if (logs.length === 0 && discovered) {
    // shown relative to the working directory when the bundle lies below it
    const shown = (p: string) => {
      const rel = path.relative(process.cwd(), p);
      return rel.startsWith('..') || path.isAbsolute(rel) ? p : rel;
    };
    logs = discovered.apacheLogs.filter((l) => fs.existsSync(l.path)).map((l) => shown(l.path));
    if (discovered.sources !== null) {
      // supportconfig: the logs are sections of its text files; the reader wants files, so the
      // sections are written to a scratch directory and shown under their host path
      scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wsgi-logdoctor-supportconfig-'));
      virtualLogs = discovered.apacheLogs
        .filter((l) => !fs.existsSync(l.path))
        .map((l, k) => {
          const file = path.join(scratch!, `${k}-${path.basename(l.hostPath)}`);
          fs.writeFileSync(file, discovered!.fs.readFile(l.path));
          const src = discovered!.sources!.get(l.path);
          hostPaths.set(file, l.hostPath);
          return {
            display: src ? `${l.hostPath} (${src.file}:${src.line})` : l.hostPath,
            path: file,
            origin: 'root' as const,
          };
        });
    }
    if (logs.length === 0 && virtualLogs.length === 0)
      throw new InputError('found no Apache error log under this root (give the log paths explicitly)', {
        file: o.root,
      });
  }
  try {
    return await analyseLogs(o, { zone, since, until, logs, virtualLogs, hostPaths, discovered, warnings, missing });
  } finally {
    if (scratch !== null) fs.rmSync(scratch, { recursive: true, force: true });
  }
}

interface Prepared {
  zone: string;
  since: Instant | null;
  until: Instant | null;
  logs: string[];
  virtualLogs: InputSpec[];
  /** scratch file -> the path it had on the host (supportconfig logs) */
  hostPaths: Map<string, string>;
  discovered: Discovered | null;
  warnings: string[];
  missing: string[];
}

async function analyseLogs(o: AnalysisOptions, p: Prepared): Promise<Report> {
  const { zone, since, until, logs, virtualLogs, hostPaths, discovered, warnings, missing } = p;
  if (logs.length === 0 && virtualLogs.length === 0)
    throw new InputError(
      'no log given: name one or more error logs, a directory, - for standard input, or use --root DIR',
    );

  // --- logrotate: which stanza rotates the log, and what it does to Apache -----------------
  const lrPaths =
    o.logrotate.length > 0 ? o.logrotate : discovered ? discovered.logrotateConfigs.map((f) => f.path) : [];
  for (const p of o.logrotate) if (!fs.existsSync(p)) throw new InputError('no such file', { file: p });
  const lrConfig =
    lrPaths.length > 0
      ? loadLogrotateConfig(
          lrPaths,
          discovered && o.logrotate.length === 0 ? discovered.fs : lrFs,
          discovered && o.logrotate.length === 0 ? { root: discovered.root } : {},
        )
      : null;
  for (const w of lrConfig?.warnings ?? []) warnings.push(`${w.file}:${w.line}: ${w.message}`);

  // A first look at the given paths to know which log the stanza must match (before siblings,
  // whose olddir comes from the stanza).
  const firstSpecs = [...resolveInputs(logs, { rotated: false }), ...virtualLogs];
  const primary = primaryLog(firstSpecs, discovered, hostPaths);
  let match: StanzaMatch | null = null;
  if (lrConfig && primary) {
    match = findStanza(lrConfig, primary.hostPath, discovered ? { root: discovered.root } : {});
    if (match === null)
      warnings.push(`no logrotate stanza rotates ${primary.display} (read: ${lrConfig.files.join(', ')})`);
    else if (match.matchedBy === 'basename')
      warnings.push(
        `${primary.display}: no stanza names this path; matched by file name to ${match.origin} (${match.pattern}) — the log was probably copied off the host`,
      );
  } else if (!lrConfig) {
    missing.push(
      'no logrotate configuration was given (--logrotate or --root): what the rotation does to Apache is not known',
    );
  }
  const logrotate: LogrotateSummary | null = match ? toLogrotateSummary(match) : null;
  const olddirs = match?.options.olddir ? [path.resolve(path.dirname(primary!.display), match.options.olddir)] : [];

  // --- schedule: when logrotate ran ----------------------------------------------------------
  const { sources, assumptions, notes } = collectSchedule(o, discovered);
  for (const n of notes) warnings.push(n); // one per skipped line at most: no argument spreading
  if (sources.length === 0)
    missing.push(
      'no logrotate schedule was found or given (--schedule, --cron, --timer or --root): bursts can only be matched against restarts in the log',
    );

  // --- Apache configuration ------------------------------------------------------------------
  let apache: ApacheConfigFacts | null = null;
  if (o.apacheConfig !== undefined) {
    apache = readApacheConfig(o.apacheConfig);
  } else if (discovered) {
    // discovery's reader also has kind(): it serves the Apache reader as it is
    const afs = discovered.fs;
    const main = locateApacheConfig(discovered.root, afs)[0];
    if (main) {
      apache = readApacheConfig(path.join(discovered.root, main), { root: discovered.root, fs: afs });
    }
  }

  // The diagnosis and its modules are only needed after the scan: load them while the
  // worker threads read the logs.
  const diagnoseModule = import('../diagnose/index.js');

  // --- inputs -----------------------------------------------------------------------------
  const specs = [...resolveInputs(logs, { rotated: o.rotated, olddirs }), ...virtualLogs];
  const parsed: ParsedLogs = await readLogs(specs, { zone, since, until, stdin: o.stdin });
  if (
    o.rotated &&
    !discovered &&
    !parsed.inputs.some((i) => i.origin === 'rotated-sibling' || i.origin === 'directory') &&
    parsed.inputs.some((i) => i.path !== '-')
  ) {
    missing.push(
      'no rotated siblings (error_log.1, error_log-YYYYMMDD.gz …) were found beside the log: old workers write their errors into the rotated file, so bursts after a rotation may be missing',
    );
  }

  let rotations: RotationWindow[] = [];
  const spans = coveredSpans(parsed);
  if (sources.length > 0 && spans.length > 0) {
    // Windows only where there is log to compare them with: a sosreport may hold a file from
    // 2016 beside one from last week, and the years between are not worth 60 000 windows.
    const seen = new Set<string>();
    for (const span of spans) {
      const capped = (c: CappedSource) =>
        warnings.push(
          `${c.source.origin}: schedule '${c.source.spec}' starts more than ${MAX_RUNS_PER_SOURCE} times in the logs' span; runs from ${formatLocal(c.from, zone)} on are not used (narrow the span with --since/--until)`,
        );
      for (const w of expandWindows(sources, span, zone, logrotate?.action ?? 'unknown', capped)) {
        const key = `${w.start}|${w.end}|${w.origin}|${w.spec}`;
        if (!seen.has(key)) {
          seen.add(key);
          rotations.push(w);
        }
      }
    }
    rotations.sort((a, b) => a.start - b.start);
    if (match && primary) {
      const stateFiles: { path: string; text: string }[] = [];
      if (discovered)
        for (const s of discovered.logrotateState)
          stateFiles.push({ path: s.path, text: discovered.fs.readFile(s.path) });
      // a state file copied beside a given config (logrotate -s <file>), as postmortem folders often have it
      for (const c of o.logrotate) {
        for (const name of ['logrotate.status', 'status']) {
          const p = path.join(path.dirname(c), name);
          if (fs.existsSync(p) && !stateFiles.some((f) => f.path === p))
            stateFiles.push({ path: p, text: readText(p, 'logrotate state file') });
        }
      }
      rotations = narrowWindows(
        rotations,
        rotationEvidence(match, primary.hostPath, parsed.inputs, stateFiles, zone),
        zone,
      );
    }
  }

  // --- diagnosis ---------------------------------------------------------------------------------
  const { diagnose } = await diagnoseModule;
  const dx = diagnose({ parsed, rotations, apache, logrotate, zone, burstGapSeconds: o.burstGapSeconds });
  const report = buildReport({ parsed, zone, warnings });
  report.summary.bursts = dx.bursts.length;
  report.rotations = rotations;
  report.schedule = { sources: sources.map(describeSource), logrotate, assumptions };
  report.apacheConfig = apache;
  report.bursts = dx.bursts;
  report.findings = dx.findings;
  report.verdict = dx.verdict;
  // the diagnosis words the schedule/config gaps itself; keep ours only where it is silent
  const covered = (m: string) =>
    dx.missingEvidence.some(
      (d) =>
        d === m ||
        (/schedule/i.test(m) && /schedule/i.test(d)) ||
        (/logrotate config/i.test(m) && /logrotate config/i.test(d)),
    );
  report.missingEvidence = [...dx.missingEvidence, ...missing.filter((m) => !covered(m))];
  report.statistics = dx.statistics;
  report.recurrence = dx.recurrence;
  return report;
}
