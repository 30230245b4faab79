// Narrowing runs to rotations with the stanza's frequency and the evidence left on disk.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { RotationWindow } from '../../src/model.js';
import {
  collectSources,
  expandWindows,
  frequencyFromText,
  narrowWindows,
  parseScheduleOption,
  type RotationEvidence,
} from '../../src/schedule/index.js';
import { loadTree } from './helpers.js';

const Z = 'Europe/Berlin';
const at = (iso: string) => DateTime.fromISO(iso, { zone: Z }).toMillis();
const day = (t: number) => DateTime.fromMillis(t, { zone: Z }).toFormat('ccc dd');
const none: RotationEvidence = {
  frequency: null,
  sizeBased: null,
  notifempty: false,
  stateEntry: null,
  datedSiblings: [],
  siblingMtimes: [],
};

function windows(
  tree: string,
  host: { systemd: boolean | null; anacron: boolean | null },
  from: string,
  to: string,
): RotationWindow[] {
  const { sources } = collectSources(loadTree(tree, host));
  return expandWindows(sources, { start: at(from), end: at(to) }, Z, 'graceful').filter(
    (w) => w.start >= at(from) && w.start <= at(to),
  );
}
const summary = (ws: RotationWindow[]) => ws.map((w) => `${day(w.start)} ${w.likelihood}`);

describe('frequencyFromText', () => {
  it.each([
    ['weekly', { kind: 'weekly', weekday: 0 }],
    ['weekly 3', { kind: 'weekly', weekday: 3 }],
    ['daily', { kind: 'daily' }],
    ['monthly', { kind: 'monthly', day: 0 }],
    ['hourly', { kind: 'hourly' }],
    ['yearly', { kind: 'yearly' }],
    ['size', null],
  ])('%s', (text, want) => expect(frequencyFromText(text)).toEqual(want));
});

describe('RHEL: daily anacron runs, weekly httpd stanza', () => {
  const ws = windows('rhel8', { systemd: true, anacron: true }, '2026-11-09T00:00', '2026-11-22T23:59');
  const ev: RotationEvidence = { ...none, frequency: { kind: 'weekly', weekday: 0 }, notifempty: true };

  it('Sunday runs are likely, the other days possible', () => {
    const out = narrowWindows(ws, ev, Z);
    expect(summary(out)).toEqual([
      'Mon 09 possible',
      'Tue 10 possible',
      'Wed 11 possible',
      'Thu 12 possible',
      'Fri 13 possible',
      'Sat 14 possible',
      'Sun 15 likely',
      'Mon 16 possible',
      'Tue 17 possible',
      'Wed 18 possible',
      'Thu 19 possible',
      'Fri 20 possible',
      'Sat 21 possible',
      'Sun 22 likely',
    ]);
    expect(out[6]!.reason).toBe(
      'weekly stanza: the first run on Sunday rotates (unless the log was empty: notifempty)',
    );
    expect(out[0]!.reason).toMatch(/rotates only if 7 days have passed/);
  });

  it("a dated sibling error_log-20261116 makes Monday certain (RHEL 7: Monday when Sunday's run was earlier)", () => {
    const out = narrowWindows(
      ws,
      {
        ...ev,
        datedSiblings: [{ name: 'error_log-20261116', date: '20261116', origin: '/var/log/httpd/error_log-20261116' }],
      },
      Z,
    );
    const mon = out.find((w) => day(w.start) === 'Mon 16')!;
    expect(mon.likelihood).toBe('certain');
    expect(mon.reason).toMatch(/dated sibling error_log-20261116/);
    expect(out).toHaveLength(14); // weekly: nothing dropped
  });

  it('input windows are not modified', () => {
    narrowWindows(ws, ev, Z);
    expect(ws.every((w) => w.likelihood === 'possible')).toBe(true);
  });
});

describe('Debian: daily timer, daily stanza', () => {
  const ws = windows('debian12', { systemd: true, anacron: true }, '2026-11-15T00:00', '2026-11-20T23:59');
  const ev: RotationEvidence = { ...none, frequency: { kind: 'daily' } };

  it('every run is likely', () => {
    expect(narrowWindows(ws, ev, Z).every((w) => w.likelihood === 'likely')).toBe(true);
  });

  it('state file: its run is certain, later runs up to the capture are dropped, later ones become possible', () => {
    const out = narrowWindows(
      ws,
      {
        ...ev,
        stateEntry: {
          time: at('2026-11-17T00:37:12'),
          origin: '/var/lib/logrotate/status:12',
          capturedAt: at('2026-11-19T12:00'),
        },
      },
      Z,
    );
    expect(summary(out)).toEqual(['Sun 15 likely', 'Mon 16 likely', 'Tue 17 certain', 'Fri 20 possible']);
    expect(out[2]!.reason).toBe(
      'state file /var/lib/logrotate/status:12 records the last rotation at 2026-11-17 00:37:12',
    );
  });

  it('a state time no schedule explains becomes its own certain window', () => {
    const out = narrowWindows(
      ws,
      { ...ev, stateEntry: { time: at('2026-11-18T14:02:00'), origin: '/var/lib/logrotate/status:3' } },
      Z,
    );
    const extra = out.find((w) => w.source === 'state-file')!;
    expect(extra).toMatchObject({ likelihood: 'certain', action: 'graceful', origin: '/var/lib/logrotate/status:3' });
    expect(extra.reason).toMatch(/no known schedule explains it/);
    // the same day's timer run cannot also have rotated a daily log
    expect(summary(out).filter((s) => s.startsWith('Wed 18'))).toEqual(['Wed 18 certain']);
  });
});

describe('hourly runs of a daily stanza (a size/hourly cron job beside the timer)', () => {
  const ws = expandWindows(
    [parseScheduleOption('25 * * * *')],
    { start: at('2026-11-17T00:00'), end: at('2026-11-17T23:59') },
    Z,
  ).filter((w) => w.start >= at('2026-11-17T00:00') && w.start <= at('2026-11-17T23:59'));
  it('the first run of the day is likely, the other 23 possible', () => {
    const out = narrowWindows(ws, { ...none, frequency: { kind: 'daily' } }, Z);
    expect(
      out
        .filter((w) => w.likelihood === 'likely')
        .map((w) => DateTime.fromMillis(w.start, { zone: Z }).toFormat('HH:mm')),
    ).toEqual(['00:25']);
    expect(out.filter((w) => w.likelihood === 'possible')).toHaveLength(23);
  });
  it("a rotated file's mtime pins the run; the day's other runs are ruled out", () => {
    const out = narrowWindows(
      ws,
      {
        ...none,
        frequency: { kind: 'daily' },
        notifempty: true,
        siblingMtimes: [
          { name: 'error.log.1', mtime: at('2026-11-17T06:25:41'), origin: 'mtime of /var/log/apache2/error.log.1' },
        ],
      },
      Z,
    );
    expect(out.map((w) => `${DateTime.fromMillis(w.start, { zone: Z }).toFormat('HH:mm')} ${w.likelihood}`)).toEqual([
      '06:25 certain',
    ]);
    expect(out[0]!.reason).toMatch(/error\.log\.1 was last written at 2026-11-17 06:25:41/);
  });
});

describe('size-based (SUSE) and no frequency', () => {
  const ws = windows('rhel9', { systemd: true, anacron: null }, '2026-11-15T00:00', '2026-11-17T23:59');
  it('size: every run possible', () => {
    const out = narrowWindows(
      ws,
      { ...none, frequency: { kind: 'weekly', weekday: 0 }, sizeBased: { directive: 'size', bytes: 1048576 } },
      Z,
    );
    expect(summary(out)).toEqual(['Sun 15 possible', 'Mon 16 possible', 'Tue 17 possible']);
    expect(out[0]!.reason).toMatch(/^size-based stanza \(size 1048576 bytes\)/);
  });
  it("no frequency anywhere: logrotate's built-in 1 MiB size criterion", () => {
    const out = narrowWindows(ws, none, Z);
    expect(out.every((w) => w.likelihood === 'possible' && /built-in criterion is size/.test(w.reason ?? ''))).toBe(
      true,
    );
  });
  it('minsize turns the likely run into a possible one', () => {
    const out = narrowWindows(
      ws,
      { ...none, frequency: { kind: 'daily' }, sizeBased: { directive: 'minsize', bytes: 1000 } },
      Z,
    );
    expect(out.every((w) => w.likelihood === 'possible')).toBe(true);
    expect(out[0]!.reason).toMatch(/larger than minsize 1000 bytes/);
  });
  it('a dated sibling on a day without any run adds a whole-day window', () => {
    const out = narrowWindows(
      ws,
      {
        ...none,
        frequency: { kind: 'daily' },
        datedSiblings: [
          { name: 'error_log-20261120.xz', date: '20261120', origin: '/var/log/apache2/error_log-20261120.xz' },
        ],
      },
      Z,
    );
    const sib = out.find((w) => w.source === 'sibling')!;
    expect([DateTime.fromMillis(sib.start, { zone: Z }).toISO(), sib.likelihood]).toEqual([
      '2026-11-20T00:00:00.000+01:00',
      'certain',
    ]);
  });
});

describe('minutes N (logrotate 3.21+)', () => {
  it('hourly runs of a "minutes 90" stanza rotate every other hour', () => {
    const ws = expandWindows(
      [parseScheduleOption('0 * * * *')],
      { start: at('2026-11-17T00:00'), end: at('2026-11-17T05:59') },
      Z,
    ).filter((w) => w.start >= at('2026-11-17T00:00') && w.start <= at('2026-11-17T05:59'));
    const out = narrowWindows(ws, { ...none, frequency: { kind: 'minutes', minutes: 90 } }, Z);
    expect(out.map((w) => `${DateTime.fromMillis(w.start, { zone: Z }).toFormat('HH:mm')} ${w.likelihood}`)).toEqual([
      '00:00 likely',
      '01:00 possible',
      '02:00 likely',
      '03:00 possible',
      '04:00 likely',
      '05:00 possible',
    ]);
  });
});

describe('weekly from a certain rotation (logrotate.c findNeedRotating)', () => {
  const ws = windows('rhel8', { systemd: true, anacron: true }, '2026-11-09T00:00', '2026-11-22T23:59');
  it('"weekly 7": seven calendar days after the state-file rotation', () => {
    const out = narrowWindows(
      ws,
      {
        ...none,
        frequency: { kind: 'weekly', weekday: 7 },
        stateEntry: { time: at('2026-11-11T03:31:00'), origin: '/var/lib/logrotate/logrotate.status:4' },
      },
      Z,
    );
    expect(summary(out).filter((x) => !x.endsWith('possible'))).toEqual(['Wed 11 certain', 'Wed 18 likely']);
    expect(out.find((w) => day(w.start) === 'Tue 17')!.reason).toMatch(
      /^weekly stanza: only 6 days after the rotation at 2026-11-11 03:06:00/,
    );
  });
  it('"weekly" (Sunday) after a Thursday rotation: the coming Sunday, then a week later', () => {
    const out = narrowWindows(
      ws,
      {
        ...none,
        frequency: { kind: 'weekly', weekday: 0 },
        datedSiblings: [{ name: 'error_log-20261112', date: '20261112', origin: 'x' }],
      },
      Z,
    );
    expect(summary(out).filter((x) => !x.endsWith('possible'))).toEqual([
      'Thu 12 certain',
      'Sun 15 likely',
      'Sun 22 likely',
    ]);
  });
});
