// Logged runs (cron log, journal, list-timers) pin windows to moments.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { RotationWindow } from '../../src/model.js';
import {
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
      '2025-02-16 03:44:01–03:45:01 anacron likely', // pinned
      // Feb 17 and 18: inside the log's span with no logged start: did not run
    ]);
    expect(out[3]!.reason).toMatch(
      /^daily stanza: the first run of the day rotates; logged: logrotate started at 2025-02-16 03:44:01 \(journal:3\)$/,
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
      '2026-11-17 00:37:12 likely',
    ]);
  });
});
