// The renderers on the output of the real pipeline: the reproduction logs (samples/README.md)
// through the inputs stage, the Apache config reader and the diagnosis stage (src/diagnose).
// Asserts what the renderers owe any diagnosis — verdict first, every evidence sentence, the
// snippet verbatim, valid markdown — not which verdict the diagnosis reaches (tested there).
import { buildReport } from '../../src/analyse/report.js';
import { findingWords } from '../../src/report/digest.js';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readApacheConfig } from '../../src/apacheconf/index.js';
import { diagnose } from '../../src/diagnose/index.js';
import type { Report } from '../../src/model.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderText } from '../../src/report/text.js';
import { ROTATION_OFF_DIR, SAMPLE_DIR, ZONE, parseStage } from './sample.js';

async function pipeline(dir: string): Promise<Report> {
  const report = await parseStage(dir);
  const apache = readApacheConfig(path.join(dir, 'httpd.conf'));
  const parsed = {
    inputs: report.inputs,
    events: report.events,
    related: report.related,
    restarts: report.restarts,
    banners: report.banners,
    untimed: [],
    window: report.window,
  };
  const d = diagnose({ parsed, rotations: [], apache, logrotate: null, zone: ZONE });
  return buildReport({ parsed, zone: ZONE, apacheConfig: apache, diagnosis: d });
}

describe.each([
  ['daily-rotation-prefork', SAMPLE_DIR],
  ['rotation-off-prefork', ROTATION_OFF_DIR],
])('%s through the real diagnosis', (_name, dir) => {
  it('text: verdict first, all evidence, every snippet line, a strip row per day', async () => {
    const r = await pipeline(dir);
    const t = renderText(r, { color: false });
    const lines = t.split('\n');
    expect(lines[0]!.startsWith(`Verdict: ${r.verdict}`)).toBe(true);
    for (const f of r.findings ?? []) {
      // Prose bullets are wrapped at 100 columns with a 6-space hanging indent.
      const unwrapped = t.replace(/\n {6}(?=\S)/g, ' ');
      for (const e of findingWords(f, r.timezone).evidence)
        expect(unwrapped).toContain(`    - ${e.replace(/\s+/g, ' ')}`);
      // code lines verbatim; comment lines re-wrapped to the width, word for word
      for (const l of findingWords(f, r.timezone).snippet?.split('\n') ?? [])
        if (!l.trimStart().startsWith('#')) expect(lines).toContain(`    ${l}`);
    }
    const snippets = (r.findings ?? []).map((f) => findingWords(f, r.timezone).snippet ?? '').join('\n');
    expect(commentWords(lines.filter((l) => /^ {4}#/.test(l)))).toEqual(commentWords(snippets.split('\n')));
    const prose = lines.filter((l) => /^(?: {4}- | {6}\S)/.test(l));
    expect(prose.length).toBeGreaterThan(5);
    for (const l of prose) if (l.slice(6).includes(' ')) expect(l.length).toBeLessThanOrEqual(100);
    const rows = lines.filter((l) => /^\d{4}-\d\d-\d\d \w{3} [·█▒|░]+$/.test(l));
    expect(rows.map((l) => l.slice(0, 10))).toEqual(['2026-11-13', '2026-11-14', '2026-11-15']);
  });

  it.runIf(existsSync('/usr/bin/cmark-gfm'))(
    'markdown: renders, the snippet is a code block, evidence is list items',
    async () => {
      const r = await pipeline(dir);
      const md = renderMarkdown(r);
      const html = spawnSync('/usr/bin/cmark-gfm', ['-e', 'table'], { input: md, encoding: 'utf8' }).stdout;
      for (const f of r.findings ?? []) {
        const snippet = findingWords(f, r.timezone).snippet;
        if (snippet) expect(md).toContain('```apache\n' + snippet + '\n```');
        expect((html.match(/<li>/g) ?? []).length).toBeGreaterThanOrEqual(f.evidence.length);
      }
      expect(html).not.toMatch(
        /<(?!\/?(h[2-4]|p|table|thead|tbody|tr|th|td|ul|ol|li|strong|code|pre|details|summary)\b)[a-z]/,
      );
    },
  );
});

/** The words of a snippet's comment lines, in order (however they are wrapped). */
function commentWords(lines: string[]): string[] {
  return lines
    .filter((l) => /^\s*#/.test(l))
    .flatMap((l) => l.replace(/^\s*# ?/, '').split(/\s+/))
    .filter(Boolean);
}
