// `--root DIR`: find, under a filesystem root, everything the pipeline reads — a live host
// (`/`), a chroot/copied tree, or an unpacked sosreport (layout as sos 4.x writes it).
// Returns plain paths with where they came from; nothing is parsed here beyond the few
// one-line facts (time zone, distro), and nothing is executed.
import * as path from 'node:path';
import { InputError } from '../errors.js';
import { noteUnread, rootedFs, type FsLike } from '../fs/index.js';
import { resolveZone } from '../time/index.js';
import { parseLsListing, type ListedFile } from './listing.js';
import { readSupportconfig, type SupportconfigTree, type VirtualSource } from './supportconfig.js';

export type { VirtualSource } from './supportconfig.js';
export type { ListedFile } from './listing.js';
export { parseLsListing } from './listing.js';

/** A file found under the root: `path` is where to read it here, `hostPath` where it lived on the host. */
export interface Found {
  path: string;
  hostPath: string;
}

export interface FoundLog extends Found {
  /** sosreport kept only the tail (a symlink into sos_strings/…/*.tailed) */
  truncated: boolean;
}

export interface Discovered {
  root: string;
  layout: 'sosreport' | 'supportconfig' | 'filesystem';
  /** read every path below with this (for a supportconfig: its sections as a virtual tree) */
  fs: FsLike;
  /** supportconfig only: virtual path -> the text file and line it came from */
  sources: Map<string, VirtualSource> | null;
  distro: { id: string; versionId: string | null; idLike: string[]; prettyName: string | null; origin: string } | null;
  /** the host's zone and the file (and line) it was read from */
  timezone: { zone: string; origin: string } | null;
  /** current Apache error logs (rotated siblings are the input reader's business) */
  apacheLogs: FoundLog[];
  apacheLogDirs: Found[];
  /** rotated siblings present next to the logs (names only; tells whether the bundle kept them) */
  rotatedSiblings: Found[];
  /**
   * Apache error logs (current and rotated) named in sos's `ls -alZRs /var/log` capture, with
   * sizes and mtimes — also the rotated ones sos did not copy. Empty without that capture.
   */
  listedApacheLogs: ListedFile[];
  apacheConfig: Found | null;
  /** systemd units of Apache (their ExecReload says what `systemctl reload` does) */
  apacheUnits: Found[];
  /** logrotate's configuration as logrotate would be invoked: pass to loadLogrotateConfig(paths, fs, { root }) */
  logrotateConfigs: Found[];
  logrotateState: Found[];
  /** sosreport's `logrotate --debug` capture */
  logrotateDebug: Found | null;
  crontabs: (Found & { kind: 'system' | 'cron.d' | 'user'; user: string | null })[];
  runParts: (Found & { period: string; scripts: string[] })[];
  anacrontab: Found | null;
  /** per timer name (logrotate.timer, anacron.timer): unit files by precedence (first wins) and drop-ins in applying order */
  timers: { name: string; units: Found[]; dropIns: Found[] }[];
  /** scheduler and journal captures that record actual runs */
  evidence: (Found & { what: string })[];
  /** what is missing and would make the answer firmer */
  notes: string[];
}

const COMPRESSED = /\.(gz|bz2|xz|zst|Z|zip)$/;
const ROTATED = /(\.\d+|-\d{8}(\d{2}){0,3}|-\d{8}-\d+)(\.(gz|bz2|xz|zst|Z|zip))?$/;

export function isErrorLogName(name: string): boolean {
  return /^error_log|^error\.log|error.*log/.test(name);
}

/**
 * `tree` is how the root is read: by default rootedFs(root), which keeps every read inside it
 * (symlinks in a bundle point at host paths — sos copies them as they are); tests pass an
 * in-memory tree.
 */
/** How discovery looks at the root: host paths (`/etc/crontab`) → files under it, read through `fs`. */
interface Probe {
  r: string;
  fs: FsLike;
  sc: SupportconfigTree | null;
  at(host: string): Found;
  isFile(host: string): boolean;
  isDir(host: string): boolean;
  file(host: string): Found | null;
  list(hostDir: string): string[];
  read(f: Found): string | null;
}

function probe(r: string, fs: FsLike, sc: SupportconfigTree | null): Probe {
  const at = (host: string): Found => ({ path: path.join(r, host), hostPath: host });
  const isFile = (host: string) => {
    const st = fs.stat(path.join(r, host));
    if (st !== null && !st.isFile && !st.isDirectory) noteUnread(fs, path.join(r, host)); // a FIFO, device: named
    return st?.isFile === true;
  };
  const isDir = (host: string) => fs.stat(path.join(r, host))?.isDirectory === true;
  return {
    r,
    fs,
    sc,
    at,
    isFile,
    isDir,
    file: (host) => (isFile(host) ? at(host) : null),
    list: (hostDir) => (isDir(hostDir) ? fs.readdir(path.join(r, hostDir)).sort() : []),
    read: (f) => safeRead(fs, f.path),
  };
}

/**
 * `tree` is how the root is read: by default rootedFs(root), which keeps every read inside it
 * (symlinks in a bundle point at host paths — sos copies them as they are); tests pass an
 * in-memory tree.
 */
export function discoverRoot(root: string, tree?: FsLike): Discovered {
  const r = path.resolve(root);
  const baseFs = tree ?? rootedFs(r);
  const st = baseFs.stat(r);
  if (!st || !st.isDirectory) throw new InputError('--root: not a directory', { file: root });
  const looksSupportconfig =
    !baseFs.stat(path.join(r, 'etc'))?.isDirectory &&
    ['basic-environment.txt', 'web.txt', 'etc.txt'].some((n) => baseFs.stat(path.join(r, n))?.isFile);
  const sc = looksSupportconfig ? readSupportconfig(r, baseFs) : null;
  const p = probe(r, sc ? sc.fs : baseFs, sc);
  const layout: Discovered['layout'] = sc
    ? 'supportconfig'
    : p.isDir('/sos_commands') || (p.isFile('/version.txt') && p.isDir('/sos_reports'))
      ? 'sosreport'
      : 'filesystem';
  const notes: string[] = [];
  if (sc) {
    notes.push(
      'supportconfig: configuration files come without their comment and blank lines (line numbers refer to the stripped text, see `sources`), logs are the last lines only, compressed rotated logs are not included',
    );
  }
  const distro = findDistro(p);
  // time zone: timedatectl capture (sosreport), /etc/localtime link, /etc/timezone, sysconfig/clock
  const timezone = findZone(p.r, p.fs, p.at, p.file, p.read);
  if (!timezone)
    notes.push(
      'host time zone not found (no timedatectl capture, /etc/localtime link, /etc/timezone or /etc/sysconfig/clock): pass --tz',
    );
  return {
    root: r,
    layout,
    fs: p.fs,
    sources: sc ? sc.sources : null,
    distro,
    timezone,
    ...findApacheLogs(p, layout, timezone, notes),
    ...findApacheConfig(p),
    ...findLogrotate(p, notes),
    ...findCron(p),
    timers: findTimers(p),
    evidence: findEvidence(p),
    notes,
  };
}

const UNIT_DIRS = ['/etc/systemd/system', '/run/systemd/system', '/usr/lib/systemd/system', '/lib/systemd/system'];

/** /etc/os-release, falling back to /usr/lib/os-release as systemd does */
function findDistro({ file, read }: Probe): Discovered['distro'] {
  let distro: Discovered['distro'] = null;
  for (const h of ['/etc/os-release', '/usr/lib/os-release']) {
    const f = file(h);
    const text = f && read(f);
    if (!f || text === null) continue;
    const kv: Record<string, string> = {};
    for (const line of text.split('\n')) {
      const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
      if (m) kv[m[1]!] = m[2]!.replace(/^(["'])(.*)\1$/, '$2');
    }
    if (kv.ID) {
      distro = {
        id: kv.ID,
        versionId: kv.VERSION_ID ?? null,
        idLike: (kv.ID_LIKE ?? '').split(/\s+/).filter(Boolean),
        prettyName: kv.PRETTY_NAME ?? null,
        origin: f.path,
      };
      break;
    }
  }
  return distro;
}

/** The Apache error logs (current, rotated, and those named in sos's ls -alZRs listing). */
function findApacheLogs(
  { r, fs, sc, at, isFile, isDir, file, list, read }: Probe,
  layout: Discovered['layout'],
  timezone: Discovered['timezone'],
  notes: string[],
): Pick<Discovered, 'apacheLogDirs' | 'apacheLogs' | 'rotatedSiblings' | 'listedApacheLogs'> {
  const apacheLogDirs: Found[] = [];
  const apacheLogs: FoundLog[] = [];
  const rotatedSiblings: Found[] = [];
  for (const d of [
    '/var/log/httpd',
    '/var/log/httpd24',
    '/var/log/httpd22',
    '/var/log/apache2',
    '/var/opt/rh/httpd24/log/httpd',
  ]) {
    if (!isDir(d)) continue;
    apacheLogDirs.push(at(d));
    // per-vhost subdirectories (e.g. /var/log/httpd/shop/error_log), one level deep
    const names = list(d).flatMap((n) => (isDir(`${d}/${n}`) ? list(`${d}/${n}`).map((m) => `${n}/${m}`) : [n]));
    for (const rel of names) {
      const name = path.posix.basename(rel);
      const h = `${d}/${rel}`;
      if (!isErrorLogName(name)) continue;
      if (!isFile(h)) {
        // a link out of the bundle, a FIFO or a device where a log should be: the fs names it
        if (!isDir(h)) noteUnread(fs, path.join(r, h));
        continue;
      }
      if (ROTATED.test(name) || COMPRESSED.test(name)) {
        rotatedSiblings.push(at(h));
        continue;
      }
      const link = fs.readlink(path.join(r, h));
      const tailed =
        (link !== null && /sos_strings\/.*\.tailed$/.test(link)) ||
        sc?.sources.get(path.join(r, h))?.truncated === true;
      apacheLogs.push({ ...at(h), truncated: tailed });
    }
  }
  if (apacheLogs.length === 0)
    notes.push('no Apache error log under var/log/httpd or var/log/apache2: pass the logs explicitly');
  const tailed = apacheLogs.filter((l) => l.truncated);
  if (tailed.length > 0) {
    // sos cuts a log at its --log-size (sos_strings/…/*.tailed); supportconfig's log_files()
    // keeps the last N lines ("# /path - Last N Lines")
    const what = sc
      ? tailed.map((l) => `the last ${sc.sources.get(l.path)?.lastLines ?? 'few'} lines of ${l.hostPath}`).join(', ')
      : `the tail of ${tailed.map((l) => l.hostPath).join(', ')} (--log-size limit)`;
    notes.push(`${sc ? 'supportconfig' : 'sosreport'} kept only ${what}: errors before that are not in the bundle`);
  }
  // sos's listing of /var/log names the rotated logs it did not copy
  const listing = file('/sos_commands/logs/ls_-alZRs_.var.log');
  const listingText = listing && read(listing);
  const listedApacheLogs =
    listing && listingText
      ? parseLsListing(
          listingText,
          listing.path,
          timezone?.zone ?? 'UTC',
          timezone ? capturedDate(fs, r) : null,
          apacheLogDirs.map((x) => x.hostPath),
          isErrorLogName,
        )
      : [];
  if (layout === 'sosreport' && apacheLogs.length > 0 && rotatedSiblings.length === 0) {
    const listed = listedApacheLogs.filter(
      (l) => ROTATED.test(path.posix.basename(l.hostPath)) || COMPRESSED.test(l.hostPath),
    );
    const seen =
      listed.length > 0
        ? `; the ls -alZRs listing shows ${listed.map((l) => `${path.posix.basename(l.hostPath)} (${l.mtimeText})`).join(', ')} existed`
        : '';
    notes.push(
      `no rotated Apache logs in the sosreport (by default sos copies only the current files)${seen}: rerun sos with \`-k apache.log=on\` or \`--all-logs\``,
    );
  }
  return { apacheLogDirs, apacheLogs, rotatedSiblings, listedApacheLogs };
}

/** The Apache main config and its systemd units. */
function findApacheConfig({ file }: Probe): Pick<Discovered, 'apacheConfig' | 'apacheUnits'> {
  const apacheConfig =
    [
      '/etc/httpd/conf/httpd.conf',
      '/etc/apache2/apache2.conf',
      '/etc/apache2/httpd.conf',
      '/etc/httpd24/conf/httpd.conf',
      '/opt/rh/httpd24/root/etc/httpd/conf/httpd.conf',
    ]
      .map(file)
      .find((x): x is Found => x !== null) ?? null;
  const apacheUnits: Found[] = [];
  for (const u of ['httpd.service', 'apache2.service', 'httpd24-httpd.service']) {
    const seen = UNIT_DIRS.map((d) => file(`${d}/${u}`)).find((x): x is Found => x !== null);
    if (seen) apacheUnits.push(seen);
  }
  return { apacheConfig, apacheUnits };
}

/** logrotate: SUSE's vendor tree first (logrotate-vendor-dir.patch), then /etc; state files; sos's debug capture */
function findLogrotate(
  { at, isDir, file }: Probe,
  notes: string[],
): Pick<Discovered, 'logrotateConfigs' | 'logrotateState' | 'logrotateDebug'> {
  const logrotateConfigs: Found[] = [];
  for (const h of ['/usr/etc/logrotate.conf', '/etc/logrotate.conf']) {
    const f = file(h);
    if (f) logrotateConfigs.push(f);
  }
  if (!file('/etc/logrotate.conf') && isDir('/etc/logrotate.d')) {
    logrotateConfigs.push(at('/etc/logrotate.d'));
    notes.push(
      'no /etc/logrotate.conf: reading /etc/logrotate.d alone, without the global defaults (frequency may be wrong)',
    );
  }
  if (logrotateConfigs.length === 0)
    notes.push('no logrotate configuration found (etc/logrotate.conf, etc/logrotate.d)');
  const logrotateState = [
    '/var/lib/logrotate/status',
    '/var/lib/logrotate/logrotate.status',
    '/var/lib/logrotate.status',
    '/var/lib/misc/logrotate.status',
  ]
    .map(file)
    .filter((x): x is Found => x !== null);
  const logrotateDebug = file('/sos_commands/logrotate/logrotate_debug');
  if (logrotateState.length === 0 && !logrotateDebug)
    notes.push('no logrotate state file: the last rotation time of each log is unknown');
  return { logrotateConfigs, logrotateState, logrotateDebug };
}

/** crontabs (system, cron.d, users), run-parts folders and the anacrontab */
function findCron({ at, isFile, isDir, file, list }: Probe): Pick<Discovered, 'crontabs' | 'runParts' | 'anacrontab'> {
  const crontabs: Discovered['crontabs'] = [];
  if (isFile('/etc/crontab')) crontabs.push({ ...at('/etc/crontab'), kind: 'system', user: null });
  // Hidden names (Debian's .placeholder) are skipped by every cron: cronie ignores dot files,
  // Debian cron and run-parts accept only [A-Za-z0-9_-] names. Other naming rules are the
  // schedule stage's business, so the remaining names are passed on as found.
  const visible = (n: string) => !n.startsWith('.');
  for (const n of list('/etc/cron.d').filter(visible))
    if (isFile(`/etc/cron.d/${n}`)) crontabs.push({ ...at(`/etc/cron.d/${n}`), kind: 'cron.d', user: null });
  // user crontabs: Debian /var/spool/cron/crontabs, RHEL /var/spool/cron, SUSE /var/spool/cron/tabs, busybox /etc/crontabs
  for (const d of ['/var/spool/cron/crontabs', '/var/spool/cron', '/var/spool/cron/tabs', '/etc/crontabs']) {
    for (const n of list(d)) {
      const h = `${d}/${n}`;
      if (isFile(h) && !n.startsWith('.') && !crontabs.some((c) => c.hostPath === h))
        crontabs.push({ ...at(h), kind: 'user', user: n });
    }
  }
  const runParts: Discovered['runParts'] = [];
  for (const [d, period] of [
    ['/etc/cron.hourly', 'hourly'],
    ['/etc/cron.daily', 'daily'],
    ['/etc/cron.weekly', 'weekly'],
    ['/etc/cron.monthly', 'monthly'],
    ['/etc/cron.yearly', 'yearly'],
    ['/etc/periodic/15min', '15min'],
    ['/etc/periodic/hourly', 'hourly'],
    ['/etc/periodic/daily', 'daily'],
    ['/etc/periodic/weekly', 'weekly'],
    ['/etc/periodic/monthly', 'monthly'],
  ] as const) {
    if (isDir(d))
      runParts.push({ ...at(d), period, scripts: list(d).filter((n) => visible(n) && isFile(`${d}/${n}`)) });
  }
  const anacrontab = file('/etc/anacrontab');
  return { crontabs, runParts, anacrontab };
}

/** systemd timers: unit precedence /etc > /run > /usr/lib (= /lib); drop-ins from all, by name */
function findTimers({ fs, at, isFile, file, list }: Probe): Discovered['timers'] {
  const timers: Discovered['timers'] = [];
  for (const name of ['logrotate.timer', 'anacron.timer']) {
    const units = UNIT_DIRS.map((d) => file(`${d}/${name}`)).filter((x): x is Found => x !== null);
    const dropByName = new Map<string, Found>();
    for (const d of [...UNIT_DIRS].reverse()) {
      for (const n of list(`${d}/${name}.d`))
        if (n.endsWith('.conf') && isFile(`${d}/${name}.d/${n}`)) dropByName.set(n, at(`${d}/${name}.d/${n}`));
    }
    const dropIns = [...dropByName.keys()].sort().map((k) => dropByName.get(k)!);
    if (units.length || dropIns.length) timers.push({ name, units: dedupeSameFile(units, fs), dropIns });
  }
  return timers;
}

/** captures that record actual runs (list-timers, the /var/log listing, cron and journal logs) */
function findEvidence({ file, list }: Probe): Discovered['evidence'] {
  const evidence: Discovered['evidence'] = [];
  const ev = (h: string, what: string) => {
    const f = file(h);
    if (f) evidence.push({ ...f, what });
  };
  ev(
    '/sos_commands/systemd/systemctl_list-timers_--all',
    'systemctl list-timers --all (LAST column: last start of each timer)',
  );
  ev(
    '/supportconfig_commands/systemctl_list-timers',
    'systemctl list-timers --all (LAST column: last start of each timer)',
  );
  ev(
    '/sos_commands/logs/ls_-alZRs_.var.log',
    'listing of /var/log with sizes and mtimes (rotated file names even when not collected)',
  );
  ev('/sos_commands/cron/root_crontab', 'crontab -l -u root');
  for (const n of list('/sos_commands/logs'))
    if (n.startsWith('journalctl_')) ev(`/sos_commands/logs/${n}`, 'journal capture');
  for (const n of list('/var/log')) {
    if (/^(cron|messages|syslog)(\.\d+|-\d{8})?$/.test(n))
      ev(`/var/log/${n}`, n.startsWith('cron') ? 'cron log' : 'syslog');
  }
  return evidence;
}

/**
 * For the report: rewrites every `file:line` in `text` that names a file of a supportconfig's
 * virtual tree (`<root>/etc/logrotate.d/apache2:16`, or the host form `/etc/crontab:4` when it
 * is the whole text) to the host path and the place in the supportconfig text file the line came
 * from (`/etc/logrotate.d/apache2:16 (…/etc.txt:34)`): the virtual path exists nowhere on disk.
 * Other layouts are returned unchanged (their files are real and can be opened).
 */
export function bundleOrigin(d: Discovered, text: string): string {
  const sources = d.sources;
  if (!sources) return text;
  const mapped = (virtual: string, line: number): string | null => {
    const src = sources.get(virtual);
    return src ? `${virtual.slice(d.root.length)}:${line} (${src.file}:${src.line + line - 1})` : null;
  };
  const whole = /^(\/[^\s:]+):(\d+)$/.exec(text);
  if (whole && !whole[1]!.startsWith(d.root + '/'))
    return mapped(path.join(d.root, whole[1]!), Number(whole[2])) ?? text;
  const re = new RegExp(`${d.root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/[^\\s:,()]+):(\\d+)`, 'g');
  return text.replace(re, (all, rel: string, line: string) => mapped(d.root + rel, Number(line)) ?? all);
}

/** /lib -> usr/lib on merged-/usr systems: keep one of two paths that are the same file. */
function dedupeSameFile(units: Found[], fs: FsLike): Found[] {
  const out: Found[] = [];
  for (const u of units) {
    const twin = out.find(
      (o) => o.hostPath.replace(/^\/usr\/lib\//, '/lib/') === u.hostPath.replace(/^\/usr\/lib\//, '/lib/'),
    );
    if (twin && safeRead(fs, twin.path) === safeRead(fs, u.path)) continue;
    out.push(u);
  }
  return out;
}

function safeRead(fs: FsLike, p: string): string | null {
  try {
    return fs.readFile(p);
  } catch {
    return null;
  }
}

/** The host's local date when sos ran (timedatectl's "Local time: Mon 2026-11-23 09:14:02 CET"). */
function capturedDate(fs: FsLike, r: string): { y: number; m: number; d: number } | null {
  for (const h of ['/sos_commands/systemd/timedatectl', '/sos_commands/date/timedatectl', '/date']) {
    const text = safeRead(fs, path.join(r, h));
    const m = text && /Local time:\s*\w+\s+(\d{4})-(\d\d)-(\d\d)/.exec(text);
    if (m) return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
  }
  return null;
}

function validZone(z: string): string | null {
  try {
    return resolveZone(z.trim(), 'time zone');
  } catch {
    return null;
  }
}

function findZone(
  r: string,
  fs: FsLike,
  at: (h: string) => Found,
  file: (h: string) => Found | null,
  read: (f: Found) => string | null,
): Discovered['timezone'] {
  // 1. timedatectl output captured by sos (also the top-level `date` link): "Time zone: Europe/Berlin (CET, +0100)"
  for (const h of [
    '/sos_commands/systemd/timedatectl',
    '/sos_commands/date/timedatectl',
    '/date',
    '/supportconfig_commands/timedatectl',
  ]) {
    const f = file(h);
    const text = f && read(f);
    if (!f || !text) continue;
    const lines = text.split('\n');
    const i = lines.findIndex((l) => /^\s*Time zone:\s*\S+/.test(l));
    if (i >= 0) {
      const z = validZone(/Time zone:\s*(\S+)/.exec(lines[i]!)![1]!);
      if (z) return { zone: z, origin: `${f.path}:${i + 1}` };
    }
  }
  // 2. /etc/localtime -> …/zoneinfo/<Zone> (timedatectl itself reads the link this way)
  const link = fs.readlink(path.join(r, '/etc/localtime'));
  if (link) {
    const m = /zoneinfo\/(?:posix\/|right\/)?(.+)$/.exec(link);
    const z = m && validZone(m[1]!);
    if (z) return { zone: z, origin: `${at('/etc/localtime').path} -> ${link}` };
  }
  // 3. Debian's /etc/timezone
  const tzf = file('/etc/timezone');
  const tzt = tzf && read(tzf);
  if (tzf && tzt) {
    const first = tzt.split('\n').findIndex((l) => l.trim() !== '' && !l.startsWith('#'));
    const z = first >= 0 ? validZone(tzt.split('\n')[first]!) : null;
    if (z) return { zone: z, origin: `${tzf.path}:${first + 1}` };
  }
  // 4. RHEL 6 ZONE= / SUSE TIMEZONE= in /etc/sysconfig/clock
  const ck = file('/etc/sysconfig/clock');
  const ckt = ck && read(ck);
  if (ck && ckt) {
    const lines = ckt.split('\n');
    const i = lines.findIndex((l) => /^\s*(ZONE|TIMEZONE)=/.test(l));
    if (i >= 0) {
      const z = validZone(lines[i]!.replace(/^\s*(ZONE|TIMEZONE)=/, '').replace(/^["']|["']\s*$/g, ''));
      if (z) return { zone: z, origin: `${ck.path}:${i + 1}` };
    }
  }
  return null;
}
