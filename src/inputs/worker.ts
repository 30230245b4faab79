// Worker-thread entry: takes tasks (a byte range of a plain file, or a whole .gz file) from the
// shared counter until none is left, posting each plain-data result back (index.ts: runShared).
// It loads no luxon for a log in UTC or a fixed offset (time/clock.ts).
import { parentPort } from 'node:worker_threads';
import { readFileWhole, readPlainRange, type ReadOutcome } from './read.js';
import { prepareZone } from '../time/clock.js';
import { packedBuffers } from './pack.js';

export interface Task {
  id: number;
  path: string;
  display: string;
  zone: string;
  kind: 'range' | 'whole';
  start: number;
  end: number;
  /** the file's mtime (the year of RFC 3164 stamps) */
  mtime: number | null;
  /** many .gz files: smaller stream buffers (read.ts: readFileWhole) */
  lean?: boolean;
}

/** What the main thread sends once: every task, and the counter all threads take them from. */
export interface WorkOrder {
  tasks: Task[];
  counter: SharedArrayBuffer;
}

export type WorkerReply = { id: number; display: string; out: ReadOutcome | { fatal: string } } | { done: true };

parentPort?.on('message', async (order: WorkOrder) => {
  const counter = new Int32Array(order.counter);
  for (;;) {
    const i = Atomics.add(counter, 0, 1);
    if (i >= order.tasks.length) break;
    const task = order.tasks[i]!;
    let out: ReadOutcome | { fatal: string };
    const transfer: ArrayBuffer[] = [];
    try {
      await prepareZone(task.zone); // luxon only for a zone with rules
      const o =
        task.kind === 'range'
          ? readPlainRange(task.path, task.display, task.zone, task.start, task.end, task.mtime)
          : await readFileWhole(task.path, task.display, task.zone, task.mtime, task.lean);
      // the packed connect errors move without a copy
      transfer.push(...packedBuffers(o.result.packed));
      out = o;
    } catch (e) {
      out = { fatal: (e as Error).message };
    }
    parentPort!.postMessage({ id: task.id, display: task.display, out } satisfies WorkerReply, transfer);
  }
  parentPort!.postMessage({ done: true } satisfies WorkerReply);
});
