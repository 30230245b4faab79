// Writing the report: shared by the analysis and the fleet roll-up.
import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.js';

/** Writes atomically: a failed run never leaves a half-written --output behind. */
export function writeOutput(file: string, text: string): void {
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) throw new InputError('directory does not exist', { file: dir });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, file);
  } catch (e) {
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* nothing to clean */
    }
    throw new InputError(`cannot write the report (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, {
      file,
    });
  }
}
