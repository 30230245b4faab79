// -o and standard output as shell redirection would treat them (issue 14): a regular file replaced
// atomically with its mode kept, a symlink followed, a FIFO or device written directly, and write
// errors as one line with exit 2 — never a stack trace; a reader that goes away ends quietly.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { BIN, FIXTURES, REPO } from '../e2e/helpers.js';

const LOGS = path.join(FIXTURES, 'daily-rotation-prefork', 'logs');
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wld-out-'));
});

function run(args: string[], shell?: string) {
  if (shell !== undefined)
    return spawnSync('bash', ['-c', shell], {
      cwd: REPO,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, BIN },
    });
  return spawnSync(process.execPath, [BIN, LOGS, '-q', '--tz', 'UTC', ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

describe('-o, --output', () => {
  it('replaces a regular file atomically and keeps its mode', () => {
    const f = path.join(dir, 'report.txt');
    fs.writeFileSync(f, 'old\n');
    fs.chmodSync(f, 0o640);
    const r = run(['-o', 'report.txt', '--format', 'json']);
    expect(r.status).toBe(1);
    const counts = JSON.parse(fs.readFileSync(path.join(LOGS, '..', 'counts.json'), 'utf8'));
    expect(JSON.parse(fs.readFileSync(f, 'utf8')).summary.WSGI0117).toBe(counts.totals.WSGI0117);
    expect(fs.statSync(f).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(dir)).toEqual(['report.txt']); // no temp file left
  });

  it('follows a symlink: the target is written, the link stays', () => {
    fs.mkdirSync(path.join(dir, 'real'));
    fs.writeFileSync(path.join(dir, 'real', 't.json'), 'old');
    fs.symlinkSync('real/t.json', path.join(dir, 'link.json'));
    expect(run(['-o', 'link.json', '--format', 'json']).status).toBe(1);
    expect(fs.lstatSync(path.join(dir, 'link.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'real', 't.json'), 'utf8')).verdict).toBe('rotation-restart');
  });

  it('creates the target of a dangling symlink, as > does', () => {
    fs.symlinkSync('new.json', path.join(dir, 'dangling.json'));
    expect(run(['-o', 'dangling.json', '--format', 'json']).status).toBe(1);
    expect(fs.lstatSync(path.join(dir, 'dangling.json')).isSymbolicLink()).toBe(true);
    expect(fs.statSync(path.join(dir, 'new.json')).isFile()).toBe(true);
  });

  it('writes into a FIFO directly and leaves it a FIFO', () => {
    const fifo = path.join(dir, 'pipe');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const r = run(
      [],
      `cat ${fifo} > ${dir}/got & node "$BIN" ${LOGS} -q -o ${fifo} --format json; rc=$?; wait; exit $rc`,
    );
    expect(r.status).toBe(1);
    expect(fs.lstatSync(fifo).isFIFO()).toBe(true);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'got'), 'utf8')).verdict).toBe('rotation-restart');
  });

  it('a device that fails the write: one line, exit 2, the device untouched', () => {
    const r = run(['-o', '/dev/full']);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('ENOSPC');
    expect(fs.statSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('a missing directory or a directory as target: one line, exit 2, nothing written', () => {
    for (const target of [path.join(dir, 'nope', 'r.txt'), dir]) {
      const r = run(['-o', target]);
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('standard output', () => {
  it('a reader that goes away ends the output quietly (no EPIPE stack trace)', () => {
    const r = run([], `node "$BIN" ${LOGS} -q --format html | head -c 10 >/dev/null; echo "rc=\${PIPESTATUS[0]}" >&2`);
    expect(r.stderr).not.toMatch(/EPIPE|Error|\n\s+at /);
    expect(r.stderr).toMatch(/rc=1/);
  });

  it('a full disk on standard output: one line, exit 2', () => {
    const r = run([], `node "$BIN" ${LOGS} -q > /dev/full`);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('ENOSPC');
  });
});
