// Apache configuration file syntax, mirroring httpd's own reader so that what we see is what
// httpd sees: ap_cfg_getline() (server/util.c) for physical → logical lines, ap_getword_conf()
// (server/util.c) for arguments, ap_build_config_sub() (server/config.c) for comments and
// <Section> lines.
import { InputError } from '../errors.js';

export interface LogicalLine {
  /**
   * 1-based line number as httpd gives it: for a directive continued over several lines, the
   * number of its last line (ap_cfg_getline counts every physical line it reads before the
   * directive is built; `httpd -D DUMP_CONFIG` and its syntax errors show the same number).
   */
  line: number;
  text: string;
}

/**
 * Splits a file into logical lines: a line whose last non-blank character is `\` continues on
 * the next one (the backslash is dropped, ap_cfg_getline); leading and trailing blanks are
 * trimmed; blank lines and `#` comments are skipped. httpd tests for `#` after joining, so a
 * comment that ends in `\` swallows the following line — we do the same.
 */
export function logicalLines(text: string): LogicalLine[] {
  const physical = text.split(/\r?\n/);
  const out: LogicalLine[] = [];
  for (let i = 0; i < physical.length; i++) {
    // parts joined once (repeated concatenation and trimming is quadratic on a long continuation)
    let part = (physical[i] ?? '').trimEnd();
    const parts: string[] = [];
    while (part.endsWith('\\') && i + 1 < physical.length) {
      parts.push(part.slice(0, -1));
      part = (physical[++i] ?? '').trimEnd();
    }
    parts.push(part.endsWith('\\') ? part.slice(0, -1) : part);
    const trimmed = (parts.length === 1 ? parts[0]! : parts.join('')).trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    out.push({ line: i + 1, text: trimmed });
  }
  return out;
}

/**
 * One word as ap_getword_conf() reads it: a "double" or 'single' quoted string (a backslash
 * before the closing quote character escapes it) or a run of non-blank characters.
 * Returns the word and the rest of the line with leading blanks removed.
 */
export function getWordConf(input: string): { word: string; rest: string } {
  const { word, next } = wordAt(input, 0);
  return { word, rest: input.slice(next) };
}

const isBlank = (c: number) => c === 32 || (c >= 9 && c <= 13);

/**
 * The word starting at or after `from` and the index where the next one may start (after its
 * trailing blanks): index-based, so splitting a long line stays linear.
 */
export function wordAt(s: string, from: number): { word: string; next: number } {
  let i = from;
  while (i < s.length && isBlank(s.charCodeAt(i))) i++;
  if (i >= s.length) return { word: '', next: s.length };
  const q = s[i];
  let word: string;
  if (q === '"' || q === "'") {
    const parts: string[] = [];
    let start = ++i;
    while (i < s.length && s[i] !== q) {
      if (s[i] === '\\' && s[i + 1] === q) {
        parts.push(s.slice(start, i), q);
        i += 2;
        start = i;
      } else i++;
    }
    parts.push(s.slice(start, i));
    word = parts.join('');
    if (i < s.length) i++; // closing quote
  } else {
    const start = i;
    while (i < s.length && !isBlank(s.charCodeAt(i))) i++;
    word = s.slice(start, i);
  }
  while (i < s.length && isBlank(s.charCodeAt(i))) i++;
  return { word, next: i };
}

/** All words of an argument string (TAKE1/TAKE2/ITERATE directives). */
export function splitArgs(args: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < args.length && isBlank(args.charCodeAt(i))) i++;
  while (i < args.length) {
    const r = wordAt(args, i);
    out.push(r.word);
    i = r.next;
  }
  return out;
}

/**
 * `${NAME}` expansion as ap_resolve_env() does it (server/util.c): a defined name is replaced,
 * an undefined one is left as written and reported.
 */
export function expandVars(
  text: string,
  vars: ReadonlyMap<string, string>,
  undefinedNames?: Set<string>,
  where?: { file: string; line: number },
): string {
  let length = text.length;
  return text.replace(/\$\{([A-Za-z0-9_:]+)\}/g, (whole, name: string) => {
    const v = vars.get(name);
    if (v === undefined) {
      undefinedNames?.add(name);
      return whole;
    }
    length += v.length - whole.length;
    if (length > MAX_EXPANDED_LINE)
      throw new InputError(
        `\${${name}} makes this line longer than ${MAX_EXPANDED_LINE / 1024 / 1024} MiB once expanded (Define values built from each other double at every step)`,
        where,
      );
    return v;
  });
}

/**
 * Longest line after `${VAR}` expansion. httpd itself has no such limit, but a chain of 30
 * `Define Vn ${Vm}${Vm}` lines makes a gigabyte; real configs stay far below this.
 */
export const MAX_EXPANDED_LINE = 1024 * 1024;

/**
 * The variables Debian's /etc/apache2/envvars exports (APACHE_RUN_DIR, APACHE_LOG_DIR, …), read
 * the simple way: `export NAME=value` lines, `$X`/`${X}` expanded from earlier lines, unknown
 * names (such as $SUFFIX, empty for the default instance) expand to nothing.
 */
export function parseEnvvars(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*export\s+([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(raw);
    if (!m || m[1] === undefined || m[2] === undefined) continue;
    let value = m[2].trim();
    if ((value.startsWith('"') && value.endsWith('"')) || (value.startsWith("'") && value.endsWith("'")))
      value = value.slice(1, -1);
    value = value.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_w, n: string) => vars.get(n) ?? '');
    vars.set(m[1], value);
  }
  return vars;
}
