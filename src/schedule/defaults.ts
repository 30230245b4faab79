// The distro defaults: which mechanism starts logrotate where no scheduler files were found.
// One table, one source of truth (schedules.md §1, §2). Used only when files are absent, and
// always reported as an assumption.
import type { ScheduleSourceDef } from './sources.js';
import { collectSources, parseScheduleOption } from './sources.js';

export interface DistroDefault {
  /** os-release ID values (and ID_LIKE fallbacks) this row applies to */
  ids: string[];
  /** VERSION_ID range, inclusive, compared numerically on the major version; null = any */
  versions: { min: number | null; max: number | null };
  label: string;
  /** what the distro ships: unit/crontab/anacrontab text exactly as in the reference */
  files: Parameters<typeof collectSources>[0];
  /** the Apache stanza's effective frequency on that distro, for the narrowing stage */
  apacheFrequency: string;
  note: string;
}

// logrotate's examples/logrotate.timer, 3.15.0–3.21.x (commit 3f3991e): Debian 12, RHEL 9.
const TIMER_1H = `[Unit]
Description=Daily rotation of log files
Documentation=man:logrotate(8) man:logrotate.conf(5)

[Timer]
OnCalendar=daily
AccuracySec=1h
Persistent=true

[Install]
WantedBy=timers.target
`;
// 3.11.0–3.14.x (commit 05228c2): Ubuntu 20.04 (logrotate 3.14.0).
const TIMER_12H = TIMER_1H.replace('AccuracySec=1h', 'AccuracySec=12h');
// 3.22.0+ (commit b989dc0): RandomizedDelaySec=1h instead of AccuracySec=1h.
const TIMER_RANDOM = TIMER_1H.replace('AccuracySec=1h', 'RandomizedDelaySec=1h');

// cronie contrib/0hourly and contrib/anacrontab (unchanged since cronie 1.4.2).
const CRONIE_0HOURLY = `# Run the hourly jobs
SHELL=/bin/bash
PATH=/sbin:/bin:/usr/sbin:/usr/bin
MAILTO=root
01 * * * * root run-parts /etc/cron.hourly
`;
const CRONIE_ANACRONTAB = `# /etc/anacrontab: configuration file for anacron

# See anacron(8) and anacrontab(5) for details.

SHELL=/bin/sh
PATH=/sbin:/bin:/usr/sbin:/usr/bin
MAILTO=root
# the maximal random delay added to the base delay of the jobs
RANDOM_DELAY=45
# the jobs will be started during the following hours only
START_HOURS_RANGE=3-22

#period in days   delay in minutes   job-identifier   command
1	5	cron.daily		nice run-parts /etc/cron.daily
7	25	cron.weekly		nice run-parts /etc/cron.weekly
@monthly 45	cron.monthly		nice run-parts /etc/cron.monthly
`;
// Debian cron-daemon-common 3.0pl1-162 /etc/crontab (the job lines).
const DEBIAN_CRONTAB = `SHELL=/bin/sh
PATH=/usr/local/sbin:/usr/local/bin:/sbin:/bin:/usr/sbin:/usr/bin
17 *	* * *	root	cd / && run-parts --report /etc/cron.hourly
25 6	* * *	root	test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; }
47 6	* * 7	root	test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.weekly; }
52 6	1 * *	root	test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.monthly; }
`;
// alpine-baselayout crontab.
const ALPINE_CRONTAB = `# do daily/weekly/monthly maintenance
# min	hour	day	month	weekday	command
*/15	*	*	*	*	run-parts /etc/periodic/15min
0	*	*	*	*	run-parts /etc/periodic/hourly
0	2	*	*	*	run-parts /etc/periodic/daily
0	3	*	*	6	run-parts /etc/periodic/weekly
0	5	1	*	*	run-parts /etc/periodic/monthly
`;

const timer = (text: string) => ({
  timers: [{ path: '/usr/lib/systemd/system/logrotate.timer', text }],
  host: { systemd: true, anacron: null },
});

export const DISTRO_DEFAULTS: DistroDefault[] = [
  {
    ids: ['debian'],
    versions: { min: 13, max: null },
    label: 'Debian 13+ (logrotate ≥3.22 timer)',
    files: timer(TIMER_RANDOM),
    apacheFrequency: 'daily',
    note: 'logrotate.timer: OnCalendar=daily, RandomizedDelaySec=1h',
  },
  {
    ids: ['debian'],
    versions: { min: 10, max: 12 },
    label: 'Debian 10–12',
    files: timer(TIMER_1H),
    apacheFrequency: 'daily',
    note: 'logrotate.timer: OnCalendar=daily, AccuracySec=1h; /etc/cron.daily/logrotate exits under systemd',
  },
  {
    ids: ['ubuntu'],
    versions: { min: 22, max: null },
    label: 'Ubuntu 22.04+',
    files: timer(TIMER_1H),
    apacheFrequency: 'daily',
    note: 'logrotate.timer: OnCalendar=daily, AccuracySec=1h',
  },
  {
    ids: ['ubuntu'],
    versions: { min: 20, max: 21 },
    label: 'Ubuntu 20.04',
    files: timer(TIMER_12H),
    apacheFrequency: 'daily',
    note: 'logrotate.timer: OnCalendar=daily, AccuracySec=12h (logrotate 3.14)',
  },
  {
    ids: ['debian', 'ubuntu'],
    versions: { min: null, max: null },
    label: 'Debian/Ubuntu without systemd',
    files: {
      crontabs: [{ path: '/etc/crontab', text: DEBIAN_CRONTAB }],
      runParts: [{ dir: '/etc/cron.daily', entries: [{ name: 'logrotate', text: null }] }],
      host: { systemd: false, anacron: false },
    },
    apacheFrequency: 'daily',
    note: '/etc/crontab 25 6 * * * run-parts /etc/cron.daily (without anacron)',
  },
  {
    ids: ['rhel', 'centos', 'rocky', 'almalinux', 'ol'],
    versions: { min: 7, max: 8 },
    label: 'RHEL/CentOS 7–8',
    files: {
      crontabs: [{ path: '/etc/cron.d/0hourly', text: CRONIE_0HOURLY }],
      anacrontabs: [{ path: '/etc/anacrontab', text: CRONIE_ANACRONTAB }],
      runParts: [
        { dir: '/etc/cron.hourly', entries: [{ name: '0anacron', text: null }] },
        { dir: '/etc/cron.daily', entries: [{ name: 'logrotate', text: null }] },
      ],
      host: { systemd: true, anacron: true },
    },
    apacheFrequency: 'weekly',
    note: 'cronie 0hourly → 0anacron → anacron cron.daily: about 03:06–03:51',
  },
  {
    ids: ['rhel', 'centos', 'rocky', 'almalinux', 'ol'],
    versions: { min: 9, max: null },
    label: 'RHEL 9+',
    files: timer(TIMER_1H),
    apacheFrequency: 'weekly',
    note: 'logrotate.timer: OnCalendar=daily, AccuracySec=1h, Persistent=true',
  },
  {
    ids: ['fedora'],
    versions: { min: 30, max: null },
    label: 'Fedora 30+',
    files: timer(TIMER_1H),
    apacheFrequency: 'weekly',
    note: 'logrotate.timer: OnCalendar=daily, AccuracySec=1h',
  },
  {
    ids: ['opensuse-leap', 'opensuse-tumbleweed', 'opensuse', 'sles', 'sled', 'suse'],
    versions: { min: null, max: null },
    label: 'openSUSE/SLES (systemd)',
    files: timer(TIMER_1H),
    apacheFrequency: 'size',
    note: "logrotate.timer from logrotate's examples/ (AccuracySec depends on the logrotate version; 1h assumed); the Apache stanzas rotate by size",
  },
  {
    ids: ['alpine'],
    versions: { min: null, max: null },
    label: 'Alpine (busybox crond)',
    files: {
      crontabs: [{ path: '/etc/crontabs/root', text: ALPINE_CRONTAB, kind: 'user', flavor: 'busybox' }],
      runParts: [{ dir: '/etc/periodic/daily', entries: [{ name: 'logrotate', text: null }] }],
      host: { systemd: false, anacron: false },
    },
    apacheFrequency: 'weekly',
    note: '/etc/crontabs/root 0 2 * * * run-parts /etc/periodic/daily',
  },
  {
    ids: ['arch', 'archarm'],
    versions: { min: null, max: null },
    label: 'Arch Linux',
    files: timer(TIMER_RANDOM),
    apacheFrequency: 'global setting',
    note: 'systemd logrotate.timer (upstream example)',
  },
];

function major(v: string | null | undefined): number | null {
  const m = /^(\d+)/.exec(v ?? '');
  return m ? Number(m[1]) : null;
}

export function findDistroDefault(
  distro: { id: string; versionId: string | null; idLike?: string[] } | null,
): DistroDefault | null {
  if (!distro) return null;
  const v = major(distro.versionId);
  const ids = [distro.id.toLowerCase(), ...(distro.idLike ?? []).map((x) => x.toLowerCase())];
  for (const [i, id] of ids.entries()) {
    const rows = DISTRO_DEFAULTS.filter((r) => r.ids.includes(id));
    // VERSION_ID only means something for the distro's own ID (Mint 21 is not Ubuntu 21).
    const hit =
      i > 0
        ? undefined
        : rows.find(
            (r) =>
              v !== null &&
              (r.versions.min === null || v >= r.versions.min) &&
              (r.versions.max === null || v <= r.versions.max),
          );
    // Unknown version: the first row that accepts any version, else the newest row.
    const fallback =
      rows.find((r) => r.versions.min === null && r.versions.max === null && (r.files.host?.systemd ?? true)) ??
      rows[0];
    if (hit ?? fallback) return hit ?? fallback ?? null;
  }
  return null;
}

/**
 * The schedule a distro ships, for when no scheduler files were found. Always an assumption.
 * Unknown distro: daily at midnight with a one-hour window (the common systemd timer).
 */
export function defaultSchedule(distro: { id: string; versionId: string | null; idLike?: string[] } | null): {
  sources: ScheduleSourceDef[];
  assumption: string;
} {
  const row = findDistroDefault(distro);
  if (!row) {
    const s = parseScheduleOption('systemd:daily');
    const src: ScheduleSourceDef = {
      ...s,
      source: 'default',
      spec: 'daily',
      origin: 'distro default (unknown distribution)',
      trigger: { ...s.trigger, spreadMs: 3600e3 + 60e3 } as ScheduleSourceDef['trigger'],
      via: 'assumed logrotate.timer OnCalendar=daily, AccuracySec=1h',
      assumption: true,
    };
    return {
      sources: [src],
      assumption:
        'no scheduler files found and the distribution is unknown: assumed the usual systemd logrotate.timer (daily, 00:00 + up to 1 h)',
    };
  }
  const { sources } = collectSources(row.files);
  return {
    sources: sources.map((s) => ({
      ...s,
      source: 'default',
      origin: `distro default (${row.label}): ${s.origin}`,
      assumption: true,
    })),
    assumption: `no scheduler files found: assumed the ${row.label} default, ${row.note}`,
  };
}
