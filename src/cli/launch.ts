// The launcher's loader (issue 17, start-up): bin/wsgi-logdoctor runs the bundle in dist/ through
// this module instead of Node's ES module loader. The bundle's files are CommonJS (scripts/build.mjs
// converts esbuild's chunks), compiled here with vm.Script and the V8 code cache that the build
// wrote beside each (<file>.cache: the bytecode of everything a training run compiled). Node 20 has
// no module.enableCompileCache; this is what it does. A cache V8 rejects (another Node or V8 flags)
// costs only the compile it would have saved. Node's own ESM loader cost a one-line run ~35 ms of
// resolving, facades of builtins and compiling that this does not.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

interface Loaded {
  exports: unknown;
}

const modules = new Map<string, Loaded>();
/** the scripts compiled without a usable cache: what saveCodeCache() writes */
const uncached: { file: string; script: vm.Script }[] = [];

/** Node's own CommonJS wrapper, so that the files also load with plain require() (the worker). */
export const wrap = (src: string) => `(function (exports, require, module, __filename, __dirname) {${src}\n})`;

/** require() of one bundle file (an absolute path); node: builtins go to Node's require. */
export function load(file: string): unknown {
  const hit = modules.get(file);
  if (hit !== undefined) return hit.exports;
  const m: Loaded = { exports: {} };
  modules.set(file, m);
  const src = fs.readFileSync(file, 'utf8');
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(`${file}.cache`);
  } catch {
    cachedData = undefined;
  }
  // the cache matches its source: the build writes both, chunk names carry a content hash
  const script = new vm.Script(wrap(src), { filename: file, cachedData });
  if (cachedData === undefined || script.cachedDataRejected === true) uncached.push({ file, script });
  const dir = path.dirname(file);
  let nodeRequire: NodeJS.Require | undefined;
  const req = (id: string): unknown =>
    id.startsWith('.') ? load(path.resolve(dir, id)) : (nodeRequire ??= createRequire(file))(id);
  (script.runInThisContext() as (e: unknown, r: unknown, m: Loaded, f: string, d: string) => void)(
    m.exports,
    req,
    m,
    file,
    dir,
  );
  return m.exports;
}

/** Build time only: writes the code cache of every file this process compiled without one. */
export function saveCodeCache(): void {
  for (const { file, script } of uncached) fs.writeFileSync(`${file}.cache`, script.createCachedData());
}

/** bin/wsgi-logdoctor: the CLI (dist/cli/main.js, beside this file in the bundle). */
export async function main(argv: string[]): Promise<void> {
  const cli = load(path.join(__dirname, 'main.js')) as { main(argv: string[]): Promise<void> };
  await cli.main(argv);
}
