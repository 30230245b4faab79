// Windowed reading against the plain answer: a generated access log (lines written when the
// request ends, as Apache does, so %t runs out of order) is read window by window through the
// bisection, through gzip, and split into rotated siblings; the records must be exactly those a
// full parse finds in the windows, the bytes read a small part of the file, and the per-window
// 503/500 counts what awk counts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compileLogFormat,
  computeImpacts,
  KNOWN_FORMATS,
  readAccessImpact,
  readWindows,
  type AccessRecord,
  type TimeWindow,
} from '../../src/access/index.js';
import { AWK, awkCounts } from './awk.js';

const ZONE = 'Europe/Berlin';
const WITH_D = KNOWN_FORMATS.find((k) => k.name === 'combined+%D')!.format;
const COMBINED = KNOWN_FORMATS.find((k) => k.name === 'combined')!.format;
const T0 = Date.UTC(2026, 10, 14, 0, 0, 0); // 2026-11-14 01:00 +0100
const BURSTS = [
  Date.UTC(2026, 10, 14, 5, 25, 1),
  Date.UTC(2026, 10, 14, 17, 3, 40),
  Date.UTC(2026, 10, 15, 5, 25, 2),
  Date.UTC(2026, 10, 15, 5, 27, 30),
];
const WINDOWS: TimeWindow[] = BURSTS.map((b) => ({ start: b - 15_000, end: b + 20_000 }));

const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');
/** CLF time in +0100 (Europe/Berlin in November) */
const clf = (ms: number) => {
  const d = new Date(ms + 3_600_000);
  return `[${p2(d.getUTCDate())}/${MON[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} +0100]`;
};

/** Lines in write order (by end time); `withD` adds %D. Deterministic. */
function generate(withD: boolean): string {
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const reqs: { start: number; us: number; line: (d: boolean) => string }[] = [];
  const paths = ['/', '/api/orders', '/api/cart?id=3', '/static/app.js', '/login'];
  for (let t = T0; t < T0 + 2 * 86_400_000; t += Math.floor(rnd() * 6000)) {
    const slow = rnd() < 0.01;
    const us = Math.floor((slow ? 30 + rnd() * 90 : rnd() * 0.8) * 1e6);
    const burst = BURSTS.some((b) => t >= b - 2000 && t <= b + 8000);
    const status = burst && rnd() < 0.6 ? (rnd() < 0.8 ? 503 : 500) : rnd() < 0.05 ? 404 : 200;
    const client = `192.0.2.${1 + Math.floor(rnd() * 40)}`;
    const p = paths[Math.floor(rnd() * paths.length)]!;
    reqs.push({
      start: t,
      us,
      line: (d) =>
        `${client} - - ${clf(t)} "GET ${p} HTTP/1.1" ${status} ${status === 200 ? 5120 : 556} "-" "Mozilla/5.0 (X11; Linux x86_64)"${d ? ` ${us}` : ''}`,
    });
  }
  // Apache's dummy connections at the bursts (server/mpm_unix.c)
  for (const b of BURSTS)
    reqs.push({
      start: b,
      us: 200,
      line: (d) =>
        `::1 - - ${clf(b)} "OPTIONS * HTTP/1.0" 200 126 "-" "Apache/2.4.62 (Debian) mod_wsgi/4.9.4 Python/3.11 (internal dummy connection)"${d ? ' 200' : ''}`,
    });
  reqs.sort((a, b) => a.start + a.us / 1000 - (b.start + b.us / 1000));
  return reqs.map((r) => r.line(withD)).join('\n') + '\n';
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wld-access-'));
  fs.writeFileSync(path.join(dir, 'd.log'), generate(true));
  fs.writeFileSync(path.join(dir, 'plain.log'), generate(false));
  fs.writeFileSync(path.join(dir, 'd.log.gz'), zlib.gzipSync(fs.readFileSync(path.join(dir, 'd.log'))));
  // rotated siblings: the same lines split at 2026-11-14 12:00 and 2026-11-15 00:00 (UTC)
  const lines = fs.readFileSync(path.join(dir, 'd.log'), 'utf8').trim().split('\n');
  const parser = compileLogFormat(WITH_D, ZONE);
  const cut1 = lines.findIndex((l) => parser.parse(l)!.time >= Date.UTC(2026, 10, 14, 12));
  const cut2 = lines.findIndex((l) => parser.parse(l)!.time >= Date.UTC(2026, 10, 15, 0));
  const rot = path.join(dir, 'rot');
  fs.mkdirSync(rot);
  fs.writeFileSync(path.join(rot, 'access.log.2.gz'), zlib.gzipSync(lines.slice(0, cut1).join('\n') + '\n'));
  fs.writeFileSync(path.join(rot, 'access.log.1'), lines.slice(cut1, cut2).join('\n') + '\n');
  fs.writeFileSync(path.join(rot, 'access.log'), lines.slice(cut2).join('\n') + '\n');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The plain answer: every line parsed, those in a window kept. */
function oracle(file: string, format: string): AccessRecord[] {
  const c = compileLogFormat(format, ZONE);
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => c.parse(l))
    .filter((r): r is AccessRecord => r !== null && WINDOWS.some((w) => r.time >= w.start && r.time <= w.end))
    .sort((a, b) => a.time - b.time);
}
const strip = (rs: readonly AccessRecord[]) =>
  rs
    .map((r) => `${r.time}|${r.end}|${r.status}|${r.client}|${r.path}|${r.dummy}`)
    .sort()
    .join('\n');

describe('readWindows', () => {
  it.each([
    ['d.log', WITH_D],
    ['plain.log', COMBINED],
  ])(
    '%s: bisection finds exactly the records a full parse finds, reading a small part of the file',
    async (name, format) => {
      const file = path.join(dir, name);
      const want = oracle(file, format);
      expect(want.length).toBeGreaterThan(30);
      const got = await readWindows([file], WINDOWS, { format, zone: ZONE });
      expect(strip(got.records)).toBe(strip(want));
      const s = got.files[0]!;
      expect(s.malformed).toBe(0);
      expect(s.disordered).toBe(0);
      expect(s.bytesRead).toBeLessThan(s.size / 4);
    },
  );

  it('recognises the format when none is given', async () => {
    const file = path.join(dir, 'd.log');
    const got = await readWindows([file], WINDOWS, { format: null, zone: ZONE });
    expect(got.files[0]!.format).toBe(WITH_D);
    expect(strip(got.records)).toBe(strip(oracle(file, WITH_D)));
  });

  it('a .gz is streamed and left after the last window', async () => {
    const file = path.join(dir, 'd.log.gz');
    const got = await readWindows([file], WINDOWS.slice(0, 2), { format: WITH_D, zone: ZONE });
    const want = oracle(path.join(dir, 'd.log'), WITH_D).filter((r) => r.time <= WINDOWS[1]!.end);
    expect(strip(got.records)).toBe(strip(want));
    expect(got.files[0]!.bytesRead).toBeLessThan(fs.statSync(file).size * 0.75);
  });

  it('says when lines run further out of order than the bisection allows for', async () => {
    const file = path.join(dir, 'late.log');
    const text = fs.readFileSync(path.join(dir, 'plain.log'), 'utf8').split('\n');
    const c = compileLogFormat(COMBINED, ZONE);
    const at = text.findIndex((l) => c.parse(l)!.time > WINDOWS[0]!.start + 5000);
    // a request that took 20 minutes, logged when it ended
    text.splice(
      at,
      0,
      `192.0.2.99 - - ${clf(WINDOWS[0]!.start - 1_200_000)} "GET /export HTTP/1.1" 200 9 "-" "curl/8"`,
    );
    fs.writeFileSync(file, text.join('\n'));
    const got = await readWindows([file], WINDOWS, { format: COMBINED, zone: ZONE });
    expect(got.files[0]!.disordered).toBe(1);
    expect(got.notes.some((n) => n.includes('late.log') && n.includes('300 s'))).toBe(true);
  });

  it('a file whose lines fit no format is named and not read', async () => {
    const file = path.join(dir, 'error_log');
    fs.writeFileSync(file, '[Sat Nov 14 06:25:01.000 2026] [core:notice] [pid 1] AH00094: Command line\n'.repeat(20));
    const got = await readWindows([file], WINDOWS, { format: WITH_D, zone: ZONE });
    expect(got.records).toEqual([]);
    expect(got.files[0]!.skipped).not.toBeNull();
    expect(got.notes.some((n) => n.startsWith(file))).toBe(true);
  });
});

describe('readAccessImpact', () => {
  it('reads the rotated siblings (plain and .gz) and counts as computeImpacts does on the full parse', async () => {
    const got = await readAccessImpact({
      logs: [{ path: path.join(dir, 'rot', 'access.log'), format: WITH_D }],
      windows: WINDOWS,
      zone: ZONE,
    });
    expect(got.files.map((f) => path.basename(f.path)).sort()).toEqual([
      'access.log',
      'access.log.1',
      'access.log.2.gz',
    ]);
    const want = computeImpacts(WINDOWS, oracle(path.join(dir, 'd.log'), WITH_D), ZONE);
    expect(got.impacts).toEqual(want.impacts);
    expect(got.perDay).toEqual(want.perDay);
    expect(got.notes.some((n) => n.includes('4 internal dummy connection(s)'))).toBe(true);
  });

  it.skipIf(AWK === null && process.env.CI !== 'true')(
    'per window, requests and 503/500 equal what awk counts',
    async () => {
      const files = ['access.log', 'access.log.1', 'access.log.2.gz'].map((f) => path.join(dir, 'rot', f));
      const got = await readAccessImpact({
        logs: [{ path: files[0]!, format: WITH_D }],
        windows: WINDOWS,
        zone: ZONE,
      });
      for (const [k, w] of WINDOWS.entries()) {
        const impact = got.impacts[k]!;
        expect({ requests: impact.requests, status503: impact.status503, status500: impact.status500 }).toEqual(
          awkCounts(files, w),
        );
      }
      expect(got.impacts.every((i) => i!.status503 > 0)).toBe(true);
    },
  );

  it('a directory stands for the access logs in it', async () => {
    const fromDir = await readAccessImpact({
      logs: [{ path: path.join(dir, 'rot'), format: WITH_D }],
      windows: WINDOWS,
      zone: ZONE,
    });
    const fromFile = await readAccessImpact({
      logs: [{ path: path.join(dir, 'rot', 'access.log'), format: WITH_D }],
      windows: WINDOWS,
      zone: ZONE,
    });
    expect(fromDir.files).toHaveLength(3);
    expect(fromDir.impacts).toEqual(fromFile.impacts);
  });

  it('a window that no file reaches has no impact (null), not zero requests', async () => {
    const got = await readAccessImpact({
      logs: [{ path: path.join(dir, 'rot', 'access.log'), format: WITH_D }],
      windows: [...WINDOWS, { start: Date.UTC(2026, 10, 20), end: Date.UTC(2026, 10, 20, 0, 1) }],
      zone: ZONE,
    });
    expect(got.impacts[4]).toBeNull();
    expect(got.impacts[0]).not.toBeNull();
  });
});

describe('computeImpacts', () => {
  const rec = (s: number, status: number, client: string, p: string, endMs: number | null = null): AccessRecord => ({
    time: T0 + s * 1000,
    end: endMs === null ? null : T0 + s * 1000 + endMs,
    status,
    method: 'GET',
    path: p,
    client,
    vhost: null,
    dummy: false,
  });
  it('counts failing clients, top paths and the failing span', () => {
    const records = [
      rec(0, 200, 'a', '/'),
      rec(1, 503, 'a', '/api', 250),
      rec(2, 503, 'b', '/api'),
      rec(3, 500, 'b', '/cart'),
      rec(42, 503, 'c', '/'),
      rec(43, 200, 'd', '/'),
      { ...rec(5, 200, '::1', '*'), dummy: true },
      rec(100, 503, 'z', '/late'),
    ];
    const { impacts, perDay } = computeImpacts([{ start: T0, end: T0 + 60_000 }], records, ZONE);
    expect(impacts[0]).toEqual({
      requests: 6,
      status503: 3,
      status500: 1,
      clients: 3,
      topPaths: [
        { path: '/api', count: 2 },
        { path: '/', count: 1 },
        { path: '/cart', count: 1 },
      ],
      failingSeconds: 40.8,
    });
    expect(perDay).toEqual([{ day: '2026-11-14', bursts: 1, requests: 6, status503: 3, status500: 1, clients: 3 }]);
  });
});
