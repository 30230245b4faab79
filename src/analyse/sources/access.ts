// The access logs (issue 15 point 1): --access-log as named, the CustomLog/TransferLog files of the
// Apache config (formats from their LogFormat nicknames), and under --root the *access* logs in
// the bundle's Apache log directories. Read after the diagnosis, only in the bursts' windows
// (a burst widened by connect-timeout before and KeepAliveTimeout after).
import path from 'node:path';
// the reader itself (with zlib) loads only when there is an access log to read
import { accessLogsFromConfig } from '../../access/config.js';
import type { AccessLogInput } from '../../access/index.js';
import type { AccessLogSummary, ApacheConfigFacts, Burst, BurstImpact } from '../../model.js';
import type { Context } from '../context.js';

const ROTATED = /(\.\d+|-\d{8,10})(\.(gz|bz2|xz))?$|\.gz$/;
const LOG_DIRS = ['/var/log/httpd', '/var/log/httpd24', '/var/log/apache2', '/var/opt/rh/httpd24/log/httpd'];

/** The access logs to read, each with the format the config gives it (null: recognise a common one). */
export function planAccessLogs(
  ctx: Context,
  apache: ApacheConfigFacts | null,
): {
  logs: AccessLogInput[];
  notes: string[];
} {
  const notes: string[] = [];
  const root = ctx.discovered?.root;
  const onDisk = (hostPath: string) => (root !== undefined ? path.join(root, hostPath) : hostPath);
  const configured = apache?.logDirectives ? accessLogsFromConfig(apache.logDirectives) : { logs: [], warnings: [] };
  for (const w of configured.warnings) notes.push(w);
  const fromConfig: AccessLogInput[] = [];
  for (const l of configured.logs) {
    if (l.condition !== null || l.kind === 'syslog') continue;
    const p = l.kind === 'file' ? l.path : l.pipeGlob !== null && path.isAbsolute(l.pipeGlob) ? l.pipeGlob : null;
    if (p === null) continue;
    fromConfig.push({ path: onDisk(p), format: l.format });
  }
  const formatOf = (p: string): string | null => {
    const base = path.basename(p);
    return fromConfig.find((c) => path.basename(c.path) === base)?.format ?? null;
  };
  // given: the configured format when the config writes a file of that name
  const given: AccessLogInput[] = (ctx.options.accessLogs ?? []).map((p) => ({ path: p, format: formatOf(p) }));
  if (given.length > 0) return { logs: given, notes };
  // found: what the config names and exists (a copied config may name files that are not here)
  const exists = (p: string) => (/[*?[]/.test(p) ? true : ctx.fs.stat(p)?.isFile === true);
  const found = fromConfig.filter((c) => !/[*?[]/.test(c.path) && exists(c.path));
  if (root === undefined) return { logs: dedupe(found), notes };
  if (found.length > 0) return { logs: dedupe(inBundle(ctx, found)), notes };
  // --root and nothing from the config: the bundle's Apache log directories
  for (const d of LOG_DIRS) {
    const dir = path.join(root, d);
    for (const n of ctx.fs.readdir(dir).sort()) {
      if (!/access/.test(n) || ROTATED.test(n)) continue;
      const p = path.join(dir, n);
      if (ctx.fs.stat(p)?.isFile === true) found.push({ path: p, format: formatOf(p) });
    }
  }
  return { logs: dedupe(inBundle(ctx, found)), notes };
}

/** Under --root: the file inside the bundle that the path leads to (links resolved by the rooted fs, never out of it). */
function inBundle(ctx: Context, logs: AccessLogInput[]): AccessLogInput[] {
  return logs.flatMap((l) => {
    try {
      const loc = ctx.fs.locate(l.path);
      return loc.path !== undefined ? [{ ...l, path: loc.path }] : [];
    } catch {
      return [];
    }
  });
}

function dedupe(logs: AccessLogInput[]): AccessLogInput[] {
  const seen = new Set<string>();
  return logs.filter((l) => (seen.has(l.path) ? false : (seen.add(l.path), true)));
}

/** Per burst its impact (null where no access log covers it), with the per-day totals and what was read. */
export async function readImpact(
  ctx: Context,
  apache: ApacheConfigFacts | null,
  bursts: readonly Burst[],
  olddirs: string[],
): Promise<{ impacts: (BurstImpact | null)[]; summary: AccessLogSummary | null }> {
  const { logs, notes } = planAccessLogs(ctx, apache);
  if (logs.length === 0) return { impacts: bursts.map(() => null), summary: null };
  const { DEFAULT_AFTER_MS, impactWindows, readAccessImpact } = await import('../../access/index.js');
  const keepAlive = apache?.keepAliveTimeout?.value;
  const afterMs = keepAlive !== undefined ? keepAlive * 1000 : DEFAULT_AFTER_MS;
  const windows = impactWindows(bursts, { afterMs });
  const got =
    windows.length > 0
      ? await readAccessImpact({ logs, windows, zone: ctx.zone, rotated: ctx.options.rotated, olddirs })
      : { impacts: [], perDay: [], files: [], notes: [] };
  for (const n of [...notes, ...got.notes]) ctx.warnings.push(`access log: ${n}`);
  return {
    impacts: got.impacts,
    summary: {
      logs: logs.map((l) => ({ path: l.path, format: l.format ?? null })),
      files: got.files.map((f) => ({
        path: f.path,
        format: f.format,
        size: f.size,
        bytesRead: f.bytesRead,
        lines: f.lines,
        malformed: f.malformed,
        skipped: f.skipped,
      })),
      windowAfterSeconds: afterMs / 1000,
      perDay: got.perDay,
    },
  };
}
