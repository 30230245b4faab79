// Property: the reader's line kernel (src/inputs/kernel/scan.wat) and the per-line JavaScript
// walk give the same scan (lines, envelope counts, unparsed, first/last, the RFC 3164 years and
// how many stamps were given one, events, markers, unreadable counts and examples) on random
// mixes of envelope lines (made RFC 3164 and RFC 3339 stamps with hosts and tags in and out of
// shape, the envelopes' own samples and the fixtures' syslog lines, mutated, with needles and
// near misses put anywhere), in random chunks, read in the kernel's own buffer
// or through its window.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENVELOPES } from '../../src/inputs/envelopes.js';
import { kernel, READ_SIZE } from '../../src/inputs/kernel/index.js';
import { LineScanner, type ScanResult } from '../../src/inputs/scanner.js';
import { prepareZone } from '../../src/time/index.js';
import { NEEDLES } from '../../src/wsgi/index.js';
import { fixtureTexts, fuzzParams, mutatedLine, TEST_TIMEOUT_MS } from './helpers.js';

const syslog = [...fixtureTexts('real', (f) => /syslog|logger-pipe/.test(f)), ...fixtureTexts('envelopes')]
  .flatMap((t) => t.split('\n'))
  .filter((l) => l.length > 0)
  .slice(0, 400);
const samples = ENVELOPES.flatMap((e) => e.samples.map((s) => s.line));
// near misses: every needle cut by its last byte, and each needle's first bytes alone
const pieces = [...NEEDLES, ...NEEDLES.map((n) => n.slice(0, -1)), ...NEEDLES.map((n) => n.slice(0, 2))];

const rfc3164 = fc
  .record({
    pri: fc.constantFrom('', '<13>', '<1234>', '<>'),
    mon: fc.constantFrom('Jan', 'Aug', 'Dec', 'Sep', 'Mon', 'aug'),
    day: fc.constantFrom(' 1', '17', '31', '1'),
    time: fc.constantFrom('06:25:03', '23:59:59', '06:25:03.123456', 'xx:yy:zz'),
  })
  .map((s) => `${s.pri}${s.mon} ${s.day} ${s.time}`);
// RFC 3339 stamps (RFC 5424, RSYSLOG_FileFormat, journalctl short-iso, docker -t, prefixed, CRI)
const rfc3339 = fc
  .record({
    pri: fc.constantFrom('', '', '<139>1 ', '<1>1', '<13>2 '),
    date: fc.constantFrom('2026-11-17T06:25:03', '2026-11-17 06:25:03', '2026-11-17T06:25'),
    frac: fc.constantFrom('', '.412338', '.412338912', '.'),
    off: fc.constantFrom('', 'Z', '+01:00', '+0100', '-05', '+01', '+0', 'z'),
    after: fc.constantFrom('', '', ' stderr F ', ' stdout P ', ' st', '\t', '[', ' - - '),
  })
  .map((s) => `${s.pri}${s.date}${s.frac}${s.off}${s.after}`);
// well-formed stamps of each envelope the kernel counts (the wide records above rarely make one)
const wellFormed = fc.constantFrom(
  'Aug 17 06:25:03',
  '<13>Aug  1 06:25:03',
  '2026-11-17T06:25:03+0100',
  '2026-11-17T06:25:03.412338+01:00',
  '2026-11-17T05:25:03.412338912Z',
  '2026-11-17T06:25:03',
  '<139>1 2026-11-17T06:25:03.412338+01:00 web02 httpd 812 - -',
  '2025-03-25T03:40:06.000Z\t[Tue Mar 25 03:40:06.014205 2025]',
  '2025-03-25T03:40:06.000Z[Tue Mar 25 03:40:06.014205 2025]',
);
const stamp = fc.oneof({ weight: 2, arbitrary: wellFormed }, rfc3164, rfc3339);
const head = fc.constantFrom(
  ' web01 apache2[812]: ',
  ' web01 [wsgi:error] ',
  ` ${'h'.repeat(300)} apache2: `,
  ` web01 ${'t'.repeat(70)}: `,
  ' web01 apache2:',
  ' web01 apache2:x',
  ' web01 httpd: ',
  ' web01 pp)    [4301]: ',
  ' hostonly',
  ' ',
  '',
);
const body = fc.array(
  fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 12 }), fc.constantFrom(' ', '[wsgi:error] ')),
  {
    maxLength: 6,
  },
);
const madeLine = fc
  .tuple(stamp, head, body, fc.constantFrom('', '', '', '', ' ', '    '))
  .map(([s, h, b, indent]) => `${indent}${s}${h}${b.join('')}`);
const line = fc.oneof(
  { weight: 4, arbitrary: madeLine },
  { weight: 2, arbitrary: mutatedLine(syslog) },
  { weight: 1, arbitrary: mutatedLine(samples) },
);

function scan(text: Buffer, cuts: number[], perLine: boolean, own: boolean): ScanResult {
  const s = new LineScanner('f', 'Europe/Berlin', { perLine, mtime: Date.UTC(2027, 0, 2) });
  const k = kernel();
  let at = 0;
  for (const cut of [...cuts, text.length]) {
    const end = Math.min(Math.max(cut, at), text.length);
    if (end === at) continue;
    if (own) {
      // the reader's case: the bytes in the kernel's own buffer (no copy into its window)
      text.copy(k.mem, 0, at, end);
      s.push(k.mem.subarray(0, READ_SIZE), end - at);
    } else s.push(text.subarray(at, end));
    at = end;
  }
  return s.finish();
}

describe('the line kernel', () => {
  beforeAll(() => prepareZone('Europe/Berlin'));

  it(
    'decides as the per-line walk on random mixes of envelope lines',
    () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(line, fc.constantFrom('\n', '\r\n')), { minLength: 1, maxLength: 60 }),
          fc.array(fc.nat(), { maxLength: 6 }),
          fc.boolean(),
          (lines, cuts, own) => {
            const text = Buffer.from(lines.map(([l, eol]) => l + eol).join(''));
            const at = cuts.map((c) => c % (text.length + 1)).sort((a, b) => a - b);
            expect(scan(text, at, false, own)).toEqual(scan(text, at, true, own));
          },
        ),
        fuzzParams(200),
      );
    },
    TEST_TIMEOUT_MS,
  );
});
