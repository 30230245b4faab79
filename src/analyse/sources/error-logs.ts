// The Apache error logs: where they are (given, or found by --root; a supportconfig's are
// sections of its text files, read from memory through the fs), and what they hold once read
// with their rotated siblings. Every lookup and open goes through ctx.fs.
import path from 'node:path';
import { InputError } from '../../errors.js';
import type { ParsedLogs } from '../../model.js';
import { readLogs, resolveInputs, type InputSpec } from '../../inputs/index.js';
import type { Context } from '../context.js';
import { checkUsable, checkWindow } from '../usable.js';
import { defineSource, type LogPlan } from './registry.js';

function planLogs(ctx: Context): LogPlan {
  const { options: o, discovered } = ctx;
  let logs = o.logs;
  let virtualLogs: InputSpec[] = [];
  if (logs.length === 0 && discovered) {
    const dfs = discovered.fs;
    const isVirtual = (p: string) => discovered.sources?.has(p) === true;
    logs = discovered.apacheLogs.filter((l) => !isVirtual(l.path) && dfs.stat(l.path) !== null).map((l) => l.path); // named by their host path at the stage's boundary (../paths.ts)
    // supportconfig: the logs are sections of its text files, shown under their host path
    virtualLogs = discovered.apacheLogs
      .filter((l) => isVirtual(l.path))
      .map((l) => {
        const src = discovered.sources!.get(l.path);
        return {
          display: src ? `${l.hostPath} (${src.file}:${src.line})` : l.hostPath,
          path: l.path,
          origin: 'root' as const,
          source: dfs.locate(l.path),
        };
      });
    if (logs.length === 0 && virtualLogs.length === 0) {
      // the exit-2 line is all the user sees: say which would-be logs were not read
      const refused = ctx.fs.refused().map((r) => `${r.path}: ${r.reason}`);
      throw new InputError(
        `found no Apache error log under this root (give the log paths explicitly)${refused.length > 0 ? `; not read: ${refused.slice(0, 3).join('; ')}` : ''}`,
        { file: o.root },
      );
    }
  }
  if (logs.length === 0 && virtualLogs.length === 0)
    throw new InputError(
      'no log given: name one or more error logs, a directory, - for standard input, or use --root DIR',
    );
  // A first look at the given paths to know which log the stanza must match (before siblings,
  // whose olddir comes from the stanza).
  const firstSpecs = [...resolveInputs(logs, { rotated: false, fs: ctx.fs }), ...virtualLogs];
  return { logs, virtualLogs, primary: primaryLog(firstSpecs, ctx) };
}

/** The first plain (non-stdin) log path as the host knew it, for stanza matching. */
function primaryLog(specs: InputSpec[], ctx: Context): LogPlan['primary'] {
  const { discovered } = ctx;
  const given = specs.find((s) => s.path !== '-' && s.origin !== 'rotated-sibling');
  if (!given) return null;
  if (discovered) {
    const f = discovered.apacheLogs.find((l) => path.resolve(l.path) === given.path);
    if (f) return { display: given.display, hostPath: f.hostPath };
  }
  return { display: given.display, hostPath: given.path };
}

export const logPlanSource = defineSource({
  output: 'logPlan',
  needs: [],
  read: (ctx) => planLogs(ctx),
});

export const errorLogsSource = defineSource({
  output: 'errorLogs',
  needs: ['logPlan', 'logrotate'],
  async read(ctx, { logPlan, logrotate }): Promise<ParsedLogs> {
    const { options: o, discovered, zone, since, until } = ctx;
    const specs = [
      ...resolveInputs(logPlan.logs, { rotated: o.rotated, olddirs: logrotate.olddirs, fs: ctx.fs }),
      ...logPlan.virtualLogs,
    ];
    const parsed = await readLogs(specs, {
      zone,
      since,
      until,
      get stdin() {
        return o.stdin; // read only for '-'
      },
      onProgress: o.onProgress && ((read) => o.onProgress!({ step: 'logs', read })),
    });
    for (const w of checkUsable(parsed, specs)) ctx.warnings.push(w);
    checkWindow(parsed, since, until, zone);
    if (
      o.rotated &&
      !discovered &&
      !parsed.inputs.some((i) => i.origin === 'rotated-sibling' || i.origin === 'directory') &&
      parsed.inputs.some((i) => i.path !== '-')
    ) {
      ctx.missing.push({ code: 'no-rotated-siblings-found', args: {} });
    }
    return parsed;
  },
});
