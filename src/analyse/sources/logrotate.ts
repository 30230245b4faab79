// logrotate: which stanza rotates the log, what it does to Apache, and where its olddir keeps
// rotated siblings. Configs come from --logrotate (read as named) or from --root (read through
// the bundle's rooted fs, includes included).
import path from 'node:path';
import { InputError } from '../../errors.js';
import { nodeFs } from '../../fs/index.js';
import { findStanza, loadLogrotateConfig, toLogrotateSummary, type StanzaMatch } from '../../logrotate/index.js';
import type { Context } from '../context.js';
import { defineSource, type LogrotateOutput } from './registry.js';

export const logrotateSource = defineSource({
  output: 'logrotate',
  needs: ['logPlan'],
  read(ctx, { logPlan }): LogrotateOutput {
    const { options: o, discovered, warnings, missing } = ctx;
    const fromRoot = discovered !== null && o.logrotate.length === 0;
    const lrPaths =
      o.logrotate.length > 0 ? o.logrotate : discovered ? discovered.logrotateConfigs.map((f) => f.path) : [];
    for (const p of o.logrotate) if (nodeFs.stat(p) === null) throw new InputError('no such file', { file: p });
    const lrConfig =
      lrPaths.length > 0
        ? loadLogrotateConfig(lrPaths, fromRoot ? discovered.fs : nodeFs, fromRoot ? { root: discovered.root } : {})
        : null;
    for (const w of lrConfig?.warnings ?? []) warnings.push(`${w.file}:${w.line}: ${w.message}`);

    const primary = logPlan.primary;
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
      missing.push({ code: 'no-logrotate-config', args: {} });
    }
    return { match, summary: match ? toLogrotateSummary(match) : null, olddirs: olddirs(ctx, match, primary) };
  },
});

/**
 * logrotate's olddir, relative to the log's directory (logrotate.c, findNeedRotating). Under
 * --root it is a path on the host: taken inside the bundle, its `..` clamped at the bundle's
 * top, and an absolute one re-rooted (the rooted fs resolves links below it).
 */
function olddirs(
  ctx: Context,
  match: StanzaMatch | null,
  primary: { display: string; hostPath: string } | null,
): string[] {
  const dir = match?.options.olddir;
  if (!dir || !primary) return [];
  const root = ctx.discovered?.root;
  if (root === undefined) return [path.resolve(path.dirname(primary.display), dir)];
  const hostLog = primary.hostPath.startsWith(root + '/') ? primary.hostPath.slice(root.length) : primary.hostPath;
  const host = path.posix.resolve(path.posix.dirname(hostLog), dir);
  return [path.join(root, host)];
}
