// The JSON report written as a stream (src/report/json.ts renderJsonChunks): its bytes are
// exactly JSON.stringify(toJsonValue(report), null, 2) + '\n' — for the real captures, a bundle,
// several zones, and events whose strings try to break the per-shape templates.
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analyse/index.js';
import { ConnectErrors } from '../../src/events.js';
import type { Report } from '../../src/model.js';
import { renderJsonChunks, toJsonValue } from '../../src/report/json.js';
import { formatInstant, isoFormatter } from '../../src/time/index.js';

const FIX = path.resolve(import.meta.dirname, '../../fixtures');

function streamed(r: Report): string {
  return Buffer.concat([...renderJsonChunks(r)].map((c) => (typeof c === 'string' ? Buffer.from(c) : c))).toString();
}
const reference = (r: Report) => JSON.stringify(toJsonValue(r), null, 2) + '\n';

function run(logs: string[], tz: string, root?: string): Promise<Report> {
  return analyse({
    logs,
    root,
    logrotate: [],
    schedule: [],
    cron: [],
    timer: [],
    rotated: true,
    tz,
    stdin: Readable.from([]),
    now: Date.UTC(2026, 10, 23, 9, 0, 0),
  });
}

describe('the JSON report as a stream', () => {
  it.each([
    ['real/daily-rotation-prefork/logs', 'UTC'],
    ['real/daily-rotation-prefork/logs', 'Europe/Berlin'],
    ['real/rotation-off-halfway/logs', 'America/New_York'],
    ['real/syslog-two-hosts/logs/syslog', 'Asia/Kolkata'],
    ['real/socket-permission/logs', 'UTC'],
    ['scenarios/dst-two-rotations/logs', 'Europe/Berlin'],
  ])('%s (%s): the same bytes as JSON.stringify of the whole', async (logs, tz) => {
    const r = await run([path.join(FIX, logs)], tz);
    expect(r.events.length).toBeGreaterThan(0);
    expect(streamed(r)).toBe(reference(r));
  });

  it('a bundle under --root (paths renamed through the string tables)', async () => {
    const r = await run([], 'UTC', path.join(FIX, 'bundles/sosreport-rhel9-web01'));
    expect(streamed(r)).toBe(reference(r));
  });

  it('strings that look like the template markers, quotes, controls, nulls, odd times', async () => {
    const r = await run([path.join(FIX, 'real/daily-rotation-prefork/logs')], 'Europe/Berlin');
    const odd = [
      '\u0001',
      '"\u0001x:time\u0001"',
      'line\nbreak "quoted" \\ back',
      '\u2028\u202e',
      'ümlaut ✓ 😀',
      '\u0000events[]\u0000',
    ];
    const events = r.events.map((e, i) => ({
      ...e,
      group: odd[i % odd.length]!,
      client: i % 3 === 0 ? null : i % 3 === 1 ? odd[(i + 1) % odd.length]! : e.client,
      pid: i % 4 === 0 ? null : e.pid,
      tid: i % 5 === 0 ? null : e.tid,
      time: i % 7 === 0 ? e.time + 0.5 : e.time,
    }));
    const hostile: Report = { ...r, events: ConnectErrors.from(events) };
    expect(streamed(hostile)).toBe(reference(hostile));
    expect(JSON.parse(streamed(hostile)).events).toHaveLength(events.length);
  });

  it('no events: one piece, the same bytes', async () => {
    const r = await run([path.join(FIX, 'real/daily-rotation-prefork/logs')], 'UTC');
    const none: Report = { ...r, events: ConnectErrors.empty };
    expect(streamed(none)).toBe(reference(none));
  });
});

describe('isoFormatter', () => {
  it.each(['UTC', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Europe/Amsterdam'])(
    '%s: the same text as formatInstant, across offset changes and odd instants',
    (zone) => {
      const iso = isoFormatter(zone);
      const at = [
        Date.UTC(2026, 2, 29, 0, 59, 59, 999),
        Date.UTC(2026, 2, 29, 1, 0, 0, 0),
        Date.UTC(2026, 9, 25, 0, 59, 30, 1),
        Date.UTC(2026, 9, 25, 1, 0, 0, 0),
        Date.UTC(2026, 3, 4, 15, 0, 0, 0), // Lord Howe: half an hour back
        Date.UTC(2026, 10, 1, 5, 30, 0, 5), // New York: fall back
        Date.UTC(1937, 6, 1, 0, 0, 0, 0), // Amsterdam: +00:19:32 until then
        Date.UTC(1900, 0, 1, 12, 0, 0, 123),
        -1,
        0,
        1.5,
        Date.UTC(2026, 10, 17, 6, 25, 3, 412),
      ];
      let x = 1;
      for (let k = 0; k < 2000; k++) {
        x = (x * 1103515245 + 12345) % 2147483648;
        at.push(Date.UTC(2026, 0, 1) + (x % (366 * 86_400)) * 1000 + (k % 1000));
      }
      for (const t of at) expect(iso(t)).toBe(formatInstant(t, zone));
    },
  );
});
