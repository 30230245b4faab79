// The tiny file-system interface the config readers use (style.md: "the core reads files
// through a tiny interface, so it runs against an in-memory tree in tests"). Nothing here
// ever executes a file.
import * as nodeFsMod from 'node:fs';
import * as path from 'node:path';

export interface FsStat {
  isFile: boolean;
  isDirectory: boolean;
  size: number;
  mtimeMs: number | null;
}

export interface FsLike {
  /** UTF-8 text of a file (follows symlinks); throws when unreadable */
  readFile(p: string): string;
  /** stat following symlinks; null when the path does not exist (or is a dangling link) */
  stat(p: string): FsStat | null;
  /** entry names of a directory (no . and ..); [] when not a directory */
  readdir(p: string): string[];
  /** target of a symlink, or null when p is not a symlink */
  readlink(p: string): string | null;
  /** 'file' | 'dir' | null following symlinks: the same shape as src/apacheconf's FsLike, so one
   * object (e.g. Discovered.fs of a supportconfig) serves both readers */
  kind(p: string): 'file' | 'dir' | null;
}

/** kind() from stat(), for implementations */
export function kindOf(st: FsStat | null): 'file' | 'dir' | null {
  return st === null ? null : st.isDirectory ? 'dir' : 'file';
}

export const nodeFs: FsLike = {
  readFile: (p) => nodeFsMod.readFileSync(p, 'utf8'),
  stat(p) {
    try {
      const s = nodeFsMod.statSync(p);
      return { isFile: s.isFile(), isDirectory: s.isDirectory(), size: s.size, mtimeMs: s.mtimeMs };
    } catch {
      return null;
    }
  },
  readdir(p) {
    try {
      return nodeFsMod.readdirSync(p);
    } catch {
      return [];
    }
  },
  readlink(p) {
    try {
      return nodeFsMod.readlinkSync(p);
    } catch {
      return null;
    }
  },
  kind(p) {
    return kindOf(nodeFs.stat(p));
  },
};

/**
 * An in-memory tree for tests: keys are absolute paths, values file text, or `{ symlink }`.
 * Directories are implied by the files under them.
 */
export function memoryFs(files: Record<string, string | { symlink: string }>): FsLike {
  const norm = (p: string) => path.posix.normalize(p).replace(/\/+$/, '') || '/';
  const entries = new Map<string, string | { symlink: string }>();
  for (const [k, v] of Object.entries(files)) entries.set(norm(k), v);
  const resolve = (p: string, depth = 0): string | null => {
    const n = norm(p);
    const v = entries.get(n);
    if (v !== undefined && typeof v !== 'string') {
      if (depth > 8) return null;
      return resolve(path.posix.resolve(path.posix.dirname(n), v.symlink), depth + 1);
    }
    return n;
  };
  const isDir = (n: string) => {
    const prefix = n === '/' ? '/' : n + '/';
    for (const k of entries.keys()) if (k.startsWith(prefix)) return true;
    return false;
  };
  const self: FsLike = {
    kind: (p) => kindOf(self.stat(p)),
    readFile(p) {
      const r = resolve(p);
      const v = r === null ? undefined : entries.get(r);
      if (typeof v !== 'string') throw new Error(`ENOENT: no such file '${p}'`);
      return v;
    },
    stat(p) {
      const r = resolve(p);
      if (r === null) return null;
      const v = entries.get(r);
      if (typeof v === 'string') return { isFile: true, isDirectory: false, size: Buffer.byteLength(v), mtimeMs: null };
      if (isDir(r)) return { isFile: false, isDirectory: true, size: 0, mtimeMs: null };
      return null;
    },
    readdir(p) {
      const r = resolve(p);
      if (r === null) return [];
      const prefix = r === '/' ? '/' : r + '/';
      const names = new Set<string>();
      for (const k of entries.keys()) {
        if (k.startsWith(prefix)) {
          const rest = k.slice(prefix.length);
          const first = rest.split('/')[0];
          if (first) names.add(first);
        }
      }
      return [...names].sort();
    },
    readlink(p) {
      const v = entries.get(norm(p));
      return v !== undefined && typeof v !== 'string' ? v.symlink : null;
    },
  };
  return self;
}

/**
 * `base` seen from inside a copied root (an unpacked sosreport, a chroot): symlinks below
 * `root` are followed as the host would follow them, i.e. an absolute target such as
 * `/usr/lib/systemd/system/httpd.service` (sos copies symlinks as they are) means
 * `<root>/usr/lib/…`, and `..` never climbs above `root`. Without this, stat() and readFile()
 * on such a link would read the analysing machine's own file. readlink() stays raw.
 */
export function rootedFs(root: string, base: FsLike = nodeFs): FsLike {
  const r = path.resolve(root);
  const inRoot = (p: string) => p === r || p.startsWith(r + '/');
  // component by component, as the kernel does under chroot(2); 40 links at most (MAXSYMLINKS)
  const resolve = (p: string): string => {
    const abs = path.resolve(p);
    if (!inRoot(abs) || r === '/') return abs;
    const todo = abs.slice(r.length).split('/').filter(Boolean);
    const done: string[] = [];
    let links = 0;
    while (todo.length > 0) {
      const part = todo.shift()!;
      if (part === '.') continue;
      if (part === '..') {
        done.pop();
        continue;
      }
      const here = path.join(r, ...done, part);
      const target = base.readlink(here);
      if (target === null || ++links > 40) {
        done.push(part);
        continue;
      }
      if (target.startsWith('/')) done.length = 0;
      todo.unshift(...target.split('/').filter(Boolean));
    }
    return path.join(r, ...done);
  };
  const self: FsLike = {
    readFile: (p) => base.readFile(resolve(p)),
    stat: (p) => base.stat(resolve(p)),
    readdir: (p) => base.readdir(resolve(p)),
    readlink: (p) => base.readlink(p),
    kind: (p) => kindOf(self.stat(p)),
  };
  return self;
}
