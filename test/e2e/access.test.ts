// The access logs the harness keeps beside the error logs (fixtures/real/<scenario>/access/, LogFormat
// combined_D: Debian's "combined" plus %D). Recounted here as `zcat -f access/* | awk '$9 == 503'` would,
// independently of scripts/repro/count.py, and held against the error log of the same run: every failed
// request the clients saw is one access-log line and one error-log line.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, readLogText, recount } from './helpers.js';

interface AccessCounts {
  totals: { lines: number; requests: number; dummy: number; status: Record<string, number> };
  failureEpisodes: { first: string; last: string; status: Record<string, number> }[];
}

const withAccess = fs.existsSync(FIXTURES)
  ? fs
      .readdirSync(FIXTURES)
      .filter((d) => fs.existsSync(path.join(FIXTURES, d, 'access')) && fs.existsSync(path.join(FIXTURES, d, 'logs')))
      .sort()
  : [];

/** awk's $9 (default field splitting) of every line, per status, Apache's internal dummy requests apart. */
function awkStatus(dir: string): { lines: number; dummy: number; status: Record<string, number> } {
  const out = { lines: 0, dummy: 0, status: {} as Record<string, number> };
  for (const name of fs.readdirSync(dir).sort()) {
    for (const line of readLogText(path.join(dir, name)).split('\n')) {
      if (line === '') continue;
      out.lines++;
      if (line.includes('(internal dummy connection)')) {
        out.dummy++;
        continue;
      }
      const f9 = line.trim().split(/\s+/)[8] ?? '';
      out.status[f9] = (out.status[f9] ?? 0) + 1;
    }
  }
  return out;
}

describe('fixtures/real access logs', () => {
  it('the re-captured scenarios keep their access log', () => {
    expect(withAccess).toEqual(
      expect.arrayContaining(['daily-rotation-prefork', 'rotation-off-prefork', 'backlog-overload']),
    );
  });
});

describe.each(withAccess)('%s/access', (name) => {
  const dir = path.join(FIXTURES, name);
  const counts = JSON.parse(fs.readFileSync(path.join(dir, 'counts.json'), 'utf8')) as { access: AccessCounts };
  const awk = awkStatus(path.join(dir, 'access'));

  it('awk over the files gives the counts recorded at capture time', () => {
    const t = counts.access.totals;
    expect({ lines: awk.lines, dummy: awk.dummy, status: awk.status }).toEqual({
      lines: t.lines,
      dummy: t.dummy,
      status: t.status,
    });
    const episodes = counts.access.failureEpisodes.reduce(
      (n, e) => n + Object.values(e.status).reduce((a, b) => a + b, 0),
      0,
    );
    expect(episodes).toBe(Object.entries(t.status).reduce((n, [k, v]) => n + (k.startsWith('5') ? v : 0), 0));
  });

  it('one 503 per connect error, one 500/502 per cut-off response (the same requests in both logs)', () => {
    const e = recount(path.join(dir, 'logs'));
    expect(awk.status['503'] ?? 0).toBe(e.WSGI0116 + e.WSGI0117);
    // 4.9.4 answers "Truncated or oversized response headers" with 500, 6.0.5's WSGI0146 with 502
    expect((awk.status['500'] ?? 0) + (awk.status['502'] ?? 0)).toBe(e.truncatedHeaders);
  });
});
