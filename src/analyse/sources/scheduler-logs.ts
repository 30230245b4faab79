// The scheduler's own logs (issue 15 point 2): when logrotate really ran. --scheduler-log as
// named (cron log, syslog, journal export, logrotate's own output; .gz too) and, under --root,
// the captures discovery lists as evidence (/var/log/cron, messages, syslog, journalctl_*,
// systemctl list-timers). They pin rotation windows (src/schedule/narrow.ts) and give observedRuns[].
import nodeFsMod from 'node:fs';
import { InputError } from '../../errors.js';
import type { ObservedRun } from '../../model.js';
import type { LoggedRun, SchedulerLog } from '../../schedule/index.js';
import { loadSchedule } from './schedule.js';
import { defineSource, type SchedulerLogsOutput } from './registry.js';

async function readGiven(file: string): Promise<{ text: string; mtime: number }> {
  // zlib only when a scheduler log is read: a plain run does not load it
  const { gunzipSync } = await import('node:zlib');
  try {
    const buf = nodeFsMod.readFileSync(file);
    const gz = buf.length > 2 && buf[0] === 0x1f && buf[1] === 0x8b;
    return { text: (gz ? gunzipSync(buf) : buf).toString('utf8'), mtime: nodeFsMod.statSync(file).mtimeMs };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      `cannot read scheduler log (${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory, expected a file' : (code ?? (e as Error).message)})`,
      { file },
    );
  }
}

/** What kind of log a run came from, for observedRuns[].source. */
function sourceOf(log: SchedulerLog, r: LoggedRun, hint: string | null): string {
  if (r.via === 'logrotate') return 'logrotate-log';
  if (hint) return hint;
  if (/anacron\[/.test(r.what ?? '') || /^Job [`'‘]cron\./.test(r.what ?? '')) return 'anacron';
  if (log.via === 'cron' && /(^|\/)cron[^/]*$/.test(log.file)) return 'cron-log';
  if (log.via === 'systemd') return 'journal';
  return 'syslog';
}

const WHAT: Record<LoggedRun['kind'], string> = {
  'logrotate-start': 'logrotate started',
  'logrotate-end': 'logrotate finished',
  'apache-reload': 'Apache reloaded',
  'postrotate-failed': 'postrotate script failed',
};

export const schedulerLogsSource = defineSource({
  output: 'schedulerLogs',
  needs: [],
  async read(ctx): Promise<SchedulerLogsOutput> {
    const logs: SchedulerLog[] = [];
    const given = ctx.options.schedulerLogs ?? [];
    if (given.length === 0 && (ctx.discovered?.evidence.length ?? 0) === 0) return { logs, observed: [] };
    // the schedule stage (and cron-parser) only when there is a scheduler log to read
    const { parseListTimers, parseSchedulerLog } = await loadSchedule();
    const hints = new Map<SchedulerLog, string | null>();
    for (const f of given) {
      const { text, mtime } = await readGiven(f);
      const log = parseSchedulerLog(text, f, ctx.zone, mtime);
      logs.push(log);
      hints.set(log, null);
    }
    const d = ctx.discovered;
    if (d) {
      for (const e of d.evidence) {
        const st = d.fs.stat(e.path);
        if (!st?.isFile) continue;
        let text: string;
        try {
          text = d.fs.readFile(e.path);
        } catch (err) {
          ctx.warnings.push(`${e.hostPath}: not read as a scheduler log (${(err as Error).message})`);
          continue;
        }
        if (/list-timers/.test(e.what)) {
          const log: SchedulerLog = {
            runs: parseListTimers(text, e.hostPath, ctx.zone),
            span: null,
            via: 'systemd',
            file: e.hostPath,
          };
          logs.push(log);
          hints.set(log, 'list-timers');
        } else if (/cron log|syslog|journal/.test(e.what)) {
          const log = parseSchedulerLog(text, e.hostPath, ctx.zone, st.mtimeMs ?? ctx.options.now);
          logs.push(log);
          hints.set(log, e.what === 'cron log' ? 'cron-log' : e.what === 'journal capture' ? 'journal' : null);
        }
      }
    }
    const observed: ObservedRun[] = [];
    for (const log of logs)
      for (const r of log.runs)
        observed.push({
          time: r.time,
          source: sourceOf(log, r, hints.get(log) ?? null),
          origin: r.origin,
          what: r.what && r.what !== '' ? r.what : WHAT[r.kind],
        });
    observed.sort((a, b) => a.time - b.time || (a.origin < b.origin ? -1 : 1));
    return { logs, observed };
  },
});
