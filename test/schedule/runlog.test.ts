// Logged runs (cron log, journal, list-timers) pin windows to moments.
import fs from 'node:fs';
import path from 'node:path';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { RotationWindow } from '../../src/model.js';
import {
  compareRuns,
  collectSources,
  expandWindows,
  narrowWindows,
  parseListTimers,
  parseSchedulerLog,
  type RotationEvidence,
} from '../../src/schedule/index.js';
import { loadTree, readFixture } from './helpers.js';

const none: RotationEvidence = {
  frequency: null,
  sizeBased: null,
  notifempty: false,
  stateEntry: null,
  datedSiblings: [],
  siblingMtimes: [],
};
const fmt = (t: number, zone: string) => DateTime.fromMillis(t, { zone }).toFormat('yyyy-LL-dd HH:mm:ss');

describe('parseSchedulerLog', () => {
  it('real journal grep of run-parts lines: years inferred backwards from the hint', () => {
    const Z = 'Asia/Shanghai';
    const log = parseSchedulerLog(
      readFixture('logs/journal-grep-logrotate.txt'),
      '/var/log/journal.txt',
      Z,
      DateTime.fromISO('2025-09-14T00:00', { zone: Z }).toMillis(),
    );
    expect(log.via).toBe('cron');
    expect(log.runs.map((r) => `${fmt(r.time, Z)} ${r.kind} ${r.origin}`)).toEqual([
      '2025-02-15 04:48:01 logrotate-start /var/log/journal.txt:1',
      '2025-02-15 04:48:01 logrotate-end /var/log/journal.txt:2',
      '2025-02-16 03:44:01 logrotate-start /var/log/journal.txt:3',
      '2025-02-16 03:44:01 logrotate-end /var/log/journal.txt:4',
      '2025-09-12 19:37:01 logrotate-start /var/log/journal.txt:5',
      '2025-09-12 19:37:01 logrotate-end /var/log/journal.txt:6',
      '2025-09-13 03:20:01 logrotate-start /var/log/journal.txt:7',
      '2025-09-13 03:20:01 logrotate-end /var/log/journal.txt:8',
    ]);
    expect(fmt(log.span!.end, Z)).toBe('2025-09-13 10:13:19');
  });

  it('a hint in January puts December lines in the year before', () => {
    const log = parseSchedulerLog(
      'Dec 31 03:20:01 h run-parts(/etc/cron.daily)[1]: starting logrotate\nJan  1 03:21:01 h run-parts(/etc/cron.daily)[2]: starting logrotate\n',
      'cron',
      'UTC',
      Date.UTC(2027, 0, 2),
    );
    expect(log.runs.map((r) => new Date(r.time).toISOString())).toEqual([
      '2026-12-31T03:20:01.000Z',
      '2027-01-01T03:21:01.000Z',
    ]);
  });

  it('real /var/log/cron excerpt: CROND and run-parts lines', () => {
    const log = parseSchedulerLog(readFixture('logs/cron-cronie.txt'), '/var/log/cron', 'UTC', Date.UTC(2026, 1, 10));
    expect(log.runs.map((r) => `${r.kind} ${r.origin}`)).toEqual([
      'logrotate-start /var/log/cron:1', // CROND runs cron.daily, where logrotate is
      'logrotate-start /var/log/cron:2',
      'logrotate-end /var/log/cron:3',
    ]);
  });

  it('journal: logrotate.service and the apache2 reload (systemd 252 wording)', () => {
    const log = parseSchedulerLog(
      readFixture('logs/journal-debian12.txt'),
      'journalctl',
      'Europe/Berlin',
      Date.UTC(2026, 10, 20),
    );
    expect(log.via).toBe('systemd');
    expect(log.runs.map((r) => `${fmt(r.time, 'Europe/Berlin')} ${r.kind}`)).toEqual([
      '2026-11-17 00:37:12 logrotate-start',
      '2026-11-17 00:37:13 apache-reload',
      '2026-11-17 00:37:13 apache-reload',
      '2026-11-17 00:37:13 logrotate-end',
      '2026-11-17 00:37:13 logrotate-end',
      '2026-11-18 00:12:40 logrotate-start',
      '2026-11-18 00:12:41 apache-reload',
      '2026-11-18 00:12:41 apache-reload',
      '2026-11-18 00:12:41 logrotate-end',
      '2026-11-18 00:12:41 logrotate-end',
    ]);
  });

  // (the 140 KB form that `npm run fuzz` found slow runs in test/robustness/limits.test.ts)
  it('a run of tag characters before the tag of a real line: the message after "tag[pid]: "', () => {
    const text = [
      'Feb 10 03:00:01 web01 CROND[4320]: (root) CMD (run-parts /etc/cron.hourly)',
      `Feb 10 03:22:01 web01 ${'a/'.repeat(50)}x run-parts(/etc/cron.daily)[4321]: starting logrotate`,
    ].join('\n');
    const log = parseSchedulerLog(text, '/var/log/cron', 'UTC', Date.UTC(2026, 1, 10, 12));
    expect(log.runs.map((r) => [r.kind, r.origin, r.what])).toEqual([
      ['logrotate-start', '/var/log/cron:2', 'starting logrotate'],
    ]);
  });

  it('list-timers: the LAST column of logrotate.timer', () => {
    const runs = parseListTimers(
      readFixture('logs/systemctl_list-timers_--all'),
      'sos_commands/systemd/systemctl_list-timers_--all',
      'Europe/Berlin',
    );
    expect(runs.map((r) => `${fmt(r.time, 'Europe/Berlin')} ${r.origin}`)).toEqual([
      '2026-11-17 00:37:12 sos_commands/systemd/systemctl_list-timers_--all:2',
    ]);
  });
});

describe('narrowing with logged runs', () => {
  it('RHEL anacron windows: a logged start pins its window, an unexplained one gets its own, unlogged runs inside the log are dropped', () => {
    const Z = 'Asia/Shanghai';
    const at = (iso: string) => DateTime.fromISO(iso, { zone: Z }).toMillis();
    const { sources } = collectSources(loadTree('rhel8', { systemd: true, anacron: true }));
    const ws = expandWindows(
      sources,
      { start: at('2025-02-14T00:00'), end: at('2025-02-18T23:59') },
      Z,
      'graceful',
    ).filter((w) => w.start >= at('2025-02-14T00:00') && w.start <= at('2025-02-18T23:59'));
    const log = parseSchedulerLog(readFixture('logs/journal-grep-logrotate.txt'), 'journal', Z, at('2025-09-14T00:00'));
    const out = narrowWindows(ws, { ...none, frequency: { kind: 'daily' }, logs: [log] }, Z);
    const show = (w: RotationWindow) => `${fmt(w.start, Z)}–${fmt(w.end, Z).slice(11)} ${w.source} ${w.likelihood}`;
    expect(out.map(show)).toEqual([
      '2025-02-14 03:06:00–03:57:00 anacron likely', // before the log starts: untouched
      '2025-02-15 03:06:00–03:57:00 anacron likely', // before the first logged line (04:48): untouched
      '2025-02-15 04:48:01–04:49:01 cron possible', // logged, no schedule explains it (late boot)
      '2025-02-16 03:44:01–03:45:01 anacron certain', // pinned: logged, and the daily stanza was due
      // Feb 17 and 18: inside the log's span with no logged start: did not run
    ]);
    expect(out[3]!.reason).toMatch(
      /^daily stanza: the first run of the day rotates; logged: logrotate started at 2025-02-16 03:44:01 \(journal:3\); the stanza was due in this logged run$/,
    );
  });

  it('Debian timer + journal: pinned to the logged start, the apache2 reload makes it certain', () => {
    const Z = 'Europe/Berlin';
    const at = (iso: string) => DateTime.fromISO(iso, { zone: Z }).toMillis();
    const { sources } = collectSources(loadTree('debian12', { systemd: true, anacron: true }));
    const ws = expandWindows(
      sources,
      { start: at('2026-11-16T00:00'), end: at('2026-11-19T23:59') },
      Z,
      'graceful',
    ).filter((w) => w.start >= at('2026-11-16T00:00') && w.start <= at('2026-11-19T23:59'));
    const log = parseSchedulerLog(readFixture('logs/journal-debian12.txt'), 'journal', Z, at('2026-11-20T00:00'));
    const out = narrowWindows(ws, { ...none, frequency: { kind: 'daily' }, logs: [log] }, Z);
    expect(out.map((w) => `${fmt(w.start, Z)}–${fmt(w.end, Z).slice(11)} ${w.likelihood}`)).toEqual([
      '2026-11-16 00:00:00–01:00:00 likely',
      '2026-11-17 00:37:12–00:38:12 certain',
      '2026-11-18 00:12:40–00:13:40 certain',
      // Nov 19 00:00–01:00 lies inside the journal excerpt (until 08:00) with no logrotate start: dropped
    ]);
    expect(out[1]!.reason).toMatch(/Apache reloaded at 2026-11-17 00:37:13 \(journal:3\) during this run$/);
  });

  it('list-timers LAST pins the last run without dropping anything', () => {
    const Z = 'Europe/Berlin';
    const at = (iso: string) => DateTime.fromISO(iso, { zone: Z }).toMillis();
    const { sources } = collectSources(loadTree('debian12', { systemd: true, anacron: true }));
    const ws = expandWindows(sources, { start: at('2026-11-16T00:00'), end: at('2026-11-17T23:59') }, Z).filter(
      (w) => w.start >= at('2026-11-16T00:00') && w.start <= at('2026-11-17T23:59'),
    );
    const runs = parseListTimers(readFixture('logs/systemctl_list-timers_--all'), 'list-timers', Z);
    const out = narrowWindows(
      ws,
      { ...none, frequency: { kind: 'daily' }, logs: [{ runs, span: null, via: 'systemd', file: 'list-timers' }] },
      Z,
    );
    expect(out.map((w) => `${fmt(w.start, Z)} ${w.likelihood}`)).toEqual([
      '2026-11-16 00:00:00 likely',
      '2026-11-17 00:37:12 certain',
    ]);
  });
});

describe('scheduled against observed runs (compareRuns)', () => {
  it('RHEL anacron + journal grep: Feb 17 and 18 missed inside the log, Feb 15 04:48 unscheduled', () => {
    const Z = 'Asia/Shanghai';
    const at = (iso: string) => DateTime.fromISO(iso, { zone: Z }).toMillis();
    const { sources } = collectSources(loadTree('rhel8', { systemd: true, anacron: true }));
    const ws = expandWindows(
      sources,
      { start: at('2025-02-14T00:00'), end: at('2025-02-18T23:59') },
      Z,
      'graceful',
    ).filter((w) => w.start >= at('2025-02-14T00:00') && w.start <= at('2025-02-18T23:59'));
    const log = parseSchedulerLog(readFixture('logs/journal-grep-logrotate.txt'), 'journal', Z, at('2025-09-14T00:00'));
    const cmp = compareRuns(ws, [log]);
    expect(cmp.missed.map((w) => `${fmt(w.start, Z)} ${w.source}`)).toEqual([
      '2025-02-17 03:06:00 anacron',
      '2025-02-18 03:06:00 anacron',
    ]);
    expect(cmp.checked).toBe(3); // Feb 16, 17, 18 lie inside the log's span (it starts Feb 15 04:48)
    expect(cmp.unscheduled.map((r) => `${fmt(r.time, Z)} ${r.origin}`)).toEqual(['2025-02-15 04:48:01 journal:1']);
  });

  it('Debian timer + journal: Nov 19 missed, the logged runs all explained', () => {
    const Z = 'Europe/Berlin';
    const at = (iso: string) => DateTime.fromISO(iso, { zone: Z }).toMillis();
    const { sources } = collectSources(loadTree('debian12', { systemd: true, anacron: true }));
    const ws = expandWindows(
      sources,
      { start: at('2026-11-16T00:00'), end: at('2026-11-19T23:59') },
      Z,
      'graceful',
    ).filter((w) => w.start >= at('2026-11-16T00:00') && w.start <= at('2026-11-19T23:59'));
    const log = parseSchedulerLog(readFixture('logs/journal-debian12.txt'), 'journal', Z, at('2026-11-20T00:00'));
    const cmp = compareRuns(ws, [log]);
    expect(cmp.missed.map((w) => fmt(w.start, Z))).toEqual(['2026-11-19 00:00:00']);
    expect(cmp.unscheduled).toEqual([]);
    expect(cmp.runs.map((r) => fmt(r.time, Z))).toEqual(['2026-11-17 00:37:12', '2026-11-18 00:12:40']);
  });

  it("logrotate's own verbose output (real run): one start per run, the postrotate error at its run's time", () => {
    const dir = 'fixtures/real/rotation-off-in-vhost/logrotate';
    const Z = 'Europe/Berlin';
    const logs = fs
      .readdirSync(dir)
      .filter((n) => n.endsWith('.log'))
      .sort()
      .map((n) => parseSchedulerLog(fs.readFileSync(path.join(dir, n), 'utf8'), n, Z, Date.UTC(2026, 10, 20)));
    const runs = logs.flatMap((l) => l.runs);
    expect(runs.filter((r) => r.kind === 'logrotate-start').map((r) => `${fmt(r.time, Z)} ${r.origin}`)).toEqual(
      ['14', '15', '16', '17', '18', '19'].map((d) => `2026-11-${d} 06:25:00 2026-11-${d}.log:12`),
    );
    const failed = runs.filter((r) => r.kind === 'postrotate-failed');
    expect(failed.map((r) => `${fmt(r.time, Z)} ${r.origin}`)).toEqual(['2026-11-16 06:25:00 2026-11-16.log:86']);
    expect(logs.every((l) => l.via === null)).toBe(true); // no scheduler's span: nothing dropped for it
  });

  it('anacron and Debian CRON lines, and a journal -o json export', () => {
    const Z = 'UTC';
    const text = [
      'Nov 17 06:25:01 web1 CRON[4242]: (root) CMD (test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; })',
      "Nov 17 07:30:01 web1 anacron[812]: Job `cron.daily' started",
      "Nov 17 07:30:09 web1 anacron[812]: Job `cron.daily' terminated",
      JSON.stringify({
        __REALTIME_TIMESTAMP: String(Date.UTC(2026, 10, 18, 0, 10, 0) * 1000),
        SYSLOG_IDENTIFIER: 'systemd',
        _PID: '1',
        MESSAGE: 'Starting logrotate.service - Rotate log files...',
      }),
    ].join('\n');
    const log = parseSchedulerLog(text, 'syslog', Z, Date.UTC(2026, 10, 20));
    expect(log.runs.map((r) => `${r.kind} ${new Date(r.time).toISOString()} ${r.via}`)).toEqual([
      'logrotate-start 2026-11-17T06:25:01.000Z cron',
      'logrotate-start 2026-11-17T07:30:01.000Z cron',
      'logrotate-end 2026-11-17T07:30:09.000Z cron',
      'logrotate-start 2026-11-18T00:10:00.000Z systemd',
    ]);
  });
});
