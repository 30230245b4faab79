// Property: the reader's line kernel (src/inputs/kernel/scan.wat) and the per-line JavaScript
// walk give the same scan (lines, envelope counts, unparsed, first/last, the RFC 3164 years and
// how many stamps were given one, events, markers, unreadable counts and examples) on random
// mixes of envelope lines (the envelopes' own samples and the fixtures' syslog lines, mutated,
// with needles and near misses put anywhere), in random chunks, read in the kernel's own buffer
// or through its window.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ENVELOPES } from '../../src/inputs/envelopes.js';
import { kernel, READ_SIZE } from '../../src/inputs/kernel/index.js';
import { LineScanner, type ScanResult } from '../../src/inputs/scanner.js';
import { prepareZone } from '../../src/time/index.js';
import { NEEDLES } from '../../src/wsgi/index.js';
import { fixtureTexts, fuzzParams, mutatedLine, TEST_TIMEOUT_MS } from './helpers.js';

const syslog = fixtureTexts('real', (f) => /syslog|logger-pipe/.test(f))
  .flatMap((t) => t.split('\n'))
  .filter((l) => l.length > 0)
  .slice(0, 400);
const samples = ENVELOPES.flatMap((e) => e.samples.map((s) => s.line));
// near misses: every needle cut by its last byte, and each needle's first bytes alone
const pieces = [...NEEDLES, ...NEEDLES.map((n) => n.slice(0, -1)), ...NEEDLES.map((n) => n.slice(0, 2))];

const stamp = fc
  .record({
    pri: fc.constantFrom('', '<13>', '<1234>', '<>'),
    mon: fc.constantFrom('Jan', 'Aug', 'Dec', 'Sep', 'Mon', 'aug'),
    day: fc.constantFrom(' 1', '17', '31', '1'),
    time: fc.constantFrom('06:25:03', '23:59:59', '06:25:03.123456', 'xx:yy:zz'),
  })
  .map((s) => `${s.pri}${s.mon} ${s.day} ${s.time}`);
const head = fc.constantFrom(' web01 apache2[812]: ', ' web01 httpd: ', ' web01 pp)    [4301]: ', ' hostonly', ' ', '');
const body = fc.array(
  fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 12 }), fc.constantFrom(' ', '[wsgi:error] ')),
  {
    maxLength: 6,
  },
);
const madeLine = fc
  .tuple(stamp, head, body, fc.constantFrom('', ' ', '    '))
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
