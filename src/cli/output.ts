// Writing the report (analysis and fleet roll-up) the way shell redirection would, where that
// matters: a regular file is replaced atomically (temp file + rename in the same directory, its
// mode kept), a symlink is followed (the target is written, the link stays), a FIFO, character
// device or socket is written directly, `-` is standard output. Nothing is left half-written.
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';

const MAX_LINKS = 40;

/** The path a write to `file` lands on: symlinks followed (also dangling ones, as `>` does). */
function followLinks(file: string): string {
  let p = path.resolve(file);
  for (let i = 0; i < MAX_LINKS; i++) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      return p; // does not exist (yet): a new file there
    }
    if (!st.isSymbolicLink()) return p;
    p = path.resolve(path.dirname(p), fs.readlinkSync(p));
  }
  throw new InputError('too many levels of symbolic links', { file });
}

function cannotWrite(file: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException).code;
  return new InputError(`cannot write the report (${code ?? (e as Error).message})`, { file });
}

/** Writes every piece to the open file, each one whole (a write may take only part of it). */
function writeAll(fd: number, text: string | Iterable<string | Uint8Array>): void {
  for (const piece of typeof text === 'string' ? [text] : text) {
    const buf = typeof piece === 'string' ? Buffer.from(piece) : piece;
    for (let off = 0; off < buf.length;) off += fs.writeSync(fd, buf, off, buf.length - off);
  }
}

/** Opens `file`, writes the pieces and closes it (closed also when a write fails). */
function writeFile(file: string, text: string | Iterable<string | Uint8Array>, flags: string, mode?: number): void {
  const fd = fs.openSync(file, flags, mode);
  try {
    writeAll(fd, text);
  } finally {
    fs.closeSync(fd);
  }
}

/** Writes the report (one string, or its pieces in order: a JSON stream) to `file`. */
export function writeOutput(file: string, text: string | Iterable<string | Uint8Array>): void {
  const target = followLinks(file);
  let st: fs.Stats | null = null;
  try {
    st = fs.statSync(target);
  } catch {
    st = null;
  }
  if (st?.isDirectory()) throw new InputError('is a directory', { file });
  if (st && !st.isFile()) {
    // FIFO, device, socket: written as they are, like `>`; there is nothing to rename over
    try {
      writeFile(target, text, 'w');
    } catch (e) {
      throw cannotWrite(file, e);
    }
    return;
  }
  const dir = path.dirname(target);
  if (!fs.existsSync(dir)) throw new InputError('directory does not exist', { file: dir });
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    writeFile(tmp, text, 'wx', st ? st.mode & 0o7777 : 0o666);
    if (st) fs.chmodSync(tmp, st.mode & 0o7777); // the umask must not narrow an existing file's mode
    fs.renameSync(tmp, target);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* nothing to clean */
    }
    throw cannotWrite(file, e);
  }
}

/**
 * Writes to standard output and waits until it is written. A reader that went away (EPIPE, as in
 * `| head`) ends the output quietly, as grep does; any other error is one line, not a stack trace.
 */
const reported = new WeakSet<Error>();

/** Whether writeStdout already turned this stream error into the run's one-line error. */
export function alreadyReported(e: Error): boolean {
  return reported.has(e);
}

export async function writeStdout(
  stream: NodeJS.WritableStream,
  text: string | Iterable<string | Uint8Array>,
): Promise<void> {
  let failed: Error | null = null;
  let onFailure: () => void = () => {};
  const failure = new Promise<void>((resolve) => (onFailure = resolve));
  const onError = (e: Error) => {
    // marked at once: main's own 'error' listener must know that this one is reported here
    reported.add(e);
    failed ??= e;
    onFailure();
  };
  stream.on('error', onError);
  try {
    // each piece when the stream has room for it (a JSON stream of a million events is never
    // held whole); the last piece's callback says that everything is written
    let last: Promise<void> = Promise.resolve();
    for (const piece of typeof text === 'string' ? [text] : text) {
      if (failed) break;
      let room = true;
      last = new Promise<void>((resolve) => {
        try {
          room = stream.write(piece, (e) => {
            if (e) onError(e);
            resolve();
          });
        } catch (e) {
          onError(e as Error);
          resolve();
        }
      });
      if (!room && !failed) {
        let drained: () => void = () => {};
        const drain = new Promise<void>((resolve) => (drained = resolve));
        stream.once('drain', drained);
        await Promise.race([drain, failure]);
        stream.removeListener('drain', drained);
      }
    }
    await Promise.race([last, failure]);
  } finally {
    stream.removeListener('error', onError);
  }
  const e = failed as Error | null;
  if (e === null) return;
  if ((e as NodeJS.ErrnoException).code !== 'EPIPE') throw cannotWrite('<stdout>', e);
}
