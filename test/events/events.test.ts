// The compact store of connect errors (src/events.ts): what goes in as objects comes out the
// same (values and key order: the JSON report's order), over real captured logs; the derived
// lists (slice, select, keep, sorted, concat) and the string tables behave as arrays would.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConnectErrors, EventPacker, encodeClient, type PackedEvents } from '../../src/events.js';
import { readLogs, resolveInputs } from '../../src/inputs/index.js';
import type { WsgiConnectError } from '../../src/model.js';

const REAL = path.resolve(import.meta.dirname, '../../fixtures/real');

async function realEvents(scenario: string, file = ''): Promise<ConnectErrors> {
  const specs = resolveInputs([path.join(REAL, scenario, 'logs', file)], { rotated: true });
  return (await readLogs(specs, { zone: 'UTC', workers: 0 })).events;
}

/** The events as plain objects, built by hand from the accessors' meaning (not through at()). */
function objects(list: ConnectErrors): WsgiConnectError[] {
  return JSON.parse(JSON.stringify(list)) as WsgiConnectError[];
}

function packed(events: WsgiConnectError[]): PackedEvents {
  const p = new EventPacker();
  for (const e of events) p.push(e);
  return p.finish();
}

describe('ConnectErrors', () => {
  it.each([
    ['daily-rotation-prefork', ''],
    ['socket-permission', ''],
    ['syslog-two-hosts', 'syslog'],
    ['rotation-off-halfway', ''],
  ])('%s %s: objects in, the same objects out (values and key order), few shapes', async (scenario, file) => {
    const events = await realEvents(scenario, file);
    expect(events.length).toBeGreaterThan(0);
    const arr = events.toArray();
    const again = ConnectErrors.from(arr);
    expect(again.length).toBe(arr.length);
    for (let i = 0; i < arr.length; i++) {
      expect(JSON.stringify(again.at(i))).toBe(JSON.stringify(arr[i]));
      expect(Object.keys(again.at(i)!)).toEqual(Object.keys(arr[i]!));
      expect(again.time(i)).toBe(arr[i]!.time);
      expect(again.client(i)).toBe(arr[i]!.client);
      expect(again.pid(i)).toBe(arr[i]!.pid);
    }
    // what repeats is stored once: far fewer shapes than events
    expect(events.distinctShapes().length).toBeLessThan(Math.max(2, events.length / 2));
    expect(objects(events)).toEqual(arr);
  });

  it('clients: IPv4 with or without port as numbers, anything else from the table, exactly as written', () => {
    const canonical = ['10.0.0.1:53422', '192.168.1.5', '0.0.0.0:0', '255.255.255.255:65535', '1.2.3.4:1'];
    for (const c of canonical) expect(Number.isNaN(encodeClient(c))).toBe(false);
    const other = [
      '010.0.0.1:1', // a leading zero would not come back as written
      '10.0.0.1:0080',
      '256.0.0.1:1',
      '10.0.0.1:65536',
      '10.0.0:1',
      '10.0.0.1.5',
      '[::1]:4433',
      '::1',
      'x.x.x.x',
      '10.0.0.1:',
      '',
    ];
    for (const c of other) expect(encodeClient(c)).toBeNaN();
    const base = (async () => (await realEvents('daily-rotation-prefork')).at(0)!)();
    return base.then((e) => {
      const all = [...canonical, ...other, null].map((client, line) => ({ ...e, client, line }));
      const list = ConnectErrors.from(all);
      expect(list.map((x) => x.client)).toEqual(all.map((x) => x.client));
      expect(ConnectErrors.concat([{ packed: packed(all), lineBase: 0 }], () => true).map((x) => x.client)).toEqual(
        all.map((x) => x.client),
      );
    });
  });

  it('concat: blocks in order, lines shifted, shapes and clients merged, a time filter applied', async () => {
    const arr = (await realEvents('daily-rotation-prefork')).toArray();
    const half = Math.floor(arr.length / 2);
    const a = arr.slice(0, half);
    const b = arr.slice(half).map((e) => ({ ...e, client: e.client === null ? null : `h:${e.client}` }));
    const keep = (t: number) => t !== arr[1]!.time;
    const got = ConnectErrors.concat(
      [
        { packed: packed(a), lineBase: 0 },
        { packed: packed(b), lineBase: 1000 },
      ],
      keep,
    );
    const want = [...a, ...b.map((e) => ({ ...e, line: e.line + 1000 }))].filter((e) => keep(e.time));
    expect(objects(got)).toEqual(want);
  });

  it('slice, select, keep, sortedByTime (stable), lowerBound and distinctShapes behave as on an array', async () => {
    const arr = (await realEvents('syslog-two-hosts', 'syslog')).toArray();
    // shuffled times with ties: a stable sort keeps the ties in order
    const shuffled = arr.map((e, i) => ({ ...e, time: arr[(i * 7) % arr.length]!.time - (i % 3) * 1000, line: i }));
    const list = ConnectErrors.from(shuffled);
    const sorted = [...shuffled].sort((x, y) => x.time - y.time);
    expect(objects(list.sortedByTime())).toEqual(sorted);
    const s = list.sortedByTime();
    expect(s.sortedByTime()).toBe(s);
    const t = sorted[Math.floor(sorted.length / 3)]!.time;
    expect(s.lowerBound(t)).toBe(sorted.findIndex((e) => e.time >= t));
    expect(objects(list.slice(3, 9))).toEqual(shuffled.slice(3, 9));
    expect(objects(list.slice(3, 9).slice(1, 2))).toEqual(shuffled.slice(4, 5));
    expect(objects(list.select([5, 1, 1, 0]))).toEqual([5, 1, 1, 0].map((i) => shuffled[i]));
    expect(objects(list.keep((i) => list.host(i) === shuffled[0]!.host))).toEqual(
      shuffled.filter((e) => e.host === shuffled[0]!.host),
    );
    expect(list.keep(() => true)).toBe(list);
    const firstSeen = [...new Map(shuffled.map((e) => [`${e.host}|${e.socket}|${e.group}|${e.errno}`, e])).keys()];
    expect(
      list
        .distinctShapes()
        .map((x) => `${x.host}|${x.socket}|${x.group}|${x.errno}`)
        .filter((k, i, all) => all.indexOf(k) === i),
    ).toEqual(firstSeen);
    expect(list.at(-1)).toEqual(shuffled[shuffled.length - 1]);
    expect(list.at(list.length)).toBeUndefined();
  });

  it('mapStrings: every string of every event, as a walk over the objects would give', async () => {
    const list = await realEvents('daily-rotation-prefork');
    const f = (s: string) => `<${s}>`;
    const walk = (v: unknown): unknown =>
      typeof v === 'string'
        ? f(v)
        : Array.isArray(v)
          ? v.map(walk)
          : v !== null && typeof v === 'object'
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
            : v;
    // clients held as numbers are addresses: no path in them; here every client is mapped anyway
    const named = ConnectErrors.from(list.map((e) => ({ ...e, client: e.client && `c ${e.client}` })));
    expect(objects(named.mapStrings(f))).toEqual(walk(objects(named)));
    expect(list.mapStrings((s) => s)).toBe(list);
  });
});
