// The sources of the analysis stage, each a module with a declared input (the context plus the
// outputs of the sources it needs) and one output. Adding a source (access logs, scheduler logs)
// is one module and one line in SOURCES (./index.ts); the order there is the order they run in.
import type { ApacheConfigFacts, LogrotateSummary, ObservedRun, ParsedLogs, RotationWindow } from '../../model.js';
import type { InputSpec } from '../../inputs/index.js';
import type { StanzaMatch } from '../../logrotate/index.js';
import type { ScheduleSourceDef, SchedulerLog } from '../../schedule/index.js';
import type { Context } from '../context.js';

/** The first plain log as the host knew it (for stanza matching), and the located logs before siblings. */
export interface LogPlan {
  logs: string[];
  /** supportconfig logs: sections of its text files, read from memory through the fs */
  virtualLogs: InputSpec[];
  primary: { display: string; hostPath: string } | null;
}

export interface LogrotateOutput {
  match: StanzaMatch | null;
  summary: LogrotateSummary | null;
  /** olddir, where rotated siblings also are (under --root: inside the bundle) */
  olddirs: string[];
}

export interface ScheduleOutput {
  sources: ScheduleSourceDef[];
  assumptions: string[];
  notes: string[];
}

/** The scheduler's own logs, and every run they show (the report's observedRuns[]). */
export interface SchedulerLogsOutput {
  logs: SchedulerLog[];
  observed: ObservedRun[];
}

/** Everything the sources produce, by name. */
export interface Sources {
  logPlan: LogPlan;
  logrotate: LogrotateOutput;
  schedule: ScheduleOutput;
  apacheConfig: ApacheConfigFacts | null;
  errorLogs: ParsedLogs;
  schedulerLogs: SchedulerLogsOutput;
  rotations: RotationWindow[];
}

export type SourceName = keyof Sources;

export interface SourceModule<K extends SourceName, N extends SourceName> {
  output: K;
  needs: readonly N[];
  read(ctx: Context, got: Pick<Sources, N>): Sources[K] | Promise<Sources[K]>;
}

/** A module as the runner sees it (its output and inputs by name). */
export interface AnySource {
  output: SourceName;
  needs: readonly SourceName[];
  read(ctx: Context, got: Partial<Sources>): unknown;
}

export function defineSource<K extends SourceName, N extends SourceName>(m: SourceModule<K, N>): AnySource {
  return m as unknown as AnySource;
}

/** Runs the sources in order; a source whose inputs are not produced before it is a programming error. */
export async function runSources(sources: readonly AnySource[], ctx: Context): Promise<Sources> {
  const got: Partial<Record<SourceName, unknown>> = {};
  for (const s of sources) {
    const missing = s.needs.filter((n) => !(n in got));
    if (missing.length > 0) throw new Error(`source ${s.output} runs before ${missing.join(', ')}`);
    got[s.output] = await s.read(ctx, got as Partial<Sources>);
  }
  const absent = (Object.keys(EXPECTED) as SourceName[]).filter((k) => !(k in got));
  if (absent.length > 0) throw new Error(`no source produces ${absent.join(', ')}`);
  return got as Sources;
}

const EXPECTED: Record<SourceName, true> = {
  logPlan: true,
  logrotate: true,
  schedule: true,
  apacheConfig: true,
  errorLogs: true,
  schedulerLogs: true,
  rotations: true,
};
