// Start-up (issue 17): the bundle (scripts/build.mjs) loads only what a run needs. A plain log
// run loads neither cron-parser nor the HTML renderer; asking for them loads them (so the test
// can fail). Which files a run loaded is read from the loaders (an --import hook logs every ES
// module and every .js file read: the launcher's loader reads the bundle's files) and mapped to
// source modules by esbuild's metafile. No timings.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(fileURLToPath(import.meta.url), '../../..');
const BIN = path.join(ROOT, 'bin/wsgi-logdoctor');
const TRACE = path.join(ROOT, 'test/cli/support/trace-loads.mjs');
const LOG = path.join(ROOT, 'fixtures/real/backlog-overload/logs/error.log');
const tmp = mkdtempSync(path.join(tmpdir(), 'startup-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Meta {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}

let runs = 0;
/** The source modules (and packages) a CLI run loaded, by the bundle's metafile. */
function loadedModules(args: string[]): { files: string[]; modules: string[]; status: number | null } {
  const trace = path.join(tmp, `trace-${runs++}`);
  const r = spawnSync(process.execPath, ['--import', TRACE, BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, TRACE_LOADS: trace, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  expect(r.stderr).not.toMatch(/internal error/);
  const meta = JSON.parse(readFileSync(path.join(ROOT, 'dist/metafile.json'), 'utf8')) as Meta;
  const files = existsSync(trace)
    ? readFileSync(trace, 'utf8')
        .trim()
        .split('\n')
        .map((u) => path.relative(ROOT, fileURLToPath(u)))
    : [];
  const modules = files.flatMap((f) => Object.keys(meta.outputs[f]?.inputs ?? {}));
  return { files, modules, status: r.status };
}

const has = (mods: string[], re: RegExp) => mods.some((m) => re.test(m));
const CRON_PARSER = /node_modules\/cron-parser\//;
const HTML = /^src\/report\/html(\.ts|\/)/;

describe('the bundled CLI loads on demand', () => {
  it('a plain log run (text and JSON) loads neither cron-parser, the schedule stage nor the HTML renderer', () => {
    for (const format of ['text', 'json']) {
      const { files, modules, status } = loadedModules([LOG, '--no-rotated', '--format', format]);
      expect(status).toBe(1);
      // everything loaded is the bundle (plus the launcher and the trace hook), nothing from src/ or node_modules/
      expect(
        files.filter((f) => !f.startsWith('dist/') && !f.startsWith('test/') && f !== 'bin/wsgi-logdoctor'),
      ).toEqual([]);
      expect(has(modules, /^src\/inputs\/scanner\.ts$/)).toBe(true);
      expect(has(modules, CRON_PARSER)).toBe(false);
      expect(has(modules, /^src\/schedule\//)).toBe(false);
      expect(has(modules, HTML)).toBe(false);
    }
  });

  it('--format html loads the HTML renderer; --schedule loads cron-parser', () => {
    const html = loadedModules([LOG, '--no-rotated', '--format', 'html', '-o', path.join(tmp, 'r.html')]);
    expect(html.status).toBe(1);
    expect(has(html.modules, HTML)).toBe(true);
    expect(has(html.modules, CRON_PARSER)).toBe(false);
    const cron = loadedModules([LOG, '--no-rotated', '--schedule', '25 6 * * *', '--format', 'json']);
    expect(cron.status).toBe(1);
    expect(has(cron.modules, CRON_PARSER)).toBe(true);
  });

  it('--version loads no stage: no reader, no luxon', () => {
    const { modules, status } = loadedModules(['--version']);
    expect(status).toBe(0);
    expect(has(modules, /^src\/cli\/main\.ts$/)).toBe(true);
    expect(has(modules, /^src\/(inputs|analyse\/analyse|schedule|report\/(?!formats|terminal))/)).toBe(false);
    expect(has(modules, /node_modules\/luxon\//)).toBe(false);
  });
});

describe('the code cache', () => {
  it('is written for every file a plain run loads, and the Node that runs this accepts it', () => {
    const { files } = loadedModules([LOG, '--no-rotated', '--format', 'json']);
    const bundle = files.filter((f) => f.startsWith('dist/') && f !== 'dist/cli/launch.js');
    expect(bundle.length).toBeGreaterThan(5);
    for (const f of bundle) expect(existsSync(path.join(ROOT, `${f}.cache`)), f).toBe(true);
    // compiled as the launcher compiles them, in a plain child process (no test runner flags:
    // V8 rejects a cache made under other flags)
    const r = spawnSync(
      process.execPath,
      [
        '-e',
        `const fs = require('node:fs'), vm = require('node:vm'), { wrap } = require('./dist/cli/launch.js');
         for (const f of process.argv.slice(1)) {
           const s = new vm.Script(wrap(fs.readFileSync(f, 'utf8')), { filename: f, cachedData: fs.readFileSync(f + '.cache') });
           console.log(f, s.cachedDataRejected ? 'rejected' : 'accepted');
         }`,
        ...bundle,
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toEqual(bundle.map((f) => `${f} accepted`));
  });
});
