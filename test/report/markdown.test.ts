// The markdown postmortem over Reports built from the real reproduction logs (samples/README.md).
// cmark-gfm (installed by scripts/install-test-deps.sh) is the oracle that the output is valid
// CommonMark + GFM tables and renders as intended: tables keep their columns, "<VirtualHost>"
// stays text, the snippet stays a code block.
import { sayCaveat, snippet } from '../../src/report/words/index.js';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/model.js';
import { codeSpan, escapeMarkdown, renderMarkdown } from '../../src/report/markdown.js';
import { findingWords } from '../../src/report/digest.js';
import { parseStage, withDiagnosis, withSchedule } from './sample.js';

const CMARK = '/usr/bin/cmark-gfm';
const haveCmark = existsSync(CMARK);
const toHtml = (md: string): string => {
  const r = spawnSync(CMARK, ['-e', 'table', '--unsafe'], { input: md, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
};

let parsed: Report;
let diagnosed: Report;
beforeAll(async () => {
  parsed = await parseStage();
  diagnosed = withDiagnosis(withSchedule(parsed));
});

/** Markdown tables as arrays of cell counts, to check every row has the header's width. */
function tableShapes(md: string): number[][] {
  const shapes: number[][] = [];
  let cur: number[] | null = null;
  for (const line of md.split('\n')) {
    if (line.startsWith('|')) {
      const cells = line.replace(/\\\|/g, '').split('|').length - 2;
      (cur ??= []).push(cells);
    } else if (cur) {
      shapes.push(cur);
      cur = null;
    }
  }
  return shapes;
}

describe('postmortem (diagnosis present)', () => {
  it('has the sections in postmortem order', () => {
    const md = renderMarkdown(diagnosed);
    const heads = md.split('\n').filter((l) => /^#{2,3} /.test(l));
    expect(heads).toEqual([
      '## Postmortem: mod_wsgi daemon connect errors (rotation-restart)',
      '### Summary',
      '### Impact',
      '### Timeline (Europe/Berlin)',
      '### Root cause',
      '### Fix',
      '### Caveats',
      '### Verification',
    ]);
  });

  it('impact in errors and affected minutes, from the real events', () => {
    const md = renderMarkdown(diagnosed);
    expect(md).toContain('| Connect errors (each one an HTTP 503 to a client) | 8 |');
    expect(md).toContain('| Affected minutes | 2 |');
    expect(md).toContain('| Days with errors | 2 of 3 |');
    expect(md).toContain('| MPM (restart markers) | prefork (7 markers) |');
  });

  it('timeline: rotations, restarts and bursts in time order', () => {
    const md = renderMarkdown(diagnosed);
    const rows = md.split('\n').filter((l) => /^\| 2026-/.test(l));
    expect(rows.map((r) => r.split(' | ')[1])).toEqual([
      'logrotate run (schedule `25 6 * * *`, until 06:25:01)',
      'Apache graceful restart (prefork)',
      '**Burst #1**: 4 errors in 18 ms',
      'logrotate run (schedule `25 6 * * *`, until 06:25:01)',
      'Apache graceful restart (prefork)',
      '**Burst #2**: 4 errors in 5 ms',
      'Apache stop (prefork)',
    ]);
  });

  it('the snippet verbatim in a fenced block, evidence and caveats as list items', () => {
    const md = renderMarkdown(diagnosed);
    expect(md).toContain('```apache\n' + snippet(diagnosed.findings[0]!.recommendation!) + '\n```');
    const w = findingWords(diagnosed.findings[0]!, diagnosed.timezone);
    for (const e of w.evidence) expect(md).toContain(`- ${escapeMarkdown(e)}`);
    for (const c of w.caveats) expect(md).toContain(`- ${escapeMarkdown(c)}`);
  });

  it.runIf(haveCmark)(
    'renders as intended: every table row has the header width, <VirtualHost> stays text, the snippet is one code block',
    () => {
      const md = renderMarkdown(diagnosed);
      for (const t of tableShapes(md)) expect(new Set(t).size).toBe(1);
      const html = toHtml(md);
      const first = snippet(diagnosed.findings[0]!.recommendation!).split('\n')[0]!;
      expect(first).toContain('<VirtualHost>');
      expect(html).toContain(`<code class="language-apache">${first.replace(/</g, '&lt;').replace(/>/g, '&gt;')}\n`);
      // evidence that names <prefix>.<ppid>… paths stays text
      expect(html).toContain('&lt;prefix&gt;.&lt;ppid&gt;');
      expect((html.match(/<table>/g) ?? []).length).toBe(5); // impact, timeline, and in the details: counts, inputs, config
      const timeline = html.split('<table>')[2]!;
      expect((timeline.match(/<tr>/g) ?? []).length).toBe(8); // header + 7 rows
      expect(timeline).toContain('<td><strong>Burst #1</strong>: 4 errors in 18 ms</td>');
    },
  );
});

describe('several findings', () => {
  it.runIf(haveCmark)(
    'each finding is an item of an ordered list with its evidence nested; each fix its own block',
    () => {
      const overload: Finding = {
        kind: 'backlog-overload',
        confidence: 0.6,
        bursts: [1],
        evidence: [
          { code: 'backlog-errnos', args: { bursts: 1, errors: 12, eagain: 12, refused: 0 } },
          { code: 'config-problem', args: { problem: '- a sentence that starts with a dash' } },
        ],
        explains: { errors: 1, bursts: 1 },
        role: 'secondary',
        recommendation: {
          code: 'daemon-capacity',
          args: { daemonLine: 'WSGIDaemonProcess app processes=2 threads=15 listen-backlog=500', origin: null },
          directive: 'listen-backlog=500',
          context: 'WSGIDaemonProcess app',
          caveats: [{ code: 'memory-per-process', args: {} }],
          verify: [],
        },
      };
      const md = renderMarkdown({ ...diagnosed, findings: [diagnosed.findings![0]!, overload] });
      const html = toHtml(md);
      const rootCause = html.split('<h3>Root cause</h3>')[1]!.split('<h3>')[0]!;
      expect(rootCause.match(/<ol>[\s\S]*<\/ol>/)?.[0].match(/<li>\n<p><strong>/g)).toHaveLength(2);
      expect(rootCause).toContain('<li>- a sentence that starts with a dash</li>');
      expect(html.match(/<pre><code class="language-apache">/g)).toHaveLength(2);
      expect(html).toContain(`<li>${sayCaveat({ code: 'memory-per-process', args: {} }, { zone: 'UTC' })}</li>`);
    },
  );
});

describe('parse stage only', () => {
  it('a log summary without conclusions', () => {
    const md = renderMarkdown(parsed);
    expect(md.split('\n')[0]).toBe('## Postmortem: mod_wsgi daemon connect errors (inconclusive)');
    expect(md).toContain('| Connect errors (each one an HTTP 503 to a client) | 8 |');
    expect(md).toContain('| errno | (2) No such file or directory | 8 |');
    expect(md).not.toMatch(/Root cause|### Fix/);
  });

  it.runIf(haveCmark)('inputs table keeps 5 columns per row in the rendered HTML', () => {
    const html = toHtml(renderMarkdown(parsed));
    const inputs = html
      .split('<table>')
      .find((t) => t.includes('<th align="right">Lines</th>'))!
      .split('</table>')[0]!;
    const rows = inputs.split('<tr>').slice(1);
    expect(rows).toHaveLength(4);
    for (const r of rows) expect((r.match(/<t[hd]/g) ?? []).length).toBe(5);
  });
});

describe('escaping', () => {
  it.each([
    ['<VirtualHost *:80>', '\\<VirtualHost \\*:80\\>'],
    ['a|b', 'a\\|b'],
    ['error_log.1', 'error\\_log.1'],
    ['- starts like a list', '\\- starts like a list'],
    ['1. starts like a list', '1\\. starts like a list'],
    ['[link](x)', '\\[link\\](x)'],
    ['two\nlines', 'two lines'],
  ])('%j → %j', (input, out) => expect(escapeMarkdown(input)).toBe(out));

  it('code spans outlast backticks inside them', () => {
    expect(codeSpan('a`b')).toBe('``a`b``');
    expect(codeSpan('`x`')).toBe('`` `x` ``');
  });

  it.runIf(haveCmark)('hostile text from a log or config renders literally, in tables too', () => {
    const nasty = 'WSGIDaemonProcess a|b <script>alert(1)</script> *x* _y_ `z` [q](http://e) # h';
    const r: Report = {
      ...diagnosed,
      inputs: [{ ...diagnosed.inputs[0]!, path: '/var/log/weird|name_`x`.log', error: nasty }],
      findings: [{ ...diagnosed.findings[0]!, evidence: [{ code: 'config-problem', args: { problem: nasty } }] }],
    };
    const md = renderMarkdown(r);
    for (const t of tableShapes(md)) expect(new Set(t).size).toBe(1);
    const html = toHtml(md);
    expect(html).not.toContain('<script>');
    expect(html).not.toMatch(/<em>|<a href/);
    expect(html).toContain(
      '<li>WSGIDaemonProcess a|b &lt;script&gt;alert(1)&lt;/script&gt; *x* _y_ `z` [q](http://e) # h</li>',
    );
    expect(html).toContain('<code>/var/log/weird|name_`x`.log</code>');
  });
});
