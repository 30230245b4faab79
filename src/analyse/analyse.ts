// The analysis stage: from the sources (error logs, logrotate, schedules, Apache config, and
// what --root discovered) to one finished Report. The CLI parses options, calls analyse() and
// renders what it returns; the sources are registered modules (./sources), the Report is
// built once (./report.ts).
import fs from 'node:fs';
import { DateTime } from 'luxon';
import { InputError } from '../errors.js';
import type { Instant, Missing, ObservedRun, Report } from '../model.js';
import { machineZone, parseTimeOption, resolveZone } from '../time/index.js';
import { discoverRoot, type Discovered } from '../discovery/index.js';
import { nodeFs } from '../fs/index.js';
import type { AnalysisOptions, AnalysisProgress, Context } from './context.js';
import { SOURCES, collectSchedule, loadSchedule, runSources } from './sources/index.js';
import { buildReport } from './report.js';
import { readImpact } from './sources/access.js';
import { assessRisks, mpmFromLogs } from '../diagnose/risks.js';
import { mapStrings, pathNamer, renameError } from './paths.js';
import { windowsInLogs } from './sources/rotations.js';

export type { AnalysisOptions, AnalysisProgress } from './context.js';

/** --root: the bundle, discovered; a clear exit-2 error when it is not a directory. */
function discover(root: string | undefined): Discovered | null {
  if (root === undefined) return null;
  let st: fs.Stats;
  try {
    st = fs.statSync(root);
  } catch {
    throw new InputError('no such directory', { file: root });
  }
  if (!st.isDirectory())
    throw new InputError('--root expects a directory (an unpacked sosreport/supportconfig, or /)', { file: root });
  return discoverRoot(root);
}

function analysisZone(tz: string | undefined, discovered: Discovered | null): string {
  return tz !== undefined
    ? resolveZone(tz)
    : discovered?.timezone
      ? resolveZone(discovered.timezone.zone, discovered.timezone.origin)
      : machineZone();
}

/** `--explain-schedule`: the schedule's sources and their previous/next runs around `around`. */
export async function scheduleAround(
  o: Pick<AnalysisOptions, 'schedule' | 'cron' | 'timer' | 'root' | 'tz'>,
  around: Instant,
): Promise<{ zone: string; aroundLocal: string; runs: string[]; assumptions: string[]; notes: string[] }> {
  const discovered = o.root !== undefined ? discoverRoot(o.root) : null;
  const zone = analysisZone(o.tz, discovered);
  const S = await loadSchedule();
  const { explainSchedule } = S;
  const { sources, assumptions, notes } = collectSchedule(S, o, discovered);
  if (sources.length === 0) {
    const given = [...o.cron, ...o.timer];
    if (given.length === 0 && o.root === undefined)
      throw new InputError('no schedule to explain: give --schedule, --cron, --timer or --root');
    // files were given but none starts logrotate (an anacrontab whose run-parts directory is not listed)
    throw new InputError(
      `no logrotate run found in ${o.root !== undefined ? `the files under ${o.root}` : given.join(', ')}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}; name when it runs with --schedule`,
    );
  }
  return {
    zone,
    aroundLocal: DateTime.fromMillis(around, { zone }).toFormat('yyyy-LL-dd HH:mm'),
    runs: explainSchedule(sources, around, zone, 3),
    assumptions,
    notes,
  };
}

/** The observed runs around the analysed time (a day either side): a syslog may reach back months. */
function observedInWindow(runs: ObservedRun[], w: { start: Instant | null; end: Instant | null }): ObservedRun[] {
  const DAY = 86_400_000;
  if (w.start === null || w.end === null) return runs;
  return runs.filter((r) => r.time >= w.start! - DAY && r.time <= w.end! + DAY);
}

export async function analyse(o: AnalysisOptions): Promise<Report> {
  const namer = pathNamer(o);
  try {
    const tell = o.onProgress;
    // (the options copied with their getters, not spread: a spread would call the stdin getter,
    // which builds process.stdin and loads Node's file streams, ~5 ms of start-up)
    const named: AnalysisOptions = tell
      ? Object.defineProperties({} as AnalysisOptions, {
          ...Object.getOwnPropertyDescriptors(o),
          onProgress: {
            value: (p: AnalysisProgress) =>
              tell(p.read?.current ? { ...p, read: { ...p.read, current: namer.text(p.read.current) } } : p),
            enumerable: true,
          },
        })
      : o;
    // (the copy with every string renamed costs ~10 ms on a big report: only when a name changes)
    const raw = await analyseRaw(named);
    const report = namer.touches(raw) ? mapStrings(raw, namer.text) : raw;
    return namer.root !== null ? { ...report, root: namer.root } : report;
  } catch (e) {
    throw e instanceof InputError ? renameError(e, namer) : e;
  }
}

async function analyseRaw(o: AnalysisOptions): Promise<Report> {
  const step = (s: AnalysisProgress['step']) => o.onProgress?.({ step: s, read: null });
  if (o.root !== undefined) step('discover');
  const discovered = discover(o.root);
  const zone = analysisZone(o.tz, discovered);
  const since = o.since !== undefined ? parseTimeOption(o.since, zone, o.now, '--since') : null;
  const until = o.until !== undefined ? parseTimeOption(o.until, zone, o.now, '--until') : null;
  if (since !== null && until !== null && since > until)
    throw new InputError(`--since (${o.since}) is later than --until (${o.until}): the window is empty`);
  const ctx: Context = {
    options: o,
    discovered,
    fs: discovered ? discovered.fs : nodeFs,
    zone,
    since,
    until,
    warnings: [],
    missing: discovered ? discovered.notes.map((note): Missing => ({ code: 'discovery-note', args: { note } })) : [],
  };

  // The diagnosis and its modules are only needed after the scan: load them while the
  // worker threads read the logs.
  const diagnoseModule = import('../diagnose/index.js');
  step('configs');
  const got = await runSources(SOURCES, ctx);
  // every file the bundle's fs would not read (a FIFO, a device, a link out of the bundle, too large)
  for (const r of ctx.fs.refused()) ctx.warnings.push(`${r.path}: not read: ${r.reason}`);

  step('diagnose');
  const { diagnose } = await diagnoseModule;
  const describeSource = got.schedule.sources.length > 0 ? (await loadSchedule()).describeSource : null;
  const dx = diagnose({
    parsed: got.errorLogs,
    rotations: got.rotations,
    apache: got.apacheConfig,
    logrotate: got.logrotate.summary,
    zone,
    burstGapSeconds: o.burstGapSeconds,
  });
  const access = await readImpact(ctx, got.apacheConfig, dx.bursts, got.logrotate.olddirs);
  const scheduleSources = describeSource === null ? [] : got.schedule.sources.map(describeSource);
  const risks = assessRisks({
    apache: got.apacheConfig,
    logrotate: got.logrotate.summary,
    scheduleSources,
    mpmFromLogs: mpmFromLogs(got.errorLogs),
  });
  return buildReport({
    parsed: got.errorLogs,
    zone,
    warnings: ctx.warnings,
    rotations: windowsInLogs(got.rotations, got.errorLogs),
    schedule: {
      sources: scheduleSources,
      logrotate: got.logrotate.summary,
      assumptions: got.schedule.assumptions,
    },
    apacheConfig: got.apacheConfig,
    diagnosis: dx,
    missing: ctx.missing,
    access,
    observedRuns: observedInWindow(got.schedulerLogs.observed, got.errorLogs.window),
    risks,
  });
}
