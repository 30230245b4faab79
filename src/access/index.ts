// Public surface of the access-log reader: the impact of each burst on the users (issue 15 point 1,
// the contract's bursts[].impact), read only around the bursts.
import * as nodeFs from 'node:fs';
import path from 'node:path';
import { expandGlob, findSiblings } from '../inputs/index.js';
import { InputError } from '../errors.js';
import type { Instant } from '../model.js';
import { computeImpacts, type BurstImpact, type DayImpact } from './impact.js';
import { readWindows, type AccessFileSummary, type AccessFs, type TimeWindow } from './read.js';

export { accessLogsFromConfig, type ConfiguredAccessLog, type LogDirective } from './config.js';
export {
  compileLogFormat,
  tokenizeLogFormat,
  CLF,
  KNOWN_FORMATS,
  type AccessRecord,
  type CompiledFormat,
} from './format.js';
export { computeImpacts, TOP_PATHS, type BurstImpact, type DayImpact } from './impact.js';
export {
  readWindows,
  nodeAccessFs,
  DISORDER_SLACK_MS,
  DISORDER_SLACK_WITH_END_MS,
  type AccessFs,
  type AccessFile,
  type AccessFileSummary,
  type TimeWindow,
} from './read.js';

/**
 * How far around a burst its users' requests can lie. A WSGI0116 is logged after mod_wsgi has
 * retried for connect-timeout (15 s default, mod_wsgi src/server/mod_wsgi.c) since the request
 * began; after the last error, keep-alive clients of the old children still arrive for about
 * KeepAliveTimeout (5 s default, httpd include/httpd.h).
 */
export const DEFAULT_BEFORE_MS = 15_000;
export const DEFAULT_AFTER_MS = 5_000;

/** The window of each burst: [start − before, end + after]. */
export function impactWindows(
  bursts: readonly { start: Instant; end: Instant }[],
  margins: { beforeMs?: number; afterMs?: number } = {},
): TimeWindow[] {
  const before = margins.beforeMs ?? DEFAULT_BEFORE_MS;
  const after = margins.afterMs ?? DEFAULT_AFTER_MS;
  return bursts.map((b) => ({ start: b.start - before, end: b.end + after }));
}

export interface AccessLogInput {
  /** a path or a shell-style glob */
  path: string;
  /** the LogFormat string (nicknames already resolved, e.g. by accessLogsFromConfig); null/absent: recognise a common one */
  format?: string | null;
}

/**
 * The files to read for each access log: the path (or the glob's matches) and, unless
 * `rotated` is false, the rotated siblings logrotate leaves beside it (access.log.1,
 * access.log.2.gz, access_log-20261122, …), the same names as for error logs.
 */
export function accessLogFiles(
  logs: readonly AccessLogInput[],
  options: { rotated?: boolean; olddirs?: string[] } = {},
): { path: string; format: string | null }[] {
  const seen = new Set<string>();
  const out: { path: string; format: string | null }[] = [];
  const add = (p: string, format: string | null) => {
    let key = path.resolve(p);
    try {
      key = nodeFs.realpathSync(key);
    } catch {
      /* keep */
    }
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ path: p, format });
  };
  for (const log of logs) {
    const format = log.format ?? null;
    const matches = !nodeFs.existsSync(log.path) && /[*?[]/.test(log.path) ? expandGlob(log.path) : [log.path];
    if (matches.length === 0) throw new InputError('no file matches this pattern', { file: log.path });
    for (const m of matches) {
      if (!nodeFs.existsSync(m)) throw new InputError('no such file or directory', { file: m });
      if (nodeFs.statSync(m).isDirectory()) {
        // a directory: its access logs (access.log, access_log, other_vhosts_access.log, ssl_access_log, …)
        const names = nodeFs
          .readdirSync(m)
          .filter((n) => !n.startsWith('.') && /access/.test(n) && nodeFs.statSync(path.join(m, n)).isFile())
          .sort();
        if (names.length === 0) throw new InputError('directory holds no access logs (*access*)', { file: m });
        for (const n of names) add(path.join(m, n), format);
        continue;
      }
      add(m, format);
      if (options.rotated !== false) for (const s of findSiblings(m, options.olddirs ?? [])) add(s, format);
    }
  }
  return out;
}

export interface AccessImpactResult {
  /** one per window, in the windows' order; null when no access log covered the window */
  impacts: (BurstImpact | null)[];
  perDay: DayImpact[];
  files: AccessFileSummary[];
  notes: string[];
}

/**
 * The impact of each window (usually impactWindows(bursts)) from the access logs: finds the
 * rotated siblings, reads only the windows, counts. `files` may have per-file formats.
 */
export async function readAccessImpact(options: {
  logs: readonly AccessLogInput[];
  windows: readonly TimeWindow[];
  zone: string;
  rotated?: boolean;
  /** logrotate olddir directories to look for rotated siblings in */
  olddirs?: string[];
  fs?: AccessFs;
}): Promise<AccessImpactResult> {
  const files = accessLogFiles(options.logs, { rotated: options.rotated ?? true, olddirs: options.olddirs ?? [] });
  const byFormat = new Map<string | null, string[]>();
  for (const f of files) byFormat.set(f.format, [...(byFormat.get(f.format) ?? []), f.path]);
  const records = [];
  const summaries: AccessFileSummary[] = [];
  const notes: string[] = [];
  for (const [format, paths] of byFormat) {
    const r = await readWindows(paths, options.windows, { format, zone: options.zone, fs: options.fs });
    records.push(...r.records);
    summaries.push(...r.files);
    notes.push(...r.notes);
  }
  // A window that no file's time span reaches has no impact to tell (null), rather than zero requests.
  const spans = summaries.filter((s) => s.skipped === null || s.skipped.startsWith('no window'));
  const covered = (w: TimeWindow) =>
    spans.some((s) => s.first !== null && s.first <= w.end && (s.last === null || s.last >= w.start));
  const { impacts } = computeImpacts(options.windows, records, options.zone);
  const { perDay } = computeImpacts(options.windows.filter(covered), records, options.zone);
  const dummies = records.filter((r) => r.dummy).length;
  if (dummies > 0)
    notes.push(`${dummies} internal dummy connection(s) of Apache in the windows are not counted as traffic`);
  return {
    impacts: impacts.map((imp, k) => (covered(options.windows[k]!) ? imp : null)),
    perDay,
    files: summaries,
    notes,
  };
}
