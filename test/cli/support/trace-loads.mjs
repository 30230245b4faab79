// Used with `node --import`: every file: URL the ES module loader loads, and every .js file read
// with fs.readFileSync (as Node's require() and the launcher's loader, src/cli/launch.ts, read the
// bundle's files), is appended to the file named by TRACE_LOADS (the start-up test reads which
// bundle chunks a run loaded).
import fs from 'node:fs';
import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

register('./trace-loads-hooks.mjs', import.meta.url);

const read = fs.readFileSync;
fs.readFileSync = function (file, ...rest) {
  if (process.env.TRACE_LOADS && typeof file === 'string' && file.endsWith('.js'))
    fs.appendFileSync(process.env.TRACE_LOADS, pathToFileURL(file).href + '\n');
  return read.call(this, file, ...rest);
};
