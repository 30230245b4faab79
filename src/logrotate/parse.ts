// A reader for logrotate configuration that follows logrotate's own parser: the character
// state machine of readConfigFile() in logrotate config.c (upstream main, read for this
// module), readConfigPath() for include directories, parseGlobString() for stanza headers and
// readModeUidGid() for create/su. Differences are deliberate and listed here:
//   * errors that logrotate reports and then recovers from (bad values, "unexpected text
//     after }", a missing '{' …) are thrown as InputError: a config logrotate complains about
//     cannot be trusted to describe what it did. Unknown keywords only warn, as in logrotate.
//     A stray } at top level is a warning naming file:line and ends that file, as in
//     logrotate 3.21 (the stanzas before it still apply; test/logrotate/stray-brace.test.ts).
//   * globs in headers are kept as patterns (logrotate expands them against the live file
//     system with GLOB_NOCHECK); matching happens in match.ts.
//   * line numbers stay right after multi-line headers (logrotate does not count the newlines
//     parseGlobString() consumes, so its own messages drift there).
//   * user and group names are not resolved (the host's passwd is not ours to read), and the
//     root-only ownership/mode checks on config files are not applied.
//   * directory entries are sorted bytewise, i.e. strcoll() in the C locale.
//   * configs copied off the host (not read from /etc here, no --root): an absolute include of a
//     system directory (/etc/…, /usr/etc/…) is read from the copied tree the config lies in
//     (…/etc/logrotate.conf → …/etc/logrotate.d) when that copy has it, and otherwise read from
//     this machine with a warning, since this machine's /etc is probably not the host's.
//   * `monthly <day>` (commit 31dfa4a, April 2025, unreleased after 3.22.0) is accepted; released
//     logrotate up to 3.22.0 (Debian 12 ships 3.21.0) rejects it as "lines must begin with a
//     keyword". Quoted su/create names follow 3.22.0 (#575).
import * as path from 'node:path';
import { InputError } from '../errors.js';
import { nodeFs, noteUnread, type FsLike } from '../fs/index.js';
import { fnmatchName } from './glob.js';
import type {
  ConfigWarning,
  CreateSpec,
  LogrotateConfig,
  LogrotateOptions,
  Script,
  ScriptKind,
  Stanza,
} from './types.js';

/** config.c defTabooExts */
export const DEFAULT_TABOO_EXTS = [
  ',v',
  '.bak',
  '.cfsaved',
  '.disabled',
  '.dpkg-bak',
  '.dpkg-del',
  '.dpkg-dist',
  '.dpkg-new',
  '.dpkg-old',
  '.dpkg-tmp',
  '.new',
  '.old',
  '.orig',
  '.pacnew',
  '.pacorig',
  '.pacsave',
  '.rhn-cfg-tmp-*',
  '.rpmnew',
  '.rpmorig',
  '.rpmsave',
  '.swp',
  '.ucf-dist',
  '.ucf-new',
  '.ucf-old',
  '~',
];

/** config.c compress_cmd_list: compresscmd basename -> extension */
const COMPRESS_EXT: Record<string, string> = {
  gzip: '.gz',
  bzip2: '.bz2',
  xz: '.xz',
  zstd: '.zst',
  compress: '.Z',
  zip: '.zip',
};

/** config.c MAX_NESTING */
const MAX_NESTING = 16;
/** Ours, not logrotate's: 16 levels of directories of 4 files including the next level read 4^16 files. */
const MAX_FILES_READ = 10_000;

/** readAllConfigPaths(): criterium ROT_SIZE with threshold 1 MiB, ifempty, rotate 0, start 1, gzip */
export function builtinDefaults(): LogrotateOptions {
  return {
    criterion: 'size',
    frequency: null,
    size: 1024 * 1024,
    minutes: null,
    minsize: null,
    maxsize: null,
    rotate: 0,
    start: 1,
    maxage: null,
    minage: null,
    compress: false,
    delaycompress: false,
    compresscmd: '/bin/gzip',
    compressext: '.gz',
    copytruncate: false,
    copy: false,
    renamecopy: false,
    dateext: false,
    dateformat: null,
    dateyesterday: false,
    datehourago: false,
    olddir: null,
    createolddir: null,
    extension: null,
    addextension: null,
    missingok: false,
    ifempty: true,
    create: null,
    su: null,
    sharedscripts: false,
    mail: null,
    shred: false,
    ignoreduplicates: false,
  };
}

type Origins = Partial<Record<keyof LogrotateOptions, string>>;

interface Scope {
  options: LogrotateOptions;
  origins: Origins;
  scripts: Partial<Record<ScriptKind, Script>>;
}

interface Ctx {
  fs: FsLike;
  root: string | null;
  /** the tree a copied config lies in (`<copy>/etc/logrotate.conf` → `<copy>`), when no root is given */
  copyRoot: string | null;
  /** the command-line config is not under this machine's /etc (so its absolute includes may not be the host's) */
  copied: boolean;
  global: Scope;
  stanzas: Stanza[];
  warnings: ConfigWarning[];
  files: string[];
  taboo: string[];
  depth: number;
}

export interface LoadOptions {
  /** a filesystem root (an unpacked sosreport, a chroot): absolute include paths are read under it */
  root?: string;
  /** directory against which relative command-line paths and includes resolve (default: process.cwd()) */
  cwd?: string;
}

/**
 * Reads logrotate configuration the way `logrotate <paths…>` does: each path a file or a
 * directory; `include`s followed; global directives carried forward as running defaults.
 */
export function loadLogrotateConfig(paths: string[], fs: FsLike = nodeFs, opts: LoadOptions = {}): LogrotateConfig {
  const cwd = opts.cwd ?? process.cwd();
  // Paths are kept as the user gave them (relative to this cwd), so that origins and errors
  // read like the command line, as the --cron/--timer files' do.
  const shown = (p: string) =>
    opts.cwd === undefined && !path.isAbsolute(p) ? path.normalize(p) : path.resolve(cwd, p);
  const first = paths[0] !== undefined ? path.resolve(cwd, paths[0]) : null;
  const copied = !opts.root && first !== null && !SYSTEM_DIR.test(first);
  const ctx: Ctx = {
    fs,
    root: opts.root ? path.resolve(opts.root) : null,
    copyRoot: copied && paths[0] !== undefined ? copyRootOf(shown(paths[0])) : null,
    copied,
    global: { options: builtinDefaults(), origins: {}, scripts: {} },
    stanzas: [],
    warnings: [],
    files: [],
    taboo: DEFAULT_TABOO_EXTS.map((e) => '*' + e),
    depth: 0,
  };
  for (const p of paths) {
    const real = shown(p);
    if (!fs.stat(real)) throw new InputError(`cannot read logrotate config: no such file or directory`, { file: p });
    readConfigPath(ctx, real, cwd, null);
  }
  return { files: ctx.files, stanzas: ctx.stanzas, globals: ctx.global.options, warnings: ctx.warnings };
}

/** Where logrotate's system configuration lives on a host (logrotate.conf and its include dirs). */
const SYSTEM_DIR = /^\/(usr\/)?etc\//;

/** `<copy>/etc/logrotate.conf` or `<copy>/etc/logrotate.d/x` → `<copy>` (null when not in such a tree). */
function copyRootOf(file: string): string | null {
  const m = /^(.+?)\/(?:usr\/)?etc\/logrotate\.(?:conf|d)(?:\/|$)/.exec(file);
  return m ? m[1]! : null;
}

/** Parses one config text (no includes allowed unless an fs is given) — handy for a single stanza file. */
export function parseLogrotateText(text: string, file: string, fs?: FsLike): LogrotateConfig {
  const ctx: Ctx = {
    fs: fs ?? nodeFs,
    root: null,
    copyRoot: null,
    copied: false,
    global: { options: builtinDefaults(), origins: {}, scripts: {} },
    stanzas: [],
    warnings: [],
    files: [file],
    taboo: DEFAULT_TABOO_EXTS.map((e) => '*' + e),
    depth: 0,
  };
  readConfigText(ctx, text, file, path.dirname(file));
  return { files: ctx.files, stanzas: ctx.stanzas, globals: ctx.global.options, warnings: ctx.warnings };
}

function checkFile(ctx: Ctx, name: string): boolean {
  if (name === '.' || name === '..') return false;
  return !ctx.taboo.some((pat) => fnmatchName(pat, name));
}

function readConfigPath(ctx: Ctx, real: string, cwd: string, where: { file: string; line: number } | null): void {
  const st = ctx.fs.stat(real);
  if (!st) {
    throw new InputError(`include: cannot stat ${real}: no such file or directory`, where ?? { file: real });
  }
  if (st.isDirectory) {
    // readConfigPath(): checkFile() filter, qsort(strcoll), chdir() into the directory.
    const names = ctx.fs.readdir(real).filter((n) => checkFile(ctx, n));
    names.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    for (const n of names) readConfigFile(ctx, path.join(real, n), real, where);
  } else {
    readConfigFile(ctx, real, cwd, where);
  }
}

function readConfigFile(ctx: Ctx, file: string, cwd: string, from: { file: string; line: number } | null = null): void {
  const st = ctx.fs.stat(file);
  // readConfigFile(): non-regular and empty files are skipped (logrotate says so at debug level;
  // a FIFO or device is named in the fs's refused() list)
  if (st && !st.isFile) noteUnread(ctx.fs, file);
  if (!st || !st.isFile || st.size === 0) return;
  let text: string;
  try {
    text = ctx.fs.readFile(file);
  } catch (e) {
    throw new InputError(`cannot read logrotate config: ${(e as Error).message}`, { file });
  }
  if (text.length > 0xffffff) throw new InputError('file too large, probably not a config file', { file });
  if (ctx.files.length >= MAX_FILES_READ)
    throw new InputError(
      `include of ${file} would read more than ${MAX_FILES_READ} config files (include directories including each other?)`,
      from ?? { file },
    );
  ctx.files.push(file);
  readConfigText(ctx, text, file, cwd);
}

const isBlank = (c: string | undefined) => c === ' ' || c === '\t';
const isSpace = (c: string | undefined) => c !== undefined && /[ \t\n\v\f\r]/.test(c);
const isAlpha = (c: string | undefined) => c !== undefined && /[A-Za-z]/.test(c);

/** strtol/strtoul with base 0 over the whole string (C: leading blanks, sign, 0x hex, 0 octal). */
function strtolWhole(s: string): number | null {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return null;
  const body = m[2]!;
  let v: number;
  if (/^0[xX]/.test(body)) v = parseInt(body.slice(2), 16);
  else if (body.length > 1 && body.startsWith('0')) v = parseInt(body, 8);
  else v = parseInt(body, 10);
  return m[1] === '-' ? -v : v;
}

/** poptParseArgvString(): shell-like splitting with ' and " quoting and backslash escapes. */
export function splitArgv(s: string): string[] | null {
  const args: string[] = [];
  let buf = '';
  let quote: string | null = null;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\') {
        const n = s[++i];
        if (n === undefined) return null;
        if (n !== quote) buf += '\\';
        buf += n;
      } else buf += c;
    } else if (isSpace(c)) {
      if (buf) args.push(buf);
      buf = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '\\') {
      const n = s[++i];
      if (n === undefined) return null;
      buf += n;
    } else buf += c;
  }
  if (quote) return null;
  if (buf) args.push(buf);
  return args;
}

function cloneOptions(o: LogrotateOptions): LogrotateOptions {
  return structuredClone(o);
}

function readConfigText(ctx: Ctx, text: string, file: string, cwd: string): void {
  const len = text.length;
  let pos = 0;
  let line = 1;
  let stanza: (Stanza & { open: boolean }) | null = null;
  const err = (msg: string, at = line): never => {
    throw new InputError(msg, { file, line: at });
  };
  const scope = (): Scope =>
    stanza ? { options: stanza.options, origins: stanza.optionOrigins, scripts: stanza.scripts } : ctx.global;

  const lineEnd = (from: number) => {
    const i = text.indexOf('\n', from);
    return i < 0 ? len : i;
  };
  /** isolateLine(): from pos to end of line, trailing whitespace trimmed; pos left at the newline */
  const isolateLine = (): string => {
    const e = lineEnd(pos);
    const v = text.slice(pos, e).replace(/[ \t\n\v\f\r]+$/, '');
    pos = e;
    return v;
  };
  /** isolateValue(): blanks, an optional '=', blanks, then the rest of the line */
  const isolateValue = (key: string): string => {
    while (pos < len && isBlank(text[pos])) pos++;
    if (text[pos] === '=') {
      pos++;
      while (pos < len && isBlank(text[pos])) pos++;
    }
    if (text[pos] === '\n') err(`argument expected after ${key}`);
    return isolateLine();
  };
  const set = <K extends keyof LogrotateOptions>(k: K, v: LogrotateOptions[K]) => {
    const s = scope();
    s.options[k] = v;
    s.origins[k] = `${file}:${line}`;
  };
  const setCriterion = (c: LogrotateOptions['criterion'], freq: LogrotateOptions['frequency']) => {
    set('criterion', c);
    set('frequency', freq);
    if (c !== 'size') set('size', null);
    if (c !== 'minutes') set('minutes', null);
  };
  /** readPath(): a value without blanks or unprintable characters */
  const readPath = (key: string): string => {
    const v = isolateValue(key);
    if (/[\s\x00-\x1f\x7f]/.test(v)) err(`bad ${key} path ${v}`);
    return v;
  };
  /** readModeUidGid(): up to three words (quotes allowed), mode octal */
  const modeUidGid = (value: string, directive: 'create' | 'createolddir' | 'su'): string[] => {
    const words: string[] = [];
    let p = value;
    for (;;) {
      p = p.replace(/^[ \t\n\v\f\r]+/, '');
      if (p === '') break;
      let w: string;
      if (p[0] === '"' || p[0] === "'") {
        const q = p[0];
        const close = p.indexOf(q, 1);
        if (close < 0) err(`invalid arguments for ${directive}`);
        w = p.slice(1, close);
        p = p.slice(close + 1);
      } else {
        const m = /^[^ \t\n\v\f\r]*/.exec(p)![0];
        w = m;
        p = p.slice(m.length);
      }
      words.push(w);
      if (words.length > 3) break;
    }
    if (words.length > 3 || (words.length === 3 && directive === 'su')) err(`extra arguments for ${directive}`);
    return words;
  };
  const createSpec = (words: string[], directive: 'create' | 'createolddir'): CreateSpec => {
    let mode: string | null = null;
    let owner: string | null = null;
    let group: string | null = null;
    if (words.length === 3) [mode, owner, group] = words as [string, string, string];
    else if (words.length === 2) [owner, group] = words as [string, string];
    else if (words.length === 1) mode = words[0]!;
    if (mode !== null && strtolOctal(mode) === null)
      err(`invalid mode '${mode}' for ${directive} (expected an octal mode such as 0640)`);
    return { mode, owner, group };
  };
  const strtolOctal = (s: string): number | null => (/^[+]?[0-7]+$/.test(s) ? parseInt(s.replace('+', ''), 8) : null);
  const sizeValue = (key: string): number | null => {
    const v = isolateValue(key);
    if (v === '') return null;
    const last = v[v.length - 1]!;
    let mult = 1;
    let num = v;
    if (last === 'k' || last === 'K') mult = 1024;
    else if (last === 'M') mult = 1024 * 1024;
    else if (last === 'G') mult = 1024 * 1024 * 1024;
    else if (!/[0-9]/.test(last))
      err(`unknown unit '${last}' in ${key} ${v} (expected a number with an optional k, M or G suffix)`);
    if (mult !== 1) num = v.slice(0, -1);
    const n = strtolWhole(num);
    if (n === null || n < 0) err(`bad size '${num}' for ${key} (expected a number with an optional k, M or G suffix)`);
    return n! * mult;
  };
  const intValue = (key: string, what: string, min: number): number => {
    const v = isolateValue(what);
    const n = strtolWhole(v);
    if (n === null || n < min)
      err(`bad ${what} '${v}' for ${key} (expected ${min < 0 ? 'an integer >= -1' : 'a non-negative integer'})`);
    return n!;
  };
  const tabooList = (key: 'tabooext' | 'taboopat') => {
    if (stanza) err(`${key} may not appear inside of log file definition`);
    let v = isolateValue(key);
    if (v.startsWith('+')) v = v.slice(1).replace(/^\s+/, '');
    else ctx.taboo = [];
    for (const w of v.split(/[\s,]+/)) {
      if (w === '') continue;
      ctx.taboo.push(key === 'tabooext' ? '*' + w : w);
    }
  };

  const scriptKinds: readonly string[] = ['prerotate', 'postrotate', 'firstaction', 'lastaction', 'preremove'];
  const bools: Record<string, [keyof LogrotateOptions, boolean]> = {
    compress: ['compress', true],
    nocompress: ['compress', false],
    delaycompress: ['delaycompress', true],
    nodelaycompress: ['delaycompress', false],
    shred: ['shred', true],
    noshred: ['shred', false],
    sharedscripts: ['sharedscripts', true],
    nosharedscripts: ['sharedscripts', false],
    nocopytruncate: ['copytruncate', false],
    norenamecopy: ['renamecopy', false],
    copy: ['copy', true],
    nocopy: ['copy', false],
    ifempty: ['ifempty', true],
    notifempty: ['ifempty', false],
    dateext: ['dateext', true],
    nodateext: ['dateext', false],
    dateyesterday: ['dateyesterday', true],
    nodateyesterday: ['dateyesterday', false],
    datehourago: ['datehourago', true],
    nodatehourago: ['datehourago', false],
    missingok: ['missingok', true],
    nomissingok: ['missingok', false],
    ignoreduplicates: ['ignoreduplicates', true],
  };
  // Recognised but irrelevant to what rotation does to Apache: accepted without a value check
  // beyond logrotate's own "argument expected" (allowhardlink, mailfirst …).
  const flagsOnly = new Set(['allowhardlink', 'noallowhardlink', 'mailfirst', 'maillast', 'nomail', 'nocreateolddir']);

  const keyword = (key: string, keyLine: number) => {
    if (Object.hasOwn(bools, key)) {
      const [k, v] = bools[key]!;
      set(k, v as never);
      return;
    }
    if (flagsOnly.has(key)) {
      if (key === 'nomail') set('mail', null);
      if (key === 'nocreateolddir') set('createolddir', null);
      return;
    }
    switch (key) {
      case 'copytruncate':
        set('copytruncate', true);
        set('renamecopy', false);
        return;
      case 'renamecopy':
        set('renamecopy', true);
        set('copytruncate', false);
        return;
      case 'dateformat': {
        const v = isolateValue(key);
        set('dateformat', v);
        return;
      }
      case 'noolddir':
        set('olddir', null);
        return;
      case 'su': {
        const w = modeUidGid(isolateLine(), 'su');
        if (w.length === 0) err('no user for su (expected: su <user> <group>)', keyLine);
        if (w.length === 1) err('no group for su (expected: su <user> <group>)', keyLine);
        set('su', { user: w[0]!, group: w[1] ?? null });
        return;
      }
      case 'create':
        set('create', createSpec(modeUidGid(isolateLine(), 'create'), 'create'));
        return;
      case 'createolddir': {
        const spec = createSpec(modeUidGid(isolateLine(), 'createolddir'), 'createolddir');
        set('createolddir', { ...spec, mode: spec.mode ?? '0755' });
        return;
      }
      case 'nocreate':
        set('create', null);
        return;
      case 'size': {
        const n = sizeValue(key);
        if (n !== null) {
          setCriterion('size', null);
          set('size', n);
        }
        return;
      }
      case 'minsize':
      case 'maxsize': {
        const n = sizeValue(key);
        if (n !== null) set(key, n === 0 ? null : n);
        return;
      }
      case 'shredcycles':
        intValue(key, 'shred cycles', 0);
        return;
      case 'hourly':
      case 'daily':
      case 'yearly':
        setCriterion(key, { kind: key });
        return;
      case 'minutes': {
        const v = isolateValue(key);
        if (v === '') return;
        const n = strtolWhole(v);
        if (n === null || n <= 0) err(`bad minutes '${v}' (expected a positive integer)`);
        setCriterion('minutes', null);
        set('minutes', n);
        return;
      }
      case 'weekly':
      case 'monthly': {
        const v = isolateLine().trim();
        const max = key === 'weekly' ? 7 : 31;
        if (v === '') {
          setCriterion(key, key === 'weekly' ? { kind: 'weekly', weekday: 0 } : { kind: 'monthly', monthday: 0 });
          return;
        }
        if (!/^\+?\d+$/.test(v) || Number(v) > max) {
          err(
            `bad ${key} directive '${v}' (expected ${key === 'weekly' ? 'a weekday 0-7' : 'a day of month 0-31'} or nothing)`,
          );
        }
        setCriterion(
          key,
          key === 'weekly' ? { kind: 'weekly', weekday: Number(v) } : { kind: 'monthly', monthday: Number(v) },
        );
        return;
      }
      case 'rotate':
        set('rotate', intValue(key, 'rotation count', -1));
        return;
      case 'start':
        set('start', intValue(key, 'start count', 0));
        return;
      case 'minage':
        set('minage', intValue(key, 'minimum age', 0));
        return;
      case 'maxage':
        set('maxage', intValue(key, 'maximum age', 0));
        return;
      case 'errors':
        ctx.warnings.push({ message: 'the errors directive is deprecated and no longer used', file, line: keyLine });
        return;
      case 'mail':
        set('mail', isolateValue(key));
        return;
      case 'tabooext':
      case 'taboopat':
        tabooList(key);
        return;
      case 'include': {
        let v = isolateValue(key);
        if (ctx.depth >= MAX_NESTING) err('include nesting too deep');
        if (v.startsWith('~/')) v = path.posix.join(process.env.HOME ?? '/root', v.slice(2));
        let target = path.isAbsolute(v) && ctx.root ? path.join(ctx.root, v) : path.resolve(cwd, v);
        if (path.isAbsolute(v) && !ctx.root && ctx.copied && SYSTEM_DIR.test(v)) {
          const inCopy = ctx.copyRoot !== null ? path.join(ctx.copyRoot, v) : null;
          if (inCopy !== null && ctx.fs.stat(inCopy)) target = inCopy;
          else {
            ctx.warnings.push({
              message: `include ${v}: read from this machine, not from the host the config was copied from (give the included files with --logrotate too, or use --root on the copied tree)`,
              file,
              line: keyLine,
            });
          }
        }
        // Inside a definition, config.c calls readConfigPath(key, newlog): the stanza itself is
        // the "defaults" of the included file, so its directives apply to the stanza.
        const saved = ctx.global;
        if (stanza) ctx.global = { options: stanza.options, origins: stanza.optionOrigins, scripts: stanza.scripts };
        ctx.depth++;
        try {
          readConfigPath(ctx, target, cwd, { file, line: keyLine });
        } finally {
          ctx.depth--;
          ctx.global = saved;
        }
        return;
      }
      case 'olddir':
        set('olddir', readPath('olddir'));
        return;
      case 'extension':
        set('extension', isolateValue('extension name'));
        return;
      case 'addextension':
        set('addextension', isolateValue('addextension name'));
        return;
      case 'compresscmd': {
        const v = readPath('compress');
        set('compresscmd', v);
        const base = path.posix.basename(v);
        const ext = Object.hasOwn(COMPRESS_EXT, base) ? COMPRESS_EXT[base] : undefined;
        if (ext) set('compressext', ext);
        return;
      }
      case 'uncompresscmd':
        readPath('uncompress');
        return;
      case 'compressoptions':
        if (splitArgv(isolateLine()) === null) err('invalid compression options');
        return;
      case 'compressext':
        set('compressext', readPath('compress-ext'));
        return;
      default:
        if (scriptKinds.includes(key)) {
          readScript(key as ScriptKind, keyLine);
          return;
        }
        ctx.warnings.push({ message: `unknown option '${key}' -- ignoring line`, file, line: keyLine });
        pos = lineEnd(pos);
    }
  };

  /** STATE_LOAD_SCRIPT: every line up to one whose first word is `endscript`, verbatim. */
  const readScript = (kind: ScriptKind, keyLine: number) => {
    const scriptStart = pos;
    let p = pos;
    let ln = line;
    for (;;) {
      let q = p;
      while (q < len && isBlank(text[q])) q++;
      let e = q;
      while (e < len && isAlpha(text[e])) e++;
      if (text.slice(q, e) === 'endscript') {
        const lineStart = text.lastIndexOf('\n', q - 1) + 1;
        const body = lineStart > scriptStart ? text.slice(scriptStart, lineStart) : '';
        scope().scripts[kind] = { kind, text: body, file, line: keyLine, endLine: ln };
        pos = e;
        line = ln;
        return;
      }
      const nl = text.indexOf('\n', p);
      if (nl < 0) err(`${kind} without endscript (expected a line 'endscript')`, keyLine);
      p = nl + 1;
      ln++;
    }
  };

  const header = () => {
    const headLine = line;
    if (stanza) err('unexpected log filename (expected } to close the previous log file definition first)');
    // parseGlobString(): up to '{', across lines; lines starting with '#' skipped; '}' is an error
    let s = '';
    let st: 'init' | 'data' | 'comment' = 'data';
    for (;;) {
      if (pos >= len) err(`missing '{' after log files definition`, headLine);
      const c = text[pos]!;
      if (st === 'init') {
        if (c === '#') st = 'comment';
        else if (!isSpace(c)) st = 'data';
      } else if (c === '\n') st = 'init';
      if (c === '\n') line++;
      if (st === 'comment') {
        if (c === '\n') st = 'init';
        pos++;
        continue;
      }
      if (c === '}') err(`unexpected } (missing previous '{')`);
      if (c === '{') break;
      s += c;
      pos++;
    }
    pos++; // past '{'
    const argv = splitArgv(s.trimEnd()); // not /\s+$/: quadratic on a long run of inner blanks
    if (argv === null) err('error parsing filename (unbalanced quotes?)', headLine);
    if (argv!.length === 0) err('{ expected after log file name(s)', headLine);
    const g = ctx.global;
    const patterns: string[] = [];
    for (const pat of argv!) {
      const prev = ctx.stanzas.find((x) => x.patterns.includes(pat));
      if (prev) {
        if (!prev.options.ignoreduplicates) {
          ctx.warnings.push({
            message: `duplicate log entry for ${pat} (already in ${prev.origin}; logrotate keeps the first)`,
            file,
            line: headLine,
          });
        }
        continue;
      }
      patterns.push(pat);
    }
    stanza = {
      origin: `${file}:${headLine}`,
      file,
      line: headLine,
      patterns,
      options: cloneOptions(g.options),
      optionOrigins: { ...g.origins },
      scripts: { ...g.scripts },
      open: true,
    };
  };

  while (pos < len) {
    const c = text[pos]!;
    if (isBlank(c)) {
      pos++;
      continue;
    }
    if (c === '\n') {
      line++;
      pos++;
      continue;
    }
    if (c === '#') {
      pos = lineEnd(pos);
      continue;
    }
    if (isAlpha(c)) {
      let e = pos;
      while (e < len && isAlpha(text[e])) e++;
      const key = text.slice(pos, e);
      pos = e;
      const next = text[pos];
      if (pos < len && !isSpace(next) && next !== '=') {
        err(`keyword '${key}' not properly separated, found ${JSON.stringify(next)} (expected a blank or '=')`);
      }
      keyword(key, line);
      continue;
    }
    if (c === '/' || c === '"' || c === "'" || c === '~') {
      header();
      continue;
    }
    if (c === '}') {
      const closing = stanza as (Stanza & { open: boolean }) | null; // set by header(), out of TS's sight
      if (!closing) {
        // logrotate 3.21 config.c: "error: FILE:LINE unexpected }", then `goto error`: the rest
        // of this file is ignored, the stanzas read before it (and other files) still apply
        ctx.warnings.push({
          message:
            'unexpected } (no log file definition is open): as logrotate does, the rest of this file is ignored; the stanzas before it apply',
          file,
          line,
        });
        break;
      }
      const { open: _open, ...done } = closing;
      ctx.stanzas.push(done);
      stanza = null;
      pos++;
      // STATE_DEFINITION_END: only blanks may follow on that line
      while (pos < len && isBlank(text[pos])) pos++;
      if (pos < len && text[pos] !== '\n') err('unexpected text after } (nothing may follow } on its line)');
      continue;
    }
    err(`lines must begin with a keyword or a filename (possibly in double quotes), found ${JSON.stringify(c)}`);
  }
  if (stanza) {
    // readConfigFile() does not check for an open definition at end of file: logrotate 3.21
    // uses the stanza as if it had been closed. Say so, but do the same.
    const { open: _open, ...done } = stanza as Stanza & { open: boolean };
    ctx.stanzas.push(done);
    ctx.warnings.push({
      message: `log file definition started at line ${done.line} has no closing } (logrotate accepts this silently)`,
      file,
      line: done.line,
    });
  }
}
