// The line kernel (scan.wat, assembled into dist/kernel/scan.wasm by `npm run build`): one
// instance per thread. Its memory holds the read buffer (page-aligned: WebAssembly memory is
// mmap'd, and the kernel's copy into a page-aligned address is several times cheaper on some
// CPUs, issue 17), a window for bytes that arrive elsewhere (gzip output, stdin, carried lines),
// and the kernel's output.
import fs from 'node:fs';

/** [0, 1 MiB): the file read buffer; [1 MiB, 2 MiB): the copy window; [2 MiB, …): output. */
export const READ_SIZE = 1 << 20;
export const WINDOW_AT = 1 << 20;
export const WINDOW_SIZE = 1 << 20;
export const OUT_AT = 2 << 20;
/** interesting lines per call, (start, index) pairs of u32 */
export const OUT_CAP = 8192;

interface Exports {
  memory: { buffer: ArrayBuffer };
  scan(from: number, to: number, stopAt: number, out: number, cap: number): number;
  rest: { value: number };
  lines: { value: number };
  boring: { value: number };
  firstBoring: { value: number };
  lastBoring: { value: number };
  lastBoringEnd: { value: number };
  stopped: { value: number };
}

export interface Kernel {
  x: Exports;
  /** the whole memory as bytes */
  mem: Buffer;
  /** the kernel's output, as u32 */
  out: Uint32Array;
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
    instance = {
      x,
      mem: Buffer.from(x.memory.buffer),
      out: new Uint32Array(x.memory.buffer, OUT_AT, OUT_CAP * 2),
    };
  }
  return instance;
}
