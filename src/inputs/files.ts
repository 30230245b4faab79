// Resolving the command line's <log...> into concrete inputs: plain paths, globs (expanded here
// too, for shells that do not), directories, '-' for stdin, and the rotated siblings logrotate
// leaves beside each plain path (cli-contract.md, "Invocation").
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import type { InputSummary } from '../model.js';
import { fnmatchName } from '../logrotate/index.js';

export interface InputSpec {
  /** path as shown to the user ('-' for stdin) */
  display: string;
  /** path used to open the file (absolute), or '-' */
  path: string;
  origin: InputSummary['origin'];
}

/** Names logrotate gives rotated copies: numbered (.1, .2.gz) and dated (-20261122, .2026-11-22.gz, -2026112206). */
export function isRotatedSiblingName(base: string, name: string): boolean {
  if (!name.startsWith(base) || name === base) return false;
  const rest = name.slice(base.length);
  // separator, then a number or a date-ish token (digits with - _ . separators), then an
  // optional compression suffix
  return /^[._-](?:\d+|\d{4}[-_.]?\d{2}[-_.]?\d{2}(?:[-_.]?\d{2}(?:[-_.:]?\d{2}){0,2})?|\d{8,14}|[0-9]{10})(?:[._-]\d+)?(?:\.(?:gz|z|Z|bz2|xz|zst|lz4))?$/.test(
    rest,
  );
}

const DIR_LOG_RE = /^(?:error_log|error\.log).*$|error.*log/;

function isGlob(p: string): boolean {
  return /[*?[]/.test(p);
}

/** Shell-style glob expansion, one path segment at a time with fnmatch(3) semantics (FNM_PERIOD). Sorted results. */
export function expandGlob(pattern: string): string[] {
  const abs = path.isAbsolute(pattern);
  const segs = pattern.split('/').filter((s, i) => s !== '' || i === 0);
  let bases = [abs ? '/' : '.'];
  const startIdx = abs ? 1 : 0;
  for (let k = startIdx; k < segs.length; k++) {
    const seg = segs[k]!;
    const next: string[] = [];
    for (const b of bases) {
      if (!isGlob(seg)) {
        const p = path.join(b, seg);
        if (fs.existsSync(p)) next.push(p);
        continue;
      }
      let names: string[] = [];
      try {
        names = fs.readdirSync(b);
      } catch {
        continue;
      }
      for (const n of names.sort()) if (fnmatchName(seg, n)) next.push(path.join(b, n));
    }
    bases = next;
  }
  return abs ? bases : bases.map((b) => (b.startsWith('./') ? b.slice(2) : b));
}

/**
 * Finds rotated siblings of `file` in its own directory and in `extraDirs` (logrotate olddir).
 * Sorted oldest-looking last is irrelevant: the reader merges by time.
 */
export function findSiblings(file: string, extraDirs: string[] = []): string[] {
  const base = path.basename(file);
  const out: string[] = [];
  for (const dir of [path.dirname(file), ...extraDirs]) {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const n of names.sort()) {
      if (isRotatedSiblingName(base, n)) {
        const p = path.join(dir, n);
        try {
          if (fs.statSync(p).isFile()) out.push(p);
        } catch {
          /* vanished */
        }
      }
    }
  }
  return out;
}

export interface ResolveOptions {
  rotated: boolean;
  /** extra directories to look for rotated siblings in (logrotate olddir) */
  olddirs?: string[];
}

function checkReadable(p: string, shown: string): fs.Stats {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? 'no such file or directory' : `cannot access (${code ?? 'error'})`, {
      file: shown,
    });
  }
  if (st.isFile()) {
    try {
      fs.accessSync(p, fs.constants.R_OK);
    } catch {
      throw new InputError('permission denied (not readable)', { file: shown });
    }
  }
  return st;
}

export function resolveInputs(args: string[], options: ResolveOptions): InputSpec[] {
  const out: InputSpec[] = [];
  const seen = new Set<string>();
  const add = (display: string, origin: InputSpec['origin']) => {
    const abs = path.resolve(display);
    let key = abs;
    try {
      key = fs.realpathSync(abs);
    } catch {
      /* keep abs */
    }
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ display, path: abs, origin });
  };
  let stdin = false;
  for (const arg of args) {
    if (arg === '-') {
      if (!stdin) out.push({ display: '-', path: '-', origin: 'stdin' });
      stdin = true;
      continue;
    }
    let targets: { p: string; origin: InputSpec['origin'] }[];
    if (!fs.existsSync(arg) && isGlob(arg)) {
      const m = expandGlob(arg);
      if (m.length === 0) throw new InputError('no file matches this pattern', { file: arg });
      targets = m.map((p) => ({ p, origin: 'glob' as const }));
    } else targets = [{ p: arg, origin: 'given' }];
    for (const { p, origin } of targets) {
      const st = checkReadable(p, p);
      if (st.isDirectory()) {
        const names = fs
          .readdirSync(p)
          .filter((n) => !n.startsWith('.') && DIR_LOG_RE.test(n))
          .sort();
        const files = names
          .map((n) => path.join(p, n))
          .filter((f) => {
            try {
              return fs.statSync(f).isFile();
            } catch {
              return false;
            }
          });
        if (files.length === 0)
          throw new InputError('directory holds no Apache error logs (error_log*, error.log*, *error*log*)', {
            file: p,
          });
        for (const f of files) {
          checkReadable(f, f);
          add(f, 'directory');
        }
        continue;
      }
      add(p, origin);
      if (options.rotated) {
        for (const s of findSiblings(p, options.olddirs ?? [])) add(s, 'rotated-sibling');
      }
    }
  }
  return out;
}
