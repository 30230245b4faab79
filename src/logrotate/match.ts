// Which stanza rotates a given log, and what that rotation means for Apache.
import * as path from 'node:path';
import type { LogrotateSummary, RotationAction } from '../model.js';
import { classifyScript } from './classify.js';
import { globMatch, fnmatchName } from './glob.js';
import type { LogrotateConfig, LogrotateOptions, Stanza, StanzaMatch } from './types.js';

export interface FindOptions {
  /** strip this filesystem root (an unpacked bundle) from the log path before matching */
  root?: string;
}

/**
 * The stanza logrotate would use for `logPath`. logrotate expands each header word with
 * glob(3) and refuses a file already claimed by an earlier stanza ("duplicate log entry",
 * config.c), so the first stanza in reading order wins. When nothing matches the literal
 * path (logs copied off the host), the file name alone is matched against each pattern's
 * last component; ties prefer a pattern in a directory of the same name, then one in an
 * Apache log directory, then reading order.
 */
export function findStanza(config: LogrotateConfig, logPath: string, opts: FindOptions = {}): StanzaMatch | null {
  let p = path.posix.normalize(logPath);
  if (opts.root) {
    const r = path.posix.normalize(opts.root).replace(/\/+$/, '');
    if (r && p.startsWith(r + '/')) p = p.slice(r.length);
  }
  for (const s of config.stanzas) {
    const pat = s.patterns.find((x) => globMatch(x, p));
    if (pat !== undefined) return build(config, s, pat, 'path');
  }
  const base = path.posix.basename(p);
  const dirName = path.posix.basename(path.posix.dirname(p));
  let best: { s: Stanza; pat: string; score: number; order: number } | null = null;
  config.stanzas.forEach((s, order) => {
    for (const pat of s.patterns) {
      if (!fnmatchName(path.posix.basename(pat), base)) continue;
      const patDir = path.posix.basename(path.posix.dirname(pat));
      const score = (patDir === dirName ? 2 : 0) + (/apache|httpd/.test(pat) ? 1 : 0);
      if (!best || score > best.score) best = { s, pat, score, order };
    }
  });
  const b = best as { s: Stanza; pat: string } | null;
  return b ? build(config, b.s, b.pat, 'basename') : null;
}

/** The stanza's effect on Apache: its postrotate (or lastaction), or copytruncate, or nothing. */
export function stanzaAction(s: Stanza): { action: RotationAction; detail: string } {
  const post = s.scripts.postrotate;
  const last = s.scripts.lastaction;
  const parts: { action: RotationAction; detail: string; where: string }[] = [];
  for (const sc of [post, last]) {
    if (!sc) continue;
    const c = classifyScript(sc.text);
    parts.push({ ...c, where: `${sc.kind} at ${sc.file}:${sc.line}` });
  }
  const decisive = parts.find((x) => x.action === 'graceful' || x.action === 'restart');
  if (decisive) return { action: decisive.action, detail: `${decisive.where}: ${decisive.detail}` };
  if (s.options.copytruncate && parts.every((x) => x.action !== 'unknown' || x.detail.startsWith('does not touch'))) {
    return {
      action: 'none',
      detail:
        'copytruncate: the log is copied and truncated in place; Apache is not signalled and keeps writing through its descriptor',
    };
  }
  const first = parts[0];
  if (first) return { action: first.action, detail: `${first.where}: ${first.detail}` };
  return {
    action: 'none',
    detail:
      'no postrotate or lastaction script: Apache is not signalled and keeps writing into the renamed file until its next restart',
  };
}

function sizeText(n: number): string {
  if (n % (1024 * 1024 * 1024) === 0) return `${n / (1024 * 1024 * 1024)}G`;
  if (n % (1024 * 1024) === 0) return `${n / (1024 * 1024)}M`;
  if (n % 1024 === 0) return `${n / 1024}k`;
  return `${n}`;
}

export function frequencyText(o: LogrotateOptions): string | null {
  if (o.criterion === 'size') return o.size === null ? null : `size ${sizeText(o.size)}`;
  if (o.criterion === 'minutes') return `every ${o.minutes} minutes`;
  const f = o.frequency;
  if (!f) return null;
  if (f.kind === 'weekly' && f.weekday !== undefined && f.weekday !== 0) return `weekly ${f.weekday}`;
  if (f.kind === 'monthly' && f.monthday) return `monthly ${f.monthday}`;
  return f.kind;
}

function consequences(config: LogrotateConfig, s: Stanza, action: RotationAction): string[] {
  const o = s.options;
  const out: string[] = [];
  const post = s.scripts.postrotate?.text ?? '';
  if (o.copytruncate) {
    out.push(
      'copytruncate: no reload at all, so rotation itself cannot restart Apache or rotate mod_wsgi sockets; lines written between the copy and the truncate are lost',
    );
  }
  if (o.compress && !o.delaycompress && !o.copytruncate && action !== 'none') {
    const sleep = /\bsleep\s+(\d+)/.exec(post);
    out.push(
      'compress without delaycompress: the rotated file is compressed right after the postrotate script returns and then unlinked; old Apache children still writing to it lose their lines, so the burst of connect errors after the reload may be missing from the logs' +
        (sleep ? ` (the postrotate's \`sleep ${sleep[1]}\` delays compression by ${sleep[1]} s)` : ''),
    );
  }
  if (o.delaycompress && !o.compress)
    out.push('delaycompress has no effect because compress is off (logrotate warns "delayed compression … ignored")');
  if (s.optionOrigins.criterion === undefined) {
    out.push(
      "no frequency in the files read: logrotate falls back to its built-in criterion (size ≥ 1 MiB); if only a stanza file was given, the host's /etc/logrotate.conf (usually `weekly`) decides — pass it too",
    );
  } else if (o.criterion === 'size') {
    out.push(
      `rotates by size (${o.size === null ? '?' : sizeText(o.size)}), not on a fixed day: only logrotate runs after the file passed the threshold rotate it`,
    );
  } else if (o.frequency?.kind === 'weekly') {
    const wd = o.frequency.weekday ?? 0;
    out.push(
      wd === 7
        ? 'weekly 7: rotates when 7 days have passed since the last rotation, so most daily logrotate runs do not touch it'
        : `weekly: rotates on the first run on a ${['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][wd]} or once 7 days have passed, so most daily logrotate runs do not touch it`,
    );
  } else if (o.frequency?.kind === 'monthly' || o.frequency?.kind === 'yearly') {
    out.push(`${o.frequency.kind}: most logrotate runs do not rotate this log`);
  }
  if (o.maxsize !== null && o.criterion !== 'size')
    out.push(`maxsize ${sizeText(o.maxsize)}: also rotates in any run once the file is larger than that`);
  if (o.minsize !== null)
    out.push(`minsize ${sizeText(o.minsize)}: a due rotation is skipped while the file is smaller`);
  if (!o.ifempty) out.push('notifempty: a run does not rotate an empty log (no reload when nothing was logged)');
  if (!o.sharedscripts && (action === 'graceful' || action === 'restart')) {
    out.push(
      'no sharedscripts: the postrotate runs once per rotated file, so a run that rotates several logs reloads Apache several times',
    );
  }
  if (action === 'restart')
    out.push(
      'full restart (SIGHUP): no old children survive, so stale-socket connect errors are unlikely; in-flight requests are aborted instead',
    );
  const reloaders = config.stanzas.filter((x) => {
    const a = stanzaAction(x).action;
    return a === 'graceful' || a === 'restart';
  });
  if (reloaders.length > 1) {
    out.push(
      `${reloaders.length} stanzas reload Apache (${reloaders.map((x) => x.origin).join(', ')}): one logrotate run can cause up to ${reloaders.length} reloads`,
    );
  }
  return out;
}

function build(config: LogrotateConfig, s: Stanza, pattern: string, matchedBy: 'path' | 'basename'): StanzaMatch {
  const { action, detail } = stanzaAction(s);
  return {
    origin: s.origin,
    stanza: s,
    patterns: s.patterns,
    pattern,
    matchedBy,
    options: s.options,
    optionOrigins: s.optionOrigins,
    scripts: s.scripts,
    action,
    actionDetail: detail,
    consequences: consequences(config, s, action),
  };
}

/** The report's view of a match (model.ts LogrotateSummary). */
export function toLogrotateSummary(m: StanzaMatch): LogrotateSummary {
  const o = m.options;
  const create = o.create
    ? [o.create.mode, o.create.owner, o.create.group].filter((x) => x !== null).join(' ') || true
    : false;
  const options: Record<string, string | boolean | number | null> = {
    rotate: o.rotate,
    size: o.criterion === 'size' ? o.size : null,
    minsize: o.minsize,
    maxsize: o.maxsize,
    maxage: o.maxage,
    compress: o.compress,
    delaycompress: o.delaycompress,
    compressext: o.compress ? o.compressext : null,
    copytruncate: o.copytruncate,
    dateext: o.dateext,
    dateformat: o.dateformat,
    dateyesterday: o.dateyesterday,
    olddir: o.olddir,
    extension: o.extension,
    missingok: o.missingok,
    notifempty: !o.ifempty,
    sharedscripts: o.sharedscripts,
    create,
    su: o.su ? `${o.su.user} ${o.su.group ?? ''}`.trim() : null,
  };
  return {
    origin: m.origin,
    patterns: m.patterns,
    frequency: frequencyText(o),
    action: m.action,
    actionDetail: m.actionDetail,
    options,
    matchedBy: m.matchedBy,
    consequences: m.consequences,
  };
}
