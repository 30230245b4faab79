// The envelope table's samples, and the real daily-rotation-prefork capture re-wrapped in every
// envelope and every kind of damage: each must yield the events of the bare Apache file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENVELOPES, peelEnvelope, sniffEnvelope } from '../../src/inputs/envelopes.js';
import { readLogs, resolveInputs } from '../../src/inputs/index.js';
import { parseTimestamp } from '../../src/apache/record.js';
import { LocalClock } from '../../src/time/index.js';
import type { ParsedLogs } from '../../src/model.js';

const ZONE = 'Europe/Berlin'; // the capture's zone (fixtures/real/daily-rotation-prefork/counts.json)
const FIXTURE = path.resolve(__dirname, '../../fixtures/real/daily-rotation-prefork/logs');
const FILES = ['error.log.4.gz', 'error.log.3.gz', 'error.log.2.gz', 'error.log.1', 'error.log'];

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wld-envelopes-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('envelope table samples', () => {
  const rows = ENVELOPES.flatMap((e) => e.samples.map((s) => ({ kind: e.kind, ...s })));
  it.each(rows)('$kind: $source', ({ kind, line, expect: want }) => {
    const b = Buffer.from(line, 'utf8');
    expect(ENVELOPES[sniffEnvelope(b, 0, b.length)]?.kind).toBe(kind);
    const p = peelEnvelope(line, sniffEnvelope(b, 0, b.length))!;
    expect(p.kind).toBe(kind);
    expect(p.host).toBe(want.host);
    expect(p.inner).toBe(want.inner);
    expect(p.partial).toBe(want.partial ?? false);
    if (want.time !== null) {
      const ts = p.stamp!;
      expect(ts.offsetMinutes).not.toBeNull();
      const t =
        Date.UTC(ts.year, ts.month - 1, ts.day, ts.hour, ts.minute, ts.second, Math.floor(ts.micros / 1000)) -
        ts.offsetMinutes! * 60000;
      expect(new Date(t).toISOString()).toBe(want.time);
    }
  });
  it('every envelope kind has samples', () => {
    for (const e of ENVELOPES) expect(e.samples.length, e.kind).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------
// The real capture, re-wrapped.

interface Src {
  name: string;
  lines: { text: string; t: number | null; micros: number; wall: string | null }[];
}
const clock = new LocalClock(ZONE);
const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

function load(): Src[] {
  return FILES.map((name) => {
    const raw = fs.readFileSync(path.join(FIXTURE, name));
    const text = (name.endsWith('.gz') ? zlib.gunzipSync(raw) : raw).toString('utf8');
    let last: { t: number; micros: number; wall: string } | null = null;
    const lines = text
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => {
        const p = parseTimestamp(l, 0);
        if (p !== null) {
          const ts = p.ts;
          const t = clock.toInstant(
            ts.year,
            ts.month,
            ts.day,
            ts.hour,
            ts.minute,
            ts.second,
            Math.floor(ts.micros / 1000),
          );
          last = {
            t,
            micros: ts.micros,
            wall: `${ts.year}-${p2(ts.month)}-${p2(ts.day)}T${p2(ts.hour)}:${p2(ts.minute)}:${p2(ts.second)}`,
          };
          return { text: l, t, micros: ts.micros, wall: last.wall };
        }
        const prev = last as { t: number; micros: number; wall: string } | null;
        return { text: l, t: prev?.t ?? null, micros: prev?.micros ?? 0, wall: prev?.wall ?? null };
      });
    return { name, lines };
  });
}

/** The message part of a bare 2.4 line: what Apache hands to syslog (no [time]). */
const msgOf = (l: string) => l.replace(/^\[[^\]]+\] /, '');
const offsetOf = (t: number, wall: string, colon: boolean) => {
  const off = Math.round((Date.parse(wall + 'Z') - Math.floor(t / 1000) * 1000) / 60000);
  const s = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${s}${p2(Math.floor(a / 60))}${colon ? ':' : ''}${p2(a % 60)}`;
};
const us = (m: number) => String(m).padStart(6, '0');
const utcNano = (t: number, micros: number) =>
  new Date(Math.floor(t / 1000) * 1000).toISOString().slice(0, 19) + `.${us(micros)}123Z`;
const rfc3164Stamp = (wall: string) => {
  const [date, time] = wall.split('T') as [string, string];
  const [, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${MON[m - 1]} ${String(d).padStart(2, ' ')} ${time}`;
};

type Line = Src['lines'][number];
/** precision the envelope keeps for lines whose Apache stamp it drops: 'ms' or 's' */
interface Wrap {
  name: string;
  kind: string;
  keeps: 'ms' | 's';
  host: string | null;
  wrap: (l: Line, i: number) => string;
}
const WRAPS: Wrap[] = [
  { name: 'bare Apache 2.4', kind: 'apache', keeps: 'ms', host: null, wrap: (l) => l.text },
  {
    name: 'rsyslog RSYSLOG_TraditionalFileFormat (RFC 3164)',
    kind: 'syslog-rfc3164',
    keeps: 's',
    host: 'web01',
    wrap: (l) => `${rfc3164Stamp(l.wall!)} web01 apache2[812]: ${msgOf(l.text)}`,
  },
  {
    name: 'RFC 3164 with the daemon processes\u2019 mangled tag',
    kind: 'syslog-rfc3164',
    keeps: 's',
    host: 'web01',
    wrap: (l) => `${rfc3164Stamp(l.wall!)} web01 pp)    [4301]: ${msgOf(l.text)}`,
  },
  {
    name: 'rsyslog RSYSLOG_FileFormat (RFC 3339)',
    kind: 'syslog-rfc5424',
    keeps: 'ms',
    host: 'web02',
    wrap: (l) => `${l.wall}.${us(l.micros)}${offsetOf(l.t!, l.wall!, true)} web02 apache2[812]: ${msgOf(l.text)}`,
  },
  {
    name: 'RFC 5424 with PRI and structured data',
    kind: 'syslog-rfc5424',
    keeps: 'ms',
    host: 'web02',
    wrap: (l) =>
      `<139>1 ${l.wall}.${us(l.micros)}${offsetOf(l.t!, l.wall!, true)} web02 httpd 812 - [meta x="1"] ${msgOf(l.text)}`,
  },
  {
    name: 'journalctl -o short-iso',
    kind: 'journal-short',
    keeps: 's',
    host: 'web03',
    wrap: (l) => `${l.wall}${offsetOf(l.t!, l.wall!, false)} web03 apache2[812]: ${msgOf(l.text)}`,
  },
  {
    name: 'journalctl -o json',
    kind: 'journal-json',
    keeps: 'ms',
    host: 'web04',
    wrap: (l) =>
      JSON.stringify({
        __CURSOR: 's=1',
        __REALTIME_TIMESTAMP: String(Math.floor(l.t! / 1000) * 1_000_000 + l.micros),
        _HOSTNAME: 'web04',
        SYSLOG_IDENTIFIER: 'apache2',
        MESSAGE: msgOf(l.text),
      }),
  },
  {
    name: 'docker logs -t',
    kind: 'docker-t',
    keeps: 'ms',
    host: null,
    wrap: (l) => `${utcNano(l.t!, l.micros)} ${l.text}`,
  },
  {
    name: 'docker json-file',
    kind: 'docker-json',
    keeps: 'ms',
    host: null,
    wrap: (l) => JSON.stringify({ log: l.text + '\n', stream: 'stderr', time: utcNano(l.t!, l.micros) }),
  },
  {
    name: 'CRI',
    kind: 'cri',
    keeps: 'ms',
    host: null,
    wrap: (l) => `${utcNano(l.t!, l.micros)} stderr F ${l.text}`,
  },
  {
    name: 'CRI with every line split into P partials',
    kind: 'cri',
    keeps: 'ms',
    host: null,
    wrap: (l) => {
      const ts = utcNano(l.t!, l.micros);
      const a = Math.floor(l.text.length / 3);
      const b = Math.floor((2 * l.text.length) / 3);
      return `${ts} stderr P ${l.text.slice(0, a)}\n${ts} stderr P ${l.text.slice(a, b)}\n${ts} stderr F ${l.text.slice(b)}`;
    },
  },
  {
    name: 'forwarder ISO prefix glued',
    kind: 'prefixed',
    keeps: 'ms',
    host: null,
    wrap: (l) => `${new Date(l.t!).toISOString()}${l.text}`,
  },
  {
    name: 'forwarder ISO prefix with a tab',
    kind: 'prefixed',
    keeps: 'ms',
    host: null,
    wrap: (l) => `${new Date(l.t!).toISOString()}\t${l.text}`,
  },
  {
    name: 'ErrorLogFormat "%{cu}t %M" (OpenStack)',
    kind: 'apache',
    keeps: 'ms',
    host: null,
    // %M is the message alone: no module, pid, errno or client
    wrap: (l) =>
      `${l.wall!.replace('T', ' ')}.${us(l.micros)} ${msgOf(l.text).replace(/^(?:\[[^\]]*\] )*(?:\(\d+\)[^:]*: )?(?:\[client [^\]]*\] )?/, '')}`,
  },
];

async function readAll(
  sub: string,
  files: Src[],
  wrap: (l: Line, i: number, f: Src) => string,
  gz = false,
): Promise<ParsedLogs> {
  const d = path.join(dir, sub);
  fs.mkdirSync(d, { recursive: true });
  const paths = files.map((f) => {
    const text = f.lines.map((l, i) => wrap(l, i, f)).join('\n') + '\n';
    const p = path.join(d, f.name.replace(/\.gz$/, '') + (gz ? '.gz' : ''));
    fs.writeFileSync(p, gz ? zlib.gzipSync(text) : text);
    const mtime = new Date('2026-11-17T07:00:00Z'); // the capture's last day: the year of RFC 3164 stamps
    fs.utimesSync(p, mtime, mtime);
    return p;
  });
  return readLogs(resolveInputs(paths, { rotated: false }), { zone: ZONE, workers: 0 });
}

const at = (t: number, keeps: 'ms' | 's') => (keeps === 's' ? Math.floor(t / 1000) * 1000 : t);
const summary = (p: ParsedLogs, keeps: 'ms' | 's') => ({
  events: p.events.map((e) => [e.code, at(e.time, keeps), e.group, e.socket, e.modWsgiMessageStyle]),
  restarts: p.restarts.map((r) => [r.kind, at(r.time, keeps)]),
  banners: p.banners.map((b) => b.modWsgi),
});

describe('the real capture in every envelope', () => {
  let src: Src[];
  let bare: ParsedLogs;
  beforeAll(async () => {
    src = load();
    bare = await readAll('bare', src, (l) => l.text);
  });
  it('the bare files give the capture\u2019s counts (counts.json: WSGI0117 errors and graceful restarts)', () => {
    const counts = JSON.parse(fs.readFileSync(path.join(FIXTURE, '..', 'counts.json'), 'utf8')) as {
      totals: { WSGI0117: number; markers: { graceful: number } };
    };
    expect(counts.totals.WSGI0117).toBeGreaterThan(0);
    expect(bare.events).toHaveLength(counts.totals.WSGI0117);
    expect(bare.events.every((e) => e.code === 'WSGI0117' && e.envelope === 'apache' && !e.damaged)).toBe(true);
    expect(bare.restarts.filter((r) => r.kind === 'graceful')).toHaveLength(counts.totals.markers.graceful);
  });
  it.each(WRAPS)('$name: same events, restarts and banners; host and envelope on each', async (w) => {
    const got = await readAll(`wrap-${WRAPS.indexOf(w)}`, src, w.wrap);
    expect(summary(got, w.keeps)).toEqual(summary(bare, w.keeps));
    for (const e of got.events) {
      expect(e.envelope).toBe(w.kind);
      expect(e.host).toBe(w.host);
      expect(e.damaged).toBe(false);
    }
    const total = got.inputs.reduce((a, i) => a + (i.envelopes[w.kind as 'apache'] ?? 0), 0);
    expect(total).toBe(got.inputs.reduce((a, i) => a + i.lines, 0));
    expect(got.inputs.every((i) => Object.keys(i.unreadable).length === 0)).toBe(true);
    if (w.kind === 'syslog-rfc3164') expect(got.inputs[0]!.readerNotes.join(' ')).toMatch(/2026/);
  });
  it('mixed envelopes in one file (each line its own), also gzipped', async () => {
    for (const gz of [false, true]) {
      const got = await readAll(`mixed-${gz}`, src, (l, i) => WRAPS[i % WRAPS.length]!.wrap(l, i), gz);
      // hosts differ from line to line here, so a restart's two lines may not pair up: compare the markers
      const graceful = (p: ParsedLogs) => p.restarts.filter((r) => r.kind === 'graceful').map((r) => at(r.time, 's'));
      expect(summary(got, 's').events).toEqual(summary(bare, 's').events);
      expect(graceful(got)).toEqual(graceful(bare));
      const kinds = new Set(got.inputs.flatMap((i) => Object.keys(i.envelopes)));
      expect(kinds.size).toBe(new Set(WRAPS.map((w) => w.kind)).size);
    }
  });
});

// Each kind of damage a pasted or exported log shows, applied to every line of the capture.
const CONNECT = /Unable to connect/;
const DAMAGE: { name: string; damaged: boolean; wrap: (l: Line, i: number) => string }[] = [
  {
    name: 'ANSI colour codes',
    damaged: false,
    wrap: (l) => l.text.replace(/\[wsgi:error\]/, '\x1b[1;31m[wsgi:error]\x1b[0m'),
  },
  { name: 'CRLF line ends', damaged: false, wrap: (l) => l.text + '\r' },
  { name: 'wrapped in backticks', damaged: false, wrap: (l) => '`' + l.text + '`' },
  { name: 'NUL bytes', damaged: true, wrap: (l) => (CONNECT.test(l.text) ? l.text.replace('] ', ']\0\0 ') : l.text) },
  { name: 'the leading [ lost', damaged: true, wrap: (l) => (CONNECT.test(l.text) ? l.text.slice(1) : l.text) },
  {
    name: 'a line inside a sentence',
    damaged: true,
    wrap: (l) => (CONNECT.test(l.text) ? `we saw this in the log: ${l.text} -- any idea why?` : l.text),
  },
  {
    name: 'cut short after the socket',
    damaged: true,
    wrap: (l) => (CONNECT.test(l.text) ? l.text.replace(/ as user with uid=33\.$/, '') : l.text),
  },
  {
    name: 'cut short inside the socket path',
    damaged: true,
    wrap: (l) => (CONNECT.test(l.text) ? l.text.replace(/\.sock' as user with uid=33\.$/, '') : l.text),
  },
  {
    name: 'wrapped over indented lines',
    damaged: true,
    wrap: (l) =>
      CONNECT.test(l.text) ? l.text.replace(" on '", "\n    on '").replace(' as user', '\n    as user') : l.text,
  },
  {
    name: 'wrapped with the signature on the indented line',
    damaged: true,
    wrap: (l) => (CONNECT.test(l.text) ? l.text.replace(' Unable to', '\n    Unable to') : l.text),
  },
  {
    name: 'two records joined on one line',
    damaged: true,
    wrap: (l, i) =>
      CONNECT.test(l.text)
        ? `${l.text}[Thu Jan 01 00:00:00.000000 2026] [core:notice] [pid 1:tid 1] AH00000: x ${i}`
        : l.text,
  },
  {
    name: 'redacted pid, client, group, socket and uid',
    damaged: true,
    wrap: (l) =>
      CONNECT.test(l.text)
        ? l.text
            .replace(/pid=\d+/, 'pid=XXXX')
            .replace(/\[client [^\]]+\]/, '[client :****]')
            .replace("'app'", "'[name_here]'")
            .replace(/wsgi\.\d+\./, 'wsgi.[...].')
            .replace(/uid=33/, 'uid=[...]')
        : l.text,
  },
  {
    name: 'a lost closing quote',
    damaged: true,
    wrap: (l) => (CONNECT.test(l.text) ? l.text.replace("'app' on", "'app on") : l.text),
  },
  {
    name: "mod_wsgi 6.0.x's on '(null)' (32-bit builds)",
    damaged: true,
    wrap: (l) =>
      CONNECT.test(l.text)
        ? l.text
            .replace(/mod_wsgi \(pid=\d+\): /, '[script /srv/app/app.wsgi] WSGI0117: ')
            .replace(/on '[^']*'/, "on '(null)'")
        : l.text,
  },
];

describe('the real capture with each kind of damage', () => {
  let src: Src[];
  let bare: ParsedLogs;
  beforeAll(async () => {
    src = load();
    bare = await readAll('bare2', src, (l) => l.text);
  });
  it.each(DAMAGE)('$name: the same connect errors at the same times', async (d) => {
    const got = await readAll(`damage-${DAMAGE.indexOf(d)}`, src, d.wrap);
    expect(got.events.map((e) => [e.code, e.time, path.basename(e.file), e.line > 0])).toEqual(
      bare.events.map((e) => [e.code, e.time, path.basename(e.file), true]),
    );
    expect(got.events.every((e) => e.damaged === d.damaged)).toBe(true);
    expect(got.restarts.map((r) => [r.kind, r.time])).toEqual(bare.restarts.map((r) => [r.kind, r.time]));
    expect(got.inputs.every((i) => Object.keys(i.unreadable).length === 0)).toBe(true);
  });
});

describe('lines that cannot be timed or were cut are counted, never dropped', () => {
  it('a pasted line starting at the errno: no-time, with its errno and socket kept', async () => {
    const p = path.join(dir, 'notime.log');
    fs.writeFileSync(
      p,
      "(13)Permission denied: mod_wsgi (pid=3302): Unable to connect to WSGI daemon process 'astronomy' on '/etc/httpd/logs/wsgi.3299.0.1.sock' as user with uid=48.\n",
    );
    const got = await readLogs(resolveInputs([p], { rotated: false }), { zone: ZONE, workers: 0 });
    expect(got.events).toHaveLength(0);
    expect(got.inputs[0]!.unreadable).toEqual({ 'no-time': 1 });
    expect(got.inputs[0]!.unreadableExamples[0]).toMatchObject({ line: 1, reason: 'no-time' });
    expect(got.untimed).toHaveLength(1);
    expect(got.untimed[0]).toMatchObject({ code: 'WSGI0117', errno: 13, socket: '/etc/httpd/logs/wsgi.3299.0.1.sock' });
    expect(got.untimed[0]!.socketInfo).toMatchObject({ parentPid: 3299, generation: 0 });
  });
  it('a line cut where a file was split: counted as cut at its place; the halves are not two events', async () => {
    const src = load();
    const all = src.flatMap((f) => f.lines.map((l) => l.text));
    const bare = await readAll('bare3', src, (l) => l.text);
    // split inside the 3rd connect error (past "WSGI daemon process", before the socket)
    const n = all.findIndex((l, i) => CONNECT.test(l) && all.slice(0, i).filter((x) => CONNECT.test(x)).length === 2);
    const text = all.join('\n') + '\n';
    const cutAt = text.indexOf(all[n]!) + all[n]!.indexOf(" on '") + 6;
    fs.writeFileSync(path.join(dir, 'split-a.log'), text.slice(0, cutAt));
    fs.writeFileSync(path.join(dir, 'split-b.log'), text.slice(cutAt));
    const got = await readLogs(
      resolveInputs([path.join(dir, 'split-a.log'), path.join(dir, 'split-b.log')], { rotated: false }),
      { zone: ZONE, workers: 0 },
    );
    expect(got.events).toHaveLength(bare.events.length - 1);
    expect(got.inputs[0]!.unreadable).toEqual({ cut: 1 });
    expect(got.inputs[0]!.unreadableExamples[0]!.line).toBe(n + 1);
    expect(got.inputs[1]!.unreadable).toEqual({});
  });
  it('raw control characters stay in the examples as data', async () => {
    const p = path.join(dir, 'ctl.log');
    fs.writeFileSync(
      p,
      "\x1b]0;x\x07(2)No such file or directory: mod_wsgi (pid=1): Unable to connect to WSGI daemon process 'a' on '/s.1.2.3.sock' as user with uid=1.\n",
    );
    const got = await readLogs(resolveInputs([p], { rotated: false }), { zone: ZONE, workers: 0 });
    expect(got.inputs[0]!.unreadableExamples[0]!.text).toContain('\x1b]0;x\x07');
  });
});

describe('syslog specifics', () => {
  const line = (stamp: string, host: string, errno = 2) =>
    `${stamp} ${host} apache2[812]: [wsgi:error] [pid 4242:tid 4242] (${errno})${errno === 2 ? 'No such file or directory' : 'Resource temporarily unavailable'}: [client 192.0.2.7:51234] mod_wsgi (pid=4242): Unable to connect to WSGI daemon process 'app' on '/var/run/apache2/wsgi.1200.3.1.sock' ${errno === 2 ? 'as user with uid=33.' : 'after multiple attempts as listener backlog limit was exceeded or the socket does not exist.'}`;
  it('RFC 3164 has no year: inferred from the mtime across New Year, and said so', async () => {
    const p = path.join(dir, 'newyear.log');
    fs.writeFileSync(p, [line('Dec 31 23:59:59', 'web01'), line('Jan  1 00:00:01', 'web01')].join('\n') + '\n');
    const mtime = new Date('2027-01-01T08:00:00Z');
    fs.utimesSync(p, mtime, mtime);
    const got = await readLogs(resolveInputs([p], { rotated: false }), { zone: 'UTC', workers: 0 });
    expect(got.events.map((e) => new Date(e.time).toISOString())).toEqual([
      '2026-12-31T23:59:59.000Z',
      '2027-01-01T00:00:01.000Z',
    ]);
    expect(got.inputs[0]!.readerNotes).toHaveLength(1);
    expect(got.inputs[0]!.readerNotes[0]).toMatch(/2026 and 2027/);
  });
  it('an explicit offset wins over --tz; a central file keeps each host apart', async () => {
    const p = path.join(dir, 'central.log');
    fs.writeFileSync(
      p,
      [
        line('2026-11-17T06:25:03.412338+01:00', 'web01'),
        line('Nov 17 06:25:04', 'web02', 11),
        line('2026-11-17T05:25:05.000001Z', 'web01'),
      ].join('\n') + '\n',
    );
    const mtime = new Date('2026-11-17T07:00:00Z');
    fs.utimesSync(p, mtime, mtime);
    const got = await readLogs(resolveInputs([p], { rotated: false }), { zone: 'America/New_York', workers: 0 });
    expect(got.events.map((e) => [e.host, e.code, new Date(e.time).toISOString()])).toEqual([
      ['web01', 'WSGI0117', '2026-11-17T05:25:03.412Z'],
      ['web01', 'WSGI0117', '2026-11-17T05:25:05.000Z'],
      ['web02', 'WSGI0116', '2026-11-17T11:25:04.000Z'], // wall clock in --tz
    ]);
    expect(got.inputs[0]!.envelopes).toEqual({ 'syslog-rfc5424': 2, 'syslog-rfc3164': 1 });
  });
  it('split into byte ranges scanned by worker threads: the same as one scan', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 30000; i++) {
      const s = p2(i % 60);
      const m = p2(Math.floor(i / 60) % 60);
      const stamp = `Nov 17 ${p2(Math.floor(i / 3600))}:${m}:${s}`;
      lines.push(
        i % 97 === 0
          ? line(stamp, i % 2 ? 'web01' : 'web02')
          : `${stamp} web01 kernel: [${i}.000000] eth0: link is up, 1000 Mbps full duplex`,
      );
    }
    const p = path.join(dir, 'split-syslog.log');
    fs.writeFileSync(p, lines.join('\n') + '\n');
    const specs = resolveInputs([p], { rotated: false });
    const serial = await readLogs(specs, { zone: 'UTC', workers: 0 });
    const split = await readLogs(specs, { zone: 'UTC', workers: 2, parallelThreshold: 1, splitThreshold: 1 });
    expect(split.events.map((e) => [e.line, e.time, e.host])).toEqual(
      serial.events.map((e) => [e.line, e.time, e.host]),
    );
    expect(split.events).toHaveLength(Math.ceil(30000 / 97));
    expect(split.inputs[0]!.envelopes).toEqual({ 'syslog-rfc3164': 30000 });
    expect(split.inputs[0]!.readerNotes).toEqual(serial.inputs[0]!.readerNotes);
  });
});

describe('many connect errors in one input (issue 18: a stack overflow above ~110,000)', () => {
  it('reads 120,000 of them, plain and gzipped, in one piece and split over workers', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 120000; i++)
      lines.push(
        `[Tue Nov 17 06:${p2(Math.floor(i / 6000) % 60)}:${p2(Math.floor(i / 100) % 60)}.${us(i % 1000000)} 2026] [wsgi:error] [pid ${1000 + (i % 50)}] (11)x: mod_wsgi (pid=1): Unable to connect to WSGI daemon process 'a' on '/r/wsgi.1.2.3.sock' after multiple attempts as listener backlog limit was exceeded or the socket does not exist.`,
      );
    const text = lines.join('\n') + '\n';
    const plain = path.join(dir, 'many.log');
    fs.writeFileSync(plain, text);
    fs.writeFileSync(plain + '.gz', zlib.gzipSync(text));
    for (const [p, workers] of [
      [plain, 0],
      [plain, 2],
      [plain + '.gz', 0],
    ] as const) {
      const got = await readLogs(resolveInputs([p], { rotated: false }), {
        zone: 'UTC',
        workers,
        parallelThreshold: 1,
        splitThreshold: 1 << 20,
      });
      expect(got.events).toHaveLength(120000);
      expect(got.events.at(119999)!.line).toBe(120000);
      // events of one socket share one string and one decoded SocketInfo
      expect(new Set(got.events.map((e) => e.socketInfo)).size).toBe(1);
    }
  });
});

describe('rsyslog captures (fixtures/envelopes, written by rsyslogd 8.2302 and logger)', () => {
  const CAPTURES = path.resolve(__dirname, '../../fixtures/envelopes');
  it.each([
    ['rsyslog-traditional.log', 'syslog-rfc3164', 's'],
    ['rsyslog-fileformat.log', 'syslog-rfc5424', 'ms'],
    ['rsyslog-protocol23.log', 'syslog-rfc5424', 'ms'],
  ] as const)(
    '%s: every line read, hosts and times from the envelope, the piped line by its own stamp',
    async (name, kind, keeps) => {
      const p = path.join(dir, name);
      fs.copyFileSync(path.join(CAPTURES, name), p);
      const mtime = new Date('2026-12-07T05:00:00Z');
      fs.utimesSync(p, mtime, mtime);
      // the capture machine ran in UTC: its wall-clock stamps (RFC 3164, Apache's own) are UTC
      const got = await readLogs(resolveInputs([p], { rotated: false }), { zone: 'UTC', workers: 0 });
      expect(got.inputs[0]!.envelopes).toEqual({ [kind]: 5 });
      expect(got.events.map((e) => [e.code, e.host, e.envelope, e.modWsgiMessageStyle])).toEqual([
        ['WSGI0117', 'web01', kind, '4.x'], // piped: its Apache stamp (Nov 17) comes first in time
        ['WSGI0117', 'web01', kind, '4.x'],
        ['WSGI0116', 'web01', kind, '6.x'],
      ]);
      expect(new Date(got.events.at(0)!.time).toISOString()).toBe('2026-11-17T06:25:03.512Z');
      expect(new Date(got.events.at(1)!.time).toISOString()).toBe(
        keeps === 's' ? '2026-12-07T04:23:22.000Z' : '2026-12-07T04:23:22.853Z',
      );
      expect(got.related.map((r) => [r.kind, r.code, r.message])).toEqual([
        ['origin-check-failed', 'WSGI0034', 'WSGI0034: Request origin could not be validated; magic token mismatch.'],
      ]);
      expect(got.restarts.map((r) => [r.kind, r.mpm, r.host])).toEqual([['graceful', 'prefork', 'web01']]);
      expect(got.inputs[0]!.unreadable).toEqual({});
    },
  );
});

describe('each unreadable reason', () => {
  const TAIL = "Unable to connect to WSGI daemon process 'app' on '/run/httpd/wsgi.1200.3.1.sock' as user with uid=48.";
  it.each([
    ['no-time', `(2)No such file or directory: mod_wsgi (pid=7): ${TAIL}`],
    ['unknown-envelope', `1795411503.412 web01 (2)No such file or directory: mod_wsgi (pid=7): ${TAIL}`],
    [
      'unknown-message',
      '[Tue Nov 17 06:25:03.412338 2026] [wsgi:error] [pid 7:tid 7] mod_wsgi (pid=7): Unable to connect to WSGI daemon',
    ],
    [
      'binary',
      `\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12 Unable to connect to WSGI \x13\x14\x15\x16\x17\x18\x19\x1a`,
    ],
  ])('%s', async (reason, text) => {
    const p = path.join(dir, `reason-${reason}.log`);
    fs.writeFileSync(p, `${text}\n`);
    const got = await readLogs(resolveInputs([p], { rotated: false }), { zone: 'UTC', workers: 0 });
    expect(got.events).toHaveLength(0);
    expect(got.inputs[0]!.unreadable).toEqual({ [reason]: 1 });
  });
});

describe('hostile lines stay linear (issue 18: 60 KB of "\' on \'" in the group took ~1 s a line)', () => {
  it('reads such a line as one damaged event', async () => {
    const p = path.join(dir, 'hostile.log');
    const group = "' on '".repeat(10000);
    fs.writeFileSync(
      p,
      `[Tue Nov 17 06:25:03.412338 2026] [wsgi:error] [pid 7:tid 7] (2)No such file or directory: [client 192.0.2.1:5] mod_wsgi (pid=7): Unable to connect to WSGI daemon process '${group}x' on '/s.1.2.3.sock' as user with uid=1.\n`.repeat(
        20,
      ),
    );
    const got = await readLogs(resolveInputs([p], { rotated: false }), { zone: 'UTC', workers: 0 });
    expect(got.events).toHaveLength(20);
    expect(got.events.every((e) => e.damaged && e.code === 'WSGI0117')).toBe(true);
  });
});
