// Control characters from the inputs (ESC, BEL, C1, bidi overrides) in log-derived values — group
// names, socket and file paths, warnings, config values — never reach the output raw, in any
// human-readable format, with colour on or off. The renderers escape them themselves (the CLI's
// safety net is off when colour is on).
import { beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/model.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { terminalSafeReport } from '../../src/report/terminal.js';
import { renderText } from '../../src/report/text.js';
import { parseStage, withDiagnosis, withSchedule } from './sample.js';
import { ConnectErrors } from '../../src/events.js';

// OSC window title + BEL, clear screen, an SGR colour (fakes a green verdict), C1 CSI, bidi override.
const PAYLOADS = ['\x1b]0;pwned\x07', '\x1b[2J', '\x1b[32mno-errors\x1b[0m', '\x9b31m', '\u202eevil\u202c', '\x07'];
const RAW = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const SGR = /\x1b\[[0-9;]*m/g;

let hostile: Report;
let base: Report;
beforeAll(async () => {
  const r = withDiagnosis(withSchedule(await parseStage()));
  base = r;
  const p = (i: number): string => PAYLOADS[i % PAYLOADS.length]!;
  hostile = {
    ...r,
    events: ConnectErrors.from(
      r.events.map((e, i) => ({
        ...e,
        group: `app${p(i)}`,
        socket: `/run/wsgi${p(i + 1)}.sock`,
        file: `log${p(i + 2)}`,
      })),
    ),
    bursts: r.bursts.map((b, i) => ({ ...b, groups: [`app${p(i)}`] })),
    inputs: r.inputs.map((x, i) => ({ ...x, path: `logs/error${p(i + 3)}.log` })),
    restarts: r.restarts.map((x, i) => ({ ...x, file: `logs/error${p(i + 4)}.log` })),
    warnings: [...r.warnings, ...PAYLOADS.map((x) => `warning ${x}`)],
    apacheConfig: r.apacheConfig && {
      ...r.apacheConfig,
      daemons: r.apacheConfig.daemons.map((d) => ({ ...d, name: `app${p(0)}`, options: { [`opt${p(1)}`]: p(2) } })),
    },
  };
});

describe('terminal safety of the renderers', () => {
  it('the payloads are really in the report (the test can fail)', () => {
    expect(JSON.stringify(hostile)).toMatch(/\\u001b\]0;pwned\\u0007/);
  });

  it('text without colour: no control character at all; each payload shown escaped', () => {
    const t = renderText(hostile, { color: false });
    expect(t).not.toMatch(RAW);
    expect(t).not.toContain('\x1b');
    expect(t).toContain('\\x1b]0;pwned\\x07');
    expect(t).toContain('\\u202eevil\\u202c');
    expect(t).toContain('\\x9b31m');
  });

  it("text with colour: the only escapes are the renderer's own colours", () => {
    const plain = renderText(hostile, { color: false });
    const colour = renderText(hostile, { color: true });
    expect(colour).toMatch(SGR);
    // strip the renderer's SGR sequences: exactly the plain report remains, with nothing raw
    expect(colour.replace(SGR, '')).toBe(plain);
    expect(colour.replace(SGR, '')).not.toMatch(RAW);
  });

  it('markdown and HTML: no control character, payloads escaped', () => {
    const md = renderMarkdown(hostile);
    const html = renderHtml(hostile);
    for (const out of [md, html]) expect(out).not.toMatch(RAW);
    // markdown backslash-escapes the escape's own punctuation: it renders as \x1b]0;pwned\x07
    expect(md).toContain('\\\\x1b\\]0;pwned\\\\x07');
    expect(html).toContain('\\x1b]0;pwned\\x07');
  });

  it('terminalSafeReport keeps a clean report as it is (same objects) and escapes keys too', () => {
    expect(terminalSafeReport(base)).toBe(base);
    const clean = { a: ['x', { b: 1 }] };
    expect(terminalSafeReport(clean)).toBe(clean);
    expect(terminalSafeReport({ ['k\x1b']: ['v\u202e'] })).toEqual({ 'k\\x1b': ['v\\u202e'] });
  });
});
