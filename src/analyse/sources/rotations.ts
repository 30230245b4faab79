// When logrotate ran or was scheduled to run, over the time the logs cover: the schedule's
// windows (de-duplicated across the covered spans), narrowed by what logrotate left behind
// (its state file, the rotated siblings' names and mtimes).
import path from 'node:path';
import type { InputSummary, Instant, ParsedLogs, RotationWindow } from '../../model.js';
import { nodeFs, type FsLike } from '../../fs/index.js';
import { expectedSiblings, parseStateFile, type StanzaMatch, type StateTime } from '../../logrotate/index.js';
import type { CappedSource, LogrotateFacts, RotationEvidence, SchedulerLog } from '../../schedule/index.js';
import { formatLocal } from '../../time/index.js';
import type { Context } from '../context.js';
import { defineSource } from './registry.js';
import { loadSchedule, type ScheduleModule } from './schedule.js';

interface StateFile {
  path: string;
  text: string;
  /** when the bundle captured it (its mtime); null for a supportconfig section */
  capturedAt: Instant | null;
}

/** What the logrotate stage and the inputs tell about past rotations, for narrowWindows. */
function rotationEvidence(
  evidenceFromLogrotate: ScheduleModule['evidenceFromLogrotate'],
  match: StanzaMatch,
  logHostPath: string,
  inputs: InputSummary[],
  stateFiles: StateFile[],
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
      state = { time: hit, origin: sf.path, capturedAt: sf.capturedAt };
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

/**
 * The windows that overlap the time the logs cover, for the report: expandWindows' day of
 * margin yields the run before the first line too, which the diagnosis measures bursts against
 * ("starts 2 h after the run at …") but which no line can confirm, and which must not be counted
 * among the report's windows (issue 14).
 */
export function windowsInLogs(rotations: RotationWindow[], parsed: ParsedLogs): RotationWindow[] {
  const spans = coveredSpans(parsed);
  return rotations.filter((w) => spans.some((s) => w.end >= s.start && w.start <= s.end));
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

/** The bundle's state files, and one copied beside a given config (logrotate -s <file>), as postmortem folders often have it. */
function stateFiles(ctx: Context): StateFile[] {
  const out: StateFile[] = [];
  const add = (fs: FsLike, p: string) => {
    if (out.some((f) => f.path === p)) return;
    const st = fs.stat(p);
    if (!st?.isFile) return;
    try {
      out.push({ path: p, text: fs.readFile(p), capturedAt: st.mtimeMs });
    } catch {
      /* refused (not a regular file, too large): no evidence */
    }
  };
  if (ctx.discovered) for (const s of ctx.discovered.logrotateState) add(ctx.discovered.fs, s.path);
  for (const c of ctx.options.logrotate)
    for (const name of ['logrotate.status', 'status']) add(nodeFs, path.join(path.dirname(c), name));
  return out;
}

/** Scheduled runs the scheduler's log does not show, logged runs no schedule explains, failed reloads. */
function noteObserved(
  ctx: Context,
  windows: RotationWindow[],
  logs: SchedulerLog[],
  compareRuns: ScheduleModule['compareRuns'],
): void {
  const cmp = compareRuns(windows, logs);
  const first = cmp.missed[0];
  if (first) {
    const log = logs.find((l) => l.span !== null && first.start >= l.span.start && first.end <= l.span.end);
    ctx.missing.push({
      code: 'rotation-runs-missed',
      args: {
        missed: cmp.missed.length,
        checked: cmp.checked,
        first: first.start,
        spec: `${first.spec} (${first.origin})`,
        log: log?.file ?? 'the scheduler log',
      },
    });
  }
  const u = cmp.unscheduled[0];
  if (u)
    ctx.missing.push({
      code: 'rotation-runs-unscheduled',
      args: { runs: cmp.unscheduled.length, first: u.time, origin: u.origin },
    });
  const failed = logs
    .flatMap((l) => l.runs.filter((r) => r.kind === 'postrotate-failed'))
    .sort((a, b) => a.time - b.time);
  if (failed[0])
    ctx.missing.push({
      code: 'postrotate-failed',
      args: { failures: failed.length, first: failed[0].time, origin: failed[0].origin },
    });
}

export const rotationsSource = defineSource({
  output: 'rotations',
  needs: ['schedule', 'logrotate', 'logPlan', 'errorLogs', 'schedulerLogs'],
  async read(ctx, { schedule, logrotate, logPlan, errorLogs, schedulerLogs }): Promise<RotationWindow[]> {
    const { sources } = schedule;
    let rotations: RotationWindow[] = [];
    const spans = coveredSpans(errorLogs);
    const logs = schedulerLogs.logs;
    if (sources.length === 0 || spans.length === 0) return rotations;
    const { compareRuns, evidenceFromLogrotate, expandWindows, narrowWindows, MAX_RUNS_PER_SOURCE } =
      await loadSchedule();
    // Windows only where there is log to compare them with: a sosreport may hold a file from
    // 2016 beside one from last week, and the years between are not worth 60 000 windows.
    const seen = new Set<string>();
    for (const span of spans) {
      const capped = (c: CappedSource) =>
        ctx.warnings.push(
          `${c.source.origin}: schedule '${c.source.spec}' starts more than ${MAX_RUNS_PER_SOURCE} times in the logs' span; runs from ${formatLocal(c.from, ctx.zone)} on are not used (narrow the span with --since/--until)`,
        );
      for (const w of expandWindows(sources, span, ctx.zone, logrotate.summary?.action ?? 'unknown', capped)) {
        const key = `${w.start}|${w.end}|${w.origin}|${w.spec}`;
        if (!seen.has(key)) {
          seen.add(key);
          rotations.push(w);
        }
      }
    }
    rotations.sort((a, b) => a.start - b.start);
    if (logs.length > 0) noteObserved(ctx, rotations, logs, compareRuns);
    const { match } = logrotate;
    const primary = logPlan.primary;
    if (match && primary) {
      rotations = narrowWindows(
        rotations,
        {
          ...rotationEvidence(
            evidenceFromLogrotate,
            match,
            primary.hostPath,
            errorLogs.inputs,
            stateFiles(ctx),
            ctx.zone,
          ),
          logs,
        },
        ctx.zone,
      );
    } else if (logs.length > 0) {
      // without the stanza, whether a run rotated is unknown ('possible'); the logs still place them
      rotations = narrowWindows(
        rotations,
        {
          frequency: null,
          sizeBased: null,
          notifempty: false,
          stateEntry: null,
          datedSiblings: [],
          siblingMtimes: [],
          logs,
        },
        ctx.zone,
      );
    }
    return rotations;
  },
});
