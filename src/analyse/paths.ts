// Paths as the user knows them (issue 14, point 3), applied once at the analysis stage's
// boundary to everything it hands on (the Report, and the exit-2 error): under --root every
// file of the bundle is named by its path on the host (/etc/httpd/conf/httpd.conf), the bundle
// itself once (Report.root); without it, a file under the working directory is named relative
// to it — the readers resolve paths to read them — unless the user wrote such a path absolute.
import path from 'node:path';
import fs from 'node:fs';
import { InputError } from '../errors.js';
import { ConnectErrors } from '../events.js';
import type { AnalysisOptions } from './context.js';

/** where a path may begin inside a sentence: start, blank, bracket, quote, '=' or ',' */
const START = `(^|[\\s(\\['"=,;])`;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface PathNamer {
  /** rewrites every path inside `text` */
  text(text: string): string;
  /** the --root as the user gave it, or null */
  root: string | null;
  /** whether `text` may change a string inside this JSON-like value (false: no copy needed) */
  touches(value: unknown): boolean;
}

export function pathNamer(
  o: Pick<AnalysisOptions, 'root' | 'logs' | 'logrotate' | 'cron' | 'timer' | 'apacheConfig'>,
  cwd = process.cwd(),
): PathNamer {
  const rules: { re: RegExp; to: string }[] = [];
  // the literal text each rule needs (a cheap test over the whole value before the copy)
  const needles: string[] = [];
  if (o.root !== undefined) {
    const abs = path.resolve(o.root);
    const prefixes = new Set([abs]);
    try {
      prefixes.add(fs.realpathSync(abs));
    } catch {
      /* a missing root fails elsewhere */
    }
    const rel = path.relative(cwd, abs);
    if (rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel)) prefixes.add(rel);
    // the bundle's prefix, longest first: its own files (a supportconfig's web.txt, a
    // sosreport's sos_commands/…) are named inside it, every other file by its host path
    for (const p of [...prefixes].filter((p) => p !== '/').sort((a, b) => b.length - a.length)) {
      needles.push(p);
      rules.push({ re: new RegExp(`${START}(?:\\./)?${escapeRe(p)}/(?=sos_|[^/\\s:()]+\\.txt\\b)`, 'g'), to: '$1' });
      rules.push({ re: new RegExp(`${START}(?:\\./)?${escapeRe(p)}(?=/)`, 'g'), to: '$1' });
      // the bundle itself (its absolute path), as the user named it
      const asGiven = o.root.replace(/\$/g, '$$$$');
      if (path.isAbsolute(p))
        rules.push({ re: new RegExp(`${START}${escapeRe(p)}/?(?=$|[\\s)\\],;:'"])`, 'g'), to: `$1${asGiven}` });
    }
  }
  const given = [...o.logs, ...o.logrotate, ...o.cron, ...o.timer, ...(o.apacheConfig ? [o.apacheConfig] : [])];
  const insideCwd = (p: string) => p === cwd || p.startsWith(cwd === '/' ? '/' : cwd + '/');
  const absoluteWanted = given.some((p) => path.isAbsolute(p) && insideCwd(path.resolve(p)));
  if (cwd !== '/' && !absoluteWanted) {
    rules.push({ re: new RegExp(`${START}${escapeRe(cwd)}/`, 'g'), to: '$1' });
    needles.push(`${cwd}/`);
  }
  return {
    root: o.root ?? null,
    text: (t) => (rules.length === 0 ? t : rules.reduce((s, r) => s.replace(r.re, r.to), t)),
    touches(value) {
      if (needles.length === 0) return false;
      // the strings mapStrings would visit, without copying or serialising anything
      const stack: unknown[] = [value];
      while (stack.length > 0) {
        const v = stack.pop();
        if (typeof v === 'string') {
          for (const n of needles) if (v.includes(n)) return true;
        } else if (Array.isArray(v)) {
          for (const x of v) stack.push(x);
        } else if (v !== null && typeof v === 'object') {
          for (const x of Object.values(v)) stack.push(x);
        }
      }
      return false;
    },
  };
}

/**
 * A copy of `value` with every string rewritten by `f` (plain JSON-like data: objects, arrays,
 * scalars; the connect errors through their string tables, each distinct string once).
 */
export function mapStrings<T>(value: T, f: (s: string) => string): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return f(v);
    if (v instanceof ConnectErrors) return v.mapStrings(f);
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) out[k] = walk(x);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}

/** The exit-2 error with its paths named the same way (and the bundle named once, when one was rewritten). */
export function renameError(e: InputError, namer: PathNamer): InputError {
  const message = namer.text(e.message);
  const file = e.file !== undefined ? namer.text(e.file) : undefined;
  const rewritten = message !== e.message || file !== e.file;
  const bundle = namer.root !== null && rewritten && file !== namer.root ? ` (in ${namer.root})` : '';
  return new InputError(message + bundle, { file, line: e.line });
}
