// fnmatch(3) of one path component with FNM_PERIOD, shared by logrotate's glob(3) stanza
// headers (logrotate config.c) and httpd's Include wildcards (apr_fnmatch with APR_FNM_PERIOD,
// server/config.c). Matched token by token with the classic single-star backtrack, which is
// O(pattern × name) at worst: a compiled RegExp backtracks exponentially on `*a*a*a…` and
// cannot even be built from a 36 KB pattern.

type Token =
  | { kind: 'char'; c: number }
  | { kind: 'any' }
  | { kind: 'star' }
  | { kind: 'set'; negate: boolean; ranges: number[] /* [lo, hi, lo, hi, …] */ };

export interface FnmatchOptions {
  /** POSIX classes such as [[:digit:]] (glibc fnmatch has them; apr_fnmatch does not) */
  classes?: boolean;
}

const CLASSES: ReadonlyMap<string, number[]> = new Map([
  ['alnum', [65, 90, 97, 122, 48, 57]],
  ['alpha', [65, 90, 97, 122]],
  ['blank', [32, 32, 9, 9]],
  ['cntrl', [0, 31, 127, 127]],
  ['digit', [48, 57]],
  ['graph', [33, 126]],
  ['lower', [97, 122]],
  ['print', [32, 126]],
  ['punct', [33, 47, 58, 64, 91, 96, 123, 126]],
  ['space', [32, 32, 9, 13]],
  ['upper', [65, 90]],
  ['xdigit', [48, 57, 65, 70, 97, 102]],
]);

const SLASH = 47;

function compile(p: string, classes: boolean): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c === 42 /* * */) {
      if (out[out.length - 1]?.kind !== 'star') out.push({ kind: 'star' });
    } else if (c === 63 /* ? */) out.push({ kind: 'any' });
    else if (c === 92 /* \ */ && i + 1 < p.length) out.push({ kind: 'char', c: p.charCodeAt(++i) });
    else if (c === 91 /* [ */) {
      const set = bracket(p, i, classes);
      if (set === null) out.push({ kind: 'char', c });
      else {
        out.push(set.token);
        i = set.end;
      }
    } else out.push({ kind: 'char', c });
  }
  return out;
}

/** A bracket expression at p[start] === '['; null when unterminated (then '[' is literal). */
function bracket(p: string, start: number, classes: boolean): { token: Token; end: number } | null {
  let i = start + 1;
  let negate = false;
  if (p[i] === '!' || p[i] === '^') {
    negate = true;
    i++;
  }
  const ranges: number[] = [];
  let first = true;
  for (; i < p.length; i++) {
    const ch = p[i]!;
    if (ch === ']' && !first) return { token: { kind: 'set', negate, ranges }, end: i };
    first = false;
    if (classes && ch === '[' && p[i + 1] === ':') {
      const close = p.indexOf(':]', i + 2);
      const cls = close > 0 ? CLASSES.get(p.slice(i + 2, close)) : undefined;
      if (cls !== undefined) {
        ranges.push(...cls);
        i = close + 1;
        continue;
      }
    }
    let lo = p.charCodeAt(i);
    if (ch === '\\' && i + 1 < p.length) lo = p.charCodeAt(++i);
    if (p[i + 1] === '-' && p[i + 2] !== undefined && p[i + 2] !== ']') {
      let hi = p.charCodeAt(i + 2);
      i += 2;
      if (p[i] === '\\' && i + 1 < p.length) hi = p.charCodeAt(++i);
      ranges.push(lo, hi);
      continue;
    }
    ranges.push(lo, lo);
  }
  return null;
}

function tokenMatches(t: Token, c: number): boolean {
  switch (t.kind) {
    case 'char':
      return t.c === c;
    case 'any':
      return c !== SLASH;
    case 'star':
      return false;
    case 'set': {
      if (c === SLASH) return false;
      let inside = false;
      for (let k = 0; k < t.ranges.length && !inside; k += 2) inside = c >= t.ranges[k]! && c <= t.ranges[k + 1]!;
      return inside !== t.negate;
    }
  }
}

const cache = new Map<string, Token[]>();

/** Does one name (no '/') match the pattern? FNM_PERIOD: a leading '.' only matches a literal '.'. */
export function fnmatch(pattern: string, name: string, options: FnmatchOptions = {}): boolean {
  const key = (options.classes ? 'c' : 'p') + pattern;
  let tokens = cache.get(key);
  if (!tokens) {
    tokens = compile(pattern, options.classes === true);
    if (cache.size > 1000) cache.clear();
    cache.set(key, tokens);
  }
  if (name.charCodeAt(0) === 46 /* . */) {
    const t0 = tokens[0];
    if (t0?.kind !== 'char' || t0.c !== 46) return false;
  }
  // Greedy match; on a mismatch, let the last '*' swallow one more character and retry.
  let ti = 0;
  let ni = 0;
  let starT = -1;
  let starN = 0;
  while (ni < name.length) {
    const t = tokens[ti];
    if (t !== undefined && t.kind === 'star') {
      starT = ti++;
      starN = ni;
    } else if (t !== undefined && tokenMatches(t, name.charCodeAt(ni))) {
      ti++;
      ni++;
    } else if (starT >= 0 && name.charCodeAt(starN) !== SLASH) {
      ti = starT + 1;
      ni = ++starN;
    } else return false;
  }
  while (tokens[ti]?.kind === 'star') ti++;
  return ti === tokens.length;
}
