// Which access logs the Apache config writes and in which format: LogFormat nicknames,
// CustomLog/GlobalLog/TransferLog, resolved as mod_log_config.c does it (log_format(),
// add_custom_log(), open_multi_logs(), merge_config_log_state()):
// - `LogFormat "fmt" name` defines a nickname; `LogFormat fmt` (one argument) sets the default
//   format that TransferLog uses, and may itself be a nickname.
// - CustomLog's second argument is looked up among the nicknames when the logs are opened, i.e.
//   after the whole config is read (a LogFormat further down still counts; the last definition
//   of a name wins), case-insensitively (an apr_table); if it is no nickname it is the format.
// - A <VirtualHost> sees its own nicknames over the server's, and the server's default format
//   unless it sets its own. A vhost without its own CustomLog/TransferLog writes to the server's.
// - "CLF" is predefined, and the default format without any LogFormat is CLF.
// The config reader (src/apacheconf) tokenises the directives; this module takes the words.
import { CLF } from './format.js';

/** One LogFormat / CustomLog / GlobalLog / TransferLog directive as the config reader saw it. */
export interface LogDirective {
  name: 'LogFormat' | 'CustomLog' | 'GlobalLog' | 'TransferLog';
  /** the arguments as ap_getword_conf() yields them: quotes removed, `\"` unescaped */
  args: string[];
  /** file:line */
  origin: string;
  /** the <VirtualHost> it sits in (any stable label), null in the server config */
  vhost: string | null;
  /** CustomLog/TransferLog: the file's absolute path (ServerRoot applied, ${VARS} expanded); null for pipes or when unknown */
  path?: string | null;
}

export interface ConfiguredAccessLog {
  /** the directive's file argument as written */
  value: string;
  path: string | null;
  kind: 'file' | 'pipe' | 'syslog';
  format: string;
  /** where the format came from: the LogFormat's file:line, or "CLF default" */
  formatOrigin: string;
  /**
   * For a piped rotatelogs/cronolog log: its files as a glob (the strftime conversions of its
   * file argument as `*`, or `<file>.*` for rotatelogs without any); a relative one is left relative
   */
  pipeGlob: string | null;
  /** env=/expr= clause: the log holds only some requests */
  condition: string | null;
  vhost: string | null;
  origin: string;
}

interface Scope {
  formats: Map<string, { format: string; origin: string }>; // key: nickname lower-cased
  defaultFormat: { format: string; origin: string } | null;
  logs: LogDirective[];
}

export function accessLogsFromConfig(directives: readonly LogDirective[]): {
  logs: ConfiguredAccessLog[];
  warnings: string[];
} {
  const scopes = new Map<string | null, Scope>();
  const scope = (v: string | null) => {
    let s = scopes.get(v);
    if (s === undefined) {
      s = { formats: new Map(), defaultFormat: null, logs: [] };
      scopes.set(v, s);
    }
    return s;
  };
  scope(null).formats.set('clf', { format: CLF, origin: 'CLF (built in)' });
  const warnings: string[] = [];
  for (const d of directives) {
    const s = scope(d.vhost);
    if (d.name === 'LogFormat') {
      const [fmt, nick] = d.args;
      if (fmt === undefined) continue;
      if (nick !== undefined) s.formats.set(nick.toLowerCase(), { format: fmt, origin: d.origin });
      else s.defaultFormat = { format: fmt, origin: d.origin };
    } else if (d.name === 'GlobalLog' && d.vhost !== null) {
      warnings.push(`${d.origin}: GlobalLog is not allowed inside <VirtualHost>; Apache refuses the config`);
    } else if (d.args.length > 0) s.logs.push(d);
  }
  const server = scope(null);
  const out: ConfiguredAccessLog[] = [];
  const resolve = (s: Scope, name: string) =>
    s.formats.get(name.toLowerCase()) ?? server.formats.get(name.toLowerCase());
  for (const [vhost, s] of scopes) {
    let def = s.defaultFormat ?? server.defaultFormat;
    if (def) {
      const nick = resolve(s, def.format);
      if (nick) def = nick;
    }
    for (const d of s.logs) {
      const value = d.args[0]!;
      let format: { format: string; origin: string };
      if (d.name === 'TransferLog' || d.args[1] === undefined) format = def ?? { format: CLF, origin: 'CLF default' };
      else format = resolve(s, d.args[1]) ?? { format: d.args[1], origin: d.origin };
      const condition = d.name === 'TransferLog' ? null : (d.args[2] ?? null);
      const kind = value.startsWith('|') ? 'pipe' : /^syslog(?::|$)/i.test(value) ? 'syslog' : 'file';
      if (!format.format.includes('%'))
        warnings.push(
          `${d.origin}: "${format.format}" is neither a defined LogFormat nickname nor a format; Apache logs it as literal text`,
        );
      out.push({
        value,
        path: kind === 'file' ? (d.path ?? null) : null,
        kind,
        pipeGlob: kind === 'pipe' ? pipeGlob(value) : null,
        format: format.format,
        formatOrigin: format.origin,
        condition,
        vhost,
        origin: d.origin,
      });
    }
  }
  return { logs: out, warnings };
}

/**
 * Where a piped log's program writes: `rotatelogs [options] <file> <time|size>` (support/rotatelogs.c
 * new_logfile_name(): strftime in the name; else `<file>` with -t, `<file>` and `<file>.N` with -n N,
 * `<file>.<10-digit epoch>` otherwise) and `cronolog <template>`. Other programs: unknown.
 */
function pipeGlob(value: string): string | null {
  const words = value.slice(1).trim().split(/\s+/);
  const prog = (words[0] ?? '').split('/').pop() ?? '';
  if (prog !== 'rotatelogs' && prog !== 'cronolog') return null;
  const takesValue = new Set(['-L', '-p', '-n']);
  let file: string | null = null;
  let naming: 'epoch' | 'fixed' | 'numbered' = 'epoch';
  for (let k = 1; k < words.length; k++) {
    const w = words[k]!;
    if (w.startsWith('-')) {
      if (takesValue.has(w)) k++;
      if (w === '-t') naming = 'fixed';
      else if (w === '-n' && naming !== 'fixed') naming = 'numbered';
      continue;
    }
    file = w;
    break;
  }
  if (file === null) return null;
  if (/%/.test(file)) return file.replace(/%[-_0^#]?[A-Za-z%]/g, '*').replace(/\*+/g, '*');
  if (prog === 'cronolog' || naming === 'fixed') return file;
  return naming === 'numbered' ? `${file}*` : `${file}.*`;
}
