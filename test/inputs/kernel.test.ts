// The line kernel (src/inputs/kernel/scan.wat) against the JavaScript line walk it replaces:
// over every fixture file (real captures, envelopes, scenarios; plain and .gz) and over a
// synthetic file made to cross every edge of the kernel's calls (its output filling up, lines
// longer than its window, wrapped pastes and CRLF at chunk ends, ranges), both give the same
// events, related lines, restarts, untimed lines, line and envelope counts and unreadable counts.
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
});
