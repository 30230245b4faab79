// The inputs stage: from the command line's <log...> to a time-ordered stream of typed events
// (ParsedLogs). Big plain files are split into byte ranges and scanned on both cores by worker
// threads; small inputs are scanned in-process (a worker costs more than it saves there).
import fs from 'node:fs';
import os from 'node:os';
import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import type { InputSummary, Instant, ParsedLogs, RestartEvent } from '../model.js';
import { readFileWhole, readPlainRange, readStream, sniffCompression, sniffFile, type ReadOutcome } from './read.js';
import type { ScanResult } from './scanner.js';
import type { Task } from './worker.js';
import type { InputSpec } from './files.js';

export { resolveInputs, findSiblings, isRotatedSiblingName, expandGlob, type InputSpec } from './files.js';

export interface ReadOptions {
  zone: string;
  since?: Instant | null;
  until?: Instant | null;
  /** worker threads to use for big inputs (default: min(2, cores)); 0 = in-process */
  workers?: number;
  /** the stream read for '-' (default process.stdin) */
  stdin?: NodeJS.ReadableStream;
  /** total bytes from which worker threads are used, and file size from which a file is split (tests lower them) */
  parallelThreshold?: number;
  splitThreshold?: number;
  /** told when an input (or a worker's part of one) starts and is done: for a progress display */
  onProgress?: (p: ReadProgress) => void;
}

export interface ReadProgress {
  files: number;
  filesDone: number;
  /** bytes on disk (compressed files count as stored) */
  bytes: number;
  bytesDone: number;
  /** the input being read, as shown to the user */
  current: string | null;
}

const PARALLEL_THRESHOLD = 48 << 20; // total plain bytes worth starting workers for
const SPLIT_THRESHOLD = 64 << 20; // a plain file bigger than this is split into ranges

interface PlannedTask extends Task {
  input: number;
  part: number;
}

function workerUrl(): URL {
  // Under vitest this module runs from src/*.ts; the worker must be the compiled one in dist/.
  return import.meta.url.endsWith('.ts')
    ? new URL('../../dist/inputs/worker.js', import.meta.url)
    : new URL('./worker.js', import.meta.url);
}

async function runPool(
  tasks: PlannedTask[],
  size: number,
  done: (t: PlannedTask) => void = () => {},
): Promise<Map<number, ReadOutcome>> {
  const results = new Map<number, ReadOutcome>();
  const queue = [...tasks].sort((a, b) => b.end - b.start - (a.end - a.start));
  const workers: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: Math.min(size, queue.length) }, async () => {
        const w = new Worker(workerUrl());
        workers.push(w);
        for (;;) {
          const task = queue.shift();
          if (task === undefined) break;
          const out = await new Promise<ReadOutcome | { fatal: string }>((resolve, reject) => {
            const onMsg = (m: { id: number; out: ReadOutcome | { fatal: string } }) => {
              if (m.id !== task.id) return;
              w.off('message', onMsg);
              w.off('error', reject);
              resolve(m.out);
            };
            w.on('message', onMsg);
            w.once('error', reject);
            const { input: _i, part: _p, ...plain } = task;
            w.postMessage(plain);
          });
          if ('fatal' in out) throw new Error(`${task.display}: ${out.fatal}`);
          results.set(task.id, out);
          done(task);
        }
      }),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}

async function readStdin(stream: NodeJS.ReadableStream, zone: string): Promise<ReadOutcome> {
  const it = (stream as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return readStream(Readable.from([]), '-', zone, false);
  const head = typeof first.value === 'string' ? Buffer.from(first.value) : first.value;
  const gzip = sniffCompression(head) === 'gzip';
  async function* all() {
    yield head;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield typeof n.value === 'string' ? Buffer.from(n.value) : n.value;
    }
  }
  return readStream(Readable.from(all()), '-', zone, gzip);
}

function mergeParts(parts: ScanResult[]): ScanResult {
  const out: ScanResult = {
    lines: 0,
    unparsed: 0,
    first: null,
    last: null,
    events: [],
    related: [],
    markers: [],
    banners: [],
    bytes: 0,
  };
  for (const p of parts) {
    const base = out.lines;
    const shift = <T extends { line: number }>(xs: T[]) =>
      xs.map((x) => (base === 0 ? x : { ...x, line: x.line + base }));
    out.events.push(...shift(p.events));
    out.related.push(...shift(p.related));
    out.markers.push(...shift(p.markers));
    out.banners.push(...shift(p.banners));
    out.lines += p.lines;
    out.unparsed += p.unparsed;
    out.bytes += p.bytes;
    if (p.first !== null && (out.first === null || p.first < out.first)) out.first = p.first;
    if (p.last !== null && (out.last === null || p.last > out.last)) out.last = p.last;
  }
  return out;
}

/**
 * Turns raw lifecycle markers into the contract's restarts[]: a "configured -- resuming"
 * line completes the graceful/HUP restart just before it and is not a restart of its own;
 * one with no marker before it is a start ("markerMissing" when the same parent pid was
 * already running: the restart's marker was not in the logs read, e.g. rotated away).
 */
export function consolidateRestarts(markers: RestartEvent[]): RestartEvent[] {
  const out: RestartEvent[] = [];
  let pending: RestartEvent | null = null; // last graceful/restart waiting for its "configured"
  const seenPids = new Set<number>();
  for (const m of markers) {
    if (m.marker === 'configured') {
      const completes =
        pending !== null &&
        m.time - pending.time <= 120_000 &&
        (pending.pid === null || m.pid === null || pending.pid === m.pid);
      if (!completes) {
        const missing = m.pid !== null && seenPids.has(m.pid);
        out.push(missing ? { ...m, markerMissing: true } : m);
      }
      pending = null;
      if (m.pid !== null) seenPids.add(m.pid);
      continue;
    }
    if (m.pid !== null) seenPids.add(m.pid);
    if (m.marker === 'graceful' || m.marker === 'restart') pending = m;
    out.push(m);
  }
  return out;
}

export async function readLogs(specs: InputSpec[], options: ReadOptions): Promise<ParsedLogs> {
  const zone = options.zone;
  const poolSize =
    options.workers ??
    Math.min(2, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
  // where each input's bytes are: the located real path (under --root, resolved inside the
  // bundle and checked to be a regular file by src/fs), in-memory text, or stdin
  const real = specs.map((s) => (s.path === '-' || s.source?.text !== undefined ? null : (s.source?.path ?? s.path)));
  const meta = specs.map((s, i) => {
    const text = s.source?.text;
    if (text !== undefined)
      return {
        size: Buffer.byteLength(text),
        mtime: null as Instant | null,
        comp: sniffCompression(Buffer.from(text.slice(0, 4))),
      };
    const p = real[i] ?? null;
    if (p === null) return { size: 0, mtime: null as Instant | null, comp: null as ReturnType<typeof sniffFile> };
    const st = fs.statSync(p);
    return { size: st.size, mtime: st.mtimeMs as Instant | null, comp: sniffFile(p) };
  });
  const plainTotal = meta.reduce((a, m) => a + (m.comp === null ? m.size : 0), 0);
  const compTotal = meta.reduce((a, m) => a + (m.comp !== null ? m.size : 0), 0);
  const parallel = poolSize > 1 && plainTotal + compTotal * 4 >= (options.parallelThreshold ?? PARALLEL_THRESHOLD);
  const splitThreshold = options.splitThreshold ?? SPLIT_THRESHOLD;

  const partsByInput: ReadOutcome[][] = specs.map(() => []);
  const progress: ReadProgress = {
    files: specs.length,
    filesDone: 0,
    bytes: meta.reduce((a, m) => a + m.size, 0),
    bytesDone: 0,
    current: null,
  };
  const tell = (current: string | null) => options.onProgress?.({ ...progress, current });
  tell(null);
  if (parallel) {
    const tasks: PlannedTask[] = [];
    let id = 0;
    specs.forEach((s, input) => {
      const p = real[input] ?? null;
      if (p === null) return;
      const m = meta[input]!;
      if (m.comp === null && m.size > splitThreshold) {
        const n = poolSize;
        for (let part = 0; part < n; part++) {
          const start = Math.floor((m.size * part) / n);
          const end = part === n - 1 ? Infinity : Math.floor((m.size * (part + 1)) / n);
          tasks.push({ id: id++, input, part, path: p, display: s.display, zone, kind: 'range', start, end });
        }
      } else {
        tasks.push({
          id: id++,
          input,
          part: 0,
          path: p,
          display: s.display,
          zone,
          kind: 'whole',
          start: 0,
          end: m.size,
        });
      }
    });
    const partsLeft = new Map<number, number>();
    for (const t of tasks) partsLeft.set(t.input, (partsLeft.get(t.input) ?? 0) + 1);
    const done = await runPool(tasks, poolSize, (t) => {
      progress.bytesDone += Math.min(t.end, meta[t.input]!.size) - t.start;
      const left = partsLeft.get(t.input)! - 1;
      partsLeft.set(t.input, left);
      if (left === 0) progress.filesDone++;
      tell(t.display);
    });
    for (const t of tasks.sort((a, b) => a.input - b.input || a.part - b.part))
      partsByInput[t.input]!.push(done.get(t.id)!);
  }
  for (let input = 0; input < specs.length; input++) {
    const s = specs[input]!;
    const p = real[input] ?? null;
    const text = s.source?.text;
    if (!parallel || p === null) tell(s.display);
    if (s.path === '-') partsByInput[input]!.push(await readStdin(options.stdin ?? process.stdin, zone));
    else if (text !== undefined)
      partsByInput[input]!.push(await readStream(Readable.from([Buffer.from(text)]), s.display, zone, false));
    else if (!parallel && p !== null)
      partsByInput[input]!.push(
        meta[input]!.comp === null
          ? readPlainRange(p, s.display, zone, 0, Infinity)
          : await readFileWhole(p, s.display, zone),
      );
    if (!parallel || p === null) {
      progress.bytesDone += meta[input]!.size;
      progress.filesDone++;
    }
  }
  tell(null);

  const inputs: InputSummary[] = [];
  const all = mergeParts([]);
  const since = options.since ?? -Infinity;
  const until = options.until ?? Infinity;
  const inWindow = (t: Instant) => t >= since && t <= until;
  specs.forEach((s, input) => {
    const outcomes = partsByInput[input]!;
    const r = mergeParts(outcomes.map((o) => o.result));
    const error = outcomes.map((o) => o.error).find((e) => e !== null) ?? null;
    inputs.push({
      path: s.display,
      lines: r.lines,
      unparsed: r.unparsed,
      first: r.first,
      last: r.last,
      compressed: outcomes.some((o) => o.compressed),
      origin: s.origin,
      error,
      mtime: meta[input]!.mtime,
      bytes: r.bytes,
    });
    all.events.push(...r.events.filter((e) => inWindow(e.time)));
    all.related.push(...r.related.filter((e) => inWindow(e.time)));
    all.markers.push(...r.markers.filter((e) => inWindow(e.time)));
    all.banners.push(...r.banners.filter((e) => inWindow(e.time)));
  });
  // The same record in two inputs (a log copied twice into a bundle, a file given under two
  // names, overlapping copytruncate copies) is counted once; within one file repeats are real.
  const notes: string[] = [];
  const dropped = dedupeAcrossInputs(
    all,
    specs.map((s) => s.display),
  );
  if (dropped.count > 0)
    notes.push(
      `${dropped.count} record(s) appear identically in more than one input (${dropped.pairs.join('; ')}); each is counted once`,
    );
  // Time order across inputs; ties keep input order, then line order (stable sort).
  const byTime = <T extends { time: Instant }>(xs: T[]) => xs.sort((a, b) => a.time - b.time);
  byTime(all.events);
  byTime(all.related);
  byTime(all.markers);
  byTime(all.banners);
  let start: Instant | null = null;
  let end: Instant | null = null;
  for (const i of inputs) {
    if (i.first !== null) start = start === null ? i.first : Math.min(start, i.first);
    if (i.last !== null) end = end === null ? i.last : Math.max(end, i.last);
  }
  if (start !== null && options.since != null) start = Math.max(start, options.since);
  if (end !== null && options.until != null) end = Math.min(end, options.until);
  return {
    inputs,
    events: all.events,
    related: all.related,
    restarts: consolidateRestarts(all.markers),
    banners: all.banners,
    window: { start, end },
    notes,
  };
}

/** Drops records that are identical (same time, process and content) to one from another input. */
function dedupeAcrossInputs(all: ScanResult, files: string[]): { count: number; pairs: string[] } {
  let count = 0;
  const pairs = new Set<string>();
  const order = new Map(files.map((f, i) => [f, i]));
  const run = <T extends { time: Instant; file: string; pid: number | null }>(xs: T[], key: (x: T) => string): T[] => {
    const first = new Map<string, string>();
    return xs.filter((x) => {
      const k = `${x.time}|${x.pid}|${key(x)}`;
      const seen = first.get(k);
      if (seen === undefined) {
        first.set(k, x.file);
        return true;
      }
      if (seen === x.file) return true;
      count++;
      const [a, b] = [seen, x.file].sort((p, q) => (order.get(p) ?? 0) - (order.get(q) ?? 0));
      pairs.add(`${a} and ${b}`);
      return false;
    });
  };
  all.events = run(all.events, (e) => `${e.tid}|${e.client}|${e.socket}|${e.variant}`);
  all.related = run(all.related, (e) => `${e.kind}|${e.group}|${e.variant}`);
  all.markers = run(all.markers, (e) => e.marker);
  all.banners = run(all.banners, (e) => e.description);
  return { count, pairs: [...pairs].slice(0, 3) };
}
