// Where distributions keep the Apache main config, and the settings they pass to httpd outside
// it (for --root on a live host or an unpacked sosreport / supportconfig tree).
import * as path from 'node:path';
import type { ConfigValue, Mpm } from '../model.js';
import type { FsLike } from '../fs/index.js';

/**
 * Main config paths, most common first: Debian/Ubuntu, RHEL/Fedora/Arch, SUSE, the RHEL 6/7
 * software collections and the sos plugin's httpd22/httpd24 variants (sos apache.py), then a
 * source build / the Docker "httpd" image.
 */
export const MAIN_CONFIG_CANDIDATES = [
  '/etc/apache2/apache2.conf',
  '/etc/httpd/conf/httpd.conf',
  '/etc/apache2/httpd.conf',
  '/etc/httpd24/conf/httpd.conf',
  '/etc/httpd22/conf/httpd.conf',
  '/opt/rh/httpd24/root/etc/httpd/conf/httpd.conf',
  '/usr/local/apache2/conf/httpd.conf',
] as const;

/** The main configs present under the root (Apache paths, i.e. without the root prefix). */
export function locateApacheConfig(root: string, fs: FsLike): string[] {
  return MAIN_CONFIG_CANDIDATES.filter((p) => fs.kind(path.join(root, p)) === 'file');
}

function shellVar(text: string, name: string): { value: string; line: number } | null {
  let found: { value: string; line: number } | null = null;
  text.split(/\r?\n/).forEach((l, i) => {
    const m = new RegExp(`^\\s*${name}=(.*)$`).exec(l);
    if (m && m[1] !== undefined) found = { value: m[1].trim().replace(/^(["'])(.*)\1$/, '$2'), line: i + 1 };
  });
  return found;
}

function read(fs: FsLike, file: string): string | null {
  try {
    return fs.kind(file) === 'file' ? fs.readFile(file) : null;
  } catch {
    return null;
  }
}

/**
 * The -D names the service passes to httpd: SUSE's APACHE_SERVER_FLAGS in /etc/sysconfig/apache2
 * ("SSL STATUS" or "-DSSL"), RHEL's OPTIONS in /etc/sysconfig/httpd ("-DFOO"). Debian passes none
 * by default (apache2ctl, /etc/apache2/envvars).
 */
export function serviceDefines(root: string, fs: FsLike): { names: string[]; origin: string | null } {
  const suse = path.join(root, 'etc/sysconfig/apache2');
  const suseText = read(fs, suse);
  const flags = suseText === null ? null : shellVar(suseText, 'APACHE_SERVER_FLAGS');
  if (flags) {
    const names = flags.value
      .split(/\s+/)
      .filter(Boolean)
      .map((w) => w.replace(/^-D/, ''))
      .filter(Boolean);
    return { names, origin: `${suse}:${flags.line}` };
  }
  const rhel = path.join(root, 'etc/sysconfig/httpd');
  const rhelText = read(fs, rhel);
  const options = rhelText === null ? null : shellVar(rhelText, 'OPTIONS');
  if (options) {
    const names = [...options.value.matchAll(/-D\s*([A-Za-z0-9_]+)/g)].map((m) => m[1] as string);
    return { names, origin: `${rhel}:${options.line}` };
  }
  return { names: [], origin: null };
}

/** SUSE builds one httpd binary per MPM and picks it with APACHE_MPM; there is no LoadModule for it. */
export function sysconfigMpm(root: string, fs: FsLike): ConfigValue<Mpm> | null {
  const file = path.join(root, 'etc/sysconfig/apache2');
  const text = read(fs, file);
  const v = text === null ? null : shellVar(text, 'APACHE_MPM');
  if (!v) return null;
  const mpm = v.value.toLowerCase();
  return mpm === 'prefork' || mpm === 'worker' || mpm === 'event' ? { value: mpm, origin: `${file}:${v.line}` } : null;
}
