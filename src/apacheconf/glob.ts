// Include wildcards as httpd expands them (server/config.c, process_resource_config_fnmatch):
// the pattern is matched per path component with apr_fnmatch(…, APR_FNM_PERIOD), so a wildcard
// never matches a leading dot, and the matches of each directory are taken in strcmp() order.
import { fnmatch } from '../fnmatch.js';

/** apr_fnmatch_test(): does the text contain wildcard characters? */
export function hasWildcard(text: string): boolean {
  return /[*?[]/.test(text);
}

/** One path component's fnmatch pattern (no "/" inside a component). */
export function componentMatcher(pattern: string): (name: string) => boolean {
  return (name) => fnmatch(pattern, name);
}

/** strcmp() order (byte order), which is what qsort(fname_alphasort) gives httpd. */
export function strcmpOrder(a: string, b: string): number {
  const ba = Buffer.from(a);
  const bb = Buffer.from(b);
  return Buffer.compare(ba, bb);
}
