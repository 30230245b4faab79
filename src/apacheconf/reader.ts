// Reads an Apache httpd configuration the way httpd does (server/config.c: Include handling,
// EXEC_ON_READ directives such as ServerRoot/Define/LoadModule and the <If…> sections; see
// syntax.ts for line syntax) and keeps the facts mod_wsgi connect failures depend on, each with
// the file:line it came from. Pure apart from the FsLike passed in.
import * as path from 'node:path';
import { InputError } from '../errors.js';
import type { ApacheConfigFacts, ConfigValue, Mpm, WsgiDaemonDecl } from '../model.js';
import { serviceDefines, sysconfigMpm } from './distro.js';
import { nodeFs, type FsLike } from '../fs/index.js';
import { componentMatcher, hasWildcard, strcmpOrder } from './glob.js';
import { expandVars, getWordConf, logicalLines, parseEnvvars, splitArgs, wordAt } from './syntax.js';

export interface ReadApacheConfigOptions {
  /**
   * Filesystem root (a live host's "/" or an unpacked sosreport): absolute paths in the config
   * are looked up under it, and the service's -D flags and SUSE's APACHE_MPM are read from its
   * /etc/sysconfig (see distro.ts) unless `defines` is given.
   */
  root?: string;
  fs?: FsLike;
  /** Names passed to httpd with -D (they make <IfDefine NAME> true). */
  defines?: string[];
}

/** Sections that only decide whether their content is read; they do not change the context. */
const CONDITIONALS = new Set(['ifmodule', 'ifdefine', 'ifversion', 'iffile', 'ifdirective', 'ifsection']);
const LOG_DIRECTIVES: Record<string, 'LogFormat' | 'CustomLog' | 'GlobalLog' | 'TransferLog'> = {
  logformat: 'LogFormat',
  customlog: 'CustomLog',
  transferlog: 'TransferLog',
  globallog: 'GlobalLog',
};

/** Sections that are a per-directory context (GLOBAL_ONLY rejects directives inside them). */
const DIR_CONTEXTS = new Set([
  'directory',
  'directorymatch',
  'location',
  'locationmatch',
  'files',
  'filesmatch',
  'proxy',
  'proxymatch',
  'limit',
  'limitexcept',
  'if',
  'elseif',
  'else',
]);

/**
 * Modules compiled into httpd rather than loaded with LoadModule: `apache2 -l` on Debian 12's
 * apache2 2.4 lists core.c mod_so.c mod_watchdog.c http_core.c mod_log_config.c mod_logio.c
 * mod_version.c mod_unixd.c. RHEL loads the last five with LoadModule, so counting them as
 * present is right on both.
 */
const STATIC_MODULES = new Set([
  'core_module',
  'so_module',
  'watchdog_module',
  'http_module',
  'log_config_module',
  'logio_module',
  'version_module',
  'unixd_module',
]);

/** `<IfModule>` accepts the module identifier (wsgi_module) or its source file (mod_wsgi.c). */
function moduleId(name: string): string {
  if (!name.endsWith('.c')) return name;
  const base = name.slice(0, -2);
  const special: Record<string, string> = {
    core: 'core_module',
    http_core: 'http_module',
    prefork: 'mpm_prefork_module',
    worker: 'mpm_worker_module',
    event: 'mpm_event_module',
  };
  if (Object.hasOwn(special, base)) return special[base]!;
  return (base.startsWith('mod_') ? base.slice(4) : base) + '_module';
}

interface Frame {
  /** lower-case section name, e.g. "virtualhost" */
  name: string;
  /** as written, for messages: "<VirtualHost *:80>" */
  display: string;
  active: boolean;
  file: string;
  line: number;
}

/** The exports of Debian 12's /etc/apache2/envvars (apache2 2.4 package) for the default instance. */
const DEBIAN_ENVVARS = [
  'export APACHE_RUN_USER=www-data',
  'export APACHE_RUN_GROUP=www-data',
  'export APACHE_PID_FILE=/var/run/apache2/apache2.pid',
  'export APACHE_RUN_DIR=/var/run/apache2',
  'export APACHE_LOCK_DIR=/var/lock/apache2',
  'export APACHE_LOG_DIR=/var/log/apache2',
].join('\n');

const MAX_INCLUDE_DEPTH = 128; // httpd's AP_MAX_INCLUDE_DEPTH (include/http_config.h)
// Ours, not httpd's: an include tree where each file includes the next one twice reads 2^25
// files at 25 levels; real configurations read a few hundred.
const MAX_FILES_READ = 10_000;
// Ours too (httpd recurses per section and would run out of stack first): a section nesting
// deeper than this is not a configuration anyone runs.
const MAX_SECTION_DEPTH = 1_000;

class ConfigReader {
  readonly files: string[] = [];
  readonly problems: string[] = [];
  readonly warnings: string[] = [];
  readonly loaded: string[] = [];
  readonly daemons: WsgiDaemonDecl[] = [];
  readonly vars = new Map<string, string>();
  readonly defines: Set<string>;
  serverRoot: ConfigValue<string>;
  socketRotation: ConfigValue<'on' | 'off'> | null = null;
  socketPrefixRaw: ConfigValue<string> | null = null;
  keepAlive: ConfigValue<boolean> | null = null;
  keepAliveTimeout: ConfigValue<number> | null = null;
  maxKeepAliveRequests: ConfigValue<number> | null = null;
  gracefulShutdownTimeout: ConfigValue<number> | null = null;
  mpm: ConfigValue<Mpm> | null = null;
  readonly errorLogs: NonNullable<ApacheConfigFacts['errorLogs']> = [];
  readonly logDirectives: NonNullable<ApacheConfigFacts['logDirectives']> = [];
  private readonly errorLogScopes: string[] = [];
  errorLogFormat: ConfigValue<string> | null = null;
  logLevel: ConfigValue<string> | null = null;
  private readonly chain: string[] = [];
  private readCount = 0;
  private readonly undefinedVars = new Set<string>();

  constructor(
    private readonly fs: FsLike,
    private readonly root: string | null,
    defines: string[],
    defaultServerRoot: string,
  ) {
    this.defines = new Set(defines);
    this.serverRoot = { value: defaultServerRoot, origin: 'default (directory of the main config)' };
  }

  /** An Apache path (as httpd would see it) → where to read it on this machine. */
  disk(apachePath: string): string {
    return this.root === null ? apachePath : path.join(this.root, apachePath);
  }

  /** ap_server_root_relative(): relative paths are taken from ServerRoot. */
  absolute(p: string): string {
    return path.posix.isAbsolute(p) ? path.posix.normalize(p) : path.posix.join(this.serverRoot.value, p);
  }

  loadEnvvars(dir: string): void {
    // Debian's apache2ctl sources <confdir>/envvars before starting httpd; apache2.conf relies on it.
    const file = this.disk(path.posix.join(dir, 'envvars'));
    let text: string | null = null;
    try {
      text = this.fs.kind(file) === 'file' ? this.fs.readFile(file) : null;
    } catch {
      text = null;
    }
    if (text === null && dir === '/etc/apache2' && this.root !== null) {
      // A bundle without envvars: the Debian package's values for the default instance.
      text = DEBIAN_ENVVARS;
      this.warnings.push(
        `${file} is missing: Debian's default envvars assumed (APACHE_LOG_DIR=/var/log/apache2, APACHE_RUN_DIR=/var/run/apache2)`,
      );
    }
    if (text === null) return;
    for (const [k, v] of parseEnvvars(text)) if (!this.vars.has(k)) this.vars.set(k, v);
  }

  readFile(diskPath: string, outer: Frame[], from: { file: string; line: number } | null): void {
    if (this.chain.includes(diskPath)) {
      throw new InputError(
        `Include of ${diskPath} loops back on itself (include chain: ${[...this.chain, diskPath].join(' -> ')})`,
        from ?? { file: diskPath },
      );
    }
    if (this.chain.length >= MAX_INCLUDE_DEPTH)
      throw new InputError(
        `Include of ${diskPath} exceeds the maximum include depth of ${MAX_INCLUDE_DEPTH} (httpd's AP_MAX_INCLUDE_DEPTH)`,
        from ?? { file: diskPath },
      );
    if (this.readCount >= MAX_FILES_READ)
      throw new InputError(
        `Include of ${diskPath} would read more than ${MAX_FILES_READ} configuration files (files including each other several times?)`,
        from ?? { file: diskPath },
      );
    this.readCount++;
    let text: string;
    try {
      text = this.fs.readFile(diskPath);
    } catch (e) {
      const code = (e as { code?: string }).code;
      const why =
        code === 'ENOENT'
          ? 'no such file'
          : code === 'EACCES'
            ? 'permission denied'
            : code === 'EISDIR'
              ? 'is a directory'
              : (e as Error).message;
      if (from === null) throw new InputError(`cannot read the Apache configuration: ${why}`, { file: diskPath });
      throw new InputError(`cannot read included file ${diskPath}: ${why}`, from);
    }
    this.files.push(diskPath);
    this.chain.push(diskPath);
    const local: Frame[] = [];
    // Directives (Include among them) run only in active sections, so `outer` is all active;
    // counting the inactive local frames keeps each line O(1) however deep the nesting.
    let inactive = outer.some((f) => !f.active) ? 1 : 0;
    for (const { line, text: raw } of logicalLines(text)) {
      const where = { file: diskPath, line };
      const active = inactive === 0;
      const lineText = active ? expandVars(raw, this.vars, this.undefinedVars, where) : raw;
      if (lineText.startsWith('</')) {
        const name = lineText.slice(2).replace(/>\s*$/, '').trim().toLowerCase();
        const open = local.pop();
        if (!open) throw new InputError(`</${name}> without matching <${name}> section`, where);
        if (!open.active) inactive--;
        if (open.name !== name)
          throw new InputError(
            `Expected </${open.display.slice(1).split(/[\s>]/)[0]}> but saw </${name}> (section opened at line ${open.line})`,
            where,
          );
        continue;
      }
      if (lineText.startsWith('<')) {
        const { word, rest } = getWordConf(lineText);
        const tag = word.slice(1).replace(/>$/, '');
        const name = tag.toLowerCase();
        if (!rest.endsWith('>') && !word.endsWith('>'))
          throw new InputError(`<${tag} directive missing closing '>'`, where);
        const args = rest.replace(/>\s*$/, '').trim();
        const frame: Frame = { name, display: `<${tag}${args ? ' ' + args : ''}>`, active: true, file: diskPath, line };
        if (active && CONDITIONALS.has(name)) frame.active = this.condition(name, args, where);
        if (active && name === 'macro') {
          // mod_macro: the body only takes effect where a "Use" expands it, with its $parameters.
          frame.active = false;
          this.warnings.push(
            `${where.file}:${where.line}: ${frame.display} is not expanded; directives inside it (and its Use lines) are not read`,
          );
        }
        if (outer.length + local.length >= MAX_SECTION_DEPTH)
          throw new InputError(
            `${frame.display.split(/[\s>]/)[0]}> nests sections more than ${MAX_SECTION_DEPTH} deep`,
            where,
          );
        local.push(frame);
        if (!frame.active) inactive++;
        continue;
      }
      if (!active) continue;
      const { word, rest } = getWordConf(lineText);
      this.directive(word.toLowerCase(), word, rest, where, [...outer, ...local]);
    }
    const unclosed = local[local.length - 1];
    this.chain.pop();
    if (unclosed)
      throw new InputError(`${unclosed.display.split(/[\s>]/)[0]}> was not closed.`, {
        file: diskPath,
        line: unclosed.line,
      });
  }

  private condition(name: string, args: string, where: { file: string; line: number }): boolean {
    const word = splitArgs(args)[0] ?? '';
    const negate = word.startsWith('!');
    const arg = negate ? word.slice(1) : word;
    let value: boolean;
    switch (name) {
      case 'ifmodule': {
        const id = moduleId(arg);
        if (this.loaded.includes(id) || STATIC_MODULES.has(id)) value = true;
        else if (this.loaded.length > 0) value = false;
        else {
          // No LoadModule seen yet (a fragment read on its own): we cannot know, so read it.
          value = !negate;
          this.warnings.push(
            `${where.file}:${where.line}: <IfModule ${word}> assumed true: no LoadModule was read before it`,
          );
          return value;
        }
        break;
      }
      case 'ifdefine':
        value = this.defines.has(arg);
        break;
      case 'iffile':
        value = this.fs.kind(this.disk(this.absolute(arg))) !== null;
        break;
      default:
        // <IfVersion>, <IfDirective>, <IfSection>: assume the running httpd satisfies them.
        return true;
    }
    return negate ? !value : value;
  }

  private directive(
    name: string,
    written: string,
    args: string,
    where: { file: string; line: number },
    context: Frame[],
  ): void {
    const origin = `${where.file}:${where.line}`;
    const vhost = context.find((f) => f.name === 'virtualhost');
    const dir = context.find((f) => DIR_CONTEXTS.has(f.name));
    const words = (): string[] => splitArgs(args);
    // mod_wsgi's WSGISocketRotation and WSGISocketPrefix call ap_check_cmd_context(cmd, GLOBAL_ONLY)
    // (src/server/mod_wsgi.c in 4.6–5.x, src/server/wsgi_daemon.c in 6.x); httpd then refuses the whole configuration.
    const globalOnly = (): boolean => {
      const inside = vhost ?? dir;
      if (!inside) return true;
      const section = inside.display.split(/[\s>]/)[0]?.slice(1) ?? inside.name;
      this.problems.push(
        `${origin}: ${written} cannot occur within <${section}> section (opened at ${inside.file}:${inside.line}); mod_wsgi allows it only in the server config, so httpd refuses to start or reload with this configuration`,
      );
      return false;
    };
    switch (name) {
      case 'serverroot': {
        const v = words()[0];
        if (!v) throw new InputError('ServerRoot takes one argument', where);
        const abs = path.posix.normalize(v.replace(/\/+$/, '') || '/');
        if (this.fs.kind(this.disk(abs)) !== 'dir')
          this.warnings.push(
            `${origin}: ServerRoot ${abs} is not a directory here${this.root ? ` (under ${this.root})` : ''}; relative paths may not resolve`,
          );
        this.serverRoot = { value: abs, origin };
        return;
      }
      case 'define': {
        const [n, v] = words();
        if (!n) throw new InputError('Define takes one or two arguments', where);
        this.defines.add(n);
        this.vars.set(n, v ?? '');
        return;
      }
      case 'undefine': {
        const n = words()[0];
        if (n) {
          this.defines.delete(n);
          this.vars.delete(n);
        }
        return;
      }
      case 'loadmodule': {
        const id = words()[0];
        if (!id) throw new InputError('LoadModule takes two arguments', where);
        if (this.loaded.includes(id)) {
          this.warnings.push(`${origin}: module ${id} is already loaded, skipping`);
          return;
        }
        this.loaded.push(id);
        const m = /^mpm_(prefork|worker|event)_module$/.exec(id);
        if (m) {
          if (this.mpm)
            this.problems.push(
              `${origin}: a second MPM (${m[1]}) is loaded after ${this.mpm.value} at ${this.mpm.origin}; httpd refuses this ("More than one MPM loaded")`,
            );
          else this.mpm = { value: m[1] as Mpm, origin };
        }
        return;
      }
      case 'include':
      case 'includeoptional':
        this.include(words()[0] ?? '', name === 'includeoptional', where, context);
        return;
      case 'wsgisocketrotation': {
        const v = (words()[0] ?? '').toLowerCase();
        if (v !== 'on' && v !== 'off') throw new InputError('WSGISocketRotation must be one of: Off | On', where);
        if (globalOnly()) this.socketRotation = { value: v, origin };
        return;
      }
      case 'wsgisocketprefix': {
        const v = words()[0];
        if (!v) throw new InputError('WSGISocketPrefix takes one argument', where);
        if (globalOnly()) this.socketPrefixRaw = { value: v, origin };
        return;
      }
      case 'wsgidaemonprocess':
        this.daemon(args, origin, where);
        return;
      case 'keepalive': {
        // AP_INIT_FLAG in server/core.c: only On or Off.
        const v = (words()[0] ?? '').toLowerCase();
        if (v !== 'on' && v !== 'off') throw new InputError(`KeepAlive must be On or Off`, where);
        this.serverOrVhost('KeepAlive', v === 'on', v, origin, vhost, (c) => (this.keepAlive = c));
        return;
      }
      case 'keepalivetimeout': {
        const seconds = parseTimeout(words()[0] ?? '');
        if (seconds === null)
          throw new InputError(
            `KeepAliveTimeout has wrong format: '${words()[0] ?? ''}' (expected seconds, or a number with ms/s/mi/h)`,
            where,
          );
        this.serverOrVhost(
          'KeepAliveTimeout',
          seconds,
          `${seconds} s`,
          origin,
          vhost,
          (c) => (this.keepAliveTimeout = c),
        );
        return;
      }
      case 'maxkeepaliverequests': {
        const n = atoi(words()[0] ?? '', origin, written, this.warnings);
        this.serverOrVhost('MaxKeepAliveRequests', n, String(n), origin, vhost, (c) => (this.maxKeepAliveRequests = c));
        return;
      }
      case 'gracefulshutdowntimeout': {
        // server/mpm_common.c: atoi(); server config only (RSRC_CONF), so a vhost copy is ignored by httpd too.
        const n = atoi(words()[0] ?? '', origin, written, this.warnings);
        if (vhost)
          this.problems.push(`${origin}: GracefulShutdownTimeout is not allowed in <VirtualHost> (server config only)`);
        else this.gracefulShutdownTimeout = { value: n, origin };
        return;
      }
      case 'errorlog': {
        // server/log.c open_error_log(): "|cmd" is a piped logger, "syslog[:facility]" goes to
        // syslog, anything else is a file relative to ServerRoot.
        const v = words()[0];
        if (!v) throw new InputError('ErrorLog takes one argument', where);
        const kind = v.startsWith('|') ? 'pipe' : /^syslog(?::|$)/i.test(v) ? 'syslog' : 'file';
        // A ${VAR} left unexpanded makes the path unknown rather than wrongly ServerRoot-relative.
        const file = kind === 'file' && !/\$\{/.test(v) ? this.absolute(v) : null;
        const entry = { value: v, path: file, kind, vhost: vhost ? vhost.display : null, origin } as const;
        // A later ErrorLog in the same scope (the server, or one <VirtualHost> block) replaces the earlier one.
        const scope = vhost ? `${vhost.file}:${vhost.line}` : 'server';
        const prev = this.errorLogScopes.indexOf(scope);
        if (prev >= 0) this.errorLogs[prev] = entry;
        else {
          this.errorLogs.push(entry);
          this.errorLogScopes.push(scope);
        }
        return;
      }
      case 'logformat':
      case 'customlog':
      case 'transferlog':
      case 'globallog': {
        // mod_log_config: resolved in src/access (accessLogsFromConfig), which needs them all in order
        const w = words();
        const dname = LOG_DIRECTIVES[name]!;
        const v = w[0] ?? '';
        const file =
          dname !== 'LogFormat' && v !== '' && !v.startsWith('|') && !/^syslog(?::|$)/i.test(v) && !/\$\{/.test(v)
            ? this.absolute(v)
            : null;
        this.logDirectives.push({
          name: dname,
          args: w,
          origin,
          vhost: vhost ? `${vhost.file}:${vhost.line}` : null,
          ...(dname === 'LogFormat' ? {} : { path: file }),
        });
        return;
      }
      case 'errorlogformat': {
        const w = words();
        if (w[0] === 'connection' || w[0] === 'request') return; // extra per-connection/request lines, not the line format
        if (vhost) this.warnings.push(`${origin}: ErrorLogFormat applies only to ${vhost.display}`);
        else this.errorLogFormat = { value: w.join(' '), origin };
        return;
      }
      case 'loglevel':
        if (!vhost && !dir) this.logLevel = { value: words().join(' '), origin };
        return;
      default:
        return;
    }
  }

  /** Keep-alive settings may be set per <VirtualHost>; the server value is the one that applies to the others. */
  private serverOrVhost<T>(
    directive: string,
    value: T,
    shown: string,
    origin: string,
    vhost: Frame | undefined,
    set: (c: ConfigValue<T>) => void,
  ): void {
    if (vhost) this.warnings.push(`${origin}: ${directive} ${shown} applies only to ${vhost.display}`);
    else set({ value, origin });
  }

  private daemon(args: string, origin: string, where: { file: string; line: number }): void {
    // mod_wsgi wsgi_add_daemon_process() (src/server/mod_wsgi.c in 4.x/5.x, wsgi_daemon.c in 6.x): the name is ap_getword_conf(), then name=value options
    // parsed by wsgi_parse_option() (mod_wsgi.c; wsgi_config.c in 6.x), the value possibly quoted.
    const first = getWordConf(args);
    if (!first.word) throw new InputError('Name of WSGI daemon process not supplied.', where);
    const options: Record<string, string> = Object.create(null); // keyed on input (__proto__=…)
    const rest = first.rest;
    const option = /\s*([^=\s]+)=/y; // sticky: matched in place, no slicing of a long line
    let at = 0;
    while (at < rest.length && rest.slice(at, at + 1).trim() === '') at++;
    while (at < rest.length) {
      option.lastIndex = at;
      const m = option.exec(rest);
      if (!m || m[1] === undefined)
        throw new InputError(
          `Invalid option to WSGI daemon process definition: '${
            rest
              .slice(at, at + 200)
              .trim()
              .split(/\s/)[0]
          }' (expected name=value)`,
          where,
        );
      const value = wordAt(rest, at + m[0].length);
      options[m[1].toLowerCase()] = value.word;
      at = value.next;
    }
    const dup = this.daemons.find((d) => d.name === first.word);
    if (dup)
      this.problems.push(
        `${origin}: WSGIDaemonProcess ${first.word} duplicates the definition at ${dup.origin}; mod_wsgi refuses this ("Name duplicates previous WSGI daemon definition.")`,
      );
    const decl: WsgiDaemonDecl = { name: first.word, options, origin };
    this.daemons.push(decl);
  }

  private include(arg: string, optional: boolean, where: { file: string; line: number }, context: Frame[]): void {
    if (!arg) throw new InputError(`${optional ? 'IncludeOptional' : 'Include'} takes one argument`, where);
    const target = this.absolute(arg);
    const matches = hasWildcard(target)
      ? this.expandGlob(target)
      : this.fs.kind(this.disk(target)) !== null
        ? [target]
        : [];
    if (matches.length === 0) {
      // httpd fails to start on an Include that matches nothing; IncludeOptional is silent.
      if (!optional)
        this.warnings.push(
          `${where.file}:${where.line}: Include ${arg} matches no file (${this.disk(target)}); httpd itself would refuse to start`,
        );
      return;
    }
    for (const m of matches) this.includePath(m, where, context, 0);
  }

  /** A directory is read whole, recursively, in strcmp order (process_resource_config_nofnmatch). */
  private includePath(
    apachePath: string,
    where: { file: string; line: number },
    context: Frame[],
    depth: number,
  ): void {
    const disk = this.disk(apachePath);
    if (this.fs.kind(disk) === 'dir') {
      if (depth > MAX_INCLUDE_DEPTH)
        throw new InputError(`Directory ${disk} exceeds the maximum include directory nesting level`, where);
      const names = this.fs.readdir(disk).sort(strcmpOrder);
      for (const n of names) this.includePath(path.posix.join(apachePath, n), where, context, depth + 1);
      return;
    }
    this.readFile(disk, context, where);
  }

  private expandGlob(pattern: string): string[] {
    const parts = pattern.split('/').filter((p) => p !== '');
    let current = ['/'];
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i] as string;
      const last = i === parts.length - 1;
      const next: string[] = [];
      for (const base of current) {
        if (!hasWildcard(part)) {
          const p = path.posix.join(base, part);
          if (this.fs.kind(this.disk(p)) !== null) next.push(p);
          continue;
        }
        if (this.fs.kind(this.disk(base)) !== 'dir') continue;
        const match = componentMatcher(part);
        for (const n of this.fs.readdir(this.disk(base)).sort(strcmpOrder)) {
          if (!match(n)) continue;
          const p = path.posix.join(base, n);
          if (!last && this.fs.kind(this.disk(p)) !== 'dir') continue;
          next.push(p);
        }
      }
      current = next;
    }
    return current;
  }

  finish(): ApacheConfigFacts {
    for (const n of this.undefinedVars) this.warnings.push(`config variable \${${n}} is not defined (left as written)`);
    const socketPrefix = this.socketPrefixRaw
      ? { value: this.absolute(this.socketPrefixRaw.value), origin: this.socketPrefixRaw.origin }
      : null;
    return {
      files: this.files,
      serverRoot: this.serverRoot,
      socketRotation: this.socketRotation,
      socketPrefix,
      // httpd's built-in values when the config does not set them (include/httpd.h, server/core.c).
      keepAlive: this.keepAlive ?? { value: true, origin: 'default (httpd: KeepAlive On)' },
      keepAliveTimeout: this.keepAliveTimeout ?? { value: 5, origin: 'default (httpd: DEFAULT_KEEPALIVE_TIMEOUT 5 s)' },
      maxKeepAliveRequests: this.maxKeepAliveRequests ?? {
        value: 100,
        origin: 'default (httpd: DEFAULT_KEEPALIVE 100)',
      },
      gracefulShutdownTimeout: this.gracefulShutdownTimeout ?? {
        value: 0,
        origin: 'default (httpd: 0 = no limit; applies to graceful-stop only)',
      },
      mpm: this.mpm,
      daemons: this.daemons,
      problems: this.problems,
      warnings: this.warnings,
      loadedModules: this.loaded,
      errorLogs: this.errorLogs,
      logDirectives: this.logDirectives,
      errorLogFormat: this.errorLogFormat,
      logLevel: this.logLevel,
    };
  }
}

/** ap_timeout_parameter_parse() (server/util.c): a number with an optional ms, s, mi or h unit; seconds out. */
export function parseTimeout(text: string): number | null {
  const m = /^(\d+)(ms|s|mi|h)?$/i.exec(text.trim());
  if (!m || m[1] === undefined) return null;
  const n = Number(m[1]);
  switch ((m[2] ?? 's').toLowerCase()) {
    case 'ms':
      return n / 1000;
    case 'mi':
      return n * 60;
    case 'h':
      return n * 3600;
    default:
      return n;
  }
}

/** httpd reads these with atoi(): leading digits, else 0. Say so when that swallows text. */
function atoi(text: string, origin: string, directive: string, warnings: string[]): number {
  const m = /^\s*([+-]?\d+)/.exec(text);
  if (!m || m[1] === undefined || !/^[+-]?\d+$/.test(text.trim()))
    warnings.push(`${origin}: ${directive} '${text}' is not a whole number; httpd reads it as ${m?.[1] ?? 0}`);
  return m?.[1] !== undefined ? Number(m[1]) : 0;
}

/**
 * Reads an Apache main configuration and the files it includes.
 *
 * - `Include`/`IncludeOptional` with wildcards and directories, relative to ServerRoot; with
 *   `root`, absolute paths are looked up under that directory (a sosreport or a mounted image).
 * - `<IfModule>` is true for modules loaded by LoadModule so far (and httpd's compiled-in ones),
 *   false for others once any LoadModule has been read; before that it is assumed true, noted in
 *   `warnings`. `<IfDefine>` uses `defines` plus `Define`. `<IfFile>` checks the file.
 * - Keep-alive settings not in the config get httpd's defaults, with an origin starting "default".
 *
 * Throws InputError (file:line) for an unreadable main file, an unreadable included file, an
 * unclosed or mismatched section, an include loop and values httpd itself rejects.
 */
export function readApacheConfig(mainPath: string, options: ReadApacheConfigOptions = {}): ApacheConfigFacts {
  const fs = options.fs ?? nodeFs;
  const root = options.root ? path.resolve(options.root) : null;
  let apacheMain: string;
  let diskMain: string;
  if (root !== null) {
    const abs = path.resolve(mainPath);
    if (abs.startsWith(root + path.sep) && fs.kind(abs) !== null) {
      diskMain = abs;
      apacheMain = '/' + path.relative(root, abs).split(path.sep).join('/');
    } else {
      apacheMain = path.posix.isAbsolute(mainPath) ? path.posix.normalize(mainPath) : '/' + mainPath;
      diskMain = path.join(root, apacheMain);
    }
  } else {
    apacheMain = path.resolve(mainPath);
    diskMain = apacheMain;
  }
  const kind = fs.kind(diskMain);
  if (kind === null) throw new InputError('cannot read the Apache configuration: no such file', { file: mainPath });
  if (kind === 'dir')
    throw new InputError(
      'cannot read the Apache configuration: is a directory (give the main file, e.g. apache2.conf or httpd.conf)',
      { file: mainPath },
    );
  // httpd's compiled-in ServerRoot is /etc/apache2 on Debian (the config's own directory) and
  // /etc/httpd on RHEL, where the file sits in conf/ — the parent of the config's directory.
  let defaultRoot = path.posix.dirname(apacheMain);
  if (path.posix.basename(defaultRoot) === 'conf') defaultRoot = path.posix.dirname(defaultRoot);
  let defines = options.defines ?? [];
  const notes: string[] = [];
  if (options.defines === undefined && root !== null) {
    const d = serviceDefines(root, fs);
    defines = d.names;
    if (d.origin && d.names.length > 0)
      notes.push(`-D ${d.names.join(' -D ')} from ${d.origin} (the service passes them to httpd)`);
  }
  const reader = new ConfigReader(fs, root, defines, defaultRoot);
  reader.warnings.push(...notes);
  reader.loadEnvvars(path.posix.dirname(apacheMain));
  try {
    reader.readFile(diskMain, [], null);
  } catch (e) {
    if (e instanceof InputError && e.file === diskMain && e.line === undefined)
      throw new InputError(e.message, { file: mainPath });
    throw e;
  }
  if (reader.mpm === null && root !== null) reader.mpm = sysconfigMpm(root, fs);
  return reader.finish();
}
