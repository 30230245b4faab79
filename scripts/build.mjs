// The build: the CLI bundled by esbuild into dist/ — one entry file (dist/cli/main.js) plus
// chunks that load on demand (each dynamic import() in src/ becomes one: the analysis, the
// schedule stage with cron-parser, the renderers), and the worker thread as its own entry
// (dist/inputs/worker.js) sharing the reader's chunk; luxon is a chunk it loads only for a
// zone with rules. Types are checked by `npm run typecheck` (tsc).
// Start-up (issue 17): esbuild splits only as ES modules, but Node 20's ES module loader costs a
// one-line run ~35 ms (resolving, builtin facades, compiling ~1 MB). So the chunks are converted
// to CommonJS files (dist/package.json says so, and they still load with require(): the worker
// thread, scripts), and bin/wsgi-logdoctor runs them through src/cli/launch.ts, which compiles
// them with the V8 code cache written here by two training runs (<file>.cache).
// The metafile (dist/metafile.json) says which source modules each output file holds; the
// start-up test reads it to prove what a plain run loads.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import wabt from 'wabt';

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
};

// commander requires child_process (with net and dgram) at load for its git-style
// subcommands, which this CLI has none of: resolve it on first use instead (~10 ms of start-up).
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onResolve({ filter: /^(node:)?child_process$/ }, (a) =>
      /node_modules[\\/]commander[\\/]/.test(a.importer) ? { path: 'child_process', namespace: 'lazy' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, () => ({
      contents: "module.exports = new Proxy({}, { get: (_, k) => require('node:child_process')[k] });",
      loader: 'js',
    }));
  },
};

rmSync('dist', { recursive: true, force: true });
const cli = await build({
  ...common,
  // report/words: scripts/gen-codes.mjs writes docs/codes.md from it
  // the worker's code is inputs/worker-run.js; inputs/worker.js (below) runs it through the loader
  entryPoints: [
    'src/cli/main.ts',
    { in: 'src/inputs/worker.ts', out: 'inputs/worker-run' },
    'src/access/index.ts',
    'src/report/words/index.ts',
  ],
  outbase: 'src',
  outdir: 'dist',
  splitting: true,
  // chunks one level below dist/, as the entries are: relative URLs (the worker's) agree
  chunkNames: 'chunks/[name]-[hash]',
  metafile: true,
  plugins: [lazyChildProcess],
});
// The reader's line kernel: WebAssembly text (src/inputs/kernel/scan.wat) assembled by wabt.
const wat = 'src/inputs/kernel/scan.wat';
const module = (await wabt()).parseWat(wat, readFileSync(wat, 'utf8'), { simd: true });
module.validate();
mkdirSync('dist/kernel', { recursive: true });
writeFileSync('dist/kernel/scan.wasm', module.toBinary({}).buffer);
module.destroy();

// Every output to CommonJS in place (the source maps chain to src/): import → require (dynamic
// ones too, so that the launcher's loader serves them), import.meta.url → the file's URL.
const js = Object.keys(cli.metafile.outputs).filter((f) => f.endsWith('.js'));
await build({
  entryPoints: js,
  outbase: 'dist',
  outdir: 'dist',
  allowOverwrite: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  supported: { 'dynamic-import': false },
  define: { 'import.meta.url': '__import_meta_url' },
  banner: { js: '"use strict"; const __import_meta_url = require("node:url").pathToFileURL(__filename).href;' },
});
writeFileSync('dist/package.json', '{ "type": "commonjs" }\n');
// The worker thread's entry (src/inputs/index.ts starts it): its code through the loader too,
// with the code cache of the chunks it shares with the main thread (boot ~43 -> ~28 ms).
writeFileSync(
  'dist/inputs/worker.js',
  `'use strict';\nrequire('../cli/launch.js').load(require('node:path').join(__dirname, 'worker-run.js'));\n`,
);
await build({ ...common, format: 'cjs', entryPoints: ['src/cli/launch.ts'], outfile: 'dist/cli/launch.js' });

// The code cache: the bytecode of what a text and a JSON run compile (a file keeps the first
// run's), taken in a child process with the launcher's loader as the CLI uses it.
const train = path.join(mkdtempSync(path.join(tmpdir(), 'wsgi-logdoctor-build-')), 'error_log');
writeFileSync(train, readFileSync('fixtures/real/backlog-overload/logs/error.log'));
for (const format of ['text', 'json']) {
  const r = spawnSync(
    process.execPath,
    [
      '-e',
      `const l = require('./dist/cli/launch.js'); process.on('exit', l.saveCodeCache);
       l.main(['node', 'cli', ${JSON.stringify(train)}, '--no-rotated', '--tz', 'UTC', '--format', '${format}', '-o', '/dev/null'])`,
    ],
    { encoding: 'utf8' },
  );
  // exit 1: the fixture's connect errors
  if (r.status !== 1) throw new Error(`training run (${format}): exit ${r.status}: ${r.stderr}`);
}
rmSync(path.dirname(train), { recursive: true, force: true });

writeFileSync('dist/metafile.json', JSON.stringify({ outputs: cli.metafile.outputs }, null, 1));
