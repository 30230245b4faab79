// The one file-system interface every reader uses (style.md: "the core reads files through a
// tiny interface, so it runs against an in-memory tree in tests"; issue 18: "--root containment
// in one place"). Config readers, state files, schedules, discovery and the log reader all go
// through an FsLike; under --root it is rootedFs, which never lets a read leave the bundle.
// Nothing here ever executes a file.
import * as nodeFsMod from 'node:fs';
import * as path from 'node:path';

/** What is at a path; `other` is a FIFO, socket or device — never read. */
export type FileType = 'file' | 'dir' | 'fifo' | 'socket' | 'char-device' | 'block-device' | 'other';

export interface FsStat {
  isFile: boolean;
  isDirectory: boolean;
  type: FileType;
  size: number;
  mtimeMs: number | null;
}

/** Where a file's bytes are: a real path to open (contained, regular), or in-memory text (a supportconfig section). */
export type Located = { path: string; text?: undefined } | { text: string; path?: undefined };

/** A file that was not read, and why (reported as a warning naming it). */
export interface Refusal {
  path: string;
  reason: string;
}

export interface FsLike {
  /** UTF-8 text of a regular file (follows symlinks); throws (with an errno-like `code`) when unreadable */
  readFile(p: string, maxBytes?: number): string;
  /** stat following symlinks; null when the path does not exist (or is a dangling link) */
  stat(p: string): FsStat | null;
  /** entry names of a directory (no . and ..); [] when missing or not a directory */
  readdir(p: string): string[];
  /** target of a symlink, or null when p is not a symlink (raw, not resolved) */
  readlink(p: string): string | null;
  /** 'file' | 'dir' following symlinks (a FIFO, socket or device is 'other'); null when nothing is there */
  kind(p: string): 'file' | 'dir' | 'other' | null;
  /** where to stream a log from; throws (with `code`) when it is missing or not a regular file */
  locate(p: string): Located;
  /** files skipped so far because they are not regular files or too large (rooted fs only) */
  refused(): readonly Refusal[];
}

/** Config files larger than this are refused (logrotate refuses > 0xffffff bytes too: config.c readConfigFile). */
export const MAX_CONFIG_BYTES = 16 << 20;

export function fsError(code: string, message: string): Error {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

/**
 * For a reader that skips what is not a regular file (as logrotate and cron do): asks the fs
 * for it anyway, so that a rooted fs names it in refused() and the user hears of it.
 */
export function noteUnread(fs: FsLike, p: string): void {
  try {
    fs.locate(p);
  } catch {
    /* named in fs.refused() when the fs keeps such a list */
  }
}

/** kind() from stat(), for implementations */
export function kindOf(st: FsStat | null): 'file' | 'dir' | 'other' | null {
  return st === null ? null : st.isDirectory ? 'dir' : st.isFile ? 'file' : 'other';
}

function typeOf(s: nodeFsMod.Stats): FileType {
  if (s.isFile()) return 'file';
  if (s.isDirectory()) return 'dir';
  if (s.isFIFO()) return 'fifo';
  if (s.isSocket()) return 'socket';
  if (s.isCharacterDevice()) return 'char-device';
  if (s.isBlockDevice()) return 'block-device';
  return 'other';
}

function toStat(s: nodeFsMod.Stats): FsStat {
  const type = typeOf(s);
  return { isFile: type === 'file', isDirectory: type === 'dir', type, size: s.size, mtimeMs: s.mtimeMs };
}

const DESCRIBE: Record<FileType, string> = {
  file: 'a regular file',
  dir: 'a directory',
  fifo: 'a FIFO',
  socket: 'a socket',
  'char-device': 'a character device',
  'block-device': 'a block device',
  other: 'not a regular file',
};

/** The machine's own file system, as the user named it (no containment: the paths are the user's). */
export const nodeFs: FsLike = {
  readFile: (p) => nodeFsMod.readFileSync(p, 'utf8'),
  stat(p) {
    try {
      return toStat(nodeFsMod.statSync(p));
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
  kind: (p) => kindOf(nodeFs.stat(p)),
  // a path the user gave may be a pipe (process substitution): opened as given
  locate: (p) => ({ path: p }),
  refused: () => [],
};

type MemoryEntry = string | { symlink: string };

/**
 * An in-memory tree for tests: keys are absolute paths, values file text, or `{ symlink }`.
 * Directories are implied by the files under them.
 */
export function memoryFs(files: Record<string, MemoryEntry>): FsLike {
  const norm = (p: string) => path.posix.normalize(p).replace(/\/+$/, '') || '/';
  const entries = new Map<string, MemoryEntry>();
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
      if (typeof v !== 'string') throw fsError('ENOENT', `no such file or directory, open '${p}'`);
      return v;
    },
    stat(p) {
      const r = resolve(p);
      if (r === null) return null;
      const v = entries.get(r);
      if (typeof v === 'string')
        return { isFile: true, isDirectory: false, type: 'file', size: Buffer.byteLength(v), mtimeMs: null };
      if (isDir(r)) return { isFile: false, isDirectory: true, type: 'dir', size: 0, mtimeMs: null };
      return null;
    },
    readdir(p) {
      const r = resolve(p);
      if (r === null) return [];
      const prefix = r === '/' ? '/' : r + '/';
      const names = new Set<string>();
      for (const k of entries.keys()) {
        if (k.startsWith(prefix)) {
          const first = k.slice(prefix.length).split('/')[0];
          if (first) names.add(first);
        }
      }
      return [...names].sort();
    },
    readlink(p) {
      const v = entries.get(norm(p));
      return v !== undefined && typeof v !== 'string' ? v.symlink : null;
    },
    locate: (p) => ({ text: self.readFile(p) }),
    refused: () => [],
  };
  return self;
}

/** Symlinks followed at most per lookup (MAXSYMLINKS / ELOOP in the kernel). */
const MAX_LINKS = 40;

/**
 * `root` seen from inside (an unpacked sosreport, a chroot, `/` of a live host): every symlink
 * below `root` is resolved component by component as the kernel would under chroot(2) — an
 * absolute target such as `/usr/lib/systemd/system/httpd.service` (sos copies symlinks as they
 * are) means `<root>/usr/lib/…`, `..` never climbs above `root`, and more than 40 links is ELOOP.
 * Only regular files are read: a FIFO, socket or device is refused (and remembered in
 * refused()), so `error_log -> /dev/zero` or a FIFO never hangs the run; readFile() refuses
 * files above `maxBytes`. Paths outside `root` are the user's own and are read as named.
 * readlink() stays raw.
 */
export function rootedFs(root: string, options: { maxConfigBytes?: number } = {}): FsLike {
  let r = path.resolve(root);
  try {
    r = nodeFsMod.realpathSync(r); // a symlinked bundle directory: compare real paths
  } catch {
    /* missing: every lookup below finds nothing */
  }
  const given = path.resolve(root);
  const cap = options.maxConfigBytes ?? MAX_CONFIG_BYTES;
  const refusals: Refusal[] = [];
  const refuse = (p: string, reason: string) => {
    if (!refusals.some((x) => x.path === p)) refusals.push({ path: p, reason });
  };
  const rawLink = (p: string): string | null => {
    try {
      return nodeFsMod.readlinkSync(p);
    } catch {
      return null;
    }
  };
  const inside = (abs: string): string | null => {
    if (abs === r || abs.startsWith(r === '/' ? '/' : r + '/')) return abs;
    if (given !== r && (abs === given || abs.startsWith(given + '/'))) return r + abs.slice(given.length);
    return null;
  };
  /** the real path of `p` with every link resolved inside the root; throws ELOOP */
  const resolve = (p: string): string => {
    const abs = inside(path.resolve(p));
    if (abs === null) return path.resolve(p);
    const todo = abs
      .slice(r === '/' ? 0 : r.length)
      .split('/')
      .filter(Boolean);
    const done: string[] = [];
    let links = 0;
    while (todo.length > 0) {
      const part = todo.shift()!;
      if (part === '.') continue;
      if (part === '..') {
        done.pop(); // clamped at the root, as "/.." is "/"
        continue;
      }
      const here = path.join(r, ...done, part);
      const target = rawLink(here);
      if (target === null) {
        done.push(part);
        continue;
      }
      if (++links > MAX_LINKS) throw fsError('ELOOP', `too many levels of symbolic links: ${p}`);
      if (target.startsWith('/')) done.length = 0;
      todo.unshift(...target.split('/').filter(Boolean));
    }
    return path.join(r, ...done);
  };
  const contained = (p: string) => inside(path.resolve(p)) !== null;
  /** lstat of the resolved path: it holds no link any more, so a link here means the tree changed */
  const statResolved = (p: string): { real: string; st: FsStat } | null => {
    let real: string;
    try {
      real = resolve(p);
    } catch {
      return null;
    }
    try {
      const s = contained(p) ? nodeFsMod.lstatSync(real) : nodeFsMod.statSync(real);
      if (s.isSymbolicLink()) return null;
      return { real, st: toStat(s) };
    } catch {
      return null;
    }
  };
  const regular = (p: string): { real: string; st: FsStat } => {
    try {
      resolve(p);
    } catch (e) {
      const link = rawLink(path.resolve(p));
      refuse(p, `${link !== null ? `a symbolic link to ${link}, ` : ''}too many levels of symbolic links (a loop)`);
      throw e;
    }
    const hit = statResolved(p);
    if (hit === null) {
      const link = rawLink(path.resolve(p));
      if (link !== null) refuse(p, `a symbolic link to ${link}, which is not in ${r}`);
      throw fsError('ENOENT', `no such file or directory, open '${p}'`);
    }
    if (hit.st.type === 'dir') throw fsError('EISDIR', `is a directory, open '${p}'`);
    if (hit.st.type !== 'file') {
      const why = `${DESCRIBE[hit.st.type]}, not a regular file`;
      refuse(p, why + (hit.real !== path.resolve(p) ? ` (${hit.real})` : ''));
      throw fsError('ENOTREG', `${why}, '${p}'`);
    }
    return hit;
  };
  const self: FsLike = {
    readFile(p, maxBytes = cap) {
      if (!contained(p)) return nodeFsMod.readFileSync(p, 'utf8');
      const { real, st } = regular(p);
      if (st.size > maxBytes) {
        refuse(p, `${st.size} bytes, more than ${maxBytes}`);
        throw fsError('EFBIG', `file too large (${st.size} bytes, limit ${maxBytes}), '${p}'`);
      }
      // O_NOFOLLOW | O_NONBLOCK: a link or FIFO swapped in since the check neither escapes nor blocks
      const fd = nodeFsMod.openSync(
        real,
        nodeFsMod.constants.O_RDONLY | nodeFsMod.constants.O_NOFOLLOW | nodeFsMod.constants.O_NONBLOCK,
      );
      try {
        if (!nodeFsMod.fstatSync(fd).isFile()) throw fsError('ENOTREG', `not a regular file, '${p}'`);
        const buf = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
        let n = 0;
        for (;;) {
          const k = nodeFsMod.readSync(fd, buf, n, buf.length - n, n);
          if (k <= 0) break;
          n += k;
          if (n === buf.length) throw fsError('EFBIG', `file grew while read, '${p}'`);
        }
        return buf.subarray(0, n).toString('utf8');
      } finally {
        nodeFsMod.closeSync(fd);
      }
    },
    stat: (p) => statResolved(p)?.st ?? null,
    readdir(p) {
      const hit = statResolved(p);
      if (hit === null || !hit.st.isDirectory) return [];
      try {
        return nodeFsMod.readdirSync(hit.real);
      } catch {
        return [];
      }
    },
    readlink: rawLink,
    kind: (p) => kindOf(self.stat(p)),
    locate(p) {
      if (!contained(p)) return { path: path.resolve(p) };
      return { path: regular(p).real };
    },
    refused: () => refusals,
  };
  return self;
}
