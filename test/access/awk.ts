// The oracle for the impact counts: real awk over the access-log lines (combined-style: $4 $5 is
// the CLF time, $9 the status), counting the lines per status whose CLF time lies in a window.
// awk turns "[17/Nov/2026:06:25:02 +0100]" into epoch seconds itself (days-from-civil), so the
// only thing shared with the code under test is the window.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';

export const AWK = ['/usr/bin/awk', '/bin/awk'].find((p) => fs.existsSync(p)) ?? null;

const PROGRAM = String.raw`
function days(y, m, d) { if (m <= 2) { y--; m += 12 }; return 365*y + int(y/4) - int(y/100) + int(y/400) + int((153*(m-3)+2)/5) + d }
BEGIN { split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", names, " "); for (i = 1; i <= 12; i++) mon[names[i]] = i; epoch = days(1970, 1, 1) }
/internal dummy connection/ { next }
{
  s = $4; sub(/^\[/, "", s); split(s, a, /[\/:]/)
  off = $5; sub(/\]$/, "", off)
  sign = substr(off, 1, 1) == "-" ? -1 : 1
  t = (days(a[3] + 0, mon[a[2]], a[1] + 0) - epoch) * 86400 + a[4]*3600 + a[5]*60 + a[6] - sign * (substr(off, 2, 2)*3600 + substr(off, 4, 2)*60)
  ms = t * 1000
  if (ms >= from && ms <= to) { n++; c[$9]++ }
}
END { printf "requests %d\n503 %d\n500 %d\n", n, c["503"], c["500"] }`;

/** Counts per window: requests (dummy connections excluded), 503s and 500s, from `zcat -f files | awk`. */
export function awkCounts(
  files: string[],
  window: { start: number; end: number },
): { requests: number; status503: number; status500: number } {
  if (AWK === null) throw new Error('awk is not installed');
  const cat = spawnSync('zcat', ['-f', ...files], { maxBuffer: 1 << 30 });
  if (cat.status !== 0) throw new Error(`zcat failed: ${cat.stderr.toString()}`);
  const r = spawnSync(AWK, ['-v', `from=${window.start}`, '-v', `to=${window.end}`, PROGRAM], {
    input: cat.stdout,
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`awk failed: ${r.stderr}`);
  const get = (k: string) => Number(new RegExp(`^${k} (\\d+)$`, 'm').exec(r.stdout)![1]);
  return { requests: get('requests'), status503: get('503'), status500: get('500') };
}
