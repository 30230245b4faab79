// The timeline chart: one function drawn in Node (static SVG) and, stringified, in the page.
import { describe, expect, it } from 'vitest';
import vm from 'node:vm';
import { drawTimeline, type ChartData } from '../../src/report/html/chart-core.js';
import { utcOffsetChanges } from '../../src/time/index.js';

describe('utcOffsetChanges (src/time, used by the in-page chart)', () => {
  it.each([
    // EU end of summer time 2026: Sunday 25 October 01:00 UTC.
    [
      'Europe/Berlin',
      Date.UTC(2026, 9, 20),
      Date.UTC(2026, 10, 5),
      [
        [Date.UTC(2026, 9, 20), 120],
        [Date.UTC(2026, 9, 25, 1), 60],
      ],
    ],
    // Lord Howe: half-hour DST shift, 5 April 2026 02:00 local (+11) = 4 April 15:00 UTC.
    [
      'Australia/Lord_Howe',
      Date.UTC(2026, 3, 1),
      Date.UTC(2026, 3, 10),
      [
        [Date.UTC(2026, 3, 1), 660],
        [Date.UTC(2026, 3, 4, 15), 630],
      ],
    ],
    ['UTC', Date.UTC(2026, 0, 1), Date.UTC(2026, 11, 31), [[Date.UTC(2026, 0, 1), 0]]],
  ])('%s', (zone, start, end, expected) => {
    expect(utcOffsetChanges(start, end, zone).map((o) => [o.t, o.offset])).toEqual(expected);
  });
});

function sample(): ChartData {
  const t0 = Date.UTC(2026, 10, 17, 5, 0); // 06:00 in Europe/Berlin (+01:00)
  return {
    start: t0,
    end: t0 + 3 * 3600e3,
    res: 60e3,
    bins: [t0 + 25 * 60e3, 0, 7, t0 + 26 * 60e3, 2, 1, t0 + 140 * 60e3, 3, 0],
    restarts: [[t0 + 25 * 60e3 + 3000, 'graceful', 'Apache graceful <b>x</b>']],
    rotations: [[t0 + 25 * 60e3, t0 + 25 * 60e3 + 30e3, 'certain', 'logrotate certain']],
    bursts: [[t0 + 25 * 60e3 + 4000, t0 + 26 * 60e3 + 2000, 1, 'Burst #1']],
    relKinds: ['origin-check-failed', 'truncated-headers'],
    related: [t0 + 25 * 60e3, 0, 2, t0 + 25 * 60e3, 1, 2, t0 + 90 * 60e3, 1, 1],
    days: [[Date.UTC(2026, 10, 16, 23), 'Tue 17 Nov']],
    offsets: [[t0, 60]],
    title: 'T',
    desc: 'D',
  };
}

describe('drawTimeline', () => {
  it('is self-contained: its source, run alone in an empty VM context, draws the same SVG', () => {
    const d = sample();
    const view = { from: d.start, to: d.end, width: 900, height: 260 };
    const ctx = vm.createContext({ d, view });
    const viaString = vm.runInContext(`(${String(drawTimeline)})(d, view)`, ctx) as string;
    expect(viaString).toBe(drawTimeline(d, view));
  });

  it('draws per-minute bars in local clock time with bursts, restarts and rotation bands', () => {
    const d = sample();
    const svg = drawTimeline(d, { from: d.start, to: d.end, width: 900, height: 260 });
    expect(svg).toContain('data-bin="minute"');
    expect(svg.match(/class="bar w116"/g)).toHaveLength(2);
    expect(svg.match(/class="bar w117"/g)).toHaveLength(2);
    expect(svg.match(/class="burst"/g)).toHaveLength(1);
    expect(svg.match(/class="restart"/g)).toHaveLength(1);
    expect(svg.match(/class="rotation"/g)).toHaveLength(1);
    expect(svg.match(/class="related"/g)).toHaveLength(2);
    expect(svg).toContain(
      'Tue 17 Nov 06:25, per minute: 4 related mod_wsgi messages: origin-check-failed × 2, truncated-headers × 2',
    );
    // Local labels: 06:25 Berlin, not 05:25 UTC.
    expect(svg).toContain('Tue 17 Nov 06:25, per minute: 0 WSGI0116, 7 WSGI0117');
    expect(svg).toContain('>06:30<');
    expect(svg).not.toContain('<b>');
    expect(svg).toContain('Apache graceful &lt;b&gt;x&lt;/b&gt;');
  });

  it('aggregates coarser as the view grows (minute, 10 minutes, hour, day)', () => {
    const d = sample();
    const bin = (hours: number) =>
      /data-bin="([^"]+)"/.exec(
        drawTimeline(d, { from: d.start, to: d.start + hours * 3600e3, width: 900, height: 260 }),
      )?.[1];
    expect([bin(3), bin(24), bin(24 * 10), bin(24 * 90)]).toEqual(['minute', '10 minutes', 'hour', 'day']);
    // With per-second data embedded, short views go down to seconds.
    const fine = { ...d, res: 1000 };
    const binFine = (minutes: number) =>
      /data-bin="([^"]+)"/.exec(
        drawTimeline(fine, { from: d.start, to: d.start + minutes * 60e3, width: 900, height: 260 }),
      )?.[1];
    expect([binFine(5), binFine(20), binFine(180)]).toEqual(['second', '10 seconds', 'minute']);
  });

  it('omits what lies outside the view', () => {
    const d = sample();
    const svg = drawTimeline(d, { from: d.start + 130 * 60e3, to: d.end, width: 900, height: 260 });
    expect(svg).not.toContain('class="burst"');
    expect(svg.match(/class="bar w116"/g)).toHaveLength(1);
  });
});
