// Apache configuration file syntax, mirroring httpd's own reader so that what we see is what
// httpd sees: ap_cfg_getline() (server/util.c) for physical → logical lines, ap_getword_conf()
// (server/util.c) for arguments, ap_build_config_sub() (server/config.c) for comments and
// <Section> lines.

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
    let buf = (physical[i] ?? '').replace(/\s+$/, '');
    while (buf.endsWith('\\') && i + 1 < physical.length) {
      i++;
      buf = buf.slice(0, -1) + (physical[i] ?? '').replace(/\s+$/, '');
    }
    if (buf.endsWith('\\')) buf = buf.slice(0, -1);
    const trimmed = buf.trim();
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
  const s = input.replace(/^\s+/, '');
  if (s === '') return { word: '', rest: '' };
  const q = s[0];
  if (q === '"' || q === "'") {
    let i = 1;
    let word = '';
    while (i < s.length && s[i] !== q) {
      if (s[i] === '\\' && s[i + 1] === q) {
        word += q;
        i += 2;
      } else {
        word += s[i];
        i++;
      }
    }
    if (i < s.length) i++; // closing quote
    return { word, rest: s.slice(i).replace(/^\s+/, '') };
  }
  const m = /^\S+/.exec(s);
  const word = m ? m[0] : '';
  return { word, rest: s.slice(word.length).replace(/^\s+/, '') };
}

/** All words of an argument string (TAKE1/TAKE2/ITERATE directives). */
export function splitArgs(args: string): string[] {
  const out: string[] = [];
  let rest = args;
  while (rest.trim() !== '') {
    const r = getWordConf(rest);
    out.push(r.word);
    rest = r.rest;
  }
  return out;
}

/**
 * `${NAME}` expansion as ap_resolve_env() does it (server/util.c): a defined name is replaced,
 * an undefined one is left as written and reported.
 */
export function expandVars(text: string, vars: ReadonlyMap<string, string>, undefinedNames?: Set<string>): string {
  return text.replace(/\$\{([A-Za-z0-9_:]+)\}/g, (whole, name: string) => {
    const v = vars.get(name);
    if (v !== undefined) return v;
    undefinedNames?.add(name);
    return whole;
  });
}

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
