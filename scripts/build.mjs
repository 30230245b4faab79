// The build: the CLI bundled by esbuild into dist/ — one entry file (dist/cli/main.js) plus
// chunks that load on demand (each dynamic import() in src/ becomes one: the analysis, the
// schedule stage with cron-parser, the renderers), and the worker thread as its own entry
// (dist/inputs/worker.js) sharing the reader's chunk; luxon is a chunk it loads only for a
// zone with rules. Node then parses a few files instead of resolving ~150 modules,
// which is most of the start-up (issue 17). Types are checked by `npm run typecheck` (tsc).
// The metafile (dist/metafile.json) says which source modules each output file holds; the
// start-up test reads it to prove what a plain run loads.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import wabt from 'wabt';

const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  // the bundled CommonJS dependencies (none today) would need require()
  banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
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
  entryPoints: ['src/cli/main.ts', 'src/inputs/worker.ts', 'src/access/index.ts', 'src/report/words/index.ts'],
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

writeFileSync('dist/metafile.json', JSON.stringify({ outputs: cli.metafile.outputs }, null, 1));
