// The reader touches the file system only through this interface, so tests can run it
// against an in-memory tree (style.md: "the core reads files through a tiny interface").
import * as nodeFsModule from 'node:fs';

export interface FsLike {
  /** File contents as text; throws (with an errno `code`) when unreadable. */
  readFile(path: string): string;
  /** What is at the path, following symlinks; null when nothing is there. */
  kind(path: string): 'file' | 'dir' | null;
  /** Entry names of a directory (no "." / ".."). */
  readdir(path: string): string[];
}

export const nodeFs: FsLike = {
  readFile: (path) => nodeFsModule.readFileSync(path, 'utf8'),
  kind: (path) => {
    try {
      const st = nodeFsModule.statSync(path);
      return st.isDirectory() ? 'dir' : 'file';
    } catch {
      return null;
    }
  },
  readdir: (path) => nodeFsModule.readdirSync(path),
};

/** An in-memory tree keyed by absolute path, for tests and for bundles read from flat files. */
export function memoryFs(files: Record<string, string>): FsLike {
  const norm = (p: string): string => (p.length > 1 ? p.replace(/\/+$/, '') : p);
  const dirs = new Set<string>(['/']);
  for (const path of Object.keys(files)) {
    let d = path;
    while ((d = d.slice(0, d.lastIndexOf('/')) || '/') !== '/') dirs.add(d);
  }
  return {
    readFile(path) {
      const text = files[norm(path)];
      if (text === undefined)
        throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' });
      return text;
    },
    kind(path) {
      const p = norm(path);
      if (files[p] !== undefined) return 'file';
      return dirs.has(p) ? 'dir' : null;
    },
    readdir(path) {
      const p = norm(path);
      const prefix = p === '/' ? '/' : p + '/';
      const names = new Set<string>();
      for (const candidate of [...Object.keys(files), ...dirs]) {
        if (candidate.startsWith(prefix) && candidate !== p) {
          const rest = candidate.slice(prefix.length);
          const name = rest.split('/')[0];
          if (name) names.add(name);
        }
      }
      return [...names];
    },
  };
}
