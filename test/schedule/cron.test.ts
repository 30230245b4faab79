// Cron expressions: parsing, cronie's day matching, and the DST weeks of 2026 (Europe/Berlin
// 03-29 / 10-25, America/New_York 03-08 / 11-01) as cronie's src/cron.c main loop handles them.
// cron-parser (used for the field values) moves a job in the skipped hour elsewhere; the test
// pins that difference so a cron-parser upgrade that changes it is noticed.
import { CronExpressionParser } from 'cron-parser';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { cronRuns, parseCron } from '../../src/schedule/index.js';

const iso = (ts: number[]) => ts.map((t) => new Date(t).toISOString().replace('.000Z', 'Z'));
const utc = (s: string) => Date.parse(s);

describe('parseCron', () => {
  it.each([
    ['25 6 * * *', [25], [6]],
    ['@daily', [0], [0]],
    ['@midnight', [0], [0]],
    ['@hourly', [0], Array.from({ length: 24 }, (_, i) => i)],
    ['*/20 7-9 * * mon-fri', [0, 20, 40], [7, 8, 9]],
    ['0 0-23/6 * * *', [0], [0, 6, 12, 18]],
  ])('%s', (text, minutes, hours) => {
    const s = parseCron(text);
    expect(s.minutes).toEqual(minutes);
    expect(s.hours).toEqual(hours);
  });

  it('folds day-of-week 7 into Sunday and reads names', () => {
    expect([...parseCron('47 6 * * 7').dows]).toEqual([0]);
    expect([...parseCron('0 0 * jan,jul sun').months].sort((a, b) => a - b)).toEqual([1, 7]);
  });

  it('marks cronie "wildcard" jobs (minute or hour starting with *), including @hourly', () => {
    expect(parseCron('@hourly').wild).toBe(true);
    expect(parseCron('*/15 2 * * *').wild).toBe(true);
    expect(parseCron('30 2 * * *').wild).toBe(false);
    expect(parseCron('@daily').wild).toBe(false);
  });

  it.each([
    ['25 24 * * *', /hour field: 24 is out of range 0–23/],
    ['61 * * * *', /minute field: 61 is out of range 0–59/],
    ['0 0 * 13 *', /month field: 13 is out of range 1–12/],
    ['0 0 * * funday', /day-of-week field: 'funday' is not a number 0–7 or a name/],
    ['0 0 * *', /expected 5 fields/],
    ['0 0 L * *', /day-of-month field: 'L' is not a number 1–31/],
    ['@reboot', /@reboot runs once at boot, not on a schedule/],
    ['@fortnightly', /unknown macro/],
    ['0~30 * * * *', /random ranges/],
    ['5-1 * * * *', /runs backwards/],
  ])('rejects %s', (text, msg) => {
    let err: unknown;
    try {
      parseCron(text, { file: '/etc/crontab', line: 7 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).describe()).toMatch(/^\/etc\/crontab:7: bad cron schedule/);
    expect((err as InputError).message).toMatch(msg);
  });
});

describe('cronie day matching (src/cron.c find_jobs: DOM_STAR/DOW_STAR)', () => {
  const nov = [utc('2026-11-01T00:00:00Z') - 1, utc('2026-11-30T23:59:59Z')] as const;
  it('both fields restricted: either matches (the 1st, the 15th and every Friday)', () => {
    const days = cronRuns(parseCron('0 0 1,15 * 5'), nov[0], nov[1], 'UTC').map((t) => new Date(t).getUTCDate());
    expect(days).toEqual([1, 6, 13, 15, 20, 27]);
  });
  it('a day-of-month starting with * (*/2) counts as a star: both must match', () => {
    const days = cronRuns(parseCron('0 0 */2 * 1'), nov[0], nov[1], 'UTC').map((t) => new Date(t).getUTCDate());
    expect(days).toEqual([9, 23]);
  });
  it('busybox crond (FixDayDow, ParseField): */2 fills even days from index 0, and either field matches', () => {
    const days = cronRuns(parseCron('0 0 */2 * 1'), nov[0], nov[1], 'UTC', 'busybox').map((t) =>
      new Date(t).getUTCDate(),
    );
    expect(days).toEqual([2, 4, 6, 8, 9, 10, 12, 14, 16, 18, 20, 22, 23, 24, 26, 28, 30]);
  });
  it('busybox crond: a * day field yields to the other one', () => {
    const days = cronRuns(parseCron('0 0 * * 1'), nov[0], nov[1], 'UTC', 'busybox').map((t) =>
      new Date(t).getUTCDate(),
    );
    expect(days).toEqual([2, 9, 16, 23, 30]);
  });
});

// Expected runs per cronie src/cron.c: spring forward = "medium" wakeup (fixed-time jobs of the
// skipped minutes run right after the jump, wildcard jobs only for the current minute); fall back
// = "negative" wakeup (only wildcard jobs run until the clock catches up).
const DST: [string, string, string, string, string, string[]][] = [
  [
    'Europe/Berlin spring, fixed 02:30 runs at 03:00 CEST',
    '30 2 * * *',
    'Europe/Berlin',
    '2026-03-28T00:00:00Z',
    '2026-03-30T12:00:00Z',
    ['2026-03-28T01:30:00Z', '2026-03-29T01:00:00Z', '2026-03-30T00:30:00Z'],
  ],
  [
    'Europe/Berlin spring, fixed 02:00 runs at 03:00 CEST',
    '0 2 * * *',
    'Europe/Berlin',
    '2026-03-29T00:00:00Z',
    '2026-03-29T12:00:00Z',
    ['2026-03-29T01:00:00Z'],
  ],
  [
    'Europe/Berlin spring, wildcard */30 in hour 2 is skipped',
    '*/30 2 * * *',
    'Europe/Berlin',
    '2026-03-28T12:00:00Z',
    '2026-03-30T12:00:00Z',
    ['2026-03-30T00:00:00Z', '2026-03-30T00:30:00Z'],
  ],
  [
    'Europe/Berlin spring, hourly wildcard loses 02:15',
    '15 * * * *',
    'Europe/Berlin',
    '2026-03-28T23:00:00Z',
    '2026-03-29T02:30:00Z',
    ['2026-03-28T23:15:00Z', '2026-03-29T00:15:00Z', '2026-03-29T01:15:00Z', '2026-03-29T02:15:00Z'],
  ],
  [
    'Europe/Berlin fall, fixed 02:30 runs once (CEST)',
    '30 2 * * *',
    'Europe/Berlin',
    '2026-10-24T12:00:00Z',
    '2026-10-26T12:00:00Z',
    ['2026-10-25T00:30:00Z', '2026-10-26T01:30:00Z'],
  ],
  [
    'Europe/Berlin fall, hourly wildcard runs twice at 02:15',
    '15 * * * *',
    'Europe/Berlin',
    '2026-10-24T23:00:00Z',
    '2026-10-25T02:30:00Z',
    ['2026-10-24T23:15:00Z', '2026-10-25T00:15:00Z', '2026-10-25T01:15:00Z', '2026-10-25T02:15:00Z'],
  ],
  [
    'Europe/Berlin, Debian 06:25 unaffected',
    '25 6 * * *',
    'Europe/Berlin',
    '2026-03-28T00:00:00Z',
    '2026-03-30T00:00:00Z',
    ['2026-03-28T05:25:00Z', '2026-03-29T04:25:00Z'],
  ],
  [
    'America/New_York spring, fixed 02:30 runs at 03:00 EDT',
    '30 2 * * *',
    'America/New_York',
    '2026-03-07T12:00:00Z',
    '2026-03-09T12:00:00Z',
    ['2026-03-08T07:00:00Z', '2026-03-09T06:30:00Z'],
  ],
  [
    'America/New_York fall, fixed 01:30 runs once (EDT)',
    '30 1 * * *',
    'America/New_York',
    '2026-10-31T12:00:00Z',
    '2026-11-02T12:00:00Z',
    ['2026-11-01T05:30:00Z', '2026-11-02T06:30:00Z'],
  ],
  [
    'America/New_York fall, RHEL 0hourly wildcard hour runs twice at 01:01',
    '1 * * * *',
    'America/New_York',
    '2026-11-01T04:30:00Z',
    '2026-11-01T07:30:00Z',
    ['2026-11-01T05:01:00Z', '2026-11-01T06:01:00Z', '2026-11-01T07:01:00Z'],
  ],
];

describe('DST weeks follow cronie', () => {
  it.each(DST)('%s', (_name, expr, zone, from, to, want) => {
    expect(iso(cronRuns(parseCron(expr), utc(from), utc(to), zone))).toEqual(want);
  });

  it('cron-parser differs in the skipped hour (moves 02:30 to 03:30); we follow cronie (03:00)', () => {
    const it = CronExpressionParser.parse('30 2 * * *', {
      currentDate: new Date('2026-03-29T00:00:00Z'),
      tz: 'Europe/Berlin',
    });
    expect(it.next().toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(
      iso(cronRuns(parseCron('30 2 * * *'), utc('2026-03-29T00:00:00Z'), utc('2026-03-29T12:00:00Z'), 'Europe/Berlin')),
    ).toEqual(['2026-03-29T01:00:00Z']);
  });

  it('cron-parser agrees with cronie in the repeated hour for fixed-time jobs (once)', () => {
    const it = CronExpressionParser.parse('30 2 * * *', {
      currentDate: new Date('2026-10-24T12:00:00Z'),
      tz: 'Europe/Berlin',
    });
    expect([it.next().toISOString(), it.next().toISOString()]).toEqual([
      '2026-10-25T00:30:00.000Z',
      '2026-10-26T01:30:00.000Z',
    ]);
  });

  it('busybox crond (Alpine 0 2 * * *): skipped on the spring day, twice on the fall day', () => {
    const s = parseCron('0 2 * * *');
    expect(
      iso(cronRuns(s, utc('2026-03-28T12:00:00Z'), utc('2026-03-30T12:00:00Z'), 'Europe/Berlin', 'busybox')),
    ).toEqual(['2026-03-30T00:00:00Z']);
    expect(
      iso(cronRuns(s, utc('2026-10-24T12:00:00Z'), utc('2026-10-25T12:00:00Z'), 'Europe/Berlin', 'busybox')),
    ).toEqual(['2026-10-25T00:00:00Z', '2026-10-25T01:00:00Z']);
  });

  it('CRON_TZ jobs are matched per real minute in their zone (gap skipped)', () => {
    expect(
      iso(
        cronRuns(
          parseCron('30 2 * * *'),
          utc('2026-03-28T12:00:00Z'),
          utc('2026-03-29T12:00:00Z'),
          'Europe/Berlin',
          'vixie',
          true,
        ),
      ),
    ).toEqual([]);
  });
});
