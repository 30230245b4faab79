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

export function writeOutput(file: string, text: string): void {
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
      fs.writeFileSync(target, text);
    } catch (e) {
      throw cannotWrite(file, e);
    }
    return;
  }
  const dir = path.dirname(target);
  if (!fs.existsSync(dir)) throw new InputError('directory does not exist', { file: dir });
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, text, { mode: st ? st.mode & 0o7777 : 0o666, flag: 'wx' });
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

export function writeStdout(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let done = false;
    const finish = (e?: Error | null) => {
      if (done) return;
      done = true;
      stream.removeListener('error', finish);
      if (e) reported.add(e);
      if (!e || (e as NodeJS.ErrnoException).code === 'EPIPE') resolve();
      else reject(cannotWrite('<stdout>', e));
    };
    stream.on('error', finish);
    try {
      stream.write(text, (e) => finish(e));
    } catch (e) {
      finish(e as Error);
    }
  });
}
