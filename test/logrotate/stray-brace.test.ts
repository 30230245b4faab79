// A stray } in a logrotate file (issue 14): logrotate 3.21 prints "error: FILE:LINE unexpected }",
// ignores the rest of that file and still applies the stanzas read before it (and the other
// files). Ours: a warning naming file:line, the same stanzas; checked against `logrotate -d`
// where it is installed (scripts/install-test-deps.sh; required in CI), and on the built CLI.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLogrotateConfig } from '../../src/logrotate/index.js';

const LOGROTATE = ['/usr/sbin/logrotate', '/sbin/logrotate'].find((p) => fs.existsSync(p)) ?? null;
const inCI = process.env.CI === 'true';
if (!LOGROTATE && !inCI)
  console.warn('stray-brace.test.ts: `logrotate` is not installed; skipping the logrotate -d comparison');
const withOracle = LOGROTATE || inCI ? it : it.skip;

const repo = path.resolve(import.meta.dirname, '../..');
let tmp: string;
let main: string;
beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lr-brace-'));
  fs.mkdirSync(path.join(tmp, 'logs'));
  fs.mkdirSync(path.join(tmp, 'd'));
  for (const n of ['a.log', 'b.log', 'c.log']) fs.writeFileSync(path.join(tmp, 'logs', n), 'a line\n');
  // synthetic: one stanza, the stray }, one more stanza (never read), then another file
  fs.writeFileSync(
    path.join(tmp, 'd', 'one'),
    `${tmp}/logs/a.log {\n    daily\n    rotate 3\n}\n}\n${tmp}/logs/b.log {\n    weekly\n}\n`,
  );
  main = path.join(tmp, 'logrotate.conf');
  fs.writeFileSync(main, `include ${tmp}/d\n${tmp}/logs/c.log {\n    monthly\n}\n`);
});
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('a stray } in a logrotate file', () => {
  it('is a warning naming file:line; the stanzas before it and the other files apply', () => {
    const cfg = loadLogrotateConfig([main]);
    expect(cfg.stanzas.map((s) => s.patterns).flat()).toEqual([`${tmp}/logs/a.log`, `${tmp}/logs/c.log`]);
    const w = cfg.warnings.filter((x) => /unexpected }/.test(x.message));
    expect(w.map((x) => [path.basename(x.file), x.line])).toEqual([['one', 5]]);
  });

  withOracle('logrotate -d reports the same line and considers the same logs', () => {
    const r = spawnSync(LOGROTATE ?? 'logrotate', ['-d', '-s', path.join(tmp, 'state'), main], { encoding: 'utf8' });
    const out = (r.stdout ?? '') + (r.stderr ?? '');
    expect(out).toMatch(/error: one:5 unexpected }/);
    const considered = [...out.matchAll(/^considering log (\S+)/gm)].map((m) => m[1]);
    const cfg = loadLogrotateConfig([main]);
    expect(considered).toEqual(cfg.stanzas.flatMap((s) => s.patterns));
  });

  it('on the built CLI: not exit 2; the report keeps the stanza and warns with file:line', () => {
    const log = path.join(tmp, 'logs', 'a.log');
    fs.writeFileSync(
      log,
      '[Tue Nov 17 06:25:01.300000 2026] [mpm_event:notice] [pid 1200:tid 1200] AH00489: Apache/2.4.62 (Debian) configured -- resuming normal operations\n',
    );
    const r = spawnSync(
      process.execPath,
      [path.join(repo, 'bin', 'wsgi-logdoctor'), log, '--logrotate', main, '--format', 'json', '--no-progress'],
      { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } },
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(`${path.join(tmp, 'd', 'one')}:5: `);
    const j = JSON.parse(r.stdout) as { schedule: { logrotate: { origin: string } | null } };
    expect(j.schedule.logrotate?.origin).toBe(`${path.join(tmp, 'd', 'one')}:1`);
  });
});
