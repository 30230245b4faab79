// Shell-style matching as logrotate gets it: stanza headers go through glob(3) with
// GLOB_NOCHECK|GLOB_TILDE (logrotate config.c, readConfigFile), i.e. per path component
// fnmatch with FNM_PERIOD ('*' and '?' never cross '/', never match a leading '.'), and
// include-directory entries are filtered with fnmatch(pattern, name, FNM_PERIOD) (checkFile).
import { fnmatch } from '../fnmatch.js';

/** fnmatch(3) of one name (no '/'), FNM_PERIOD, backslash escapes on, POSIX classes. */
export function fnmatchName(pattern: string, name: string): boolean {
  return fnmatch(pattern, name, { classes: true });
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
