// The diagnosis on the three host bundles (fixtures/bundles/: a sosreport, a Debian root, a SUSE
// supportconfig), through the whole pipeline as `--root` runs it (discovery, logs, logrotate
// stanza, schedule, state file, Apache config). Each bundle's README says what it holds.
import { codes, ev, missing } from './facts.js';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { analyse } from '../../src/analyse/index.js';

const ROOT = path.resolve(import.meta.dirname, '../../fixtures/bundles');

function run(bundle: string) {
  return analyse({
    logs: [],
    root: path.join(ROOT, bundle),
    logrotate: [],
    schedule: [],
    cron: [],
    timer: [],
    rotated: true,
    stdin: Readable.from([]),
    now: Date.UTC(2026, 10, 23, 9, 0, 0),
  });
}

describe('sosreport-rhel9-web01', () => {
  // One weekly rotation (state file: 03:30:02), the graceful notice in the uncollected
  // error_log-20261122, 6 ENOENT on wsgi.28402.19.24.sock 1.3 s after parent 28402's
  // "configured" line, mod_wsgi 4.7.1, event MPM: the textbook case, seen once in 16 s of log.
  it('is rotation-restart at moderate confidence, resting on direct evidence, with the one-occurrence caveat', async () => {
    const r = await run('sosreport-rhel9-web01');
    expect(r.verdict).toBe('rotation-restart');
    const f = r.findings![0]!;
    expect(f.confidence).toBeGreaterThanOrEqual(0.55);
    expect(f.confidence).toBeLessThanOrEqual(0.7);
    expect(r.bursts![0]!.cause).toMatchObject({ kind: 'graceful-restart', lagSeconds: 1.3 });
    expect(ev(f, 'timing-undecidable-direct')).toMatchObject({
      parents: [28402],
      generations: [19],
      priorRestarts: 19,
    });
    expect(ev(f, 'restarts-in-rotation')).toMatchObject({ likelihood: 'certain' });
    expect(ev(f, 'restarts-in-rotation')!.reason).toMatch(/^state file \S+logrotate\.status:3 /);
    expect(f.recommendation!.directive).toBe('WSGISocketRotation Off');
    expect(f.recommendation!.caveats[0]).toMatchObject({ args: { version: '4.7.1' } });
    expect(f.recommendation!.caveats[1]).toMatchObject({ code: 'few-occurrences', args: { occurrences: 1 } });
    expect(Math.round(missing(r, 'short-log')!.spanMs / 1000)).toBe(16);
  });
});

describe('debian12-host', () => {
  // One ENOENT line (copied into three files) on generation 0 of parent 22506 at 2016-03-20
  // 03:39:40: no restart and no logrotate window near it, so nothing names a cause.
  it('stays inconclusive, never Off, and asks only for what the bundle lacks', async () => {
    const r = await run('debian12-host');
    expect(r.verdict).toBe('inconclusive');
    expect(r.findings!.some((f) => f.recommendation?.directive === 'WSGISocketRotation Off')).toBe(false);
    const caveats = codes(r.findings[0]!.recommendation!.caveats);
    // the bundle has the Apache config and the logrotate stanza
    expect(caveats).not.toContain('collect-apache-config');
    expect(caveats).not.toContain('collect-logrotate');
    expect(caveats).toContain('collect-main-log');
    // and says how far the burst is from the run before it
    const near = ev(r.findings[0]!, 'nearest-trigger')!;
    expect(near).toMatchObject({ burst: 0, windowSeconds: 10 });
    expect(near.before).not.toBeNull();
    expect(near.gapMs).toBeGreaterThan(3_600_000);
    // the description names no mod_wsgi: that is what is said, not "no banner"
    expect(missing(r, 'mod-wsgi-version-unknown')!.basis).toMatchObject({ description: 'Apache/2.4.16 (Ubuntu)' });
    // error.log, .1 and .2.gz were read: not "include the rotated siblings"
    expect(missing(r, 'no-restart-notices-in-siblings')).toEqual({ files: 5 });
  });
});

describe('scc_web02_261123_0914 (supportconfig)', () => {
  it('has no connect errors (a graceful restart and its banner only)', async () => {
    const r = await run('scc_web02_261123_0914');
    expect(r.verdict).toBe('no-errors');
    expect(r.findings).toEqual([]);
  });
});
