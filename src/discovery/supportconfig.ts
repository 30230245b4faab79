// SUSE supportconfig: one directory of flat text files whose sections start with a header
// line written by supportutils bin/supportconfig.rc (conf_files(), log_files(), _log_cmd()):
//   #==[ Configuration File ]===========================#   then "# /path" (comment and blank
//        lines already stripped unless full logs were requested), or "# /path - File not found"
//   #==[ Log File ]=====================================#   then "# /path - Last N Lines" or "# /path"
//   #==[ Command ]======================================#   then "# /usr/bin/cmd args" and the output
// Each section ends with the two blank lines conf_files()/log_files() append.
// We turn Configuration File and Log File sections back into a file tree (virtual files under
// the bundle directory) so the rest of discovery and the parsers read them like any root, and
// remember where each came from. Command sections of interest get fixed virtual names.
import * as path from 'node:path';
import { kindOf, type FsLike, type FsStat } from '../fs/index.js';

export interface VirtualSource {
  /** the supportconfig text file and the line where this file's first content line is */
  file: string;
  line: number;
  kind: 'config' | 'log' | 'command';
  /** "Last 500 Lines" sections: only the tail of the file */
  truncated: boolean;
  /** the N of "Last N Lines" (null when the whole file was kept) */
  lastLines: number | null;
}

export interface SupportconfigTree {
  fs: FsLike;
  /** virtual path -> where its text came from */
  sources: Map<string, VirtualSource>;
}

const HEADER = /^#==\[ (Configuration File|Log File|Command|[A-Za-z ]+) \]=+#$/;

/** Commands whose output is kept, under these names (relative to the bundle directory). */
const COMMANDS: { re: RegExp; name: string }[] = [
  { re: /(^|\/)timedatectl(\s|$)/, name: '/supportconfig_commands/timedatectl' },
  { re: /(^|\/)systemctl .*list-timers/, name: '/supportconfig_commands/systemctl_list-timers' },
];

const SUPPORTCONFIG_TEXT_BYTES = 256 << 20;

export function readSupportconfig(dir: string, base: FsLike): SupportconfigTree {
  const files = new Map<string, string>();
  const sources = new Map<string, VirtualSource>();
  for (const name of base
    .readdir(dir)
    .filter((n) => n.endsWith('.txt'))
    .sort()) {
    let text: string;
    try {
      // the whole bundle is a few text files, some with long log sections
      text = base.readFile(path.join(dir, name), SUPPORTCONFIG_TEXT_BYTES);
    } catch {
      continue;
    }
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const h = HEADER.exec(lines[i]!);
      if (!h) continue;
      const what = lines[i + 1] ?? '';
      const m = /^# (.*?)(?: - (Last \d+ Lines|File not found))?$/.exec(what);
      let end = i + 2;
      while (end < lines.length && !HEADER.test(lines[end]!)) end++;
      if (!m || m[2] === 'File not found') {
        i = end - 1;
        continue;
      }
      const body = lines.slice(i + 2, end);
      while (body.length && body[body.length - 1] === '') body.pop();
      const content = body.length ? body.join('\n') + '\n' : '';
      const lastLines = m[2] !== undefined && m[2] !== 'File not found' ? Number(/\d+/.exec(m[2])![0]) : null;
      const source = { file: path.join(dir, name), line: i + 3, truncated: lastLines !== null, lastLines };
      if (h[1] === 'Configuration File' || h[1] === 'Log File') {
        const p = m[1]!;
        if (!p.startsWith('/')) {
          i = end - 1;
          continue;
        }
        files.set(path.join(dir, p), content);
        sources.set(path.join(dir, p), { ...source, kind: h[1] === 'Log File' ? 'log' : 'config' });
      } else if (h[1] === 'Command') {
        const c = COMMANDS.find((x) => x.re.test(m[1]!));
        if (c) {
          files.set(path.join(dir, c.name), content);
          sources.set(path.join(dir, c.name), { ...source, kind: 'command' });
        }
      }
      i = end - 1;
    }
  }
  return { fs: overlay(dir, files, base), sources };
}

/** Virtual files under `dir` first, then the real file system. */
function overlay(dir: string, files: Map<string, string>, base: FsLike): FsLike {
  const norm = (p: string) => path.resolve(p);
  const dirs = new Set<string>();
  for (const f of files.keys()) {
    for (let d = path.dirname(f); d.length >= dir.length; d = path.dirname(d)) {
      dirs.add(d);
      if (d === path.dirname(d)) break;
    }
  }
  const self: FsLike = {
    kind: (p) => kindOf(self.stat(p)),
    readFile(p, maxBytes) {
      const v = files.get(norm(p));
      return v !== undefined ? v : base.readFile(p, maxBytes);
    },
    locate(p) {
      const v = files.get(norm(p));
      return v !== undefined ? { text: v } : base.locate(p);
    },
    refused: () => base.refused(),
    stat(p): FsStat | null {
      const n = norm(p);
      const v = files.get(n);
      if (v !== undefined)
        return { isFile: true, isDirectory: false, type: 'file', size: Buffer.byteLength(v), mtimeMs: null };
      if (dirs.has(n)) return { isFile: false, isDirectory: true, type: 'dir', size: 0, mtimeMs: null };
      return base.stat(p);
    },
    readdir(p) {
      const n = norm(p);
      const names = new Set(base.readdir(p));
      const prefix = n.endsWith('/') ? n : n + '/';
      for (const f of [...files.keys(), ...dirs]) {
        if (f.startsWith(prefix)) {
          const first = f.slice(prefix.length).split('/')[0];
          if (first) names.add(first);
        }
      }
      return [...names].sort();
    },
    readlink(p) {
      return files.has(norm(p)) || dirs.has(norm(p)) ? null : base.readlink(p);
    },
  };
  return self;
}
