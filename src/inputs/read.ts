// Reading one input into a LineScanner: a byte range of a plain file (synchronous reads into one
// reused buffer), a gzip file (streamed through zlib; detected by magic bytes, not by name), or
// a stream (stdin). A damaged .gz keeps everything read before the damage and says how far it got.
import fs from 'node:fs';
import type { Readable } from 'node:stream';
import { LineScanner, type ScanResult } from './scanner.js';
import { READ_SIZE, kernel } from './kernel/index.js';
import type { Instant } from '../model.js';

/** The read buffer: the line kernel's (kernel/index.ts), page-aligned, reused. */
const CHUNK = READ_SIZE;
function alignedBuffer(): Buffer {
  return kernel().mem.subarray(0, CHUNK);
}

export interface ReadOutcome {
  result: ScanResult;
  compressed: boolean;
  error: string | null;
}

export type Compression = 'gzip' | 'bzip2' | 'xz' | 'zstd' | null;

export function sniffCompression(head: Uint8Array): Compression {
  if (head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68) return 'bzip2';
  if (head[0] === 0xfd && head[1] === 0x37 && head[2] === 0x7a && head[3] === 0x58) return 'xz';
  if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return null;
}

export function sniffFile(path: string): Compression {
  const fd = fs.openSync(path, 'r');
  try {
    const head = Buffer.alloc(4);
    fs.readSync(fd, head, 0, 4, 0);
    return sniffCompression(head);
  } finally {
    fs.closeSync(fd);
  }
}

/** Scans bytes [start, end) of a plain file; the line that crosses `end` belongs to this range. */
export function readPlainRange(
  path: string,
  display: string,
  zone: string,
  start: number,
  end: number,
  mtime: Instant | null = null,
): ReadOutcome {
  const fd = fs.openSync(path, 'r');
  const buf = alignedBuffer();
  // A range that starts mid-file begins one byte early so that a line starting exactly at
  // `start` is recognised (the byte before it is the previous line's newline).
  const from = start > 0 ? start - 1 : 0;
  const scanner = new LineScanner(display, zone, { limit: end, skipFirstPartial: start > 0, startOffset: from, mtime });
  let pos = from;
  try {
    for (;;) {
      const n = fs.readSync(fd, buf, 0, CHUNK, pos);
      if (n <= 0) break;
      pos += n;
      scanner.push(buf, n);
      if (scanner.done) break;
    }
  } finally {
    fs.closeSync(fd);
  }
  const result = scanner.finish();
  // this range's share of the file: [start, end) (the last range: to the end of what was read);
  // the bytes read past `end` to finish the last line belong to the next range
  result.bytes = Math.min(end, from + result.bytes) - start;
  return { result, compressed: false, error: null };
}

/**
 * zlib gives each 256 KiB of output a fresh ArrayBuffer; dropped at once, they are collected only
 * when V8 sees ~64 MiB of external memory per thread, so a year of .gz peaked at ~180 MiB with
 * two threads. A minor GC (a young-generation scavenge, under a millisecond here) after every
 * GC_EVERY decompressed bytes frees them: ~115 MiB while reading, same CPU time. 8 MiB measured
 * best (4 MiB promotes live stream objects early, 16 MiB lets more pile up). --expose-gc is
 * process-wide, so every thread gets the function (the idiom of Node's own tests). It is set only
 * once that much was read: it changes V8's flag hash, and the launcher's code cache
 * (src/cli/launch.ts) is not used for chunks loaded after it.
 */
const GC_EVERY = 8 << 20;
let minorGc: (() => void) | null | undefined;
/** decompressed bytes since the last minor GC, on this thread, over all files */
let sinceGc = 0;
async function collector(): Promise<(() => void) | null> {
  if (minorGc === undefined) {
    try {
      const [v8, vm] = await Promise.all([import('node:v8'), import('node:vm')]);
      v8.setFlagsFromString('--expose-gc');
      const gc = vm.runInNewContext('gc') as (o: { type: 'minor' }) => void;
      minorGc = () => gc({ type: 'minor' });
    } catch {
      minorGc = null; // not fatal: V8's own heuristics free the memory later
    }
  }
  return minorGc;
}

/** Scans a whole stream (decompressing gzip when asked). Never throws for damaged data. */
export async function readStream(
  stream: Readable,
  display: string,
  zone: string,
  gzip: boolean,
  mtime: Instant | null = null,
  gzipChunk = GZ_BUFFERS.default.out,
): Promise<ReadOutcome> {
  const scanner = new LineScanner(display, zone, { mtime });
  let compressedIn = 0;
  let error: string | null = null;
  let source: Readable = stream;
  if (gzip) {
    const zlib = await import('node:zlib'); // only .gz inputs need it (before 'data' starts the flow)
    stream.on('data', (c: Buffer) => {
      compressedIn += c.length;
    });
    const gunzip = zlib.createGunzip({ chunkSize: gzipChunk });
    stream.pipe(gunzip);
    stream.on('error', (e) => gunzip.destroy(e));
    source = gunzip;
  }
  try {
    for await (const chunk of source) {
      scanner.push(chunk as Buffer);
      if (gzip && (sinceGc += (chunk as Buffer).length) >= GC_EVERY) {
        sinceGc = 0;
        (await collector())?.();
      }
    }
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const what =
      err.code === 'Z_BUF_ERROR' || /unexpected end/i.test(err.message)
        ? 'truncated gzip data'
        : gzip
          ? `corrupt gzip data (${err.message})`
          : `read error (${err.message})`;
    error = `${what}: stopped after ${scanner.result.bytes} decompressed bytes${gzip ? ` (${compressedIn} compressed bytes read)` : ''}; lines before that point were analysed`;
  }
  const result = scanner.finish();
  return { result, compressed: gzip, error };
}

/**
 * zlib's output chunk and the file stream's read size for a .gz. `lean` (one of many .gz files,
 * read by worker threads: index.ts) trades ~5% of speed for ~5 MiB less peak RSS over a year of
 * rotated files; one big .gz reads ~30% faster with the larger buffers.
 */
const GZ_BUFFERS = { default: { out: 256 << 10, read: 256 << 10 }, lean: { out: 192 << 10, read: 64 << 10 } };

export async function readFileWhole(
  path: string,
  display: string,
  zone: string,
  mtime: Instant | null = null,
  lean = false,
): Promise<ReadOutcome> {
  const comp = sniffFile(path);
  if (comp === null) return readPlainRange(path, display, zone, 0, Infinity, mtime);
  if (comp !== 'gzip') {
    const scanner = new LineScanner(display, zone);
    return {
      result: scanner.finish(),
      compressed: true,
      error: `${comp}-compressed file: not supported (decompress it first, e.g. with ${comp === 'bzip2' ? 'bunzip2' : comp === 'xz' ? 'unxz' : 'unzstd'}); skipped`,
    };
  }
  const b = GZ_BUFFERS[lean ? 'lean' : 'default'];
  return readStream(fs.createReadStream(path, { highWaterMark: b.read }), display, zone, true, mtime, b.out);
}
