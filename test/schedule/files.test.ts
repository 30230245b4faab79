// Crontab, anacrontab and timer parsing over the real distro files in fixtures/schedule
// (README there says where each came from), and the bad-input messages (file:line).
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import {
  classifyCommand,
  collectSources,
  crontabKindForPath,
  expandWindows,
  parseAnacrontab,
  parseCrontab,
  parseScheduleOption,
  parseTimerUnit,
  parseTimespan,
} from '../../src/schedule/index.js';
import { readFixture } from './helpers.js';

function inputError(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('no error thrown');
}

describe('crontabs', () => {
  it('Debian 12 /etc/crontab: four entries with the user column, comments and variables skipped', () => {
    const tab = parseCrontab(readFixture('debian12/etc/crontab'), '/etc/crontab');
    expect(tab.kind).toBe('system');
    expect(tab.env.SHELL).toBe('/bin/sh');
    expect(tab.entries.map((e) => [e.line, e.when, e.user])).toEqual([
      [18, '17 * * * *', 'root'],
      [19, '25 6 * * *', 'root'],
      [20, '47 6 * * 7', 'root'],
      [21, '52 6 1 * *', 'root'],
    ]);
    expect(tab.entries[1]!.command).toBe(
      'test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; }',
    );
  });

  it('RHEL /etc/cron.d/0hourly', () => {
    const tab = parseCrontab(readFixture('rhel8/etc/cron.d/0hourly'), '/etc/cron.d/0hourly');
    expect(tab.env.MAILTO).toBe('root');
    expect(tab.entries).toHaveLength(1);
    expect(tab.entries[0]).toMatchObject({
      line: 5,
      when: '01 * * * *',
      user: 'root',
      command: 'run-parts /etc/cron.hourly',
    });
  });

  it('Alpine /etc/crontabs/root is a user crontab (no user column)', () => {
    const tab = parseCrontab(readFixture('alpine/etc/crontabs/root'), '/etc/crontabs/root', 'user');
    expect(tab.entries.map((e) => e.command)).toContain('run-parts /etc/periodic/daily');
    expect(tab.entries.find((e) => e.command === 'run-parts /etc/periodic/daily')!.when).toBe('0 2 * * *');
  });

  it('user crontab: CRON_TZ applies to the entries after it, @reboot has no schedule', () => {
    const tab = parseCrontab(readFixture('synthetic/crontabs/root'), '/var/spool/cron/crontabs/root');
    expect(tab.kind).toBe('user');
    expect(tab.entries[0]).toMatchObject({
      when: '15 * * * *',
      cronTz: 'UTC',
      user: null,
      command: '/usr/sbin/logrotate /etc/logrotate.d/hourly-apps.conf',
    });
    expect(tab.entries[1]!.spec).toBeNull();
  });

  it('bad field: file:line and the field at fault', () => {
    const e = inputError(() => parseCrontab(readFixture('synthetic/crontabs/bad-field'), '/etc/cron.d/bad-field'));
    expect(e.describe()).toBe(
      "/etc/cron.d/bad-field:3: bad cron schedule '25 24 * * *': hour field: 24 is out of range 0–23",
    );
  });

  it('system crontab line without a command after the user', () => {
    const e = inputError(() => parseCrontab('25 6 * * * root\n', '/etc/crontab'));
    expect(e.describe()).toMatch(/^\/etc\/crontab:1: system crontab line needs a user column before the command/);
  });

  it.each([
    [
      'test -x /usr/sbin/anacron || { cd / && run-parts --report /etc/cron.daily; }',
      { kind: 'run-parts', dir: '/etc/cron.daily', guards: ['no-anacron'] },
    ],
    ['run-parts /etc/cron.hourly', { kind: 'run-parts', dir: '/etc/cron.hourly', guards: [] }],
    ['nice run-parts /etc/cron.daily', { kind: 'run-parts', dir: '/etc/cron.daily', guards: [] }],
    [
      '[ ! -f /etc/cron.hourly/0anacron ] && run-parts /etc/cron.daily',
      { kind: 'run-parts', dir: '/etc/cron.daily', guards: ['no-anacron'] },
    ],
    [
      '[ -x /etc/init.d/anacron ] && if [ ! -d /run/systemd/system ]; then /usr/sbin/invoke-rc.d anacron start >/dev/null; fi',
      { kind: 'anacron', guards: ['no-systemd'] },
    ],
    ['/usr/sbin/anacron -s', { kind: 'anacron', guards: [] }],
    ['/usr/sbin/logrotate /etc/logrotate.conf', { kind: 'logrotate', guards: [] }],
    ['cd / && logrotate -f /etc/logrotate.d/apache2', { kind: 'logrotate', guards: [] }],
    ['anacron -u cron.daily', { kind: 'other' }],
    ['/usr/lib/apache2/ab-cleanup /var/log/logrotate.conf.d', { kind: 'other' }],
  ])('classifies %s', (cmd, want) => {
    expect(classifyCommand(cmd)).toEqual(want);
  });
});

describe('anacrontab', () => {
  it('RHEL: START_HOURS_RANGE 3-22, RANDOM_DELAY 45, cron.daily period 1 delay 5', () => {
    const tab = parseAnacrontab(readFixture('rhel8/etc/anacrontab'), '/etc/anacrontab');
    expect(tab.startHours).toMatchObject({ from: 3, to: 22, line: 11 });
    expect(tab.randomDelayMinutes).toBe(45);
    expect(tab.jobs.map((j) => [j.line, j.period, j.delayMinutes, j.randomDelayMinutes, j.id])).toEqual([
      [14, 1, 5, 45, 'cron.daily'],
      [15, 7, 25, 45, 'cron.weekly'],
      [16, 'monthly', 45, 45, 'cron.monthly'],
    ]);
  });

  it('Debian 12: no range, no random delay', () => {
    const tab = parseAnacrontab(readFixture('debian12/etc/anacrontab'), '/etc/anacrontab');
    expect(tab.startHours).toBeNull();
    expect(tab.jobs.map((j) => [j.periodText, j.delayMinutes, j.id, j.command])).toEqual([
      ['1', 5, 'cron.daily', 'run-parts --report /etc/cron.daily'],
      ['7', 10, 'cron.weekly', 'run-parts --report /etc/cron.weekly'],
      ['@monthly', 15, 'cron.monthly', 'run-parts --report /etc/cron.monthly'],
    ]);
  });

  it('RANDOM_DELAY only reaches the jobs after it (readtab.c adds random_number when the job line is read)', () => {
    const tab = parseAnacrontab(
      '1 5 early run-parts /etc/cron.daily\nRANDOM_DELAY=30\n1 5 late run-parts /etc/cron.daily\n',
      '/etc/anacrontab',
    );
    expect(tab.jobs.map((j) => j.randomDelayMinutes)).toEqual([0, 30]);
  });

  it('a backwards START_HOURS_RANGE is what anacron makes of it (0-0: no job starts), with a note', () => {
    const tab = parseAnacrontab(readFixture('synthetic/crontabs/bad-anacrontab'), '/etc/anacrontab');
    expect(tab.startHours).toEqual({ from: 0, to: 0, line: 1 });
    expect(tab.notes).toEqual([
      "/etc/anacrontab:1: START_HOURS_RANGE '22-3' runs backwards; anacron sets it to 0-0 and then starts no job",
    ]);
    const { sources } = collectSources({
      anacrontabs: [{ path: '/etc/anacrontab', text: readFixture('synthetic/crontabs/bad-anacrontab') }],
      runParts: [{ dir: '/etc/cron.daily', entries: [{ name: 'logrotate', text: null }] }],
    });
    expect(expandWindows(sources, { start: Date.UTC(2026, 10, 17), end: Date.UTC(2026, 10, 18) }, 'UTC')).toEqual([]);
  });

  it('an unreadable START_HOURS_RANGE names file and line', () => {
    const e = inputError(() => parseAnacrontab('START_HOURS_RANGE=3\n', '/etc/anacrontab'));
    expect(e.describe()).toBe(
      "/etc/anacrontab:1: START_HOURS_RANGE '3' is invalid (expected start-end hours, e.g. 3-22)",
    );
  });

  it('garbage job line', () => {
    expect(inputError(() => parseAnacrontab('daily 5 cron.daily run-parts x\n', '/etc/anacrontab')).describe()).toMatch(
      /^\/etc\/anacrontab:1: expected 'period delay job-identifier command'/,
    );
  });
});

describe('timer units', () => {
  it('Debian 12 logrotate.timer: daily, AccuracySec=1h, Persistent', () => {
    const t = parseTimerUnit({
      path: '/lib/systemd/system/logrotate.timer',
      text: readFixture('debian12/lib/systemd/system/logrotate.timer'),
    });
    expect(t.calendars.map((c) => [c.spec.normalized, c.origin])).toEqual([
      ['*-*-* 00:00:00', '/lib/systemd/system/logrotate.timer:6'],
    ]);
    expect(t.accuracyMs).toBe(3600e3);
    expect(t.randomizedDelayMs).toBe(0);
    expect(t.persistent).toBe(true);
  });

  it('Ubuntu 20.04 logrotate.timer: AccuracySec=12h', () => {
    const t = parseTimerUnit({
      path: '/lib/systemd/system/logrotate.timer',
      text: readFixture('ubuntu2004/lib/systemd/system/logrotate.timer'),
    });
    expect(t.accuracyMs).toBe(12 * 3600e3);
  });

  it('Debian 12 anacron.timer: 07..23:30, RandomizedDelaySec=5m, default AccuracySec 1min', () => {
    const t = parseTimerUnit({
      path: '/lib/systemd/system/anacron.timer',
      text: readFixture('debian12/lib/systemd/system/anacron.timer'),
    });
    expect(t.calendars[0]!.spec.normalized).toBe('*-*-* 07..23:30:00');
    expect(t.randomizedDelayMs).toBe(5 * 60e3);
    expect(t.accuracyMs).toBe(60e3);
  });

  it('a drop-in with an empty OnCalendar= resets the list (synthetic override)', () => {
    const t = parseTimerUnit(
      { path: '/lib/systemd/system/logrotate.timer', text: readFixture('debian12/lib/systemd/system/logrotate.timer') },
      [
        {
          path: '/etc/systemd/system/logrotate.timer.d/override.conf',
          text: readFixture('synthetic/etc/systemd/system/logrotate.timer.d/override.conf'),
        },
      ],
    );
    expect(t.calendars.map((c) => [c.spec.normalized, c.origin])).toEqual([
      ['*-*-* 03:00:00', '/etc/systemd/system/logrotate.timer.d/override.conf:4'],
    ]);
    expect(t.accuracyMs).toBe(5 * 60e3);
    expect(t.randomizedDelayMs).toBe(10 * 60e3);
    expect(t.files).toHaveLength(2);
  });

  it('bad OnCalendar names the unit file and line', () => {
    const e = inputError(() =>
      parseTimerUnit({ path: '/etc/systemd/system/bad.timer', text: readFixture('synthetic/bad.timer') }),
    );
    expect(e.describe()).toMatch(
      /^\/etc\/systemd\/system\/bad\.timer:5: bad systemd calendar spec 'Mon\.\.Fri 25:00': hour 25 out of range 0–23/,
    );
  });

  it.each([
    ['1h', 3600e3],
    ['12h', 12 * 3600e3],
    ['5m', 5 * 60e3],
    ['5min', 5 * 60e3],
    ['1h 30min', 5400e3],
    ['90', 90e3],
    ['250ms', 250],
  ])('time span %s', (text, ms) => {
    expect(parseTimespan(text, {})).toBe(ms);
  });

  it('bad time span', () => {
    const e = inputError(() =>
      parseTimerUnit({ path: '/x.timer', text: '[Timer]\nOnCalendar=daily\nAccuracySec=1 fortnight\n' }),
    );
    expect(e.describe()).toMatch(/^\/x\.timer:3: bad time span '1 fortnight'/);
  });
});

describe('--schedule', () => {
  it.each([
    ['25 6 * * *', 'cron'],
    ['@daily', 'cron'],
    ['@annually', 'cron'],
    ['systemd:daily', 'calendar'],
    ['systemd:*-*-* 06:25:00', 'calendar'],
    ['systemd:Mon..Fri 03:00', 'calendar'],
  ])('%s', (text, kind) => {
    const s = parseScheduleOption(text);
    expect(s).toMatchObject({ source: 'schedule', spec: text, origin: '--schedule', assumption: false });
    expect(s.trigger.kind).toBe(kind);
  });

  it.each([
    ['@reboot', /--schedule: bad cron schedule '@reboot': @reboot runs once at boot/],
    ['every day', /--schedule: cannot read schedule 'every day' \(expected a 5-field cron expression/],
    ['25 6 * *', /--schedule: cannot read schedule/],
    ['25 6 * * * *', /--schedule: cannot read schedule/],
    ['systemd:Mon..Fri 25:00', /--schedule: bad systemd calendar spec 'Mon\.\.Fri 25:00'/],
    ['systemd:', /--schedule: bad systemd calendar spec/],
    ['', /--schedule: empty schedule/],
  ])('rejects %j', (text, msg) => {
    expect(inputError(() => parseScheduleOption(text)).describe()).toMatch(msg);
  });
});

describe('discovered files (lenient) and cron.d naming', () => {
  it('a bad line in a discovered crontab becomes a note; the good lines still count', () => {
    const { sources, notes } = collectSources({
      crontabs: [
        {
          path: '/etc/cron.d/broken',
          text: '25 24 * * * root /usr/sbin/logrotate /etc/logrotate.conf\n15 3 * * * root /usr/sbin/logrotate /etc/logrotate.conf\n',
        },
      ],
      lenient: true,
    });
    expect(sources.map((s) => s.origin)).toEqual(['/etc/cron.d/broken:2']);
    expect(notes).toEqual([
      "/etc/cron.d/broken:1: bad cron schedule '25 24 * * *': hour field: 24 is out of range 0–23 (line skipped, as cron does)",
    ]);
  });
  it('named with --cron (not lenient) the same file stops with file:line', () => {
    expect(
      inputError(() =>
        collectSources({ crontabs: [{ path: '/etc/cron.d/broken', text: '25 24 * * * root /usr/sbin/logrotate\n' }] }),
      ).describe(),
    ).toMatch(/^\/etc\/cron\.d\/broken:1:/);
  });
  it('cron.d leftovers are not read', () => {
    const { sources, notes } = collectSources({
      crontabs: [
        { path: '/etc/cron.d/logrotate.rpmsave', text: '0 1 * * * root /usr/sbin/logrotate /etc/logrotate.conf\n' },
      ],
    });
    expect(sources).toEqual([]);
    expect(notes[0]).toMatch(/ignored/);
  });
  it("e2fsprogs' real /etc/cron.d/e2scrub_all parses and runs no logrotate", () => {
    const tab = parseCrontab(readFixture('debian12/etc/cron.d/e2scrub_all'), '/etc/cron.d/e2scrub_all');
    expect(tab.entries.map((e) => [e.when, classifyCommand(e.command).kind])).toEqual([
      ['30 3 * * 0', 'other'],
      ['10 3 * * *', 'other'],
    ]);
  });
});

describe('crontabKindForPath', () => {
  it.each([
    ['/etc/crontab', undefined, 'system'],
    ['/etc/cron.d/0hourly', undefined, 'system'],
    ['./crontab', undefined, 'system'],
    ['/var/spool/cron/crontabs/root', undefined, 'user'],
    // a copy of Debian's /etc/crontab under another name: recognised by the user column
    ['./debian-etc-crontab.txt', readFixture('debian12/etc/crontab'), 'system'],
    ['./root.cron', readFixture('synthetic/crontabs/root'), 'user'],
    ['./alpine-root', readFixture('alpine/etc/crontabs/root'), 'user'],
  ])('%s', (path, text, want) => {
    expect(crontabKindForPath(path, text)).toBe(want);
  });
});

it("Debian's /etc/cron.d/.placeholder is skipped without a note", () => {
  const { sources, notes } = collectSources({
    crontabs: [
      {
        path: '/etc/cron.d/.placeholder',
        text: '# DO NOT EDIT OR REMOVE\n# This file is a simple placeholder to keep dpkg from removing this directory\n',
      },
    ],
  });
  expect([sources, notes]).toEqual([[], []]);
});
