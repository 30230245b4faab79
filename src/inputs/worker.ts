// Worker-thread entry: scans one task (a byte range of a plain file, or a whole .gz file) and
// posts the plain-data result back. Both cores are used on big inputs.
import { parentPort } from 'node:worker_threads';
import { readFileWhole, readPlainRange, type ReadOutcome } from './read.js';

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
}

parentPort?.on('message', async (task: Task) => {
  let out: ReadOutcome | { fatal: string };
  const transfer: ArrayBuffer[] = [];
  try {
    const o =
      task.kind === 'range'
        ? readPlainRange(task.path, task.display, task.zone, task.start, task.end, task.mtime)
        : await readFileWhole(task.path, task.display, task.zone, task.mtime);
    // the packed connect errors move without a copy
    transfer.push(o.result.packed.rows.buffer as ArrayBuffer);
    out = o;
  } catch (e) {
    out = { fatal: (e as Error).message };
  }
  parentPort!.postMessage({ id: task.id, out }, transfer);
});
