// The analysis stage: from the sources (error logs, logrotate, schedules, Apache config, and
// what --root discovered) to one finished Report. The CLI parses options, calls analyse() and
// renders what it returns; the sources are registered modules (./sources), the Report is
// built once (./report.ts).
import fs from 'node:fs';
import { DateTime } from 'luxon';
import { InputError } from '../errors.js';
import type { Instant, Report } from '../model.js';
import { machineZone, parseTimeOption, resolveZone } from '../time/index.js';
import { discoverRoot, type Discovered } from '../discovery/index.js';
import { nodeFs } from '../fs/index.js';
import type { AnalysisOptions, Context } from './context.js';
import { SOURCES, collectSchedule, loadSchedule, runSources } from './sources/index.js';
import { buildReport } from './report.js';

export type { AnalysisOptions } from './context.js';

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
  if (sources.length === 0) throw new InputError('no schedule to explain: give --schedule, --cron, --timer or --root');
  return {
    zone,
    aroundLocal: DateTime.fromMillis(around, { zone }).toFormat('yyyy-LL-dd HH:mm'),
    runs: explainSchedule(sources, around, zone, 3),
    assumptions,
    notes,
  };
}

export async function analyse(o: AnalysisOptions): Promise<Report> {
  const discovered = discover(o.root);
  const zone = analysisZone(o.tz, discovered);
  const since = o.since !== undefined ? parseTimeOption(o.since, zone, o.now, '--since') : null;
  const until = o.until !== undefined ? parseTimeOption(o.until, zone, o.now, '--until') : null;
  if (since !== null && until !== null && since > until) throw new InputError('--since is later than --until');
  const ctx: Context = {
    options: o,
    discovered,
    fs: discovered ? discovered.fs : nodeFs,
    zone,
    since,
    until,
    warnings: [],
    missing: discovered ? [...discovered.notes] : [],
  };

  // The diagnosis and its modules are only needed after the scan: load them while the
  // worker threads read the logs.
  const diagnoseModule = import('../diagnose/index.js');
  const got = await runSources(SOURCES, ctx);
  // every file the bundle's fs would not read (a FIFO, a device, a link out of the bundle, too large)
  for (const r of ctx.fs.refused()) ctx.warnings.push(`${r.path}: not read: ${r.reason}`);

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
  return buildReport({
    parsed: got.errorLogs,
    zone,
    warnings: ctx.warnings,
    analysis: {
      rotations: got.rotations,
      schedule: {
        sources: describeSource === null ? [] : got.schedule.sources.map(describeSource),
        logrotate: got.logrotate.summary,
        assumptions: got.schedule.assumptions,
      },
      apacheConfig: got.apacheConfig,
      diagnosis: dx,
      missing: ctx.missing,
    },
  });
}
