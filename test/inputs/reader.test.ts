// The reader on real line shapes, written to temp files in the layouts logrotate leaves.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSiblings, readLogs, resolveInputs } from '../../src/inputs/index.js';
import { formatInstant } from '../../src/time/index.js';

// Real Debian 4.9.4 prefork wording (mod_wsgi issue #124 shape); times vary per test.
const err = (ts: string, gen: number, pid = 1300) =>
  `[${ts}] [wsgi:error] [pid ${pid}:tid ${pid}] (2)No such file or directory: [client 127.0.0.1:40000] mod_wsgi (pid=${pid}): Unable to connect to WSGI daemon process 'app' on '/var/run/apache2/wsgi.1200.${gen}.1.sock' as user with uid=33.`;
const graceful = (ts: string) =>
  `[${ts}] [mpm_prefork:notice] [pid 1200:tid 1200] AH00171: Graceful restart requested, doing restart`;
const configured = (ts: string) =>
  `[${ts}] [mpm_prefork:notice] [pid 1200:tid 1200] AH00163: Apache/2.4.62 (Debian) mod_wsgi/4.9.4 Python/3.11 configured -- resuming normal operations`;
const noise = (ts: string) =>
  `[${ts}] [authz_core:error] [pid 1301:tid 1301] [client 192.0.2.1:5] AH01630: client denied by server configuration: /var/www/html/.env`;

let dir: string;
const w = (name: string, content: string | Buffer) => {
  const p = path.join(dir, name);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return p;
};
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wld-reader-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('rotated siblings', () => {
  it('finds numbered siblings, with and without .gz', () => {
    const d = 'numbered';
    for (const n of [
      'error_log',
      'error_log.1',
      'error_log.2.gz',
      'error_log.10.gz',
      'error_log_ssl',
      'error_log.bak',
      'access_log.1',
    ])
      w(`${d}/${n}`, '');
    expect(
      findSiblings(path.join(dir, d, 'error_log'))
        .map((p) => path.basename(p))
        .sort(),
    ).toEqual(['error_log.1', 'error_log.10.gz', 'error_log.2.gz']);
  });
  it('finds dated siblings in the dateext forms', () => {
    const d = 'dated';
    for (const n of [
      'error.log',
      'error.log-20261122',
      'error.log-20261121.gz',
      'error.log.2026-11-20.gz',
      'error.log-2026112006',
      'error.log-old',
    ])
      w(`${d}/${n}`, '');
    expect(
      findSiblings(path.join(dir, d, 'error.log'))
        .map((p) => path.basename(p))
        .sort(),
    ).toEqual(['error.log-2026112006', 'error.log-20261121.gz', 'error.log-20261122', 'error.log.2026-11-20.gz']);
  });
  it('expands globs itself (for shells that do not), without matching hidden files', () => {
    const d = path.join(dir, 'numbered');
    w('numbered/.error_log.swp', '');
    expect(
      resolveInputs([path.join(d, 'error_log.[0-9]*')], { rotated: false }).map((s) => path.basename(s.display)),
    ).toEqual(['error_log.1', 'error_log.10.gz', 'error_log.2.gz']);
    expect(
      resolveInputs([path.join(d, '*error_log*')], { rotated: false }).map((s) => path.basename(s.display)),
    ).not.toContain('.error_log.swp');
  });
  it('--no-rotated reads only the given path; directories give every error log inside', () => {
    const d = path.join(dir, 'numbered');
    expect(resolveInputs([path.join(d, 'error_log')], { rotated: false })).toHaveLength(1);
    expect(resolveInputs([path.join(d, 'error_log')], { rotated: true })).toHaveLength(4);
    expect(
      resolveInputs([d], { rotated: true })
        .map((s) => path.basename(s.display))
        .sort(),
    ).toEqual(['error_log', 'error_log.1', 'error_log.10.gz', 'error_log.2.gz', 'error_log.bak', 'error_log_ssl']);
  });
});

describe('merge order and the rotated file', () => {
  it('merges lines from the current file and its .1/.gz siblings in time order', async () => {
    // logrotate renamed error_log -> error_log.1 at 06:25:01; the parent logs the restart into
    // the old file, the new file starts with "configured"; old workers keep writing to .1.
    w(
      'merge/error_log.2.gz',
      zlib.gzipSync(
        [noise('Sun Nov 15 10:00:00.000000 2026'), graceful('Mon Nov 16 06:25:01.000000 2026')].join('\n') + '\n',
      ),
    );
    w(
      'merge/error_log.1',
      [
        configured('Mon Nov 16 06:25:01.300000 2026'),
        noise('Mon Nov 16 12:00:00.000000 2026'),
        graceful('Tue Nov 17 06:25:01.000000 2026'),
        err('Tue Nov 17 06:25:01.600000 2026', 1),
        err('Tue Nov 17 06:25:02.100000 2026', 1, 1301),
      ].join('\n') + '\n',
    );
    w(
      'merge/error_log',
      [configured('Tue Nov 17 06:25:01.300000 2026'), noise('Tue Nov 17 07:00:00.000000 2026')].join('\n') + '\n',
    );
    const specs = resolveInputs([path.join(dir, 'merge/error_log')], { rotated: true });
    const parsed = await readLogs(specs, { zone: 'UTC', workers: 0 });
    expect(parsed.events.map((e) => [path.basename(e.file), e.line])).toEqual([
      ['error_log.1', 4],
      ['error_log.1', 5],
    ]);
    expect(parsed.restarts.map((r) => [r.kind, path.basename(r.file)])).toEqual([
      ['graceful', 'error_log.2.gz'],
      ['graceful', 'error_log.1'],
    ]);
    expect(parsed.banners).toHaveLength(2);
    expect(formatInstant(parsed.window.start!, 'UTC')).toBe('2026-11-15T10:00:00.000Z');
    expect(formatInstant(parsed.window.end!, 'UTC')).toBe('2026-11-17T07:00:00.000Z');
    const gz = parsed.inputs.find((i) => i.path.endsWith('.gz'))!;
    expect(gz).toMatchObject({ compressed: true, lines: 2, unparsed: 0, origin: 'rotated-sibling' });
  });

  it('reports a configured line with no restart marker before it as a start, markerMissing for a known parent', async () => {
    w(
      'missing/error_log',
      [configured('Mon Nov 16 06:25:01.300000 2026'), configured('Tue Nov 17 06:25:01.300000 2026')].join('\n') + '\n',
    );
    const parsed = await readLogs(resolveInputs([path.join(dir, 'missing/error_log')], { rotated: false }), {
      zone: 'UTC',
      workers: 0,
    });
    expect(parsed.restarts.map((r) => [r.kind, r.markerMissing ?? false])).toEqual([
      ['start', false],
      ['start', true],
    ]);
  });
});

describe('hostile bytes', () => {
  it('survives CRLF, invalid UTF-8, NUL bytes and a multi-MB line without losing the lines after them', async () => {
    const big = Buffer.alloc(5 * 1024 * 1024, 0x41);
    const content = Buffer.concat([
      Buffer.from(err('Tue Nov 17 06:25:01.000000 2026', 3) + '\r\n'),
      Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x0a]), // invalid UTF-8 line
      Buffer.from('\0\0\0 raw NUL junk\n'),
      big,
      Buffer.from('\n'),
      Buffer.from(noise('Tue Nov 17 06:25:02.000000 2026') + '\n'),
      Buffer.from(err('Tue Nov 17 06:25:03.000000 2026', 3).replace("'app'", "'caf\xe9'") + '\n', 'latin1'), // a Latin-1 byte in the group name
      Buffer.from(err('Tue Nov 17 06:25:04.000000 2026', 3)), // last line without a newline
    ]);
    const p = w('hostile/error_log', content);
    const parsed = await readLogs(resolveInputs([p], { rotated: false }), { zone: 'UTC', workers: 0 });
    expect(parsed.inputs[0]).toMatchObject({ lines: 7, unparsed: 3 });
    expect(parsed.events.map((e) => e.line)).toEqual([1, 6, 7]);
    expect(parsed.events.at(0)!.socket).toBe('/var/run/apache2/wsgi.1200.3.1.sock'); // no trailing \r
    expect(parsed.events.at(1)!.group).toBe('caf\ufffd');
  });

  it('keeps what was read before a truncated .gz and says how far it got', async () => {
    const lines = Array.from({ length: 3000 }, (_, i) =>
      i % 100 === 0
        ? err(`Tue Nov 17 06:${String(10 + Math.floor(i / 100)).padStart(2, '0')}:00.000000 2026`, 2)
        : noise('Tue Nov 17 06:00:00.000000 2026'),
    );
    const gz = zlib.gzipSync(lines.join('\n') + '\n');
    const p = w('damaged/error_log.1.gz', gz.subarray(0, Math.floor(gz.length * 0.6)));
    const parsed = await readLogs(resolveInputs([p], { rotated: false }), { zone: 'UTC', workers: 0 });
    const input = parsed.inputs[0]!;
    expect(input.error).toMatch(/truncated gzip data: stopped after \d+ decompressed bytes/);
    expect(parsed.events.length).toBeGreaterThan(0);
    expect(parsed.events.length).toBeLessThan(30);
    expect(input.lines).toBeGreaterThan(100);
  });

  it('reports corrupt gzip data as an input error and still returns the report', async () => {
    const gz = zlib.gzipSync(
      Buffer.from(Array.from({ length: 200 }, () => noise('Tue Nov 17 06:00:00.000000 2026')).join('\n')),
    );
    gz.fill(0x55, 40, 80);
    const p = w('corrupt/error_log.2.gz', gz);
    const parsed = await readLogs(resolveInputs([p], { rotated: false }), { zone: 'UTC', workers: 0 });
    expect(parsed.inputs[0]!.error).toMatch(/gzip/);
  });
});

describe('stdin', () => {
  it('reads plain and gzipped standard input', async () => {
    const text =
      [graceful('Tue Nov 17 06:25:01.000000 2026'), err('Tue Nov 17 06:25:01.500000 2026', 4)].join('\n') + '\n';
    for (const body of [Buffer.from(text), zlib.gzipSync(text)]) {
      const parsed = await readLogs(resolveInputs(['-'], { rotated: true }), {
        zone: 'UTC',
        stdin: Readable.from([body.subarray(0, 10), body.subarray(10)]),
      });
      expect(parsed.inputs[0]).toMatchObject({ path: '-', lines: 2, compressed: body[0] === 0x1f });
      expect(parsed.events).toHaveLength(1);
      expect(parsed.restarts).toHaveLength(1);
    }
  });
});

describe('time zones', () => {
  it('interprets wall-clock timestamps in --tz, DST-correct (Europe/Berlin)', async () => {
    const p = w(
      'dst/error_log',
      [
        err('Sat Mar 28 06:25:01.000000 2026', 1), // CET +01:00
        err('Sun Mar 29 06:25:01.000000 2026', 2), // CEST +02:00 (spring forward at 02:00)
        err('Sun Oct 25 01:30:00.000000 2026', 3), // CEST, before the fall-back
        err('Sun Oct 25 02:30:00.000000 2026', 3), // first 02:30 (CEST)
        err('Sun Oct 25 02:10:00.000000 2026', 3), // clock ran backwards: the second 02:10 (CET)
        err('Sun Oct 25 06:25:01.000000 2026', 4), // CET
      ].join('\n') + '\n',
    );
    const parsed = await readLogs(resolveInputs([p], { rotated: false }), { zone: 'Europe/Berlin', workers: 0 });
    expect(parsed.events.map((e) => formatInstant(e.time, 'Europe/Berlin'))).toEqual(
      [
        '2026-03-28T06:25:01.000+01:00',
        '2026-03-29T06:25:01.000+02:00',
        '2026-10-25T01:30:00.000+02:00',
        '2026-10-25T02:10:00.000+01:00',
        '2026-10-25T02:30:00.000+02:00',
        '2026-10-25T06:25:01.000+01:00',
      ].sort((a, b) => Date.parse(a) - Date.parse(b)),
    );
  });
});

describe('parallel scan', () => {
  it('gives the same result when a file is split into byte ranges scanned by worker threads', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 40000; i++) {
      const s = String(i % 60).padStart(2, '0');
      const m = String(Math.floor(i / 60) % 60).padStart(2, '0');
      const ts = `Tue Nov 17 ${String(Math.floor(i / 3600)).padStart(2, '0')}:${m}:${s}.000000 2026`;
      lines.push(i % 97 === 0 ? err(ts, 5, 1000 + i) : i % 1000 === 500 ? graceful(ts) : noise(ts));
    }
    const p = w('split/error_log', lines.join('\n') + '\n');
    const specs = resolveInputs([p], { rotated: false });
    const serial = await readLogs(specs, { zone: 'UTC', workers: 0 });
    const split = await readLogs(specs, { zone: 'UTC', workers: 2, parallelThreshold: 1, splitThreshold: 1 });
    expect(split.inputs[0]!.lines).toBe(40000);
    expect(split.events.map((e) => e.line)).toEqual(serial.events.map((e) => e.line));
    expect(split.restarts.map((e) => e.line)).toEqual(serial.restarts.map((e) => e.line));
    expect(split.events.length).toBe(Math.ceil(40000 / 97));
    expect(split.inputs[0]!.first).toBe(serial.inputs[0]!.first);
    expect(split.inputs[0]!.last).toBe(serial.inputs[0]!.last);
  });

  it('many small pieces shared by the main thread and a worker give the serial result; bytes are the file size', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 30000; i++) {
      const s = String(i % 60).padStart(2, '0');
      const m = String(Math.floor(i / 60) % 60).padStart(2, '0');
      // the last Sunday of March 2026, 00:00–08:20 local: crosses Berlin's spring-forward gap
      const ts = `Sun Mar 29 ${String(Math.floor(i / 3600)).padStart(2, '0')}:${m}:${s}.000000 2026`;
      lines.push(i % 89 === 0 ? err(ts, 5, 1000 + i) : i % 1000 === 500 ? graceful(ts) : noise(ts));
    }
    const p = w('pieces/error_log', lines.join('\n') + '\n');
    const size = fs.statSync(p).size;
    const specs = resolveInputs([p], { rotated: false });
    for (const zone of ['UTC', 'Europe/Berlin']) {
      const serial = await readLogs(specs, { zone, workers: 0 });
      const split = await readLogs(specs, {
        zone,
        workers: 2,
        parallelThreshold: 1,
        splitThreshold: 1,
        pieceSize: 64 << 10,
      });
      expect(Math.ceil(size / (64 << 10))).toBeGreaterThan(20);
      expect(serial.inputs[0]!.bytes).toBe(size);
      expect(split.inputs[0]!.bytes).toBe(size);
      expect(split.inputs[0]!.lines).toBe(30000);
      expect(split.events.map((e) => [e.line, e.time])).toEqual(serial.events.map((e) => [e.line, e.time]));
      expect(split.restarts.map((e) => [e.line, e.time])).toEqual(serial.restarts.map((e) => [e.line, e.time]));
      expect(split.events.length).toBe(Math.ceil(30000 / 89));
    }
  });

  it('a 5-byte file split into ranges reports 5 bytes (not 9)', async () => {
    const p = w('tiny/error_log', 'a\nbc\n');
    const split = await readLogs(resolveInputs([p], { rotated: false }), {
      zone: 'UTC',
      workers: 2,
      parallelThreshold: 1,
      splitThreshold: 1,
    });
    expect(split.inputs[0]!.bytes).toBe(5);
    expect(split.inputs[0]!.lines).toBe(2);
  });

  it('many rotated .gz files read by worker threads alone (lean buffers) give the serial result', async () => {
    // five days of daily rotation: error_log and error_log-2026111N.gz, each with a restart and a burst
    const day = (d: number) => {
      const lines: string[] = [];
      for (let i = 0; i < 3000; i++) {
        const ts = `Tue Nov ${10 + d} 06:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000000 2026`;
        lines.push(i === 100 ? graceful(ts) : i % 101 === 0 ? err(ts, d) : noise(ts));
      }
      return lines.join('\n') + '\n';
    };
    for (let d = 1; d <= 4; d++) w(`gzset/error_log-2026111${d}.gz`, zlib.gzipSync(day(d)));
    const p = w('gzset/error_log', day(5));
    const specs = resolveInputs([p], { rotated: true });
    expect(specs.length).toBe(5);
    const serial = await readLogs(specs, { zone: 'UTC', workers: 0 });
    const shared = await readLogs(specs, { zone: 'UTC', workers: 2, parallelThreshold: 1 });
    expect(shared.inputs.map((i) => [i.lines, i.bytes])).toEqual(serial.inputs.map((i) => [i.lines, i.bytes]));
    expect(shared.events.map((e) => [e.line, e.time])).toEqual(serial.events.map((e) => [e.line, e.time]));
    expect(shared.restarts.map((e) => [e.line, e.time])).toEqual(serial.restarts.map((e) => [e.line, e.time]));
    expect(shared.events.length).toBe(5 * Math.ceil(3000 / 101));
    expect(shared.restarts.length).toBeGreaterThanOrEqual(5);
  });
});

describe('the scanner finds every catalogue and lifecycle sample', () => {
  it('in one file, each line becomes exactly the event the catalogue says', async () => {
    const { CATALOGUE } = await import('../../src/wsgi/index.js');
    const { LIFECYCLE_MARKERS } = await import('../../src/apache/lifecycle.js');
    const wsgi = CATALOGUE.flatMap((e) =>
      e.samples.map((s) => ({ line: s.line, connect: e.kind === 'connect', id: e.id })),
    );
    const life = LIFECYCLE_MARKERS.flatMap((m) => m.samples.map((s) => s.line));
    // an application traceback line that quotes the message must not count
    const quoted =
      "[Tue Nov 17 06:25:03.000001 2026] [wsgi:error] [pid 1:tid 1] [remote 10.0.0.1:1] mod_wsgi (pid=1): Unable to connect to WSGI daemon process 'a' on 'b' as user with uid=3.";
    const p = w('catalogue/error_log', [...wsgi.map((x) => x.line), ...life, quoted].join('\n') + '\n');
    const parsed = await readLogs(resolveInputs([p], { rotated: false }), { zone: 'UTC', workers: 0 });
    expect(parsed.events.map((e) => e.variant).sort()).toEqual(
      wsgi
        .filter((x) => x.connect)
        .map((x) => x.id)
        .sort(),
    );
    expect(parsed.related.map((e) => e.variant).sort()).toEqual(
      wsgi
        .filter((x) => !x.connect)
        .map((x) => x.id)
        .sort(),
    );
    expect(parsed.banners).toHaveLength(LIFECYCLE_MARKERS.find((m) => m.id === 'configured')!.samples.length);
  });
});

describe('the same record in two inputs', () => {
  it('is counted once and reported; repeats inside one file are kept', async () => {
    const a = err('Tue Nov 17 06:25:01.500000 2026', 3);
    const b = err('Tue Nov 17 06:25:01.700000 2026', 3, 1301);
    w('dupes/error.log', [a, b, b].join('\n') + '\n');
    w('dupes/copy/error.log', [a].join('\n') + '\n');
    const parsed = await readLogs(
      resolveInputs([path.join(dir, 'dupes/error.log'), path.join(dir, 'dupes/copy/error.log')], { rotated: false }),
      { zone: 'UTC', workers: 0 },
    );
    expect(parsed.events.map((e) => [path.basename(path.dirname(e.file)), e.line])).toEqual([
      ['dupes', 1],
      ['dupes', 2],
      ['dupes', 3],
    ]);
    expect(parsed.notes?.[0]).toMatch(/^1 record\(s\) appear identically in more than one input/);
  });
});
