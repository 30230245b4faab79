// Real distro scheduler files → sources → windows, DST-correct, with the host facts deciding
// between Debian's three mechanisms (timer, cron.daily, anacron).
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  catchUpWindows,
  collectSources,
  expandWindows,
  inferHostFacts,
  parseScheduleOption,
  type ScheduleFiles,
} from '../../src/schedule/index.js';
import { loadTree, readFixture } from './helpers.js';

const local = (iso: string, zone: string) => DateTime.fromISO(iso, { zone }).toMillis();
const span = (from: string, to: string, zone: string) => ({ start: local(from, zone), end: local(to, zone) });
/** windows as local "yyyy-MM-dd HH:mm–HH:mm" text, for the days given */
function shown(files: ScheduleFiles, zone: string, from: string, to: string): string[] {
  const { sources } = collectSources(files);
  const s = span(from, to, zone);
  return expandWindows(sources, s, zone, 'graceful')
    .filter((w) => w.start >= s.start && w.start <= s.end)
    .map(
      (w) =>
        `${DateTime.fromMillis(w.start, { zone }).toFormat('yyyy-LL-dd HH:mm')}–${DateTime.fromMillis(w.end, { zone }).toFormat('HH:mm')} ${w.source} ${w.origin}`,
    );
}

describe('Debian 12 (real files): which mechanism runs depends on the host', () => {
  it('under systemd only logrotate.timer runs (cron.daily/logrotate exits, cron.d/anacron does nothing)', () => {
    const files = loadTree('debian12', { systemd: true, anacron: true });
    const { sources, notes } = collectSources(files);
    expect(sources.map((s) => [s.source, s.spec, s.origin])).toEqual([
      ['systemd', 'daily', '/lib/systemd/system/logrotate.timer:6'],
    ]);
    expect(notes.join('\n')).toMatch(
      /\/etc\/crontab:19: run-parts \/etc\/cron\.daily \(\/etc\/cron\.daily\/logrotate\) skipped/,
    );
    expect(notes.join('\n')).toMatch(
      /\/etc\/anacrontab:11: anacron job cron\.daily skipped: it needs systemd, and the logrotate script it runs exits under systemd/,
    );
    expect(notes).toContain(
      'no listing of /etc/cron.hourly, /etc/cron.monthly, /etc/cron.weekly: a logrotate script in there would not be seen',
    );
  });

  it('timer windows are 00:00 + AccuracySec 1h (+1 min) in local time across the EU spring-forward', () => {
    expect(
      shown(
        loadTree('debian12', { systemd: true, anacron: true }),
        'Europe/Berlin',
        '2026-03-28T00:00',
        '2026-03-30T23:59',
      ),
    ).toEqual([
      '2026-03-28 00:00–01:00 systemd /lib/systemd/system/logrotate.timer:6',
      '2026-03-29 00:00–01:00 systemd /lib/systemd/system/logrotate.timer:6',
      '2026-03-30 00:00–01:00 systemd /lib/systemd/system/logrotate.timer:6',
    ]);
  });

  it('without systemd but with anacron: /etc/cron.d/anacron at 07:30 starts cron.daily 5 min later', () => {
    expect(
      shown(
        loadTree('debian12', { systemd: false, anacron: true }),
        'Europe/Berlin',
        '2026-11-17T00:00',
        '2026-11-17T23:59',
      ),
    ).toEqual(['2026-11-17 07:35–07:41 anacron /etc/anacrontab:11']);
  });

  it('without systemd or anacron: /etc/crontab 25 6 run-parts cron.daily', () => {
    expect(
      shown(
        loadTree('debian12', { systemd: false, anacron: false }),
        'Europe/Berlin',
        '2026-11-17T00:00',
        '2026-11-17T23:59',
      ),
    ).toEqual(['2026-11-17 06:25–06:31 cron /etc/crontab:19']);
  });

  it('host unknown: every candidate is kept, each saying its condition (anacron.timer → cron.daily/logrotate can never rotate)', () => {
    const { sources } = collectSources(loadTree('debian12'));
    expect(sources.map((s) => `${s.source} ${s.origin} [${s.guards.join(',')}]`).sort()).toEqual([
      'anacron /etc/anacrontab:11 [no-systemd]',
      'cron /etc/crontab:19 [no-anacron,no-systemd]',
      'systemd /lib/systemd/system/logrotate.timer:6 [needs-systemd]',
    ]);
  });
});

describe('RHEL 8 (cronie 0hourly → 0anacron → anacron cron.daily)', () => {
  const files = loadTree('rhel8', { systemd: true, anacron: true });
  it('one window a day, 03:06 to 03:57 (START_HOURS_RANGE 3-22, delay 5, RANDOM_DELAY 45, run-parts)', () => {
    expect(shown(files, 'Europe/Berlin', '2026-11-16T00:00', '2026-11-17T23:59')).toEqual([
      '2026-11-16 03:06–03:57 anacron /etc/anacrontab:14',
      '2026-11-17 03:06–03:57 anacron /etc/anacrontab:14',
    ]);
  });
  it('America/New_York fall-back day: the repeated 01:01 runs do not move the 03:06 window', () => {
    expect(shown(files, 'America/New_York', '2026-10-31T00:00', '2026-11-02T23:59')).toEqual([
      '2026-10-31 03:06–03:57 anacron /etc/anacrontab:14',
      '2026-11-01 03:06–03:57 anacron /etc/anacrontab:14',
      '2026-11-02 03:06–03:57 anacron /etc/anacrontab:14',
    ]);
  });
  it('a START_HOURS_RANGE boundary inside the random delay keeps both invocations', () => {
    const f: ScheduleFiles = {
      ...files,
      anacrontabs: [
        {
          path: '/etc/anacrontab',
          text: 'RANDOM_DELAY=45\nSTART_HOURS_RANGE=3-22\n1 30 cron.daily nice run-parts /etc/cron.daily\n',
        },
      ],
    };
    // 02:01 invocation: 02:31–03:17 (03:00–03:17 in range, may run); 03:01: 03:31–04:17, runs for sure.
    expect(shown(f, 'UTC', '2026-11-17T00:00', '2026-11-17T23:59')).toEqual([
      '2026-11-17 03:00–04:22 anacron /etc/anacrontab:3',
    ]);
  });
  it('cronie-noanacron dailyjobs (04:02) is skipped while anacron is installed, used without it', () => {
    const noana = loadTree('rhel8-noanacron', { systemd: true, anacron: true });
    noana.runParts = files.runParts;
    expect(collectSources(noana).sources).toEqual([]);
    noana.host = { systemd: true, anacron: false };
    expect(shown(noana, 'UTC', '2026-11-17T00:00', '2026-11-17T23:59')).toEqual([
      '2026-11-17 04:02–04:08 cron /etc/cron.d/dailyjobs:1',
    ]);
  });
});

describe('other distributions', () => {
  it('RHEL 9 timer: 00:00–01:00 (AccuracySec=1h)', () => {
    expect(
      shown(
        loadTree('rhel9', { systemd: true, anacron: null }),
        'America/New_York',
        '2026-03-08T00:00',
        '2026-03-08T23:59',
      ),
    ).toEqual(['2026-03-08 00:00–01:00 systemd /usr/lib/systemd/system/logrotate.timer:6']);
  });
  it('Ubuntu 20.04 timer: a 12-hour window', () => {
    expect(
      shown(loadTree('ubuntu2004', { systemd: true, anacron: null }), 'UTC', '2026-11-17T00:00', '2026-11-17T23:59'),
    ).toEqual(['2026-11-17 00:00–12:00 systemd /lib/systemd/system/logrotate.timer:6']);
  });
  it('Alpine busybox crond 0 2 * * *: no run on the EU spring-forward day, two on the fall-back day', () => {
    const files = loadTree('alpine', { systemd: false, anacron: false });
    expect(shown(files, 'Europe/Berlin', '2026-03-28T00:00', '2026-03-30T23:59')).toEqual([
      '2026-03-28 02:00–02:06 cron /etc/crontabs/root:5',
      '2026-03-30 02:00–02:06 cron /etc/crontabs/root:5',
    ]);
    expect(shown(files, 'Europe/Berlin', '2026-10-25T00:00', '2026-10-25T23:59')).toEqual([
      '2026-10-25 02:00–02:06 cron /etc/crontabs/root:5',
      '2026-10-25 02:00–02:06 cron /etc/crontabs/root:5',
    ]);
  });
  it('a timer drop-in moves the Debian timer to 03:00 + 15 min (synthetic override)', () => {
    const files = loadTree('debian12', { systemd: true, anacron: true });
    files.timers = [
      {
        ...files.timers!.find((t) => t.path.endsWith('logrotate.timer'))!,
        dropIns: [
          {
            path: '/etc/systemd/system/logrotate.timer.d/override.conf',
            text: readFixture('synthetic/etc/systemd/system/logrotate.timer.d/override.conf'),
          },
        ],
      },
    ];
    expect(shown(files, 'UTC', '2026-11-17T00:00', '2026-11-17T23:59')).toEqual([
      '2026-11-17 03:00–03:15 systemd /etc/systemd/system/logrotate.timer.d/override.conf:4',
    ]);
  });
});

describe('expandWindows', () => {
  it('keeps several sources at once (a daily timer and an hourly size-based cron job)', () => {
    const daily = parseScheduleOption('systemd:daily');
    const hourly = parseScheduleOption('@hourly');
    const ws = expandWindows([daily, hourly], span('2026-11-17T00:00', '2026-11-17T03:00', 'UTC'), 'UTC', 'graceful');
    expect(ws.filter((w) => w.spec === 'systemd:daily')).toHaveLength(3); // 16th, 17th, 18th (a day of margin either side)
    expect(ws.filter((w) => w.spec === '@hourly').length).toBe(24 + 4 + 24);
    expect(ws.every((w) => w.likelihood === 'possible' && w.action === 'graceful')).toBe(true);
    expect(ws.map((w) => w.start)).toEqual([...ws.map((w) => w.start)].sort((a, b) => a - b));
  });

  it('margin: covers a day before and after the span', () => {
    const ws = expandWindows(
      [parseScheduleOption('25 6 * * *')],
      span('2026-11-17T00:00', '2026-11-17T23:59', 'Europe/Berlin'),
      'Europe/Berlin',
    );
    expect(ws.map((w) => DateTime.fromMillis(w.start, { zone: 'Europe/Berlin' }).toISO())).toEqual([
      '2026-11-16T06:25:00.000+01:00',
      '2026-11-17T06:25:00.000+01:00',
      '2026-11-18T06:25:00.000+01:00',
    ]);
  });

  it('a --schedule cron job in a skipped hour runs right after the jump (cronie)', () => {
    const ws = expandWindows(
      [parseScheduleOption('30 2 * * *')],
      span('2026-03-29T00:00', '2026-03-29T12:00', 'Europe/Berlin'),
      'Europe/Berlin',
    );
    expect(ws.map((w) => DateTime.fromMillis(w.start, { zone: 'Europe/Berlin' }).toISO())).toContain(
      '2026-03-29T03:00:00.000+02:00',
    );
  });
});

describe('inferHostFacts', () => {
  const probe = (paths: string[], comm: string | null = null) => ({
    exists: (p: string) => paths.includes(p),
    read: (p: string) => (p === '/proc/1/comm' ? comm : null),
  });
  it.each([
    [
      'live systemd host with anacron',
      probe(['/usr/sbin/anacron', '/usr/sbin/cron'], 'systemd\n'),
      { systemd: true, anacron: true },
    ],
    [
      'container: PID 1 is not systemd, cron without anacron',
      probe(['/usr/sbin/cron'], 'bash'),
      { systemd: false, anacron: false },
    ],
    [
      'sosreport (RHEL): sos_commands/systemd, etc/anacrontab',
      probe(['/sos_commands/systemd', '/etc/anacrontab']),
      { systemd: true, anacron: true },
    ],
    ['Alpine bundle', probe(['/etc/alpine-release']), { systemd: false, anacron: null }],
    ['bare logs', probe([]), { systemd: null, anacron: null }],
  ])('%s', (_name, p, want) => {
    const { systemd, anacron } = inferHostFacts(p);
    expect({ systemd, anacron }).toEqual(want);
  });
});

describe('catchUpWindows', () => {
  const Z = 'Europe/Berlin';
  const at = (iso: string) => DateTime.fromISO(iso, { zone: Z }).toMillis();
  const show = (ws: { start: number; end: number; reason?: string }[]) =>
    ws.map(
      (w) =>
        `${DateTime.fromMillis(w.start, { zone: Z }).toFormat('LL-dd HH:mm')}–${DateTime.fromMillis(w.end, { zone: Z }).toFormat('HH:mm')}`,
    );
  it('Persistent timer: a midnight missed while down runs after the boot', () => {
    const { sources } = collectSources(loadTree('debian12', { systemd: true, anacron: true }));
    const ws = catchUpWindows(
      sources,
      [{ time: at('2026-11-17T08:14'), lastSeenBefore: at('2026-11-16T22:03'), origin: 'error.log:120' }],
      Z,
      'graceful',
    );
    expect(show(ws)).toEqual(['11-17 08:14–09:19']);
    expect(ws[0]!.reason).toMatch(
      /^Persistent=true: the run due at 2026-11-17 00:00:00 was missed while the host was down/,
    );
    // down between 02:00 and 05:00: no elapse missed, nothing to catch up
    expect(
      catchUpWindows(
        sources,
        [{ time: at('2026-11-17T05:00'), lastSeenBefore: at('2026-11-17T02:00'), origin: 'x' }],
        Z,
      ),
    ).toEqual([]);
  });
  it('RHEL anacron: down over 03:01, booted 09:40 → 10:06–10:57', () => {
    const { sources } = collectSources(loadTree('rhel8', { systemd: true, anacron: true }));
    expect(
      show(
        catchUpWindows(
          sources,
          [{ time: at('2026-11-17T09:40'), lastSeenBefore: at('2026-11-17T01:30'), origin: 'x' }],
          Z,
        ),
      ),
    ).toEqual(['11-17 10:06–10:57']);
    // down 10:00–12:00 after the day's run at 03:xx: anacron does not run it again
    expect(
      catchUpWindows(
        sources,
        [{ time: at('2026-11-17T12:00'), lastSeenBefore: at('2026-11-17T10:00'), origin: 'x' }],
        Z,
      ),
    ).toEqual([]);
    // down 01:50–02:10 only missed the 02:01 invocation, which never runs the job: nothing new
    expect(
      catchUpWindows(
        sources,
        [{ time: at('2026-11-17T02:10'), lastSeenBefore: at('2026-11-17T01:50'), origin: 'x' }],
        Z,
      ),
    ).toEqual([]);
  });
  it('plain cron does not catch up', () => {
    expect(
      catchUpWindows(
        [parseScheduleOption('25 6 * * *')],
        [{ time: at('2026-11-17T09:00'), lastSeenBefore: at('2026-11-17T01:00'), origin: 'x' }],
        Z,
      ),
    ).toEqual([]);
  });
});
