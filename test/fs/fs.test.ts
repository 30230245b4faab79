// The one file-system interface (src/fs) and its --root containment: each way issue 18 found
// to read outside a bundle, pinned on the interface and on the log reader's use of it.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryFs, nodeFs, rootedFs } from '../../src/fs/index.js';
import { findSiblings, readLogs, resolveInputs } from '../../src/inputs/index.js';

let scratch: string;
let root: string;
let outside: string;
const SECRET = 'secret text of the analysing machine';
const code = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return (e as NodeJS.ErrnoException).code;
  }
  return undefined;
};

beforeAll(() => {
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'wld-fs-'));
  root = path.join(scratch, 'bundle');
  outside = path.join(scratch, 'outside');
  const put = (p: string, text: string) => {
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, text);
  };
  put(path.join(outside, 'secret'), SECRET);
  put(path.join(outside, 'logs/error_log'), SECRET);
  put(path.join(outside, 'old/error_log.3'), SECRET);
  put(path.join(root, outside, 'secret'), 'decoy'); // the same path, inside the bundle
  put(path.join(root, outside, 'logs/error_log'), 'decoy');
  put(path.join(root, outside, 'old/error_log.3'), 'decoy');
  put(path.join(root, 'var/log/httpd/error_log'), 'in the bundle');
  put(path.join(outside, 'big/error_log'), `${SECRET}\n`);
  put(path.join(root, outside, 'big/error_log'), 'one\ntwo\nthree\nfour\n');
  put(path.join(root, 'etc/big.conf'), 'x'.repeat(2048));
  const logs = path.join(root, 'var/log/httpd');
  fs.symlinkSync(path.join(outside, 'secret'), path.join(logs, 'error_log.1'));
  fs.symlinkSync('../'.repeat(10) + path.join(outside, 'secret').slice(1), path.join(logs, 'error_log.2'));
  fs.symlinkSync(path.join(outside, 'logs'), path.join(logs, 'shop'));
  fs.symlinkSync('/etc/hostname', path.join(logs, 'error_log.4'));
  fs.symlinkSync('error_log.5', path.join(logs, 'error_log.5'));
  expect(spawnSync('mkfifo', [path.join(logs, 'error_log.6')]).status).toBe(0);
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('rootedFs', () => {
  const at = (p: string) => path.join(root, p);

  it('an absolute link is re-rooted: the decoy inside the bundle is read, not the target here', () => {
    expect(nodeFs.readFile(at('var/log/httpd/error_log.1'))).toBe(SECRET); // what plain reads do
    expect(rootedFs(root).readFile(at('var/log/httpd/error_log.1'))).toBe('decoy');
    expect(rootedFs(root).locate(at('var/log/httpd/error_log.1')).path).toBe(path.join(root, outside, 'secret'));
  });
  it('a `..` chain is clamped at the bundle top', () => {
    expect(nodeFs.readFile(at('var/log/httpd/error_log.2'))).toBe(SECRET);
    expect(rootedFs(root).readFile(at('var/log/httpd/error_log.2'))).toBe('decoy');
  });
  it('a directory link (a vhost log folder) is followed inside the bundle', () => {
    const r = rootedFs(root);
    expect(r.readFile(at('var/log/httpd/shop/error_log'))).toBe('decoy');
    expect(r.readdir(at('var/log/httpd/shop'))).toEqual(['error_log']);
  });
  it('a link to a file missing from the bundle is not there, and is named when a log was asked for', () => {
    const r = rootedFs(root);
    expect(r.stat(at('var/log/httpd/error_log.4'))).toBeNull();
    expect(code(() => r.locate(at('var/log/httpd/error_log.4')))).toBe('ENOENT');
    expect(r.refused()).toContainEqual({
      path: at('var/log/httpd/error_log.4'),
      reason: expect.stringMatching(/link to \/etc\/hostname/),
    });
  });
  it('a link loop ends in ELOOP', () => {
    const r = rootedFs(root);
    expect(r.stat(at('var/log/httpd/error_log.5'))).toBeNull();
    expect(code(() => r.readFile(at('var/log/httpd/error_log.5')))).toBe('ELOOP');
    expect(r.refused().map((x) => x.reason)).toEqual([expect.stringMatching(/loop/)]);
  });
  it('a FIFO is never opened: stat says so, readFile and locate refuse and name it', () => {
    const r = rootedFs(root);
    const fifo = at('var/log/httpd/error_log.6');
    expect(r.stat(fifo)?.type).toBe('fifo');
    expect(r.kind(fifo)).toBe('other');
    expect(code(() => r.readFile(fifo))).toBe('ENOTREG');
    expect(code(() => r.locate(fifo))).toBe('ENOTREG');
    expect(r.refused()).toEqual([{ path: fifo, reason: 'a FIFO, not a regular file' }]);
  });
  it('devices are refused (root /, a live host: error_log -> /dev/zero never ends otherwise)', () => {
    const live = rootedFs('/');
    expect(live.stat('/dev/zero')?.type).toBe('char-device');
    expect(code(() => live.readFile('/dev/zero'))).toBe('ENOTREG');
    expect(code(() => live.locate('/dev/zero'))).toBe('ENOTREG');
    expect(live.refused()[0]?.reason).toMatch(/character device/);
  });
  it('config reads are capped', () => {
    const r = rootedFs(root, { maxConfigBytes: 1024 });
    expect(code(() => r.readFile(at('etc/big.conf')))).toBe('EFBIG');
    expect(r.readFile(at('etc/big.conf'), 4096)).toHaveLength(2048);
  });
  it('readdir is [] on a missing folder, in every implementation', () => {
    expect(nodeFs.readdir(path.join(scratch, 'none'))).toEqual([]);
    expect(rootedFs(root).readdir(at('none'))).toEqual([]);
    expect(memoryFs({ '/a/b': 'x' }).readdir('/none')).toEqual([]);
    expect(code(() => memoryFs({}).readFile('/none'))).toBe('ENOENT');
  });
});

describe('the log reader locates through the fs', () => {
  it('a given log that is a link opens the decoy inside the bundle', () => {
    const [spec] = resolveInputs([path.join(root, 'var/log/httpd/error_log.1')], {
      rotated: false,
      fs: rootedFs(root),
    });
    expect(spec?.source?.path).toBe(path.join(root, outside, 'secret'));
  });
  it('rotated siblings: links re-rooted, the FIFO and the dangling and looping links left out and named', () => {
    const r = rootedFs(root);
    const specs = resolveInputs([path.join(root, 'var/log/httpd/error_log')], { rotated: true, fs: r });
    expect(specs.map((s) => [path.basename(s.display), s.source?.path])).toEqual([
      ['error_log', path.join(root, 'var/log/httpd/error_log')],
      ['error_log.1', path.join(root, outside, 'secret')],
      // error_log.2 resolves to the same decoy: one input
    ]);
    expect(r.refused().map((x) => path.basename(x.path))).toEqual(['error_log.4', 'error_log.5', 'error_log.6']);
  });
  it("an olddir outside the bundle's files is looked up inside it", () => {
    const olddir = path.join(root, outside, 'old'); // what the analysis stage makes of `olddir /…/old`
    expect(findSiblings(path.join(root, 'var/log/httpd/error_log'), [olddir], rootedFs(root))).toContain(
      path.join(olddir, 'error_log.3'),
    );
    const specs = resolveInputs([path.join(root, 'var/log/httpd/error_log')], {
      rotated: true,
      olddirs: [olddir],
      fs: rootedFs(root),
    });
    const old = specs.find((s) => s.display.endsWith('error_log.3'));
    expect(fs.readFileSync(old!.source!.path!, 'utf8')).toBe('decoy');
  });
  it('worker threads (byte ranges of a big file) are given the resolved path inside the bundle', async () => {
    const link = path.join(scratch, 'bundle/var/log/big_error_log');
    fs.symlinkSync(path.join(outside, 'big/error_log'), link);
    const specs = resolveInputs([link], { rotated: false, fs: rootedFs(root) });
    const parsed = await readLogs(specs, { zone: 'UTC', workers: 2, parallelThreshold: 0, splitThreshold: 0 });
    expect(parsed.inputs[0]).toMatchObject({ lines: 4 }); // the secret has one
  });
});
