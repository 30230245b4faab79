// Issue 18, "bounded work": a million connect-error lines in one input, plain and .gz, finish
// with the right count and a peak RSS of at most 256 MiB (the connect errors kept in columns,
// src/events.ts; the JSON events[] written as a stream, src/report/json.ts). The built CLI runs
// as a child; its peak RSS is the kernel's ru_maxrss for the whole process (worker threads
// included), printed by the CLI under WSGI_LOGDOCTOR_STATS (src/cli/main.ts). No timings.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../e2e/helpers.js';

const N = 1_000_000;
const MAX_RSS_KIB = 256 * 1024;
const p2 = (n: number) => String(n).padStart(2, '0');

/** Line i: a WSGI0116 of a 2.4 error log, one day, 50 child pids, 50 000 clients. */
function line(i: number): string {
  const h = Math.floor(i / 40_000) % 24;
  const pid = 1000 + (i % 50);
  return (
    `[Tue Nov 17 ${p2(h)}:${p2(Math.floor(i / 600) % 60)}:${p2(Math.floor(i / 10) % 60)}.${String(i % 1_000_000).padStart(6, '0')} 2026] ` +
    `[wsgi:error] [pid ${pid}] (11)Resource temporarily unavailable: [client 10.0.${i % 200}.${i % 250}:${1000 + (i % 50_000)}] ` +
    `mod_wsgi (pid=${pid}): Unable to connect to WSGI daemon process 'a' on '/r/wsgi.1.2.3.sock' after multiple attempts ` +
    `as listener backlog limit was exceeded or the socket does not exist.`
  );
}

let dir = '';
let plain = '';
let gz = '';

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wsgi-logdoctor-million-'));
  plain = path.join(dir, 'error_log');
  gz = path.join(dir, 'gz', 'error_log.gz');
  fs.mkdirSync(path.dirname(gz));
  const fd = fs.openSync(plain, 'w');
  for (let i = 0; i < N; i += 10_000) {
    const batch: string[] = [];
    for (let k = i; k < Math.min(N, i + 10_000); k++) batch.push(line(k));
    fs.writeSync(fd, batch.join('\n') + '\n');
  }
  fs.closeSync(fd);
  await pipeline(fs.createReadStream(plain), zlib.createGzip({ level: 1 }), fs.createWriteStream(gz));
}, 300_000);

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function cli(args: string[]): { status: number | null; stderr: string; maxRssKib: number } {
  const r = spawnSync(process.execPath, [BIN, ...args, '--no-progress', '-q', '--tz', 'UTC'], {
    encoding: 'utf8',
    env: { ...process.env, WSGI_LOGDOCTOR_STATS: '1' },
  });
  const m = /stats: maxrss_kib=(\d+)/.exec(r.stderr);
  expect(m, r.stderr).not.toBeNull();
  return { status: r.status, stderr: r.stderr, maxRssKib: Number(m![1]) };
}

const CODE_LINES = ['\n      "code": "WSGI0116",\n', '\n      "code": "WSGI0117",\n'].map((s) => Buffer.from(s));

/** Reads a file in pieces of whole lines (each piece starts with the newline before its first line). */
function scan(file: string, each: (piece: Buffer) => void): void {
  const fd = fs.openSync(file, 'r');
  const buf = Buffer.alloc(8 << 20);
  let carry = Buffer.alloc(0);
  try {
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      const data = Buffer.concat([carry, buf.subarray(0, n)]);
      if (n === 0) {
        each(data);
        break;
      }
      const cut = data.lastIndexOf(10);
      each(data.subarray(0, cut + 1));
      carry = Buffer.from(data.subarray(cut));
    }
  } finally {
    fs.closeSync(fd);
  }
}

describe('a million connect errors in one input', () => {
  it.each([
    ['plain', () => plain],
    ['.gz', () => gz],
  ])(
    '%s, --format json: the count, every event in events[], the rest of the document whole, RSS bounded',
    (_k, file) => {
      const out = path.join(dir, 'report.json');
      const r = cli([file(), '--format', 'json', '-o', out]);
      expect(r.status, r.stderr).toBe(1);
      expect(r.maxRssKib).toBeLessThanOrEqual(MAX_RSS_KIB);
      // events[] counted line by line (an event's "code" is the only one at this depth)
      let events = 0;
      let head = '';
      scan(out, (piece) => {
        if (head.length < 1 << 16) head += piece.toString('utf8', 0, 1 << 16);
        for (const code of CODE_LINES)
          for (let at = piece.indexOf(code); at >= 0; at = piece.indexOf(code, at + code.length)) events++;
      });
      expect(events).toBe(N);
      // the document without its events[] parses, and says the same count
      const size = fs.statSync(out).size;
      const tailBuf = Buffer.alloc(Math.min(size, 1 << 20));
      const fd = fs.openSync(out, 'r');
      fs.readSync(fd, tailBuf, 0, tailBuf.length, size - tailBuf.length);
      fs.closeSync(fd);
      const tail = tailBuf.toString('utf8');
      const open = head.indexOf('\n  "events": [\n') + '\n  "events": ['.length;
      const close = tail.indexOf('\n  ],\n  "related": ');
      expect(open).toBeGreaterThan(20);
      expect(close).toBeGreaterThan(0);
      const doc = JSON.parse(head.slice(0, open) + ']' + tail.slice(close + '\n  ]'.length)) as {
        summary: { WSGI0116: number; WSGI0117: number };
        verdict: string;
        inputs: { lines: number }[];
      };
      expect(doc.summary.WSGI0116 + doc.summary.WSGI0117).toBe(N);
      expect(doc.inputs[0]!.lines).toBe(N);
      fs.rmSync(out);
    },
    600_000,
  );

  it.each([
    ['plain', () => plain],
    ['.gz', () => gz],
  ])(
    '%s, --format text: the count in the verdict, RSS bounded',
    (_k, file) => {
      const out = path.join(dir, 'report.txt');
      const r = cli([file(), '--format', 'text', '-o', out]);
      expect(r.status, r.stderr).toBe(1);
      expect(r.maxRssKib).toBeLessThanOrEqual(MAX_RSS_KIB);
      expect(fs.readFileSync(out, 'utf8')).toMatch(new RegExp(`\\b${N} connect errors in \\d+ bursts?\\b`));
      fs.rmSync(out);
    },
    600_000,
  );
});
