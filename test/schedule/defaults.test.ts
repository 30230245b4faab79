// The distro defaults table (used only when no scheduler files were found) and the report's
// words for sources (describeSource, explainSchedule).
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  collectSources,
  defaultSchedule,
  describeSource,
  DISTRO_DEFAULTS,
  expandWindows,
  explainSchedule,
  findDistroDefault,
  parseScheduleOption,
} from '../../src/schedule/index.js';
import { loadTree } from './helpers.js';

const Z = 'UTC';
const dayWindows = (distro: { id: string; versionId: string | null } | null) => {
  const { sources } = defaultSchedule(distro);
  const from = DateTime.fromISO('2026-11-17T00:00', { zone: Z }).toMillis();
  return expandWindows(sources, { start: from, end: from + 86400e3 - 1 }, Z)
    .filter((w) => w.start >= from && w.start < from + 86400e3)
    .map(
      (w) =>
        `${DateTime.fromMillis(w.start, { zone: Z }).toFormat('HH:mm')}–${DateTime.fromMillis(w.end, { zone: Z }).toFormat('HH:mm')} ${w.source}`,
    );
};

describe('defaultSchedule', () => {
  it.each([
    [{ id: 'debian', versionId: '12' }, ['00:00–01:00 default'], /Debian 10–12/],
    [{ id: 'debian', versionId: '13' }, ['00:00–01:01 default'], /RandomizedDelaySec=1h/],
    [{ id: 'ubuntu', versionId: '20.04' }, ['00:00–12:00 default'], /AccuracySec=12h/],
    [{ id: 'ubuntu', versionId: '24.04' }, ['00:00–01:00 default'], /Ubuntu 22\.04\+/],
    [{ id: 'rhel', versionId: '7.9' }, ['03:06–03:57 default'], /RHEL\/CentOS 7–8/],
    [{ id: 'centos', versionId: '8' }, ['03:06–03:57 default'], /anacron/],
    [{ id: 'rhel', versionId: '9.4' }, ['00:00–01:00 default'], /RHEL 9\+/],
    [{ id: 'fedora', versionId: '41' }, ['00:00–01:00 default'], /Fedora/],
    [{ id: 'opensuse-leap', versionId: '15.6' }, ['00:00–01:00 default'], /openSUSE/],
    [{ id: 'alpine', versionId: '3.20.3' }, ['02:00–02:06 default'], /busybox/],
    [{ id: 'arch', versionId: null }, ['00:00–01:01 default'], /Arch/],
    [null, ['00:00–01:01 default'], /distribution is unknown/],
  ])('%j', (distro, want, assumption) => {
    expect(dayWindows(distro)).toEqual(want);
    const d = defaultSchedule(distro);
    expect(d.assumption).toMatch(assumption);
    expect(
      d.sources.every((s) => s.assumption && s.source === 'default' && s.origin.startsWith('distro default')),
    ).toBe(true);
  });

  it('ID_LIKE falls back (rocky → rhel row; linuxmint → ubuntu)', () => {
    expect(findDistroDefault({ id: 'rocky', versionId: '9.3' })!.label).toBe('RHEL 9+');
    expect(findDistroDefault({ id: 'linuxmint', versionId: '21', idLike: ['ubuntu', 'debian'] })!.label).toBe(
      'Ubuntu 22.04+',
    );
  });

  it("each row's files really yield a source (the table is exercised, not just read)", () => {
    for (const row of DISTRO_DEFAULTS) expect(collectSources(row.files).sources.length, row.label).toBeGreaterThan(0);
  });

  it('the Debian row matches what the real Debian 12 files give', () => {
    const real = collectSources(loadTree('debian12', { systemd: true, anacron: true })).sources[0]!;
    const assumed = defaultSchedule({ id: 'debian', versionId: '12' }).sources[0]!;
    expect(assumed.trigger).toEqual(real.trigger);
  });
});

describe('describeSource / explainSchedule', () => {
  it('RHEL anacron source', () => {
    const src = collectSources(loadTree('rhel8', { systemd: true, anacron: true })).sources[0]!;
    expect(describeSource(src)).toEqual({
      source: 'anacron',
      spec: '1 5 cron.daily',
      origin: '/etc/anacrontab:14',
      description:
        'anacron window 03:06–03:57 local time (START_HOURS_RANGE 3-22, RANDOM_DELAY 45, delay 5, period 1; started by /etc/cron.d/0hourly:5 → /etc/cron.hourly/0anacron); run-parts /etc/cron.daily → /etc/cron.daily/logrotate',
      assumption: false,
    });
  });

  it('guarded Debian cron entry says its conditions', () => {
    const src = collectSources(loadTree('debian12')).sources.find((s) => s.source === 'cron')!;
    expect(describeSource(src).description).toBe(
      "cron '25 6 * * *', starting logrotate within 6 min; run-parts /etc/cron.daily → /etc/cron.daily/logrotate; only if anacron is not installed and systemd is not running",
    );
  });

  it('explainSchedule lists previous and next runs in the zone', () => {
    const src = collectSources(loadTree('debian12', { systemd: true, anacron: true })).sources;
    const lines = explainSchedule(
      src,
      DateTime.fromISO('2026-03-29T12:00', { zone: 'Europe/Berlin' }).toMillis(),
      'Europe/Berlin',
      2,
    );
    expect(lines).toEqual([
      '/lib/systemd/system/logrotate.timer:6: daily',
      '  systemd OnCalendar=daily (*-*-* 00:00:00), window 1 h (RandomizedDelaySec + AccuracySec), Persistent=true: a missed run happens at the next boot; logrotate.timer; only if systemd is running',
      '  previous  Sat 2026-03-28 00:00:00 – 01:00:00 +01:00',
      '  previous  Sun 2026-03-29 00:00:00 – 01:00:00 +01:00',
      '  next      Mon 2026-03-30 00:00:00 – 01:00:00 +02:00',
      '  next      Tue 2026-03-31 00:00:00 – 01:00:00 +02:00',
    ]);
  });

  it('explainSchedule widens the search for monthly schedules', () => {
    const lines = explainSchedule(
      [parseScheduleOption('@monthly')],
      DateTime.fromISO('2026-11-17T12:00', { zone: Z }).toMillis(),
      Z,
      1,
    );
    expect(lines.slice(2)).toEqual([
      '  previous  Sun 2026-11-01 00:00:00 – 00:01:00 +00:00',
      '  next      Tue 2026-12-01 00:00:00 – 00:01:00 +00:00',
    ]);
  });
});
