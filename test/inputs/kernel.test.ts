// The line kernel (src/inputs/kernel/scan.wat) against the JavaScript line walk it replaces:
// over every fixture file (real captures, envelopes, scenarios; plain and .gz) and over a
// synthetic file made to cross every edge of the kernel's calls (its output filling up, lines
// longer than its window, wrapped pastes and CRLF at chunk ends, ranges), both give the same
// events, related lines, restarts, untimed lines, line and envelope counts and unreadable counts.
// A generated syslog file does the same for the lines the kernel counts by envelope and needle
// search (needles across its read and window edges, at line ends, near misses, CRLF, long lines,
// every envelope it counts and stamps just out of their shape).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readLogs, type InputSpec } from '../../src/inputs/index.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kernel-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function files(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && !/\.md$/.test(d.name))
    .map((d) => path.join(d.parentPath, d.name))
    .sort();
}

async function read(file: string, perLine: boolean, extra: object = {}) {
  // the same name for a file and its gzip, so that their events compare
  const spec: InputSpec = { display: path.relative(ROOT, file).replace(/\.gz$/, ''), path: file, origin: 'given' };
  const before = process.env.WSGI_LOGDOCTOR_PER_LINE;
  process.env.WSGI_LOGDOCTOR_PER_LINE = perLine ? '1' : '0';
  try {
    return await readLogs([spec], { zone: 'Europe/Berlin', workers: 0, ...extra });
  } finally {
    if (before === undefined) delete process.env.WSGI_LOGDOCTOR_PER_LINE;
    else process.env.WSGI_LOGDOCTOR_PER_LINE = before;
  }
}

/** Everything a scan yields that the kernel could change. */
function shape(p: Awaited<ReturnType<typeof read>>) {
  const i = p.inputs[0]!;
  return {
    lines: i.lines,
    unparsed: i.unparsed,
    bytes: i.bytes,
    first: i.first,
    last: i.last,
    envelopes: i.envelopes,
    unreadable: i.unreadable,
    examples: i.unreadableExamples,
    events: p.events,
    related: p.related,
    restarts: p.restarts,
    banners: p.banners,
    untimed: p.untimed,
    readerNotes: i.readerNotes,
    notes: p.notes,
  };
}

const FIXTURES = ['fixtures/real', 'fixtures/envelopes', 'fixtures/scenarios'].flatMap((d) =>
  files(path.join(ROOT, d)),
);

describe('the line kernel decides as the per-line walk does', () => {
  it('covers the fixtures (sanity: many files, events among them)', async () => {
    expect(FIXTURES.length).toBeGreaterThan(200);
  });

  it.each(FIXTURES.map((f) => [path.relative(ROOT, f), f]))('%s', async (_name, file) => {
    const perLine = shape(await read(file, true));
    const kernel = shape(await read(file, false));
    expect(kernel).toEqual(perLine);
  });

  it('a synthetic file that crosses every edge of the kernel’s calls, plain, gzip and split', async () => {
    const stamp = (s: number) =>
      `[Tue Nov 17 06:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}.000000 2026]`;
    const lines: string[] = [];
    for (let n = 0; n < 20000; n++) {
      const t = stamp(n);
      switch (n % 23) {
        case 0:
          lines.push(
            `${t} [wsgi:error] [pid ${n}:tid 1] (2)No such file or directory: [client 10.0.0.1:${n}] mod_wsgi (pid=${n}): Unable to connect to WSGI daemon process 'app' on '/run/wsgi.1.0.1.sock' as user with uid=33.`,
          );
          break;
        case 5: // syslog, many short lines: the kernel's output fills up
          lines.push(
            `Nov 17 06:25:${String(n % 60).padStart(2, '0')} web01 apache2[812]: [wsgi:error] [pid ${n}] (11)Resource temporarily unavailable: mod_wsgi (pid=${n}): Unable to connect to WSGI daemon process 'app' on '/run/wsgi.1.0.1.sock' after multiple attempts as listener backlog limit was exceeded or the socket does not exist.`,
          );
          break;
        case 9: // a wrapped paste: the signature on the indented part
          lines.push(
            `(2)No such file or directory: mod_wsgi (pid=${n}): Unable to connect`,
            `    to WSGI daemon process 'app' on '/run/wsgi.1.0.1.sock' as user with uid=33.`,
          );
          break;
        case 13:
          lines.push(`${t} [mpm_event:notice] [pid 1:tid 1] AH00493: SIGUSR1 received.  Doing graceful restart\r`);
          break;
        case 17:
          lines.push(`x${'y'.repeat(n % 2300 === 17 ? 1_100_000 : 20)}`); // longer than the kernel's window now and then
          break;
        default:
          for (let k = 0; k < 30; k++) lines.push(`short ${n} ${k}`);
          lines.push(`${t} [wsgi:error] [pid ${n}:tid 2] [remote 10.0.0.2:1] Traceback (most recent call last):`);
          lines.push(`${t} [core:error] [pid ${n}:tid 3] [client 10.0.0.3:1] AH00128: File does not exist: /x`);
      }
    }
    const text = lines.join('\n') + '\n';
    const plain = path.join(tmp, 'error_log');
    fs.writeFileSync(plain, text);
    const gz = path.join(tmp, 'error_log.gz');
    fs.writeFileSync(gz, zlib.gzipSync(text));
    const reference = shape(await read(plain, true));
    expect(reference.events.length).toBeGreaterThan(1500);
    expect(shape(await read(plain, false))).toEqual(reference);
    // gzip arrives in other chunks than the file's reads: compare with the per-line walk over
    // the same chunks, and with the plain file but for "last" (the last line's time of each
    // chunk, which depends on the chunks when the clock goes back and forth as here)
    const fromGz = shape(await read(gz, false));
    expect(fromGz).toEqual(shape(await read(gz, true)));
    expect({ ...fromGz, bytes: 0, last: 0 }).toEqual({ ...reference, bytes: 0, last: 0 });
    // split into pieces: likewise
    const pieces = { workers: 2, parallelThreshold: 1, splitThreshold: 1, pieceSize: 3 << 20 };
    const split = shape(await read(plain, false, pieces));
    expect(split).toEqual(shape(await read(plain, true, pieces)));
    expect({ ...split, last: 0 }).toEqual({ ...reference, last: 0 });
  });
  it('a generated syslog file: needles across read edges, at line ends, near misses, CRLF, long lines, every envelope the kernel counts', async () => {
    const MiB = 1 << 20;
    let text = '';
    let n = 0;
    const sys = (msg: string, pri = '') => {
      n++;
      const day = n % 3 === 0 ? 'Dec 31' : n % 3 === 1 ? 'Jan  1' : 'Aug 17';
      const s = String(n % 60).padStart(2, '0');
      return `${pri}${day} 06:25:${s} web0${n % 2} apache2[812]: ${msg}`;
    };
    const connect = `[wsgi:error] [pid 4242:tid 4242] (2)No such file or directory: [client 192.0.2.7:51234] mod_wsgi (pid=4242): Unable to connect to WSGI daemon process 'app' on '/run/wsgi.1.0.1.sock' as user with uid=33.`;
    const boring = `[wsgi:error] [pid 25846:tid 25853] [remote 171.245.205.30:21245]     response = get_response(request)`;
    const add = (line: string, eol = '\n') => (text += line + eol);
    // lines the kernel counts, then one whose needle starts `back` bytes before a read edge
    const needleAcross = (edge: number, needle: string, back: number) => {
      while (text.length < edge - 400) add(sys(boring));
      const head = sys(`[core:info] [pid 1:tid 1] pad `);
      const fill = edge - back - text.length - head.length;
      add(head + 'x'.repeat(Math.max(0, fill)) + needle + ' tail');
    };
    // the first lines: 3164 stamps the envelope's peel rejects (no tag), so no first time yet
    add('Aug 17 06:25:00 hostonly');
    add('<13>Aug 17 06:25:00 hostonly');
    const NEEDLE_LINES = [
      connect,
      `[mpm_prefork:notice] [pid 1900] AH00171: Graceful restart requested, doing restart`,
      `[mpm_event:notice] [pid 1:tid 1] AH00493: SIGUSR1 received.  Doing graceful restart`,
      `[wsgi:info] [pid 5:tid 5] mod_wsgi (pid=5): Process 'app' has died, deregister and restart it.`,
      `[wsgi:error] [pid 5:tid 5] [client 10.0.0.1:1] Truncated or oversized response headers received from daemon process 'app': /srv/app.wsgi`,
      `[wsgi:alert] [pid 4301:tid 4301] mod_wsgi (pid=4301): Request origin could not be validated.`,
      `[mpm_event:notice] [pid 1:tid 1] AH00489: Apache/2.4.62 (Debian) mod_wsgi/5.0.0 Python/3.11 configured -- resuming normal operations`,
      `[wsgi:error] [pid 7:tid 7] WSGI0117: Unable to connect to daemon 'app'.`,
    ];
    const NEAR_MISSES = [
      'response header',
      'origin could not be validate',
      'Process app',
      'GI daemon proces',
      'Unable to conn',
      'SI',
      'G',
      'GI',
      '-- resuming',
      'Graceful restar',
    ];
    for (let rep = 0; rep < 40; rep++) {
      for (const m of NEEDLE_LINES) add(sys(m), rep % 2 ? '\r\n' : '\n');
      for (const m of NEAR_MISSES) add(sys(`[core:error] [pid 1] ${m}`), rep % 3 ? '\n' : '\r\n');
      // a needle as the last bytes of the line
      for (const m of ['SIG', 'GI0', "Process '", 'response headers', 'origin could not be validated'])
        add(sys(`[core:error] [pid 1] ${m}`), rep % 2 ? '\n' : '\r\n');
      // PRI forms, a stamp an Apache sniff takes first, "AH…", too short, lowercase month
      add(sys(boring, '<13>'));
      add(sys(boring, '<1234>'));
      add(sys(boring, '<12345>'));
      add(sys(boring, '<>'));
      add(`Sun Aug 17 06:25:03 2026 web01 apache2[812]: ${boring}`);
      add('AH00558: apache2: Could not reliably determine the server name');
      // both the RFC 3164 sniff and an Apache one (a ctime stamp, "AH" + digit) hold: Apache's
      add(`Aug 12  x:yz:: web01 apache2[812]: ${boring}`);
      add(`AH1 ab :c:de: web01 apache2[812]: ${boring}`);
      add('Aug 17 06:25:03 ');
      add('Aug 17 06:25:03 h');
      add(`aug 17 06:25:03 web01 apache2[812]: ${boring}`);
      add(`Apr  1 06:25:03 web01 apache2[812]: ${boring}`);
      // RFC 3339 envelopes: journal short-iso, RFC 5424 and RSYSLOG_FileFormat, docker -t,
      // prefixed, CRI, and stamps just out of shape (line ends, host and tag limits)
      for (const msg of [boring, connect]) {
        add(`2026-11-17T06:25:03+0100 web01 apache2[812]: ${msg}`);
        add(`2026-11-17T06:25:03.412338+01:00 web01 apache2[812]: ${msg}`, '\r\n');
        add(`2026-11-17T05:25:03.412338912Z web01 apache2[812]: ${msg}`);
        add(`2026-11-17T06:25:03 web01 apache2[812]: ${msg}`);
        add(`<139>1 2026-11-17T06:25:03.412338+01:00 web02 httpd 812 - - ${msg}`);
        add(`2026-11-17T05:25:03.412338912Z [Tue Nov 17 06:25:03.412338 2026] ${msg}`);
        add(`2026-11-17T05:25:03.412338912Z stderr F [Tue Nov 17 06:25:03.412338 2026] ${msg}`);
        add(`2025-03-25T03:40:06.000Z\t[Tue Mar 25 03:40:06.014205 2025] ${msg}`);
        add(`2025-03-25T03:40:06.000Z[Tue Mar 25 03:40:06.014205 2025] ${msg}`);
        add(`2026-11-17T06:25:03+0100 web01 [wsgi:error] ${msg}`);
        add(`2026-11-17T06:25:03+0100 web01 [812]: ${msg}`);
        add(`2026-11-17T06:25:03+0100 ${'h'.repeat(300)} apache2: ${msg}`);
        add(`2026-11-17T06:25:03+0100 web01 ${'t'.repeat(70)}: ${msg}`);
      }
      add('2026-11-17T06:25:03+0100 web01 apache2:');
      add('2026-11-17T06:25:03+0100 web01 apache2:x');
      add('2025-03-25T03:40:06.000Z');
      add('2026-11-17T06:25:03+01');
      add('2026-11-17T06:25:03+01', '\r\n');
      add('2026-11-17T05:25:03.412338912Z st');
      add('<1>1');
      add('<1>1 ');
      // a connect error wrapped onto an indented line, after a line the kernel counts
      add(sys(boring));
      add(sys(`[wsgi:error] [pid 4242] (2)No such file or directory: mod_wsgi (pid=4242): Unable to connect`));
      add(`    to WSGI daemon process 'app' on '/run/wsgi.1.0.1.sock' as user with uid=33.`);
      add(sys(boring));
      add(`    mod_wsgi (pid=1): Unable to connect to WSGI daemon process 'app' on '/run/wsgi.1.0.1.sock'.`);
      // 2.4 built-in format: 3.x "[:error]" with and without a needle, a bare Apache line
      add(`[Tue Nov 17 06:25:03.412338 2026] [:error] [pid 1:tid 1] [client 10.0.0.1:1] File does not exist: /x`);
      add(
        `[Tue Nov 17 06:25:03.412338 2026] [:error] [pid 1:tid 1] mod_wsgi (pid=1): Unable to connect to WSGI daemon process 'app' on '/run/wsgi.1.0.1.sock'.`,
      );
      for (let k = 0; k < 200; k++)
        add(sys(k % 7 ? boring : `[core:info] [pid ${k}:tid 1] AH00128: File does not exist: /srv/${k}`));
    }
    // very long lines: past the 64 KiB kept for parsing, and past the kernel's window
    add(sys(`[core:error] [pid 1] ${'y'.repeat(70_000)} ${connect}`));
    add(sys(`${connect} ${'z'.repeat(70_000)}`));
    add(sys(`[core:error] [pid 1] ${'w'.repeat(1_100_000)} ${connect}`));
    add(sys(`[core:error] [pid 1] ${'v'.repeat(1_100_000)}`));
    // needles across the read buffer's edges (1 MiB) at every split, and lines ending at one
    const needles = [
      'Unable to connect',
      'Graceful restart requested',
      'SIG',
      "Process '",
      'origin could not be validated',
      'response headers',
      'GI0',
    ];
    let edge = Math.ceil((text.length + 1000) / MiB) * MiB;
    for (const needle of needles)
      for (let back = 1; back < needle.length; back += 2) {
        needleAcross(edge, needle, back);
        edge += MiB / 8;
      }
    while (text.length < edge - 300) add(sys(boring));
    add(sys(`[core:info] pad ${'p'.repeat(Math.max(0, edge - text.length - 120))}`).slice(0, edge - text.length - 1));
    add(sys(connect));
    add(sys(boring), '');
    expect(Buffer.byteLength(text)).toBe(text.length); // ASCII: string offsets are byte offsets

    const plain = path.join(tmp, 'syslog');
    fs.writeFileSync(plain, text);
    const gz = path.join(tmp, 'syslog.gz');
    fs.writeFileSync(gz, zlib.gzipSync(text));
    const reference = shape(await read(plain, true));
    expect(reference.envelopes['syslog-rfc3164']).toBeGreaterThan(20000);
    for (const kind of ['syslog-rfc5424', 'journal-short', 'docker-t', 'prefixed', 'cri'] as const)
      expect(reference.envelopes[kind]).toBeGreaterThan(50);
    expect(reference.events.length).toBeGreaterThan(100);
    expect(reference.readerNotes.length).toBe(1);
    expect(shape(await read(plain, false))).toEqual(reference);
    expect(shape(await read(gz, false))).toEqual(shape(await read(gz, true)));
    for (const pieceSize of [1 << 20, (3 << 20) + 12345]) {
      const pieces = { workers: 2, parallelThreshold: 1, splitThreshold: 1, pieceSize };
      expect(shape(await read(plain, false, pieces))).toEqual(shape(await read(plain, true, pieces)));
    }
  });
});
