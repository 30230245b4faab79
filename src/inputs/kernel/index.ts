// The line kernel (scan.wat, assembled into dist/kernel/scan.wasm by `npm run build`): one
// instance per thread. Its memory holds the read buffer (page-aligned: WebAssembly memory is
// mmap'd, and the kernel's copy into a page-aligned address is several times cheaper on some
// CPUs, issue 17), a window for bytes that arrive elsewhere (gzip output, stdin, carried lines),
// the kernel's output, and the needle table (the needles of src/wsgi/catalogue.ts, as scan.wat
// looks for them).
import fs from 'node:fs';
import { NEEDLES } from '../../wsgi/index.js';

/** [0, 1 MiB): the file read buffer; [1 MiB, 2 MiB): the copy window; [2 MiB, …): output. */
export const READ_SIZE = 1 << 20;
export const WINDOW_AT = 1 << 20;
export const WINDOW_SIZE = 1 << 20;
export const OUT_AT = 2 << 20;
/** interesting lines per call, (start, index) pairs of u32 */
export const OUT_CAP = 8192;

interface Exports {
  memory: { buffer: ArrayBuffer };
  scan(from: number, to: number, stopAt: number, out: number, cap: number, wantFirst: number): number;
  rest: { value: number };
  lines: { value: number };
  /** Apache lines counted */
  boring: { value: number };
  lastBoring: { value: number };
  lastBoringEnd: { value: number };
  /** the envelope code of the last counted line (scan.wat) */
  lastKind: { value: number };
  stopped: { value: number };
  more: { value: number };
  tab: { value: number };
}

/** English letter frequencies (%), the space as the commonest byte: for choosing fingerprints */
const FREQ: Record<string, number> = {
  ' ': 18,
  e: 12,
  t: 9,
  a: 8,
  o: 7.5,
  i: 7,
  n: 6.7,
  s: 6.3,
  h: 6,
  r: 6,
  d: 4.3,
  l: 4,
  c: 2.8,
  u: 2.8,
  m: 2.4,
  w: 2.4,
  f: 2.2,
  g: 2,
  y: 2,
  p: 1.9,
  b: 1.5,
  v: 1,
  k: 0.8,
  j: 0.2,
  x: 0.2,
  q: 0.1,
  z: 0.1,
};
/** Words found on most lines of web-server logs: a pair inside one of them lets every line through. */
const LOG_WORDS = 'error warning notice client remote request response process server python traceback exception';

/**
 * Where in a needle the kernel looks for it: the two adjacent bytes least likely in log text
 * (uppercase, digits and punctuation before rare letters; never a pair of a common log word,
 * e.g. "re" of "remote" or "or" of "error", which would send every line to the comparison).
 */
export function fingerprintAt(needle: string): number {
  let best = 0;
  let bestScore = Infinity;
  for (let o = 0; o + 1 < needle.length; o++) {
    const pair = needle.slice(o, o + 2);
    const score = (FREQ[pair[0]!] ?? 0.5) * (FREQ[pair[1]!] ?? 0.5) * (LOG_WORDS.includes(pair) ? 100 : 1);
    if (score < bestScore) {
      best = o;
      bestScore = score;
    }
  }
  return best;
}

/**
 * The needle table at `tab` (layout in scan.wat): each needle's fingerprint (two adjacent bytes,
 * fingerprintAt) as a bucket (one bit) in nibble tables, and the needles to compare candidates
 * with. More than eight distinct fingerprints share buckets: the tables then let more through,
 * the comparison stays exact.
 */
function writeNeedles(mem: Buffer, tab: number, needles: readonly string[]): void {
  const fp = (n: string) => n.slice(fingerprintAt(n), fingerprintAt(n) + 2);
  const pairs = [...new Set(needles.map(fp))];
  const bucket = (n: string) => pairs.indexOf(fp(n)) % 8;
  const sorted = [...needles].sort((a, b) => bucket(a) - bucket(b));
  if (sorted.length > 16) throw new Error('more needles than the kernel has room for');
  mem.fill(0, tab, tab + 128);
  sorted.forEach((n, k) => {
    const b = Buffer.from(n, 'latin1');
    if (b.length < 2 || b.length > 72) throw new Error(`needle ${JSON.stringify(n)} does not fit the kernel`);
    const bits = 1 << bucket(n);
    const o = fingerprintAt(n);
    mem[tab + (b[o]! & 15)]! |= bits;
    mem[tab + 16 + (b[o]! >> 4)]! |= bits;
    mem[tab + 32 + (b[o + 1]! & 15)]! |= bits;
    mem[tab + 48 + (b[o + 1]! >> 4)]! |= bits;
    const e = tab + 128 + 80 * k;
    mem.writeUInt32LE(o, e);
    mem.writeUInt32LE(b.length, e + 4);
    b.copy(mem, e + 8);
  });
  // bucket b's needles: entries [first(b), first(b + 1))
  for (let b = 0; b <= 8; b++) mem[tab + 96 + b] = sorted.filter((n) => bucket(n) < b).length;
}

export interface Kernel {
  x: Exports;
  /** the whole memory as bytes */
  mem: Buffer;
  /** the kernel's output, as u32 */
  out: Uint32Array;
  /** lines counted per envelope code (scan.wat $lastKind; 0, Apache's, is `boring`) */
  counts: Uint32Array;
}

// (the Node typings of this TypeScript lib declare WebAssembly as types only)
const WA = (
  globalThis as unknown as {
    WebAssembly: {
      Module: new (bytes: Uint8Array) => object;
      Instance: new (m: object) => { exports: unknown };
    };
  }
).WebAssembly;

function wasmUrl(): URL {
  // under vitest this runs from src/inputs/kernel/*.ts; bundled, from dist/<one level>/*.js
  return import.meta.url.endsWith('.ts')
    ? new URL('../../../dist/kernel/scan.wasm', import.meta.url)
    : new URL('../kernel/scan.wasm', import.meta.url);
}

let instance: Kernel | null = null;
export function kernel(): Kernel {
  if (instance === null) {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(wasmUrl());
    } catch {
      throw new Error(`the reader's kernel ${wasmUrl().pathname} is missing: run \`npm run build\``);
    }
    const x = new WA.Instance(new WA.Module(bytes)).exports as Exports;
    writeNeedles(Buffer.from(x.memory.buffer), x.tab.value, NEEDLES);
    instance = {
      x,
      mem: Buffer.from(x.memory.buffer),
      out: new Uint32Array(x.memory.buffer, OUT_AT, OUT_CAP * 2),
      counts: new Uint32Array(x.memory.buffer, x.tab.value + 1600, 8),
    };
  }
  return instance;
}
