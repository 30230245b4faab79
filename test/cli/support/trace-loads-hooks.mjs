// Module loader hooks (run on the loader's own thread): log each file: URL loaded.
import { appendFileSync } from 'node:fs';

export async function load(url, context, next) {
  if (process.env.TRACE_LOADS && url.startsWith('file:')) appendFileSync(process.env.TRACE_LOADS, url + '\n');
  return next(url, context);
}
