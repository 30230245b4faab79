// Include wildcards as httpd expands them (server/config.c, process_resource_config_fnmatch):
// the pattern is matched per path component with apr_fnmatch(…, APR_FNM_PERIOD), so a wildcard
// never matches a leading dot, and the matches of each directory are taken in strcmp() order.

/** apr_fnmatch_test(): does the text contain wildcard characters? */
export function hasWildcard(text: string): boolean {
  return /[*?[]/.test(text);
}

/** One path component's fnmatch pattern as a RegExp (no "/" inside a component). */
export function componentMatcher(pattern: string): (name: string) => boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close === -1) {
        re += '\\[';
        continue;
      }
      let body = pattern.slice(i + 1, close);
      if (body.startsWith('!') || body.startsWith('^')) body = '^' + body.slice(1);
      re += '[' + body.replace(/\\/g, '\\\\') + ']';
      i = close;
    } else if (c === '\\' && i + 1 < pattern.length) {
      re += escapeRegExp(pattern[++i] as string);
    } else re += escapeRegExp(c);
  }
  const rx = new RegExp(re + '$');
  const leadingWild = /^[*?[]/.test(pattern);
  return (name) => !(leadingWild && name.startsWith('.')) && rx.test(name);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** strcmp() order (byte order), which is what qsort(fname_alphasort) gives httpd. */
export function strcmpOrder(a: string, b: string): number {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return Buffer.compare(ba, bb);
}
