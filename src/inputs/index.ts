// The inputs stage: from the command line's <log...> to a time-ordered stream of typed events
// (ParsedLogs). Big plain files are split into byte ranges and scanned on both cores by worker
// threads; small inputs are scanned in-process (a worker costs more than it saves there).
import fs from 'node:fs';
import os from 'node:os';
import { Readable } from 'node:stream';
import type { Worker } from 'node:worker_threads';
import type { EnvelopeKind, InputSummary, Instant, ParsedLogs, UnreadableReason } from '../model.js';
import { ConnectErrors, type PackedPart } from '../events.js';
import { consolidateRestarts } from '../apache/index.js';
import { ENVELOPES } from './envelopes.js';
import { readFileWhole, readPlainRange, readStream, sniffCompression, sniffFile, type ReadOutcome } from './read.js';
import { emptyResult, type ScanResult } from './scanner.js';
import type { Task, WorkOrder, WorkerReply } from './worker.js';
import { noPackedEvents } from './pack.js';
import { prepareZone } from '../time/clock.js';
import type { InputSpec } from './files.js';

export { resolveInputs, findSiblings, isRotatedSiblingName, expandGlob, type InputSpec } from './files.js';
export { consolidateRestarts } from '../apache/index.js';
export { ENVELOPES, type EnvelopeDef } from './envelopes.js';

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
  /** size of a split file's pieces (default 32 MiB; tests lower it) */
  pieceSize?: number;
  /** told when an input (or a piece of one) is done: for a progress display */
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
const SPLIT_THRESHOLD = 64 << 20; // a plain file bigger than this is split into pieces
const PIECE = 32 << 20; // a split file's pieces (at least two), taken one at a time by the threads

interface PlannedTask extends Task {
  input: number;
  part: number;
}

function workerUrl(): URL {
  // Under vitest this module runs from src/*.ts; the worker must be the bundled one in dist/.
  // In the bundle this code is in dist/cli/ or dist/chunks/, one level below dist/ either way.
  return import.meta.url.endsWith('.ts')
    ? new URL('../../dist/inputs/worker.js', import.meta.url)
    : new URL('../inputs/worker.js', import.meta.url);
}

/** Runs one task on this thread. */
async function runTask(t: Task): Promise<ReadOutcome> {
  return t.kind === 'range'
    ? readPlainRange(t.path, t.display, t.zone, t.start, t.end, t.mtime)
    : readFileWhole(t.path, t.display, t.zone, t.mtime);
}

/**
 * Work sharing (issue 17): the tasks are taken one at a time from a shared atomic counter by
 * this thread, which starts at once, and by `size - 1` worker threads, which join as soon as
 * they have booted. Nobody idles while another still has a queue, and a slow-booting worker
 * costs nothing but its own share.
 */
async function runShared(
  tasks: Task[],
  size: number,
  done: (id: number) => void = () => {},
  workersOnly = false,
): Promise<Map<number, ReadOutcome>> {
  const results = new Map<number, ReadOutcome>();
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const workers: Worker[] = [];
  const finished: Promise<void>[] = [];
  const nWorkers = workersOnly ? size : Math.min(size - 1, tasks.length - 1);
  if (nWorkers > 0) {
    // loaded here, not at start-up: a small log never starts a worker
    const { Worker } = await import('node:worker_threads');
    for (let k = 0; k < nWorkers; k++) {
      const w = new Worker(workerUrl());
      workers.push(w);
      finished.push(
        new Promise<void>((resolve, reject) => {
          w.on('message', (m: WorkerReply) => {
            if ('done' in m) resolve();
            else if ('fatal' in m.out) reject(new Error(`${m.display}: ${m.out.fatal}`));
            else {
              results.set(m.id, m.out);
              done(m.id);
            }
          });
          w.once('error', reject);
        }),
      );
      w.postMessage({ tasks, counter: counter.buffer } satisfies WorkOrder);
    }
  }
  try {
    while (!workersOnly) {
      const i = Atomics.add(counter, 0, 1);
      if (i >= tasks.length) break;
      const t = tasks[i]!;
      results.set(t.id, await runTask(t));
      done(t.id);
    }
    await Promise.all(finished);
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

/**
 * Appends without spreading (an input may hold millions of events: no argument-count limit),
 * shifting line numbers in place (the parts are this reader's own objects).
 */
function append<T extends { line: number }>(to: T[], from: readonly T[], shift = 0): void {
  for (const x of from) {
    if (shift !== 0) x.line += shift;
    to.push(x);
  }
}

/** The scans of one input (or of all) merged; the connect errors stay packed, in `parts`. */
type Merged = Omit<ScanResult, 'packed'> & { parts: PackedPart[] };

function mergeParts(parts: ScanResult[]): Merged {
  const { packed: _none, ...empty } = emptyResult();
  const out: Merged = { ...empty, parts: [] };
  for (const p of parts) {
    const base = out.lines;
    out.parts.push({ packed: p.packed, lineBase: base });
    append(out.related, p.related, base);
    append(out.markers, p.markers, base);
    append(out.banners, p.banners, base);
    append(out.untimed, p.untimed, base);
    for (const e of p.unreadableExamples)
      if (out.unreadableExamples.length < 5) out.unreadableExamples.push({ ...e, line: e.line + base });
    for (const [reason, n] of Object.entries(p.unreadable) as [UnreadableReason, number][])
      out.unreadable[reason] = (out.unreadable[reason] ?? 0) + n;
    p.envelopes.forEach((n, k) => (out.envelopes[k] = (out.envelopes[k] ?? 0) + n));
    if (p.yearInferred !== null) {
      const y = (out.yearInferred ??= { count: 0, years: [], from: p.yearInferred.from });
      y.count += p.yearInferred.count;
      for (const year of p.yearInferred.years) if (!y.years.includes(year)) y.years.push(year);
    }
    out.lines += p.lines;
    out.unparsed += p.unparsed;
    out.bytes += p.bytes;
    if (p.first !== null && (out.first === null || p.first < out.first)) out.first = p.first;
    if (p.last !== null && (out.last === null || p.last > out.last)) out.last = p.last;
  }
  return out;
}

function envelopeCounts(r: Merged): Partial<Record<EnvelopeKind, number>> {
  const out: Partial<Record<EnvelopeKind, number>> = {};
  r.envelopes.forEach((n, k) => {
    if (n > 0) out[ENVELOPES[k]!.kind] = n;
  });
  return out;
}

function readerNotes(r: Merged): string[] {
  const y = r.yearInferred;
  if (y === null) return [];
  const years = [...y.years].sort((a, b) => a - b).join(' and ');
  const from = y.from === 'mtime' ? "the file's modification time" : 'the current date (no modification time)';
  return [`RFC 3164 syslog stamps carry no year: ${years} inferred from ${from}`];
}

export async function readLogs(specs: InputSpec[], options: ReadOptions): Promise<ParsedLogs> {
  const zone = options.zone;
  await prepareZone(zone);
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
        const n = Math.max(2, Math.ceil(m.size / (options.pieceSize ?? PIECE)));
        for (let part = 0; part < n; part++) {
          const start = Math.floor((m.size * part) / n);
          const end = part === n - 1 ? Infinity : Math.floor((m.size * (part + 1)) / n);
          tasks.push({
            id: id++,
            input,
            part,
            path: p,
            display: s.display,
            zone,
            kind: 'range',
            start,
            end,
            mtime: m.mtime,
          });
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
          mtime: m.mtime,
        });
      }
    });
    const partsLeft = new Map<number, number>();
    for (const t of tasks) partsLeft.set(t.input, (partsLeft.get(t.input) ?? 0) + 1);
    const byId = new Map(tasks.map((t) => [t.id, t]));
    // the dearest first (a .gz costs about four times its size), so that the last piece is small
    const cost = (t: PlannedTask) => (t.kind === 'whole' ? 4 : 1) * (Math.min(t.end, meta[t.input]!.size) - t.start);
    tasks.sort((a, b) => cost(b) - cost(a) || a.id - b.id);
    // Many .gz files (a year of rotated logs): worker threads alone read them, with lean stream
    // buffers, and this thread only waits. Decompressing here too grew this thread's young
    // generation to V8's maximum, and the analysis after the scan then touched all of it: a year
    // of .gz peaked at ~135 MiB after the scan instead of ~123 MiB while reading.
    const workersOnly = tasks.filter((t) => t.kind === 'whole' && meta[t.input]!.comp !== null).length >= 2;
    const done = await runShared(
      tasks.map(({ input: _i, part: _p, ...plain }) => (workersOnly ? { ...plain, lean: true } : plain)),
      poolSize,
      (id) => {
        const t = byId.get(id)!;
        progress.bytesDone += Math.min(t.end, meta[t.input]!.size) - t.start;
        const left = partsLeft.get(t.input)! - 1;
        partsLeft.set(t.input, left);
        if (left === 0) progress.filesDone++;
        tell(t.display);
      },
      workersOnly,
    );
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
          ? readPlainRange(p, s.display, zone, 0, Infinity, meta[input]!.mtime)
          : await readFileWhole(p, s.display, zone, meta[input]!.mtime),
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
      envelopes: envelopeCounts(r),
      unreadable: r.unreadable,
      unreadableExamples: r.unreadableExamples,
      readerNotes: readerNotes(r),
    });
    all.parts.push(...r.parts);
    for (const e of r.related) if (inWindow(e.time)) all.related.push(e);
    for (const e of r.markers) if (inWindow(e.time)) all.markers.push(e);
    for (const e of r.banners) if (inWindow(e.time)) all.banners.push(e);
    append(all.untimed, r.untimed);
  });
  // The connect errors of every input in one store, in input and line order; each block's
  // arrays are let go once copied.
  let events = ConnectErrors.concat(all.parts, inWindow);
  for (const outcomes of partsByInput) for (const o of outcomes) o.result.packed = noPackedEvents();
  all.parts = [];
  // The same record in two inputs (a log copied twice into a bundle, a file given under two
  // names, overlapping copytruncate copies) is counted once; within one file repeats are real.
  const notes: string[] = [];
  const dropped =
    inputs.filter((i) => i.lines > 0).length > 1
      ? dedupeAcrossInputs(
          all,
          events,
          specs.map((s) => s.display),
        )
      : { count: 0, pairs: [], events };
  events = dropped.events;
  if (dropped.count > 0)
    notes.push(
      `${dropped.count} record(s) appear identically in more than one input (${dropped.pairs.join('; ')}); each is counted once`,
    );
  // Time order across inputs; ties keep input order, then line order (stable sort).
  const byTime = <T extends { time: Instant }>(xs: T[]) => xs.sort((a, b) => a.time - b.time);
  events = events.sortedByTime();
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
    events,
    related: all.related,
    restarts: consolidateRestarts(all.markers),
    banners: all.banners,
    untimed: all.untimed,
    window: { start, end },
    notes,
  };
}

/** Drops records that are identical (same time, process and content) to one from another input. */
function dedupeAcrossInputs(
  all: Merged,
  events: ConnectErrors,
  files: string[],
): { count: number; pairs: string[]; events: ConnectErrors } {
  let count = 0;
  const pairs = new Set<string>();
  const order = new Map(files.map((f, i) => [f, i]));
  const seenIn = () => {
    const first = new Map<string, string>();
    return (k: string, file: string): boolean => {
      const seen = first.get(k);
      if (seen === undefined) {
        first.set(k, file);
        return true;
      }
      if (seen === file) return true;
      count++;
      const [a, b] = [seen, file].sort((p, q) => (order.get(p) ?? 0) - (order.get(q) ?? 0));
      pairs.add(`${a} and ${b}`);
      return false;
    };
  };
  const run = <T extends { time: Instant; file: string; pid: number | null }>(xs: T[], key: (x: T) => string): T[] => {
    const keep = seenIn();
    return xs.filter((x) => keep(`${x.time}|${x.pid}|${key(x)}`, x.file));
  };
  const keepEvent = seenIn();
  const kept = events.keep((i) => {
    const s = events.shape(i);
    const k = `${events.time(i)}|${events.pid(i)}|${s.host}|${events.tid(i)}|${events.client(i)}|${s.socket}|${s.variant}`;
    return keepEvent(k, s.file);
  });
  all.related = run(all.related, (e) => `${e.host}|${e.kind}|${e.group}|${e.variant}`);
  all.markers = run(all.markers, (e) => `${e.host ?? null}|${e.marker}`);
  all.banners = run(all.banners, (e) => e.description);
  return { count, pairs: [...pairs].slice(0, 3), events: kept };
}
