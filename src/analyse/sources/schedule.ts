// When logrotate runs: --schedule, --cron and --timer (read as named), and what --root found
// (crontabs, anacrontab, timers and run-parts read through the bundle's rooted fs), with the
// distribution's default last.
import path from 'node:path';
import { InputError } from '../../errors.js';
import type { Discovered } from '../../discovery/index.js';
import { nodeFs } from '../../fs/index.js';
import type { ScheduleFiles, ScheduleSourceDef } from '../../schedule/index.js';
import type { AnalysisOptions } from '../context.js';
import { defineSource, type ScheduleOutput } from './registry.js';

/** A file the user named on the command line (not a bundle's: those go through the rooted fs). */
export function readText(file: string, what: string): string {
  try {
    return nodeFs.readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      `cannot read ${what} (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory, expected a file' : (code ?? 'error')})`,
      { file },
    );
  }
}

/**
 * The run-parts directories (cron.daily …) beside the --cron files: /etc/cron.daily next to
 * /etc/crontab on a live host, or the copied …/etc/cron.daily next to a copied …/etc/anacrontab
 * (matched to `run-parts /etc/cron.daily` by its path's end, crontab.ts runPartsFor). Without
 * them an anacrontab's `run-parts /etc/cron.daily` cannot be seen to run logrotate.
 */
function runPartsBeside(cronFiles: string[]): NonNullable<ScheduleFiles['runParts']> {
  const out: NonNullable<ScheduleFiles['runParts']> = [];
  for (const c of cronFiles) {
    let base = path.dirname(c);
    if (path.basename(base) === 'cron.d') base = path.dirname(base);
    for (const name of ['cron.hourly', 'cron.daily', 'cron.weekly', 'cron.monthly']) {
      const dir = path.join(base, name);
      if (out.some((d) => d.dir === dir) || nodeFs.stat(dir)?.isDirectory !== true) continue;
      const entries = nodeFs
        .readdir(dir)
        .sort()
        .map((n) => {
          try {
            return { name: n, text: nodeFs.readFile(path.join(dir, n)) as string | null };
          } catch {
            return { name: n, text: null };
          }
        });
      out.push({ dir, entries });
    }
  }
  return out;
}

/** The schedule stage, loaded only when there is a schedule to read: a plain log run never loads cron-parser. */
export type ScheduleModule = typeof import('../../schedule/index.js');
export function loadSchedule(): Promise<ScheduleModule> {
  return import('../../schedule/index.js');
}

/** Whether anything names or may hold a schedule (else the schedule stage is not loaded at all). */
export function hasScheduleInput(
  o: Pick<AnalysisOptions, 'schedule' | 'cron' | 'timer'>,
  discovered: Discovered | null,
): boolean {
  return o.schedule.length + o.cron.length + o.timer.length > 0 || discovered !== null;
}

/** Every schedule source: --schedule, --cron, --timer, and what --root found (distro default last). */
export function collectSchedule(
  S: ScheduleModule,
  o: Pick<AnalysisOptions, 'schedule' | 'cron' | 'timer'>,
  discovered: Discovered | null,
): ScheduleOutput {
  const { collectSources, defaultSchedule, inferHostFacts, looksLikeAnacrontab, parseScheduleOption } = S;
  const sources: ScheduleSourceDef[] = o.schedule.map((s) => parseScheduleOption(s));
  const files: ScheduleFiles = { crontabs: [], anacrontabs: [], timers: [], runParts: [] };
  for (const c of o.cron) {
    const text = readText(c, 'cron file');
    if (looksLikeAnacrontab(c, text)) files.anacrontabs!.push({ path: c, text });
    else files.crontabs!.push({ path: c, text });
  }
  for (const t of o.timer) files.timers!.push({ path: t, text: readText(t, 'timer unit') });
  files.runParts = runPartsBeside(o.cron);
  if (discovered) {
    const dfs = discovered.fs;
    // a bundle's file that cannot be read (a FIFO, too large) is left out; the fs names it
    const read = (p: string): string | null => {
      try {
        return dfs.readFile(p);
      } catch {
        return null;
      }
    };
    for (const c of discovered.crontabs) {
      const text = read(c.path);
      if (text !== null)
        files.crontabs!.push({
          path: c.hostPath,
          text,
          kind: c.kind === 'system' ? undefined : c.kind === 'cron.d' ? 'system' : 'user',
        });
    }
    const anacrontab = discovered.anacrontab && read(discovered.anacrontab.path);
    if (discovered.anacrontab && anacrontab !== null && anacrontab !== undefined)
      files.anacrontabs!.push({ path: discovered.anacrontab.hostPath, text: anacrontab });
    for (const t of discovered.timers) {
      const unit = t.units[0];
      const text = unit && read(unit.path);
      if (!unit || text === null || text === undefined) continue;
      files.timers!.push({
        path: unit.hostPath,
        text,
        dropIns: t.dropIns.flatMap((d) => {
          const dt = read(d.path);
          return dt === null ? [] : [{ path: d.hostPath, text: dt }];
        }),
      });
    }
    files.runParts = discovered.runParts.map((r) => ({
      dir: r.hostPath,
      entries: r.scripts.map((name) => ({ name, text: read(path.posix.join(r.path, name)) })),
    }));
    // a host's own files: a broken cron.d line is skipped with a note, as cron does, and the
    // guards in them (no-systemd, no-anacron) are resolved against what the root shows
    const hostFile = (h: string) => path.join(discovered.root, h);
    const host = inferHostFacts({
      exists: (h) => dfs.stat(hostFile(h)) !== null,
      read: (h) => read(hostFile(h)),
    });
    files.host = { systemd: host.systemd, anacron: host.anacron };
    files.lenient = true;
  }
  const collected = collectSources(files);
  for (const x of collected.sources) sources.push(x);
  const assumptions: string[] = [];
  if (sources.length === 0 && discovered) {
    const d = defaultSchedule(discovered.distro);
    if (d.sources.length > 0) {
      for (const x of d.sources) sources.push(x);
      assumptions.push(d.assumption);
    }
  }
  return { sources, assumptions, notes: collected.notes };
}

export const scheduleSource = defineSource({
  output: 'schedule',
  needs: [],
  async read(ctx): Promise<ScheduleOutput> {
    const out = hasScheduleInput(ctx.options, ctx.discovered)
      ? collectSchedule(await loadSchedule(), ctx.options, ctx.discovered)
      : { sources: [], assumptions: [], notes: [] };
    for (const n of out.notes) ctx.warnings.push(n); // one per skipped line at most: no argument spreading
    if (out.sources.length === 0) ctx.missing.push({ code: 'no-logrotate-schedule', args: {} });
    return out;
  },
});
