// Shell-style matching as logrotate gets it: stanza headers go through glob(3) with
// GLOB_NOCHECK|GLOB_TILDE (logrotate config.c, readConfigFile), i.e. per path component
// fnmatch with FNM_PERIOD ('*' and '?' never cross '/', never match a leading '.'), and
// include-directory entries are filtered with fnmatch(pattern, name, FNM_PERIOD) (checkFile).

const CLASSES: Record<string, string> = {
  alnum: 'A-Za-z0-9',
  alpha: 'A-Za-z',
  blank: ' \\t',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: ' \\t\\n\\r\\f\\v',
  upper: 'A-Z',
  xdigit: '0-9A-Fa-f',
};

const cache = new Map<string, RegExp>();

function escapeRe(c: string): string {
  return /[\\^$.*+?()[\]{}|/-]/.test(c) ? '\\' + c : c;
}

/** fnmatch(3) of one name (no '/'), FNM_PERIOD, backslash escapes on. */
export function fnmatchName(pattern: string, name: string): boolean {
  if (name.startsWith('.') && !pattern.startsWith('.') && !pattern.startsWith('\\.')) return false;
  let re = cache.get(pattern);
  if (!re) {
    re = new RegExp('^' + compile(pattern) + '$', 's');
    cache.set(pattern, re);
  }
  return re.test(name);
}

function compile(p: string): string {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '\\' && i + 1 < p.length) out += escapeRe(p[++i]!);
    else if (c === '[') {
      const br = bracket(p, i);
      if (br === null) out += '\\[';
      else {
        out += br.re;
        i = br.end;
      }
    } else out += escapeRe(c);
  }
  return out;
}

/** A bracket expression starting at p[start] === '['; null when unterminated (then '[' is literal). */
function bracket(p: string, start: number): { re: string; end: number } | null {
  let i = start + 1;
  let negate = false;
  if (p[i] === '!' || p[i] === '^') {
    negate = true;
    i++;
  }
  let body = '';
  let first = true;
  for (; i < p.length; i++) {
    const c = p[i]!;
    if (c === ']' && !first) return { re: negate ? `[^/${body}]` : `(?!/)[${body}]`, end: i };
    first = false;
    if (c === '[' && p[i + 1] === ':') {
      const close = p.indexOf(':]', i + 2);
      if (close > 0) {
        const cls = CLASSES[p.slice(i + 2, close)];
        if (cls !== undefined) {
          body += cls;
          i = close + 1;
          continue;
        }
      }
    }
    if (c === '\\' && i + 1 < p.length) {
      body += escapeRe(p[++i]!);
      continue;
    }
    if (p[i + 1] === '-' && p[i + 2] !== undefined && p[i + 2] !== ']') {
      body += escapeRe(c) + '-' + escapeRe(p[i + 2]!);
      i += 2;
      continue;
    }
    body += escapeRe(c);
  }
  return null;
}

/** glob(3)-style match of a whole path: same number of components, each matched by fnmatchName. */
export function globMatch(pattern: string, filePath: string): boolean {
  const pp = pattern.split('/').filter((s, i) => s !== '' || i === 0);
  const fp = filePath.split('/').filter((s, i) => s !== '' || i === 0);
  if (pp.length !== fp.length) return false;
  for (let i = 0; i < pp.length; i++) if (!fnmatchName(pp[i]!, fp[i]!)) return false;
  return true;
}

export function hasGlobChars(s: string): boolean {
  return /[*?[]/.test(s);
}
