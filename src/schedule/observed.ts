// Scheduled against observed: which runs the schedule predicts that the scheduler's own log does
// not show (missed: the host was down, anacron skipped a day), and which logged logrotate runs no
// schedule explains (a manual run, a second package's cron job, a catch-up at boot).
import type { Instant, RotationWindow } from '../model.js';
import type { LoggedRun, SchedulerLog } from './runlog.js';

/** A logged start this close to a window's edges belongs to it (clock skew, cron's minute granularity). */
export const OBSERVED_SLACK_MS = 2 * 60e3;
/** Logged starts this close together are one run (CROND's CMD line and run-parts' "starting logrotate"). */
export const SAME_RUN_MS = 10 * 60e3;

export interface RunComparison {
  /** scheduled windows inside a scheduler log's span of the same scheduler, with no logged start */
  missed: RotationWindow[];
  /** the windows that were checked that way (missed ones included) */
  checked: number;
  /** logged logrotate starts (one per run) within the windows' span that no window explains */
  unscheduled: LoggedRun[];
  /** every logged run, one per run */
  runs: LoggedRun[];
}

const KINDS: Record<'cron' | 'systemd', string[]> = { cron: ['cron', 'anacron'], systemd: ['systemd'] };

export function compareRuns(windows: readonly RotationWindow[], logs: readonly SchedulerLog[]): RunComparison {
  const starts = logs
    .flatMap((l) => l.runs.filter((r) => r.kind === 'logrotate-start'))
    .sort((a, b) => a.time - b.time);
  const runs: LoggedRun[] = [];
  for (const r of starts) {
    const last = runs[runs.length - 1];
    if (last && r.time - last.time <= SAME_RUN_MS) continue;
    runs.push(r);
  }
  const near = (w: RotationWindow, t: Instant) => t >= w.start - OBSERVED_SLACK_MS && t <= w.end + OBSERVED_SLACK_MS;
  const missed: RotationWindow[] = [];
  let checked = 0;
  for (const w of windows) {
    const covering = logs.some(
      (l) =>
        l.span !== null &&
        l.via !== null &&
        KINDS[l.via].includes(w.source) &&
        w.start >= l.span.start &&
        w.end <= l.span.end,
    );
    if (!covering) continue;
    checked++;
    if (!starts.some((r) => near(w, r.time))) missed.push(w);
  }
  let hullStart = Infinity;
  let hullEnd = -Infinity;
  for (const w of windows) {
    if (w.start < hullStart) hullStart = w.start;
    if (w.end > hullEnd) hullEnd = w.end;
  }
  const unscheduled = runs.filter(
    (r) => r.time >= hullStart && r.time <= hullEnd && !windows.some((w) => near(w, r.time)),
  );
  return { missed, checked, unscheduled, runs };
}
