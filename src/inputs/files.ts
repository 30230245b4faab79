// Resolving the command line's <log...> into concrete inputs: plain paths, globs (expanded here
// too, for shells that do not), directories, '-' for stdin, and the rotated siblings logrotate
// leaves beside each plain path (cli-contract.md, "Invocation"). Every lookup goes through an
// FsLike (src/fs): under --root the rooted one, so that a symlink in a bundle never leads here to
// a file of the analysing machine, and a FIFO or device is never opened.
import nodeFsMod from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';
import type { InputSummary } from '../model.js';
import { fnmatchName } from '../logrotate/index.js';
import { nodeFs, type FsLike, type Located } from '../fs/index.js';

export interface InputSpec {
  /** path as shown to the user ('-' for stdin) */
  display: string;
  /** path as named (absolute), or '-' */
  path: string;
  origin: InputSummary['origin'];
  /** where the bytes are: the resolved real path (contained under --root) or in-memory text; default `path` */
  source?: Located;
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
export function expandGlob(pattern: string, fs: FsLike = nodeFs): string[] {
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
        if (fs.stat(p) !== null) next.push(p);
        continue;
      }
      const names = fs.readdir(b);
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
export function findSiblings(file: string, extraDirs: string[] = [], fs: FsLike = nodeFs): string[] {
  return locateSiblings(file, extraDirs, fs).map((s) => s.path);
}

/** findSiblings() with where to read each; a sibling that is not a regular file is left out (the fs names it in refused()). */
function locateSiblings(file: string, extraDirs: string[], fs: FsLike): { path: string; source: Located }[] {
  const base = path.basename(file);
  const out: { path: string; source: Located }[] = [];
  for (const dir of [path.dirname(file), ...extraDirs]) {
    for (const n of fs.readdir(dir).sort()) {
      if (!isRotatedSiblingName(base, n)) continue;
      const p = path.join(dir, n);
      const kind = fs.kind(p);
      if (kind === 'dir') continue;
      if (kind === null && fs.readlink(p) === null) continue; // vanished
      try {
        out.push({ path: p, source: fs.locate(p) });
      } catch {
        /* a dangling link, FIFO or device: refused */
      }
    }
  }
  return out;
}

export interface ResolveOptions {
  rotated: boolean;
  /** extra directories to look for rotated siblings in (logrotate olddir) */
  olddirs?: string[];
  /** how to read the file system (default: this machine's; under --root the rooted one) */
  fs?: FsLike;
}

/** Where to read `p` from; a clear exit-2 error when it cannot be read. */
function checkReadable(fs: FsLike, p: string, shown: string): { dir: true } | { dir: false; source: Located } {
  const kind = fs.kind(p);
  if (kind === 'dir') return { dir: true };
  let source: Located;
  try {
    source = fs.locate(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(
      code === 'ENOENT'
        ? 'no such file or directory'
        : code === 'ENOTREG'
          ? 'not a regular file (a FIFO, socket or device): not read'
          : `cannot access (${code ?? 'error'})`,
      { file: shown },
    );
  }
  if (source.path !== undefined) {
    try {
      nodeFsMod.accessSync(source.path, nodeFsMod.constants.R_OK);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new InputError('no such file or directory', { file: shown });
      throw new InputError('permission denied (not readable)', { file: shown });
    }
  }
  return { dir: false, source };
}

export function resolveInputs(args: string[], options: ResolveOptions): InputSpec[] {
  const fs = options.fs ?? nodeFs;
  const out: InputSpec[] = [];
  const seen = new Set<string>();
  const add = (display: string, origin: InputSpec['origin'], source: Located) => {
    const abs = path.resolve(display);
    let key = source.path ?? abs;
    if (source.path !== undefined) {
      try {
        key = nodeFsMod.realpathSync(source.path);
      } catch {
        /* keep the path */
      }
    }
    if (seen.has(key)) return;
    seen.add(key);
    out.push({ display, path: abs, origin, source });
  };
  let stdin = false;
  for (const arg of args) {
    if (arg === '-') {
      if (!stdin) out.push({ display: '-', path: '-', origin: 'stdin' });
      stdin = true;
      continue;
    }
    let targets: { p: string; origin: InputSpec['origin'] }[];
    if (fs.stat(arg) === null && fs.readlink(arg) === null && isGlob(arg)) {
      const m = expandGlob(arg, fs);
      if (m.length === 0) throw new InputError('no file matches this pattern', { file: arg });
      targets = m.map((p) => ({ p, origin: 'glob' as const }));
    } else targets = [{ p: arg, origin: 'given' }];
    for (const { p, origin } of targets) {
      const st = checkReadable(fs, p, p);
      if (st.dir) {
        const names = fs
          .readdir(p)
          .filter((n) => !n.startsWith('.') && DIR_LOG_RE.test(n))
          .sort();
        const files = names.map((n) => path.join(p, n)).filter((f) => fs.kind(f) === 'file');
        if (files.length === 0)
          throw new InputError('directory holds no Apache error logs (error_log*, error.log*, *error*log*)', {
            file: p,
          });
        for (const f of files) {
          const c = checkReadable(fs, f, f);
          if (!c.dir) add(f, 'directory', c.source);
        }
        continue;
      }
      add(p, origin, st.source);
      if (options.rotated) {
        for (const s of locateSiblings(p, options.olddirs ?? [], fs)) add(s.path, 'rotated-sibling', s.source);
      }
    }
  }
  return out;
}
